"""Toeleiding: referrals dated in a year by partner, month or ground, with their states.

A referral of year Y 'led to a participation' when its person took part in an activity on or
after the referral date and within Y: a later participation does not change a past year. That is
when the person's last participation of the year is on or after the referral date.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from vrijetijd_cli.config import Config
from vrijetijd_cli.reports import Period, rows, share_bp

STATES = ("open", "in_behandeling", "toegeleid", "afgesloten", "geweigerd")

_COUNTS = ", ".join(
    ["COUNT(*) AS referrals"]
    + [f"COALESCE(SUM(r.state = '{s}'), 0) AS {s}" for s in STATES]
    + ["COALESCE(SUM(t.last >= r.date), 0) AS led_to_participation"]
)
_IN_YEAR = "r.date BETWEEN :start AND :end"


@contextmanager
def last_taken_part(conn: sqlite3.Connection, p: Period, people: str | None = None) -> Iterator[str]:
    """A table of each person's last participation of the year (participant_id, last): the reached
    people (reports/reach.py) when given, else made here from the year's participations."""
    if people is not None:
        yield people
        return
    table = f"temp.last_taken_part_{p.year}"
    conn.execute(f"DROP TABLE IF EXISTS {table}")
    conn.execute(f"CREATE TABLE {table} (participant_id INTEGER PRIMARY KEY, last TEXT NOT NULL)")
    try:
        conn.execute(f"""INSERT INTO {table}
            SELECT participant_id, max(date) FROM participations INDEXED BY idx_participations_participant_activity
            WHERE date BETWEEN :start AND :end GROUP BY participant_id""", {"start": p.start, "end": p.end})
        yield table
    finally:
        conn.execute(f"DROP TABLE IF EXISTS {table}")


def grouped(conn: sqlite3.Connection, config: Config, p: Period, by: str, people: str | None = None) -> list[dict]:
    """Referrals per partner, month or ground: total, per state and how many led to taking part.
    `people`: the year's reached people (reports/reach.py), when at hand."""
    with last_taken_part(conn, p, people) as last:
        return _grouped(conn, config, p, by, f"referrals r LEFT JOIN {last} t ON t.participant_id = r.participant_id")


def _grouped(conn: sqlite3.Connection, config: Config, p: Period, by: str, referrals: str) -> list[dict]:
    span = {"start": p.start, "end": p.end}
    if by == "partner":
        # every active partner shows, also with no referral: silence is a finding too
        found = {r["key"]: r for r in rows(conn, f"""
            SELECT r.partner_id AS key, {_COUNTS} FROM {referrals} WHERE {_IN_YEAR} GROUP BY r.partner_id""", span)}
        partners = rows(conn, "SELECT id, name, active FROM partners ORDER BY id")
        result = [{"key": pt["id"], "label": pt["name"], **_counts(found.get(pt["id"]))}
                  for pt in partners if pt["active"] or pt["id"] in found]
        result.sort(key=lambda r: (-r["referrals"], r["label"]))
    elif by == "month":
        found = {r["key"]: r for r in rows(conn, f"""
            SELECT CAST(substr(r.date, 6, 2) AS INTEGER) AS key, {_COUNTS} FROM {referrals} WHERE {_IN_YEAR}
            GROUP BY key""", span)}
        result = [{"key": month, "label": None, **_counts(found.get(month))} for month in range(1, 13)]
    else:
        result = rows(conn, f"""
            SELECT COALESCE(r.ground_code, 'none') AS key, {_COUNTS} FROM {referrals} WHERE {_IN_YEAR}
            GROUP BY key ORDER BY referrals DESC, key""", span)
        names = {r[0]: r[1] for r in conn.execute("SELECT code, label_nl FROM grounds")}
        for row in result:
            row["label"] = config.ground_label(row["key"]) if row["key"] in config.grounds else names.get(row["key"])
    for row in result:
        row["led_to_participation_bp"] = share_bp(row["led_to_participation"], row["referrals"])
    return result


def _counts(row: dict | None) -> dict:
    keys = ("referrals", *STATES, "led_to_participation")
    return {k: (row or {}).get(k, 0) for k in keys}


def totals(groups: list[dict]) -> dict:
    """total, per state and led_to_participation: the sum of the groups (each referral is in one)."""
    total = sum(r["referrals"] for r in groups)
    led = sum(r["led_to_participation"] for r in groups)
    return {
        "total": total,
        "led_to_participation": led,
        "led_to_participation_bp": share_bp(led, total),
        "by_state": [{"state": s, "referrals": sum(r[s] for r in groups)} for s in STATES],
    }


def section(conn: sqlite3.Connection, config: Config, p: Period, people: str | None = None) -> dict:
    """The 'toeleiding' section of the yearly report (`people`: as in grouped())."""
    by_partner = grouped(conn, config, p, "partner", people)
    return {
        **totals(by_partner),
        "by_partner": by_partner,
        "partners_referring": sum(1 for r in by_partner if r["referrals"]),
    }
