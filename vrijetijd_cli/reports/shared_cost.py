"""Solidaire kostendeling: the year's participations split into what the participants paid, what the
organisers carried and what the network paid, in total, per domain and per organiser.

The participations of the year are those dated in it, as in reports/participation.py, so the totals
and the rows per domain are the participation section's (the same people, the same money). Per
organiser: one row for each organiser that carried part of a price in the year (a partner, or an
organiser written as text), with the participations in which it did; one row ('none') for the
participations in which no organiser carried anything. The rows add up to the totals. The totals
and each domain also count the participations in which an organiser carried part
(`shared_participations`): the group the organisers' money belongs to.
docs/architecture.md, "Shared cost".
"""

from __future__ import annotations

import sqlite3

from vrijetijd_cli.config import Config
from vrijetijd_cli.reports import Period, one, participation, rows, share_bp

COUNTS = ("participations", "persons")
SHARED = "shared_participations"
AMOUNTS = ("price_cents", "participant_paid_cents", "organiser_carried_cents", "network_paid_cents")
NONE = "none"

_SUMS = """COALESCE(SUM(t.participations), 0) AS participations, COALESCE(SUM(t.persons), 0) AS persons,
    COALESCE(SUM(t.price_cents), 0) AS price_cents,
    COALESCE(SUM(t.participant_paid_cents), 0) AS participant_paid_cents,
    COALESCE(SUM(t.organiser_carried_cents), 0) AS organiser_carried_cents,
    COALESCE(SUM(t.network_paid_cents), 0) AS network_paid_cents,
    COALESCE(SUM(CASE WHEN t.shared THEN t.participations END), 0) AS shared_participations"""
# who carried: the organiser partner, the organiser as written, or no organiser at all
_ORGANISER = """CASE WHEN NOT t.shared THEN 'none'
    WHEN a.organiser_partner_id IS NOT NULL THEN 'partner:' || a.organiser_partner_id
    WHEN a.organiser_name != '' THEN 'name:' || a.organiser_name
    ELSE 'unknown' END"""


def section(conn: sqlite3.Connection, config: Config, p: Period, sums: participation.Sums | None = None) -> dict:
    """The 'shared_cost' section of the yearly report: the totals, the domains and the organisers
    added up from the year's participations summed once (`sums`: participation.summed(), made
    here when not given)."""
    if sums is None:
        with participation.summed(conn, p) as sums:
            return section(conn, config, p, sums)
    table = sums.table
    result = _shares(one(conn, f"SELECT {_SUMS} FROM {table} t"))
    result["by_domain"] = by_domain(conn, config, table)
    result["by_organiser"] = by_organiser(conn, table)
    return result


def by_domain(conn: sqlite3.Connection, config: Config, table: str) -> list[dict]:
    """The split per domain: the configured domains in their order, then any other with data."""
    found = {r["key"]: r for r in rows(conn, f"""
        SELECT a.domain AS key, {_SUMS} FROM {table} t JOIN activities a ON a.id = t.activity_id
        GROUP BY a.domain""")}
    codes = list(config.domains) + sorted(k for k in found if k not in config.domains)
    return [{"key": code, "label": config.label(config.domains, code), **_shares(found.get(code))} for code in codes]


def by_organiser(conn: sqlite3.Connection, table: str) -> list[dict]:
    """The split per organiser that carried part of a price, the most carried first, then the
    participations in which no organiser carried anything."""
    found = rows(conn, f"""
        SELECT s.key, s.partner_id, COALESCE(pt.name, s.organiser_name) AS name, s.participations, s.persons,
               s.price_cents, s.participant_paid_cents, s.organiser_carried_cents, s.network_paid_cents
        FROM (SELECT {_ORGANISER} AS key, CASE WHEN t.shared THEN a.organiser_partner_id END AS partner_id,
                     CASE WHEN t.shared AND a.organiser_partner_id IS NULL THEN a.organiser_name ELSE '' END
                         AS organiser_name, {_SUMS}
              FROM {table} t JOIN activities a ON a.id = t.activity_id GROUP BY 1, 2, 3) s
        LEFT JOIN partners pt ON pt.id = s.partner_id
        ORDER BY s.key = 'none', s.organiser_carried_cents DESC, name, s.key""")
    return [_shares(row, shared=False) for row in found]


def _shares(row: dict | None, shared: bool = True) -> dict:
    """The counts and amounts of a row (zeros for none), with the organisers' share of the price; a
    row per organiser has no count of shared participations (they are its participations, or none)."""
    row = dict(row or {})
    for name in (*COUNTS, *AMOUNTS, SHARED):
        row[name] = row.get(name) or 0
    if not shared:
        del row[SHARED]
    row["organiser_share_bp"] = share_bp(row["organiser_carried_cents"], row["price_cents"])
    return row
