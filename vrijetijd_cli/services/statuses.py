"""Statuses: a ground with a validity period, checked by a partner; 'active' is derived from today."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from vrijetijd_cli import clock
from vrijetijd_cli.config import Config
from vrijetijd_cli.errors import Conflict, InvalidInput, NotFound
from vrijetijd_cli.formats import day
from vrijetijd_cli.i18n import _
from vrijetijd_cli.parse import clean_text
from vrijetijd_cli.services import audit, closing
from vrijetijd_cli.store import atomic

SELECT = (
    "SELECT s.id, s.participant_id, s.ground_code AS ground, s.valid_from, s.valid_until,"
    " s.checked_by_partner_id, pa.name AS checked_by, s.suspended_on, s.suspension_reason,"
    " p.first_name, p.last_name FROM statuses s JOIN participants p ON p.id = s.participant_id"
    " LEFT JOIN partners pa ON pa.id = s.checked_by_partner_id"
)


def state(row: dict, today: date) -> str:
    """active / expired / suspended / future on `today`."""
    iso = today.isoformat()
    if row["suspended_on"] and row["suspended_on"] <= iso:
        return "suspended"
    if row["valid_from"] > iso:
        return "future"
    if row["valid_until"] < iso:
        return "expired"
    return "active"


def default_until(config: Config, ground: str, valid_from: date) -> date:
    """The ground's default validity: `validity_months` later, minus one day."""
    return clock.add_months(valid_from, config.grounds[ground].validity_months) - timedelta(days=1)


def has_active(conn: sqlite3.Connection, participant_id: int, on: date, ground: str | None = None) -> bool:
    sql = (
        "SELECT 1 FROM statuses WHERE participant_id = ? AND valid_from <= ? AND valid_until >= ?"
        " AND (suspended_on IS NULL OR suspended_on > ?)"
    )
    params: list = [participant_id, on.isoformat(), on.isoformat(), on.isoformat()]
    if ground:
        sql += " AND ground_code = ?"
        params.append(ground)
    return conn.execute(sql + " LIMIT 1", params).fetchone() is not None


def overlapping(conn: sqlite3.Connection, participant_id: int, ground: str, start: date, until: date) -> int | None:
    """The id of a (not suspended) status of this ground that overlaps start..until, if any."""
    row = conn.execute(
        "SELECT id FROM statuses WHERE participant_id = ? AND ground_code = ?"
        " AND valid_from <= ? AND valid_until >= ? AND suspended_on IS NULL LIMIT 1",
        [participant_id, ground, until.isoformat(), start.isoformat()],
    ).fetchone()
    return row[0] if row else None


def insert(
    conn: sqlite3.Connection,
    participant_id: int,
    ground: str,
    valid_from: date,
    valid_until: date,
    checked_by: int | None,
) -> int:
    """Insert inside the caller's transaction."""
    if valid_until < valid_from:
        raise InvalidInput(
            _("geldig tot ({until}) ligt vóór geldig vanaf ({start})").format(
                until=day(valid_until), start=day(valid_from))
        )
    closing.refuse_closed(conn, closing.years_between(valid_from, valid_until), _("statuut"))
    cursor = conn.execute(
        "INSERT INTO statuses (participant_id, ground_code, valid_from, valid_until, checked_by_partner_id, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [participant_id, ground, valid_from.isoformat(), valid_until.isoformat(), checked_by, clock.now()],
    )
    audit.record(
        conn,
        "status",
        cursor.lastrowid,
        "add",
        ["participant_id", "ground_code", "valid_from", "valid_until", "checked_by_partner_id"],
    )
    return cursor.lastrowid


