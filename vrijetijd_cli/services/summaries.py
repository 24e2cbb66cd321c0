"""The per-person, per-year summaries of the reports (schema_summaries.py): rebuilt, compared,
or left to one computation at the end of a bulk write.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from vrijetijd_cli.schema_summaries import FILL, SUMMARY_TABLES, fill_statements
from vrijetijd_cli.store import atomic


def rebuild(conn: sqlite3.Connection) -> None:
    """Every summary computed again from the raw rows (inside the caller's transaction); the
    bits of the grounds and domains given again too, to those still in use only."""
    for table in (*SUMMARY_TABLES, "summary_bits"):
        conn.execute(f"DELETE FROM {table}")
    for statement in fill_statements():
        conn.execute(statement)


def repair(conn: sqlite3.Connection) -> None:
    """`db check --rebuild-summaries`: every summary computed again, in one audited transaction."""
    from vrijetijd_cli.services import audit

    with atomic(conn), deferred(conn):
        audit.record(conn, "summaries", None, "rebuild", SUMMARY_TABLES)


@contextmanager
def deferred(conn: sqlite3.Connection) -> Iterator[None]:
    """Inside a transaction: no summary triggers while the block writes, one rebuild after it.

    For writers of many rows at once (the demo generator): a trigger per row costs more than
    computing the summaries once. The triggers come back in the same transaction, so no other
    connection ever sees the tables without them; on an error everything rolls back together.
    """
    if not conn.in_transaction:
        raise RuntimeError("summaries.deferred needs a transaction")
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'summary\\_%' ESCAPE '\\'"
        " ORDER BY name").fetchall()
    for name, _ in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    yield
    rebuild(conn)
    for _, sql in triggers:
        conn.execute(sql)


def differences(conn: sqlite3.Connection) -> dict[str, int]:
    """Per summary table, the rows that differ from a fresh computation (none: an empty dict).
    The masks of person_years are compared with the grounds and domains tables, which are
    compared with the raw rows."""
    found = {}
    for table, query in FILL.items():
        fresh = f"temp.fresh_{table}"
        conn.execute(f"DROP TABLE IF EXISTS {fresh}")
        conn.execute(f"CREATE TABLE {fresh} AS SELECT * FROM main.{table} WHERE 0")
        conn.execute(f"INSERT INTO {fresh} {query}")
        count = conn.execute(
            f"SELECT (SELECT COUNT(*) FROM (SELECT * FROM main.{table} EXCEPT SELECT * FROM {fresh}))"
            f" + (SELECT COUNT(*) FROM (SELECT * FROM {fresh} EXCEPT SELECT * FROM main.{table}))").fetchone()[0]
        conn.execute(f"DROP TABLE {fresh}")
        if count:
            found[table] = count
    return found
