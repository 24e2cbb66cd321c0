"""Deelname: the participations dated in a year by domain, activity, month and way of paying;
the vouchers of the year's budget.

A participation counts in the year of its date (docs/architecture.md, "Which year carries
what"); its money counts in its budget year (reports/budget.py).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from vrijetijd_cli.config import Config
from vrijetijd_cli.reports import Period, one, rows, tallied

PAID_VIA = ("kansentarief", "voucher", "gratis")
VOUCHER_STATES = ("redeemed", "issued", "expired", "cancelled")
TOP_ACTIVITIES = 10
AMOUNTS = ("participations", "persons", "price_cents", "participant_paid_cents", "network_paid_cents")

_SUMS = """COALESCE(SUM(t.participations), 0) AS participations, COALESCE(SUM(t.persons), 0) AS persons,
    COALESCE(SUM(t.price_cents), 0) AS price_cents,
    COALESCE(SUM(t.participant_paid_cents), 0) AS participant_paid_cents,
    COALESCE(SUM(t.network_paid_cents), 0) AS network_paid_cents"""


# one row per participation of the year, read from the covering index idx_participations_date_cover
# alone (tests/test_reports_yearly.py), added up per activity, way of paying and share: the three
# packed into one integer key, read back as the table's columns YEAR_KEYS
_WAY = " ".join(f"WHEN '{way}' THEN {index}" for index, way in enumerate(PAID_VIA))
YEAR_ROWS = f"""SELECT (activity_id * 4 + CASE paid_via {_WAY} END) * 2 + (organiser_carried_cents > 0),
    1, persons, price_cents, participant_paid_cents, organiser_carried_cents, network_paid_cents
    FROM participations WHERE date BETWEEN :start AND :end"""
YEAR_KEYS = {
    "activity_id": "packed >> 3",
    "paid_via": f"CASE (packed >> 1) & 3 {' '.join(f'WHEN {i} THEN {way!r}' for i, way in enumerate(PAID_VIA))} END",
    "shared": "packed & 1",
}
YEAR_SUMS = ("participations", "persons", "price_cents", "participant_paid_cents", "organiser_carried_cents",
             "network_paid_cents")
# a month's sums, from the same index: twelve of these read the year's rows once more but write
# nothing, which at Flanders scale takes a fifth of the time of keying the sums by month too
MONTH_SUMS = """SELECT COUNT(*) AS participations, COALESCE(SUM(persons), 0) AS persons,
    COALESCE(SUM(price_cents), 0) AS price_cents, COALESCE(SUM(participant_paid_cents), 0) AS participant_paid_cents,
    COALESCE(SUM(organiser_carried_cents), 0) AS organiser_carried_cents,
    COALESCE(SUM(network_paid_cents), 0) AS network_paid_cents
    FROM participations WHERE date >= :first AND date < :next"""


@dataclass(frozen=True)
class Sums:
    """The year's participations summed once (summed())."""

    table: str  # temporary table: the YEAR_SUMS per YEAR_KEYS
    by_month: dict[int, dict]  # {month 1..12: the sums}


@contextmanager
def summed(conn: sqlite3.Connection, p: Period) -> Iterator[Sums]:
    """The year's participations summed once, per activity, way of paying and whether an organiser
    carried part, into a small temporary table, and per month: the participation section and the
    shared cost (reports/shared_cost.py) add up every breakdown from these."""
    starts = [f"{p.year:04d}-{month:02d}-01" for month in range(1, 13)] + [f"{p.year + 1:04d}-01-01"]
    by_month = {month: one(conn, MONTH_SUMS, {"first": starts[month - 1], "next": starts[month]})
                for month in range(1, 13)}
    with tallied(conn, f"temp.participation_sums_{p.year}", YEAR_ROWS, (), YEAR_SUMS,
                 {"start": p.start, "end": p.end}, packed=YEAR_KEYS) as table:
        yield Sums(table, by_month)


