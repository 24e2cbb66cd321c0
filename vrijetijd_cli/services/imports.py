"""Batch import of partner lists: participants (person, status, referral) and partners.

One streaming pass over the file inside one transaction: rows are checked, looked up and
written in chunks (executemany, audit.record_many), so memory stays bounded and an
interruption leaves the database as it was. Of the rows already seen only the match keys
(-> first line) are kept, and per birth date the keys of new people.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from vrijetijd_cli import clock
from vrijetijd_cli.config import Config
from vrijetijd_cli.errors import Conflict, ImportRejected, InvalidInput
from vrijetijd_cli.importers.headers import map_headers
from vrijetijd_cli.importers.reader import Table, TableWriter, open_table
from vrijetijd_cli.importers.rows import (
    PARTICIPANT_FIELDS,
    PARTICIPANT_REQUIRED,
    PARTNER_FIELDS,
    PARTNER_REQUIRED,
    ParticipantRow,
    ParticipantRules,
    PartnerRules,
    RowError,
    row_text,
    similar_keys,
)
from vrijetijd_cli.services import audit, partners, statuses
from vrijetijd_cli.store import atomic

PARTICIPANTS, PARTNERS = "participants", "partners"
# the first column of a rejects file; ignored when the corrected file comes back
REASON_HEADERS = ("Foutmelding", "Error message")
FIELD_NAMES = {"first_name": "voornaam", "last_name": "familienaam", "birth_date": "geboortedatum", "name": "naam"}
# how partner lists name their columns, when the config's import_aliases do not say
PARTNER_ALIASES = {"name": ("Naam", "Naam partner", "Partner", "Organisatie"), "kind": ("Soort", "Type"),
                   "contact": ("Contact", "Contactpersoon")}
CHUNK = 2000
CACHE_KIB = 32768
IN_LIMIT = 500  # values per `IN (...)` lookup
MAX_LISTED = 1000  # problems, duplicates and possible duplicates kept for the report
PARTICIPANT_AUDIT = ("first_name", "last_name", "birth_date")
STATUS_AUDIT = ("participant_id", "ground_code", "valid_from", "valid_until", "checked_by_partner_id")
REFERRAL_AUDIT = ("participant_id", "partner_id", "date", "ground_code", "domain", "note", "import_id")

Progress = Callable[[int, int], None]
Notify = Callable[[str], None]


@dataclass(frozen=True)
class ReadOptions:
    """How to read the file, where detection is not enough."""

    delimiter: str | None = None
    encoding: str | None = None
    sheet: str | None = None
    mapping: tuple[str, ...] = ()


def _say(config: Config, nl: str, en: str) -> str:
    return en if config.language == "en" else nl


def default_rejects_path(path: Path) -> Path:
    """`lijst.csv` -> `lijst.rejects.csv`, next to the input."""
    return path.with_name(f"{path.stem}.rejects{path.suffix}")


def _refuse_same_file(conn: sqlite3.Connection, table: Table, kind: str, again: bool) -> None:
    previous = conn.execute(
        "SELECT id, file_name, imported_at FROM imports WHERE sha256 = ? AND kind = ? ORDER BY id DESC LIMIT 1",
        [table.sha256, kind],
    ).fetchone()
    if previous and not again:
        when = date.fromisoformat(previous["imported_at"][:10]).strftime("%d/%m/%Y")
        raise Conflict(
            f"{table.path.name!r} werd al ingelezen op {when} (import {previous['id']},"
            f" {previous['file_name']!r}); gebruik --again om het toch opnieuw in te lezen",
            f"{table.path.name!r} was already imported on {when} (import {previous['id']},"
            f" {previous['file_name']!r}); use --again to import it again anyway",
        )


def _map(table: Table, aliases, fields: Sequence[str], required: Sequence[str], read: ReadOptions):
    """The header map; a missing column names the file too."""
    try:
        return map_headers(table.headers, aliases, fields, required, read.mapping, REASON_HEADERS, FIELD_NAMES)
    except InvalidInput as error:
        raise InvalidInput(f"{table.path}: {error.message}", f"{table.path}: {error.message_en}") from None


def _announce(config: Config, table: Table, unknown: Sequence[str], notify: Notify | None) -> None:
    if notify is None:
        return
    columns = len(table.headers)
    notify(_say(config, f"{table.path.name}: {table.dialect.describe()}, {columns} kolommen",
                f"{table.path.name}: {table.dialect.describe('en')}, {columns} columns"))
    if unknown:
        shown = ", ".join(repr(h) for h in unknown)
        notify(_say(config, f"Onbekende kolommen, genegeerd: {shown}", f"Unknown columns, ignored: {shown}"))


def _rejected(config: Config, name: str, run: _Run) -> ImportRejected:
    count, rows = run.problem_count, run.counts["rejected"]
    details = [p.text(config.language) for p in run.problems]
    if count > len(run.problems):
        more = count - len(run.problems)
        details.append(_say(config, f"… en nog {more} problemen", f"… and {more} more problems"))
    hint = " of lees de goede rijen in met --skip-invalid" if run.kind == PARTICIPANTS else ""
    hint_en = " or import the good rows with --skip-invalid" if run.kind == PARTICIPANTS else ""
    return ImportRejected(
        f"{name}: {count} {'probleem' if count == 1 else 'problemen'} in {rows}"
        f" {'rij' if rows == 1 else 'rijen'}; er is niets ingelezen. Verbeter het bestand{hint}",
        f"{name}: {count} problem{'s' if count != 1 else ''} in {rows} row{'s' if rows != 1 else ''};"
        f" nothing was imported. Correct the file{hint_en}",
        details=details,
    )


def _no_rows(table: Table) -> InvalidInput:
    name = str(table.path)
    return InvalidInput(
        f"{name!r} heeft alleen een kopregel (regel {table.header_line}) en geen rijen met gegevens",
        f"{name!r} has only a header (line {table.header_line}) and no rows with data",
    )


def _in(values: Sequence) -> str:
    return ", ".join("?" * len(values))


def _chunks(values: Sequence, size: int = IN_LIMIT):
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _next_id(conn: sqlite3.Connection, table: str) -> int:
    """The id AUTOINCREMENT would give next; safe because the transaction holds the write lock."""
    seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", [table]).fetchone()
    top = conn.execute(f"SELECT MAX(id) FROM {table}").fetchone()[0]
    return max(seq[0] if seq else 0, top or 0) + 1


class _Run:
    """What every import keeps while the file streams by: counts, problems, the rejects file."""

    kind = ""

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
            self.rejects.write([row_text(errors, self.config.language), *cells])

    def seen(self, key: str, line: int, names: Callable[[], dict]) -> bool:
        """Remember the first line of `key`; a later row with the same key is a duplicate."""
        earlier = self.first_line.setdefault(key, line)
        if earlier == line:
            return False
        self.counts["duplicates_in_file"] += 1
        if len(self.duplicates) < MAX_LISTED:
            self.duplicates.append({"line": line, "first_line": earlier, **names()})
        return True

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
        audit.record(self.conn, "import", self.import_id, "add",
                     ["kind", "file_name", "sha256", "partner_id", "counts"])

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
                        _refuse_same_file(self.conn, self.table, self.kind, self.again)
                        self.start(partner_id)
                        self.stream()
                        self._outcome()
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
        self.prepare()
        pending: list = []
        check, counts = self.rules.check, self.counts
        for line, cells in self.table.rows():
            counts["rows_read"] += 1
            row, errors = check(line, cells)
            if errors:
                self.reject(cells, errors)
            elif not self.refused and not self.seen(row.key, line, row.names):
                pending.append(row)
                if len(pending) >= CHUNK:
                    self._flush(pending)
                    pending = []
        if pending and not self.refused:
            self._flush(pending)

    def _flush(self, rows: list) -> None:
        self.flush(rows)
        if self.progress:
            self.progress(*self.table.progress())

    def prepare(self) -> None:
        """Before the first row."""

    def flush(self, rows: list) -> None:
        raise NotImplementedError

    def _outcome(self) -> None:
        if self.refused:
            raise _rejected(self.config, str(self.table.path), self)
        if self.counts["rows_read"] == 0:
            raise _no_rows(self.table)

    def summary(self, **extra) -> dict:
        lang = self.config.language
        return {
            "import_id": self.import_id, "kind": self.kind, "file_name": self.table.path.name,
            "sha256": self.table.sha256, "dry_run": self.dry_run, "dialect": self.table.dialect.describe(lang),
            **extra, **self.counts,
            "rejects_file": str(self.rejects.path) if self.rejects is not None else None,
            "problem_count": self.problem_count, "problems": [p.as_dict(lang) for p in self.problems],
            "duplicates": self.duplicates,
        }


class _ParticipantRun(_Run):
    kind = PARTICIPANTS

    def __init__(self, conn, config, table, rules: ParticipantRules, partner_id: int, **options):
        super().__init__(conn, config, table, **options)
        self.rules, self.partner_id = rules, partner_id
        self.counts = dict.fromkeys(("rows_read", "new", "matched", "statuses_added", "referrals_added",
                                     "duplicates_in_file", "possible_duplicates", "rejected"), 0)
        self.possible: list[dict] = []
        self.by_birth: dict[str, list[str]] = {}  # birth date -> keys of new people in the file
        self.until: dict[tuple[str, date], str] = {}

    def prepare(self) -> None:
        self.next_person = self.first_new = _next_id(self.conn, "participants")
        self.next_status = _next_id(self.conn, "statuses")
        self.next_referral = _next_id(self.conn, "referrals")

    def flush(self, rows: list[ParticipantRow]) -> None:
        existing = self._existing([r.key for r in rows])
        active = self._active_statuses(list(existing.values()))
        people, new_statuses, referrals, new_rows = [], [], [], []
        now = clock.now()
        for row in rows:
            pid = existing.get(row.key)
            if pid is None:
                pid = self.next_person
                self.next_person += 1
                new_rows.append((row, pid))
                people.append((pid, row.first_name, row.last_name, row.birth_date, int(row.birth_date[:4]),
                               row.postcode, row.household_size, row.phone, row.email, row.first_key,
                               row.last_key, row.key, now))
            if row.ground and not _is_active(active.get(pid, ()), row.ground, row.day):
                new_statuses.append((self.next_status, pid, row.ground, row.day,
                                     self._until(row.ground, row.date), self.partner_id, now))
                self.next_status += 1
            referrals.append((self.next_referral, pid, self.partner_id, row.day, row.ground,
                              row.domain, row.note, self.import_id, now, now))
            self.next_referral += 1
        self._possible_duplicates(new_rows)
        self.counts["new"] += len(people)
        self.counts["matched"] += len(rows) - len(people)
        self.counts["statuses_added"] += len(new_statuses)
        self.counts["referrals_added"] += len(referrals)
        if not self.dry_run:
            self._write(people, new_statuses, referrals)

    def _write(self, people: list, new_statuses: list, referrals: list) -> None:
        conn = self.conn
        conn.executemany(
            "INSERT INTO participants (id, first_name, last_name, birth_date, birth_year, postcode,"
            " household_size, phone, email, first_key, last_key, match_key, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", people)
        conn.executemany(
            "INSERT INTO statuses (id, participant_id, ground_code, valid_from, valid_until,"
            " checked_by_partner_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", new_statuses)
        conn.executemany(
            "INSERT INTO referrals (id, participant_id, partner_id, date, ground_code, domain, state, note,"
            " import_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)", referrals)
        audit.record_many(conn, "participant", (p[0] for p in people), "add", PARTICIPANT_AUDIT)
        audit.record_many(conn, "status", (s[0] for s in new_statuses), "add", STATUS_AUDIT)
        audit.record_many(conn, "referral", (r[0] for r in referrals), "add", REFERRAL_AUDIT)

    def _until(self, ground: str, on: date) -> str:
        found = self.until.get((ground, on))
        if found is None:
            found = self.until[(ground, on)] = statuses.default_until(self.config, ground, on).isoformat()
        return found

    def _existing(self, keys: list[str]) -> dict[str, int]:
        """Match key -> the existing participant (the oldest, as participants.find_duplicate)."""
        found: dict[str, int] = {}
        for part in _chunks(keys):
            found.update(self.conn.execute(
                f"SELECT match_key, MIN(id) FROM participants WHERE match_key IN ({_in(part)})"
                " AND anonymized_at IS NULL AND id < ? GROUP BY match_key", [*part, self.first_new]))
        return found

    def _active_statuses(self, ids: list[int]) -> dict[int, list[tuple]]:
        found: dict[int, list[tuple]] = {}
        for part in _chunks(ids):
            for row in self.conn.execute(
                "SELECT participant_id, ground_code, valid_from, valid_until, suspended_on FROM statuses"
                f" WHERE participant_id IN ({_in(part)})", part,
            ):
                found.setdefault(row[0], []).append(tuple(row)[1:])
        return found

    def _possible_duplicates(self, new_rows: list[tuple[ParticipantRow, int]]) -> None:
        """Same birth date and names one typo apart or swapped: listed for review, never merged."""
        births = sorted({row.birth_date for row, _ in new_rows})
        stored: dict[str, list] = {}
        for part in _chunks(births):
            for other in self.conn.execute(
                "SELECT id, match_key, first_name, last_name, birth_date FROM participants"
                f" WHERE birth_date IN ({_in(part)}) AND anonymized_at IS NULL AND id < ?", [*part, self.first_new],
            ):
                stored.setdefault(other["birth_date"], []).append(other)
        for row, pid in new_rows:
            key = row.key
            swapped = f"{row.first_key}|{row.last_key}|{row.birth_date}"
            for other in stored.get(row.birth_date, ()):
                why = similar_keys(key, swapped, other["match_key"] or "")
                if why:
                    self._note(row, pid, why, f"{other['first_name']} {other['last_name']}", other_id=other["id"])
            earlier = self.by_birth.setdefault(row.birth_date, [])
            size = len(key)
            for other_key in earlier:
                if not -1 <= len(other_key) - size <= 1:
                    continue  # the usual case, ruled out without a call
                why = similar_keys(key, swapped, other_key)
                if why:
                    last, first, _ = other_key.split("|")
                    self._note(row, pid, why, f"{first} {last}", other_line=self.first_line[other_key])
            earlier.append(key)

    def _note(self, row: ParticipantRow, pid: int, why: str, other_name: str, other_id: int | None = None,
              other_line: int | None = None) -> None:
        self.counts["possible_duplicates"] += 1
        if len(self.possible) < MAX_LISTED:
            self.possible.append({
                "line": row.line, "participant_id": None if self.dry_run else pid,
                "first_name": row.first_name, "last_name": row.last_name, "birth_date": row.birth_date,
                "reason": why, "other_participant_id": other_id, "other_line": other_line, "other_name": other_name,
            })


def _is_active(rows: Sequence[tuple], ground: str, on: str) -> bool:
    """As statuses.has_active: the ground valid on `on` and not suspended by then."""
    return any(g == ground and start <= on <= until and (suspended is None or suspended > on)
               for g, start, until, suspended in rows)


def import_participants(
    conn: sqlite3.Connection,
    config: Config,
    path: Path,
    partner: str,
    ground: str | None = None,
    on: date | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    rejects: Path | None = None,
    again: bool = False,
    read: ReadOptions = ReadOptions(),
    progress: Progress | None = None,
    notify: Notify | None = None,
) -> dict:
    """Import a partner's list of people: each row a person (new or matched), a status for the
    ground when none is active, and a referral. Invalid rows reject the whole file unless
    `skip_invalid`, which writes the good rows and puts the others in `rejects`."""
    from vrijetijd_cli.services.grounds import resolve_ground

    referrer = partners.resolve(conn, partner)
    if not referrer["active"]:
        raise Conflict(f"partner {referrer['name']!r} is inactief", f"partner {referrer['name']!r} is inactive")
    today = clock.today()
    on = on or today
    if on > today:
        raise InvalidInput(f"--date: {on.strftime('%d/%m/%Y')} ligt in de toekomst",
                           f"--date: {on.isoformat()} is in the future")
    code = resolve_ground(config, ground, "--ground") if ground else None
    if rejects is not None and not skip_invalid:
        raise InvalidInput("--rejects: alleen samen met --skip-invalid", "--rejects: only together with --skip-invalid")
    rejects = rejects or default_rejects_path(path)
    if skip_invalid and rejects.resolve() == path.resolve():
        raise InvalidInput(f"--rejects: {str(rejects)!r} is het invoerbestand zelf",
                           f"--rejects: {str(rejects)!r} is the input file itself")
    with open_table(path, read.delimiter, read.encoding, read.sheet) as table:
        _refuse_same_file(conn, table, PARTICIPANTS, again)
        header_map = _map(table, config.import_aliases, PARTICIPANT_FIELDS, PARTICIPANT_REQUIRED, read)
        _announce(config, table, header_map.unknown, notify)
        rules = ParticipantRules(config, header_map, today, on, code, table.dialect.kind == "xlsx")
        run = _ParticipantRun(conn, config, table, rules, referrer["id"], dry_run=dry_run, again=again,
                              skip_invalid=skip_invalid, rejects=rejects)
        run.progress = progress
        run.execute(referrer["id"])
    summary = run.summary(partner_id=referrer["id"], partner=referrer["name"], unknown_columns=list(header_map.unknown))
    summary["possible"] = run.possible
    summary["would_reject_to"] = str(rejects) if dry_run and skip_invalid and run.counts["rejected"] else None
    return summary


class _PartnerRun(_Run):
    kind = PARTNERS

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
        _refuse_same_file(conn, table, PARTNERS, again)
        header_map = _map(table, aliases, PARTNER_FIELDS, PARTNER_REQUIRED, read)
        _announce(config, table, header_map.unknown, notify)
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
