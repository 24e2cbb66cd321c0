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

from vrijetijd_cli.config import Config
from vrijetijd_cli.reports import Period, one, rows

AGE_BANDS = ("0-11", "12-17", "18-25", "26-64", "65+")
POSTCODE_TOP = 10
COUNTS = ("participants", "new_participants", "took_part", "household_members")

# a status counts for the days from its start up to (not including) its suspension
STATUS_COUNTS_FOR_YEAR = """s.valid_from <= :end AND s.valid_until >= :start
    AND (s.suspended_on IS NULL OR (s.suspended_on > :start AND s.suspended_on > s.valid_from))"""
_STATUS_COUNTED_BEFORE = """s.valid_from < :start
    AND (s.suspended_on IS NULL OR s.suspended_on > s.valid_from)"""

# the age band at the end of the year: 0..4 in AGE_BANDS, 5 for an unknown birth year
_BAND = """CASE
    WHEN born IS NULL THEN 5
    WHEN :year - born < 12 THEN 0
    WHEN :year - born < 18 THEN 1
    WHEN :year - born < 26 THEN 2
    WHEN :year - born < 65 THEN 3
    ELSE 4 END"""
_SUMS = """COUNT(*) AS participants, COALESCE(SUM(r.new), 0) AS new_participants,
    COALESCE(SUM(r.took_part), 0) AS took_part, COALESCE(SUM(r.household), 0) AS household_members"""


@contextmanager
def reached(conn: sqlite3.Connection, p: Period) -> Iterator[str]:
    """The people reached in the year, as a temporary table (its name is yielded) with per person:
    took_part, new, age band, postcode and household size."""
    table = f"temp.reached_{p.year}"
    span = {"start": p.start, "end": p.end, "year": p.year}
    conn.execute(f"DROP TABLE IF EXISTS {table}")
    conn.execute(f"CREATE TABLE {table} (participant_id INTEGER PRIMARY KEY, took_part INTEGER NOT NULL,"
                 " new INTEGER, band INTEGER, postcode TEXT, household INTEGER)")
    try:
        for source in (
            "SELECT participant_id, 1 FROM participations WHERE date BETWEEN :start AND :end",
            "SELECT participant_id, 0 FROM referrals WHERE date BETWEEN :start AND :end",
            "SELECT participant_id, 0 FROM vouchers WHERE issued_on BETWEEN :start AND :end",
            f"SELECT participant_id, 0 FROM statuses s WHERE {STATUS_COUNTS_FOR_YEAR}",
        ):
            conn.execute(f"INSERT INTO {table} (participant_id, took_part) {source} ON CONFLICT DO NOTHING", span)
        conn.execute(f"""
            UPDATE {table} AS r SET
                new = NOT (EXISTS (SELECT 1 FROM participations x WHERE x.participant_id = r.participant_id
                                   AND x.date < :start)
                        OR EXISTS (SELECT 1 FROM referrals x WHERE x.participant_id = r.participant_id
                                   AND x.date < :start)
                        OR EXISTS (SELECT 1 FROM vouchers x WHERE x.participant_id = r.participant_id
                                   AND x.issued_on < :start)
                        OR EXISTS (SELECT 1 FROM statuses s WHERE s.participant_id = r.participant_id
                                   AND {_STATUS_COUNTED_BEFORE})),
                band = (SELECT {_BAND} FROM (SELECT COALESCE(pa.birth_year,
                        CAST(substr(pa.birth_date, 1, 4) AS INTEGER)) AS born)),
                postcode = COALESCE(pa.postcode, ''),
                household = pa.household_size
            FROM participants pa WHERE pa.id = r.participant_id""", span)
        yield table
    finally:
        conn.execute(f"DROP TABLE IF EXISTS {table}")


def counts(conn: sqlite3.Connection, p: Period) -> dict:
    """participants, new_participants, took_part and household_members of the year."""
    with reached(conn, p) as table:
        return one(conn, f"SELECT {_SUMS} FROM {table} r")


def section(conn: sqlite3.Connection, config: Config, p: Period) -> dict:
    """The 'bereik' section of the yearly report."""
    with reached(conn, p) as table:
        return {
            **one(conn, f"SELECT {_SUMS} FROM {table} r"),
            "living_in_municipality": _living_in(conn, config, table),
            "by_ground": by_ground(conn, config, p, table),
            "by_age": by_age(conn, table),
            "by_postcode": top_postcodes(by_postcode(conn, config, table)),
            "by_domain": by_domain(conn, config, p),
        }


def grouped(conn: sqlite3.Connection, config: Config, p: Period, by: str) -> tuple[dict, list[dict]]:
    """The year's totals and its reached people per ground, age band or postcode (every postcode)."""
    with reached(conn, p) as table:
        totals = one(conn, f"SELECT {_SUMS} FROM {table} r")
        if by == "ground":
            return totals, by_ground(conn, config, p, table)
        return totals, by_age(conn, table) if by == "age" else by_postcode(conn, config, table)


