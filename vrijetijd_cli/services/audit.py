"""The audit log: who changed what, when — field names only, never values (docs/architecture.md, "Privacy")."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from vrijetijd_cli import clock

# the command being run ('participant add'), recorded with each change; set by the CLI
_command = ""


def set_command(name: str) -> None:
    """Name the command that the next changes belong to (usage.Command does, as it runs one)."""
    global _command
    _command = name


def os_user() -> str:
    import getpass

    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        return "onbekend"
    # $LOGNAME is whatever the environment says: keep it printable
    return "".join(c for c in name if c.isprintable())[:64] or "onbekend"


def record(
    conn: sqlite3.Connection,
    entity: str,
    entity_id: object,
    action: str,
    fields: Iterable[str] = (),
) -> None:
    """Write one audit row; call inside the transaction of the change it describes."""
    conn.execute(
        "INSERT INTO audit_log (at, os_user, command, entity, entity_id, action, fields) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            clock.now(),
            os_user(),
            _command,
            entity,
            None if entity_id is None else str(entity_id),
            action,
            ",".join(sorted(set(fields))),
        ],
    )


def record_many(
    conn: sqlite3.Connection, entity: str, ids: Iterable[object], action: str, fields: Iterable[str] = ()
) -> None:
    """Audit rows for a batch (imports, bulk extension) in one executemany."""
    at, user, command, field_text = clock.now(), os_user(), _command, ",".join(sorted(set(fields)))
    conn.executemany(
        "INSERT INTO audit_log (at, os_user, command, entity, entity_id, action, fields) VALUES (?, ?, ?, ?, ?, ?, ?)",
        ((at, user, command, entity, str(i), action, field_text) for i in ids),
    )
