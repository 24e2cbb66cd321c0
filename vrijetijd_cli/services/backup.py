"""Backup, restore and explicit upgrade of the database file (docs/architecture.md, "Privacy").

Every copy goes through SQLite's online backup API: it takes a consistent snapshot while
others keep working, and writing into a live database through it is one transaction, so a
restore either replaces everything or nothing.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from vrijetijd_cli import clock, store
from vrijetijd_cli.errors import Conflict, DatabaseError, InvalidInput
from vrijetijd_cli.i18n import _
from vrijetijd_cli.services import audit, privacy

BACKUP_FOLDER = "backups"
BACKUP_PREFIX = "vrijetijd"


def default_path(db_path: Path) -> Path:
    """data/backups/vrijetijd-YYYYMMDD-HHMMSS.db beside the database."""
    return _stamped(db_path.parent / BACKUP_FOLDER)


def _stamped(folder: Path) -> Path:
    """A new file name in `folder` with the current time; -2, -3… within the same second."""
    stamp = clock.now().replace("-", "").replace(":", "").replace("T", "-")
    target = folder / f"{BACKUP_PREFIX}-{stamp}.db"
    number = 2
    while target.exists():
        target = folder / f"{BACKUP_PREFIX}-{stamp}-{number}.db"
        number += 1
    return target


def _io_error(path: Path, exc: OSError) -> DatabaseError:
    return store.backup_not_written(path, exc.strerror or exc)


def backup(conn: sqlite3.Connection, db_path: Path, target: str | Path | None = None) -> Path:
    """A consistent copy of the open database; returns its path. Never overwrites a file.

    `target` is a file name, or a folder (an existing one, or any path ending in a slash).
    """
    if target is None:
        target = default_path(db_path)
    elif str(target).endswith(("/", os.sep)) or Path(target).is_dir():
        target = _stamped(Path(target))
    else:
        target = Path(target)
    if target.exists():
        raise Conflict(_("back-up {path!r} bestaat al; kies een andere naam").format(path=str(target)))
    store.copy_database(conn, target)
    return target


def inspect(path: Path) -> list[str]:
    """The migrations applied in a database file, opened read-only; refuses anything that is
    not an intact vrijetijd database of a schema this version knows."""
    if not path.is_file():
        raise InvalidInput(_("bestand {path!r} bestaat niet").format(path=str(path)))
    store._check_header(path)
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.OperationalError as exc:
        raise store._refused(path, exc) from None
    try:
        applied = store.schema_version(conn)
        ok = conn.execute("PRAGMA quick_check(1)").fetchone()[0] == "ok"
    except sqlite3.DatabaseError as exc:
        raise store._refused(path, exc) from None
    finally:
        conn.close()
    _known_schema(path, applied)
    if not ok:
        raise DatabaseError(
            _("{path!r} is beschadigd (quick_check faalt); het bestand is niet gebruikt").format(path=str(path))
        )
    return applied


def _known_schema(path: Path, applied: list[str]) -> None:
    if not applied:
        raise DatabaseError(_("{path!r} is geen vrijetijd-databank").format(path=str(path)))
    unknown = [name for name in applied if name not in store.MIGRATION_NAMES]
    if unknown:
        raise store.newer_version(path, unknown[-1])


def migrate(db_path: Path) -> dict:
    """Apply pending migrations after a backup; nothing to do gives no backup."""
    inspect(db_path)
    conn = store.connect(db_path)
    try:
        applied = store.schema_version(conn)
        pending = [name for name in store.MIGRATION_NAMES if name not in applied]
        if not pending:
            return {"applied": [], "backup": None, "schema": applied[-1]}
        copy = backup(conn, db_path)
        done = store.migrate(conn, db_path)
        return {"applied": done, "backup": copy, "schema": store.schema_version(conn)[-1]}
    finally:
        conn.close()


# --- restore ---------------------------------------------------------------------------------


def _current_erasures(conn: sqlite3.Connection) -> list[dict]:
    """The erasure log, with the creation time of each person to recognise them in a backup."""
    return [
        dict(r)
        for r in conn.execute(
            "SELECT e.participant_id, e.erased_at, e.reason, e.os_user, p.created_at"
            " FROM erasures e LEFT JOIN participants p ON p.id = e.participant_id ORDER BY e.id"
        )
    ]


def reapply_erasures(conn: sqlite3.Connection, erasures: list[dict]) -> dict:
    """Forget again, in the restored database, the people erased after the backup was made.

    A person is recognised by id and creation time; someone the backup does not hold has
    nothing to forget there. Runs in the caller's transaction.
    """
    known = {(r[0], r[1]) for r in conn.execute("SELECT participant_id, erased_at FROM erasures")}
    result: dict[str, list[int]] = {"reapplied": [], "not_in_backup": [], "other_person": []}
    for erasure in erasures:
        pid = erasure["participant_id"]
        if (pid, erasure["erased_at"]) in known:
            continue
        row = conn.execute(
            "SELECT created_at, anonymized_at FROM participants WHERE id = ?", [pid]
        ).fetchone()
        if row is None:
            result["not_in_backup"].append(pid)
            continue
        if erasure["created_at"] is not None and row["created_at"] != erasure["created_at"]:
            result["other_person"].append(pid)
            continue
        if row["anonymized_at"] is None:
            privacy.scrub(conn, [pid], erasure["erased_at"])
            audit.record(conn, "participant", pid, "forget", privacy.ERASED_FIELDS)
        privacy.record_erasures(
            conn, [(pid, erasure["erased_at"], erasure["reason"], erasure["os_user"])]
        )
        known.add((pid, erasure["erased_at"]))
        result["reapplied"].append(pid)
    return result


def _prepare(source: Path, work: Path, erasures: list[dict]) -> dict:
    """Copy the backup to a work file, upgrade it and forget again whom it must not hold."""
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    conn = sqlite3.connect(str(work), isolation_level=None)
    try:
        src.backup(conn)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA foreign_keys = ON")
        migrated = (
            store.migrate(conn, work)
            if len(store.schema_version(conn)) < len(store.MIGRATION_NAMES)
            else []
        )
        with privacy.leaving_no_trace(conn):
            with store.atomic(conn):
                result = reapply_erasures(conn, erasures)
                audit.record(conn, "database", None, "restore")
        return {"migrated": migrated, **result}
    finally:
        src.close()
        conn.close()


def restore(db_path: Path, source: Path) -> dict:
    """Replace the database by a backup: the current one is backed up first, and the
    erasures it recorded are applied again so that forgotten people stay forgotten."""
    source_applied = inspect(source)
    existed = db_path.exists()
    if existed and source.resolve() == db_path.resolve():
        raise InvalidInput(_("{path!r} is de databank zelf; kies een back-up").format(path=str(source)))
    current = _open_current(db_path)
    work = db_path.with_name(f".{db_path.name}.restore")
    leftovers = (work, work.with_name(work.name + "-journal"))
    try:
        previous = backup(current, db_path) if existed else None
        erasures = _current_erasures(current)
        for leftover in leftovers:
            leftover.unlink(missing_ok=True)
        result = _prepare(source, work, erasures)
        _replace(work, current, db_path)
    except OSError as exc:
        raise _io_error(work, exc) from None
    finally:
        current.close()
        for leftover in leftovers:
            leftover.unlink(missing_ok=True)
    return {
        "source": source,
        "source_schema": source_applied[-1],
        "previous_backup": previous,
        **result,
    }


def _open_current(db_path: Path) -> sqlite3.Connection:
    """The database to replace; a new one when there is none yet."""
    if not db_path.exists():
        return store.open_db(db_path, create=True)
    try:
        return store.open_db(db_path)
    except DatabaseError as error:
        # its erasures cannot be read, so it is not replaced blindly
        text = _("{message}; zet het eerst opzij en herstel dan opnieuw").format(message=error.message)
        raise DatabaseError(text, details=error.details) from None


def _replace(work: Path, current: sqlite3.Connection, db_path: Path) -> None:
    """Write the prepared copy into the live database in one transaction."""
    prepared = sqlite3.connect(str(work), isolation_level=None)
    try:
        same_pages = (
            prepared.execute("PRAGMA page_size").fetchone()[0]
            == current.execute("PRAGMA page_size").fetchone()[0]
        )
        if not same_pages:
            current.execute("PRAGMA journal_mode = DELETE")  # WAL cannot change the page size
        with privacy.leaving_no_trace(current):
            prepared.backup(current)
        if not same_pages:
            current.execute("PRAGMA journal_mode = WAL")
    except sqlite3.OperationalError as exc:
        raise store.translate_operational_error(exc) or DatabaseError(
            _("databank {path!r} kan niet hersteld worden: {reason}").format(path=str(db_path), reason=exc)
        ) from None
    finally:
        prepared.close()
