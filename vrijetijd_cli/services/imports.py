"""The one import pipeline (docs/architecture.md, "The import pipeline"):

    read the file (importers/reader) → find the header and map the columns (importers/headers)
    → check every row into typed values (importers/columns, the kind's rules), staged in a
      temporary table → plan against the database: new, matched or changed, duplicate, rejected
    → write in one transaction → summary

Each kind of list supplies only its fields, rules, plan and write (`Kind`): participants
(services/participant_import.py), partners (services/partner_import.py) and activities
(services/activity_table.py; UiTdatabank's JSON joins at the plan). The slow part, reading and
checking a large file, happens before the write lock is taken; the plan is made again under the
lock only if someone else wrote meanwhile. Memory stays bounded: the checked rows wait in SQLite's
temporary store, not in Python.
"""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Iterable
from itertools import chain
from pathlib import Path

from vrijetijd_cli import clock
from vrijetijd_cli.config import Config
from vrijetijd_cli.errors import ImportRejected, InvalidInput
from vrijetijd_cli.i18n import _, ngettext
from vrijetijd_cli.importers.columns import Checked, Checker
from vrijetijd_cli.importers.fields import FieldSet
from vrijetijd_cli.importers.headers import HeaderMap, header_key, known_count, map_headers, spelling_table
from vrijetijd_cli.importers.reader import open_table
from vrijetijd_cli.importers.rows import shown
from vrijetijd_cli.importers.table import Table
from vrijetijd_cli.importers.writer import TableWriter
from vrijetijd_cli.services import audit
from vrijetijd_cli.services.import_run import (
    CACHE_KIB,
    PREVIEW_ROWS,
    REASON_HEADERS,
    ROWS_PER_STATEMENT,
    Kind,
    Notify,
    Progress,
    ReadOptions,
    Run,
    RunOptions,
    check_rejects_option,
    refuse_same_file,
)
from vrijetijd_cli.store import atomic


def run_import(conn: sqlite3.Connection, config: Config, path: Path, kind: Kind, read: ReadOptions = ReadOptions(),
               options: RunOptions = RunOptions(), progress: Progress | None = None,
               notify: Notify | None = None) -> dict:
    """Import a table of `kind`: all or nothing, or (skip_invalid) the good rows and a rejects file."""
    options = check_rejects_option(path, options)
    collecting = gc.isenabled()
    gc.disable()  # a large list keeps many small objects alive: collecting them again and again costs time
    try:
        return _run(conn, config, path, kind, read, options, progress, notify)
    finally:
        if collecting:
            gc.enable()


def _run(conn: sqlite3.Connection, config: Config, path: Path, kind: Kind, read: ReadOptions, options: RunOptions,
         progress: Progress | None, notify: Notify | None) -> dict:
    with open_table(path, read.delimiter, read.encoding, read.sheet) as table:
        refuse_same_file(conn, table, kind.fields.kind, options.again)
        chunks = _located(table, kind.fields, config, read)
        first = next(chunks, None)
        header_map = _map(table, kind.fields, config, read, first)
        run = Run(conn, config, kind, table, header_map, options, read, progress=progress)
        _announce(run, notify)
        try:
            _create_stage(conn, kind)
            checker = Checker(table.headers, header_map.columns, kind.rules(run), table.dialect.kind == "xlsx")
            _read_all(run, checker, chain([first] if first else [], chunks))
            refusal = checker.refusal(str(path))
            if refusal is not None:
                raise refusal
            if not run.counts["rows_read"]:
                raise InvalidInput(_("{name!r} heeft alleen een kopregel (regel {line}) en geen rijen met"
                                     " gegevens").format(name=str(path), line=table.header_line))
            kind.after_reading(run)
            version = _data_version(conn)
            kind.plan(run)
            _refuse_if_rejected(run)
            if not options.dry_run:
                _write(run, version)
        finally:
            _drop_stage(conn)
    return summary(run)


def _located(table: Table, fields: FieldSet, config: Config, read: ReadOptions):
    table_of = spelling_table(fields, config.import_aliases)
    forced = [o.rpartition("=")[0] for o in read.mapping]
    forced_keys = [header_key(c) for c in forced if c.strip()]
    table.locate(lambda cells: known_count(cells, table_of, forced_keys), read.header_row)
    return table.chunks()


