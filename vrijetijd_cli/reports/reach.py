"""Bereik: who the network reached in a year, and who was new.

Reached = any referral, a status overlapping the year, a voucher issued or a participation in
the year. The set is built once per year in a temporary table (one row per person) with the
flags took_part, is_new and grounded; every breakdown is then one GROUP BY over it.
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

# counts per group over the reached set `r` joined to participants `pa`
_COUNTS = """COUNT(r.participant_id) AS participants,
    COALESCE(SUM(r.is_new), 0) AS new_participants,
    COALESCE(SUM(r.took_part), 0) AS took_part,
    COALESCE(SUM(pa.household_size), 0) AS household_members"""


@dataclass(frozen=True)
class Reached:
    """Names of the temporary tables of one year's reach."""

    people: str  # participant_id, took_part, is_new, grounded (has a ground in the year)
    grounds: str  # (ground_code, participant_id) of statuses and referrals in the year
    took: str  # participant_id and a 0/1 column per domain (d0, d1, …, d_other)
    domains: tuple[str, ...]


@contextmanager
def reached(conn: sqlite3.Connection, config: Config, p: Period, details: bool = True) -> Iterator[Reached]:
    """Build the year's temporary tables, dropped afterwards.

    Every source is read through a covering index. The participations are read in person
    order (index on participant_id, date, activity_id), so grouping them per person needs no
    sort: one pass gives who took part and in which domains. `details=False` leaves out the
    grounds and domains (enough for the previous year's key figures).
    """
    tables = Reached(f"temp.reach_{p.year}", f"temp.reach_grounds_{p.year}",
                     f"temp.reach_took_{p.year}", tuple(config.domains))
    span = {"start": p.start, "end": p.end}
    _drop(conn, tables)
    domains = tables.domains if details else ()
    flags = [f"d{i}" for i in range(len(domains))] + ["d_other"]
    conn.execute(f"CREATE TABLE {tables.took} (participant_id INTEGER PRIMARY KEY, "
                 + ", ".join(f"{f} INTEGER NOT NULL" for f in flags) + ")")
    # '+x.date': no date index here, the person-ordered covering index streams the groups
    if details:
        # each activity's domain as a number in a small table: cheaper to look up per row
        # than the activities table itself
        kinds = f"temp.reach_domains_{p.year}"
        conn.execute(f"DROP TABLE IF EXISTS {kinds}")
        conn.execute(f"CREATE TABLE {kinds} (activity_id INTEGER PRIMARY KEY, domain INTEGER NOT NULL)")
        cases = " ".join(f"WHEN ? THEN {i}" for i in range(len(domains)))
        conn.execute(f"INSERT INTO {kinds} SELECT id, CASE domain {cases} ELSE {len(domains)} END"
                     " FROM activities", list(domains))
        conn.execute(
            f"INSERT INTO {tables.took} SELECT x.participant_id, "
            + ", ".join(f"MAX(a.domain = {i})" for i in range(len(flags)))
            + f" FROM participations x JOIN {kinds} a ON a.activity_id = x.activity_id"
            " WHERE +x.date BETWEEN ? AND ? GROUP BY x.participant_id", [p.start, p.end])
        conn.execute(f"DROP TABLE {kinds}")
    else:
        conn.execute(f"INSERT INTO {tables.took} SELECT participant_id, 0 FROM participations"
                     " WHERE +date BETWEEN ? AND ? GROUP BY participant_id", [p.start, p.end])
    conn.execute(f"CREATE TABLE {tables.people} (participant_id INTEGER PRIMARY KEY,"
                 " took_part INTEGER NOT NULL DEFAULT 0, is_new INTEGER NOT NULL DEFAULT 0,"
                 " grounded INTEGER NOT NULL DEFAULT 0)")
    conn.execute(f"INSERT INTO {tables.people} (participant_id, took_part)"
                 f" SELECT participant_id, 1 FROM {tables.took}")
    conn.execute(f"CREATE TABLE {tables.grounds} (ground_code TEXT NOT NULL, participant_id INTEGER NOT NULL,"
                 " PRIMARY KEY (ground_code, participant_id)) WITHOUT ROWID")
    sources = ["SELECT participant_id FROM referrals WHERE date BETWEEN :start AND :end",
               "SELECT participant_id FROM vouchers WHERE issued_on BETWEEN :start AND :end"]
    if details:
        conn.execute(f"INSERT OR IGNORE INTO {tables.grounds} SELECT ground_code, participant_id"
                     f" FROM statuses WHERE {_OVERLAP}", span)
        conn.execute(f"INSERT OR IGNORE INTO {tables.grounds} SELECT ground_code, participant_id"
                     " FROM referrals WHERE date BETWEEN :start AND :end AND ground_code IS NOT NULL", span)
        # 'WHERE true' lets SQLite read the upsert's ON CONFLICT after a SELECT
        conn.execute(f"INSERT INTO {tables.people} (participant_id, grounded) SELECT participant_id, 1"
                     f" FROM {tables.grounds} WHERE true ON CONFLICT (participant_id) DO UPDATE SET grounded = 1")
    else:
        sources.append(f"SELECT participant_id FROM statuses WHERE {_OVERLAP}")
    for source in sources:
        conn.execute(f"INSERT OR IGNORE INTO {tables.people} (participant_id) {source}", span)
    _mark_new(conn, tables.people, p)
    try:
        yield tables
    finally:
        _drop(conn, tables)


