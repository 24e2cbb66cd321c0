"""`import participants`: a partner's list of people, each row a person (new or matched), a status
for the ground when none is active, and a referral from the partner (docs/architecture.md, "The
import pipeline").

The participants' part of the one pipeline (services/imports.py): the fields and rules
(importers/participant_rules.py, the same rules as `participant add`), the duplicates and
look-alikes in the file and against the people stored (importers/lookalike.py), and the bulk
write (services/participant_writes.py).
"""

from __future__ import annotations

import sqlite3
from array import array
from bisect import bisect_left
from datetime import date
from itertools import compress
from operator import attrgetter, itemgetter, ne
from pathlib import Path

from vrijetijd_cli import clock, formats
from vrijetijd_cli.config import Config
from vrijetijd_cli.errors import Conflict, InvalidInput
from vrijetijd_cli.i18n import _
from vrijetijd_cli.importers import lookalike, participant_rules
from vrijetijd_cli.importers.columns import Checked, Rule
from vrijetijd_cli.importers.fields import PARTICIPANTS
from vrijetijd_cli.importers.rows import RowError
from vrijetijd_cli.services import closing, partners, statuses
from vrijetijd_cli.services.imports import (
    ACCEPTED,
    DUPLICATE,
    PLANNED_OUT,
    REJECTED,
    Kind,
    Notify,
    Progress,
    ReadOptions,
    Run,
    RunOptions,
    run_import,
)
from vrijetijd_cli.services.participant_writes import BulkWriter, count_statuses

IN_LIMIT = 500  # values per `IN (...)` look-up
WHY = {lookalike.TYPO: "typo", lookalike.SWAPPED: "swapped", lookalike.SAME: "same"}


