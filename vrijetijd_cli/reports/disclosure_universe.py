"""What the public documents of a year show, gathered from the database: the yearly report, the
topic breakdowns, the sizes of the groups behind the budget's money and how last year's figures
were published. reports/disclosure_cells.py turns it into cells and relations.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from vrijetijd_cli.config import Config
from vrijetijd_cli.reports import Period, budget, disclosure_regional, one, reach, referrals, rows, tally
from vrijetijd_cli.reports.disclosure_cells import COMPARED


def topic_breakdowns(conn: sqlite3.Connection, config: Config, p: Period,
                     tables: reach.Reached | None = None) -> dict:
    """The breakdowns of the topic reports that the yearly report does not show in full: the
    reached people per postcode (every one) and the referrals per month and per ground. `tables`:
    the year's reached people, when at hand (the yearly report has them)."""
    if tables is None:
        with reach.reached(conn, p) as tables:
            return topic_breakdowns(conn, config, p, tables)
    return {
        "postcodes": reach.by_postcode(tables.groups, set(reach.local_postcodes(config, p))),
        "referrals_by_month": referrals.grouped(conn, config, p, "month", tables.people),
        "referrals_by_ground": referrals.grouped(conn, config, p, "ground", tables.people),
    }


def universe(conn: sqlite3.Connection, config: Config, p: Period, report: dict,
             previous_public: dict | None = None, breakdowns: dict | None = None) -> dict:
    """Everything the public documents of the year show: the yearly report (`report`), the topic
    breakdowns (topic_breakdowns(), made here when not given), the sizes of the groups behind the
    budget's money and how last year's figures were published (`previous_public`: that year's
    stored public report, when it is closed)."""
    return {
        "report": report,
        **(breakdowns or topic_breakdowns(conn, config, p)),
        "budget_by_month": budget.by_month(conn, p),
        "groups": budget_groups(conn, p),
        "previous_hidden": previous_hidden(conn, report, previous_public),
        # a regional network's rows per municipality (reports/disclosure_regional.py)
        "regional": disclosure_regional.facts(conn, config, p) if "municipalities" in report else None,
    }


def budget_groups(conn: sqlite3.Connection, p: Period) -> dict:
    """For each amount of the budget, how many participations booked on the year's budget it paid
    for (the network paid something), and how many open vouchers each source's committed money
    is: no table of the report shows these counts."""
    found = tally(conn, """
        SELECT a.domain, x.funding_source, substr(x.date, 1, 7), x.network_paid_cents > 0
        FROM participations x JOIN activities a ON a.id = x.activity_id
        WHERE x.budget_year = ?""", ("domain", "source", "month"), ("n",), [p.year])
    spent: dict[str, Any] = {"total": sum(r["n"] for r in found)}
    for name in ("source", "domain", "month"):
        spent[name] = {}
        for row in found:
            spent[name][row[name]] = spent[name].get(row[name], 0) + row["n"]
    committed = {r["source"]: r["n"] for r in rows(conn, """
        SELECT funding_source AS source, COUNT(*) AS n FROM vouchers
        WHERE budget_year = ? AND state = 'issued' AND valid_until >= ? GROUP BY funding_source""",
                                                   [p.year, p.today.isoformat()])}
    return {"participations": spent, "committed": committed}


def previous_hidden(conn: sqlite3.Connection, report: dict, previous_public: dict | None) -> dict[str, bool]:
    """Which of last year's compared figures the comparison hides: as that year's stored public
    report published them when it is closed; else a count of people below the threshold, and the
    money spent (and the share used) when it paid for fewer participations than that."""
    threshold = report["small_cell_threshold"]
    figures = {f["key"]: f["previous"] for f in report["comparison"]["figures"]}
    if previous_public is not None:
        stored = previous_public.get("disclosure", {}).get("hidden", {})
        shown = {f["key"]: f["current"] for f in previous_public["comparison"]["figures"]}
        return {key: not isinstance(shown.get(key), int) or f"comparison.figures[{key}].current" in stored
                for key in (*COMPARED, "used_bp") if figures.get(key) is not None}
    hidden = {key: 0 < figures[key] < threshold for key in COMPARED
              if key != "spent_cents" and figures.get(key) is not None}
    booked = one(conn, "SELECT COUNT(*) AS n FROM participations WHERE budget_year = ? AND network_paid_cents > 0",
                 [report["comparison"]["previous_year"]])["n"]
    hidden["spent_cents"] = hidden["used_bp"] = 0 < booked < threshold
    return hidden
