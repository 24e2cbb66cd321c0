"""Merging two records of the same person (docs/architecture.md, "Corrections").

`merge(KEEP, OTHER)` moves everything OTHER has — statuses, referrals, participations, vouchers,
signals — to KEEP, fills KEEP's empty fields from OTHER, joins
the notes, and takes OTHER's value of a field where both differ only when asked (`use_other`); a
difference nobody chose is a conflict and nothing is written. OTHER's row goes; its id is kept in
`merged_participants`, so `participant show OTHER` says where it went. A merge changes a person,
not a year's figures as handed over: it is allowed across closed years, whose frozen reports stay.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from vrijetijd_cli import clock
from vrijetijd_cli.errors import Conflict, InvalidInput, NotFound
from vrijetijd_cli.formats import day
from vrijetijd_cli.i18n import N_, _
from vrijetijd_cli.parse import match_key, normalize

# the fields a merge compares, with their Dutch names (typed with --use-other / --use-keep too)
FIELDS = {
    "first_name": N_("voornaam"),
    "last_name": N_("familienaam"),
    "birth_date": N_("geboortedatum"),
    "postcode": N_("postcode"),
    "household_size": N_("gezinsleden"),
    "phone": N_("telefoon"),
    "email": N_("e-mail"),
}
# what moves with a person: table -> what the dry run calls it
MOVED = ("statuses", "referrals", "participations", "vouchers", "signals")


def merged_into(conn: sqlite3.Connection, participant_id: int) -> dict | None:
    """Where a merged-away id went ({merged_into, merged_at}), or None."""
    row = conn.execute("SELECT merged_into, merged_at FROM merged_participants WHERE id = ?",
                       [participant_id]).fetchone()
    return dict(row) if row else None


def not_found(conn: sqlite3.Connection, participant_id: int) -> NotFound:
    """The error for a participant id that is not there: saying where it went when it was merged."""
    error = NotFound(_("deelnemer"), participant_id)
    moved = merged_into(conn, participant_id)
    if moved is not None:
        error.message = _("deelnemer {id} bestaat niet meer: samengevoegd met deelnemer {keep} op {date}"
                          " (vrijetijd participant show {keep})").format(
            id=participant_id, keep=moved["merged_into"], date=day(moved["merged_at"]))
    return error


def typed(field: str) -> str:
    """A field as the user types it with --use-other / --use-keep, in the user's language."""
    return _(FIELDS[field]).replace(" ", "_")


def field_code(text: str) -> str:
    """A field as typed (code or Dutch word, any case) -> its code."""
    wanted = normalize(text).replace(" ", "_")
    for code, word in FIELDS.items():
        if wanted in (code, normalize(word).replace(" ", "_"), normalize(_(word)).replace(" ", "_")):
            return code
    raise InvalidInput(_("veld {field!r} is onbekend; kies uit {choices}").format(
        field=text, choices=", ".join(_(word) for word in FIELDS.values())))


def _person(conn: sqlite3.Connection, participant_id: int) -> dict:
    row = conn.execute("SELECT * FROM participants WHERE id = ?", [participant_id]).fetchone()
    if row is None:
        raise not_found(conn, participant_id)
    if row["anonymized_at"]:
        raise Conflict(_("deelnemer {id} is geanonimiseerd en kan niet samengevoegd worden").format(
            id=participant_id))
    return dict(row)


def _empty(value: object) -> bool:
    return value is None or value == ""


def plan(conn: sqlite3.Connection, keep_id: int, other_id: int, use_other: Iterable[str] = (),
         use_keep: Iterable[str] = ()) -> dict:
    """What a merge would do: the rows that move, the values KEEP takes, the conflicts left.

    Raises for an unknown or merged-away id, the same id twice, an anonymised person, or a field
    named both ways.
    """
    if keep_id == other_id:
        raise InvalidInput(_("deelnemer {id} kan niet met zichzelf samengevoegd worden").format(id=keep_id))
    keep, other = _person(conn, keep_id), _person(conn, other_id)
    take_other = {field_code(f) for f in use_other}
    take_keep = {field_code(f) for f in use_keep}
    both = take_other & take_keep
    if both:
        raise InvalidInput(_("--use-other en --use-keep noemen allebei {fields}; kies één waarde per veld").format(
            fields=", ".join(_(FIELDS[f]) for f in sorted(both))))
    changes, conflicts, same = {}, [], set()
    for field in FIELDS:
        mine, theirs = keep[field], other[field]
        if _empty(theirs) or theirs == mine:
            same.add(field)
        elif field in take_keep:
            continue
        elif field in take_other or _empty(mine):
            changes[field] = theirs
        else:
            conflicts.append({"field": field, "keep": mine, "other": theirs})
    if other["notes"] and other["notes"] != keep["notes"]:
        changes["notes"] = "\n".join(n for n in (keep["notes"], other["notes"]) if n)
    moves = {table: [r[0] for r in conn.execute(
        f"SELECT {'code' if table == 'vouchers' else 'id'} FROM {table} WHERE participant_id = ? ORDER BY id",
        [other_id])] for table in MOVED}
    return {"keep": keep_id, "other": other_id, "keep_name": f"{keep['first_name']} {keep['last_name']}",
            "other_name": f"{other['first_name']} {other['last_name']}", "moves": moves,
            "changes": changes, "conflicts": conflicts, "unused": sorted((take_other | take_keep) & same)}