def _map(table: Table, fields: FieldSet, config: Config, read: ReadOptions, first) -> HeaderMap:
    sample = first.rows[:50] if first else []
    try:
        header_map = map_headers(table.headers, fields, config.import_aliases, read.mapping, REASON_HEADERS, sample)
    except InvalidInput as error:
        raise InvalidInput(f"{table.path}: {error.message}") from None
    if read.strict and header_map.unused:
        raise InvalidInput(_("{name}: --strict: kolommen die niet gebruikt worden: {columns}; wijs ze toe met"
                             " --map of laat ze weg").format(name=str(table.path),
                                                             columns=", ".join(repr(c) for c in header_map.unused)))
    return header_map


def _announce(run: Run, notify: Notify | None) -> None:
    if notify is None:
        return
    table, header_map = run.table, run.header_map
    columns = len(table.headers)
    notify(ngettext("{name}: {dialect}, {count} kolom", "{name}: {dialect}, {count} kolommen", columns).format(
        name=table.path.name, dialect=table.dialect.describe(), count=columns))
    if table.skipped_above:
        notify(ngettext("Kopregel op regel {line} ({count} rij erboven overgeslagen)",
                        "Kopregel op regel {line} ({count} rijen erboven overgeslagen)", table.skipped_above).format(
            line=table.header_line, count=table.skipped_above))
    if header_map.unused:
        notify(_("Niet gebruikt: {columns}").format(columns=", ".join(repr(h) for h in header_map.unused)))
    if header_map.private:
        notify(_("Bewust overgeslagen (rijksregisternummer, wordt nooit gelezen): {columns}").format(
            columns=", ".join(repr(h) for h in header_map.private)))


def _create_stage(conn: sqlite3.Connection, kind: Kind) -> None:
    _drop_stage(conn)
    # the temporary store is a file of this connection alone, deleted as it is opened: zeroing its
    # freed pages protects nothing and costs a second write of every staged row
    conn.execute("PRAGMA temp.secure_delete = OFF")
    defaults = kind.defaults()
    columns = "".join(f", {name} {type_}{_default(defaults.get(name))}" for name, type_ in (*kind.staged,
                                                                                             *kind.planned))
    conn.execute("CREATE TEMP TABLE import_rows (seq INTEGER PRIMARY KEY, line INTEGER NOT NULL,"
                 f" state INTEGER NOT NULL DEFAULT 0{columns})")
    conn.execute("CREATE TEMP TABLE import_rejects (line INTEGER PRIMARY KEY, reason TEXT NOT NULL,"
                 " planned INTEGER NOT NULL DEFAULT 0)")


def _default(value: object) -> str:
    """A column's DEFAULT clause: a number, or a text (quoted as SQL quotes text)."""
    if value is None:
        return ""
    if isinstance(value, int):
        return f" DEFAULT {int(value)}"
    return " DEFAULT '{}'".format(str(value).replace("'", "''"))


