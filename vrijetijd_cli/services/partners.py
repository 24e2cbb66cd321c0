"""Partners of the network; named by id or by name, case- and accent-insensitive. A partner that
organises activities may carry a share of their price (docs/architecture.md, "Shared cost")."""

from __future__ import annotations

import sqlite3

from vrijetijd_cli import clock, region
from vrijetijd_cli.errors import Ambiguous, Conflict, InvalidInput, NotFound
from vrijetijd_cli.i18n import _
from vrijetijd_cli.parse import clean_text, normalize, parse_percent
from vrijetijd_cli.services import audit
from vrijetijd_cli.store import atomic

COLUMNS = "id, name, kind, contact, active, joined_on, created_at, municipality, organiser_share_bp"


def resolve(conn: sqlite3.Connection, ref: str | int, active_only: bool = False) -> dict:
    """A partner by id, exact normalised name, or an unambiguous part of the name."""
    text = str(ref).strip()
    if text.isdigit():
        row = conn.execute(f"SELECT {COLUMNS} FROM partners WHERE id = ?", [int(text)]).fetchone()
        if row is None:
            raise NotFound(_("partner"), int(text))
        return _typed(dict(row))
    key = normalize(text)
    if not key:
        raise InvalidInput(_("partner: geef een id of een naam"))
    rows = [dict(r) for r in conn.execute(f"SELECT {COLUMNS}, name_key FROM partners ORDER BY id")]
    if active_only:
        rows = [r for r in rows if r["active"]]
    exact = [r for r in rows if r["name_key"] == key]
    candidates = exact or [r for r in rows if key in r["name_key"]]
    if not candidates:
        raise _unknown(text, rows)
    if len(candidates) > 1:
        names = "; ".join(f"{r['id']}: {r['name']}" for r in candidates)
        raise Ambiguous(
            _("partner {name!r} is dubbelzinnig; bedoelt u een van: {names}").format(name=text, names=names)
        )
    found = candidates[0]
    found.pop("name_key", None)
    return _typed(found)


def _unknown(text: str, rows: list[dict]) -> NotFound:
    known = "; ".join(f"{r['id']}: {r['name']}" for r in rows) or _("(geen)")
    error = NotFound(_("partner"), text)
    error.message = _("{message} (gekende partners: {known})").format(message=error.message, known=known)
    return error


def list_partners(conn: sqlite3.Connection, active: bool | None = None) -> list[dict]:
    sql = f"SELECT {COLUMNS} FROM partners"
    params: list = []
    if active is not None:
        sql += " WHERE active = ?"
        params.append(int(active))
    return [_typed(dict(r)) for r in conn.execute(sql + " ORDER BY id", params)]


def _typed(row: dict) -> dict:
    row["active"] = bool(row["active"])
    return row


def get(conn: sqlite3.Connection, ref: str | int) -> dict:
    """A partner with its referral and participant counts."""
    partner = resolve(conn, ref)
    counts = conn.execute(
        "SELECT COUNT(*), COUNT(DISTINCT participant_id) FROM referrals WHERE partner_id = ?",
        [partner["id"]],
    ).fetchone()
    partner["referral_count"], partner["participant_count"] = counts[0], counts[1]
    return partner


def _check_kind(kinds: dict, kind: str) -> str:
    if kind not in kinds:
        raise InvalidInput(
            _("soort partner {kind!r} is onbekend; kies uit {choices}").format(kind=kind, choices=", ".join(kinds))
        )
    return kind


def check_share(value: object) -> int | None:
    """An organiser share as typed ('40', '40%', '37,5'); empty: none."""
    text = str(value).strip() if value is not None else ""
    return parse_percent(text, "--organiser-share") if text else None


