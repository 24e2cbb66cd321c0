"""Sections of a report side by side: each on its own read connection to the same file.

SQLite lets go of the GIL while a query runs, so two threads keep two cores busy. Every extra
connection begins its read transaction right away and must read the same committed state as
the report's own connection: every write records an audit row, so the same last audit id in
each transaction means the same state; otherwise they are opened again, and after a few tries
the report runs on its own connection alone (as it does inside a caller's transaction, or on
a database that is not a file).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from vrijetijd_cli.errors import DatabaseError
from vrijetijd_cli.store import connect

TRIES = 3
_LAST_WRITE = "SELECT COALESCE(MAX(id), 0) FROM audit_log"


@contextmanager
def readers(conn: sqlite3.Connection, count: int) -> Iterator[list[sqlite3.Connection]]:
    """`count` read connections that see what `conn` sees (inside its snapshot), or none."""
    extra = _open(conn, count)
    try:
        yield extra
    finally:
        _close(extra)


def _open(conn: sqlite3.Connection, count: int) -> list[sqlite3.Connection]:
    if not count or not conn.in_transaction:
        return []
    path = next((r[2] for r in conn.execute("PRAGMA database_list") if r[1] == "main"), "")
    if not path:
        return []
    mine = conn.execute(_LAST_WRITE).fetchone()[0]
    pragmas = conn_pragmas(conn)
    for _ in range(TRIES):
        extra: list[sqlite3.Connection] = []
        try:
            for _ in range(count):
                other = connect(Path(path), wal=False, threads=True)
                extra.append(other)
                for pragma in pragmas:
                    other.execute(pragma)
                other.execute("BEGIN")
            if all(other.execute(_LAST_WRITE).fetchone()[0] == mine for other in extra):
                return extra
        except (sqlite3.OperationalError, DatabaseError):
            # a file this process may not open a second time: the report runs on its own
            _close(extra)
            return []
        _close(extra)
    return []


def _close(extra: list[sqlite3.Connection]) -> None:
    for other in extra:
        if other.in_transaction:
            other.execute("COMMIT")
        other.close()


def conn_pragmas(conn: sqlite3.Connection) -> list[str]:
    """The settings of the report connection that matter for reading (cache, temp store)."""
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    temp = conn.execute("PRAGMA temp_store").fetchone()[0]
    return [f"PRAGMA cache_size = {int(cache)}", f"PRAGMA temp_store = {int(temp)}"]


def run(jobs: list[Callable[[], Any]]) -> list[Any]:
    """Run the jobs, the first in this thread and the others each in a thread; their results.

    An error in any job is raised here, after all jobs ended.
    """
    results: list[Any] = [None] * len(jobs)
    errors: list[BaseException] = []

    def work(index: int) -> None:
        try:
            results[index] = jobs[index]()
        except BaseException as exc:  # handed over to the caller's thread below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(1, len(jobs))]
    for thread in threads:
        thread.start()
    work(0)
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results
