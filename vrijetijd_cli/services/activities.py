"""Activities: the leisure offer with its full price, kansentarief and organiser share
(docs/architecture.md, "Data" and "Shared cost").

Values from the user arrive as text and are checked field by field (activity_fields); money
is int cents, dates ISO text.
"""

from __future__ import annotations

import sqlite3

from vrijetijd_cli import clock
from vrijetijd_cli.config import Config
from vrijetijd_cli.errors import Conflict, InvalidInput, NotFound
from vrijetijd_cli.formats import day as day_text
from vrijetijd_cli.i18n import _
from vrijetijd_cli.parse import clean_text, normalize, parse_date, parse_percent, parse_positive_int
from vrijetijd_cli.services import audit, cost_split
from vrijetijd_cli.services.activity_fields import (
    check_capacity,
    check_dates,
    check_domain,
    check_external_id,
    check_kansentarief,
    check_not_above,
    check_postcode,
    check_price,
    check_title,
    default_kansentarief,
    organiser_partner,
)
from vrijetijd_cli.store import atomic

CALENDAR_TYPES = ("single", "multiple", "periodic", "permanent")
# the columns a user or an import writes (id, active and timestamps are managed here)
FIELDS = (
    "title", "domain", "organiser_partner_id", "organiser_name", "place", "postcode", "locality",
    "calendar_type", "start_date", "end_date", "price_cents", "kansentarief_cents", "capacity",
    "description", "source", "external_id", "organiser_share_bp",
)
SELECT = (
    "SELECT a.id, a.title, a.domain, COALESCE(p.name, a.organiser_name) AS organiser,"
    " a.organiser_partner_id, a.organiser_name, a.place, a.postcode, a.locality, a.calendar_type,"
    " a.start_date, a.end_date, a.price_cents, a.kansentarief_cents, a.capacity, a.description,"
    " a.source, a.external_id, a.active, a.created_at, a.updated_at, a.organiser_share_bp,"
    f" {cost_split.SHARE_SQL} AS effective_organiser_share_bp"
    " FROM activities a LEFT JOIN partners p ON p.id = a.organiser_partner_id"
)
LIST_KEYS = (
    "id", "title", "domain", "organiser", "organiser_partner_id", "place", "postcode", "locality",
    "calendar_type", "start_date", "end_date", "price_cents", "kansentarief_cents", "capacity",
    "source", "external_id", "active", "organiser_share_bp", "effective_organiser_share_bp",
)


# ---- add / edit / deactivate ----


def add(conn: sqlite3.Connection, config: Config, values: dict) -> dict:
    """A new activity from option values (text): title, domain and price are required."""
    missing = [k for k in ("title", "domain", "price") if values.get(k) in (None, "")]
    if missing:
        names = ", ".join(f"--{k}" for k in missing)
        raise InvalidInput(_("ontbrekende opties: {options}").format(options=names))
    row = _validated(conn, config, values, None)
    now = clock.now()
    columns = [*FIELDS, "active", "created_at", "updated_at"]
    with atomic(conn):
        cursor = conn.execute(
            f"INSERT INTO activities ({', '.join(columns)})"
            f" VALUES ({', '.join('?' for _column in columns)})",
            [*(row[f] for f in FIELDS), 1, now, now],
        )
        audit.record(
            conn,
            "activity",
            cursor.lastrowid,
            "add",
            [f for f in FIELDS if row[f] not in (None, "")],
        )
    return get(conn, cursor.lastrowid)


def edit(conn: sqlite3.Connection, config: Config, activity_id: int, values: dict) -> dict:
    """Change the given fields; the rules are checked on the result as a whole."""
    current = _row(conn, activity_id)
    row = _validated(conn, config, {k: v for k, v in values.items() if v is not None}, current)
    changed = [f for f in FIELDS if row[f] != current[f]]
    reactivate = bool(values.get("reactivate")) and not current["active"]
    if changed or reactivate:
        assignments = [f"{f} = ?" for f in changed] + (["active = 1"] if reactivate else [])
        with atomic(conn):
            conn.execute(
                f"UPDATE activities SET {', '.join(assignments)}, updated_at = ? WHERE id = ?",
                [*(row[f] for f in changed), clock.now(), activity_id],
            )
            audit.record(
                conn, "activity", activity_id, "edit", changed + (["active"] if reactivate else [])
            )
    return get(conn, activity_id)


