"""Statuses: a ground with a validity period, checked by a partner; 'active' is derived from today."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from vrijetijd_cli import clock
from vrijetijd_cli.config import Config
from vrijetijd_cli.errors import Conflict, InvalidInput, NotFound
from vrijetijd_cli.formats import day
from vrijetijd_cli.i18n import _, ngettext
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


_EXTENDABLE = (
    "s.valid_from <= :today AND s.valid_until >= :today AND s.valid_until < :until"
    " AND (s.suspended_on IS NULL OR s.suspended_on > :today)"
)


def extension(conn: sqlite3.Connection, until: date, today: date, ground: str | None = None,
              participant_id: int | None = None) -> list[dict]:
    """The statuses `extend` would extend: active today, ending before `until`, of `ground` and/or
    of one person. An end in the past is refused."""
    if until < today:
        raise InvalidInput(_("--until: {date} ligt in het verleden; een statuut verlengen kan alleen tot"
                             " vandaag of later").format(date=day(until)))
    if ground is None and participant_id is None:
        raise InvalidInput(_("geef --ground (alle actieve statuten van die grond) of --participant ID"))
    where, params = [_EXTENDABLE], {"today": today.isoformat(), "until": until.isoformat()}
    if ground is not None:
        where.append("s.ground_code = :ground")
        params["ground"] = ground
    if participant_id is not None:
        from vrijetijd_cli.services import merging

        if conn.execute("SELECT 1 FROM participants WHERE id = ?", [participant_id]).fetchone() is None:
            raise merging.not_found(conn, participant_id)
        where.append("s.participant_id = :participant")
        params["participant"] = participant_id
    sql = SELECT + " WHERE " + " AND ".join(where) + " ORDER BY s.participant_id, s.id"
    return [_with_state(dict(r), today) for r in conn.execute(sql, params)]


def extend(conn: sqlite3.Connection, until: date, today: date, ground: str | None = None,
           participant_id: int | None = None) -> list[dict]:
    """Extend to `until` every status `extension` lists; returns them as they were."""
    with atomic(conn):
        rows = extension(conn, until, today, ground, participant_id)
        closing.refuse_closed(conn, closing.years_between(today, until), _("verlenging"))
        ids = [r["id"] for r in rows]
        for start in range(0, len(ids), 500):
            batch = ids[start:start + 500]
            conn.execute(f"UPDATE statuses SET valid_until = ? WHERE id IN ({', '.join('?' * len(batch))})",
                         [until.isoformat(), *batch])
        audit.record_many(conn, "status", ids, "extend", ["valid_until"])
    return rows


# ---- corrections (docs/architecture.md, "Corrections") ----

def relied_on(conn: sqlite3.Connection, status: dict, keep_from: str | None = None,
              keep_until: str | None = None) -> list[dict]:
    """The participations that had only this status on the day their status was checked (the
    participation's day, or an earlier redemption day), and no reason to go without one — those
    not within keep_from..keep_until, when given (an edit that keeps part of the period)."""
    rows = conn.execute(
        "SELECT x.id, x.date, day FROM (SELECT x.id, x.date, x.participant_id,"
        " CASE WHEN v.redeemed_on < x.date THEN v.redeemed_on ELSE x.date END AS day"
        " FROM participations x LEFT JOIN vouchers v ON v.id = x.voucher_id"
        " WHERE x.participant_id = :participant AND x.without_status_reason = '') x"
        " WHERE day BETWEEN :start AND :until AND (:suspended IS NULL OR day < :suspended)"
        " AND NOT (day BETWEEN :keep_from AND :keep_until)"
        " AND NOT EXISTS (SELECT 1 FROM statuses s WHERE s.participant_id = x.participant_id AND s.id != :status"
        "  AND s.valid_from <= day AND s.valid_until >= day AND (s.suspended_on IS NULL OR s.suspended_on > day))"
        " ORDER BY day, x.id",
        {"participant": status["participant_id"], "start": status["valid_from"], "until": status["valid_until"],
         "suspended": status["suspended_on"], "status": status["id"], "keep_from": keep_from or "9999-12-31",
         "keep_until": keep_until or "0000-01-01"},
    )
    return [dict(r) for r in rows]


def _relied_error(status_id: int, relied: list[dict], deleting: bool) -> Conflict:
    shown = ", ".join(_("{id} ({date})").format(id=r["id"], date=day(r["date"])) for r in relied[:10])
    if len(relied) > 10:
        shown = _("{listed} en {n} andere").format(listed=shown, n=len(relied) - 10)
    who = ngettext("deelname {participations} had alleen dit statuut",
                   "deelnames {participations} hadden alleen dit statuut", len(relied)).format(participations=shown)
    if deleting:
        text = _("statuut {id} kan niet verwijderd worden: {who}; beëindig het met 'vrijetijd participant status"
                 " edit {id} --until DATUM' (na de laatste deelname) of schors het met 'vrijetijd participant"
                 " status suspend {id}'")
    else:
        text = _("statuut {id} kan niet zo ingekort worden: {who}; laat het tot na de laatste deelname lopen,"
                 " of registreer die deelname eerst met 'vrijetijd participation edit ID --without-status REDEN'")
    return Conflict(text.format(id=status_id, who=who))


def edition(conn: sqlite3.Connection, status_id: int, today: date, ground: str | None = None,
            valid_from: date | None = None, valid_until: date | None = None,
            checked_by: int | None = None) -> dict:
    """What `edit` would change, refused as it would be: {status, values, changed}."""
    current = get(conn, status_id, today)
    values = {"ground_code": ground or current["ground"],
              "valid_from": (valid_from.isoformat() if valid_from else current["valid_from"]),
              "valid_until": (valid_until.isoformat() if valid_until else current["valid_until"]),
              "checked_by_partner_id": checked_by if checked_by is not None else current["checked_by_partner_id"]}
    stored = {"ground_code": current["ground"], "valid_from": current["valid_from"],
              "valid_until": current["valid_until"], "checked_by_partner_id": current["checked_by_partner_id"]}
    changed = [key for key in values if values[key] != stored[key]]
    if values["valid_until"] < values["valid_from"]:
        raise InvalidInput(_("geldig tot ({until}) ligt vóór geldig vanaf ({start})").format(
            until=day(values["valid_until"]), start=day(values["valid_from"])))
    twin = conn.execute(
        "SELECT id FROM statuses WHERE participant_id = ? AND ground_code = ? AND id != ? AND valid_from <= ?"
        " AND valid_until >= ? AND suspended_on IS NULL LIMIT 1",
        [current["participant_id"], values["ground_code"], status_id, values["valid_until"], values["valid_from"]],
    ).fetchone()
    if twin is not None and {"ground_code", "valid_from", "valid_until"} & set(changed):
        raise Conflict(_("deelnemer {id} heeft al statuut {status} voor {ground} in die periode").format(
            id=current["participant_id"], status=twin[0], ground=values["ground_code"]))
    relied = relied_on(conn, current, values["valid_from"], values["valid_until"])
    if relied:
        raise _relied_error(status_id, relied, deleting=False)
    years: set[int] = set()
    for key in ("valid_from", "valid_until"):
        if key in changed:
            years.update(closing.years_between(min(values[key], stored[key]), max(values[key], stored[key])))
    if "ground_code" in changed:
        years.update(closing.years_between(stored["valid_from"], stored["valid_until"]))
        years.update(closing.years_between(values["valid_from"], values["valid_until"]))
    closing.refuse_closed(conn, years, _("statuut {id}").format(id=status_id))
    return {"status": current, "values": values, "changed": changed}


def edit(conn: sqlite3.Connection, status_id: int, today: date, ground: str | None = None,
         valid_from: date | None = None, valid_until: date | None = None, checked_by: int | None = None) -> dict:
    """Correct a status's ground, period or checking partner. Refused when a participation that had
    only this status would lose it, or when a closed year's figures would change (a later end
    changes only the years it adds). Returns the status with `changed`."""
    with atomic(conn):
        plan = edition(conn, status_id, today, ground, valid_from, valid_until, checked_by)
        if plan["changed"]:
            assignments = ", ".join(f"{column} = ?" for column in plan["changed"])
            conn.execute(f"UPDATE statuses SET {assignments} WHERE id = ?",
                         [*(plan["values"][c] for c in plan["changed"]), status_id])
            audit.record(conn, "status", status_id, "edit", plan["changed"])
    return {**get(conn, status_id, today), "changed": plan["changed"]}


def deletion(conn: sqlite3.Connection, status_id: int, today: date) -> dict:
    """The status `delete` would delete, refused as it would be."""
    current = get(conn, status_id, today)
    relied = relied_on(conn, current)
    if relied:
        raise _relied_error(status_id, relied, deleting=True)
    closing.refuse_closed(conn, closing.years_between(current["valid_from"], current["valid_until"]),
                          _("statuut {id}").format(id=status_id))
    return current


def delete(conn: sqlite3.Connection, status_id: int, today: date) -> dict:
    """Delete a status recorded by mistake. A status that a participation relied on is ended
    (`edit --until`) or suspended, never deleted. Returns the status."""
    with atomic(conn):
        current = deletion(conn, status_id, today)
        conn.execute("DELETE FROM statuses WHERE id = ?", [status_id])
        audit.record(conn, "status", status_id, "delete")
    return current


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
