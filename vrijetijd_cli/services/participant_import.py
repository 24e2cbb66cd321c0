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
from vrijetijd_cli.services.import_run import (
    ACCEPTED,
    Kind,
    Notify,
    Progress,
    ReadOptions,
    Run,
    RunOptions,
)
from vrijetijd_cli.services.imports import run_import
from vrijetijd_cli.services.participant_plan import ParticipantPlan
from vrijetijd_cli.services.participant_writes import BulkWriter


class ParticipantKind(ParticipantPlan, Kind):
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
            today=self.today, on=self.on, grounds=alias_table(config), ground_choices=", ".join(config.grounds),
            default_ground=self.ground, ground_required="ground" in columns and self.ground is None,
            domain=lambda value, field: resolve_domain(config, str(value).strip(), field),
            name_order=config.name_order, columns=columns)

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

    def write(self, run: Run) -> None:
        writer = BulkWriter(run.conn, self.partner_id, run.import_id, (self.config.legal_basis, self.config.informed))
        writer.write(run.counts["new"], run.counts["matched"] > 0)
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


def import_participants(
    conn: sqlite3.Connection,
    config: Config,
    path: Path,
    partner: str,
    *,
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