def deactivate(conn: sqlite3.Connection, activity_id: int) -> dict:
    current = _row(conn, activity_id)
    if not current["active"]:
        raise Conflict(
            _("activiteit {id} ({title}) is al inactief").format(id=activity_id, title=current["title"])
        )
    with atomic(conn):
        conn.execute(
            "UPDATE activities SET active = 0, updated_at = ? WHERE id = ?",
            [clock.now(), activity_id],
        )
        audit.record(conn, "activity", activity_id, "deactivate", ["active"])
    return get(conn, activity_id)


def _validated(
    conn: sqlite3.Connection, config: Config, values: dict, current: dict | None
) -> dict:
    row = {f: (current or {}).get(f) for f in FIELDS}
    if current is None:
        row.update(organiser_name="", place="", locality="", description="", source="manual")
    if "title" in values:
        row["title"] = check_title(values["title"])
    if "domain" in values:
        row["domain"] = check_domain(config, values["domain"])
    _apply_organiser(conn, values, row)
    for key, name, limit in (("place", "plaats", 200), ("locality", "gemeente", 100),
                             ("description", "beschrijving", 4000)):
        if key in values:
            text = clean_text(values[key], name, limit)
            row[key] = text if key == "description" else " ".join(text.split())
    if "postcode" in values:
        row["postcode"] = check_postcode(values["postcode"])
    if "capacity" in values:
        row["capacity"] = check_capacity(values["capacity"])
    if "external_id" in values:
        row["external_id"] = check_external_id(
            conn, values["external_id"], current and current["id"]
        )
    if "source" in values:
        row["source"] = clean_text(values["source"], "bron", 40) or "manual"
    if "organiser_share" in values:
        row["organiser_share_bp"] = check_share(values["organiser_share"])
    _apply_calendar(values, row, current)
    _apply_prices(config, values, row, current)
    return row


def check_share(value: object) -> int | None:
    """An organiser share as typed ('40', '40%', '37,5'); empty: none of its own (the activity
    follows its organiser partner's share). Changing it rewrites no participation."""
    text = str(value).strip() if value is not None else ""
    return parse_percent(text, "--organiser-share") if text else None


def _apply_organiser(conn: sqlite3.Connection, values: dict, row: dict) -> None:
    partner, name = values.get("organiser_partner"), values.get("organiser")
    if partner not in (None, "") and name not in (None, ""):
        raise InvalidInput(
            _("organisator: geef een partner (--organiser-partner) of een naam (--organiser), niet beide")
        )
    if partner not in (None, ""):
        row["organiser_partner_id"], row["organiser_name"] = organiser_partner(conn, partner), ""
    elif name is not None:
        row["organiser_partner_id"] = None
        row["organiser_name"] = " ".join(clean_text(name, "organisator", 200).split())


def _apply_calendar(values: dict, row: dict, current: dict | None) -> None:
    day, first, last = values.get("date"), values.get("date_from"), values.get("date_to")
    if values.get("permanent"):
        if day or first or last:
            raise InvalidInput(_("kalender: 'doorlopend' gaat niet samen met data"))
        row.update(calendar_type="permanent", start_date=None, end_date=None)
    elif day not in (None, ""):
        if first or last:
            raise InvalidInput(_("datum: geef één dag (--date) of een periode (--from/--to), niet beide"))
        single = parse_date(day, "datum").isoformat()
        row.update(calendar_type="single", start_date=single, end_date=single)
    elif first not in (None, "") or last not in (None, ""):
        start = first if first not in (None, "") else (current or {}).get("start_date")
        end = last if last not in (None, "") else None
        if end is None and current is not None and first in (None, ""):
            end = current.get("end_date")
        calendar, row["start_date"], row["end_date"] = check_dates(start, end)
        row["calendar_type"] = calendar
    elif current is None:
        row.update(calendar_type="permanent", start_date=None, end_date=None)


