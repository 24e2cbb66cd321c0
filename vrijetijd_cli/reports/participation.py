"""Deelname: the participations dated in a year by domain, activity, month and way of paying;
the vouchers of the year's budget.

A participation counts in the year of its date (docs/architecture.md, "Which year carries
what"); its money counts in its budget year (reports/budget.py).
"""

from __future__ import annotations

import sqlite3

from vrijetijd_cli.config import Config
from vrijetijd_cli.reports import Period, one, rows

PAID_VIA = ("kansentarief", "voucher", "gratis")
VOUCHER_STATES = ("redeemed", "issued", "expired", "cancelled")
TOP_ACTIVITIES = 10
AMOUNTS = ("participations", "persons", "price_cents", "participant_paid_cents", "network_paid_cents")

_SUMS = """COUNT(*) AS participations, COALESCE(SUM(x.persons), 0) AS persons,
    COALESCE(SUM(x.price_cents), 0) AS price_cents,
    COALESCE(SUM(x.participant_paid_cents), 0) AS participant_paid_cents,
    COALESCE(SUM(x.network_paid_cents), 0) AS network_paid_cents"""
_IN_YEAR = "x.date BETWEEN :start AND :end"


def section(conn: sqlite3.Connection, config: Config, p: Period, took_part: int) -> dict:
    """The 'deelname' section of the yearly report; `took_part` comes from the reach."""
    span = {"start": p.start, "end": p.end}
    result = one(conn, f"SELECT {_SUMS}, COUNT(DISTINCT x.activity_id) AS activities"
                       f" FROM participations x WHERE {_IN_YEAR}", span)
    result["participants"] = took_part
    result["by_domain"] = by_domain(conn, config, p)
    result["top_activities"] = _top_activities(conn, config, p)
    found = {r["key"]: r for r in rows(conn, f"""
        SELECT x.paid_via AS key, {_SUMS} FROM participations x WHERE {_IN_YEAR} GROUP BY x.paid_via""", span)}
    result["by_paid_via"] = [_fill(key, found.get(key)) for key in PAID_VIA]
    found = {r["key"]: r for r in rows(conn, f"""
        SELECT CAST(substr(x.date, 6, 2) AS INTEGER) AS key, {_SUMS} FROM participations x WHERE {_IN_YEAR}
        GROUP BY key""", span)}
    result["by_month"] = [_fill(month, found.get(month)) for month in range(1, 13)]
    result["vouchers"] = vouchers(conn, p)
    return result


def by_domain(conn: sqlite3.Connection, config: Config, p: Period) -> list[dict]:
    """Per domain: participations, persons, amounts and number of activities."""
    sums = {r["key"]: r for r in rows(conn, f"""
        SELECT a.domain AS key, {_SUMS}, COUNT(DISTINCT x.activity_id) AS activities
        FROM participations x JOIN activities a ON a.id = x.activity_id WHERE {_IN_YEAR}
        GROUP BY a.domain""", {"start": p.start, "end": p.end})}
    codes = list(config.domains) + sorted(k for k in sums if k not in config.domains)
    return [{"key": code, "label": config.label(config.domains, code), **_fill(code, sums.get(code)),
             "activities": (sums.get(code) or {}).get("activities", 0)} for code in codes]


def _top_activities(conn: sqlite3.Connection, config: Config, p: Period) -> list[dict]:
    found = rows(conn, f"""
        SELECT a.id AS activity_id, a.title, a.domain, t.participations, t.persons, t.price_cents,
               t.participant_paid_cents, t.network_paid_cents
        FROM (SELECT x.activity_id, {_SUMS} FROM participations x WHERE {_IN_YEAR} GROUP BY x.activity_id) t
        JOIN activities a ON a.id = t.activity_id
        ORDER BY t.participations DESC, t.persons DESC, a.title, a.id LIMIT {TOP_ACTIVITIES}""",
                 {"start": p.start, "end": p.end})
    for row in found:
        row["domain_label"] = config.label(config.domains, row["domain"])
    return found


def _fill(key: object, row: dict | None) -> dict:
    return {"key": key, **{k: (row or {}).get(k, 0) for k in AMOUNTS}}


def vouchers(conn: sqlite3.Connection, p: Period) -> dict:
    """Vouchers of the year's budget by current state; 'issued' counts them all."""
    found = {r["state"]: r for r in rows(conn, """
        SELECT state, COUNT(*) AS vouchers, SUM(value_cents) AS value_cents
        FROM vouchers WHERE budget_year = ? GROUP BY state""", [p.year])}
    result = {"issued": {"vouchers": sum(r["vouchers"] for r in found.values()),
                         "value_cents": sum(r["value_cents"] for r in found.values())}}
    names = {"redeemed": "redeemed", "issued": "open", "expired": "expired", "cancelled": "cancelled"}
    for state in VOUCHER_STATES:
        row = found.get(state) or {"vouchers": 0, "value_cents": 0}
        result[names[state]] = {"vouchers": row["vouchers"], "value_cents": row["value_cents"]}
    return result
