"""Objectives and actions as a tree (strategic → operational → action), evaluated every year.

The tree comes from the config (`vrijetijd init`); the coordinator can add goals. Each goal
has at most one evaluation per year: evaluating a year again replaces it, other years stay.
"""

from __future__ import annotations

import re
import sqlite3

from vrijetijd_cli import clock
from vrijetijd_cli.config import LEVELS
from vrijetijd_cli.errors import Conflict, InvalidInput, NotFound
from vrijetijd_cli.i18n import N_, _
from vrijetijd_cli.parse import clean_text, normalize
from vrijetijd_cli.services import audit, closing
from vrijetijd_cli.store import atomic

STATES = ("niet_gestart", "lopend", "gerealiseerd", "bijgestuurd", "geschrapt")
PARENT_LEVEL = {"strategic": None, "operational": "strategic", "action": "operational"}
# Dutch words accepted for --level, next to the English codes
LEVEL_ALIASES = {"strategisch": "strategic", "operationeel": "operational", "actie": "action"}
LEVEL_NAMES = {
    "strategic": N_("een strategische doelstelling"),
    "operational": N_("een operationele doelstelling"),
    "action": N_("een actie"),
}
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,19}")
_SELECT = (
    "SELECT g.id, g.code, g.level, g.title, g.position, p.code AS parent FROM goals g"
    " LEFT JOIN goals p ON p.id = g.parent_id"
)


def resolve(conn: sqlite3.Connection, code: str) -> dict:
    """A goal by its code, case-insensitively; unknown codes list the known ones."""
    text = str(code).strip()
    row = conn.execute(f"{_SELECT} WHERE g.code = ? COLLATE NOCASE", [text]).fetchone()
    if row is None:
        codes = [r[0] for r in conn.execute("SELECT code FROM goals ORDER BY position, id")]
        error = NotFound(_("doelstelling"), text)
        error.message = _("{message} (gekende codes: {codes})").format(
            message=error.message, codes=", ".join(codes) or _("(geen)"))
        raise error
    return dict(row)


def parse_level(value: str) -> str:
    key = normalize(value)
    level = LEVEL_ALIASES.get(key, key)
    if level not in LEVELS:
        raise InvalidInput(
            _("niveau: {value!r} is onbekend; kies uit {choices}").format(value=value, choices=", ".join(LEVELS))
        )
    return level


def parse_state(value: str) -> str:
    state = normalize(value).replace(" ", "_")
    if state not in STATES:
        raise InvalidInput(
            _("toestand: {value!r} is onbekend; kies uit {choices}").format(value=value, choices=", ".join(STATES))
        )
    return state


def _year(value: int) -> int:
    if value < 2000:
        raise InvalidInput(_("jaar: {year} is te vroeg").format(year=value))
    if value > clock.today().year:
        raise InvalidInput(_("jaar: {year} ligt in de toekomst").format(year=value))
    return value


def tree(conn: sqlite3.Connection, year: int | None = None) -> list[dict]:
    """Every goal, depth first in config order, with its evaluation.

    With `year`: that year's evaluation (state None when there is none); without: the latest.
    """
    goals = [dict(r) for r in conn.execute(_SELECT + " ORDER BY g.position, g.id")]
    if year is None:
        evaluations = conn.execute(
            "SELECT goal_id, year, state, comment FROM evaluations e WHERE year ="
            " (SELECT MAX(year) FROM evaluations WHERE goal_id = e.goal_id)"
        )
    else:
        evaluations = conn.execute(
            "SELECT goal_id, year, state, comment FROM evaluations WHERE year = ?", [year]
        )
    by_goal = {r["goal_id"]: dict(r) for r in evaluations}
    children: dict[str | None, list[dict]] = {}
    for goal in goals:
        children.setdefault(goal["parent"], []).append(goal)
    result: list[dict] = []

    def visit(parent: str | None, depth: int) -> None:
        for goal in children.get(parent, []):
            evaluation = by_goal.get(goal["id"], {})
            result.append({
                "code": goal["code"],
                "level": goal["level"],
                "title": goal["title"],
                "parent": goal["parent"],
                "depth": depth,
                "year": evaluation.get("year", year),
                "state": evaluation.get("state"),
                "comment": evaluation.get("comment"),
            })
            visit(goal["code"], depth + 1)

    visit(None, 0)
    return result


