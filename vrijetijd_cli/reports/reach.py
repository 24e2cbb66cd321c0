"""Bereik: who the network reached in a year, and who was new.

Reached = any referral, a status overlapping the year, a voucher issued or a participation in
the year. The set is built once per year in a temporary table (one row per person) with the
flags took_part and is_new, the grounds and domains as bit masks and the person's household,
postcode and birth year; every breakdown is then one scan of it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from vrijetijd_cli.config import Config
from vrijetijd_cli.reports import Period, one, rows

AGE_BANDS = ("0-11", "12-17", "18-25", "26-64", "65+")
POSTCODE_TOP = 10

_AGE_SQL = """CASE
    WHEN born IS NULL THEN 'unknown'
    WHEN :year - born < 12 THEN '0-11'
    WHEN :year - born < 18 THEN '12-17'
    WHEN :year - born < 26 THEN '18-25'
    WHEN :year - born < 65 THEN '26-64'
    ELSE '65+' END"""

# counts per group over the reached set
_COUNTS = """COUNT(*) AS participants,
    COALESCE(SUM(is_new), 0) AS new_participants,
    COALESCE(SUM(took_part), 0) AS took_part,
    COALESCE(SUM(household_size), 0) AS household_members"""
_KEYS = ("participants", "new_participants", "took_part", "household_members")


@dataclass(frozen=True)
class Reached:
    """The temporary table of one year's reach and what its bit masks mean."""

    people: str  # participant_id, took_part, is_new, grounds, domains, household_size, postcode, born
    grounds: tuple[str, ...]  # bit i of `grounds`: a status or referral of this ground in the year
    domains: tuple[str, ...]  # bit i of `domains`: took part in this config domain; the next bit: another


@contextmanager
def reached(conn: sqlite3.Connection, config: Config, p: Period, details: bool = True) -> Iterator[Reached]:
    """Build the year's temporary table of reached people, dropped afterwards.

    One pass over the year's rows of person_years (kept by triggers, schema_summaries.py) with
    the person's details beside it: each breakdown is then one scan of this narrow table. The
    grounds and domains of a person are bit masks: distinct powers of two add up to their OR.
    `details=False` leaves them out (enough for the previous year's key figures).
    """
    grounds = tuple(r[0] for r in conn.execute("SELECT code FROM grounds ORDER BY code")) if details else ()
    tables = Reached(f"temp.reach_{p.year}", grounds, tuple(config.domains) if details else ())
    conn.execute(f"DROP TABLE IF EXISTS {tables.people}")
    conn.execute(f"CREATE TABLE {tables.people} (participant_id INTEGER PRIMARY KEY, took_part INTEGER NOT NULL,"
                 " is_new INTEGER NOT NULL, grounds INTEGER NOT NULL, domains INTEGER NOT NULL,"
                 " household_size INTEGER, postcode TEXT, born INTEGER)")
    params: list = [p.year]
    masks = "0, 0"
    if details:
        ground_cases = " ".join(f"WHEN ? THEN {1 << i}" for i in range(len(grounds)))
        domain_cases = " ".join(f"WHEN ? THEN {1 << i}" for i in range(len(tables.domains)))
        masks = (f"COALESCE((SELECT SUM(CASE g.ground_code {ground_cases} ELSE 0 END) FROM person_year_grounds g"
                 "  WHERE g.year = y.year AND g.participant_id = y.participant_id), 0),"
                 f" COALESCE((SELECT SUM(CASE d.domain {domain_cases} ELSE {1 << len(tables.domains)} END)"
                 "  FROM person_year_domains d WHERE d.year = y.year AND d.participant_id = y.participant_id), 0)")
        params = [*grounds, *tables.domains, p.year]
    # new: nothing of the person (participation, referral, status, voucher) in an earlier year
    conn.execute(
        f"INSERT INTO {tables.people} SELECT y.participant_id, y.participations > 0,"
        " NOT EXISTS (SELECT 1 FROM person_years e WHERE e.participant_id = y.participant_id AND e.year < y.year),"
        f" {masks}, pa.household_size, pa.postcode,"
        " COALESCE(pa.birth_year, CAST(substr(pa.birth_date, 1, 4) AS INTEGER))"
        " FROM person_years y JOIN participants pa ON pa.id = y.participant_id WHERE y.year = ?", params)
    try:
        yield tables
    finally:
        conn.execute(f"DROP TABLE IF EXISTS {tables.people}")


def by_domain(conn: sqlite3.Connection, config: Config, tables: Reached) -> list[dict]:
    """People who took part in at least one activity of each domain."""
    bits = len(tables.domains) + 1
    sums = one(conn, "SELECT " + ", ".join(f"COALESCE(SUM(domains >> {i} & 1), 0) AS d{i}" for i in range(bits))
               + f" FROM {tables.people}")
    result = [{"key": code, "label": config.label(config.domains, code), "participants": sums[f"d{i}"]}
              for i, code in enumerate(tables.domains)]
    if sums[f"d{len(tables.domains)}"]:
        result.append({"key": "other", "label": None, "participants": sums[f"d{len(tables.domains)}"]})
    return result


