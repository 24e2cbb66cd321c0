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
from vrijetijd_cli.reports import Period, rows, share_bp, tally

STATES = ("open", "in_behandeling", "toegeleid", "afgesloten", "geweigerd")

COUNTS = ("referrals", *STATES, "led_to_participation")
# one referral of the year as the counts add it up (tally), from `referrals r` beside the last
# participation of the year `t.last`
_EACH = ", ".join(["1"] + [f"r.state = '{s}'" for s in STATES] + ["COALESCE(t.last >= r.date, 0)"])
# the key of each breakdown
_KEYS = {"partner": "r.partner_id", "month": "CAST(substr(r.date, 6, 2) AS INTEGER)",
         "ground": "COALESCE(r.ground_code, 'none')"}


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
    found = {r["key"]: r for r in tally(conn, f"""
        SELECT {_KEYS[by]}, {_EACH} FROM {referrals} WHERE r.date BETWEEN :start AND :end""", ("key",), COUNTS,
        {"start": p.start, "end": p.end})}
    if by == "partner":
        # every active partner shows, also with no referral: silence is a finding too
        partners = rows(conn, "SELECT id, name, active FROM partners ORDER BY id")
        result = [{"key": pt["id"], "label": pt["name"], **_counts(found.get(pt["id"]))}
                  for pt in partners if pt["active"] or pt["id"] in found]
        result.sort(key=lambda r: (-r["referrals"], r["label"]))
    elif by == "month":
        result = [{"key": month, "label": None, **_counts(found.get(month))} for month in range(1, 13)]
    else:
        names = {r[0]: r[1] for r in conn.execute("SELECT code, label_nl FROM grounds")}
        result = [{"key": key, **_counts(row),
                   "label": config.ground_label(key) if key in config.grounds else names.get(key)}
                  for key, row in sorted(found.items(), key=lambda item: (-item[1]["referrals"], item[0]))]
    for row in result:
        row["led_to_participation_bp"] = share_bp(row["led_to_participation"], row["referrals"])
    return result


def _counts(row: dict | None) -> dict:
    return {k: (row or {}).get(k, 0) for k in COUNTS}


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
