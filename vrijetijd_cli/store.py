"""The one place that opens the database (docs/architecture.md, "Data").

open_db returns a plain sqlite3 connection with rows as sqlite3.Row: importing sqlite-utils
costs more start-up time than the whole budget of a daily command, so it is only imported
when a migration has to run (migrations.migration_set).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from vrijetijd_cli import clock, files
from vrijetijd_cli.errors import Conflict, DatabaseError
from vrijetijd_cli.i18n import _
from vrijetijd_cli.migrations import MIGRATION_NAMES, SET_NAME

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 30_000
# a database in a shared network folder (config: `database_mode: shared`): WAL needs shared memory,
# which network file systems do not give, so a rollback journal, and a longer wait for the other user
SHARED_BUSY_TIMEOUT_MS = 120_000


class Mode:
    """How this process opens databases; context.Session sets it from the config."""

    shared = False


def open_db(
    path: str | os.PathLike, create: bool = False, announce: Callable[[str], None] | None = None
) -> sqlite3.Connection:
    """Open (and with create=True make) a vrijetijd database; migrate it when behind.

    An upgrade of a database in use is done after a back-up copy, and `announce` is told so
    (a line for the user, with the path of that copy).
    """
    db_path = Path(path)
    fresh = not db_path.exists() or db_path.stat().st_size == 0
    if not db_path.exists():
        if not create:
            raise DatabaseError(
                _("databank {path!r} bestaat niet; maak ze met 'vrijetijd init'").format(path=str(db_path))
            )
        try:
            # personal data: a folder and a file only the owner can read (the -wal and -shm files
            # SQLite makes beside it take the file's permissions)
            files.private_folder(db_path.parent)
            files.create_private(db_path)
        except OSError as exc:
            raise DatabaseError(
                _("map {path!r} kan niet aangemaakt worden: {reason}").format(
                    path=str(db_path.parent), reason=exc.strerror)
            ) from None
    elif db_path.is_dir():
        raise DatabaseError(_("{path!r} is een map, geen databank").format(path=str(db_path)))
    elif not fresh:
        _check_header(db_path)
    sweep_leftovers(db_path)
    try:
        # WAL only once the file is known to be ours: switching it rewrites a foreign file's header
        conn = connect(db_path, wal=False)
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise _refused(db_path, exc) from None
    if not tables:
        if not create:
            conn.close()
            raise DatabaseError(
                _("databank {path!r} is leeg; maak ze met 'vrijetijd init'").format(path=str(db_path))
            )
    else:
        applied = _applied_migrations(conn, tables)
        if applied is None:
            conn.close()
            raise DatabaseError(
                _("{path!r} is geen vrijetijd-databank; het bestand is niet aangeraakt").format(path=str(db_path))
            )
        unknown = [name for name in applied if name not in MIGRATION_NAMES]
        if unknown:
            conn.close()
            raise newer_version(db_path, unknown[-1])
        if len(applied) == len(MIGRATION_NAMES):
            _use_journal(conn)
            return conn
    _use_journal(conn)
    if not tables:
        migrate(conn, db_path)
        return conn
    try:
        upgrade = upgrade_locked(conn, db_path)
    except BaseException:
        conn.close()
        raise
    if upgrade is not None and announce is not None:
        copy, names = upgrade
        announce(_("Het schema van databank {path} is bijgewerkt ({names}); eerst is een back-up gemaakt: {copy}")
                 .format(path=db_path, names=", ".join(names), copy=copy))
    return conn


def upgrade_locked(conn: sqlite3.Connection, db_path: Path) -> tuple[Path, list[str]] | None:
    """Back up, then migrate, under the write lock: of two commands that find the same database
    behind, one upgrades and the other finds it done. Returns (copy, migrations) or None."""
    writer = connect(db_path)
    try:
        try:
            writer.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _write_error(exc) from None
        try:
            if len(schema_version(writer)) == len(MIGRATION_NAMES):
                writer.execute("COMMIT")
                return None
            # the copy is read through `conn` while `writer` keeps everybody else from writing
            stamp = clock.now().replace("-", "").replace(":", "").replace("T", "-")
            copy = copy_database(conn, db_path.parent / "backups" / f"vrijetijd-{stamp}-voor-upgrade.db",
                                 numbered=True)
            names = migrate(writer, db_path)
            writer.execute("COMMIT")
        except BaseException:
            if writer.in_transaction:
                writer.execute("ROLLBACK")
            raise
    finally:
        writer.close()
    return copy, names


def sweep_leftovers(db_path: Path) -> None:
    """Temporary copies a killed back-up or restore left beside the database, removed."""
    files.sweep(db_path.parent)
    files.sweep(db_path.parent / "backups")


def database_identity(conn: sqlite3.Connection) -> str:
    """What every copy of one database shares and no other database has: the moment its schema
    was first created (kept by the migrations table), hashed. Backups and restores keep it."""
    import hashlib

    row = conn.execute(
        "SELECT applied_at FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid LIMIT 1", [SET_NAME]
    ).fetchone()
    return hashlib.sha256(f"vrijetijd {row[0]}".encode()).hexdigest()[:32]


def connect(db_path: Path, wal: bool = True, threads: bool = False) -> sqlite3.Connection:
    """A connection with our pragmas: explicit transactions, foreign keys, busy timeout, WAL (or a
    rollback journal in shared mode)."""
    busy_ms = SHARED_BUSY_TIMEOUT_MS if Mode.shared else BUSY_TIMEOUT_MS
    try:
        conn = sqlite3.connect(
            str(db_path), timeout=busy_ms / 1000, isolation_level=None, check_same_thread=not threads
        )
    except sqlite3.OperationalError as exc:
        raise DatabaseError(
            _("databank {path!r} kan niet geopend worden: {reason}").format(path=str(db_path), reason=exc)
        ) from None
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {busy_ms}")
    # freed pages are zeroed, so a forgotten person's old values do not linger in the file
    conn.execute("PRAGMA secure_delete = ON")
    if wal:
        _use_journal(conn)
    return conn


def _use_journal(conn: sqlite3.Connection) -> None:
    """WAL on a local disk; in shared mode a rollback journal, written through to the disk."""
    if Mode.shared:
        try:
            conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute("PRAGMA synchronous = FULL")
        except sqlite3.OperationalError:
            pass  # another user has it open in WAL: it changes once they are done
        return
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.OperationalError:
        pass  # read-only media or a network share: stay in rollback-journal mode


def describe(conn: sqlite3.Connection) -> dict:
    """What `db info` shows of an open database: schema, journal, size and rows per table."""
    names = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    tables = [name for name in names if not name.startswith(("sqlite_", "_"))]
    applied = schema_version(conn)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    return {
        "schema": applied[-1] if applied else None,
        "migrations": len(applied),
        "journal_mode": conn.execute("PRAGMA journal_mode").fetchone()[0],
        "busy_timeout_ms": conn.execute("PRAGMA busy_timeout").fetchone()[0],
        "size_bytes": page_size * pages,
        "counts": {name: conn.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in tables},
    }


def schema_version(conn: sqlite3.Connection) -> list[str]:
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return _applied_migrations(conn, tables) or []


def _applied_migrations(conn: sqlite3.Connection, tables: set[str]) -> list[str] | None:
    if "_sqlite_migrations" not in tables:
        return None
    rows = conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid", [SET_NAME]
    ).fetchall()
    return [row[0] for row in rows] or None


def migrate(conn: sqlite3.Connection, db_path: Path | None = None) -> list[str]:
    """Apply pending migrations; returns the names applied."""
    from sqlite_utils import Database

    from vrijetijd_cli.migrations import migration_set

    migrations = migration_set()
    conn.row_factory = None
    try:
        db = Database(conn)
        pending = [m.name for m in migrations.pending(db)]
        migrations.apply(db)
    except sqlite3.OperationalError as exc:
        raise DatabaseError(
            _("databank {path!r} kan niet bijgewerkt worden: {reason}").format(path=str(db_path), reason=exc)
        ) from None
    finally:
        conn.row_factory = sqlite3.Row
    return pending


@contextmanager
def atomic(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One transaction (a savepoint when nested); rolled back on any exception or Ctrl-C.

    BEGIN IMMEDIATE takes the write lock up front, so two coordinators never deadlock on an
    upgrade from read to write lock; the busy timeout makes the second one wait.
    """
    if conn.in_transaction:
        conn.execute("SAVEPOINT nested")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK TO SAVEPOINT nested")
            conn.execute("RELEASE SAVEPOINT nested")
            raise
        conn.execute("RELEASE SAVEPOINT nested")
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise _write_error(exc) from None
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise _write_error(exc) from None


