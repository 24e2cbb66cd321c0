"""Signals: a threshold or a suggestion raised by a participant, a partner or at a meeting — the
voice of the target group — and what the network did about it.

A signal can be anonymous (no participant). Its kind comes from the config (`signal_kinds`); its
state goes open → in_behandeling → opgelost / niet_haalbaar. A signal counts in the year of its
date, so a closed year's signals cannot change (services/closing.py).
"""

from __future__ import annotations

import sqlite3
from datetime import date

from vrijetijd_cli import clock
from vrijetijd_cli.config import Config
from vrijetijd_cli.errors import Conflict, InvalidInput, NotFound
from vrijetijd_cli.formats import day
from vrijetijd_cli.i18n import _
from vrijetijd_cli.parse import clean_text, normalize
from vrijetijd_cli.services import audit, closing, partners
from vrijetijd_cli.services.participation_rules import check_participant

STATES = ("open", "in_behandeling", "opgelost", "niet_haalbaar")
DONE = ("opgelost", "niet_haalbaar")
TRANSITIONS = {
    "open": ("in_behandeling", "opgelost", "niet_haalbaar"),
    "in_behandeling": ("open", "opgelost", "niet_haalbaar"),
    "opgelost": ("in_behandeling",),
    "niet_haalbaar": ("in_behandeling",),
}
SELECT = (
    "SELECT s.id, s.date, s.kind, s.text, s.raised_by, s.participant_id, s.partner_id, pt.name AS partner,"
    " s.meeting_id, s.activity_id, a.title AS activity, s.organiser_partner_id,"
    " COALESCE(o.name, NULLIF(s.organiser_name, '')) AS organiser, s.state, s.action, s.solved_on,"
    " s.created_at, s.updated_at"
    " FROM signals s LEFT JOIN partners pt ON pt.id = s.partner_id LEFT JOIN activities a ON a.id = s.activity_id"
    " LEFT JOIN partners o ON o.id = s.organiser_partner_id"
)


def check_kind(config: Config, kind: str) -> str:
    """A kind of the config, by its code or its label in any language (case and accents do not count)."""
    wanted = normalize(kind)
    for code, labels in config.signal_kinds.items():
        if wanted in {normalize(code), *(normalize(label) for label in labels.values())}:
            return code
    raise InvalidInput(_("--kind: {kind!r} is onbekend; kies uit {choices}").format(
        kind=kind, choices=", ".join(config.signal_kinds)))


def check_state(state: str) -> str:
    code = normalize(state).replace(" ", "_")
    if code not in STATES:
        raise InvalidInput(_("--state: {state!r} is onbekend; kies uit {choices}").format(
            state=state, choices=", ".join(STATES)))
    return code


def add(conn: sqlite3.Connection, config: Config, on: date, kind: str, text: str, *,
        participant_id: int | None = None, partner: str | None = None, meeting_id: int | None = None,
        activity_id: int | None = None, organiser: str | None = None) -> dict:
    """Record a signal; who raised it follows from what is named (a participant, a partner, a
    meeting), else 'other'. The participant is never required: a signal may be anonymous."""
    code = check_kind(config, kind)
    words = clean_text(text, "--text", 2000)
    if not words:
        raise InvalidInput(_("--text: zeg welke drempel of suggestie het is"))
    if on > clock.today():
        raise InvalidInput(_("--date: {date} ligt in de toekomst").format(date=day(on)))
    if participant_id is not None:
        check_participant(conn, participant_id)
    partner_row = partners.resolve(conn, partner) if partner else None
    if meeting_id is not None and conn.execute("SELECT 1 FROM meetings WHERE id = ?", [meeting_id]).fetchone() is None:
        raise NotFound(_("overleg"), meeting_id)
    if activity_id is not None and conn.execute(
            "SELECT 1 FROM activities WHERE id = ?", [activity_id]).fetchone() is None:
        raise NotFound(_("activiteit"), activity_id)
    organiser_id, organiser_name = _organiser(conn, organiser)
    raised_by = ("participant" if participant_id is not None else "partner" if partner_row
                 else "meeting" if meeting_id is not None else "other")
    now = clock.now()
    from vrijetijd_cli.store import atomic

    with atomic(conn):
        closing.refuse_closed(conn, [on.year], _("signaal"))
        cursor = conn.execute(
            "INSERT INTO signals (date, kind, text, raised_by, participant_id, partner_id, meeting_id, activity_id,"
            " organiser_partner_id, organiser_name, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [on.isoformat(), code, words, raised_by, participant_id, partner_row["id"] if partner_row else None,
             meeting_id, activity_id, organiser_id, organiser_name, now, now])
        audit.record(conn, "signal", cursor.lastrowid, "add",
                     ["date", "kind", "text", "raised_by", "participant_id", "partner_id", "meeting_id",
                      "activity_id", "organiser_partner_id", "organiser_name"])
    return get(conn, cursor.lastrowid)


