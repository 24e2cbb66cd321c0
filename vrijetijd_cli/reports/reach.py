"""Bereik: who the network reached in a year, and who was new.

Reached in year Y: a participation, a referral or a voucher issued dated in Y, or a status that
counts for Y (docs/architecture.md, "Which year carries what"). New: reached in Y and in no
earlier year. Every breakdown is one GROUP BY over the reached people of the year, gathered once
into a temporary table keyed by participant id.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from vrijetijd_cli import region
from vrijetijd_cli.config import Config
from vrijetijd_cli.reports import Period, one, tally

AGE_BANDS = ("0-11", "12-17", "18-25", "26-64", "65+")
POSTCODE_TOP = 10
COUNTS = ("participants", "new_participants", "took_part", "household_members")

# a status counts for the days from its start up to (not including) its suspension
STATUS_COUNTS_FOR_YEAR = """s.valid_from <= :end AND s.valid_until >= :start
    AND (s.suspended_on IS NULL OR (s.suspended_on > :start AND s.suspended_on > s.valid_from))"""
_STATUS_COUNTED_BEFORE = """s.valid_from < :start
    AND (s.suspended_on IS NULL OR s.suspended_on > s.valid_from)"""

# Read in participant order (the index on participant, date, activity), the year's rows land in
# the keyed table one after the other: at Flanders scale a third less time than reading them by
# date, though every earlier year's index entry is passed (benchmarks/README.md).
YEAR_DOMAINS = """SELECT x.participant_id, a.domain
    FROM participations x INDEXED BY idx_participations_participant_activity
    CROSS JOIN activities a ON a.id = x.activity_id
    WHERE x.date BETWEEN :start AND :end"""

# the age band at the end of the year: 0..4 in AGE_BANDS, 5 for an unknown birth year
_BAND = """CASE
    WHEN born IS NULL THEN 5
    WHEN :year - born < 12 THEN 0
    WHEN :year - born < 18 THEN 1
    WHEN :year - born < 26 THEN 2
    WHEN :year - born < 65 THEN 3
    ELSE 4 END"""
# one reached person as the counts add them up (tally)
_EACH = "1, r.new, r.took_part, COALESCE(r.household, 0)"
PEOPLE_SUMS = _SUMS = """COUNT(*) AS participants, COALESCE(SUM(r.new), 0) AS new_participants,
    COALESCE(SUM(r.took_part), 0) AS took_part, COALESCE(SUM(r.household), 0) AS household_members"""


@dataclass(frozen=True)
class Reached:
    """The temporary tables of a year's reached people (reached() fills them)."""

    people: str  # participant_id, took_part, new, born (birth year), postcode, household
    grounds: str  # participant_id, ground_code ('' for a referral without a ground)
    domains: str  # participant_id, domain of an activity taken part in


@contextmanager
def reached(conn: sqlite3.Connection, p: Period, breakdowns: bool = True) -> Iterator[Reached]:
    """The people reached in the year as temporary tables: each person once, with took_part, new,
    age band, postcode and household size; with `breakdowns`, also their grounds and domains of the
    year, gathered in the same passes over the year's rows."""
    tables = Reached(*(f"temp.reached_{name}_{p.year}" for name in ("people", "grounds", "domains")))
    ids = f"temp.reached_ids_{p.year}"
    span = {"start": p.start, "end": p.end, "year": p.year}
    _drop(conn, tables, ids)
    conn.execute(f"CREATE TABLE {ids} (participant_id INTEGER PRIMARY KEY, took_part INTEGER NOT NULL)")
    conn.execute(f"CREATE TABLE {tables.people} (participant_id INTEGER PRIMARY KEY, took_part INTEGER NOT NULL,"
                 " new INTEGER, born INTEGER, postcode TEXT, household INTEGER)")
    try:
        if breakdowns:
            sources = _gather(conn, tables, span)
        else:
            sources = ["SELECT participant_id, 1 FROM participations WHERE date BETWEEN :start AND :end",
                       "SELECT participant_id, 0 FROM referrals WHERE date BETWEEN :start AND :end",
                       f"SELECT participant_id, 0 FROM statuses s WHERE {STATUS_COUNTS_FOR_YEAR}"]
        sources.append("SELECT participant_id, 0 FROM vouchers WHERE issued_on BETWEEN :start AND :end")
        for source in sources:
            conn.execute(f"INSERT INTO {ids} (participant_id, took_part) {source} ON CONFLICT DO NOTHING", span)
        # written in one ordered pass rather than updated in place: a fifth less time (benchmarks/README.md)
        conn.execute(f"""
            INSERT INTO {tables.people}
            SELECT r.participant_id, r.took_part,
                -- most people seen before had a status before: asked first, the rest rarely runs
                NOT (EXISTS (SELECT 1 FROM statuses s WHERE s.participant_id = r.participant_id
                             AND {_STATUS_COUNTED_BEFORE})
                  OR EXISTS (SELECT 1 FROM referrals x WHERE x.participant_id = r.participant_id AND x.date < :start)
                  OR EXISTS (SELECT 1 FROM participations x WHERE x.participant_id = r.participant_id
                             AND x.date < :start)
                  OR EXISTS (SELECT 1 FROM vouchers x WHERE x.participant_id = r.participant_id
                             AND x.issued_on < :start)),
                COALESCE(pa.birth_year, CAST(substr(pa.birth_date, 1, 4) AS INTEGER)),
                COALESCE(pa.postcode, ''), pa.household_size
            FROM {ids} r CROSS JOIN participants pa ON pa.id = r.participant_id""", span)
        conn.execute(f"DROP TABLE {ids}")
        yield tables
    finally:
        _drop(conn, tables, ids)


