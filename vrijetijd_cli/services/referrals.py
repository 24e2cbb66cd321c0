"""Referrals: a partner sends a person to the network (toeleiding)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date

from vrijetijd_cli import clock
from vrijetijd_cli.config import Config
from vrijetijd_cli.errors import Conflict, InvalidInput, NotFound
from vrijetijd_cli.formats import day
from vrijetijd_cli.i18n import _
from vrijetijd_cli.parse import clean_text
from vrijetijd_cli.services import audit, closing, participants, partners, statuses
from vrijetijd_cli.store import atomic

STATES = ("open", "in_behandeling", "toegeleid", "afgesloten", "geweigerd")
# open → in_behandeling → toegeleid / afgesloten / geweigerd (docs/architecture.md, "Data"); a referral can
# also be closed or refused before anyone handled it.
TRANSITIONS = {
    "open": ("in_behandeling", "afgesloten", "geweigerd"),
    "in_behandeling": ("toegeleid", "afgesloten", "geweigerd"),
    "toegeleid": (),
    "afgesloten": (),
    "geweigerd": (),
}
SELECT = (
    "SELECT r.id, r.participant_id, p.first_name, p.last_name, r.partner_id, pa.name AS partner, r.date,"
    " r.ground_code AS ground, r.domain, r.state, r.note, r.created_at, r.updated_at"
    " FROM referrals r JOIN participants p ON p.id = r.participant_id JOIN partners pa ON pa.id = r.partner_id"
)


def insert(
    conn: sqlite3.Connection,
    participant_id: int,
    partner_id: int,
    on: date,
    ground: str | None,
    domain: str | None,
    note: str,
    import_id: int | None = None,
) -> int:
    """Insert inside the caller's transaction."""
    closing.refuse_closed(conn, [on.year], _("toeleiding"))
    now = clock.now()
    cursor = conn.execute(
        "INSERT INTO referrals (participant_id, partner_id, date, ground_code, domain, state, note, import_id,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)",
        [participant_id, partner_id, on.isoformat(), ground, domain, note, import_id, now, now],
    )
    audit.record(
        conn,
        "referral",
        cursor.lastrowid,
        "add",
        ["participant_id", "partner_id", "date", "ground_code", "domain", "note"],
    )
    return cursor.lastrowid


def add(
    conn: sqlite3.Connection,
    config: Config,
    partner: str,
    on: date,
    participant_id: int | None = None,
    person: participants.Person | None = None,
    ground: str | None = None,
    domain: str | None = None,
    note: str = "",
    force: bool = False,
) -> dict:
    """Record a referral; creates the person (duplicate rule) and a status for the ground if needed."""
    if (participant_id is None) == (person is None):
        raise InvalidInput(
            _("geef --participant ID of de gegevens van een nieuwe persoon (--first-name, --last-name, --birth-date)")
        )
    referrer = partners.resolve(conn, partner)
    if not referrer["active"]:
        raise Conflict(_("partner {name!r} is inactief").format(name=referrer["name"]))
    if on > clock.today():
        raise InvalidInput(_("datum: {date} ligt in de toekomst").format(date=day(on)))
    note = clean_text(note, "opmerking", 2000)
    if person is not None:
        person = replace(person, legal_basis=person.legal_basis or config.legal_basis,
                         informed=person.informed or config.informed)
    with atomic(conn):
        # the checks under the write lock: of two at once, the second finds the first
        created = participant_id is None
        if not created:
            _refuse_forgotten(participants.get(conn, participant_id))
        elif not force:
            participants.refuse_duplicate(conn, person)
            participants.refuse_lookalikes(conn, person)
        if created:
            participant_id = participants.insert(conn, person)
        status_added = False
        # a status from the referral date, unless one of that ground already covers part of it
        until = statuses.default_until(config, ground, on) if ground else None
        if ground and statuses.overlapping(conn, participant_id, ground, on, until) is None:
            statuses.insert(conn, participant_id, ground, on, until, referrer["id"])
            status_added = True
        referral_id = insert(conn, participant_id, referrer["id"], on, ground, domain, note)
    result = get(conn, referral_id)
    result["participant_created"] = created
    result["status_added"] = status_added
    return result


