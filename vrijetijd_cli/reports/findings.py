"""Aandachtspunten: findings computed from the report's figures and a few extra counts.

A finding is {code, severity, params}; the render layer words it in the user's language.
Severity 'warning' asks for action, 'info' is worth knowing. A running year gets today's
warnings (vouchers to expire, statuses expiring soon); a complete year only what happened in
it (vouchers left unused, statuses that ended without renewal), so its report stays the same.
"""

from __future__ import annotations

import sqlite3

from vrijetijd_cli.config import Config
from vrijetijd_cli.reports import Period, one

# a complete year that left more than a quarter of its budget unused
UNDERUSED_BP = 7500


def counts(conn: sqlite3.Connection, config: Config, p: Period) -> dict:
    """What the findings need beyond the report's figures."""
    if p.complete:
        return {"unused_vouchers": _unused_vouchers(conn, p), "statuses_ended": _statuses_ended(conn, p)}
    return {"stale_vouchers": _stale_vouchers(conn, p), "expiring_statuses": _expiring_statuses(conn, config, p)}


def build(config: Config, p: Period, report: dict, extra: dict) -> list[dict]:
    """The findings of a report, from its figures and `counts`."""
    found: list[dict] = []
    if not report["has_data"]:
        found.append(_finding("no_data", "info", year=p.year))
    meetings = report["meetings"]
    expected = meetings["held"] + (0 if p.complete else meetings["planned"])
    if expected < meetings["minimum"]:
        found.append(_finding("meetings_below_minimum", "warning", held=meetings["held"],
                              planned=meetings["planned"], minimum=meetings["minimum"]))
    if meetings["held"] and not meetings["meetings_with_poverty_voices"]:
        found.append(_finding("no_poverty_voices", "warning", held=meetings["held"]))
    for row in meetings["attendance"]:
        if row["attendance_bp"] is not None and row["attendance_bp"] < config.attendance_threshold_bp:
            found.append(_finding("partner_often_absent", "warning", partner=row["partner"],
                                  present=row["present"], held=meetings["held"],
                                  threshold_bp=config.attendance_threshold_bp))
    if report["budget"]["origin"] == "none":
        found.append(_finding("no_budget", "warning", year=p.year))
    else:
        found.extend(_budget(report["budget"], p))
    if p.complete:
        found.extend(_year_findings(extra))
    else:
        found.extend(_todays_findings(config, report, extra))
    missing = [g["code"] for g in report["goals"] if g["state"] is None]
    if missing:
        found.append(_finding("goals_not_evaluated", "warning", goals=len(missing), codes=missing))
    overdue = meetings["actions"]["overdue"]
    if overdue:
        found.append(_finding("actions_overdue", "warning", actions=overdue))
    return found


def _year_findings(extra: dict) -> list[dict]:
    found = []
    if extra["unused_vouchers"]["vouchers"]:
        found.append(_finding("vouchers_unused", "info", **extra["unused_vouchers"]))
    if extra["statuses_ended"]:
        found.append(_finding("statuses_ended", "info", participants=extra["statuses_ended"]))
    return found


def _todays_findings(config: Config, report: dict, extra: dict) -> list[dict]:
    found = []
    if extra["stale_vouchers"]["vouchers"]:
        found.append(_finding("vouchers_past_validity", "warning", **extra["stale_vouchers"]))
    expired = report["participation"]["vouchers"]["expired"]
    if expired["vouchers"]:
        found.append(_finding("vouchers_expired", "info", **expired))
    if extra["expiring_statuses"]:
        found.append(_finding("statuses_expiring", "warning", participants=extra["expiring_statuses"],
                              days=config.expiring_days))
    return found


def _finding(code: str, severity: str, **params: object) -> dict:
    return {"code": code, "severity": severity, "params": params}


def _budget(budget: dict, p: Period) -> list[dict]:
    used = budget["used_bp"]
    if budget["remaining_cents"] < 0:
        return [_finding("budget_overspent", "warning", over_cents=-budget["remaining_cents"],
                         available_cents=budget["available_cents"])]
    if used is not None and used >= budget["warn_share_bp"]:
        return [_finding("budget_nearly_used", "warning", used_bp=used,
                         warn_share_bp=budget["warn_share_bp"])]
    if p.complete and used is not None and used < UNDERUSED_BP:
        return [_finding("budget_underused", "warning", used_bp=used,
                         remaining_cents=budget["remaining_cents"])]
    return []


def _stale_vouchers(conn: sqlite3.Connection, p: Period) -> dict:
    """Vouchers of the year still 'issued' while their validity has passed: to be expired."""
    return one(conn, """
        SELECT COUNT(*) AS vouchers, COALESCE(SUM(value_cents), 0) AS value_cents FROM vouchers
        WHERE budget_year = ? AND state = 'issued' AND valid_until < ?""",
               [p.year, p.today.isoformat()])


def _expiring_statuses(conn: sqlite3.Connection, config: Config, p: Period) -> int:
    """People whose active status ends within `expiring_days` of today and was not renewed."""
    today = p.today.isoformat()
    return one(conn, """
        SELECT COUNT(DISTINCT s.participant_id) AS n FROM statuses s
        JOIN participants pa ON pa.id = s.participant_id AND pa.anonymized_at IS NULL
        WHERE s.valid_until BETWEEN :today AND :soon AND s.valid_from <= :today
          AND (s.suspended_on IS NULL OR s.suspended_on > :today)
          AND NOT EXISTS (SELECT 1 FROM statuses n WHERE n.participant_id = s.participant_id
                          AND n.ground_code = s.ground_code AND n.valid_until > s.valid_until)""",
               {"today": today, "soon": p.soon(config.expiring_days)})["n"]


def _unused_vouchers(conn: sqlite3.Connection, p: Period) -> dict:
    """Vouchers of the year's budget whose validity ended within the year without being used."""
    return one(conn, """
        SELECT COUNT(*) AS vouchers, COALESCE(SUM(value_cents), 0) AS value_cents FROM vouchers
        WHERE budget_year = :year AND valid_until <= :end AND state IN ('issued', 'expired')""",
               {"year": p.year, "end": p.end})


def _statuses_ended(conn: sqlite3.Connection, p: Period) -> int:
    """People with a status that ended within the year, at its end or by a suspension (the day
    before; suspended on its first day, it never counted), and was not followed by one of the same
    ground."""
    return one(conn, """
        SELECT COUNT(DISTINCT s.participant_id) AS n FROM (
            SELECT id, participant_id, ground_code, valid_until AS ended FROM statuses
            WHERE valid_until BETWEEN :start AND :end AND (suspended_on IS NULL OR suspended_on > valid_until)
            UNION ALL
            SELECT id, participant_id, ground_code, date(suspended_on, '-1 day') FROM statuses
            WHERE suspended_on BETWEEN date(:start, '+1 day') AND date(:end, '+1 day')
              AND suspended_on <= valid_until AND suspended_on > valid_from) s
        WHERE NOT EXISTS (SELECT 1 FROM statuses n WHERE n.participant_id = s.participant_id AND n.id != s.id
                          AND n.ground_code = s.ground_code AND n.valid_until > s.ended
                          AND n.valid_from <= date(s.ended, '+1 day'))""",
               {"start": p.start, "end": p.end})["n"]