def _write_error(exc: sqlite3.OperationalError) -> DatabaseError:
    text = str(exc)
    if "readonly" in text or "read-only" in text:
        return DatabaseError(_("de databank is alleen-lezen; er is niets gewijzigd"))
    if "full" in text:
        return DatabaseError(_("de schijf is vol; er is niets gewijzigd"))
    if "disk I/O" in text:
        # a full disk or a file-size limit can reach SQLite as an I/O error (EFBIG) instead of 'full'
        return DatabaseError(
            _("schrijven naar de databank mislukt door een schijffout (is de schijf vol?); er is niets gewijzigd")
        )
    if "locked" in text or "busy" in text:
        return DatabaseError(_("de databank is bezet door een andere gebruiker; probeer opnieuw"))
    return DatabaseError(_("schrijven naar de databank mislukt: {reason}").format(reason=text))


def _check_header(db_path: Path) -> None:
    try:
        with db_path.open("rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        raise DatabaseError(
            _("databank {path!r} kan niet gelezen worden: {reason}").format(path=str(db_path), reason=exc.strerror)
        ) from None
    if header != SQLITE_HEADER:
        raise DatabaseError(
            _("{path!r} is geen SQLite-databank; het bestand is niet aangeraakt").format(path=str(db_path))
        )


def _refused(db_path: Path, exc: sqlite3.DatabaseError) -> DatabaseError:
    text = str(exc)
    if "readonly" in text or "disk I/O" in text:
        # the file is ours; its folder (for the -wal and -shm files), the file or the disk is not writable
        if "readonly" in text:
            message = _("databank {path!r} kan niet geopend worden: het bestand of zijn map is alleen-lezen;"
                        " er is niets gewijzigd")
        else:
            message = _("databank {path!r} kan niet geopend worden: schijffout (is de schijf vol?);"
                        " er is niets gewijzigd")
        return DatabaseError(message.format(path=str(db_path)))
    return DatabaseError(
        _("{path!r} kan niet als databank geopend worden ({reason}); het bestand is niet aangeraakt").format(
            path=str(db_path), reason=exc)
    )


