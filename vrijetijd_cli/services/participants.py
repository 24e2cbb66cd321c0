"""Participants: the people of the target group. Never a duplicate by name and birth date."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import TYPE_CHECKING

from vrijetijd_cli import clock, formats
from vrijetijd_cli.errors import Conflict, InvalidInput, NotFound
from vrijetijd_cli.i18n import _
from vrijetijd_cli.parse import clean_text, normalize, parse_postcode
from vrijetijd_cli.services import audit
from vrijetijd_cli.store import atomic

if TYPE_CHECKING:  # the rules are imported where a person is checked: listing people needs none
    from vrijetijd_cli.importers.participant_rules import Person

COLUMNS = (
    "id, first_name, last_name, birth_date, birth_year, postcode, household_size, phone, email,"
    " notes, created_at, anonymized_at, legal_basis, informed"
)
EDITABLE = ("first_name", "last_name", "birth_date", "postcode", "household_size", "phone", "email", "notes")


def validate(
    first_name: str,
    last_name: str,
    birth_date: str | date,
    postcode: str | None = None,
    household_size: str | int | None = None,
    phone: str | None = None,
    email: str | None = None,
    notes: str | None = None,
    today: date | None = None,
) -> Person:
    """Check what a coordinator typed or a partner sent; raises InvalidInput naming the field. The
    same rules as a partner's list (importers/participant_rules.py)."""
    from vrijetijd_cli.importers import participant_rules

    return participant_rules.validate(first_name, last_name, birth_date, postcode, household_size, phone, email,
                                      notes, today)


def find_duplicate(conn: sqlite3.Connection, key: str) -> int | None:
    """The oldest participant with this match key; a key of a year-only record matches nobody."""
    if len(key.rpartition("|")[2]) == 4:
        return None
    row = conn.execute(
        "SELECT id FROM participants WHERE match_key = ? AND anonymized_at IS NULL ORDER BY id LIMIT 1", [key]
    ).fetchone()
    return row[0] if row else None


def registration(legal_basis: str, informed: str) -> dict:
    """The GDPR art. 13 texts stored with a new person, checked like any typed text."""
    return {"legal_basis": clean_text(legal_basis, "rechtsgrond", 200),
            "informed": clean_text(informed, "geïnformeerd", 200)}


def find_lookalikes(conn: sqlite3.Connection, person: Person) -> list[dict]:
    """Stored people who may be `person` under another spelling (importers/lookalike.py): the same
    birth date and a name one or two letters apart or swapped, or the same year where one of the
    two has only a year."""
    year = person.birth_year
    columns = ("SELECT id, COALESCE(birth_date, birth_year), last_key, first_key, first_name, last_name, birth_date,"
               " birth_year FROM participants WHERE match_key IS NOT NULL AND ")
    if person.birth_date is not None:  # the same day, or someone of that year known by the year only
        people = conn.execute(columns + "(birth_date = ? OR (birth_date IS NULL AND birth_year = ?))",
                              [person.birth_date.isoformat(), year]).fetchall()
    else:  # only a year: anyone born in it
        people = conn.execute(columns + "((birth_date >= ? AND birth_date < ?)"
                              " OR (birth_date IS NULL AND birth_year = ?))",
                              [f"{year}-01-01", f"{year + 1}-01-01", year]).fetchall()
    from vrijetijd_cli.importers import lookalike

    found = []
    for row in people:
        if row[1] == person.born and row[2] == person.last_key and row[3] == person.first_key:
            continue  # the same person: the duplicate rule says so
        hit = lookalike.against_people([0], [person.born], [person.last_key], [person.first_key], [row[0]],
                                       [str(row[1])], [row[2]], [row[3]])
        if hit:
            found.append({"id": row[0], "first_name": row[4], "last_name": row[5], "birth_date": row[6],
                          "birth_year": row[7], "reason": hit[0][1]})
    return found


def refuse_lookalikes(conn: sqlite3.Connection, person: Person) -> None:
    """Refuse a new person who looks like someone stored, naming them (`--participant ID` or `--force`)."""
    found = find_lookalikes(conn, person)
    if not found:
        return
    shown = "; ".join(
        _("deelnemer {id}: {first_name} {last_name}, {born}").format(
            id=p["id"], first_name=p["first_name"], last_name=p["last_name"],
            born=formats.day(p["birth_date"]) if p["birth_date"] else p["birth_year"])
        for p in found[:5])
    raise Conflict(
        _("deze persoon lijkt op iemand die al bestaat ({people}); gebruik --participant {id} voor die persoon,"
          " of --force om toch een nieuwe deelnemer toe te voegen").format(people=shown, id=found[0]["id"]))


