"""Toeleiding: referrals dated in a year by partner, month or ground, with their states.

A referral of year Y 'led to a participation' when its person took part in an activity on or
after the referral date and within Y: a later participation does not change a past year.
"""

from __future__ import annotations

import sqlite3

from vrijetijd_cli.config import Config
from vrijetijd_cli.reports import Period, rows, share_bp

STATES = ("open", "in_behandeling", "toegeleid", "afgesloten", "geweigerd")

_COUNTS = ", ".join(
    ["COUNT(*) AS referrals"]
    + [f"COALESCE(SUM(r.state = '{s}'), 0) AS {s}" for s in STATES]
    + ["""COALESCE(SUM(EXISTS (SELECT 1 FROM participations x WHERE x.participant_id = r.participant_id
                              AND x.date BETWEEN r.date AND :end)), 0) AS led_to_participation"""]
)
_IN_YEAR = "r.date BETWEEN :start AND :end"


def grouped(conn: sqlite3.Connection, config: Config, p: Period, by: str) -> list[dict]:
    """Referrals per partner, month or ground: total, per state and how many led to taking part."""
    span = {"start": p.start, "end": p.end}
    if by == "partner":
        # every active partner shows, also with no referral: silence is a finding too
        found = {r["key"]: r for r in rows(conn, f"""
            SELECT r.partner_id AS key, {_COUNTS} FROM referrals r WHERE {_IN_YEAR} GROUP BY r.partner_id""", span)}
        partners = rows(conn, "SELECT id, name, active FROM partners ORDER BY id")
        result = [{"key": pt["id"], "label": pt["name"], **_counts(found.get(pt["id"]))}
                  for pt in partners if pt["active"] or pt["id"] in found]
        result.sort(key=lambda r: (-r["referrals"], r["label"]))
    elif by == "month":
        found = {r["key"]: r for r in rows(conn, f"""
            SELECT CAST(substr(r.date, 6, 2) AS INTEGER) AS key, {_COUNTS} FROM referrals r WHERE {_IN_YEAR}
            GROUP BY key""", span)}
        result = [{"key": month, "label": None, **_counts(found.get(month))} for month in range(1, 13)]
    else:
        result = rows(conn, f"""
            SELECT COALESCE(r.ground_code, 'none') AS key, {_COUNTS} FROM referrals r WHERE {_IN_YEAR}
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


def section(conn: sqlite3.Connection, config: Config, p: Period) -> dict:
    """The 'toeleiding' section of the yearly report."""
    by_partner = grouped(conn, config, p, "partner")
    return {
        **totals(by_partner),
        "by_partner": by_partner,
        "partners_referring": sum(1 for r in by_partner if r["referrals"]),
    }
