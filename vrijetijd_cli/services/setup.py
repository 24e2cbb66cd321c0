"""`vrijetijd init`: load partners, grounds and goals from the config; idempotent."""

from __future__ import annotations

import sqlite3

from vrijetijd_cli import clock
from vrijetijd_cli.config import Config
from vrijetijd_cli.parse import normalize
from vrijetijd_cli.services import audit
from vrijetijd_cli.store import atomic


def initialise(conn: sqlite3.Connection, config: Config) -> dict[str, int]:
    """Add what the config has and the database lacks; never overwrite the coordinator's edits."""
    counts = {"partners": 0, "grounds": 0, "goals": 0}
    with atomic(conn):
        for partner in config.partners:
            key = normalize(partner.name)
            if conn.execute("SELECT 1 FROM partners WHERE name_key = ?", [key]).fetchone():
                continue
            values = {"name": partner.name, "name_key": key, "kind": partner.kind, "contact": partner.contact,
                      "active": 1, "joined_on": f"{config.first_agreement_year}-01-01", "created_at": clock.now()}
            if partner.municipality:  # a regional network's partner of one municipality
                values["municipality"] = partner.municipality
            cursor = conn.execute(f"INSERT INTO partners ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
                                  list(values.values()))
            audit.record(conn, "partner", cursor.lastrowid, "add",
                         ["name", "kind", "contact"] + (["municipality"] if partner.municipality else []))
            counts["partners"] += 1
        for ground in config.grounds.values():
            row = conn.execute(
                "SELECT label_nl, label_en, validity_months FROM grounds WHERE code = ?", [ground.code]
            ).fetchone()
            values = (ground.label_nl, ground.label_en, ground.validity_months)
            if row is not None and tuple(row) == values:
                continue
            conn.execute(
                "INSERT INTO grounds (code, label_nl, label_en, validity_months) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (code) DO UPDATE SET label_nl = excluded.label_nl,"
                " label_en = excluded.label_en, validity_months = excluded.validity_months",
                [ground.code, *values],
            )
            audit.record(
                conn,
                "ground",
                ground.code,
                "add" if row is None else "edit",
                ["label_nl", "label_en", "validity_months"],
            )
            counts["grounds"] += 1
        for position, goal in enumerate(config.goals):
            if conn.execute("SELECT 1 FROM goals WHERE code = ?", [goal.code]).fetchone():
                continue
            parent_id = None
            if goal.parent:
                parent_id = conn.execute("SELECT id FROM goals WHERE code = ?", [goal.parent]).fetchone()[0]
            cursor = conn.execute(
                "INSERT INTO goals (code, parent_id, level, title, position, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                [goal.code, parent_id, goal.level, goal.title, position, clock.now()],
            )
            audit.record(conn, "goal", cursor.lastrowid, "add", ["code", "parent_id", "level", "title"])
            counts["goals"] += 1
    return counts
