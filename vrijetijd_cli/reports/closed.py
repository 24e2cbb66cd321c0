"""Closed years: the report as it was handed over, read back from report_snapshots.

A closed year's report is the stored document, never a recomputation (docs/architecture.md,
"Closed years"). The checksum proves the document is what was stored at closing (or at a
reseal, when forgetting a person reached its free text).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import Any

from vrijetijd_cli.errors import DatabaseError
from vrijetijd_cli.i18n import _


def canonical(document: dict) -> str:
    """The document as stored: JSON with sorted keys, so the same figures give the same checksum."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def closure(conn: sqlite3.Connection, year: int) -> sqlite3.Row | None:
    """The closure of `year` in force (not reopened), or None."""
    return conn.execute(
        "SELECT id, year, closed_at, closed_by, document, checksum, resealed_at FROM report_snapshots"
        " WHERE year = ? AND reopened_at IS NULL", [year]).fetchone()


def closed_years(conn: sqlite3.Connection) -> dict[int, str]:
    """Every closed year and the day it was closed."""
    return {r[0]: r[1] for r in conn.execute(
        "SELECT year, closed_at FROM report_snapshots WHERE reopened_at IS NULL ORDER BY year")}


def document(conn: sqlite3.Connection, year: int) -> dict[str, Any] | None:
    """The stored document of a closed year ({'internal': report, 'public': report}), checked."""
    row = closure(conn, year)
    if row is None:
        return None
    if checksum(row["document"]) != row["checksum"]:
        raise DatabaseError(_("het afgesloten rapport van {year} is beschadigd: de controlesom klopt niet;"
                              " herstel een back-up").format(year=year))
    stored = json.loads(row["document"])
    meta = {"closed_at": row["closed_at"], "closed_by": row["closed_by"], "checksum": row["checksum"],
            "resealed_at": row["resealed_at"]}
    for version in ("internal", "public"):
        stored[version]["closed"] = meta
    return stored
