"""Backup, restore and explicit upgrade of the database file (docs/architecture.md, "Privacy").

Every copy goes through SQLite's online backup API: it takes a consistent snapshot while
others keep working, and writing into a live database through it is one transaction, so a
restore either replaces everything or nothing. Copies are owner-only, written under a
temporary name of their own and never over an existing file (store.copy_database). Back-ups in
the back-up folder expire after `privacy.backup_retention_days`: they still hold the people
forgotten since.
"""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import date, timedelta
from pathlib import Path

from vrijetijd_cli import clock, files, store
from vrijetijd_cli.errors import Conflict, DatabaseError, InvalidInput
from vrijetijd_cli.i18n import _
from vrijetijd_cli.services import audit, erasure_ledger, privacy

BACKUP_FOLDER = "backups"
BACKUP_PREFIX = "vrijetijd"
# vrijetijd-20260615-101500.db, …-2.db, …-voor-upgrade.db: the names this program gives
_BACKUP_NAME = re.compile(rf"^{BACKUP_PREFIX}-(\d{{8}})-\d{{6}}(-\d+)?(-voor-upgrade(-\d+)?)?\.db$", re.ASCII)


def folder_of(db_path: Path) -> Path:
    return db_path.parent / BACKUP_FOLDER


def default_path(db_path: Path) -> Path:
    """data/backups/vrijetijd-YYYYMMDD-HHMMSS.db beside the database."""
    return _stamped(folder_of(db_path))


def _stamped(folder: Path) -> Path:
    """A file name in `folder` with the current time (store.copy_database numbers a taken one)."""
    stamp = clock.now().replace("-", "").replace(":", "").replace("T", "-")
    return folder / f"{BACKUP_PREFIX}-{stamp}.db"


def backup(conn: sqlite3.Connection, db_path: Path, target: str | Path | None = None) -> Path:
    """A consistent copy of the open database; returns its path. Never overwrites a file.

    `target` is a file name, or a folder (an existing one, or any path ending in a slash).
    """
    if target is None:
        return store.copy_database(conn, default_path(db_path), numbered=True)
    if str(target).endswith(("/", os.sep)) or Path(target).is_dir():
        return store.copy_database(conn, _stamped(Path(target)), numbered=True)
    target = Path(target)
    if target.exists() or target.is_symlink():
        raise Conflict(_("back-up {path!r} bestaat al; kies een andere naam").format(path=str(target)))
    return store.copy_database(conn, target)


def expired_backups(db_path: Path, days: int, today: date | None = None) -> list[Path]:
    """The back-ups in the back-up folder made more than `days` days ago, by the date in their
    name (the names this program gives; other files there are never touched)."""
    cutoff = (today or clock.today()) - timedelta(days=days)
    found = []
    try:
        entries = sorted(folder_of(db_path).iterdir())
    except OSError:
        return found
    for path in entries:
        match = _BACKUP_NAME.match(path.name)
        if match is None or path.is_symlink() or not path.is_file():
            continue
        stamp = match.group(1)
        try:
            made = date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:]))
        except ValueError:
            continue
        if made < cutoff:
            found.append(path)
    return found


def expire(db_path: Path, days: int, today: date | None = None) -> list[Path]:
    """Delete the expired back-ups (they still hold the people forgotten since); returns them."""
    deleted = []
    for path in expired_backups(db_path, days, today):
        try:
            path.unlink()
        except OSError as exc:
            raise DatabaseError(_("back-up {path!r} kan niet verwijderd worden: {reason}").format(
                path=str(path), reason=exc.strerror)) from None
        deleted.append(path)
    return deleted


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
        upgraded = store.upgrade_locked(conn, db_path)  # of two at once, one upgrades
        schema = store.schema_version(conn)[-1]
        if upgraded is None:
            return {"applied": [], "backup": None, "schema": schema}
        copy, done = upgraded
        return {"applied": done, "backup": copy, "schema": schema}
    finally:
        conn.close()


