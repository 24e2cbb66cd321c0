"""Doelstellingen en acties: the goal tree with each goal's evaluation of the year."""

from __future__ import annotations

import sqlite3

from vrijetijd_cli.reports import Period, rows

STATES = ("niet_gestart", "lopend", "gerealiseerd", "bijgestuurd", "geschrapt")


def tree(conn: sqlite3.Connection, p: Period) -> list[dict]:
    """Goals depth-first in their configured order, with state and comment (None: not evaluated)."""
    return rows(conn, """
        WITH RECURSIVE walk (id, depth, path) AS (
            SELECT id, 0, printf('%06d.%09d', position, id) FROM goals WHERE parent_id IS NULL
            UNION ALL
            SELECT g.id, walk.depth + 1, walk.path || '/' || printf('%06d.%09d', g.position, g.id)
            FROM goals g JOIN walk ON g.parent_id = walk.id
        )
        SELECT g.code, g.level, g.title, parent.code AS parent, walk.depth,
               e.state, e.comment
        FROM walk JOIN goals g ON g.id = walk.id
        LEFT JOIN goals parent ON parent.id = g.parent_id
        LEFT JOIN evaluations e ON e.goal_id = g.id AND e.year = ?
        ORDER BY walk.path""", [p.year])


def by_state(conn: sqlite3.Connection, p: Period) -> list[dict]:
    """How many goals are in each state this year; 'none' for goals not evaluated."""
    found = {r["key"]: r["goals"] for r in rows(conn, """
        SELECT COALESCE(e.state, 'none') AS key, COUNT(*) AS goals
        FROM goals g LEFT JOIN evaluations e ON e.goal_id = g.id AND e.year = ?
        GROUP BY key""", [p.year])}
    return [{"key": k, "goals": found.get(k, 0)} for k in (*STATES, "none")]
