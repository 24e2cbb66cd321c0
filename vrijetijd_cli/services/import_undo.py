"""`import undo ID`: take away what a participant list added — people, statuses, referrals — when
nothing has come to depend on them since (docs/architecture.md, "The import pipeline").

What depends on them: for a person the import added, any participation, voucher, status or referral
that is not the import's own; for a person it found (matched), a participation or a voucher in the
period of the status the import gave them, which may have relied on it. Then nothing is removed and
the blockers are listed. A closed year that would change refuses the undo too. The
import stays listed (undone, with when and by whom), so the same file can be read in again.
"""

from __future__ import annotations

import sqlite3

from vrijetijd_cli import clock
from vrijetijd_cli.errors import Conflict, InvalidInput, NotFound
from vrijetijd_cli.i18n import _, ngettext
from vrijetijd_cli.services import audit, closing
from vrijetijd_cli.store import atomic

MAX_BLOCKERS = 20
# what depends on a person the import added: everything of theirs that is not the import's own
ADDED = (
    ("participations", "participation", "participant_id IN (SELECT id FROM participants WHERE import_id = :import)"),
    ("vouchers", "voucher", "participant_id IN (SELECT id FROM participants WHERE import_id = :import)"),
    ("referrals", "referral", "import_id IS NOT :import"
     " AND participant_id IN (SELECT id FROM participants WHERE import_id = :import)"),
    ("statuses", "status", "import_id IS NOT :import"
     " AND participant_id IN (SELECT id FROM participants WHERE import_id = :import)"),
)
# what depends on a status the import gave a person it found: a participation or voucher in its period
MATCHED = (
    ("participations", "participation", "date"),
    ("vouchers", "voucher", "issued_on"),
)


def _import(conn: sqlite3.Connection, import_id: int) -> sqlite3.Row:
    row = conn.execute("SELECT id, kind, file_name, imported_at, undone_at FROM imports WHERE id = ?",
                       [import_id]).fetchone()
    if row is None:
        raise NotFound(_("import"), import_id)
    if row["undone_at"]:
        raise Conflict(_("import {id} werd al ongedaan gemaakt op {date}").format(
            id=import_id, date=row["undone_at"][:10]))
    if row["kind"] != "participants":
        raise InvalidInput(_("import {id} is een lijst van {kind}; alleen een lijst van deelnemers kan ongedaan"
                             " gemaakt worden").format(id=import_id, kind=row["kind"]))
    return row


def plan(conn: sqlite3.Connection, import_id: int) -> dict:
    """What undoing the import removes, and what blocks it (empty: nothing)."""
    row = _import(conn, import_id)
    params = {"import": import_id}
    added = [r[0] for r in conn.execute("SELECT id FROM participants WHERE import_id = ? ORDER BY id", [import_id])]
    touched = [r[0] for r in conn.execute(
        "SELECT DISTINCT participant_id FROM referrals WHERE import_id = :import"
        " AND participant_id NOT IN (SELECT id FROM participants WHERE import_id = :import)", params)]
    blockers = []
    for table, what, condition in ADDED:
        blockers += [{"participant_id": pid, "what": what, "count": count} for pid, count in conn.execute(
            f"SELECT participant_id, COUNT(*) FROM {table} WHERE {condition} GROUP BY participant_id", params)]
    for table, what, day in MATCHED:
        blockers += [{"participant_id": pid, "what": what, "count": count} for pid, count in conn.execute(
            f"SELECT t.participant_id, COUNT(*) FROM {table} t JOIN statuses s ON s.participant_id = t.participant_id"
            f" AND s.import_id = :import AND t.{day} BETWEEN s.valid_from AND s.valid_until"
            " WHERE t.participant_id NOT IN (SELECT id FROM participants WHERE import_id = :import)"
            " GROUP BY t.participant_id", params)]
    blockers.sort(key=lambda b: b["participant_id"])
    forgotten = [r[0] for r in conn.execute(
        "SELECT id FROM participants WHERE import_id = ? AND anonymized_at IS NOT NULL", [import_id])]
    blockers += [{"participant_id": pid, "what": "forgotten", "count": 1} for pid in forgotten]
    spans = conn.execute(
        "SELECT MIN(day), MAX(day) FROM (SELECT date AS day FROM referrals WHERE import_id = :import"
        " UNION ALL SELECT valid_from FROM statuses WHERE import_id = :import"
        " UNION ALL SELECT valid_until FROM statuses WHERE import_id = :import)", params).fetchone()
    counts = {table: conn.execute(f"SELECT COUNT(*) FROM {table} WHERE import_id = ?", [import_id]).fetchone()[0]
              for table in ("participants", "statuses", "referrals")}
    return {"import_id": import_id, "file_name": row["file_name"], "imported_at": row["imported_at"],
            "participants": counts["participants"], "statuses": counts["statuses"],
            "referrals": counts["referrals"], "matched_participants": len(touched), "added_ids": added,
            "first_day": spans[0], "last_day": spans[1], "blockers": blockers}