def _living_in(conn: sqlite3.Connection, config: Config, table: str) -> int:
    local = list(config.postcodes)
    if not local:
        return 0
    marks = ", ".join("?" * len(local))
    return conn.execute(f"SELECT COUNT(*) FROM {table} WHERE postcode IN ({marks})", local).fetchone()[0]


def by_ground(conn: sqlite3.Connection, config: Config, p: Period, table: str) -> list[dict]:
    """Per ground: the reached people with a referral on that ground in the year or a status of it
    that counts for the year (someone with two grounds counts in both); 'none' for the others."""
    span = {"start": p.start, "end": p.end}
    conn.execute(f"""CREATE TEMP TABLE reached_grounds AS
        SELECT participant_id, ground_code FROM referrals
            WHERE date BETWEEN :start AND :end AND ground_code IS NOT NULL
        UNION SELECT participant_id, ground_code FROM statuses s WHERE {STATUS_COUNTS_FOR_YEAR}""", span)
    # 'none' looks each reached person up in it: without an index that is a scan per person
    conn.execute("CREATE INDEX temp.reached_grounds_person ON reached_grounds (participant_id)")
    try:
        found = {r["key"]: r for r in rows(conn, f"""
            SELECT g.ground_code AS key, {_SUMS} FROM reached_grounds g JOIN {table} r USING (participant_id)
            GROUP BY g.ground_code""")}
        none = one(conn, f"""SELECT {_SUMS} FROM {table} r WHERE NOT EXISTS
            (SELECT 1 FROM reached_grounds g WHERE g.participant_id = r.participant_id)""")
    finally:
        conn.execute("DROP TABLE temp.reached_grounds")
    # grounds no longer in the config keep the Dutch name the database knows them by
    labels = {r[0]: r[1] for r in conn.execute("SELECT code, label_nl FROM grounds")}
    labels.update({code: config.ground_label(code) for code in config.grounds})
    order = list(config.grounds) + sorted(code for code in set(labels) | set(found) if code not in config.grounds)
    result = [{"key": code, "label": labels.get(code, code), **_counts(found.get(code))} for code in order]
    if none["participants"]:
        result.append({"key": "none", "label": None, **none})
    return result


def by_age(conn: sqlite3.Connection, table: str) -> list[dict]:
    """Per age band at the end of the year; 'unknown' without a birth year."""
    found = {r["band"]: r for r in rows(conn, f"SELECT band, {_SUMS} FROM {table} r GROUP BY band")}
    result = [{"key": band, "label": band, **_counts(found.get(index))} for index, band in enumerate(AGE_BANDS)]
    if len(AGE_BANDS) in found:
        result.append({"key": "unknown", "label": None, **_counts(found[len(AGE_BANDS)])})
    return result


def by_postcode(conn: sqlite3.Connection, config: Config, table: str) -> list[dict]:
    """Per postcode, the largest first; 'unknown' without one."""
    local = set(config.postcodes)
    found = rows(conn, f"""SELECT CASE postcode WHEN '' THEN 'unknown' ELSE postcode END AS key, {_SUMS}
        FROM {table} r GROUP BY key ORDER BY participants DESC, key""")
    return [{"key": r["key"], "label": None if r["key"] == "unknown" else r["key"],
             "in_municipality": r["key"] in local, **_counts(r)} for r in found]


def top_postcodes(postcodes: list[dict], limit: int = POSTCODE_TOP) -> list[dict]:
    """The largest postcodes and one 'other' row for the rest."""
    if len(postcodes) <= limit + 1:
        return postcodes
    rest = postcodes[limit:]
    other = {"key": "other", "label": None, "in_municipality": False}
    for key in COUNTS:
        other[key] = sum(r[key] for r in rest)
    return postcodes[:limit] + [other]


def by_domain(conn: sqlite3.Connection, config: Config, p: Period) -> list[dict]:
    """People who took part in at least one activity of each domain in the year (everyone who took
    part was reached)."""
    known = list(config.domains)
    marks = ", ".join("?" * len(known)) or "NULL"
    found = {r[0]: r[1] for r in conn.execute(f"""
        SELECT CASE WHEN a.domain IN ({marks}) THEN a.domain ELSE 'other' END AS key,
               COUNT(DISTINCT x.participant_id)
        FROM participations x JOIN activities a ON a.id = x.activity_id
        WHERE x.date BETWEEN ? AND ? GROUP BY key""", [*known, p.start, p.end])}
    result = [{"key": code, "label": config.label(config.domains, code), "participants": found.get(code, 0)}
              for code in known]
    if found.get("other"):
        result.append({"key": "other", "label": None, "participants": found["other"]})
    return result


def _counts(row: dict | None) -> dict:
    return {key: (row or {}).get(key, 0) for key in COUNTS}
