"""Network meetings: attendance, minutes with their old versions, action items (docs/architecture.md, "Data").

Working groups (`werkgroep`) are recorded too, but only plenary meetings (overleg, evaluatie)
count for the yearly minimum and for each partner's attendance rate. A second meeting of the same
kind on the same day is refused unless forced, and counts once toward the minimum.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from vrijetijd_cli import clock
from vrijetijd_cli.config import Config
from vrijetijd_cli.errors import Ambiguous, InvalidInput, NotFound
from vrijetijd_cli.formats import day as day_text
from vrijetijd_cli.i18n import N_, _
from vrijetijd_cli.numbers import share_bp
from vrijetijd_cli.parse import clean_text, normalize, parse_date, parse_positive_int
from vrijetijd_cli.services import audit, closing, meeting_corrections, partners
from vrijetijd_cli.services.meeting_actions import find_meeting, list_actions
from vrijetijd_cli.store import atomic

KINDS = ("overleg", "werkgroep", "evaluatie")
NETWORK_KINDS = ("overleg", "evaluatie")
PRESENCES = ("present", "excused", "absent")
MAX_MINUTES_CHARS = 200_000
# an error about one partner named in a list, prefixed with the list it was named in
_ROLES = {"present": N_("aanwezig: {message}"), "excused": N_("verontschuldigd: {message}")}
_INSERT_ATTENDANCE = (
    "INSERT INTO meeting_attendance (meeting_id, partner_id, presence) VALUES (?, ?, ?)"
)


# --- input ------------------------------------------------------------------------------------

def parse_partner_list(conn: sqlite3.Connection, text: str | None, role: str) -> list[dict]:
    """'De Brug, 4; Sociale dienst' -> partners in the order named, without repeats.

    A partner's name may contain a comma ("Cultuur-, jeugd- en sportdienst"): the longest run
    of pieces that is exactly a partner's name wins before a piece is resolved on its own.
    """
    if not text:
        return []
    pieces = re.split(r"[,;\n]", text)
    by_key = {r["name_key"]: r for r in conn.execute("SELECT id, name, name_key FROM partners")}
    found: dict[int, dict] = {}
    i = 0
    while i < len(pieces):
        if not normalize(pieces[i]):
            i += 1
            continue
        for j in range(len(pieces), i + 1, -1):
            row = by_key.get(normalize(",".join(pieces[i:j])))
            if row is not None:
                partner, i = dict(row), j
                break
        else:
            try:
                partner = partners.resolve(conn, pieces[i])
            except (NotFound, Ambiguous, InvalidInput) as error:
                error.message = _(_ROLES[role]).format(message=error.message)
                raise
            i += 1
        found.setdefault(partner["id"], {"id": partner["id"], "name": partner["name"]})
    return list(found.values())


def _attendance_plan(conn: sqlite3.Connection, present: str | None, excused: str | None) -> dict:
    """partner id -> presence: the partners named, and every other active partner absent."""
    here = parse_partner_list(conn, present, "present")
    away = parse_partner_list(conn, excused, "excused")
    here_ids = {p["id"] for p in here}
    for partner in away:
        if partner["id"] in here_ids:
            raise InvalidInput(
                _("partner {name!r} staat zowel bij aanwezig als bij verontschuldigd").format(
                    name=partner["name"])
            )
    plan = {p["id"]: "present" for p in here}
    plan.update({p["id"]: "excused" for p in away})
    for row in conn.execute("SELECT id FROM partners WHERE active = 1"):
        plan.setdefault(row["id"], "absent")
    return plan


def _meeting_date(value: object) -> str:
    day = parse_date(value, "datum")
    if day > clock.today():
        raise InvalidInput(
            _("datum: {date} ligt in de toekomst; registreer een overleg na afloop").format(
                date=day_text(day))
        )
    return day.isoformat()


def _kind(kind: str) -> str:
    if normalize(kind) not in KINDS:
        raise InvalidInput(
            _("soort: {kind!r} is onbekend; kies uit {choices}").format(kind=kind, choices=", ".join(KINDS))
        )
    return normalize(kind)


_CHECKS = {
    "date": _meeting_date,
    "kind": _kind,
    "place": lambda value: clean_text(value, "plaats", 200),
    "agenda": lambda value: clean_text(value, "agenda", 5000),
    "poverty_voices": lambda value: parse_positive_int(value, "armoede-ervaring", minimum=0),
}


def read_minutes_file(path: str | Path) -> str:
    """The text of a Markdown minutes file: it must exist and be text, UTF-8 (with or without BOM)
    or Windows-1252 (what Word and Notepad on an older Windows save)."""
    source = Path(path)
    name = str(source)
    if not source.is_file():
        if source.exists():
            raise InvalidInput(_("verslag: bestand {name!r} is geen gewoon bestand").format(name=name))
        raise InvalidInput(_("verslag: bestand {name!r} bestaat niet").format(name=name))
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            _("verslag: bestand {name!r} kan niet gelezen worden: {reason}").format(name=name, reason=exc.strerror)
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise InvalidInput(
                _("verslag: bestand {name!r} is geen UTF-8- of Windows-1252-tekst (byte {byte});"
                  " bewaar het als UTF-8").format(name=name, byte=exc.start + 1)
            ) from None
    # NUL (in a picture, in UTF-16) means this is no text file; other control codes are cleaned
    if "\x00" in text:
        raise InvalidInput(_("verslag: bestand {name!r} is geen tekstbestand").format(name=name))
    text = clean_text(text.replace("\r\n", "\n"), "verslag", MAX_MINUTES_CHARS)
    if not text:
        raise InvalidInput(_("verslag: bestand {name!r} is leeg").format(name=name))
    return text


# --- meetings ---------------------------------------------------------------------------------

def add(
    conn: sqlite3.Connection,
    day: object,
    kind: str = "overleg",
    place: str = "",
    present: str | None = None,
    excused: str | None = None,
    poverty_voices: object = 0,
    agenda: str = "",
    minutes_file: str | Path | None = None,
    force: bool = False,
) -> dict:
    """Record a meeting that took place; active partners not named are recorded absent. A second
    meeting of the same kind on the same day is refused unless `force` (it counts once)."""
    given = dict(date=day, kind=kind, place=place, agenda=agenda, poverty_voices=poverty_voices)
    values = {key: _CHECKS[key](value) for key, value in given.items()}
    values["minutes"] = read_minutes_file(minutes_file) if minutes_file is not None else ""
    plan = _attendance_plan(conn, present, excused)
    with atomic(conn):
        closing.refuse_closed(conn, [int(values["date"][:4])], _("overleg"))
        if not force:
            meeting_corrections.refuse_twin(conn, values["date"], values["kind"])
        cursor = conn.execute(
            "INSERT INTO meetings (date, kind, place, agenda, minutes, poverty_voices,"
            " created_at, updated_at) VALUES (:date, :kind, :place, :agenda, :minutes,"
            " :poverty_voices, :now, :now)",
            {**values, "now": clock.now()},
        )
        meeting_id = cursor.lastrowid
        conn.executemany(_INSERT_ATTENDANCE, [(meeting_id, p, v) for p, v in plan.items()])
        fields = [*(key for key, value in values.items() if value), "attendance"]
        audit.record(conn, "meeting", meeting_id, "add", fields)
    return get(conn, meeting_id)


def edit(
    conn: sqlite3.Connection,
    meeting_id: object,
    day: object = None,
    kind: str | None = None,
    place: str | None = None,
    agenda: str | None = None,
    poverty_voices: object = None,
    present: str | None = None,
    excused: str | None = None,
    force: bool = False,
) -> dict:
    """Change a meeting; naming present or excused partners records the attendance anew. A new date
    or kind that another meeting already has is refused unless `force`."""
    meeting = find_meeting(conn, meeting_id)
    given = dict(date=day, kind=kind, place=place, agenda=agenda, poverty_voices=poverty_voices)
    changes = {key: _CHECKS[key](value) for key, value in given.items() if value is not None}
    plan = None
    if present is not None or excused is not None:
        current = _names_by_presence(conn, [meeting["id"]])[meeting["id"]]
        plan = _attendance_plan(
            conn,
            present if present is not None else ",".join(map(str, current["present_ids"])),
            excused if excused is not None else ",".join(map(str, current["excused_ids"])),
        )
    if changes or plan is not None:
        with atomic(conn):
            years = [int(meeting["date"][:4]), int(changes["date"][:4]) if "date" in changes else None]
            closing.refuse_closed(conn, years, _("overleg {id}").format(id=meeting["id"]))
            if not force and ("date" in changes or "kind" in changes):
                meeting_corrections.refuse_twin(conn, changes.get("date", meeting["date"]),
                                                changes.get("kind", meeting["kind"]), meeting["id"])
            assignments = "".join(f"{column} = ?, " for column in changes)
            conn.execute(
                f"UPDATE meetings SET {assignments}updated_at = ? WHERE id = ?",
                [*changes.values(), clock.now(), meeting["id"]],
            )
            if plan is not None:
                conn.execute("DELETE FROM meeting_attendance WHERE meeting_id = ?", [meeting["id"]])
                rows = [(meeting["id"], p, v) for p, v in plan.items()]
                conn.executemany(_INSERT_ATTENDANCE, rows)
            fields = [*changes, *(["attendance"] if plan else [])]
            audit.record(conn, "meeting", meeting["id"], "edit", fields)
    return get(conn, meeting["id"])


def _names_by_presence(conn: sqlite3.Connection, meeting_ids: list[int]) -> dict[int, dict]:
    keys = (*PRESENCES, "present_ids", "excused_ids")
    result: dict[int, dict] = {m: {key: [] for key in keys} for m in meeting_ids}
    for start in range(0, len(meeting_ids), 500):
        batch = meeting_ids[start:start + 500]
        rows = conn.execute(
            "SELECT a.meeting_id, a.presence, p.id, p.name FROM meeting_attendance a"
            " JOIN partners p ON p.id = a.partner_id"
            f" WHERE a.meeting_id IN ({','.join('?' * len(batch))}) ORDER BY p.id",
            batch,
        )
        for row in rows:
            entry = result[row["meeting_id"]]
            entry[row["presence"]].append(row["name"])
            if row["presence"] != "absent":
                entry[f"{row['presence']}_ids"].append(row["id"])
    return result


def _summary(row: dict, names: dict) -> dict:
    summary = {key: row[key] for key in ("id", "date", "kind", "place", "poverty_voices")}
    summary.update({presence: names[presence] for presence in PRESENCES})
    summary.update({f"{presence}_count": len(names[presence]) for presence in PRESENCES})
    summary["has_minutes"] = bool(row["minutes"])
    return summary


def _year_range(year: int | None) -> tuple[str, str]:
    if year is None:
        return "0000-01-01", "9999-12-31"
    return f"{year:04d}-01-01", f"{year:04d}-12-31"


def list_meetings(conn: sqlite3.Connection, year: int | None = None) -> list[dict]:
    """Meetings by date with the partner names per presence; every year when `year` is None."""
    rows = [
        dict(r)
        for r in conn.execute(
            "SELECT m.*, (SELECT COUNT(*) FROM meeting_actions x WHERE x.meeting_id = m.id"
            " AND x.done_on IS NULL) AS open_actions FROM meetings m"
            " WHERE date BETWEEN ? AND ? ORDER BY date, id",
            _year_range(year),
        )
    ]
    names = _names_by_presence(conn, [r["id"] for r in rows])
    return [{**_summary(r, names[r["id"]]), "open_actions": r["open_actions"]} for r in rows]


def network_meeting_count(conn: sqlite3.Connection, year: int | None) -> int:
    """Plenary meetings (overleg, evaluatie) in `year`: what the yearly minimum is about. Two of the
    same kind on the same day count once."""
    return conn.execute(
        f"SELECT COUNT(DISTINCT date || kind) FROM meetings WHERE date BETWEEN ? AND ? AND kind IN {NETWORK_KINDS!r}",
        _year_range(year),
    ).fetchone()[0]


def overview(conn: sqlite3.Connection, config: Config, year: int | None = None) -> dict:
    """The meetings of `year` (or all) and the plenary count against the yearly minimum.

    Without a year the count is about the current year.
    """
    counted = year if year is not None else clock.today().year
    return {
        "meetings": list_meetings(conn, year),
        "year": counted,
        "count": network_meeting_count(conn, counted),
        "minimum": config.min_meetings_per_year,
    }


def get(conn: sqlite3.Connection, meeting_id: object) -> dict:
    """One meeting with its minutes, attendance, actions and the list of older minutes."""
    row = find_meeting(conn, meeting_id)
    meeting = _summary(row, _names_by_presence(conn, [row["id"]])[row["id"]])
    meeting.update({key: row[key] for key in ("agenda", "minutes", "created_at", "updated_at")})
    meeting["attendance"] = [
        dict(r)
        for r in conn.execute(
            "SELECT p.id AS partner_id, p.name AS partner, a.presence FROM meeting_attendance a"
            " JOIN partners p ON p.id = a.partner_id WHERE a.meeting_id = ? ORDER BY p.id",
            [row["id"]],
        )
    ]
    meeting["actions"] = list_actions(conn, meeting_id=row["id"])
    meeting["minutes_versions"] = [
        dict(r)
        for r in conn.execute(
            "SELECT id, replaced_at, length(minutes) AS characters FROM meeting_minutes_versions"
            " WHERE meeting_id = ? ORDER BY id",
            [row["id"]],
        )
    ]
    return meeting


def minutes_text(conn: sqlite3.Connection, meeting_id: object) -> str:
    return find_meeting(conn, meeting_id)["minutes"]


def set_minutes(conn: sqlite3.Connection, meeting_id: object, text: str) -> dict:
    """Replace the minutes; the previous text is kept in meeting_minutes_versions."""
    meeting = find_meeting(conn, meeting_id)
    text = clean_text(text.replace("\r\n", "\n"), "verslag", MAX_MINUTES_CHARS)
    if not text:
        raise InvalidInput(_("verslag: het verslag is leeg"))
    changed = text != meeting["minutes"]
    if changed:
        now = clock.now()
        with atomic(conn):
            closing.refuse_closed(conn, [int(meeting["date"][:4])], _("verslag van overleg {id}").format(
                id=meeting["id"]))
            if meeting["minutes"]:
                conn.execute(
                    "INSERT INTO meeting_minutes_versions (meeting_id, minutes, replaced_at)"
                    " VALUES (?, ?, ?)",
                    [meeting["id"], meeting["minutes"], now],
                )
            conn.execute(
                "UPDATE meetings SET minutes = ?, updated_at = ? WHERE id = ?",
                [text, now, meeting["id"]],
            )
            audit.record(conn, "meeting", meeting["id"], "minutes", ["minutes"])
    versions = conn.execute(
        "SELECT COUNT(*) FROM meeting_minutes_versions WHERE meeting_id = ?", [meeting["id"]]
    ).fetchone()[0]
    return {"id": meeting["id"], "changed": changed, "versions": versions}


def set_minutes_from_file(conn: sqlite3.Connection, meeting_id: object, path: str | Path) -> dict:
    find_meeting(conn, meeting_id)
    return set_minutes(conn, meeting_id, read_minutes_file(path))


# --- attendance -------------------------------------------------------------------------------

def attendance(conn: sqlite3.Connection, config: Config, year: int | None = None) -> dict:
    """Per partner: present / excused / absent at plenary meetings, rate in basis points, flag.

    Active partners are always listed; inactive ones only when they were expected that year.
    """
    rows = conn.execute(
        "SELECT p.id, p.name, COALESCE(SUM(a.presence = 'present'), 0) AS present,"
        " COALESCE(SUM(a.presence = 'excused'), 0) AS excused,"
        " COALESCE(SUM(a.presence = 'absent'), 0) AS absent"
        " FROM partners p LEFT JOIN (meeting_attendance a JOIN meetings m ON m.id = a.meeting_id"
        f" AND m.date BETWEEN ? AND ? AND m.kind IN {NETWORK_KINDS!r}) ON a.partner_id = p.id"
        " GROUP BY p.id HAVING p.active = 1 OR COUNT(a.meeting_id) > 0 ORDER BY p.id",
        _year_range(year),
    )
    threshold = config.attendance_threshold_bp
    result = []
    for row in rows:
        total = row["present"] + row["excused"] + row["absent"]
        rate = share_bp(row["present"], total)
        result.append({
            "partner_id": row["id"],
            "partner": row["name"],
            "present": row["present"],
            "excused": row["excused"],
            "absent": row["absent"],
            "meetings": total,
            "rate_bp": rate,
            "below_threshold": rate is not None and rate < threshold,
        })
    meetings = network_meeting_count(conn, year)
    return {"year": year, "meetings": meetings, "threshold_bp": threshold, "partners": result}
