"""The reports on one topic: budget, referrals, meetings, participants (same data as the yearly)."""

from __future__ import annotations

import sqlite3

from vrijetijd_cli.config import Config
from vrijetijd_cli.reports import (
    Period,
    budget,
    consistent_read,
    meetings,
    period,
    reach,
    referrals,
)
from vrijetijd_cli.reports.disclosure import mask_counts


def _header(kind: str, p: Period, config: Config, public: bool) -> dict:
    return {
        "report": kind,
        "year": p.year,
        "period": {"start": p.start, "end": p.end, "as_of": p.as_of, "complete": p.complete},
        "generated_on": p.today.isoformat(),
        "public": public,
        "small_cell_threshold": config.small_cell_threshold,
        "network": {"name": config.network_name, "municipality": config.municipality},
    }


def _finish(report: dict, config: Config, public: bool) -> dict:
    return mask_counts(report, config.small_cell_threshold) if public else report


def budget_report(conn: sqlite3.Connection, config: Config, year: int | None = None,
                  public: bool = False) -> dict:
    """Available, spent, committed and remaining per source, domain, category and month."""
    p = period(year)
    with consistent_read(conn):
        report = {**_header("budget", p, config, public), "budget": budget.section(conn, config, p),
                  "by_month": budget.by_month(conn, p)}
    money = report["budget"]
    report["has_data"] = bool(money["spent_cents"] or money["committed_cents"] or money["origin"] == "budgets")
    return _finish(report, config, public)


def referrals_report(conn: sqlite3.Connection, config: Config, year: int | None = None,
                     by: str = "partner", public: bool = False) -> dict:
    """Referrals of the year per partner, month or ground, with their states and outcome."""
    p = period(year)
    with consistent_read(conn):
        groups = referrals.grouped(conn, config, p, by)
    report = {**_header("referrals", p, config, public), "by": by, **referrals.totals(groups), "rows": groups}
    report["has_data"] = bool(report["total"])
    return _finish(report, config, public)


def meetings_report(conn: sqlite3.Connection, config: Config, year: int | None = None,
                    public: bool = False) -> dict:
    """Meetings held against the minimum, attendance per partner, action items."""
    p = period(year)
    with consistent_read(conn):
        report = {**_header("meetings", p, config, public),
                  "meetings": meetings.section(conn, config, p, with_texts=not public)}
    section = report["meetings"]
    report["has_data"] = bool(section["list"] or section["planned"] or section["actions"]["open_items"])
    return _finish(report, config, public)


def participants_report(conn: sqlite3.Connection, config: Config, year: int | None = None,
                        by: str = "ground", public: bool = False) -> dict:
    """People reached in the year per ground, age band or postcode (every postcode)."""
    p = period(year)
    with consistent_read(conn):
        totals, found = reach.grouped(conn, config, p, by)
    report = {**_header("participants", p, config, public), "by": by, **totals, "rows": found}
    report["has_data"] = bool(report["participants"])
    return _finish(report, config, public)