def _refuse(found: dict) -> None:
    if found["blockers"]:
        details = [_("deelnemer {id}: {what}").format(id=b["participant_id"], what=_blocker(b["what"], b["count"]))
                   for b in found["blockers"][:MAX_BLOCKERS]]
        more = len(found["blockers"]) - MAX_BLOCKERS
        if more > 0:
            details.append(_("… en nog {count}").format(count=more))
        count = len({b["participant_id"] for b in found["blockers"]})
        raise Conflict(
            ngettext("import {id} kan niet ongedaan gemaakt worden: van {count} persoon hangt sindsdien iets af;"
                     " er is niets verwijderd",
                     "import {id} kan niet ongedaan gemaakt worden: van {count} personen hangt sindsdien iets af;"
                     " er is niets verwijderd", count).format(id=found["import_id"], count=count),
            details=details,
        )


def _blocker(what: str, count: int) -> str:
    if what == "participation":
        return ngettext("{count} deelname", "{count} deelnames", count).format(count=count)
    if what == "voucher":
        return ngettext("{count} waardebon", "{count} waardebonnen", count).format(count=count)
    if what == "referral":
        return ngettext("{count} latere toeleiding", "{count} latere toeleidingen", count).format(count=count)
    if what == "status":
        return ngettext("{count} ander statuut", "{count} andere statuten", count).format(count=count)
    return _("vergeten (geanonimiseerd)")


def check(conn: sqlite3.Connection, import_id: int) -> dict:
    """The plan, refused when something blocks it or a closed year would change."""
    found = plan(conn, import_id)
    _refuse(found)
    if found["first_day"]:
        closing.refuse_closed(conn, closing.years_between(found["first_day"], found["last_day"]),
                              _("import {id} ongedaan maken").format(id=import_id))
    return found


def undo(conn: sqlite3.Connection, import_id: int) -> dict:
    """Remove what the import added, in one transaction, checked again under the write lock."""
    with atomic(conn):
        found = check(conn, import_id)
        try:
            conn.execute("DELETE FROM referrals WHERE import_id = ?", [import_id])
            conn.execute("DELETE FROM statuses WHERE import_id = ?", [import_id])
            conn.execute("DELETE FROM participants WHERE import_id = ?", [import_id])
        except sqlite3.IntegrityError:
            raise Conflict(_("import {id} kan niet ongedaan gemaakt worden: iets anders verwijst nog naar de"
                             " personen die ze toevoegde; er is niets verwijderd").format(id=import_id)) from None
        conn.execute("UPDATE imports SET undone_at = ?, undone_by = ? WHERE id = ?",
                     [clock.now(), audit.os_user(), import_id])
        audit.record(conn, "import", import_id, "undo", ["participants", "referrals", "statuses"])
    return found