def translate_operational_error(exc: sqlite3.OperationalError) -> DatabaseError | None:
    """A storage problem the user can act on (read-only, full, busy), or None for a bug."""
    text = str(exc)
    if any(word in text for word in ("readonly", "read-only", "full", "locked", "busy", "unable to open", "disk I/O")):
        return _write_error(exc)
    return None


def copy_database(conn: sqlite3.Connection, target: Path, numbered: bool = False) -> Path:
    """A consistent copy of the open database via SQLite's online backup; owner-only, atomic.

    Never over an existing file: with `numbered`, a taken name becomes name-2, name-3… (two
    copies in the same second both succeed), otherwise it is a Conflict. Returns the path."""
    partial = None
    try:
        files.private_folder(target.parent)  # the copy holds personal data: only the owner may read it
        files.sweep(target.parent)
        partial = files.temporary(target.parent, target.name, "part")
        copy = sqlite3.connect(str(partial), isolation_level=None)
        try:
            conn.backup(copy)
            # one self-contained file, no -wal beside it
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
        return _place(partial, target, numbered)
    except OSError as exc:
        raise backup_not_written(target, exc.strerror or exc) from None
    except sqlite3.OperationalError as exc:
        # a busy source is the database's problem; anything else (a read-only folder, a full disk) the copy's
        busy = "locked" in str(exc) or "busy" in str(exc)
        raise (translate_operational_error(exc) if busy else None) or backup_not_written(target, exc) from None
    finally:
        if partial is not None:
            files.remove(partial)


def _place(partial: Path, target: Path, numbered: bool) -> Path:
    number = 1
    while True:
        name = target if number == 1 else target.with_name(f"{target.stem}-{number}{target.suffix}")
        try:
            files.place(partial, name)
            return name
        except FileExistsError:
            if not numbered:
                raise Conflict(
                    _("back-up {path!r} bestaat al; kies een andere naam").format(path=str(target))) from None
            number += 1


def newer_version(path: Path, schema: str) -> DatabaseError:
    """A database written by a newer vrijetijd, which this version must not touch."""
    return DatabaseError(
        _("{path!r} komt van een nieuwere versie van vrijetijd (schema {schema})").format(path=str(path), schema=schema)
    )


def backup_not_written(target: Path, reason: object) -> DatabaseError:
    return DatabaseError(
        _("back-up {path!r} kan niet geschreven worden: {reason}").format(path=str(target), reason=reason)
    )
