"""`activity import FILE.csv|.xlsx`: an offer list, through the one reader of every import.

Same reader, header aliases and all-or-nothing rules as the participant import: every problem
of every row is listed (line, column, value, reason) and nothing is written, unless
--skip-invalid writes the good rows and saves the others, with the reason, to a rejects file.
Rows become activities through the same upsert as the UiTdatabank import.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from vrijetijd_cli.config import Config
from vrijetijd_cli.errors import ImportRejected, InvalidInput
from vrijetijd_cli.i18n import _, ngettext
from vrijetijd_cli.importers.headers import HeaderMap, map_headers
from vrijetijd_cli.importers.reader import open_table
from vrijetijd_cli.importers.rows import RowError, row_error, width_error
from vrijetijd_cli.importers.writer import TableWriter
from vrijetijd_cli.parse import clean_text, parse_date
from vrijetijd_cli.services.activity_fields import (
    check_capacity,
    check_domain,
    check_kansentarief,
    check_order,
    check_postcode,
    check_price,
    check_title,
    default_kansentarief,
    partner_by_name,
)
from vrijetijd_cli.services.activity_import import (
    DryRun,
    Upserter,
    previous_import,
    record_import,
    summary,
)
from vrijetijd_cli.services.imports import REASON_HEADERS, ReadOptions, default_rejects_path
from vrijetijd_cli.store import atomic

FIELDS = (
    "title", "domain", "organiser", "place", "postcode", "locality", "date", "start_date",
    "end_date", "price", "kansentarief", "capacity", "description", "external_id",
)
FIELD_NAMES = {
    "title": "titel", "domain": "domein", "price": "prijs", "start_date": "begindatum",
    "end_date": "einddatum", "organiser": "organisator", "place": "plaats",
}
# spellings for fields the config's import_aliases do not name
EXTRA_ALIASES = {
    "locality": ("Gemeente", "Stad", "Deelgemeente", "Locality"),
    "description": ("Beschrijving", "Omschrijving", "Info", "Description"),
}
MAX_LISTED = 1000


def import_table(
    conn: sqlite3.Connection,
    config: Config,
    path: Path,
    domain: str | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    rejects: Path | None = None,
    read: ReadOptions = ReadOptions(),
    notify=None,
) -> dict:
    """Import an offer list; `domain` is used for rows (or a file) without one."""
    default_domain = check_domain(config, domain) if domain else None
    aliases = {f: (*config.import_aliases.get(f, ()), *EXTRA_ALIASES.get(f, ())) for f in FIELDS}
    required = ("title", "price") if default_domain else ("title", "domain", "price")
    with open_table(path, read.delimiter, read.encoding, read.sheet) as table:
        header_map = map_headers(table.headers, aliases, FIELDS, required, read.mapping,
                                 REASON_HEADERS, FIELD_NAMES)
        if notify is not None:
            _announce(table, header_map, notify)
        previous = previous_import(conn, table.sha256)
        run = _Run(conn, config, header_map, default_domain, skip_invalid)
        writer: TableWriter | None = None
        import_id = None
        try:
            with atomic(conn):
                for line, cells in table.rows():
                    errors = run.row(line, cells)
                    if errors:
                        run.count_problems(errors)
                        if skip_invalid and not dry_run:
                            if writer is None:
                                writer = TableWriter(rejects or default_rejects_path(path),
                                                     table.dialect,
                                                     [REASON_HEADERS[0], *table.headers])
                            reason = " | ".join(e.text() for e in errors)
                            writer.write([reason, *cells])
                run.upserter.flush()
                if run.problem_count and not skip_invalid:
                    raise _rejected(path.name, run)
                if run.upserter.counts["rows_read"] == 0:
                    raise InvalidInput(
                        _("{name!r} heeft alleen een kopregel (regel {line}) en geen rijen met gegevens").format(
                            name=path.name, line=table.header_line)
                    )
                if dry_run:
                    raise DryRun
                import_id = record_import(conn, path.name, table.sha256, run.upserter.counts,
                                          run.rejected)
            if writer is not None:
                writer.commit()
        except DryRun:
            pass
        except BaseException:
            if writer is not None:
                writer.discard()
            raise
        return summary(
            path.name, run.upserter.counts, dry_run, import_id, previous, rejected=run.rejected,
            rejects_file=str(writer.path) if writer else None,
            problem_count=run.problem_count,
            problems=[p.as_dict() for p in run.problems],
            dialect=table.dialect.describe(),
        )


def _announce(table, header_map: HeaderMap, notify) -> None:
    columns = len(table.headers)
    notify(ngettext("{name}: {dialect}, {count} kolom", "{name}: {dialect}, {count} kolommen", columns).format(
        name=table.path.name, dialect=table.dialect.describe(), count=columns))
    if header_map.unknown:
        shown = ", ".join(repr(h) for h in header_map.unknown)
        notify(_("Onbekende kolommen, genegeerd: {columns}").format(columns=shown))


def _rejected(name: str, run: _Run) -> ImportRejected:
    count, rows = run.problem_count, run.rejected
    details = [p.text() for p in run.problems]
    if count > len(run.problems):
        more = count - len(run.problems)
        details.append(ngettext("… en nog {count} probleem", "… en nog {count} problemen", more).format(count=more))
    problems = ngettext("{count} probleem", "{count} problemen", count).format(count=count)
    in_rows = ngettext("{count} rij", "{count} rijen", rows).format(count=rows)
    return ImportRejected(
        _("{name}: {problems} in {rows}; er is niets ingelezen. Verbeter het bestand of lees de goede rijen in"
          " met --skip-invalid").format(name=name, problems=problems, rows=in_rows),
        details=details,
    )


class _Run:
    """Checks one row at a time and hands the good ones to the upsert."""

    def __init__(self, conn: sqlite3.Connection, config: Config, header_map: HeaderMap,
                 default_domain: str | None, skip_invalid: bool):
        self.conn, self.config, self.map = conn, config, header_map
        self.default_domain, self.skip_invalid = default_domain, skip_invalid
        self.upserter = Upserter(conn, by_place="place" in header_map)
        self.problems: list[RowError] = []
        self.problem_count = 0
        self.rejected = 0
        self.partners: dict[str, int | None] = {}
        present = set(header_map.columns)
        # on update, only what the file has is set; a new activity gets defaults for the rest
        self.fields = ("title", "domain", "price_cents", "kansentarief_cents", "source")
        for columns, stored in (
            (("organiser",), ("organiser_name", "organiser_partner_id")),
            (("place",), ("place",)), (("postcode",), ("postcode",)),
            (("locality",), ("locality",)), (("description",), ("description",)),
            (("capacity",), ("capacity",)),
            (("date", "start_date", "end_date"), ("calendar_type", "start_date", "end_date")),
        ):
            if present & set(columns):
                self.fields += stored

    def count_problems(self, errors: list[RowError]) -> None:
        self.rejected += 1
        self.problem_count += len(errors)
        self.problems.extend(errors[: max(0, MAX_LISTED - len(self.problems))])

    def row(self, line: int, cells: list) -> list[RowError]:
        """Check and (unless the import is already refused) write one row; its problems."""
        self.upserter.counts["rows_read"] += 1
        wrong = width_error(line, cells, len(self.map.headers))
        if wrong:
            return [wrong]
        errors: list[RowError] = []
        row = self._check(line, cells, errors)
        if errors or (self.problem_count and not self.skip_invalid):
            return errors  # a refused import only goes on checking
        status, first = self.upserter.upsert(row, self.fields, line)
        if status == "clash":
            key = "external_id" if row.get("external_id") else "title"
            column = self.map.header(key) if key in self.map else ""
            value = row.get("external_id") or row["title"]
            return [RowError(line, column, value,
                             _("staat ook op regel {line}, met andere gegevens").format(line=first))]
        return []

    def _check(self, line: int, cells: list, errors: list[RowError]) -> dict:
        def value(field: str) -> object:
            return cells[self.map.columns[field]] if field in self.map else ""

        def check(field: str, function, *args):
            if field not in self.map:
                return None
            raw = value(field)
            try:
                return function(raw, *args, self.map.header(field))
            except InvalidInput as error:
                errors.append(row_error(line, self.map.header(field), raw, error))
                return None

        def text(field: str, limit: int, one_line: bool = True) -> str:
            def clean(raw: object, name: str) -> str:
                cleaned = clean_text(raw, name, limit)
                return " ".join(cleaned.split()) if one_line else cleaned

            return check(field, clean) or ""

        def blank(field: str) -> bool:
            return str(value(field)).strip() == ""

        row: dict = {"source": "import"}
        row["title"] = check("title", check_title)
        if "domain" in self.map and not blank("domain"):
            row["domain"] = check("domain", lambda raw, name: check_domain(self.config, raw))
        elif self.default_domain:
            row["domain"] = self.default_domain
        else:
            errors.append(RowError(line, self.map.header("domain"), "", _("ontbreekt")))
        if blank("price"):
            errors.append(RowError(line, self.map.header("price"), "", _("ontbreekt")))
        else:
            row["price_cents"] = check("price", check_price)
        if "kansentarief" in self.map and not blank("kansentarief"):
            if row.get("price_cents") is not None:
                row["kansentarief_cents"] = check("kansentarief", check_kansentarief,
                                                  row["price_cents"])
        elif row.get("price_cents") is not None:
            row["kansentarief_cents"] = default_kansentarief(row["price_cents"],
                                                             self.config.participant_share_bp)
        organiser = text("organiser", 200)
        row["organiser_name"] = organiser
        row["organiser_partner_id"] = self._partner(organiser)
        row["place"] = text("place", 200)
        row["locality"] = text("locality", 100)
        row["description"] = text("description", 4000, one_line=False)
        row["postcode"] = check("postcode", check_postcode)
        row["capacity"] = check("capacity", check_capacity)
        row["external_id"] = text("external_id", 300) or None
        self._dates(line, value, errors, row)
        return row

    def _dates(self, line: int, value, errors: list[RowError], row: dict) -> None:
        """Start ('start_date', else 'date') and end: none is permanent, one day is single."""
        filled = [f for f in ("start_date", "date", "end_date")
                  if f in self.map and str(value(f)).strip()]
        start_field = next((f for f in filled if f != "end_date"), None)
        dates, failed = {}, False
        for field in (start_field, "end_date"):
            if field in filled:
                try:
                    dates[field] = parse_date(value(field), self.map.header(field))
                except InvalidInput as error:
                    errors.append(row_error(line, self.map.header(field), value(field), error))
                    failed = True
        start, end = dates.get(start_field), dates.get("end_date")
        if end is not None and start_field is None:
            errors.append(RowError(line, self.map.header("end_date"), str(value("end_date")),
                                   _("einddatum zonder begindatum")))
        if start is None or failed:
            row.update(calendar_type="permanent", start_date=None, end_date=None)
            return
        try:
            check_order(start, end)
        except InvalidInput as error:
            errors.append(row_error(line, self.map.header("end_date"), value("end_date"), error))
        end = end or start
        row.update(calendar_type="single" if end == start else "periodic",
                   start_date=start.isoformat(), end_date=end.isoformat())

    def _partner(self, name: str) -> int | None:
        if name not in self.partners:
            self.partners[name] = partner_by_name(self.conn, name)
        return self.partners[name]