def add(
    conn: sqlite3.Connection,
    config: Config,
    participant_id: int,
    ground: str,
    valid_from: date,
    valid_until: date | None = None,
    checked_by: int | None = None,
) -> dict:
    from vrijetijd_cli.services import participants

    participants.get(conn, participant_id)
    until = valid_until or default_until(config, ground, valid_from)
    overlap = overlapping(conn, participant_id, ground, valid_from, until)
    if overlap is not None:
        raise Conflict(
            _("deelnemer {id} heeft al statuut {status} voor {ground} in die periode; gebruik 'status extend'").format(
                id=participant_id, status=overlap, ground=ground)
        )
    with atomic(conn):
        status_id = insert(conn, participant_id, ground, valid_from, until, checked_by)
    return get(conn, status_id, clock.today())


def get(conn: sqlite3.Connection, status_id: int, today: date) -> dict:
    row = conn.execute(SELECT + " WHERE s.id = ?", [status_id]).fetchone()
    if row is None:
        raise NotFound(_("statuut"), status_id)
    return _with_state(dict(row), today)


def _with_state(row: dict, today: date) -> dict:
    row["state"] = state(row, today)
    return row


def list_statuses(
    conn: sqlite3.Connection,
    today: date,
    participant_id: int | None = None,
    ground: str | None = None,
    expiring_days: int | None = None,
    active_only: bool = False,
) -> list[dict]:
    """Statuses, optionally only the active ones that end within `expiring_days` of today."""
    where, params = [], []
    if participant_id is not None:
        where.append("s.participant_id = ?")
        params.append(participant_id)
    if ground:
        where.append("s.ground_code = ?")
        params.append(ground)
    if expiring_days is not None or active_only:
        where.append("s.valid_from <= ? AND s.valid_until >= ? AND (s.suspended_on IS NULL OR s.suspended_on > ?)")
        params += [today.isoformat()] * 3
    if expiring_days is not None:
        where.append("s.valid_until <= ?")
        params.append((today + timedelta(days=expiring_days)).isoformat())
    sql = SELECT + (f" WHERE {' AND '.join(where)}" if where else "")
    sql += (
        " ORDER BY s.valid_until, s.id"
        if expiring_days is not None
        else " ORDER BY s.participant_id, s.valid_from, s.id"
    )
    return [_with_state(dict(r), today) for r in conn.execute(sql, params)]


def extend(conn: sqlite3.Connection, ground: str, until: date, today: date) -> int:
    """Extend every active status of `ground` that ends before `until`; returns how many."""
    if until < today:
        raise InvalidInput(_("tot: {date} ligt in het verleden").format(date=day(until)))
    where = (
        " WHERE ground_code = ? AND valid_from <= ? AND valid_until >= ? AND valid_until < ?"
        " AND (suspended_on IS NULL OR suspended_on > ?)"
    )
    params = [ground, today.isoformat(), today.isoformat(), until.isoformat(), today.isoformat()]
    with atomic(conn):
        closing.refuse_closed(conn, closing.years_between(today, until), _("verlenging"))
        ids = [r[0] for r in conn.execute("SELECT id FROM statuses" + where, params)]
        conn.execute("UPDATE statuses SET valid_until = ?" + where, [until.isoformat(), *params])
        audit.record_many(conn, "status", ids, "extend", ["valid_until"])
    return len(ids)


def suspend(conn: sqlite3.Connection, status_id: int, reason: str, on: date) -> dict:
    current = get(conn, status_id, on)
    if current["suspended_on"]:
        raise Conflict(_("statuut {id} is al geschorst").format(id=status_id))
    text = clean_text(reason, "reden", 500)
    if not text:
        raise InvalidInput(_("reden: geef een reden voor de schorsing"))
    with atomic(conn):
        closing.refuse_closed(conn, closing.years_between(on, max(on.isoformat(), current["valid_until"])),
                              _("schorsing"))
        conn.execute(
            "UPDATE statuses SET suspended_on = ?, suspension_reason = ? WHERE id = ?",
            [on.isoformat(), text, status_id],
        )
        audit.record(conn, "status", status_id, "suspend", ["suspended_on", "suspension_reason"])
    return get(conn, status_id, on)