def add(
    conn: sqlite3.Connection, kinds: dict, name: str, kind: str, contact: str = "", joined_on: str | None = None,
    municipality: str | None = None, municipalities: tuple = (), organiser_share: str | None = None,
) -> dict:
    """A new partner; in a regional network of a municipality (`municipality`, a name of
    `municipalities`) or, by default and with 'regio', of the region as a whole; `organiser_share`:
    the share of the full price it carries of the activities it organises (as typed, '40' or '40%')."""
    share = check_share(organiser_share)
    name = clean_text(name, "naam", 120)
    home = region.resolve(municipalities, municipality) if municipality is not None else None
    if not normalize(name):
        raise InvalidInput(_("naam: een partner heeft een naam nodig"))
    _check_kind(kinds, kind)
    key = normalize(name)
    existing = conn.execute("SELECT id, name FROM partners WHERE name_key = ?", [key]).fetchone()
    if existing:
        raise Conflict(
            _("partner {name!r} bestaat al (id {id}: {existing})").format(
                name=name, id=existing["id"], existing=existing["name"])
        )
    with atomic(conn):
        cursor = conn.execute(
            "INSERT INTO partners (name, name_key, kind, contact, active, joined_on, municipality, created_at,"
            " organiser_share_bp) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)",
            [name, key, kind, clean_text(contact, "contact", 200), joined_on or clock.today().isoformat(), home,
             clock.now(), share],
        )
        audit.record(conn, "partner", cursor.lastrowid, "add",
                     ["name", "kind", "contact", "joined_on"] + (["municipality"] if home else [])
                     + (["organiser_share_bp"] if share is not None else []))
    return resolve(conn, cursor.lastrowid)


def edit(
    conn: sqlite3.Connection,
    kinds: dict,
    ref: str | int,
    name: str | None = None,
    kind: str | None = None,
    contact: str | None = None,
    municipality: str | None = None,
    municipalities: tuple = (),
    organiser_share: str | None = None,
) -> dict:
    """Change the fields given; `organiser_share` '' removes the share. A new share counts for the
    participations registered from then on: none is rewritten."""
    partner = resolve(conn, ref)
    changes: dict[str, object] = {}
    if organiser_share is not None:
        share = check_share(organiser_share)
        if share != partner["organiser_share_bp"]:
            changes["organiser_share_bp"] = share
    if name is not None:
        name = clean_text(name, "naam", 120)
        key = normalize(name)
        if not key:
            raise InvalidInput(_("naam: een partner heeft een naam nodig"))
        clash = conn.execute("SELECT id FROM partners WHERE name_key = ? AND id != ?", [key, partner["id"]]).fetchone()
        if clash:
            raise Conflict(_("partner {name!r} bestaat al (id {id})").format(name=name, id=clash["id"]))
        changes.update(name=name, name_key=key)
    if kind is not None:
        changes["kind"] = _check_kind(kinds, kind)
    if contact is not None:
        changes["contact"] = clean_text(contact, "contact", 200)
    if municipality is not None:
        home = region.resolve(municipalities, municipality)
        if home != partner["municipality"]:
            changes["municipality"] = home
    if changes:
        with atomic(conn):
            assignments = ", ".join(f"{column} = ?" for column in changes)
            conn.execute(f"UPDATE partners SET {assignments} WHERE id = ?", [*changes.values(), partner["id"]])
            audit.record(conn, "partner", partner["id"], "edit", [c for c in changes if c != "name_key"])
    return resolve(conn, partner["id"])


def deactivate(conn: sqlite3.Connection, ref: str | int) -> dict:
    partner = resolve(conn, ref)
    if not partner["active"]:
        raise Conflict(_("partner {name!r} is al inactief").format(name=partner["name"]))
    with atomic(conn):
        conn.execute("UPDATE partners SET active = 0 WHERE id = ?", [partner["id"]])
        audit.record(conn, "partner", partner["id"], "deactivate", ["active"])
    return resolve(conn, partner["id"])


def upsert_many(conn: sqlite3.Connection, partners: list[tuple[str, str, str]]) -> tuple[int, int]:
    """(name, kind, contact) rows: add new names, update kind/contact of known ones. In the caller's transaction."""
    added = updated = 0
    for name, kind, contact in partners:
        key = normalize(name)
        row = conn.execute("SELECT id, kind, contact FROM partners WHERE name_key = ?", [key]).fetchone()
        if row is None:
            cursor = conn.execute(
                "INSERT INTO partners (name, name_key, kind, contact, active, joined_on, created_at)"
                " VALUES (?, ?, ?, ?, 1, ?, ?)",
                [name, key, kind, contact, clock.today().isoformat(), clock.now()],
            )
            audit.record(conn, "partner", cursor.lastrowid, "add", ["name", "kind", "contact"])
            added += 1
        elif (row["kind"], row["contact"]) != (kind, contact):
            conn.execute("UPDATE partners SET kind = ?, contact = ? WHERE id = ?", [kind, contact, row["id"]])
            audit.record(conn, "partner", row["id"], "edit", ["kind", "contact"])
            updated += 1
    return added, updated