def _organiser(conn: sqlite3.Connection, organiser: str | None) -> tuple[int | None, str]:
    """A partner when the name is one of the network's, else the organiser's name as written."""
    if not organiser:
        return None, ""
    name = clean_text(organiser, "--organiser", 200)
    try:
        return partners.resolve(conn, name)["id"], ""
    except (NotFound, Conflict, InvalidInput):
        return None, name


def get(conn: sqlite3.Connection, signal_id: int) -> dict:
    row = conn.execute(f"{SELECT} WHERE s.id = ?", [signal_id]).fetchone()
    if row is None:
        raise NotFound(_("signaal"), signal_id)
    return dict(row)


def list_signals(conn: sqlite3.Connection, config: Config, state: str | None = None, kind: str | None = None,
                 year: int | None = None) -> list[dict]:
    where, params = [], []
    if state:
        where.append("s.state = ?")
        params.append(check_state(state))
    if kind:
        where.append("s.kind = ?")
        params.append(check_kind(config, kind))
    if year is not None:
        where.append("s.date BETWEEN ? AND ?")
        params += [f"{year:04d}-01-01", f"{year:04d}-12-31"]
    sql = SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY s.date, s.id"
    return [dict(r) for r in conn.execute(sql, params)]


def update(conn: sqlite3.Connection, signal_id: int, state: str | None = None, action: str | None = None,
           on: date | None = None) -> dict:
    """Move a signal on and say what was done; solved (or found not feasible) on `on` (default today)."""
    current = get(conn, signal_id)
    changes: dict[str, object] = {}
    if state is not None:
        code = check_state(state)
        if code != current["state"]:
            if code not in TRANSITIONS[current["state"]]:
                raise Conflict(_("signaal {id} kan niet van {current!r} naar {state!r}; toegelaten: {allowed}").format(
                    id=signal_id, current=current["state"], state=code,
                    allowed=", ".join(TRANSITIONS[current["state"]])))
            changes["state"] = code
            when = on or clock.today()
            if when.isoformat() < current["date"]:
                raise InvalidInput(_("--date: {date} ligt vóór het signaal zelf ({signal})").format(
                    date=day(when), signal=day(current["date"])))
            if when > clock.today():
                raise InvalidInput(_("--date: {date} ligt in de toekomst").format(date=day(when)))
            changes["solved_on"] = when.isoformat() if code in DONE else None
    elif on is not None:
        raise InvalidInput(_("--date hoort bij een nieuwe toestand: geef ook --state"))
    if action is not None:
        changes["action"] = clean_text(action, "--action", 2000)
    if not changes:
        raise InvalidInput(_("geef wat verandert: --state of --action"))
    from vrijetijd_cli.store import atomic

    with atomic(conn):
        # a signal counts as handled in the year it was solved (reports/signals.py)
        solved = [current["solved_on"], changes.get("solved_on", current["solved_on"])]
        years = sorted({int(str(on)[:4]) for on in solved if on})
        closing.refuse_closed(conn, years, _("signaal {id}").format(id=signal_id))
        assignments = ", ".join(f"{column} = ?" for column in changes)
        conn.execute(f"UPDATE signals SET {assignments}, updated_at = ? WHERE id = ?",
                     [*changes.values(), clock.now(), signal_id])
        audit.record(conn, "signal", signal_id, "update", list(changes))
    return get(conn, signal_id)