def merge(conn: sqlite3.Connection, keep_id: int, other_id: int, use_other: Iterable[str] = (),
          use_keep: Iterable[str] = ()) -> dict:
    """Merge OTHER into KEEP in one transaction; refused while a conflict is left unchosen."""
    from vrijetijd_cli.services import audit
    from vrijetijd_cli.store import atomic

    use_other, use_keep = list(use_other), list(use_keep)
    with atomic(conn):
        found = plan(conn, keep_id, other_id, use_other, use_keep)
        if found["conflicts"]:
            raise conflict_error(found)
        keep = _person(conn, keep_id)
        changes = dict(found["changes"])
        if {"first_name", "last_name", "birth_date"} & set(changes):
            merged = {**keep, **changes}
            key = match_key(merged["first_name"], merged["last_name"], merged["birth_date"]) \
                if merged["birth_date"] else None
            changes.update(first_key=normalize(merged["first_name"]), last_key=normalize(merged["last_name"]),
                           match_key=key, birth_year=int(merged["birth_date"][:4]) if merged["birth_date"]
                           else merged["birth_year"])
            twin = conn.execute("SELECT id FROM participants WHERE match_key = ? AND id NOT IN (?, ?)"
                                " AND anonymized_at IS NULL LIMIT 1", [key, keep_id, other_id]).fetchone()
            if key is not None and twin is not None:
                raise Conflict(_("na het samenvoegen zou deelnemer {keep} gelijk zijn aan deelnemer {twin};"
                                 " voeg die eerst samen").format(keep=keep_id, twin=twin[0]))
        for table in found["moves"]:
            conn.execute(f"UPDATE {table} SET participant_id = ? WHERE participant_id = ?", [keep_id, other_id])
        if changes:
            assignments = ", ".join(f"{column} = ?" for column in changes)
            conn.execute(f"UPDATE participants SET {assignments} WHERE id = ?", [*changes.values(), keep_id])
        # earlier merges into OTHER now point at KEEP, so every old id leads to a record that exists
        conn.execute("UPDATE merged_participants SET merged_into = ? WHERE merged_into = ?", [keep_id, other_id])
        conn.execute("DELETE FROM participants WHERE id = ?", [other_id])
        conn.execute("INSERT INTO merged_participants (id, merged_into, merged_at, merged_by) VALUES (?, ?, ?, ?)",
                     [other_id, keep_id, clock.now(), audit.os_user()])
        moved = [table for table, rows in found["moves"].items() if rows]
        audit.record(conn, "participant", keep_id, "merge",
                     [*(c for c in found["changes"]), *(f"{t}.participant_id" for t in moved)])
        audit.record(conn, "participant", other_id, "merged_away", ["merged_into"])
    return found


def conflict_error(found: dict) -> Conflict:
    """The conflicts of a merge, each with both values and the two ways to choose."""
    lines = [_("{field}: {keep!r} (deelnemer {keep_id}) of {other!r} (deelnemer {other_id});"
               " kies met --use-other {code} of --use-keep {code}").format(
        field=_(FIELDS[c["field"]]), keep=_shown(c["field"], c["keep"]), other=_shown(c["field"], c["other"]),
        keep_id=found["keep"], other_id=found["other"], code=typed(c["field"])) for c in found["conflicts"]]
    return Conflict(_("deelnemers {keep} en {other} verschillen in {n}; er is niets samengevoegd").format(
        keep=found["keep"], other=found["other"], n=", ".join(_(FIELDS[c["field"]]) for c in found["conflicts"])),
        details=lines)


def _shown(field: str, value: object) -> str:
    return day(value) if field == "birth_date" and value else str(value)