class ParticipantKind(Kind):
    fields = PARTICIPANTS
    written = ("participants", "referrals", "statuses")
    staged = (("first_name", "TEXT"), ("last_name", "TEXT"), ("first_key", "TEXT"), ("last_key", "TEXT"),
              ("birth_date", "TEXT"), ("birth_year", "INTEGER"), ("postcode", "TEXT"), ("household_size", "INTEGER"),
              ("phone", "TEXT"), ("email", "TEXT"), ("ground_code", "TEXT"), ("domain", "TEXT"), ("note", "TEXT"),
              ("day", "TEXT"), ("valid_until", "TEXT"))
    planned = (("participant_id", "INTEGER"), ("new_rank", "INTEGER"))
    checks_references = True

    def __init__(self, config: Config, partner_id: int, ground: str | None, on: date, today: date,
                 accept_lookalikes: bool):
        self.config, self.partner_id, self.ground, self.on, self.today = config, partner_id, ground, on, today
        self.accept = accept_lookalikes
        self.until: dict[tuple[str | None, str], str | None] = {}
        # what the duplicates pass needs of each staged row, in staging order (seq - 1)
        self.lines = array("q")
        # the rows so far by match key (-> first line): a row that repeats one is left out as it is
        # read; for a list larger than lookalike.ONE_PART the pass after reading does it
        self.exact: dict[tuple, int] | None = {}
        self.born: list[str] = []
        self.last: list[str] = []
        self.first: list[str] = []

    # ---- reading ---------------------------------------------------------------------------------

    def rules(self, run: Run) -> list[Rule]:
        from vrijetijd_cli.services.grounds import alias_table, resolve_domain

        config = self.config
        columns = run.header_map.columns
        return participant_rules.column_rules(
            self.today, self.on, alias_table(config), ", ".join(config.grounds), self.ground,
            "ground" in columns and self.ground is None,
            lambda value, field: resolve_domain(config, str(value).strip(), field),
            config.name_order, columns)

    def defaults(self) -> dict[str, object]:
        """What a list without the column means: one household member, no phone, the --date, the
        --ground (and its status's end)."""
        day = self.on.isoformat()
        return {"household_size": 1, "phone": "", "email": "", "note": "", "day": day, "ground_code": self.ground,
                "valid_until": self._end(self.ground, day) if self.ground else None}

    def stage(self, run: Run, checked: Checked) -> dict[str, list]:
        values = checked.values
        self._combine(run, checked)
        n = len(checked.lines)
        if "full_name" in values:
            split = values["full_name"]
            first, last = list(map(attrgetter("first"), split)), list(map(attrgetter("last"), split))
            first_key, last_key = list(map(attrgetter("first_key"), split)), list(map(attrgetter("last_key"), split))
            run.counts["names_by_order"] += sum(map(attrgetter("by_order"), split))
        else:
            first, first_key = _pairs(values["first_name"])
            last, last_key = _pairs(values["last_name"])
        iso, year = values["birth"]
        born = iso if None not in iso else [d if d else str(y) for d, y in zip(iso, year, strict=True)]
        if self.exact is not None and len(self.lines) + n > lookalike.ONE_PART:
            self.exact = None
        if self.exact is not None:
            keep = self._repeats(run, checked.lines, born, last_key, first_key, first, last)
            if keep is not None:
                first, last, first_key, last_key, iso, year, born = (
                    list(compress(column, keep)) for column in (first, last, first_key, last_key, iso, year, born))
                checked.lines[:] = list(compress(checked.lines, keep))
                for code in values:
                    values[code] = list(compress(values[code], keep))
                n = len(checked.lines)
        self.lines.extend(checked.lines)
        self.born.extend(born)
        self.last.extend(last_key)
        self.first.extend(first_key)
        staged = {"first_name": first, "last_name": last, "first_key": first_key, "last_key": last_key,
                  "birth_date": iso, "birth_year": year}
        # a column the list does not have takes its default (`defaults`): fewer values to hand over
        for code, name in (("postcode", "postcode"), ("household_size", "household_size"), ("phone", "phone"),
                           ("email", "email"), ("ground", "ground_code"), ("domain", "domain"), ("note", "note"),
                           ("date", "day")):
            if code in values:
                staged[name] = values[code]
        if "ground_code" in staged or "day" in staged:
            staged["valid_until"] = self._until(staged.get("ground_code", [self.ground] * n),
                                                staged.get("day", [self.on.isoformat()] * n))
        return staged

    def _repeats(self, run: Run, lines: list[int], born: list[str], last_key: list[str], first_key: list[str],
                 first: list[str], last: list[str]) -> list[bool] | None:
        """Rows with the match key of an earlier row: counted, listed, not staged (None: there are none)."""
        firsts = list(map(self.exact.setdefault, zip(born, last_key, first_key, strict=True), lines))
        repeats = [i for i in compress(range(len(lines)), map(ne, firsts, lines)) if len(born[i]) > 4]
        if not repeats:
            return None
        run.counts["duplicates_in_file"] += len(repeats)
        for i in repeats:
            run.listed(run.duplicates, {"line": lines[i], "first_line": firsts[i], "first_name": first[i],
                                        "last_name": last[i], "birth_date": born[i]})
        keep = [True] * len(lines)
        for i in repeats:
            keep[i] = False
        return keep

    def _combine(self, run: Run, checked: Checked) -> None:
        """Fields that two columns may fill: birth date or year, postcode or address."""
        values, n = checked.values, len(checked.lines)
        bad: dict[int, RowError] = {}
        if "birth_date" in values and "birth_year" in values:
            born = []
            for i, (day, year) in enumerate(zip(values["birth_date"], values["birth_year"], strict=True)):
                if day is not None and year is not None and day[1] != year:
                    bad[i] = RowError(checked.lines[i], run.header_map.header("birth_year"), str(year),
                                      _("{year} is een ander jaar dan de geboortedatum").format(year=year))
                born.append(day if day is not None else (None, year) if year is not None else None)
                if born[-1] is None:
                    bad[i] = RowError(checked.lines[i], run.header_map.header("birth_date"), "", _("ontbreekt"))
            values["birth"] = born
        elif "birth_date" in values:
            values["birth"] = values["birth_date"]
        else:
            values["birth"] = [(None, year) for year in values["birth_year"]]
        postcode, address = values.get("postcode"), values.get("address")
        if postcode is not None and address is not None:
            values["postcode"] = [p if p is not None else a for p, a in zip(postcode, address, strict=True)]
        elif address is not None:
            values["postcode"] = address
        if bad:
            run.reject((checked.lines[i], [error]) for i, error in sorted(bad.items()))
            keep = [i not in bad for i in range(n)]
            checked.lines[:] = [line for line, kept in zip(checked.lines, keep, strict=True) if kept]
            for code, column in values.items():
                values[code] = [v for v, kept in zip(column, keep, strict=True) if kept]
        values["birth"] = _pairs(values["birth"])

    def _until(self, ground: list, day: list) -> list:
        """The default end of a status of `ground` from `day` (few distinct pairs)."""
        if len(set(day)) == 1:  # one referral date for the whole list (no date column)
            start = day[0] if day else ""
            ends = {code: self._end(code, start) for code in set(ground)}
            return list(map(ends.__getitem__, ground))
        keys = list(zip(ground, day, strict=True))
        for key in set(keys).difference(self.until):
            self.until[key] = self._end(*key)
        return list(map(self.until.__getitem__, keys))

    def _end(self, code: str | None, start: str) -> str | None:
        key = (code, start)
        if key not in self.until:
            self.until[key] = (statuses.default_until(self.config, code, date.fromisoformat(start)).isoformat()
                               if code else None)
        return self.until[key]

    def shown(self, code: str, value: object) -> str:
        if code in ("first_name", "last_name"):
            return value[0]
        if code == "full_name":
            return _("{first} / {last}").format(first=value.first, last=value.last)
        if code == "birth_date":
            return formats.day(value[0]) if value[0] else str(value[1])
        if code == "ground" and value:
            return self.config.ground_label(value)
        return super().shown(code, value)

    # ---- what the file says about itself -----------------------------------------------------------

    def after_reading(self, run: Run) -> None:
        self.conn = run.conn
        found = lookalike.in_file(self.lines, self.born, self.last, self.first, self.exact)
        self.born = self.last = self.first = []  # no longer needed: free them
        self.exact = None
        if found.duplicates:
            run.counts["duplicates_in_file"] = len(found.duplicates)
            run.mark(DUPLICATE, map(self._seq, found.duplicates))
            people = self._people(list(found.duplicates)[:1000] + [found.duplicates[k] for k in
                                                                   list(found.duplicates)[:1000]])
            for line, first_line in sorted(found.duplicates.items()):
                person = people.get(line) or people.get(first_line) or {}
                run.listed(run.duplicates, {"line": line, "first_line": first_line, **_names(person)})
        if found.lookalikes:
            wanted = list(found.lookalikes)[:1000]
            people = self._people(wanted + [found.lookalikes[k][0] for k in wanted])
            rejected = []
            for line, (other, why) in sorted(found.lookalikes.items()):
                person, earlier = people.get(line, {}), people.get(other, {})
                other_name = _full_name(earlier)
                self._lookalike(run, line, person, why, other_name, other_line=other)
                if not self.accept:
                    rejected.append((line, [_lookalike_error(line, _("regel {line}").format(line=other), other_name,
                                                             why)]))
            if rejected:
                run.mark(REJECTED, (self._seq(line) for line, _errors in rejected))
                run.reject(rejected)
                run.lookalikes_rejected += len(rejected)

    def _seq(self, line: int) -> int:
        return bisect_left(self.lines, line) + 1

    def _people(self, lines: list[int]) -> dict[int, dict]:
        """The staged rows of these lines (found by their order, the table's key)."""
        found: dict[int, dict] = {}
        wanted = sorted(set(map(self._seq, lines)))
        for start in range(0, len(wanted), IN_LIMIT):
            part = wanted[start:start + IN_LIMIT]
            for row in self.conn.execute(
                    "SELECT line, first_name, last_name, birth_date, birth_year FROM temp.import_rows"
                    f" WHERE seq IN ({', '.join('?' * len(part))})", part):
                found[row[0]] = dict(row)
        return found

    def _lookalike(self, run: Run, line: int, person: dict, why: str, other_name: str,
                   other_line: int | None = None, other_id: int | None = None) -> None:
        run.counts["possible_duplicates"] += 1
        run.listed(run.possible, {
            "line": line, "participant_id": None, **_names(person), "reason": WHY[why],
            "other_participant_id": other_id, "other_line": other_line, "other_name": other_name,
            "rejected": not self.accept,
        })

    # ---- against the database ----------------------------------------------------------------------

    def plan(self, run: Run) -> None:
        again = run.begin_plan()
        conn = self.conn = run.conn
        if again:
            conn.execute("UPDATE temp.import_rows SET participant_id = NULL, new_rank = NULL")
        stored = conn.execute(
            "SELECT EXISTS (SELECT 1 FROM participants WHERE match_key IS NOT NULL)").fetchone()[0] == 1
        if stored:
            # the same name and birth date: the oldest such person (forgotten people have no key)
            conn.execute(
                "UPDATE temp.import_rows SET participant_id = (SELECT MIN(p.id) FROM participants p"
                " WHERE p.match_key = import_rows.last_key || '|' || import_rows.first_key || '|'"
                " || import_rows.birth_date)"
                " WHERE state = ? AND birth_date IS NOT NULL", [ACCEPTED])
            self._stored_lookalikes(run)
        counts = run.counts
        counts["matched"], counts["new"] = conn.execute(
            "SELECT COUNT(participant_id), COUNT(*) - COUNT(participant_id) FROM temp.import_rows WHERE state = ?",
            [ACCEPTED]).fetchone()
        counts["referrals_added"] = counts["matched"] + counts["new"]
        counts["statuses_added"] = count_statuses(conn)
        self._ranks(conn)
        first_day = conn.execute("SELECT MIN(day) FROM temp.import_rows WHERE state = ?", [ACCEPTED]).fetchone()[0]
        if first_day:
            # referrals on their dates, statuses from then on: no closed year between then and now may change
            closing.refuse_closed(conn, closing.years_between(first_day, self.today), _("lijst inlezen"))

    def _ranks(self, conn: sqlite3.Connection) -> None:
        """The order of the new people among themselves: their ids follow it without a gap."""
        others = [seq for (seq,) in conn.execute(
            "SELECT seq FROM temp.import_rows WHERE state != ? OR participant_id IS NOT NULL ORDER BY seq",
            [ACCEPTED])]
        bounds = [0, *others, conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM temp.import_rows").fetchone()[0]]
        for shift in range(1, len(bounds) - 1):
            low, high = bounds[shift], bounds[shift + 1]
            if high > low + 1:
                conn.execute("UPDATE temp.import_rows SET new_rank = seq - ? WHERE seq > ? AND seq < ?",
                             [shift, low, high])

    def _stored_lookalikes(self, run: Run) -> None:
        """New people who look like someone stored (never someone added by this import), a year at a time."""
        conn = run.conn
        years = [y for (y,) in conn.execute(
            "SELECT DISTINCT birth_year FROM temp.import_rows WHERE state = ? AND participant_id IS NULL ORDER BY 1",
            [ACCEPTED])]
        rejected = []
        for year in years:
            new = conn.execute(
                "SELECT line, COALESCE(birth_date, birth_year), last_key, first_key, first_name, last_name,"
                " birth_date, birth_year FROM temp.import_rows WHERE state = ? AND participant_id IS NULL"
                " AND birth_year = ? ORDER BY line", [ACCEPTED, year]).fetchall()
            people = conn.execute(
                "SELECT id, COALESCE(birth_date, birth_year), last_key, first_key, first_name, last_name, birth_date"
                " FROM participants WHERE match_key IS NOT NULL AND ((birth_date >= ? AND birth_date < ?)"
                " OR (birth_date IS NULL AND birth_year = ?))",
                [f"{year}-01-01", f"{year + 1}-01-01", year]).fetchall()
            if not people:
                continue
            hits = lookalike.against_people([r[0] for r in new], [str(r[1]) for r in new], [r[2] for r in new],
                                            [r[3] for r in new], [p[0] for p in people], [str(p[1]) for p in people],
                                            [p[2] for p in people], [p[3] for p in people])
            if not hits:
                continue
            by_id = {p[0]: p for p in people}
            by_line = {r[0]: r for r in new}
            for line, (pid, why) in sorted(hits.items()):
                row, other = by_line[line], by_id[pid]
                other_name = f"{other[4]} {other[5]}"
                self._lookalike(run, line, {"first_name": row[4], "last_name": row[5], "birth_date": row[6],
                                            "birth_year": row[7]}, why, other_name, other_id=pid)
                if not self.accept:
                    rejected.append((line, [_lookalike_error(line, _("deelnemer {id}").format(id=pid), other_name,
                                                             why)]))
        if rejected:
            conn.executemany("UPDATE temp.import_rows SET state = ? WHERE line = ?",
                             [(PLANNED_OUT, line) for line, _errors in rejected])
            run.reject(rejected, planned=True)
            run.lookalikes_rejected += len(rejected)

    # ---- writing -----------------------------------------------------------------------------------

    def check_references(self, run: Run) -> None:
        """What the rows point to is there: the partner, the import, every ground, every matched
        person (the new people are written by the same transaction)."""
        conn = run.conn
        missing_grounds = [code for (code,) in conn.execute(
            "SELECT DISTINCT ground_code FROM temp.import_rows WHERE state = ? AND ground_code IS NOT NULL"
            " AND ground_code NOT IN (SELECT code FROM grounds)", [ACCEPTED])]
        if missing_grounds:
            raise Conflict(_("statuut {codes} staat in de config maar niet in de databank; voer eerst 'vrijetijd"
                             " init' uit").format(codes=", ".join(missing_grounds)))
        lost = conn.execute(
            "SELECT COUNT(*) FROM temp.import_rows WHERE state = ? AND participant_id IS NOT NULL"
            " AND participant_id NOT IN (SELECT id FROM participants)", [ACCEPTED]).fetchone()[0]
        partner = conn.execute("SELECT 1 FROM partners WHERE id = ?", [self.partner_id]).fetchone()
        if lost or partner is None or run.import_id is None:
            raise Conflict(_("de databank veranderde tijdens het inlezen; lees de lijst opnieuw in"))

    def write(self, run: Run) -> None:
        writer = BulkWriter(run.conn, self.partner_id, run.import_id)
        writer.write(run.counts["new"])
        if run.possible and self.accept:
            ids = dict(run.conn.execute(
                "SELECT line, ? + COALESCE(new_rank, seq) - 1 FROM temp.import_rows WHERE state = ?"
                " AND participant_id IS NULL", [writer.base, ACCEPTED]))
            for row in run.possible:
                row["participant_id"] = ids.get(row["line"])


def _pairs(values: list) -> tuple[list, list]:
    """[(a, b), …] -> ([a, …], [b, …])."""
    if not values:
        return [], []
    return list(map(itemgetter(0), values)), list(map(itemgetter(1), values))


def _names(person: dict) -> dict:
    born = person.get("birth_date") or (str(person["birth_year"]) if person.get("birth_year") else None)
    return {"first_name": person.get("first_name"), "last_name": person.get("last_name"), "birth_date": born}


def _full_name(person: dict) -> str:
    return f"{person.get('first_name', '')} {person.get('last_name', '')}".strip()


def _lookalike_error(line: int, other: str, name: str, why: str) -> RowError:
    reasons = {lookalike.TYPO: _("naam één of twee letters verschillend"),
               lookalike.SWAPPED: _("voor- en familienaam omgewisseld"),
               lookalike.SAME: _("zelfde naam, alleen het geboortejaar bekend")}
    return RowError(line, "", name, _("lijkt op {other} ({name}): {why}").format(other=other, name=name,
                                                                                 why=reasons[why]))


def import_participants(
    conn: sqlite3.Connection,
    config: Config,
    path: Path,
    partner: str,
    ground: str | None = None,
    on: date | None = None,
    options: RunOptions = RunOptions(),
    read: ReadOptions = ReadOptions(),
    accept_lookalikes: bool = False,
    progress: Progress | None = None,
    notify: Notify | None = None,
) -> dict:
    """Import a partner's list of people: each row a person (new or matched), a status for the
    ground when none is active, and a referral. Invalid rows and look-alikes reject the whole file
    unless `skip_invalid`, which writes the good rows and puts the others in the rejects file."""
    from vrijetijd_cli.services.grounds import resolve_ground

    referrer = partners.resolve(conn, partner)
    if not referrer["active"]:
        raise Conflict(_("partner {name!r} is inactief").format(name=referrer["name"]))
    today = clock.today()
    on = on or today
    if on > today:
        raise InvalidInput(_("{field}: {date} ligt in de toekomst").format(field="--date", date=formats.day(on)))
    closing.refuse_closed(conn, closing.years_between(on, today), _("lijst inlezen"))
    code = resolve_ground(config, ground, "--ground") if ground else None
    kind = ParticipantKind(config, referrer["id"], code, on, today, accept_lookalikes)
    result = run_import(conn, config, path, kind, read, options, progress, notify)
    result["partner"] = referrer["name"]
    return result