# --- restore ---------------------------------------------------------------------------------


def _current_erasures(conn: sqlite3.Connection) -> list[dict]:
    """The erasure log of the database that is replaced."""
    return [dict(r) for r in conn.execute(
        "SELECT participant_id, erased_at, reason, os_user FROM erasures ORDER BY id")]


def reapply_erasures(conn: sqlite3.Connection, erasures: list[dict], listed: set[int]) -> dict:
    """Forget again, in the restored copy of the same database, everyone erased after the backup
    was made: from the replaced database's erasure log (with its reason and moment) and from the
    ledger. Keeps their ids from being given to anyone new. Runs in the caller's transaction."""
    known = {(r[0], r[1]) for r in conn.execute("SELECT participant_id, erased_at FROM erasures")}
    present = {r[0]: r[1] for r in conn.execute(
        "SELECT id, anonymized_at FROM participants WHERE id IN (SELECT value FROM json_each(?))",
        ["[" + ",".join(str(e["participant_id"]) for e in erasures) + "]"])}
    reapplied: list[int] = []
    not_in_backup: list[int] = []
    for erasure in erasures:
        pid = erasure["participant_id"]
        if (pid, erasure["erased_at"]) in known:
            continue
        if pid not in present:
            not_in_backup.append(pid)
            continue
        if present[pid] is None:
            person = privacy._participant(conn, pid)
            privacy.erase(conn, [person], erasure["erased_at"], erasure["reason"], erasure["os_user"])
            present[pid] = erasure["erased_at"]
        else:
            privacy.record_erasures(conn, [(pid, erasure["erased_at"], erasure["reason"], erasure["os_user"])])
        reapplied.append(pid)
    from_log = {e["participant_id"] for e in erasures}
    again = privacy.forget_again(conn, listed | from_log)
    reapplied += [pid for pid in again if pid not in reapplied]
    return {"reapplied": reapplied, "not_in_backup": not_in_backup}


def _prepare(source: Path, work: Path, erasures: list[dict], identity: str | None,
             ledger: dict[str, erasure_ledger.Entry]) -> dict:
    """Copy the backup to a work file, upgrade it and forget again whom it must not hold: the
    erasures of the database it replaces (when that is a copy of the same database, `identity`)
    and the ids the ledger lists for the backup's database."""
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
        own = store.database_identity(conn)
        same = identity is None or own == identity
        with privacy.leaving_no_trace(conn):
            with store.atomic(conn):
                # another database: the erasures of the one it replaces are about other people
                listed = ledger[own].ids if own in ledger else set()
                result = reapply_erasures(conn, erasures if same else [], listed)
                audit.record(conn, "database", None, "restore")
        return {"migrated": migrated, "other_database": not same, **result}
    finally:
        src.close()
        conn.close()


def restore(db_path: Path, source: Path) -> dict:
    """Replace the database by a backup: the current one is backed up first, and the
    erasures it recorded or the ledger lists are applied again so that forgotten people stay
    forgotten."""
    source_applied = inspect(source)
    existed = db_path.exists()
    if existed and source.resolve() == db_path.resolve():
        raise InvalidInput(_("{path!r} is de databank zelf; kies een back-up").format(path=str(source)))
    current = _open_current(db_path)
    work = None
    try:
        previous = backup(current, db_path) if existed else None
        erasures = _current_erasures(current)
        identity = store.database_identity(current) if existed else None
        ledger = erasure_ledger.read(erasure_ledger.path_of(db_path))
        work = files.temporary(db_path.parent, db_path.name, "restore")
        result = _prepare(source, work, erasures, identity, ledger)
        _replace(work, current, db_path)
        with store.atomic(current):  # the ledger has now seen the restored copy's newest erasure
            erasure_ledger.record(current, result["reapplied"])
    except OSError as exc:
        raise store.backup_not_written(work or db_path, exc.strerror or exc) from None
    finally:
        current.close()
        if work is not None:
            files.remove(work)
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