def insert(conn: sqlite3.Connection, person: Person) -> int:
    """Insert inside the caller's transaction; returns the new id."""
    cursor = conn.execute(
        "INSERT INTO participants (first_name, last_name, birth_date, birth_year, postcode, household_size,"
        " phone, email, notes, first_key, last_key, match_key, created_at, legal_basis, informed)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            person.first_name, person.last_name, person.birth_date.isoformat() if person.birth_date else None,
            person.birth_year, person.postcode, person.household_size, person.phone, person.email, person.notes,
            person.first_key, person.last_key, person.match_key, clock.now(),
            person.legal_basis, person.informed,
        ],
    )
    audit.record(conn, "participant", cursor.lastrowid, "add", [f for f in EDITABLE if getattr(person, f)])
    return cursor.lastrowid


def refuse_duplicate(conn: sqlite3.Connection, person: Person) -> None:
    existing = find_duplicate(conn, person.match_key)
    if existing is not None:
        raise Conflict(
            _("deze persoon bestaat al als deelnemer {id} (zelfde naam en geboortedatum);"
              " gebruik --participant {id} of --force").format(id=existing)
        )


def add(conn: sqlite3.Connection, person: Person, force: bool = False) -> dict:
    with atomic(conn):  # the check under the write lock: two at once never both find no one
        if not force:
            refuse_duplicate(conn, person)
        new_id = insert(conn, person)
    return get(conn, new_id)


def get(conn: sqlite3.Connection, participant_id: int) -> dict:
    row = conn.execute(f"SELECT {COLUMNS} FROM participants WHERE id = ?", [participant_id]).fetchone()
    if row is None:
        raise NotFound(_("deelnemer"), participant_id)
    return dict(row)


def edit(conn: sqlite3.Connection, participant_id: int, changes: dict, today: date, force: bool = False) -> dict:
    """Change the given fields (raw text as typed); re-checks the duplicate rule on name/birth date."""
    current = get(conn, participant_id)
    if current["anonymized_at"]:
        raise Conflict(_("deelnemer {id} is geanonimiseerd").format(id=participant_id))
    merged = {key: current[key] for key in EDITABLE}
    if merged["birth_date"] is None and current["birth_year"]:
        merged["birth_date"] = str(current["birth_year"])  # only the year is known
    merged.update({key: value for key, value in changes.items() if value is not None})
    person = validate(**merged, today=today)
    changed = [key for key in EDITABLE if changes.get(key) is not None and _stored(person, key) != current[key]]
    if not changed:
        return current
    if not force and {"first_name", "last_name", "birth_date"} & set(changed):
        existing = find_duplicate(conn, person.match_key)
        if existing not in (None, participant_id):
            raise Conflict(
                _("na deze wijziging zou deelnemer {id} gelijk zijn aan deelnemer {other}").format(
                    id=participant_id, other=existing)
            )
    values = {key: _stored(person, key) for key in changed}
    values.update(
        birth_year=person.birth_year, first_key=person.first_key, last_key=person.last_key,
        match_key=person.match_key,
    )
    with atomic(conn):
        assignments = ", ".join(f"{column} = ?" for column in values)
        conn.execute(f"UPDATE participants SET {assignments} WHERE id = ?", [*values.values(), participant_id])
        audit.record(conn, "participant", participant_id, "edit", changed)
    return get(conn, participant_id)


def _stored(person: Person, key: str):
    value = getattr(person, key)
    return value.isoformat() if isinstance(value, date) else value