def _apply_prices(config: Config, values: dict, row: dict, current: dict | None) -> None:
    share = config.participant_share_bp
    if "price" in values:
        row["price_cents"] = check_price(values["price"])
    if values.get("kansentarief") not in (None, ""):
        row["kansentarief_cents"] = check_kansentarief(values["kansentarief"], row["price_cents"])
    elif current is None:
        row["kansentarief_cents"] = default_kansentarief(row["price_cents"], share)
    elif "price" in values and current["kansentarief_cents"] == default_kansentarief(
        current["price_cents"], share
    ):
        # a kansentarief that followed the old price follows the new one; a set one stays
        row["kansentarief_cents"] = default_kansentarief(row["price_cents"], share)
    else:
        check_not_above(row["kansentarief_cents"], row["price_cents"])


# ---- reading ----


def _row(conn: sqlite3.Connection, activity_id: int) -> dict:
    row = conn.execute("SELECT * FROM activities WHERE id = ?", [activity_id]).fetchone()
    if row is None:
        raise NotFound(_("activiteit"), activity_id)
    return dict(row)


def get(conn: sqlite3.Connection, activity_id: int) -> dict:
    """One activity with its organiser's name and how often people took part."""
    row = conn.execute(f"{SELECT} WHERE a.id = ?", [activity_id]).fetchone()
    if row is None:
        raise NotFound(_("activiteit"), activity_id)
    activity = dict(row)
    activity["active"] = bool(activity["active"])
    activity["participation_count"] = conn.execute(
        "SELECT COUNT(*) FROM participations WHERE activity_id = ?", [activity_id]
    ).fetchone()[0]
    return activity


def list_activities(
    conn: sqlite3.Connection,
    config: Config,
    domain: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    organiser: str | None = None,
    text: str | None = None,
    active: bool | None = None,
    limit: int | None = None,
) -> list[dict]:
    """Activities matching every filter given; a date range keeps those that overlap it."""
    where, params = overlap_filter(date_from, date_to)
    if domain:
        where.append("a.domain = ?")
        params.append(check_domain(config, domain))
    if active is not None:
        where.append("a.active = ?")
        params.append(int(active))
    if organiser:
        if str(organiser).strip().isdigit():
            where.append("a.organiser_partner_id = ?")
            params.append(int(organiser))
        else:
            _normalizer(conn)
            where.append("vt_normalize(COALESCE(p.name, a.organiser_name)) LIKE ?")
            params.append(f"%{normalize(organiser)}%")
    if text and normalize(text):
        _normalizer(conn)
        where.append(
            "vt_normalize(a.title || ' ' || a.place || ' ' || a.locality || ' '"
            " || COALESCE(p.name, a.organiser_name) || ' ' || a.description) LIKE ?"
        )
        params.append(f"%{normalize(text)}%")
    sql = SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY a.id"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(parse_positive_int(limit, "limiet"))
    rows = []
    for record in conn.execute(sql, params):
        item = {k: record[k] for k in LIST_KEYS}
        item["active"] = bool(item["active"])
        rows.append(item)
    return rows


def overlap_filter(date_from: object, date_to: object) -> tuple[list[str], list]:
    """SQL conditions keeping activities that overlap [from, to]; permanent ones always do."""
    where: list[str] = []
    params: list = []
    first = parse_date(date_from, "van") if date_from not in (None, "") else None
    last = parse_date(date_to, "tot") if date_to not in (None, "") else None
    if first and last and last < first:
        raise InvalidInput(_("tot: {end} ligt voor van: {start}").format(end=day_text(last), start=day_text(first)))
    if first:
        where.append("(a.end_date IS NULL OR a.end_date >= ?)")
        params.append(first.isoformat())
    if last:
        where.append("(a.start_date IS NULL OR a.start_date <= ?)")
        params.append(last.isoformat())
    return where, params


def _normalizer(conn: sqlite3.Connection) -> None:
    conn.create_function("vt_normalize", 1, normalize, deterministic=True)
