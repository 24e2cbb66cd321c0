"""Budget: available per source, spent (participations + expenses), committed, remaining.

Available: the `budgets` rows of the year (one per municipality in a regional network); a year
without one has no budget (origin 'none', and the report says so: it never takes the config's
amount silently). Spent: the network's
share of the participations booked on the year's budget plus the year's expenses. Committed:
vouchers of the year's budget still open and still valid today. Remaining = available − spent
− committed; used = (spent + committed) / available.
"""

from __future__ import annotations

import sqlite3

from vrijetijd_cli.config import Config
from vrijetijd_cli.reports import Period, rows, share_bp

SOURCES = ("trekkingsrecht", "cofinanciering", "ander")
CATEGORIES = ("communicatie", "vervoer", "materiaal", "werking", "andere")


def available(conn: sqlite3.Connection, year: int) -> tuple[dict[str, int], str]:
    """Cents per source and where they come from: 'budgets' (set for the year) or 'none'. A regional
    network's budget is the sum of its municipalities' (and the region's own)."""
    row = conn.execute(
        "SELECT SUM(trekkingsrecht_cents), SUM(cofinancing_cents), SUM(other_cents), COUNT(*) FROM budgets"
        " WHERE year = ?", [year]).fetchone()
    if not row[3]:
        return dict.fromkeys(SOURCES, 0), "none"
    return dict(zip(SOURCES, tuple(row)[:3], strict=True)), "budgets"


def section(conn: sqlite3.Connection, config: Config, p: Period) -> dict:
    """The 'budget' section of the yearly report (and the budget report)."""
    avail, origin = available(conn, p.year)
    # the participations booked on the year's budget, whatever their date
    spent_rows = rows(conn, """
        SELECT a.domain AS domain, t.source, SUM(t.cents) AS cents
        FROM (SELECT activity_id, funding_source AS source, SUM(network_paid_cents) AS cents
              FROM participations WHERE budget_year = ? GROUP BY activity_id, funding_source) t
        JOIN activities a ON a.id = t.activity_id
        GROUP BY a.domain, t.source""", [p.year])
    expense_rows = rows(conn, """
        SELECT category, funding_source AS source, SUM(amount_cents) AS cents
        FROM expenses WHERE year = ? GROUP BY category, funding_source""", [p.year])
    committed_rows = rows(conn, """
        SELECT funding_source AS source, SUM(value_cents) AS cents, COUNT(*) AS vouchers
        FROM vouchers WHERE budget_year = ? AND state = 'issued' AND valid_until >= ?
        GROUP BY funding_source""", [p.year, p.today.isoformat()])
    # vouchers of a closed earlier budget year redeemed on this year's budget (only a closed year
    # carries over: without one the query is skipped)
    carried = {"vouchers": 0, "cents": 0}
    if conn.execute("SELECT 1 FROM report_snapshots WHERE year < ? AND reopened_at IS NULL", [p.year]).fetchone():
        carried = rows(conn, """
            SELECT COUNT(*) AS vouchers, COALESCE(SUM(x.network_paid_cents), 0) AS cents
            FROM participations x JOIN vouchers v ON v.id = x.voucher_id
            WHERE x.budget_year = ? AND v.budget_year < x.budget_year""", [p.year])[0]
    by_source = []
    for source in SOURCES:
        spent = _total(spent_rows, source=source) + _total(expense_rows, source=source)
        committed = _total(committed_rows, source=source)
        by_source.append({
            "source": source, "available_cents": avail[source], "spent_cents": spent,
            "committed_cents": committed, "remaining_cents": avail[source] - spent - committed,
            "used_bp": share_bp(spent + committed, avail[source]),
        })
    participations = _total(spent_rows)
    expenses = _total(expense_rows)
    total = sum(avail.values())
    spent = participations + expenses
    committed = _total(committed_rows)
    domains = list(config.domains) + sorted({r["domain"] for r in spent_rows} - set(config.domains))
    return {
        "origin": origin,
        "available_cents": total,
        "spent_cents": spent,
        "participations_cents": participations,
        "expenses_cents": expenses,
        "committed_cents": committed,
        "committed_vouchers": sum(r["vouchers"] for r in committed_rows),
        "carried_over": {"vouchers": carried["vouchers"], "spent_cents": carried["cents"]},
        "remaining_cents": total - spent - committed,
        "used_bp": share_bp(spent + committed, total),
        "warn_share_bp": config.budget_warn_share_bp,
        "by_source": by_source,
        "spent_by_domain": [
            {"key": d, "label": config.label(config.domains, d), "spent_cents": _total(spent_rows, domain=d)}
            for d in domains
        ],
        "spent_by_category": [
            {"key": c, "spent_cents": _total(expense_rows, category=c)} for c in CATEGORIES
        ],
    }


def _total(found: list[dict], **match: str) -> int:
    """Sum of `cents` over the aggregated rows that match (a handful of rows, never data rows)."""
    return sum(r["cents"] or 0 for r in found if all(r[k] == v for k, v in match.items()))


def by_month(conn: sqlite3.Connection, p: Period) -> list[dict]:
    """Spending on the year's budget per calendar month (a late booking shows in its own month)."""
    found = {r["month"]: r for r in rows(conn, """
        SELECT month, SUM(participations) AS participations_cents, SUM(expenses) AS expenses_cents
        FROM (SELECT substr(date, 1, 7) AS month, SUM(network_paid_cents) AS participations, 0 AS expenses
              FROM participations WHERE budget_year = :year GROUP BY month
              UNION ALL
              SELECT substr(date, 1, 7), 0, SUM(amount_cents) FROM expenses WHERE year = :year
              GROUP BY substr(date, 1, 7))
        GROUP BY month ORDER BY month""", {"year": p.year})}
    months = [f"{p.year:04d}-{m:02d}" for m in range(1, 13)]
    months += sorted(m for m in found if m not in months)
    result = []
    for month in months:
        row = found.get(month, {"participations_cents": 0, "expenses_cents": 0})
        result.append({
            "month": month, "participations_cents": row["participations_cents"],
            "expenses_cents": row["expenses_cents"],
            "spent_cents": row["participations_cents"] + row["expenses_cents"],
        })
    return result
