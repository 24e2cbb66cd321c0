"""Closing a year: its report frozen as handed over, and every write that would change it refused.

`report close YEAR` stores the internal and the public report of the year (reports/yearly.py
`versions`) with who closed it and a checksum; `report reopen YEAR --reason` lifts it (audited).
`refuse_closed` is the one guard every write service calls with the years its write would change
(by date or by budget year): docs/architecture.md, "Closed years".
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date

from vrijetijd_cli import clock
from vrijetijd_cli.config import Config
from vrijetijd_cli.errors import Conflict, InvalidInput
from vrijetijd_cli.formats import day
from vrijetijd_cli.i18n import _
from vrijetijd_cli.parse import clean_text
from vrijetijd_cli.services import audit
from vrijetijd_cli.store import atomic


def refuse_closed(conn: sqlite3.Connection, years: Iterable[int | None], what: str) -> None:
    """Refuse a write (`what`, in the user's words) that would change a figure of a closed year."""
    wanted = sorted({year for year in years if year is not None})
    if not wanted:
        return
    marks = ", ".join("?" * len(wanted))
    row = conn.execute(
        f"SELECT year, closed_at FROM report_snapshots WHERE reopened_at IS NULL AND year IN ({marks})"
        " ORDER BY year LIMIT 1", wanted).fetchone()
    if row is not None:
        raise Conflict(_("{what}: het jaar {year} is afgesloten (rapport overgemaakt op {date}); heropen het"
                         " eerst met 'vrijetijd report reopen {year} --reason …'").format(
            what=what, year=row["year"], date=day(row["closed_at"])))


def is_closed(conn: sqlite3.Connection, year: int) -> bool:
    return conn.execute("SELECT 1 FROM report_snapshots WHERE year = ? AND reopened_at IS NULL",
                        [year]).fetchone() is not None


def years_between(start: date | str, end: date | str) -> range:
    """Every calendar year from the one of `start` to the one of `end`."""
    first = int(str(start)[:4])
    last = int(str(end)[:4])
    return range(first, last + 1)


def close(conn: sqlite3.Connection, config: Config, year: int) -> dict:
    """Freeze the year's report: the internal and the public version, as they are now."""
    from vrijetijd_cli.reports import closed, period, yearly

    today = clock.today()
    if year >= today.year:
        raise InvalidInput(_("jaar {year}: alleen een voorbij jaar kan afgesloten worden (vandaag is {today})")
                           .format(year=year, today=day(today)))
    existing = closed.closure(conn, year)
    if existing is not None:
        raise Conflict(_("jaar {year} is al afgesloten op {date}").format(year=year, date=day(existing["closed_at"])))
    with atomic(conn):
        document = yearly.versions(conn, config, period(year))
        if not document["internal"]["has_data"]:
            raise InvalidInput(_("jaar {year}: er zijn geen gegevens; een leeg jaar wordt niet afgesloten")
                               .format(year=year))
        text = closed.canonical(document)
        cursor = conn.execute(
            "INSERT INTO report_snapshots (year, closed_at, closed_by, document, checksum) VALUES (?, ?, ?, ?, ?)",
            [year, clock.now(), audit.os_user(), text, closed.checksum(text)])
        audit.record(conn, "report_snapshot", cursor.lastrowid, "close", ["year", "document"])
    return {"year": year, "closed_at": clock.now(), "checksum": closed.checksum(text)}


def reopen(conn: sqlite3.Connection, year: int, reason: str | None) -> dict:
    """Lift the closure of a year; the reason is kept with the closure, which stays as history."""
    from vrijetijd_cli.reports import closed

    text = clean_text(reason or "", "--reason", 500)
    if not text:
        raise InvalidInput(_("--reason: zeg waarom {year} heropend wordt (dat wordt bewaard)").format(year=year))
    with atomic(conn):
        row = closed.closure(conn, year)
        if row is None:
            raise Conflict(_("jaar {year} is niet afgesloten").format(year=year))
        conn.execute("UPDATE report_snapshots SET reopened_at = ?, reopened_by = ?, reopen_reason = ? WHERE id = ?",
                     [clock.now(), audit.os_user(), text, row["id"]])
        audit.record(conn, "report_snapshot", row["id"], "reopen", ["reopened_at", "reopen_reason"])
    return {"year": year, "closed_at": row["closed_at"]}


def closures(conn: sqlite3.Connection) -> list[dict]:
    """Every closure, the lifted ones too: the history of what was handed over."""
    return [dict(r) for r in conn.execute(
        "SELECT id, year, closed_at, closed_by, checksum, reopened_at, reopened_by, reopen_reason"
        " FROM report_snapshots ORDER BY year, id")]
