"""Action items agreed in a network meeting: owner partner, due date, done; and finding the
meeting itself, which services/meetings.py builds on."""

from __future__ import annotations

import sqlite3

from vrijetijd_cli import clock
from vrijetijd_cli.errors import Conflict, InvalidInput, NotFound
from vrijetijd_cli.formats import day as day_text
from vrijetijd_cli.i18n import _, pgettext
from vrijetijd_cli.parse import clean_text, parse_date
from vrijetijd_cli.services import audit, closing, partners
from vrijetijd_cli.store import atomic

_ACTION_SELECT = (
    "SELECT x.id, x.meeting_id, m.date AS meeting_date, x.text, x.owner_partner_id,"
    " p.name AS owner, x.due_date, x.done_on, x.created_at FROM meeting_actions x"
    " JOIN meetings m ON m.id = x.meeting_id LEFT JOIN partners p ON p.id = x.owner_partner_id"
)


def find_meeting(conn: sqlite3.Connection, meeting_id: object) -> dict:
    """The meeting with id `meeting_id` (as typed), or NotFound."""
    text = str(meeting_id).strip()
    row = None
    if text.isdigit():
        row = conn.execute("SELECT * FROM meetings WHERE id = ?", [int(text)]).fetchone()
    if row is None:
        raise NotFound(pgettext("a meeting, named in a message", "overleg"), int(text) if text.isdigit() else text)
    return dict(row)




def _action_state(row: dict, today: str) -> dict:
    if row["done_on"]:
        row["state"] = "done"
    elif row["due_date"] and row["due_date"] < today:
        row["state"] = "overdue"
    else:
        row["state"] = "open"
    return row


def add_action(
    conn: sqlite3.Connection, meeting_id: object, text: str, owner: str | None, due: object = None
) -> dict:
    meeting = find_meeting(conn, meeting_id)
    text = clean_text(text, "tekst", 500)
    if not text:
        raise InvalidInput(_("tekst: een actiepunt heeft tekst nodig"))
    owner_id = partners.resolve(conn, owner)["id"] if owner else None
    due_date = parse_date(due, "vervaldatum").isoformat() if due is not None else None
    if due_date is not None and due_date < meeting["date"]:
        raise InvalidInput(
            _("vervaldatum: {due} ligt vóór het overleg van {date}").format(
                due=day_text(due_date), date=day_text(meeting["date"]))
        )
    with atomic(conn):
        closing.refuse_closed(conn, [int(meeting["date"][:4])], _("actiepunt"))
        cursor = conn.execute(
            "INSERT INTO meeting_actions (meeting_id, text, owner_partner_id, due_date, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [meeting["id"], text, owner_id, due_date, clock.now()],
        )
        given = {"meeting_id": 1, "text": 1, "owner_partner_id": owner_id, "due_date": due_date}
        fields = [name for name, value in given.items() if value]
        audit.record(conn, "meeting_action", cursor.lastrowid, "add", fields)
    return get_action(conn, cursor.lastrowid)


def get_action(conn: sqlite3.Connection, action_id: object) -> dict:
    text = str(action_id).strip()
    row = None
    if text.isdigit():
        row = conn.execute(f"{_ACTION_SELECT} WHERE x.id = ?", [int(text)]).fetchone()
    if row is None:
        raise NotFound(_("actiepunt"), int(text) if text.isdigit() else text)
    return _action_state(dict(row), clock.today().isoformat())


def complete_action(conn: sqlite3.Connection, action_id: object) -> dict:
    action = get_action(conn, action_id)
    if action["done_on"]:
        raise Conflict(
            _("actiepunt {id} is al afgewerkt op {date}").format(id=action["id"], date=day_text(action["done_on"]))
        )
    with atomic(conn):
        conn.execute(
            "UPDATE meeting_actions SET done_on = ? WHERE id = ?",
            [clock.today().isoformat(), action["id"]],
        )
        audit.record(conn, "meeting_action", action["id"], "done", ["done_on"])
    return get_action(conn, action["id"])


def list_actions(
    conn: sqlite3.Connection,
    open_only: bool = False,
    overdue_only: bool = False,
    meeting_id: int | None = None,
) -> list[dict]:
    """Action items, open ones first by due date; `overdue_only`: open and past their due date."""
    today = clock.today().isoformat()
    where, params = [], []
    if open_only or overdue_only:
        where.append("x.done_on IS NULL")
    if overdue_only:
        where.append("x.due_date < ?")
        params.append(today)
    if meeting_id is not None:
        where.append("x.meeting_id = ?")
        params.append(meeting_id)
    sql = _ACTION_SELECT + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY x.done_on IS NOT NULL, COALESCE(x.due_date, '9999-12-31'), x.id"
    return [_action_state(dict(r), today) for r in conn.execute(sql, params)]
