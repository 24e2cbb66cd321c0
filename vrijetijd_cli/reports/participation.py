"""Deelname: participations of a year by domain, activity, month and way of paying; vouchers.

The year's participations are read from their sums kept by triggers (schema_summaries.py): per
activity and way of paying into a small temporary table (domains, top activities, totals come
from it), and per month.
"""

from __future__ import annotations

import sqlite3

from vrijetijd_cli.config import Config
from vrijetijd_cli.reports import Period, one, rows

PAID_VIA = ("kansentarief", "voucher", "gratis")
VOUCHER_STATES = ("redeemed", "issued", "expired", "cancelled")
TOP_ACTIVITIES = 10

_SUMS = """COALESCE(SUM(t.participations), 0) AS participations,
    COALESCE(SUM(t.persons), 0) AS persons,
    COALESCE(SUM(t.price_cents), 0) AS price_cents,
    COALESCE(SUM(t.participant_paid_cents), 0) AS participant_paid_cents,
    COALESCE(SUM(t.network_paid_cents), 0) AS network_paid_cents"""


def section(conn: sqlite3.Connection, config: Config, p: Period, took_part: int) -> dict:
    """The 'deelname' section of the yearly report; `took_part` comes from the reach."""
    agg = f"temp.participation_{p.year}"
    conn.execute(f"DROP TABLE IF EXISTS {agg}")
    conn.execute(f"""
        CREATE TABLE {agg} AS
        SELECT activity_id, paid_via, SUM(participations) AS participations, SUM(persons) AS persons,
               SUM(price_cents) AS price_cents, SUM(participant_paid_cents) AS participant_paid_cents,
               SUM(network_paid_cents) AS network_paid_cents
        FROM participation_sums WHERE year = :year
        GROUP BY activity_id, paid_via""", {"year": p.year})
    try:
        result = one(conn, f"SELECT {_SUMS} FROM {agg} t")
        result["participants"] = took_part
        result["activities"] = one(conn, f"SELECT COUNT(DISTINCT activity_id) AS n FROM {agg}")["n"]
        result["by_domain"] = by_domain(conn, config, agg)
        result["top_activities"] = _top_activities(conn, config, agg)
        result["by_paid_via"] = _by_paid_via(conn, agg)
    finally:
        conn.execute(f"DROP TABLE IF EXISTS {agg}")
    result["by_month"] = _by_month(conn, p)
    result["vouchers"] = vouchers(conn, p)
    return result


def by_domain(conn: sqlite3.Connection, config: Config, agg: str) -> list[dict]:
    """Per domain: participations, persons, amounts and number of activities."""
    sums = {r["key"]: r for r in rows(conn, f"""
        SELECT a.domain AS key, {_SUMS}, COUNT(DISTINCT t.activity_id) AS activities
        FROM {agg} t JOIN activities a ON a.id = t.activity_id GROUP BY a.domain""")}
    codes = list(config.domains) + sorted(k for k in sums if k not in config.domains)
    empty = {"participations": 0, "persons": 0, "price_cents": 0, "participant_paid_cents": 0,
             "network_paid_cents": 0, "activities": 0}
    result = []
    for code in codes:
        row = {"key": code, "label": config.label(config.domains, code), **empty}
        row.update({k: v for k, v in sums.get(code, {}).items() if k != "key"})
        result.append(row)
    return result


def _top_activities(conn: sqlite3.Connection, config: Config, agg: str) -> list[dict]:
    found = rows(conn, f"""
        SELECT a.id AS activity_id, a.title, a.domain, {_SUMS}
        FROM {agg} t JOIN activities a ON a.id = t.activity_id
        GROUP BY a.id ORDER BY participations DESC, persons DESC, a.title, a.id
        LIMIT {TOP_ACTIVITIES}""")
    for row in found:
        row["domain_label"] = config.label(config.domains, row["domain"])
    return found


def _by_paid_via(conn: sqlite3.Connection, agg: str) -> list[dict]:
    found = {r["key"]: r for r in rows(conn, f"SELECT t.paid_via AS key, {_SUMS} FROM {agg} t GROUP BY t.paid_via")}
    return [_fill(key, found.get(key)) for key in PAID_VIA]


def _by_month(conn: sqlite3.Connection, p: Period) -> list[dict]:
    found = {r["key"]: r for r in rows(conn, f"""
        SELECT CAST(substr(t.month, 6, 2) AS INTEGER) AS key, {_SUMS}
        FROM participation_month_sums t WHERE t.month BETWEEN :start AND :end
        GROUP BY key""", {"start": p.start[:7], "end": p.end[:7]})}
    return [_fill(month, found.get(month)) for month in range(1, 13)]


def _fill(key: object, row: dict | None) -> dict:
    keys = ("participations", "persons", "price_cents", "participant_paid_cents", "network_paid_cents")
    return {"key": key, **{k: (row or {}).get(k, 0) for k in keys}}


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