def summary(conn: sqlite3.Connection, people: str) -> dict:
    """participants, new_participants, took_part, household_members of the reached set."""
    return one(conn, f"SELECT {_COUNTS} FROM {people}")


def grouped(conn: sqlite3.Connection, config: Config, p: Period, tables: Reached, by: str) -> list[dict]:
    """The reached people per ground, age band or postcode, with the same four counts."""
    if by == "ground":
        return _by_ground(conn, config, tables)
    if by == "age":
        return _by_age(conn, p, tables.people)
    return _by_postcode(conn, config, tables.people)


def _by_ground(conn: sqlite3.Connection, config: Config, tables: Reached) -> list[dict]:
    # the four counts of every ground in one scan: bit i of `grounds` times each column
    columns = []
    for i in range(len(tables.grounds)):
        bit = f"(grounds >> {i} & 1)"
        columns += [f"COALESCE(SUM({bit}), 0)", f"COALESCE(SUM({bit} * is_new), 0)",
                    f"COALESCE(SUM({bit} * took_part), 0)", f"COALESCE(SUM({bit} * household_size), 0)"]
    columns += [f"COALESCE(SUM({c}), 0)" for c in ("grounds = 0", "(grounds = 0) * is_new",
                                                     "(grounds = 0) * took_part", "(grounds = 0) * household_size")]
    sums = list(conn.execute(f"SELECT {', '.join(columns)} FROM {tables.people}").fetchone())
    labels = {r[0]: (r[2] if config.language == "en" else r[1])
              for r in conn.execute("SELECT code, label_nl, label_en FROM grounds")}
    found = {code: dict(zip(_KEYS, sums[4 * i:4 * i + 4], strict=True)) for i, code in enumerate(tables.grounds)}
    order = [code for code in config.grounds if code in found]
    order += sorted(code for code in found if code not in config.grounds)
    result = [{"key": code, "label": labels[code], **found[code]} for code in order]
    none = dict(zip(_KEYS, sums[-4:], strict=True))
    if none["participants"]:
        result.append({"key": "none", "label": None, **none})
    return result


def _by_age(conn: sqlite3.Connection, p: Period, people: str) -> list[dict]:
    found = _age_rows(conn, p, people)
    result = []
    for band in AGE_BANDS:
        result.append({"key": band, "label": band, **_counts_of(found.get(band))})
    if "unknown" in found:
        result.append({"key": "unknown", "label": None, **_counts_of(found["unknown"])})
    return result


def _age_rows(conn: sqlite3.Connection, p: Period, people: str) -> dict[str, dict]:
    sql = f"SELECT {_AGE_SQL} AS key, {_COUNTS} FROM {people} GROUP BY key"
    return {r.pop("key"): r for r in rows(conn, sql, {"year": p.year})}


def _counts_of(row: dict | None) -> dict:
    return {k: (row or {}).get(k, 0) for k in _KEYS}


def _by_postcode(conn: sqlite3.Connection, config: Config, people: str) -> list[dict]:
    result = rows(conn, f"""
        SELECT COALESCE(NULLIF(postcode, ''), 'unknown') AS key, {_COUNTS}
        FROM {people} GROUP BY key ORDER BY participants DESC, key""")
    local = set(config.postcodes)
    return [
        {"key": r["key"], "label": None if r["key"] == "unknown" else r["key"],
         "in_municipality": r["key"] in local, **_counts_of(r)}
        for r in result
    ]


def top_postcodes(postcodes: list[dict], limit: int = POSTCODE_TOP) -> list[dict]:
    """The largest postcodes and one 'other' row for the rest (sums of aggregated rows)."""
    if len(postcodes) <= limit + 1:
        return postcodes
    rest = postcodes[limit:]
    other = {"key": "other", "label": None, "in_municipality": False}
    for k in _KEYS:
        other[k] = sum(r[k] for r in rest)
    return postcodes[:limit] + [other]


def municipality_count(conn: sqlite3.Connection, config: Config, people: str) -> int:
    """Reached people living in the municipality (its postcodes from the config)."""
    if not config.postcodes:
        return 0
    marks = ", ".join("?" for _ in config.postcodes)
    return one(conn, f"SELECT COUNT(*) AS n FROM {people} WHERE postcode IN ({marks})",
               list(config.postcodes))["n"]


def section(conn: sqlite3.Connection, config: Config, p: Period, tables: Reached) -> dict:
    """The 'bereik' section of the yearly report."""
    people = tables.people
    return {
        **summary(conn, people),
        "living_in_municipality": municipality_count(conn, config, people),
        "by_ground": grouped(conn, config, p, tables, "ground"),
        "by_age": grouped(conn, config, p, tables, "age"),
        "by_postcode": top_postcodes(grouped(conn, config, p, tables, "postcode")),
        "by_domain": by_domain(conn, config, tables),
    }