def _mark_new(conn: sqlite3.Connection, people: str, p: Period) -> None:
    """New: nothing of the person (participation, referral, status, voucher) before the year.

    Who had a referral, voucher or status before is collected from the covering date indexes
    (a lookup per person would read a table row each); earlier participations are checked per
    person on the covering (participant_id, date, …) index.
    """
    seen = f"temp.reach_seen_{p.year}"
    conn.execute(f"DROP TABLE IF EXISTS {seen}")
    conn.execute(f"CREATE TABLE {seen} (participant_id INTEGER PRIMARY KEY)")
    for source in ("SELECT participant_id FROM referrals WHERE date < :start",
                   "SELECT participant_id FROM vouchers WHERE issued_on < :start",
                   "SELECT participant_id FROM statuses WHERE valid_from < :start"):
        conn.execute(f"INSERT OR IGNORE INTO {seen} {source}", {"start": p.start})
    name = people.split(".")[1]
    conn.execute(
        f"UPDATE {people} SET is_new = 1 WHERE participant_id NOT IN (SELECT participant_id FROM {seen})"
        f" AND NOT EXISTS (SELECT 1 FROM participations x WHERE x.participant_id = {name}.participant_id"
        "   AND x.date < :start)", {"start": p.start})
    conn.execute(f"DROP TABLE {seen}")


def _drop(conn: sqlite3.Connection, tables: Reached) -> None:
    for name in (tables.people, tables.grounds, tables.took):
        conn.execute(f"DROP TABLE IF EXISTS {name}")


# a status counts for the year when its validity overlaps it and it was not suspended before
_OVERLAP = ("valid_until >= :start AND valid_from <= :end"
            " AND (suspended_on IS NULL OR suspended_on >= :start)")


def by_domain(conn: sqlite3.Connection, config: Config, tables: Reached) -> list[dict]:
    """People who took part in at least one activity of each domain."""
    flags = [f"d{i}" for i in range(len(tables.domains))] + ["d_other"]
    sums = one(conn, "SELECT " + ", ".join(f"COALESCE(SUM({f}), 0) AS {f}" for f in flags)
               + f" FROM {tables.took}")
    result = [{"key": code, "label": config.label(config.domains, code), "participants": sums[f"d{i}"]}
              for i, code in enumerate(tables.domains)]
    if sums["d_other"]:
        result.append({"key": "other", "label": None, "participants": sums["d_other"]})
    return result


def summary(conn: sqlite3.Connection, people: str) -> dict:
    """participants, new_participants, took_part, household_members of the reached set."""
    return one(conn, f"SELECT {_COUNTS} FROM {people} r JOIN participants pa ON pa.id = r.participant_id")


def grouped(conn: sqlite3.Connection, config: Config, p: Period, tables: Reached, by: str) -> list[dict]:
    """The reached people per ground, age band or postcode, with the same four counts."""
    people, grounds = tables.people, tables.grounds
    if by == "ground":
        return _by_ground(conn, config, people, grounds)
    if by == "age":
        return _by_age(conn, p, people)
    return _by_postcode(conn, config, people)


def _by_ground(conn: sqlite3.Connection, config: Config, people: str, grounds: str) -> list[dict]:
    found = {r["key"]: r for r in rows(conn, f"""
        SELECT g.code AS key, g.label_nl, g.label_en, {_COUNTS}
        FROM grounds g
        LEFT JOIN {grounds} x ON x.ground_code = g.code
        LEFT JOIN {people} r ON r.participant_id = x.participant_id
        LEFT JOIN participants pa ON pa.id = r.participant_id
        GROUP BY g.code""")}
    order = [code for code in config.grounds if code in found]
    order += sorted(code for code in found if code not in config.grounds)
    result = []
    for code in order:
        row = found[code]
        label = row["label_en"] if config.language == "en" else row["label_nl"]
        result.append({"key": code, "label": label, **_counts_of(row)})
    none = one(conn, f"""
        SELECT {_COUNTS} FROM {people} r JOIN participants pa ON pa.id = r.participant_id
        WHERE r.grounded = 0""")
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
    sql = f"""
        SELECT {_AGE_SQL} AS key, {_COUNTS}
        FROM {people} r
        JOIN (SELECT id, household_size,
                     COALESCE(birth_year, CAST(substr(birth_date, 1, 4) AS INTEGER)) AS born
              FROM participants) pa ON pa.id = r.participant_id
        GROUP BY key"""
    return {r.pop("key"): r for r in rows(conn, sql, {"year": p.year})}


def _counts_of(row: dict | None) -> dict:
    keys = ("participants", "new_participants", "took_part", "household_members")
    return {k: (row or {}).get(k, 0) for k in keys}


def _by_postcode(conn: sqlite3.Connection, config: Config, people: str) -> list[dict]:
    result = rows(conn, f"""
        SELECT COALESCE(NULLIF(pa.postcode, ''), 'unknown') AS key, {_COUNTS}
        FROM {people} r JOIN participants pa ON pa.id = r.participant_id
        GROUP BY key ORDER BY participants DESC, key""")
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
    for k in ("participants", "new_participants", "took_part", "household_members"):
        other[k] = sum(r[k] for r in rest)
    return postcodes[:limit] + [other]


def municipality_count(conn: sqlite3.Connection, config: Config, people: str) -> int:
    """Reached people living in the municipality (its postcodes from the config)."""
    if not config.postcodes:
        return 0
    marks = ", ".join("?" for _ in config.postcodes)
    return one(conn, f"SELECT COUNT(*) AS n FROM {people} r JOIN participants pa ON pa.id = r.participant_id"
                     f" WHERE pa.postcode IN ({marks})", list(config.postcodes))["n"]


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
