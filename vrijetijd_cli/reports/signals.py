"""The yearly report's signals: the thresholds and suggestions raised, what was done, and whether
taking part changed where a signal was solved.

Every figure is a flow of the year or a state at its end, read from dates (`date`, `solved_on`),
so a later change of a signal of another year leaves this year's figures as they were:
raised in the year, solved or found not feasible in the year, still open at the end of the year.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from vrijetijd_cli.config import Config
from vrijetijd_cli.reports import Period, rows

# the periods before and after a solution are equal and at most this long (half a year)
MAX_WINDOW_DAYS = 183
RAISERS = ("participant", "partner", "meeting", "other")


def section(conn: sqlite3.Connection, config: Config, p: Period) -> dict:
    span = {"start": p.start, "end": p.as_of}
    found = {r["kind"]: r for r in rows(conn, """
        SELECT kind,
               SUM(date BETWEEN :start AND :end) AS raised,
               SUM(state = 'opgelost' AND solved_on BETWEEN :start AND :end) AS solved,
               SUM(state = 'niet_haalbaar' AND solved_on BETWEEN :start AND :end) AS not_feasible,
               SUM(date <= :end AND (solved_on IS NULL OR solved_on > :end)) AS open_at_end
        FROM signals WHERE date <= :end AND (solved_on IS NULL OR solved_on >= :start)
        GROUP BY kind""", span)}
    # the config's kinds in its order, then any kind an older config had
    kinds = [*config.signal_kinds, *sorted(set(found) - set(config.signal_kinds))]
    by_kind = [{"kind": kind, "label": config.label(config.signal_kinds, kind) if kind in config.signal_kinds else kind,
                **{key: found[kind][key] if kind in found else 0
                   for key in ("raised", "solved", "not_feasible", "open_at_end")}} for kind in kinds]
    raisers = {r["raised_by"]: r["n"] for r in rows(conn, """
        SELECT raised_by, COUNT(*) AS n FROM signals WHERE date BETWEEN :start AND :end GROUP BY raised_by""", span)}
    totals = {key: sum(row[key] for row in by_kind) for key in ("raised", "solved", "not_feasible", "open_at_end")}
    return {
        **totals,
        "anonymous": rows(conn, "SELECT COUNT(*) AS n FROM signals WHERE date BETWEEN :start AND :end"
                                " AND participant_id IS NULL", span)[0]["n"],
        "by_kind": by_kind,
        "by_raiser": [{"raised_by": who, "signals": raisers.get(who, 0)} for who in RAISERS],
        "actions": actions(conn, p),
        "effects": effects(conn, p),
    }


def actions(conn: sqlite3.Connection, p: Period) -> list[dict]:
    """What the network did: the signals handled in the year; while the year runs also those in
    progress that have an action written down (a complete year's list does not change when work on
    an open signal goes on)."""
    in_progress = "" if p.complete else "OR (s.solved_on IS NULL AND s.action != '')"
    return rows(conn, f"""
        SELECT s.id, s.date, s.kind, s.state, s.solved_on, s.text, s.action, a.title AS activity,
               COALESCE(o.name, NULLIF(s.organiser_name, '')) AS organiser
        FROM signals s LEFT JOIN activities a ON a.id = s.activity_id
        LEFT JOIN partners o ON o.id = s.organiser_partner_id
        WHERE (s.solved_on BETWEEN :start AND :end) {in_progress}
        ORDER BY s.solved_on IS NULL, s.solved_on, s.date, s.id""", {"start": p.start, "end": p.as_of})


def effects(conn: sqlite3.Connection, p: Period) -> list[dict]:
    """For each signal solved in the year that names an activity or an organiser: taking part in
    it (them) in equal periods before and after the solution date, at most half a year each and
    no longer than the days since the solution (`complete` when the full half year has passed)."""
    solved = rows(conn, """
        SELECT s.id, s.kind, s.solved_on, s.activity_id, a.title AS activity, s.organiser_partner_id,
               s.organiser_name, COALESCE(o.name, NULLIF(s.organiser_name, '')) AS organiser
        FROM signals s LEFT JOIN activities a ON a.id = s.activity_id
        LEFT JOIN partners o ON o.id = s.organiser_partner_id
        WHERE s.state = 'opgelost' AND s.solved_on BETWEEN :start AND :end
          AND (s.activity_id IS NOT NULL OR s.organiser_partner_id IS NOT NULL OR s.organiser_name != '')
        ORDER BY s.solved_on, s.id""", {"start": p.start, "end": p.as_of})
    result = []
    for signal in solved:
        solved_on = date.fromisoformat(signal["solved_on"])
        days = max(0, min(MAX_WINDOW_DAYS, (p.today - solved_on).days))
        windows = {
            "before": (solved_on - timedelta(days=days), solved_on - timedelta(days=1)),
            "after": (solved_on, solved_on + timedelta(days=days - 1)),
        }
        entry = {"id": signal["id"], "kind": signal["kind"], "solved_on": signal["solved_on"],
                 "activity": signal["activity"], "organiser": signal["organiser"] if not signal["activity"] else None,
                 "days": days, "complete": days == MAX_WINDOW_DAYS}
        for name, (first, last) in windows.items():
            entry[name] = _taking_part(conn, signal, first.isoformat(), last.isoformat()) if days else None
        result.append(entry)
    return result


def _taking_part(conn: sqlite3.Connection, signal: dict, first: str, last: str) -> dict:
    """Participations, persons and participants in the signal's activity, or else in every activity
    of its organiser, between two dates."""
    if signal["activity_id"] is not None:
        scope, params = "x.activity_id = :activity", {"activity": signal["activity_id"]}
    elif signal["organiser_partner_id"] is not None:
        scope, params = "a.organiser_partner_id = :partner", {"partner": signal["organiser_partner_id"]}
    else:
        scope, params = "a.organiser_name = :name COLLATE NOCASE", {"name": signal["organiser_name"]}
    return rows(conn, f"""
        SELECT COUNT(*) AS participations, COALESCE(SUM(x.persons), 0) AS persons,
               COUNT(DISTINCT x.participant_id) AS participants
        FROM participations x JOIN activities a ON a.id = x.activity_id
        WHERE {scope} AND x.date BETWEEN :first AND :last""", {**params, "first": first, "last": last})[0]
