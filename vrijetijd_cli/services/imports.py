"""What every import shares: reading options, the same-file check, the rejects file, the run that
streams a file in chunks inside one transaction; and the two small ones: `import partners` and
`import list`. The participant lists of partners are imported by services/participant_import.py.

One streaming pass over the file inside one transaction: rows are checked and written in chunks,
so memory stays bounded and an interruption leaves the database as it was. Of the rows already
seen only the keys (-> first line) are kept.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from vrijetijd_cli import clock, formats
from vrijetijd_cli.config import Config
from vrijetijd_cli.errors import Conflict, ImportRejected, InvalidInput
from vrijetijd_cli.i18n import _, ngettext
from vrijetijd_cli.importers.headers import map_headers
from vrijetijd_cli.importers.reader import open_table
from vrijetijd_cli.importers.rows import PARTNER_FIELDS, PARTNER_REQUIRED, PartnerRules, RowError, row_text
from vrijetijd_cli.importers.table import Table
from vrijetijd_cli.importers.writer import TableWriter
from vrijetijd_cli.services import audit, partners
from vrijetijd_cli.store import atomic

PARTICIPANTS, PARTNERS = "participants", "partners"
# the first column of a rejects file; ignored when the corrected file comes back
REASON_HEADERS = ("Foutmelding", "Error message")
FIELD_NAMES = {"first_name": "voornaam", "last_name": "familienaam", "birth_date": "geboortedatum", "name": "naam"}
# how partner lists name their columns, when the config's import_aliases do not say
PARTNER_ALIASES = {"name": ("Naam", "Naam partner", "Partner", "Organisatie"), "kind": ("Soort", "Type"),
                   "contact": ("Contact", "Contactpersoon")}
CHUNK = 2000
CACHE_KIB = 65536  # page cache during an import: also what CREATE INDEX sorts in; 1M rows stay near 200 MB
MAX_LISTED = 1000  # problems, duplicates and possible duplicates kept for the report

Progress = Callable[[int, int], None]
Notify = Callable[[str], None]


@dataclass(frozen=True)
class ReadOptions:
    """How to read the file, where detection is not enough."""

    delimiter: str | None = None
    encoding: str | None = None
    sheet: str | None = None
    mapping: tuple[str, ...] = ()


def default_rejects_path(path: Path) -> Path:
    """`lijst.csv` -> `lijst.rejects.csv`, next to the input."""
    return path.with_name(f"{path.stem}.rejects{path.suffix}")


def refuse_same_file(conn: sqlite3.Connection, table: Table, kind: str, again: bool) -> None:
    previous = conn.execute(
        "SELECT id, file_name, imported_at FROM imports WHERE sha256 = ? AND kind = ? ORDER BY id DESC LIMIT 1",
        [table.sha256, kind],
    ).fetchone()
    if previous and not again:
        raise Conflict(
            _("{name!r} werd al ingelezen op {date} (import {id}, {file!r}); gebruik --again om het toch"
              " opnieuw in te lezen").format(name=table.path.name, date=formats.day(previous["imported_at"]),
                                              id=previous["id"], file=previous["file_name"])
        )


def map_table(table: Table, aliases, fields: Sequence[str], required: Sequence[str], read: ReadOptions):
    """The header map; a missing column names the file too."""
    try:
        return map_headers(table.headers, aliases, fields, required, read.mapping, REASON_HEADERS, FIELD_NAMES)
    except InvalidInput as error:
        raise InvalidInput(f"{table.path}: {error.message}") from None


def announce(table: Table, unknown: Sequence[str], notify: Notify | None) -> None:
    if notify is None:
        return
    columns = len(table.headers)
    notify(ngettext("{name}: {dialect}, {count} kolom", "{name}: {dialect}, {count} kolommen", columns).format(
        name=table.path.name, dialect=table.dialect.describe(), count=columns))
    if unknown:
        shown = ", ".join(repr(h) for h in unknown)
        notify(_("Onbekende kolommen, genegeerd: {columns}").format(columns=shown))


def _rejected(name: str, run: ImportRun) -> ImportRejected:
    count, rows = run.problem_count, run.counts["rejected"]
    details = [p.text() for p in run.problems]
    if count > len(run.problems):
        more = count - len(run.problems)
        details.append(ngettext("… en nog {count} probleem", "… en nog {count} problemen", more).format(count=more))
    if run.kind == PARTICIPANTS:
        text = _("{name}: {problems} in {rows}; er is niets ingelezen. Verbeter het bestand"
                 " of lees de goede rijen in met --skip-invalid")
    else:
        text = _("{name}: {problems} in {rows}; er is niets ingelezen. Verbeter het bestand")
    return ImportRejected(
        text.format(name=name, problems=ngettext("{count} probleem", "{count} problemen", count).format(count=count),
                    rows=ngettext("{count} rij", "{count} rijen", rows).format(count=rows)),
        details=details,
    )


def _no_rows(table: Table) -> InvalidInput:
    return InvalidInput(
        _("{name!r} heeft alleen een kopregel (regel {line}) en geen rijen met gegevens").format(
            name=str(table.path), line=table.header_line)
    )


class ImportRun:
    """What every import keeps while the file streams by: counts, problems, the rejects file.

    A subclass sets `kind`, `written` (the tables it writes, named in the audit row), `counts`
    and `rules`, and implements `flush(rows)`.
    """

    kind = ""
    written: tuple[str, ...] = ()

    def __init__(self, conn: sqlite3.Connection, config: Config, table: Table, dry_run: bool, again: bool,
                 skip_invalid: bool = False, rejects: Path | None = None):
        self.conn, self.config, self.table, self.again = conn, config, table, again
        self.dry_run, self.skip_invalid, self.rejects_path = dry_run, skip_invalid, rejects
        self.counts: dict[str, int] = {}
        self.problems: list[RowError] = []
        self.problem_count = 0
        self.duplicates: list[dict] = []
        self.first_line: dict[str, int] = {}
        self.rejects: TableWriter | None = None
        self.import_id: int | None = None
        self.rules = None
        self.progress: Progress | None = None

    @property
    def refused(self) -> bool:
        """An invalid row was seen and the import will be rejected whole: only keep checking."""
        return self.problem_count > 0 and not self.skip_invalid

    def reject(self, cells: list, errors: list[RowError]) -> None:
        self.counts["rejected"] += 1
        self.problem_count += len(errors)
        self.problems.extend(errors[:max(0, MAX_LISTED - len(self.problems))])
        if self.skip_invalid and not self.dry_run:
            if self.rejects is None:
                self.rejects = TableWriter(self.rejects_path, self.table.dialect,
                                           [REASON_HEADERS[0], *self.table.headers])
            self.rejects.write([row_text(errors), *cells])

    def duplicate(self, line: int, earlier: int, names: dict) -> None:
        """A later row with the key of an earlier one: counted, listed, not imported again."""
        self.counts["duplicates_in_file"] += 1
        if len(self.duplicates) < MAX_LISTED:
            self.duplicates.append({"line": line, "first_line": earlier, **names})

    def start(self, partner_id: int | None) -> None:
        """The import's own row first: referrals point to it."""
        cursor = self.conn.execute(
            "INSERT INTO imports (kind, file_name, sha256, partner_id, imported_at, os_user)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [self.kind, self.table.path.name, self.table.sha256, partner_id, clock.now(), audit.os_user()],
        )
        self.import_id = cursor.lastrowid

    def finish(self) -> None:
        c = self.counts
        self.conn.execute(
            "UPDATE imports SET rows_read = ?, new_count = ?, matched_count = ?, updated_count = ?,"
            " statuses_added = ?, referrals_added = ?, duplicates_in_file = ?, possible_duplicates = ?,"
            " rejected = ? WHERE id = ?",
            [c["rows_read"], c["new"], c["matched"], c.get("updated", 0), c.get("statuses_added", 0),
             c.get("referrals_added", 0), c["duplicates_in_file"], c.get("possible_duplicates", 0),
             c["rejected"], self.import_id],
        )
        # one audit row for the whole import: every row it wrote carries or leads to its id
        audit.record(self.conn, "import", self.import_id, "import", self.written)

    def execute(self, partner_id: int | None) -> None:
        """Stream the file: for real inside one transaction, or (dry run) without writing."""
        try:
            if self.dry_run:
                self.stream()
                self._outcome()
            else:
                # a large import touches many index pages: keep them in memory instead of
                # spilling them to the WAL again and again (bounded: CACHE_KIB)
                cache = self.conn.execute("PRAGMA cache_size").fetchone()[0]
                self.conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
                try:
                    with atomic(self.conn):
                        # again under the write lock: a colleague may have imported it meanwhile
                        refuse_same_file(self.conn, self.table, self.kind, self.again)
                        self.start(partner_id)
                        self.stream()
                        self._outcome()
                        self.complete()
                        self.finish()
                finally:
                    self.conn.execute(f"PRAGMA cache_size = {int(cache)}")
            if self.rejects is not None:
                self.rejects.commit()
        except BaseException:
            if self.rejects is not None:
                self.rejects.discard()
            raise

    def stream(self) -> None:
        """Check every row; write the good ones in chunks; only check once the file is refused."""
        pending: list = []
        check, counts, first_line = self.rules.check, self.counts, self.first_line
        for line, cells in self.table.rows():
            counts["rows_read"] += 1
            row, errors = check(line, cells)
            if errors:
                self.reject(cells, errors)
            elif not self.refused:
                earlier = first_line.setdefault(row.key, line)
                if earlier != line:
                    self.duplicate(line, earlier, row.names())
                    continue
                pending.append(row)
                if len(pending) >= CHUNK:
                    self.flush_chunk(pending)
                    pending = []
        if pending and not self.refused:
            self.flush_chunk(pending)

    def flush_chunk(self, rows: list) -> None:
        self.flush(rows)
        if self.progress:
            self.progress(*self.table.progress())

    def flush(self, rows: list) -> None:
        """Write one chunk of valid rows; each kind of import defines it."""
        raise TypeError(f"{type(self).__name__} must define flush()")

    def complete(self) -> None:
        """After the last row, before the import is recorded."""

    def _outcome(self) -> None:
        if self.refused:
            raise _rejected(str(self.table.path), self)
        if self.counts["rows_read"] == 0:
            raise _no_rows(self.table)

    def summary(self, **extra) -> dict:
        return {
            "import_id": self.import_id, "kind": self.kind, "file_name": self.table.path.name,
            "sha256": self.table.sha256, "dry_run": self.dry_run, "dialect": self.table.dialect.describe(),
            **extra, **self.counts,
            "rejects_file": str(self.rejects.path) if self.rejects is not None else None,
            "problem_count": self.problem_count, "problems": [p.as_dict() for p in self.problems],
            "duplicates": self.duplicates,
        }


