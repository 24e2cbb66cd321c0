"""Putting a meeting right: one recorded twice is refused, one recorded by mistake is deleted
(docs/architecture.md, "Corrections")."""

from __future__ import annotations

import sqlite3

from vrijetijd_cli.errors import Conflict
from vrijetijd_cli.formats import day as day_text
from vrijetijd_cli.i18n import N_, _
from vrijetijd_cli.services import audit, closing
from vrijetijd_cli.services.meeting_actions import find_meeting
from vrijetijd_cli.store import atomic

# the kinds in a message (the words of render/words.py MEETING_KINDS)
KIND_WORDS = {"overleg": N_("overleg"), "werkgroep": N_("werkgroep"), "evaluatie": N_("evaluatie")}
PARTS = ("meeting_attendance", "meeting_actions", "meeting_minutes_versions")


def refuse_twin(conn: sqlite3.Connection, day: str, kind: str, other_than: int | None = None) -> None:
    """Refuse a second meeting of the same kind on the same day (a meeting recorded twice)."""
    row = conn.execute("SELECT id FROM meetings WHERE date = ? AND kind = ? AND id IS NOT ? ORDER BY id LIMIT 1",
                       [day, kind, other_than]).fetchone()
    if row is not None:
        raise Conflict(_("er is al een {kind} op {date} (overleg {id}); twee van dezelfde soort op één dag tellen"
                         " één keer mee voor het minimum. Registreer het toch met --force").format(
            kind=_(KIND_WORDS[kind]), date=day_text(day), id=row["id"]))


def deletion(conn: sqlite3.Connection, meeting_id: object) -> dict:
    """What `delete` would delete with the meeting, refused as it would be (its year closed):
    the meeting with the counts of its attendance rows, action items and older minutes."""
    meeting = find_meeting(conn, meeting_id)
    closing.refuse_closed(conn, [int(meeting["date"][:4])], _("overleg {id}").format(id=meeting["id"]))
    counts = {table: conn.execute(f"SELECT COUNT(*) FROM {table} WHERE meeting_id = ?", [meeting["id"]]).fetchone()[0]
              for table in PARTS}
    return {**meeting, "attendance_rows": counts["meeting_attendance"], "action_items": counts["meeting_actions"],
            "minutes_versions": counts["meeting_minutes_versions"]}


def delete(conn: sqlite3.Connection, meeting_id: object) -> dict:
    """Delete a meeting recorded by mistake, with its attendance, action items and minutes (their
    older versions too). Returns `deletion`'s description."""
    with atomic(conn):
        meeting = deletion(conn, meeting_id)
        for table in PARTS:
            conn.execute(f"DELETE FROM {table} WHERE meeting_id = ?", [meeting["id"]])
        conn.execute("DELETE FROM meetings WHERE id = ?", [meeting["id"]])
        audit.record(conn, "meeting", meeting["id"], "delete")
    return meeting
