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
    closed,
    consistent_read,
    council,
    disclosure,
    disclosure_universe,
    findings,
    goals,
    meetings,
    municipalities,
    one,
    participation,
    period,
    reach,
    referrals,
    rows,
    share_bp,
    shared_cost,
    signals,
)

# (key, kind) of the figures compared with the previous year
COMPARED = (
    ("participants", "count"), ("new_participants", "count"), ("took_part", "count"),
    ("referrals", "count"), ("participations", "count"), ("persons", "count"),
    ("vouchers_issued", "count"), ("spent_cents", "money"), ("available_cents", "money"),
    ("used_bp", "percent"), ("meetings_held", "number"),
)


def build(conn: sqlite3.Connection, config: Config, year: int | None = None, public: bool = False,
          current: bool = False) -> dict:
    """The yearly report of `year` (default: the last complete year). A closed year's report is
    the one stored when it was closed; `current` computes it again from today's data and lists
    every figure that differs from the stored one."""
    p = period(year)
    with consistent_read(conn):
        stored = closed.document(conn, p.year)
        if stored is not None and not current:
            document = stored["public" if public else "internal"]
            if config.regional and "municipalities" not in document:
                # closed before the reports had a section per municipality: as it was, with a note
                document["municipality_note"] = council.CLOSED_BEFORE
            return document
        report = versions(conn, config, p)["public"] if public else compute(conn, config, p)
    if stored is not None:
        report["closed"] = stored["internal"]["closed"]
        report["differences"] = differences(stored["public" if public else "internal"], report)
    return report


def versions(conn: sqlite3.Connection, config: Config, p: Period) -> dict:
    """{'internal': the report, 'public': the same with the year's disclosure pattern applied and
    stored in it}: what closing stores."""
    with consistent_read(conn):
        breakdowns: dict = {}
        internal = compute(conn, config, p, breakdowns)
        previous = closed.document(conn, p.year - 1)
        pattern = disclosure.year_pattern(conn, config, p, internal, previous and previous["public"], breakdowns)
    return {"internal": internal, "public": disclosure.public_version(internal, pattern)}


