"""`import participants`: a partner's list of people, each row a person (new or matched), a status
for the ground when none is active, and a referral from the partner.

One streaming pass inside one transaction (services/imports.py). Rows are checked by
importers/participant_rows.py and written in chunks by services/participant_writes.py. Of the
rows already taken only the names and line are kept, per birth date in one string: enough to
refuse a duplicate row and to find possible duplicates (a typo apart, or names swapped) for the
coordinator, in a few dozen MB for a million rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from vrijetijd_cli import clock, formats
from vrijetijd_cli.config import Config
from vrijetijd_cli.errors import Conflict, InvalidInput
from vrijetijd_cli.i18n import _
from vrijetijd_cli.importers.participant_rows import (
    BORN,
    DAY,
    FIRST_KEY,
    GROUND,
    KEY,
    LAST_KEY,
    LINE,
    ParticipantRules,
    names,
)
from vrijetijd_cli.importers.reader import open_table
from vrijetijd_cli.importers.rows import PARTICIPANT_FIELDS, PARTICIPANT_REQUIRED, similar_keys
from vrijetijd_cli.services import closing, imports, partners, statuses
from vrijetijd_cli.services.imports import (
    MAX_LISTED,
    PARTICIPANTS,
    ImportRun,
    Notify,
    Progress,
    ReadOptions,
    announce,
    default_rejects_path,
    map_table,
    refuse_same_file,
)
from vrijetijd_cli.services.participant_writes import BulkWriter, next_id

IN_LIMIT = 500  # values per `IN (...)` lookup


def _in(values: Sequence) -> str:
    return ", ".join("?" * len(values))


def _chunks(values: Sequence, size: int = IN_LIMIT):
    for start in range(0, len(values), size):
        yield values[start:start + size]


class _ParticipantRun(ImportRun):
    kind = PARTICIPANTS
    written = ("participants", "statuses", "referrals")

    def __init__(self, conn, config, table, rules: ParticipantRules, partner_id: int, **options):
        super().__init__(conn, config, table, **options)
        self.rules, self.partner_id = rules, partner_id
        self.counts = dict.fromkeys(("rows_read", "new", "matched", "statuses_added", "referrals_added",
                                     "duplicates_in_file", "possible_duplicates", "rejected"), 0)
        self.possible: list[dict] = []
        # birth date -> "\nlast|first\tline\n…" (the match key without the date): every row taken so
        # far, the line negative once the row matched a stored person. A dict of match keys would
        # take several times the memory; str.find looks a row up among those born the same day.
        self.seen: dict[str, str] = {}
        self.stored: dict[str, str] = {}  # birth date -> the people stored before, as _stored_births gives them
        self.until: dict[tuple[str, str], str] = {}
        self.writer: BulkWriter | None = None

    def stream(self) -> None:
        """As ImportRun.stream, with the per-row work inlined: this loop runs a million times."""
        conn = self.conn
        self.next_person = self.first_new = next_id(conn, "participants")
        # matching and possible duplicates only look at people who were there before the import
        self.has_existing = conn.execute(
            "SELECT EXISTS (SELECT 1 FROM participants WHERE anonymized_at IS NULL)").fetchone()[0] == 1
        if not self.dry_run:
            self.writer = BulkWriter(conn, self.partner_id, self.import_id, self.has_existing,
                                     (self.config.legal_basis, self.config.informed))
        check, seen, counts = self.rules.check, self.seen, self.counts
        chunk = imports.CHUNK
        pending: list[tuple] = []
        refused = False
        read = 0
        for line, cells in self.table.rows():
            read += 1
            row, errors = check(line, cells)
            if errors:
                self.reject(cells, errors)
                refused = self.refused
                continue
            if refused:
                continue
            born, person = row[BORN], f"{row[LAST_KEY]}|{row[FIRST_KEY]}"
            text = seen.get(born)
            if text is None:
                seen[born] = f"\n{person}\t{line}\n"
            else:
                at = text.find(f"\n{person}\t")
                if at >= 0:
                    self.duplicate(line, abs(_number(text, at)), names(row))
                    continue
                seen[born] = f"{text}{person}\t{line}\n"
            pending.append(row)
            if len(pending) >= chunk:
                counts["rows_read"] = read
                self.flush_chunk(pending)
                pending = []
        counts["rows_read"] = read
        if pending and not refused:
            self.flush_chunk(pending)

    def flush(self, rows: list[tuple]) -> None:
        if self.has_existing:
            existing = self._existing([r[KEY] for r in rows])
            active = self._active_statuses(set(existing.values()))
        else:
            existing, active = {}, {}
        staged, new_rows = [], []
        until, default_until = self.until, self._until
        next_person = self.next_person
        for row in rows:
            pid = existing.get(row[KEY])
            if pid is None:
                pid = next_person
                next_person += 1
                new_rows.append((row, pid))
                matched = False
            else:
                matched = True
                born, line = row[BORN], row[LINE]
                person = f"{row[LAST_KEY]}|{row[FIRST_KEY]}"
                self.seen[born] = self.seen[born].replace(f"\n{person}\t{line}\n", f"\n{person}\t-{line}\n", 1)
            ground = row[GROUND]
            if ground is None or matched and _is_active(active.get(pid, ()), ground, row[DAY]):
                valid_until = None  # no status to add
            else:
                valid_until = until.get((ground, row[DAY])) or default_until(ground, row[DAY])
            staged.append((pid, not matched, valid_until) + row)
        self.next_person = next_person
        self._possible_duplicates(new_rows)
        counts = self.counts
        counts["new"] += len(new_rows)
        counts["matched"] += len(rows) - len(new_rows)
        counts["statuses_added"] += sum(1 for s in staged if s[2] is not None)
        counts["referrals_added"] += len(rows)
        if self.writer is not None:
            self.writer.write(staged, self.counts["rows_read"], self.table.progress())

    def complete(self) -> None:
        if self.writer is not None:
            self.writer.complete()

    def _until(self, ground: str, day: str) -> str:
        """The default end of a status of `ground` from `day` (cached: few distinct pairs)."""
        found = statuses.default_until(self.config, ground, date.fromisoformat(day)).isoformat()
        self.until[(ground, day)] = found
        return found

    def _existing(self, keys: list[str]) -> dict[str, int]:
        """Match key -> the existing participant (the oldest, as participants.find_duplicate).
        From the index alone: forgotten people have no match key (services/privacy.py)."""
        found: dict[str, int] = {}
        for part in _chunks(keys):
            found.update(self.conn.execute(
                f"SELECT match_key, MIN(id) FROM participants WHERE match_key IN ({_in(part)})"
                " AND id < ? GROUP BY match_key", [*part, self.first_new]))
        return found

    def _active_statuses(self, ids: Iterable[int]) -> dict[int, list[tuple]]:
        found: dict[int, list[tuple]] = {}
        for part in _chunks(sorted(ids)):
            for row in self.conn.execute(
                "SELECT participant_id, ground_code, valid_from, valid_until, suspended_on FROM statuses"
                f" WHERE participant_id IN ({_in(part)})", part,
            ):
                found.setdefault(row[0], []).append(tuple(row)[1:])
        return found

    def _stored_births(self, births: Iterable[str]) -> dict[str, str]:
        """The people stored before the import, per birth date as "\nlast|first\tid\n…" (as `seen`,
        with their ids; '' for none), fetched once per birth date: the text of all of them is about
        25 bytes per stored person, a date recurs in many chunks."""
        stored = self.stored
        wanted = sorted(born for born in births if born not in stored)
        for part in _chunks(wanted):
            texts: dict[str, list[str]] = {born: [] for born in part}
            # from the index alone: forgotten people have no match key (services/privacy.py)
            for pid, key, born in self.conn.execute(
                "SELECT id, match_key, birth_date FROM participants"
                f" WHERE birth_date IN ({_in(part)}) AND match_key IS NOT NULL AND id < ? ORDER BY id",
                [*part, self.first_new],
            ):
                texts[born].append(f"{key.rpartition('|')[0]}\t{pid}")
            for born, entries in texts.items():
                stored[born] = "\n" + "\n".join(entries) + "\n" if entries else ""
        return stored

    def _possible_duplicates(self, new_rows: list[tuple[tuple, int]]) -> None:
        """Same birth date and names one typo apart or swapped: listed for review, never merged.
        Compared with the people stored before the import and with the new people on earlier lines."""
        stored = self._stored_births({row[BORN] for row, _pid in new_rows}) if self.has_existing else {}
        for row, pid in new_rows:
            born = row[BORN]
            text = stored.get(born)
            if text:
                for other_id, why, _person in _candidates(text, row):
                    person = self.conn.execute(
                        "SELECT first_name, last_name FROM participants WHERE id = ?", [other_id]).fetchone()
                    self._note(row, pid, why, f"{person[0]} {person[1]}", other_id=other_id)
            # the rows before this one: their entries come before its own
            text = self.seen[born]
            end = text.find(f"\n{row[LAST_KEY]}|{row[FIRST_KEY]}\t{row[LINE]}\n") + 1
            for line, why, person in _candidates(text, row, end) if end > 1 else ():
                other_last, other_first = person.split("|")
                self._note(row, pid, why, f"{other_first} {other_last}", other_line=line)

    def _note(self, row: tuple, pid: int, why: str, other_name: str, other_id: int | None = None,
              other_line: int | None = None) -> None:
        self.counts["possible_duplicates"] += 1
        if len(self.possible) < MAX_LISTED:
            self.possible.append({
                "line": row[LINE], "participant_id": None if self.dry_run else pid, **names(row),
                "reason": why, "other_participant_id": other_id, "other_line": other_line, "other_name": other_name,
            })


def _number(text: str, at: int) -> int:
    """The number of the entry of `seen` (or of stored people) that starts at `at`."""
    tab = text.index("\t", at + 1)
    return int(text[tab + 1:text.index("\n", tab)])


def _candidates(text: str, row: tuple, end: int | None = None) -> list[tuple[int, str, str]]:
    """(number, why, 'last|first') of the entries of `text` (one birth date, "\nlast|first\tnumber\n…")
    up to `end` that may be the person of `row`: the names swapped, or one typo apart
    (importers.rows.similar_keys). An entry with a negative number (a row that matched a stored
    person) does not count.

    Both match keys have two '|' and one edit cannot add, remove or replace one: a typo is in the
    last name or in the first name, and the other name is the same. So only entries with the same
    last name, the same first name or the names swapped are compared, found by str.find.
    """
    end = len(text) if end is None else end
    first, last = row[FIRST_KEY], row[LAST_KEY]
    patterns = ((f"\n{last}|", False), (f"|{first}\t", True), (f"\n{first}|{last}\t", False))
    found: dict[int, None] = {}  # where the entries start
    for pattern, in_first in patterns:
        at = text.find(pattern, 0, end)
        while at >= 0:
            found[text.rfind("\n", 0, at) if in_first else at] = None
            at = text.find(pattern, at + 1, end)
    if not found:
        return []  # the usual case
    key, born = row[KEY], row[BORN]
    result = []
    for at in found:
        number = _number(text, at)
        person = text[at + 1:text.index("\t", at + 1)]
        why = similar_keys(key, f"{first}|{last}|{born}", f"{person}|{born}") if number > 0 else None
        if why:
            result.append((number, why, person))
    return sorted(result)


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
        raise Conflict(_("partner {name!r} is inactief").format(name=referrer["name"]))
    today = clock.today()
    on = on or today
    if on > today:
        raise InvalidInput(_("{field}: {date} ligt in de toekomst").format(field="--date", date=formats.day(on)))
    # referrals dated `on`, statuses from `on` on: no closed year between then and now may change
    closing.refuse_closed(conn, closing.years_between(on, today), _("lijst inlezen"))
    code = resolve_ground(config, ground, "--ground") if ground else None
    if rejects is not None and not skip_invalid:
        raise InvalidInput(_("--rejects: alleen samen met --skip-invalid"))
    rejects = rejects or default_rejects_path(path)
    if skip_invalid and rejects.resolve() == path.resolve():
        raise InvalidInput(_("--rejects: {path!r} is het invoerbestand zelf").format(path=str(rejects)))
    with open_table(path, read.delimiter, read.encoding, read.sheet) as table:
        refuse_same_file(conn, table, PARTICIPANTS, again)
        header_map = map_table(table, config.import_aliases, PARTICIPANT_FIELDS, PARTICIPANT_REQUIRED, read)
        announce(table, header_map.unknown, notify)
        rules = ParticipantRules(config, header_map, today, on, code, table.dialect.kind == "xlsx")
        run = _ParticipantRun(conn, config, table, rules, referrer["id"], dry_run=dry_run, again=again,
                              skip_invalid=skip_invalid, rejects=rejects)
        run.progress = progress
        run.execute(referrer["id"])
    summary = run.summary(partner_id=referrer["id"], partner=referrer["name"], unknown_columns=list(header_map.unknown))
    summary["possible"] = run.possible
    summary["would_reject_to"] = str(rejects) if dry_run and skip_invalid and run.counts["rejected"] else None
    return summary