def list_participants(
    conn: sqlite3.Connection,
    today: date,
    ground: str | None = None,
    postcode: str | None = None,
    active: bool | None = None,
    text: str | None = None,
    limit: int | None = None,
) -> list[dict]:
    """Filter by ground (any status), postcode, active status today and a name/text fragment."""
    where, params = ["1 = 1"], []
    if postcode:
        where.append("p.postcode = ?")
        params.append(parse_postcode(postcode))
    if ground:
        where.append("EXISTS (SELECT 1 FROM statuses s WHERE s.participant_id = p.id AND s.ground_code = ?)")
        params.append(ground)
    if active is not None:
        clause = (
            "EXISTS (SELECT 1 FROM statuses s WHERE s.participant_id = p.id AND s.valid_from <= ?"
            " AND s.valid_until >= ? AND (s.suspended_on IS NULL OR s.suspended_on > ?))"
        )
        where.append(clause if active else f"NOT {clause}")
        params += [today.isoformat()] * 3
    if text:
        key = f"%{normalize(text)}%"
        where.append("(p.first_key || ' ' || p.last_key LIKE ? OR p.last_key || ' ' || p.first_key LIKE ?)")
        params += [key, key]
    sql = (
        f"SELECT {', '.join('p.' + c.strip() for c in COLUMNS.split(','))},"
        " (SELECT GROUP_CONCAT(DISTINCT s.ground_code) FROM statuses s WHERE s.participant_id = p.id"
        "  AND s.valid_from <= ? AND s.valid_until >= ? AND (s.suspended_on IS NULL OR s.suspended_on > ?))"
        " AS active_grounds"
        f" FROM participants p WHERE {' AND '.join(where)} ORDER BY p.id"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    rows = conn.execute(sql, [today.isoformat()] * 3 + params).fetchall()
    return [_with_grounds(dict(r)) for r in rows]


def _with_grounds(row: dict) -> dict:
    row["active_grounds"] = sorted(row["active_grounds"].split(",")) if row["active_grounds"] else []
    return row


def search(conn: sqlite3.Connection, term: str, limit: int = 50) -> list[dict]:
    """By id, birth date, or a piece of a name anywhere in it: case, accents, spaces and hyphens
    do not count ('vandenbroeck', 'broeck' and 'Van den Broeck' find 'Van den Broeck', 'helene'
    finds 'Hélène'). Names that start with the term come first (the name indexes, fast on a
    million people); only when they do not fill the limit are all names scanned for the term inside."""
    from vrijetijd_cli.parse import parse_date

    text = term.strip()
    if text.isdigit():
        rows = conn.execute(f"SELECT {COLUMNS} FROM participants WHERE id = ?", [int(text)]).fetchall()
        return [dict(r) for r in rows]
    try:
        born = parse_date(text, "geboortedatum")
    except InvalidInput:
        born = None
    if born is not None:
        rows = conn.execute(
            f"SELECT {COLUMNS} FROM participants WHERE birth_date = ? ORDER BY last_key, first_key LIMIT ?",
            [born.isoformat(), limit],
        ).fetchall()
        return [dict(r) for r in rows]
    words = normalize(text).split()
    if not words:
        raise InvalidInput(_("zoekterm: geef een naam, geboortedatum of id"))
    compact = "".join(words)
    hits: dict[int, dict] = {}
    # 1. names that start with the first word, in index order, each scan stopping at the limit
    # (the match key 'last|first|birth date' starts with the last name: its index serves both)
    first_word, others = words[0], words[1:]
    upper = first_word + "\U0010ffff"
    extra = "".join(" AND (first_key || ' ' || last_key) LIKE ?" for _other in others)
    extra_params = [f"%{word}%" for word in others]
    for column, order in (("match_key", "match_key"), ("first_key", "first_key, last_key")):
        sql = (
            f"SELECT {COLUMNS} FROM participants WHERE {column} >= ? AND {column} < ?{extra}"
            f" ORDER BY {order} LIMIT ?"
        )
        for row in conn.execute(sql, [first_word, upper, *extra_params, limit]):
            hits.setdefault(row["id"], dict(row))
    # 2. the term anywhere in the name, spaces left out: first + last or last + first
    if len(hits) < limit:
        sql = (
            f"SELECT {COLUMNS} FROM participants"
            " WHERE instr(replace(last_key || first_key, ' ', ''), :term)"
            " OR instr(replace(first_key || last_key, ' ', ''), :term)"
            " ORDER BY last_key, first_key LIMIT :limit"
        )
        for row in conn.execute(sql, {"term": compact, "limit": limit + len(hits)}):
            hits.setdefault(row["id"], dict(row))
    return list(hits.values())[:limit]


def near_matches(conn: sqlite3.Connection, term: str, count: int = 3) -> list[dict]:
    """People whose name is close to `term` (a letter or two off: 'jessika' -> Jessica), for
    'bedoelde u …?' when a search finds nobody. The candidates share the term's first letter."""
    from difflib import SequenceMatcher

    compact = "".join(normalize(term).split())
    if len(compact) < 3 or compact.isdigit():
        return []
    scored = []
    for column in ("match_key", "first_key"):
        sql = (f"SELECT id, first_name, last_name, first_key, last_key FROM participants"
               f" WHERE {column} >= ? AND {column} < ? LIMIT 20000")
        for row in conn.execute(sql, [compact[0], compact[0] + "\U0010ffff"]):
            keys = [row["last_key"], row["first_key"], row["first_key"] + row["last_key"],
                    row["last_key"] + row["first_key"]]
            best = max(SequenceMatcher(None, compact, key.replace(" ", "")).ratio() for key in keys)
            if best >= 0.75:
                scored.append((-best, row["last_key"], row["first_key"], row["id"], row))
    seen: dict[int, dict] = {}
    for *_key, row in sorted(scored):
        seen.setdefault(row["id"], {"id": row["id"], "first_name": row["first_name"], "last_name": row["last_name"]})
    return list(seen.values())[:count]