def add(
    conn: sqlite3.Connection, code: str | None, level: str, title: str, parent: str | None = None
) -> dict:
    """A new goal; its parent must be exactly one level up (a strategic goal has none).

    Without a code the next free one in the seed's style is chosen: SD4, OD2.2, A2.1.3.
    """
    level = parse_level(level)
    parent_row = _check_parent(conn, level, parent)
    code = str(code).strip() if code is not None else _next_code(conn, level, parent_row)
    if not _CODE.fullmatch(code):
        raise InvalidInput(
            _("code: {code!r} is geen geldige code (letters, cijfers, '.', '-'; max. 20 tekens)").format(code=code)
        )
    title = clean_text(title, "titel", 300)
    if not title:
        raise InvalidInput(_("titel: een doel heeft een titel nodig"))
    clash = conn.execute("SELECT code FROM goals WHERE code = ? COLLATE NOCASE", [code]).fetchone()
    if clash:
        raise Conflict(_("doelstelling {code!r} bestaat al").format(code=clash[0]))
    position = conn.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM goals").fetchone()[0]
    with atomic(conn):
        cursor = conn.execute(
            "INSERT INTO goals (code, parent_id, level, title, position, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [code, parent_row["id"] if parent_row else None, level, title, position, clock.now()],
        )
        audit.record(conn, "goal", cursor.lastrowid, "add", ["code", "parent_id", "level", "title"])
    return resolve(conn, code)


def _next_code(conn: sqlite3.Connection, level: str, parent: dict | None) -> str:
    prefix = {"strategic": "SD", "operational": "OD", "action": "A"}[level]
    if parent is not None:
        prefix += (re.sub(r"^[A-Za-z]+", "", parent["code"]) or parent["code"]) + "."
    taken = {r[0].casefold() for r in conn.execute("SELECT code FROM goals")}
    number = 1
    while f"{prefix}{number}".casefold() in taken:
        number += 1
    return f"{prefix}{number}"


def _check_parent(conn: sqlite3.Connection, level: str, parent: str | None) -> dict | None:
    expected = PARENT_LEVEL[level]
    name = _(LEVEL_NAMES[level])
    if expected is None:
        if parent:
            raise InvalidInput(
                _("ouder: {name} staat bovenaan en heeft geen ouder (niet {parent!r})").format(name=name, parent=parent)
            )
        return None
    wanted = _(LEVEL_NAMES[expected])
    if not parent:
        raise InvalidInput(
            _("ouder: {name} hoort onder {wanted}; geef die met --parent").format(name=name, wanted=wanted)
        )
    row = resolve(conn, parent)
    if row["level"] != expected:
        raise InvalidInput(
            _("ouder: {code} is {level}, maar {name} hoort onder {wanted}").format(
                code=row["code"], level=_(LEVEL_NAMES[row["level"]]), name=name, wanted=wanted)
        )
    return row


def evaluate(conn: sqlite3.Connection, code: str, year: int, state: str, comment: str = "") -> dict:
    """Set a goal's evaluation for `year`; an earlier evaluation of that year is replaced."""
    goal = resolve(conn, code)
    year = _year(year)
    state = parse_state(state)
    comment = clean_text(comment or "", "opmerking", 2000)
    existing = conn.execute(
        "SELECT id FROM evaluations WHERE goal_id = ? AND year = ?", [goal["id"], year]
    ).fetchone()
    with atomic(conn):
        closing.refuse_closed(conn, [year], _("evaluatie"))
        conn.execute(
            "INSERT INTO evaluations (goal_id, year, state, comment, evaluated_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (goal_id, year) DO UPDATE SET"
            " state = excluded.state, comment = excluded.comment,"
            " evaluated_at = excluded.evaluated_at",
            [goal["id"], year, state, comment, clock.now()],
        )
        evaluation_id = conn.execute(
            "SELECT id FROM evaluations WHERE goal_id = ? AND year = ?", [goal["id"], year]
        ).fetchone()[0]
        fields = ["state", "comment", "evaluated_at"] + ([] if existing else ["goal_id", "year"])
        audit.record(conn, "evaluation", evaluation_id, "edit" if existing else "add", fields)
    return {
        "code": goal["code"],
        "level": goal["level"],
        "title": goal["title"],
        "year": year,
        "state": state,
        "comment": comment,
        "replaced": existing is not None,
    }


def history(conn: sqlite3.Connection, code: str) -> dict:
    """A goal with its children's codes and every yearly evaluation, oldest first."""
    goal = resolve(conn, code)
    goal["children"] = [
        r[0] for r in conn.execute(
            "SELECT code FROM goals WHERE parent_id = ? ORDER BY position, id", [goal["id"]]
        )
    ]
    goal["evaluations"] = [
        dict(r) for r in conn.execute(
            "SELECT year, state, comment, evaluated_at FROM evaluations WHERE goal_id = ?"
            " ORDER BY year",
            [goal["id"]],
        )
    ]
    goal.pop("id")
    goal.pop("position")
    return goal
