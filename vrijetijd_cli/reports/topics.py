"""The reports on one topic: budget, referrals, meetings, participants (same data as the yearly)."""

from __future__ import annotations

import sqlite3

from vrijetijd_cli.config import Config
from vrijetijd_cli.reports import (
    Period,
    budget,
    closed,
    consistent_read,
    disclosure,
    meetings,
    period,
    reach,
    referrals,
)


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


def year_pattern(conn: sqlite3.Connection, config: Config, p: Period) -> dict:
    """The year's disclosure pattern: the one stored with a closed year's public report, else
    computed from the year's internal report (as `report yearly --public` does)."""
    from vrijetijd_cli.reports import yearly

    with consistent_read(conn):
        stored = closed.document(conn, p.year)
        if stored is not None and "disclosure" in stored["public"]:
            return stored["public"]["disclosure"]
        return yearly.versions(conn, config, p)["public"]["disclosure"]


def _finish(conn: sqlite3.Connection, config: Config, p: Period, report: dict, public: bool,
            prefixes: dict[str, str]) -> dict:
    """The report as it is, or with the year's pattern applied (`prefixes`: which figures of the
    yearly report and its breakdowns each top-level key of the topic report shows)."""
    if not public:
        return report
    return disclosure.apply(report, year_pattern(conn, config, p), prefixes)


def budget_report(conn: sqlite3.Connection, config: Config, year: int | None = None,
                  public: bool = False) -> dict:
    """Available, spent, committed and remaining per source, domain, category and month."""
    p = period(year)
    with consistent_read(conn):
        report = {**_header("budget", p, config, public), "budget": budget.section(conn, config, p),
                  "by_month": budget.by_month(conn, p)}
    money = report["budget"]
    report["has_data"] = bool(money["spent_cents"] or money["committed_cents"] or money["origin"] == "budgets")
    return _finish(conn, config, p, report, public, {"budget": "budget", "by_month": "budget.by_month"})


def referrals_report(conn: sqlite3.Connection, config: Config, year: int | None = None,
                     by: str = "partner", public: bool = False) -> dict:
    """Referrals of the year per partner, month or ground, with their states and outcome."""
    p = period(year)
    with consistent_read(conn):
        groups = referrals.grouped(conn, config, p, by)
    report = {**_header("referrals", p, config, public), "by": by, **referrals.totals(groups), "rows": groups}
    report["has_data"] = bool(report["total"])
    return _finish(conn, config, p, report, public, {
        "total": "referrals.total", "led_to_participation": "referrals.led_to_participation",
        "led_to_participation_bp": "referrals.led_to_participation_bp", "by_state": "referrals.by_state",
        "rows": f"referrals.by_{by}"})


def meetings_report(conn: sqlite3.Connection, config: Config, year: int | None = None,
                    public: bool = False) -> dict:
    """Meetings held against the minimum, attendance per partner, action items."""
    p = period(year)
    with consistent_read(conn):
        report = {**_header("meetings", p, config, public),
                  "meetings": meetings.section(conn, config, p, with_texts=not public)}
    section = report["meetings"]
    report["has_data"] = bool(section["list"] or section["planned"] or section["actions"]["open_items"])
    # nothing about people: meetings, attendance and actions are never hidden
    return report


def participants_report(conn: sqlite3.Connection, config: Config, year: int | None = None,
                        by: str = "ground", public: bool = False) -> dict:
    """People reached in the year per ground, age band or postcode (every postcode)."""
    p = period(year)
    with consistent_read(conn):
        totals, found = reach.grouped(conn, config, p, by)
    report = {**_header("participants", p, config, public), "by": by, **totals, "rows": found}
    report["has_data"] = bool(report["participants"])
    rows = "by_postcode_all" if by == "postcode" else f"by_{by}"
    return _finish(conn, config, p, report, public,
                   {**{count: f"reach.{count}" for count in reach.COUNTS}, "rows": f"reach.{rows}"})
