"""Reports: pure functions from the database and a year to plain data
(docs/architecture.md, "How a figure reaches the report").

Every figure is computed in plain SQL over the raw tables, one query or one small function per
section (docs/architecture.md, "How a figure reaches the report"); Python only arranges the
(small) aggregated results. No rendering here: render/report_*.py do that.
A report is a dict with stable English keys, amounts in `*_cents`, shares in `*_bp`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from vrijetijd_cli import clock
from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.i18n import _
from vrijetijd_cli.numbers import share_bp  # noqa: F401 - the reports' one rounding rule

FIRST_YEAR = 1900


@dataclass(frozen=True)
class Period:
    """A calendar year as ISO bounds, and the reference date for 'still valid' and 'open'."""

    year: int
    today: date

    @property
    def start(self) -> str:
        return f"{self.year:04d}-01-01"

    @property
    def end(self) -> str:
        return f"{self.year:04d}-12-31"

    @property
    def as_of(self) -> str:
        """The end of the year, or today while the year is still running."""
        return min(self.end, self.today.isoformat())

    @property
    def complete(self) -> bool:
        return self.today.isoformat() > self.end

    def soon(self, days: int) -> str:
        return (self.today + timedelta(days=days)).isoformat()

    def previous(self) -> Period:
        return Period(self.year - 1, self.today)


def default_year(today: date | None = None) -> int:
    """The last complete year."""
    return (today or clock.today()).year - 1


def period(year: int | None) -> Period:
    """The period of `year` (default: the last complete year); a future year is refused."""
    today = clock.today()
    if year is None:
        year = default_year(today)
    if year < FIRST_YEAR:
        raise InvalidInput(_("jaar: {year} is geen geldig jaar").format(year=year))
    if year > today.year:
        raise InvalidInput(_("jaar: {year} ligt in de toekomst (vandaag is {today})").format(
            year=year, today=today.strftime("%d/%m/%Y")))
    return Period(year, today)


@contextmanager
def consistent_read(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """All queries of one report read the same state, even while someone else writes."""
    if conn.in_transaction:
        yield conn
        return
    # the reports' temporary tables and sorts stay in memory (a few tens of MB at Flanders
    # scale), and a larger page cache keeps the lookups of a year's rows out of the disk
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA cache_size = -32768")
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")


def rows(conn: sqlite3.Connection, sql: str, params: Any = ()) -> list[dict]:
    return [dict(r) for r in conn.execute(sql, params)]


def one(conn: sqlite3.Connection, sql: str, params: Any = ()) -> dict:
    row = conn.execute(sql, params).fetchone()
    return {k: (row[k] if row[k] is not None else 0) for k in row.keys()}


@contextmanager
def tallied(conn: sqlite3.Connection, table: str, select: str, keys: tuple[str, ...], sums: tuple[str, ...],
            params: Any = (), packed: dict[str, str] | None = None) -> Iterator[str]:
    """The rows of `select` (its columns: the keys, then the sums; it ends in a WHERE clause) added
    up per key into the temporary `table`, dropped again after the block. Each row is added into the
    small keyed table (an upsert) instead of a GROUP BY, which sorts every row first: half the time
    over the year's reached people at Flanders scale (benchmarks/README.md). No key may be NULL.

    `packed`: the keys are one integer `packed` instead (the select's first column), and each name
    of `packed` is a column of the table computed from it (SQL over `packed`): a table keyed by
    one integer adds up a third faster than one keyed by several columns."""
    conn.execute(f"DROP TABLE IF EXISTS {table}")
    if packed is None:
        conn.execute(f"CREATE TABLE {table} ({', '.join(keys + sums)}, PRIMARY KEY ({', '.join(keys)})) WITHOUT ROWID")
    else:
        parts = ", ".join(f"{name} GENERATED ALWAYS AS ({sql}) VIRTUAL" for name, sql in packed.items())
        conn.execute(f"CREATE TABLE {table} (packed INTEGER PRIMARY KEY, {', '.join(sums)}, {parts})")
        keys = ("packed",)
    try:
        added = ", ".join(f"{name} = {name} + excluded.{name}" for name in sums)
        conn.execute(f"INSERT INTO {table} ({', '.join(keys + sums)}) {select} ON CONFLICT DO UPDATE SET {added}",
                     params)
        yield table
    finally:
        conn.execute(f"DROP TABLE IF EXISTS {table}")


def tally(conn: sqlite3.Connection, select: str, keys: tuple[str, ...], sums: tuple[str, ...],
          params: Any = ()) -> list[dict]:
    """The rows of `select` added up per key (tallied), as rows."""
    with tallied(conn, "temp.tally", select, keys, sums, params) as table:
        return rows(conn, f"SELECT * FROM {table}")
