"""Reports: pure functions from the database and a year to plain data (DESIGN §3).

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
from vrijetijd_cli.numbers import share_bp  # noqa: F401 - the reports' one rounding rule

FIRST_YEAR = 1900

# Counts of people or of what people did: hidden below the small-cell threshold in --public.
MASKED_KEYS = frozenset({
    "participants", "new_participants", "took_part", "household_members", "living_in_municipality",
    "total", "referrals", "led_to_participation", "participations", "persons", "vouchers",
    "committed_vouchers",
    "open", "in_behandeling", "toegeleid", "afgesloten", "geweigerd",
})


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
        raise InvalidInput(f"jaar: {year} is geen geldig jaar", f"year: {year} is not a valid year")
    if year > today.year:
        raise InvalidInput(
            f"jaar: {year} ligt in de toekomst (vandaag is {today.strftime('%d/%m/%Y')})",
            f"year: {year} is in the future (today is {today.strftime('%d/%m/%Y')})",
        )
    return Period(year, today)


@contextmanager
def snapshot(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
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


def masked(value: Any, threshold: int) -> Any:
    """A count from 1 to threshold-1 becomes '< threshold'; zero reveals nobody and stays."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < threshold:
        return f"< {threshold}"
    return value


def mask_counts(data: Any, threshold: int) -> Any:
    """Hide small counts everywhere in a report; a share next to a hidden count goes too."""
    if isinstance(data, list):
        return [mask_counts(item, threshold) for item in data]
    if not isinstance(data, dict):
        return data
    result = {}
    hidden = False
    for key, value in data.items():
        if key in MASKED_KEYS and isinstance(value, int):
            result[key] = masked(value, threshold)
            hidden = hidden or result[key] != value
        else:
            result[key] = mask_counts(value, threshold)
    if hidden:
        for key in result:
            if key.endswith("_bp"):
                result[key] = None
    return result


def rows(conn: sqlite3.Connection, sql: str, params: Any = ()) -> list[dict]:
    return [dict(r) for r in conn.execute(sql, params)]


def one(conn: sqlite3.Connection, sql: str, params: Any = ()) -> dict:
    row = conn.execute(sql, params).fetchone()
    return {k: (row[k] if row[k] is not None else 0) for k in row.keys()}