def _refuse_forgotten(person: dict) -> None:
    if person["anonymized_at"]:
        raise Conflict(_("deelnemer {id} is vergeten (geanonimiseerd op {date}); er kan geen toeleiding bij."
                         " Is het dezelfde persoon, registreer hem of haar dan opnieuw als nieuwe deelnemer").format(
            id=person["id"], date=day(person["anonymized_at"][:10])))


def get(conn: sqlite3.Connection, referral_id: int) -> dict:
    row = conn.execute(SELECT + " WHERE r.id = ?", [referral_id]).fetchone()
    if row is None:
        raise NotFound(_("toeleiding"), referral_id)
    return dict(row)


def list_referrals(
    conn: sqlite3.Connection,
    participant_id: int | None = None,
    partner: str | None = None,
    state: str | None = None,
    year: int | None = None,
) -> list[dict]:
    where, params = [], []
    if participant_id is not None:
        where.append("r.participant_id = ?")
        params.append(participant_id)
    if partner:
        where.append("r.partner_id = ?")
        params.append(partners.resolve(conn, partner)["id"])
    if state:
        _check_state(state)
        where.append("r.state = ?")
        params.append(state)
    if year:
        where.append("r.date BETWEEN ? AND ?")
        params += [f"{year}-01-01", f"{year}-12-31"]
    sql = SELECT + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY r.date, r.id"
    return [dict(r) for r in conn.execute(sql, params)]


def _check_state(state: str) -> None:
    if state not in STATES:
        raise InvalidInput(
            _("toestand {state!r} is onbekend; kies uit {choices}").format(state=state, choices=", ".join(STATES))
        )


def update(conn: sqlite3.Connection, referral_id: int, state: str | None = None, note: str | None = None) -> dict:
    current = get(conn, referral_id)
    changes: dict[str, object] = {}
    if state is not None and state != current["state"]:
        _check_state(state)
        allowed = TRANSITIONS[current["state"]]
        if state not in allowed:
            raise Conflict(
                _("toeleiding {id} kan niet van {current!r} naar {state!r}; toegelaten: {allowed}").format(
                    id=referral_id, current=current["state"], state=state,
                    allowed=", ".join(allowed) or _("geen (eindtoestand)"))
            )
        changes["state"] = state
    if note is not None:
        changes["note"] = clean_text(note, "opmerking", 2000)
    if changes:
        with atomic(conn):
            closing.refuse_closed(conn, [int(current["date"][:4])], _("toeleiding {id}").format(id=referral_id))
            assignments = ", ".join(f"{column} = ?" for column in changes)
            conn.execute(
                f"UPDATE referrals SET {assignments}, updated_at = ? WHERE id = ?",
                [*changes.values(), clock.now(), referral_id],
            )
            audit.record(conn, "referral", referral_id, "update", changes)
    return get(conn, referral_id)


def deletion(conn: sqlite3.Connection, referral_id: int) -> dict:
    """The referral `delete` would delete, refused as it would be (its year closed)."""
    current = get(conn, referral_id)
    closing.refuse_closed(conn, [int(current["date"][:4])], _("toeleiding {id}").format(id=referral_id))
    return current


def delete(conn: sqlite3.Connection, referral_id: int) -> dict:
    """Delete a referral recorded by mistake; the person and their statuses stay. Nothing refers to a
    referral, so only a closed year refuses it. Returns the referral."""
    with atomic(conn):
        current = deletion(conn, referral_id)
        conn.execute("DELETE FROM referrals WHERE id = ?", [referral_id])
        audit.record(conn, "referral", referral_id, "delete")
    return current