def _gather(conn: sqlite3.Connection, tables: Reached, span: dict) -> list[str]:
    """The year's grounds and domains per person; returns where the people come from."""
    for table, column in ((tables.grounds, "ground_code"), (tables.domains, "domain")):
        conn.execute(f"CREATE TABLE {table} (participant_id INTEGER, {column} TEXT,"
                     f" PRIMARY KEY (participant_id, {column})) WITHOUT ROWID")
    conn.execute(f"""INSERT OR IGNORE INTO {tables.grounds}
        SELECT participant_id, COALESCE(ground_code, '') FROM referrals WHERE date BETWEEN :start AND :end
        UNION ALL SELECT participant_id, ground_code FROM statuses s WHERE {STATUS_COUNTS_FOR_YEAR}""", span)
    conn.execute(f"INSERT OR IGNORE INTO {tables.domains} {YEAR_DOMAINS}", span)
    # 'WHERE true': SQLite would read the ON of the upsert that follows as a join constraint
    return [f"SELECT participant_id, 1 FROM {tables.domains} WHERE true",
            f"SELECT participant_id, 0 FROM {tables.grounds} WHERE true"]


def _drop(conn: sqlite3.Connection, tables: Reached, ids: str) -> None:
    for table in (tables.people, tables.grounds, tables.domains, ids):
        conn.execute(f"DROP TABLE IF EXISTS {table}")


def counts(conn: sqlite3.Connection, p: Period) -> dict:
    """participants, new_participants, took_part and household_members of the year."""
    with reached(conn, p, breakdowns=False) as tables:
        return one(conn, f"SELECT {_SUMS} FROM {tables.people} r")


def section(conn: sqlite3.Connection, config: Config, p: Period) -> dict:
    """The 'bereik' section of the yearly report."""
    with reached(conn, p) as tables:
        return summarise(conn, config, p, tables)


def summarise(conn: sqlite3.Connection, config: Config, p: Period, tables: Reached) -> dict:
    """The 'bereik' section from the year's temporary tables (reached() with breakdowns)."""
    groups = age_and_postcode(conn, tables.people, p.year)
    local = set(local_postcodes(config, p))
    return {
        **_total(groups),
        "living_in_municipality": sum(g["participants"] for g in groups if g["postcode"] in local),
        "by_ground": by_ground(conn, config, tables),
        "by_age": by_age(groups),
        "by_postcode": top_postcodes(by_postcode(groups, local)),
        "by_domain": by_domain(conn, config, tables),
    }


def grouped(conn: sqlite3.Connection, config: Config, p: Period, by: str) -> tuple[dict, list[dict]]:
    """The year's totals and its reached people per ground, age band or postcode (every postcode)."""
    with reached(conn, p) as tables:
        groups = age_and_postcode(conn, tables.people, p.year)
        if by == "ground":
            found = by_ground(conn, config, tables)
        elif by == "age":
            found = by_age(groups)
        else:
            found = by_postcode(groups, set(local_postcodes(config, p)))
        return _total(groups), found


