"""Overleg: network meetings held against the minimum, attendance per partner, open actions.

Network meetings are the kinds 'overleg' and 'evaluatie' (all partners invited); working
groups are listed but do not count for the minimum nor for a partner's attendance. Only
meetings up to the reference date count as held (later ones in the year are planned). Two
network meetings of the same kind on the same day (recorded with --force) count once: the first
recorded, for the minimum, the poverty voices, the minutes and the attendance.
"""

from __future__ import annotations

import sqlite3

from vrijetijd_cli.config import Config
from vrijetijd_cli.reports import Period, one, rows, share_bp

KINDS = ("overleg", "werkgroep", "evaluatie")
NETWORK_KINDS = ("overleg", "evaluatie")
_NETWORK = "kind IN ('overleg', 'evaluatie')"
# the network meetings that count: one per kind and day
_COUNTED = f"""SELECT MIN(id) FROM meetings WHERE date BETWEEN :start AND :as_of AND {_NETWORK}
               GROUP BY date, kind"""


def section(conn: sqlite3.Connection, config: Config, p: Period, with_texts: bool = True) -> dict:
    """The 'overleg' section; `with_texts=False` leaves out the free text of action items."""
    span = {"start": p.start, "end": p.end, "as_of": p.as_of}
    listed = rows(conn, """
        SELECT m.date, m.kind, m.place, m.poverty_voices, m.minutes != '' AS has_minutes,
               COALESCE(SUM(a.presence = 'present'), 0) AS present,
               COALESCE(SUM(a.presence = 'excused'), 0) AS excused,
               COALESCE(SUM(a.presence = 'absent'), 0) AS absent
        FROM meetings m LEFT JOIN meeting_attendance a ON a.meeting_id = m.id
        WHERE m.date BETWEEN :start AND :as_of
        GROUP BY m.id ORDER BY m.date, m.id""", span)
    for row in listed:
        row["has_minutes"] = bool(row["has_minutes"])
    totals = one(conn, f"""
        SELECT COUNT(*) AS held, COALESCE(SUM(poverty_voices), 0) AS poverty_voices,
               COALESCE(SUM(poverty_voices > 0), 0) AS meetings_with_poverty_voices,
               COALESCE(SUM(minutes != ''), 0) AS with_minutes
        FROM meetings WHERE id IN ({_COUNTED})""", span)
    kinds = {r["kind"]: r["meetings"] for r in rows(conn, """
        SELECT kind, COUNT(*) AS meetings FROM meetings
        WHERE date BETWEEN :start AND :as_of GROUP BY kind""", span)}
    planned = one(conn, "SELECT COUNT(*) AS n FROM meetings WHERE date > :as_of AND date <= :end", span)["n"]
    return {
        "held": totals["held"],
        "minimum": config.min_meetings_per_year,
        "planned": planned,
        "by_kind": [{"key": k, "meetings": kinds.get(k, 0)} for k in KINDS],
        "with_minutes": totals["with_minutes"],
        "poverty_voices": totals["poverty_voices"],
        "meetings_with_poverty_voices": totals["meetings_with_poverty_voices"],
        "list": listed,
        "attendance_threshold_bp": config.attendance_threshold_bp,
        "attendance": attendance(conn, p, totals["held"]),
        "actions": _action_counts(conn, p),
        "open_actions": _open_actions(conn, p) if with_texts else [],
    }


def attendance(conn: sqlite3.Connection, p: Period, held: int) -> list[dict]:
    """Per partner: present / excused / absent at the network meetings held, and the share present."""
    found = rows(conn, f"""
        SELECT pt.id AS partner_id, pt.name AS partner,
               COALESCE(SUM(a.presence = 'present'), 0) AS present,
               COALESCE(SUM(a.presence = 'excused'), 0) AS excused,
               COALESCE(SUM(a.presence = 'absent'), 0) AS absent,
               COUNT(a.meeting_id) AS recorded
        FROM partners pt
        LEFT JOIN meeting_attendance a ON a.partner_id = pt.id AND a.meeting_id IN ({_COUNTED})
        GROUP BY pt.id HAVING pt.active = 1 OR COUNT(a.meeting_id) > 0
        ORDER BY pt.id""", {"start": p.start, "as_of": p.as_of})
    for row in found:
        row["not_recorded"] = held - row.pop("recorded")
        row["attendance_bp"] = share_bp(row["present"], held)
    return found


_OPEN = "(x.done_on IS NULL OR x.done_on > :as_of)"


def _action_counts(conn: sqlite3.Connection, p: Period) -> dict:
    span = {"start": p.start, "as_of": p.as_of}
    return one(conn, f"""
        SELECT COALESCE(SUM(m.date >= :start), 0) AS created,
               COALESCE(SUM(x.done_on BETWEEN :start AND :as_of), 0) AS done,
               COALESCE(SUM({_OPEN}), 0) AS open_items,
               COALESCE(SUM({_OPEN} AND x.due_date < :as_of), 0) AS overdue
        FROM meeting_actions x JOIN meetings m ON m.id = x.meeting_id
        WHERE m.date <= :as_of""", span)


def _open_actions(conn: sqlite3.Connection, p: Period) -> list[dict]:
    """Action items still open at the reference date (network to-dos, not about participants)."""
    found = rows(conn, f"""
        SELECT x.text, pt.name AS owner, x.due_date, m.date AS meeting_date,
               COALESCE(x.due_date < :as_of, 0) AS overdue
        FROM meeting_actions x JOIN meetings m ON m.id = x.meeting_id
        LEFT JOIN partners pt ON pt.id = x.owner_partner_id
        WHERE m.date <= :as_of AND {_OPEN}
        ORDER BY x.due_date IS NULL, x.due_date, m.date, x.id""", {"as_of": p.as_of})
    for row in found:
        row["overdue"] = bool(row["overdue"])
    return found