def section(conn: sqlite3.Connection, config: Config, p: Period, took_part: int, sums: Sums | None = None) -> dict:
    """The 'deelname' section of the yearly report; `took_part` comes from the reach, `sums` from
    summed() (made here when not given)."""
    if sums is None:
        with summed(conn, p) as sums:
            return section(conn, config, p, took_part, sums)
    table = sums.table
    result = one(conn, f"SELECT {_SUMS}, COUNT(DISTINCT t.activity_id) AS activities FROM {table} t")
    result["participants"] = took_part
    result["by_domain"] = by_domain(conn, config, table)
    result["top_activities"] = _top_activities(conn, config, table)
    found = {r["key"]: r for r in rows(conn, f"SELECT t.paid_via AS key, {_SUMS} FROM {table} t GROUP BY key")}
    result["by_paid_via"] = [_fill(key, found.get(key)) for key in PAID_VIA]
    result["by_month"] = [_fill(month, sums.by_month[month]) for month in range(1, 13)]
    result["vouchers"] = vouchers(conn, p)
    result["overrides"] = overrides(conn, p)
    return result


OVERRIDE_KINDS = ("over_cap", "without_status", "unsplit")


def overrides(conn: sqlite3.Connection, p: Period) -> list[dict]:
    """The year's participations registered as an exception, per kind: above the yearly cap, without
    an active status, and (before the two were told apart) with one reason for either. A
    participation with both counts in both rows. The WHERE is the partial index's condition."""
    row = one(conn, """
        SELECT COALESCE(SUM(over_cap_reason != ''), 0) AS over_cap,
               COALESCE(SUM(CASE WHEN over_cap_reason != '' THEN network_paid_cents END), 0) AS over_cap_cents,
               COALESCE(SUM(without_status_reason != ''), 0) AS without_status,
               COALESCE(SUM(CASE WHEN without_status_reason != '' THEN network_paid_cents END), 0)
                   AS without_status_cents,
               COALESCE(SUM(over_cap_reason = '' AND without_status_reason = ''), 0) AS unsplit,
               COALESCE(SUM(CASE WHEN over_cap_reason = '' AND without_status_reason = ''
                            THEN network_paid_cents END), 0) AS unsplit_cents
        FROM participations INDEXED BY idx_participations_overrides
        WHERE date BETWEEN :start AND :end
          AND (over_cap_reason != '' OR without_status_reason != '' OR override_reason != '')""",
              {"start": p.start, "end": p.end})
    return [{"key": kind, "participations": row[kind], "network_paid_cents": row[f"{kind}_cents"]}
            for kind in OVERRIDE_KINDS]


def by_domain(conn: sqlite3.Connection, config: Config, table: str) -> list[dict]:
    """Per domain: participations, persons, amounts and number of activities."""
    sums = {r["key"]: r for r in rows(conn, f"""
        SELECT a.domain AS key, {_SUMS}, COUNT(DISTINCT t.activity_id) AS activities
        FROM {table} t JOIN activities a ON a.id = t.activity_id GROUP BY a.domain""")}
    codes = list(config.domains) + sorted(k for k in sums if k not in config.domains)
    return [{"key": code, "label": config.label(config.domains, code), **_fill(code, sums.get(code)),
             "activities": (sums.get(code) or {}).get("activities", 0)} for code in codes]


def _top_activities(conn: sqlite3.Connection, config: Config, table: str) -> list[dict]:
    found = rows(conn, f"""
        SELECT a.id AS activity_id, a.title, a.domain, t.participations, t.persons, t.price_cents,
               t.participant_paid_cents, t.network_paid_cents
        FROM (SELECT t.activity_id, {_SUMS} FROM {table} t GROUP BY t.activity_id) t
        JOIN activities a ON a.id = t.activity_id
        ORDER BY t.participations DESC, t.persons DESC, a.title, a.id LIMIT {TOP_ACTIVITIES}""")
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