def age_and_postcode(conn: sqlite3.Connection, table: str, year: int) -> list[dict]:
    """The reached people counted per age band (at the end of the year) and postcode, in one pass
    over the people: the totals, the ages and the postcodes are added up from these few rows."""
    return tally(conn, f"SELECT {_BAND}, postcode, {_EACH} FROM {table} r WHERE true", ("band", "postcode"),
                 COUNTS, {"year": year})


def _total(groups: list[dict], key: str | None = None) -> dict:
    """The counts of `groups` added up, per value of `key` ({value: counts}) or all together."""
    if key is None:
        return {name: sum(g[name] for g in groups) for name in COUNTS}
    found: dict = {}
    for g in groups:
        counts = found.setdefault(g[key], dict.fromkeys(COUNTS, 0))
        for name in COUNTS:
            counts[name] += g[name]
    return found


def local_postcodes(config: Config, p: Period) -> dict[str, str]:
    """{postcode: municipality key} on the year's reference date: a merger counts from its day."""
    return region.postcode_map(config.municipalities, p.as_of)


def by_ground(conn: sqlite3.Connection, config: Config, tables: Reached) -> list[dict]:
    """Per ground: the reached people with a referral on that ground in the year or a status of it
    that counts for the year (someone with two grounds counts in both); 'none' for the others."""
    found = {r["key"]: r for r in tally(conn, f"""
        SELECT g.ground_code, {_EACH} FROM {tables.grounds} g JOIN {tables.people} r USING (participant_id)
        WHERE g.ground_code != ''""", ("key",), COUNTS)}
    none = one(conn, f"""SELECT {_SUMS} FROM {tables.people} r WHERE NOT EXISTS
        (SELECT 1 FROM {tables.grounds} g WHERE g.participant_id = r.participant_id AND g.ground_code != '')""")
    # grounds no longer in the config keep the Dutch name the database knows them by
    labels = {r[0]: r[1] for r in conn.execute("SELECT code, label_nl FROM grounds")}
    labels.update({code: config.ground_label(code) for code in config.grounds})
    order = list(config.grounds) + sorted(code for code in set(labels) | set(found) if code not in config.grounds)
    result = [{"key": code, "label": labels.get(code, code), **_counts(found.get(code))} for code in order]
    if none["participants"]:
        result.append({"key": "none", "label": None, **none})
    return result


def by_age(groups: list[dict]) -> list[dict]:
    """Per age band at the end of the year; 'unknown' without a birth year."""
    found = _total(groups, "band")
    result = [{"key": band, "label": band, **_counts(found.get(index))} for index, band in enumerate(AGE_BANDS)]
    if len(AGE_BANDS) in found:
        result.append({"key": "unknown", "label": None, **_counts(found[len(AGE_BANDS)])})
    return result


def by_postcode(groups: list[dict], local: set[str]) -> list[dict]:
    """Per postcode, the largest first; 'unknown' without one. `in_municipality`: the postcode is
    in `local`, the network's municipality (one of them) on the year's reference date."""
    found = {postcode or "unknown": counts for postcode, counts in _total(groups, "postcode").items()}
    order = sorted(found, key=lambda key: (-found[key]["participants"], key))
    return [{"key": key, "label": None if key == "unknown" else key,
             "in_municipality": key in local, **found[key]} for key in order]


def top_postcodes(postcodes: list[dict], limit: int = POSTCODE_TOP) -> list[dict]:
    """The largest postcodes and one 'other' row for the rest."""
    if len(postcodes) <= limit + 1:
        return postcodes
    rest = postcodes[limit:]
    other = {"key": "other", "label": None, "in_municipality": False}
    for key in COUNTS:
        other[key] = sum(r[key] for r in rest)
    return postcodes[:limit] + [other]


def by_domain(conn: sqlite3.Connection, config: Config, tables: Reached) -> list[dict]:
    """People who took part in at least one activity of each domain in the year: the config's
    domains, then any other domain an activity has, by its code (as the participation section)."""
    found = {r["domain"]: r["participants"] for r in tally(
        conn, f"SELECT domain, 1 FROM {tables.domains} WHERE true", ("domain",), ("participants",))}
    codes = list(config.domains) + sorted(code for code in found if code not in config.domains)
    return [{"key": code, "label": config.label(config.domains, code), "participants": found.get(code, 0)}
            for code in codes]


def _counts(row: dict | None) -> dict:
    return {key: (row or {}).get(key, 0) for key in COUNTS}
