"""Toeleiding: referrals in a year by partner, month, ground and state.

A referral 'led to a participation' when the person took part in an activity on or after the
referral date. Everything is read from referral_sums, kept by triggers (schema_summaries.py):
referrals per year, partner, month, ground and state, with how many of them led to taking part.
"""

from __future__ import annotations

import sqlite3

from vrijetijd_cli.config import Config
from vrijetijd_cli.reports import Period, rows, share_bp

STATES = ("open", "in_behandeling", "toegeleid", "afgesloten", "geweigerd")

_COUNTS = ", ".join(
    ["SUM(referrals) AS referrals"]
    + [f"SUM(CASE WHEN state = '{s}' THEN referrals ELSE 0 END) AS {s}" for s in STATES]
    + ["SUM(led) AS led_to_participation"]
)


def grouped(conn: sqlite3.Connection, config: Config, p: Period, by: str) -> list[dict]:
    """Referrals per partner, month or ground: total, per state and how many led to taking part."""
    year = {"year": p.year}
    if by == "partner":
        # every active partner shows, also with no referral: silence is a finding too
        found = {r["key"]: r for r in rows(conn, f"""
            SELECT partner_id AS key, {_COUNTS} FROM referral_sums WHERE year = :year
            GROUP BY partner_id""", year)}
        partners = rows(conn, "SELECT id, name, active FROM partners ORDER BY id")
        result = [{"key": pt["id"], "label": pt["name"], **_counts(found.get(pt["id"]))}
                  for pt in partners if pt["active"] or pt["id"] in found]
        result.sort(key=lambda r: (-r["referrals"], r["label"]))
    elif by == "month":
        found = {r["key"]: r for r in rows(conn, f"""
            SELECT month AS key, {_COUNTS} FROM referral_sums WHERE year = :year GROUP BY month""", year)}
        result = [{"key": month, "label": None, **_counts(found.get(month))} for month in range(1, 13)]
    else:
        label = "g.label_en" if config.language == "en" else "g.label_nl"
        result = rows(conn, f"""
            SELECT t.*, {label} AS label FROM (
                SELECT CASE ground_code WHEN '' THEN 'none' ELSE ground_code END AS key, {_COUNTS}
                FROM referral_sums WHERE year = :year GROUP BY key) t
            LEFT JOIN grounds g ON g.code = t.key
            ORDER BY t.referrals DESC, t.key""", year)
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