class _PartnerRun(ImportRun):
    kind = PARTNERS
    written = ("partners",)

    def __init__(self, conn, config, table, rules: PartnerRules, **options):
        super().__init__(conn, config, table, **options)
        self.rules = rules
        self.counts = dict.fromkeys(("rows_read", "new", "matched", "updated", "duplicates_in_file", "rejected"), 0)

    def flush(self, rows: list) -> None:
        from vrijetijd_cli.parse import normalize

        changes = []
        for row in rows:
            stored = self.conn.execute("SELECT kind, contact FROM partners WHERE name_key = ?",
                                       [normalize(row.name)]).fetchone()
            if stored is None:
                self.counts["new"] += 1
                changes.append((row.name, row.kind or "andere", row.contact or ""))
                continue
            self.counts["matched"] += 1
            wanted = (row.kind or stored["kind"], stored["contact"] if row.contact is None else row.contact)
            if wanted != tuple(stored):
                self.counts["updated"] += 1
                changes.append((row.name, *wanted))
        if changes and not self.dry_run:
            partners.upsert_many(self.conn, changes)


def import_partners(
    conn: sqlite3.Connection,
    config: Config,
    path: Path,
    dry_run: bool = False,
    again: bool = False,
    read: ReadOptions = ReadOptions(),
    notify: Notify | None = None,
) -> dict:
    """Partners by name (name, kind, contact): new ones added, known ones updated; all or nothing."""
    aliases = {field: config.import_aliases.get(field) or PARTNER_ALIASES.get(field, ()) for field in PARTNER_FIELDS}
    with open_table(path, read.delimiter, read.encoding, read.sheet) as table:
        refuse_same_file(conn, table, PARTNERS, again)
        header_map = map_table(table, aliases, PARTNER_FIELDS, PARTNER_REQUIRED, read)
        announce(table, header_map.unknown, notify)
        rules = PartnerRules(config.partner_kinds, header_map, table.dialect.kind == "xlsx")
        run = _PartnerRun(conn, config, table, rules, dry_run=dry_run, again=again)
        run.execute(None)
    return run.summary(unknown_columns=list(header_map.unknown))


def list_imports(conn: sqlite3.Connection) -> list[dict]:
    rows = conn.execute(
        "SELECT i.id, i.kind, i.file_name, i.sha256, i.partner_id, p.name AS partner, i.rows_read, i.new_count,"
        " i.matched_count, i.updated_count, i.statuses_added, i.referrals_added, i.duplicates_in_file,"
        " i.possible_duplicates, i.rejected, i.imported_at, i.os_user"
        " FROM imports i LEFT JOIN partners p ON p.id = i.partner_id ORDER BY i.id"
    )
    return [dict(r) for r in rows]
