"""The yearly evaluation report: every section of one year, with the previous year beside it.

`build(conn, config, year, public)` is the one entry point (the `report yearly` and `demo`
commands call it). The result is plain data; render/report_*.py present it.
"""

from __future__ import annotations

import sqlite3

from vrijetijd_cli.config import Config
from vrijetijd_cli.reports import (
    Period,
    budget,
    findings,
    goals,
    mask_counts,
    masked,
    meetings,
    one,
    participation,
    period,
    reach,
    referrals,
    rows,
    share_bp,
    snapshot,
)

# (key, kind) of the figures compared with the previous year; kind 'count' is masked in public
COMPARED = (
    ("participants", "count"), ("new_participants", "count"), ("took_part", "count"),
    ("referrals", "count"), ("participations", "count"), ("persons", "count"),
    ("vouchers_issued", "count"), ("spent_cents", "money"), ("available_cents", "money"),
    ("used_bp", "percent"), ("meetings_held", "number"),
)


def build(conn: sqlite3.Connection, config: Config, year: int | None = None, public: bool = False) -> dict:
    """The whole yearly report of `year` (default: the last complete year)."""
    p = period(year)
    with snapshot(conn):
        reach_section = reach.section(conn, config, p)
        budget_section = budget.section(conn, config, p)
        report = {
            "report": "yearly",
            "year": p.year,
            "period": {"start": p.start, "end": p.end, "as_of": p.as_of, "complete": p.complete},
            "generated_on": p.today.isoformat(),
            "public": public,
            "small_cell_threshold": config.small_cell_threshold,
            "network": network(conn, config, p, budget_section),
            "reach": reach_section,
            "referrals": referrals.section(conn, config, p),
            "participation": participation.section(conn, config, p, reach_section["took_part"]),
            "budget": budget_section,
            "meetings": meetings.section(conn, config, p, with_texts=not public),
            "goals": goals.tree(conn, p),
            "goals_by_state": goals.by_state(conn, p),
        }
        report["has_data"] = has_data(conn, report)
        report["comparison"] = comparison(config, p, report, key_figures(conn, config, p.previous()), public)
        report["findings"] = findings.build(config, p, report, findings.counts(conn, config, p))
    return mask_counts(report, config.small_cell_threshold) if public else report


def network(conn: sqlite3.Connection, config: Config, p: Period, budget_section: dict) -> dict:
    """Kerngegevens: the network, its partners in the year and the trekkingsrecht."""
    partners = rows(conn, """
        SELECT id, name, kind FROM partners pt
        WHERE (joined_on IS NULL OR joined_on <= :end)
          AND (active = 1
               OR EXISTS (SELECT 1 FROM referrals r WHERE r.partner_id = pt.id
                          AND r.date BETWEEN :start AND :end)
               OR EXISTS (SELECT 1 FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id
                          WHERE a.partner_id = pt.id AND m.date BETWEEN :start AND :end))
        ORDER BY id""", {"start": p.start, "end": p.end})
    for row in partners:
        row["kind_label"] = config.label(config.partner_kinds, row["kind"])
    sources = {r["source"]: r["available_cents"] for r in budget_section["by_source"]}
    return {
        "name": config.network_name,
        "municipality": config.municipality,
        "province": config.province,
        "contact": config.contact,
        "first_agreement_year": config.first_agreement_year,
        # None before the agreement: a year of the network's own counting starts with it
        "agreement_year": p.year - config.first_agreement_year + 1 if p.year >= config.first_agreement_year else None,
        "partner_count": len(partners),
        "partners": partners,
        "trekkingsrecht_cents": sources["trekkingsrecht"],
        "cofinancing_cents": sources["cofinanciering"],
        "other_budget_cents": sources["ander"],
    }


def has_data(conn: sqlite3.Connection, report: dict) -> bool:
    """Anything at all recorded for the year (a budget set for it counts too)."""
    evaluated = one(conn, "SELECT COUNT(*) AS n FROM evaluations WHERE year = ?", [report["year"]])["n"]
    return bool(
        report["reach"]["participants"] or report["referrals"]["total"]
        or report["participation"]["participations"] or report["meetings"]["list"]
        or report["meetings"]["planned"] or report["budget"]["expenses_cents"]
        or report["participation"]["vouchers"]["issued"]["vouchers"]
        or report["budget"]["origin"] == "budgets" or evaluated
    )


def key_figures(conn: sqlite3.Connection, config: Config, p: Period) -> dict:
    """The compared figures of a year, computed on their own (for the previous year)."""
    span = {"start": p.start, "end": p.end}
    people = reach.counts(conn, p)
    taking_part = one(conn, """
        SELECT COUNT(*) AS participations, COALESCE(SUM(persons), 0) AS persons
        FROM participations WHERE date BETWEEN :start AND :end""", span)
    money = budget.section(conn, config, p)
    return {
        "participants": people["participants"],
        "new_participants": people["new_participants"],
        "took_part": people["took_part"],
        "referrals": one(conn, "SELECT COUNT(*) AS n FROM referrals WHERE date BETWEEN :start AND :end",
                         span)["n"],
        "participations": taking_part["participations"],
        "persons": taking_part["persons"],
        "vouchers_issued": one(conn, "SELECT COUNT(*) AS n FROM vouchers WHERE budget_year = ?",
                               [p.year])["n"],
        "spent_cents": money["spent_cents"],
        "available_cents": money["available_cents"],
        "used_bp": money["used_bp"],
        "meetings_held": one(conn, """
            SELECT COUNT(*) AS n FROM meetings WHERE date BETWEEN :start AND :end
            AND kind IN ('overleg', 'evaluatie')""", span)["n"],
    }


def comparison(config: Config, p: Period, report: dict, previous: dict, public: bool) -> dict:
    """This year's key figures beside the previous year's, with the change."""
    current = {
        "participants": report["reach"]["participants"],
        "new_participants": report["reach"]["new_participants"],
        "took_part": report["reach"]["took_part"],
        "referrals": report["referrals"]["total"],
        "participations": report["participation"]["participations"],
        "persons": report["participation"]["persons"],
        "vouchers_issued": report["participation"]["vouchers"]["issued"]["vouchers"],
        "spent_cents": report["budget"]["spent_cents"],
        "available_cents": report["budget"]["available_cents"],
        "used_bp": report["budget"]["used_bp"],
        "meetings_held": report["meetings"]["held"],
    }
    figures = []
    for key, kind in COMPARED:
        now, before = current[key], previous[key]
        change = None if now is None or before is None else now - before
        row = {"key": key, "kind": kind, "current": now, "previous": before, "change": change,
               "change_bp": share_bp(change, before) if kind in ("count", "money") else None}
        if public and kind == "count":
            row["current"] = masked(now, config.small_cell_threshold)
            row["previous"] = masked(before, config.small_cell_threshold)
            if row["current"] != now or row["previous"] != before:
                row["change"] = row["change_bp"] = None
        figures.append(row)
    return {"previous_year": p.year - 1, "figures": figures}