def compute(conn: sqlite3.Connection, config: Config, p: Period, breakdowns: dict | None = None) -> dict:
    """Every section of the year, from the raw tables. `breakdowns`, when given, receives the topic
    breakdowns the public version needs too (disclosure_universe.topic_breakdowns), made from the
    same reached people."""
    with consistent_read(conn):
        with reach.reached(conn, p) as tables:
            reach_section = reach.summarise(conn, config, p, tables)
            referrals_section = referrals.section(conn, config, p, tables.people)
            if breakdowns is not None:
                breakdowns.update(disclosure_universe.topic_breakdowns(conn, config, p, tables))
            # a regional network: the same reach, added up per municipality
            residents = municipalities.residents(conn, config, p, tables) if config.regional else None
        budget_section = budget.section(conn, config, p)
        with participation.summed(conn, p) as sums:
            taking_part = participation.section(conn, config, p, reach_section["took_part"], sums)
            shared = shared_cost.section(conn, config, p, sums)
        report = {
            "report": "yearly",
            "year": p.year,
            "period": {"start": p.start, "end": p.end, "as_of": p.as_of, "complete": p.complete},
            "generated_on": p.today.isoformat(),
            "public": False,
            "small_cell_threshold": config.small_cell_threshold,
            "network": network(conn, config, p, budget_section),
            "reach": reach_section,
            "referrals": referrals_section,
            "participation": taking_part,
            "shared_cost": shared,
            "budget": budget_section,
            "meetings": meetings.section(conn, config, p),
            "goals": goals.tree(conn, p),
            "goals_by_state": goals.by_state(conn, p),
            "signals": signals.section(conn, config, p),
        }
        if residents is not None:
            report["municipalities"], report["outside_region"] = municipalities.section(
                conn, config, p, residents, report)
        report["has_data"] = has_data(conn, report)
        report["comparison"] = comparison(p, report, previous_figures(conn, config, p.previous()))
        report["findings"] = findings.build(config, p, report, findings.counts(conn, config, p))
    return report


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
    area = {"municipalities": [m.name for m in config.municipalities]} if config.regional else {}
    return {
        "name": config.network_name,
        "municipality": config.municipality,
        **area,
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
        or report["budget"]["origin"] == "budgets" or evaluated or report["signals"]["raised"]
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
            SELECT COUNT(DISTINCT date || kind) AS n FROM meetings WHERE date BETWEEN :start AND :end
            AND kind IN ('overleg', 'evaluatie')""", span)["n"],
    }


def previous_figures(conn: sqlite3.Connection, config: Config, p: Period) -> dict:
    """The compared figures of the previous year: as handed over when that year is closed."""
    stored = closed.document(conn, p.year)
    if stored is None:
        return key_figures(conn, config, p)
    return {f["key"]: f["current"] for f in stored["internal"]["comparison"]["figures"]}


def current_figures(report: dict) -> dict:
    """The compared figures of a report, read from its sections."""
    return {
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


def comparison(p: Period, report: dict, previous: dict) -> dict:
    """This year's key figures beside the previous year's, with the change: for a percentage in
    percentage points (`change` in basis points, no `change_bp`)."""
    current = current_figures(report)
    figures = []
    for key, kind in COMPARED:
        now, before = current[key], previous.get(key)
        change = None if now is None or before is None else now - before
        figures.append({"key": key, "kind": kind, "current": now, "previous": before, "change": change,
                        "change_bp": share_bp(change, before) if kind in ("count", "money") else None})
    return {"previous_year": p.year - 1, "figures": figures}


def differences(stored: dict, now: dict) -> list[dict]:
    """Every figure of a closed year's stored report that differs from today's computation, as
    {path, kind (count, money or percent), stored, now, change}; a figure found in only one of
    them has None on the other side. A section the stored report does not have (it came with a
    later version of the tool: signals, shared cost) is not compared."""
    before, after = _figures(stored), _figures({key: value for key, value in now.items() if key in stored})
    found = []
    for path in list(before) + [path for path in after if path not in before]:
        (old, kind), (new, _kind) = before.get(path, (None, None)), after.get(path, (None, None))
        if old != new:
            change = new - old if isinstance(old, int) and isinstance(new, int) else None
            found.append({"path": path, "kind": kind or _kind, "stored": old, "now": new, "change": change})
    return found


# not figures of the year: when and how the document was made, names and texts
_NOT_FIGURES = frozenset({"generated_on", "period", "closed", "differences", "public", "findings", "disclosure",
                          "small_cell_threshold", "warn_share_bp", "attendance_threshold_bp", "minimum",
                          "first_agreement_year", "year", "previous_year", "partners", "goals", "list",
                          "open_actions"})
# what names a row of a list in a figure's path
_ROW_NAMES = ("key", "source", "state", "activity_id", "partner_id")
_COMPARED_KINDS = {"count": "count", "number": "count", "money": "money", "percent": "percent"}


def _figures(data: object, path: str = "", kind: str | None = None) -> dict[str, tuple[object, str]]:
    """{path: (value, kind)} of every number in a report; list rows are named by what identifies them."""
    found: dict[str, tuple[object, str]] = {}
    if isinstance(data, dict):
        row_kind = _COMPARED_KINDS.get(data.get("kind")) if "current" in data else None
        for key, value in data.items():
            if key not in _NOT_FIGURES:
                field_kind = "percent" if key == "change_bp" else (row_kind or kind)
                found.update(_figures(value, f"{path}.{key}" if path else key, field_kind))
    elif isinstance(data, list):
        for index, row in enumerate(data):
            name = next((row[k] for k in _ROW_NAMES if isinstance(row, dict) and k in row), index)
            found.update(_figures(row, f"{path}[{name}]", kind))
    elif isinstance(data, int) and not isinstance(data, bool) or isinstance(data, str) and data[:1] in ("<", "×"):
        last = path.rsplit(".", 1)[-1]
        found[path] = (data, kind or ("money" if last.endswith("_cents") else
                                      "percent" if last.endswith("_bp") else "count"))
    return found