def _drop_stage(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        return  # a failed write is rolled back first; the tables go with the connection
    conn.execute("DROP TABLE IF EXISTS temp.import_rows")
    conn.execute("DROP TABLE IF EXISTS temp.import_rejects")


def _read_all(run: Run, checker: Checker, chunks: Iterable) -> None:
    """Check every row; stage the good ones (in SQLite's temporary store, which takes no lock on
    the database) and keep the reasons of the others."""
    conn, kind, table = run.conn, run.kind, run.table
    statements: dict[tuple, str] = {}
    conn.execute("BEGIN")
    try:
        for chunk in chunks:
            run.counts["rows_read"] += len(chunk.rows)
            checked = checker.check(chunk)
            run.counts["total_rows"] += checked.totals
            run.counts["rows_read"] -= checked.totals
            run.reject((line, errors) for line, _cells, errors in checked.rejected)
            columns = kind.stage(run, checked) if checked.lines else {}
            if checked.lines and len(run.preview) < PREVIEW_ROWS:
                _preview(run, chunk, checked)
            if checked.lines:
                start = run.staged_count + 1
                run.staged_count += len(checked.lines)
                rows = zip(range(start, run.staged_count + 1), checked.lines, *columns.values(), strict=True)
                _insert_rows(conn, ("seq", "line", *columns), list(rows), statements)
            if run.progress:
                run.progress(*table.progress(), run.counts["rows_read"])
        run.counts["empty_rows"] = table.blank_rows
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _insert_rows(conn: sqlite3.Connection, names: tuple[str, ...], rows: list, statements: dict[tuple, str]) -> None:
    """Many rows per statement into temp.import_rows: cheaper than executemany."""
    marks = "(" + ", ".join("?" * len(names)) + ")"
    for start in range(0, len(rows), ROWS_PER_STATEMENT):
        part = rows[start:start + ROWS_PER_STATEMENT]
        sql = statements.get((names, len(part)))
        if sql is None:
            sql = statements[(names, len(part))] = (f"INSERT INTO temp.import_rows ({', '.join(names)}) VALUES "
                                                    + ", ".join([marks] * len(part)))
        conn.execute(sql, list(chain.from_iterable(part)))


def _preview(run: Run, chunk, checked: Checked) -> None:
    """How the cells of the first rows were read: field ← column: value."""
    at = dict(zip(chunk.lines, chunk.rows, strict=True))
    header_map, kind = run.header_map, run.kind
    for i, line in enumerate(checked.lines[:PREVIEW_ROWS - len(run.preview)]):
        cells = []
        for code, index in sorted(header_map.columns.items(), key=lambda item: item[1]):
            if code in checked.values:
                cells.append({"field": code, "name": _(kind.fields.field(code).name),
                              "column": header_map.headers[index], "cell": shown(at[line][index]),
                              "value": kind.shown(code, checked.values[code][i])})
        run.preview.append({"line": line, "cells": cells})


def _data_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA data_version").fetchone()[0]


def _refuse_if_rejected(run: Run) -> None:
    if not run.refused:
        return
    name, count, rows = str(run.table.path), run.problem_count, run.counts["rejected"]
    run.problems.sort(key=lambda p: p.line)
    details = [p.text() for p in run.problems]
    if count > len(run.problems):
        more = count - len(run.problems)
        details.append(ngettext("… en nog {count} probleem", "… en nog {count} problemen", more).format(count=more))
    if run.lookalikes_rejected:
        details.append(_("Een rij die op een andere persoon lijkt, wordt niet ingelezen: kijk ze na, of lees ze"
                         " toch in met --accept-lookalikes"))
    raise ImportRejected(
        _("{name}: {problems} in {rows}; er is niets ingelezen. Verbeter het bestand of lees de goede rijen in"
          " met --skip-invalid").format(
            name=name, problems=ngettext("{count} probleem", "{count} problemen", count).format(count=count),
            rows=ngettext("{count} rij", "{count} rijen", rows).format(count=rows)),
        details=details,
    )


def _write(run: Run, version: int) -> None:
    conn, kind = run.conn, run.kind
    rejects = None
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    # a large import touches many index pages: keep them in memory instead of spilling them to
    # the WAL again and again (bounded: CACHE_KIB)
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    checked = kind.checks_references and conn.execute("PRAGMA foreign_keys").fetchone()[0]
    if checked:
        conn.execute("PRAGMA foreign_keys = OFF")  # only outside a transaction; on again below
    try:
        with atomic(conn):
            # again under the write lock: a colleague may have imported it meanwhile
            refuse_same_file(conn, run.table, kind.fields.kind, run.options.again)
            if _data_version(conn) != version:
                kind.plan(run)  # someone wrote since the plan was made: make it again
                _refuse_if_rejected(run)
            if run.options.skip_invalid and run.counts["rejected"]:
                rejects = _write_rejects(run)
            _start(run)
            if checked:
                kind.check_references(run)
            kind.write(run)
            _finish(run)
        if rejects is not None:
            rejects.commit()
    except BaseException:
        if rejects is not None:
            rejects.discard()
        raise
    finally:
        conn.execute(f"PRAGMA cache_size = {int(cache)}")
        if checked:
            conn.execute("PRAGMA foreign_keys = ON")


def _write_rejects(run: Run) -> TableWriter:
    """The rejected rows, read again from the file, with their reason in front; never the columns
    set aside (national register numbers)."""
    table, header_map = run.table, run.header_map
    private = set(header_map.private_columns)
    keep = [i for i in range(len(table.headers)) if i not in private]
    writer = TableWriter(run.options.rejects, table.dialect, [REASON_HEADERS[0], *(table.headers[i] for i in keep)])
    try:
        reasons = run.conn.execute("SELECT line, reason FROM temp.import_rejects ORDER BY line")
        wanted = next(reasons, None)
        dialect = table.dialect
        csv_options = (dialect.delimiter, dialect.encoding) if dialect.kind == "csv" else (None, None)
        with open_table(table.path, *csv_options, dialect.sheet or None) as again:
            if again.sha256 != table.sha256:
                raise InvalidInput(_("{name!r} veranderde terwijl het ingelezen werd; lees het opnieuw in").format(
                    name=str(table.path)))
            again.locate(None, table.header_line)

            for line, cells in again.rows():
                while wanted is not None and wanted[0] < line:
                    wanted = next(reasons, None)
                if wanted is None:
                    break
                if wanted[0] == line:
                    writer.write([wanted[1], *(cells[i] if i < len(cells) else "" for i in keep),
                                  *cells[len(table.headers):]])
    except BaseException:
        writer.discard()
        raise
    return writer


def _start(run: Run) -> None:
    """The import's own row first: what it writes points to it."""
    table = run.table
    cursor = run.conn.execute(
        "INSERT INTO imports (kind, file_name, sha256, partner_id, imported_at, os_user) VALUES (?, ?, ?, ?, ?, ?)",
        [run.kind.fields.kind, table.path.name, table.sha256, run.kind.partner_id, clock.now(), audit.os_user()],
    )
    run.import_id = cursor.lastrowid


def _finish(run: Run) -> None:
    c = run.counts
    run.conn.execute(
        "UPDATE imports SET rows_read = ?, new_count = ?, matched_count = ?, updated_count = ?,"
        " statuses_added = ?, referrals_added = ?, duplicates_in_file = ?, possible_duplicates = ?,"
        " rejected = ? WHERE id = ?",
        [c["rows_read"], c["new"], c["matched"], c["updated"], c["statuses_added"], c["referrals_added"],
         c["duplicates_in_file"], c["possible_duplicates"], c["rejected"], run.import_id],
    )
    # one audit row for the whole import: every row it wrote carries or leads to its id
    audit.record(run.conn, "import", run.import_id, "import", run.kind.written)


def summary(run: Run, **extra) -> dict:
    table, header_map = run.table, run.header_map
    rejects = run.options.rejects if run.options.skip_invalid and run.counts["rejected"] else None
    run.problems.sort(key=lambda p: p.line)
    run.possible.sort(key=lambda row: row["line"])
    return {
        "import_id": run.import_id, "kind": run.kind.fields.kind, "file_name": table.path.name,
        "sha256": table.sha256, "dry_run": run.options.dry_run, "dialect": table.dialect.describe(),
        "sheet": table.dialect.sheet or None, "header_row": table.header_line,
        "partner_id": run.kind.partner_id, **run.counts,
        "unused_columns": list(header_map.unused), "skipped_columns": list(header_map.private),
        "rejects_file": str(rejects) if rejects and not run.options.dry_run else None,
        "would_reject_to": str(rejects) if rejects and run.options.dry_run else None,
        "problem_count": run.problem_count, "problems": [p.as_dict() for p in run.problems],
        "duplicates": run.duplicates, "possible": run.possible,
        "preview": run.preview if run.options.dry_run else [],
        **extra,
    }


def list_imports(conn: sqlite3.Connection) -> list[dict]:
    rows = conn.execute(
        "SELECT i.id, i.kind, i.file_name, i.sha256, i.partner_id, p.name AS partner, i.rows_read, i.new_count,"
        " i.matched_count, i.updated_count, i.statuses_added, i.referrals_added, i.duplicates_in_file,"
        " i.possible_duplicates, i.rejected, i.imported_at, i.os_user, i.undone_at"
        " FROM imports i LEFT JOIN partners p ON p.id = i.partner_id ORDER BY i.id"
    )
    return [dict(r) for r in rows]
