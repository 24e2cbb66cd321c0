"""The erasure ledger: a small file beside the database that lists who was forgotten, so that a
restored or copied-back older database cannot bring anyone back (docs/architecture.md, "Privacy").

`vrijetijd.db` → `vrijetijd.db.erasures`, owner-only, one line per database:

    # vrijetijd: wissingsregister …
    <database identity> <last erasure id> 12 57 103

Only ids and the database's identity (store.database_identity: every copy of one database
shares it, no other database has it), never a name. Ids are never reused (AUTOINCREMENT, and
the sequence is moved past every id in the ledger), so an id of the same database is always the
same person. The last erasure id is the newest row of the database's erasure log when the line
was written: a database whose log reaches it is not older than the ledger, so opening it needs
no look at the ids (a daily command stays fast however many people were forgotten). The ledger
is written while the forgetting transaction holds the write lock, before its commit; a commit
that then fails takes the ids out again.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from vrijetijd_cli import files, store
from vrijetijd_cli.errors import DatabaseError, InvalidInput
from vrijetijd_cli.i18n import _

SUFFIX = ".erasures"
HEADER = ("# vrijetijd: wissingsregister (erasure ledger). Per databank: wie, de laatste wissing, de ids van"
          " vergeten deelnemers; geen namen. Niet verwijderen: na het terugzetten van een back-up worden ze"
          " opnieuw vergeten.\n")
_LINE = re.compile(r"[0-9a-f]{32} [0-9]{1,19}( [0-9]{1,19})*")


class Entry:
    """One database's line: the newest erasure log id it has seen, and the ids."""

    def __init__(self, last_erasure: int = 0, ids: Iterable[int] = ()):
        self.last_erasure = last_erasure
        self.ids = set(ids)


def path_of(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + SUFFIX)


def database_file(conn: sqlite3.Connection) -> Path | None:
    """The file of the connection's main database; None for a database in memory."""
    for row in conn.execute("PRAGMA database_list"):
        if row[1] == "main":
            return Path(row[2]) if row[2] else None
    return None


def _text(ledger: Path) -> str | None:
    try:
        return ledger.read_text(encoding="ascii")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise _damaged(ledger, str(getattr(exc, "strerror", None) or exc)) from None


def read(ledger: Path) -> dict[str, Entry]:
    """{identity: Entry} from the ledger file; an empty dict when there is none."""
    text = _text(ledger)
    entries: dict[str, Entry] = {}
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        if not _LINE.fullmatch(line.strip()):
            raise _damaged(ledger, _("regel {line}").format(line=number))
        identity, last, *ids = line.split()
        entry = entries.setdefault(identity, Entry())
        entry.last_erasure = max(entry.last_erasure, int(last))
        entry.ids.update(int(i) for i in ids)
    return entries


def _damaged(ledger: Path, where: str) -> DatabaseError:
    return DatabaseError(_("wissingsregister {path!r} is onleesbaar ({where}); herstel het uit een back-up van de"
                           " map of verwijder het niet: het houdt vergeten personen vergeten").format(
        path=str(ledger), where=where))


def write(ledger: Path, entries: dict[str, Entry]) -> None:
    """The whole ledger, replaced at once (a temporary file, flushed to disk, renamed)."""
    lines = [HEADER] + [f"{identity} {entry.last_erasure} {' '.join(str(i) for i in sorted(entry.ids))}".rstrip()
                        + "\n" for identity, entry in sorted(entries.items()) if entry.ids]
    try:
        files.write_whole(ledger, "".join(lines).encode("ascii"))
    except InvalidInput:
        raise DatabaseError(_("wissingsregister {path!r} kan niet geschreven worden; er is niets gewist").format(
            path=str(ledger))) from None


def _last_erasure(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT COALESCE(max(id), 0) FROM erasures").fetchone()[0]


def record(conn: sqlite3.Connection, ids: Iterable[int]) -> None:
    """Add these ids, and every erasure the database itself lists, to the ledger of its file;
    note the newest erasure of the database (in the caller's transaction)."""
    db_file = database_file(conn)
    if db_file is None:
        return
    ledger = path_of(db_file)
    entries = read(ledger)
    entry = entries.setdefault(store.database_identity(conn), Entry())
    entry.ids.update(ids)
    entry.ids.update(r[0] for r in conn.execute("SELECT participant_id FROM erasures"))
    entry.last_erasure = _last_erasure(conn)
    write(ledger, entries)


def withdraw(conn: sqlite3.Connection, ids: Iterable[int]) -> None:
    """Take ids out again after their erasure failed to commit (best effort)."""
    db_file = database_file(conn)
    if db_file is None:
        return
    ledger = path_of(db_file)
    try:
        entries = read(ledger)
        entry = entries.get(store.database_identity(conn))
        if entry is not None:
            entry.ids.difference_update(ids)
            entry.last_erasure = _last_erasure(conn)
        write(ledger, entries)
    except DatabaseError:
        pass  # the ids stay listed: the next command forgets them again, which is what was asked


def listed(conn: sqlite3.Connection, db_path: Path | None = None) -> set[int]:
    """The ids the ledger lists for this database."""
    db_file = db_path or database_file(conn)
    if db_file is None:
        return set()
    entry = read(path_of(db_file)).get(store.database_identity(conn))
    return entry.ids if entry else set()


def behind(conn: sqlite3.Connection, db_path: Path) -> bool:
    """Could this database be older than its ledger (its erasure log stops before the newest
    erasure the ledger saw)? Reads only the start of the database's line."""
    text = _text(path_of(db_path))
    if not text:
        return False
    identity = store.database_identity(conn)
    for line in text.splitlines():
        if line.startswith(identity):
            parts = line.split(" ", 2)
            if len(parts) < 2 or not parts[1].isascii() or not parts[1].isdigit():
                raise _damaged(path_of(db_path), identity)
            return _last_erasure(conn) < int(parts[1])
    return False


def pending(conn: sqlite3.Connection, ids: set[int]) -> list[int]:
    """Of these ids, the people still present and not anonymised."""
    if not ids:
        return []
    return [r[0] for r in conn.execute(
        "SELECT id FROM participants WHERE anonymized_at IS NULL AND id IN (SELECT value FROM json_each(?))"
        " ORDER BY id", ["[" + ",".join(str(i) for i in sorted(ids)) + "]"])]


def keep_ids_unused(conn: sqlite3.Connection, ids: set[int]) -> None:
    """Move the participants' id sequence past every listed id, in the caller's transaction, so an
    id of a forgotten person the database no longer holds is never given to somebody new."""
    if not ids:
        return
    top = max(ids)
    row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'participants'").fetchone()
    if row is None:
        conn.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('participants', ?)", [top])
    elif row[0] < top:
        conn.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = 'participants'", [top])
