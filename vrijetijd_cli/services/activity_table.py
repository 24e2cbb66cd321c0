"""`activity import FILE.csv|.xlsx`: an offer list, the activities' part of the one import pipeline
(services/imports.py; docs/architecture.md, "The import pipeline").

The fields and rules of an activity (services/activity_fields.py, the same as `activity add`), and
the plan and write every activity import shares (services/activity_import.py `ActivityPlan`, also
used by UiTdatabank's JSON). Importing the same list again updates what changed and reports the
rest unchanged.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from itertools import compress
from pathlib import Path

from vrijetijd_cli.config import Config
from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.formats import money
from vrijetijd_cli.i18n import _
from vrijetijd_cli.importers.columns import REQUIRED, Checked, Rule
from vrijetijd_cli.importers.fields import ACTIVITIES
from vrijetijd_cli.importers.rows import RowError, clean_cell, reason, shown
from vrijetijd_cli.parse import parse_date
from vrijetijd_cli.services.activity_fields import (
    check_capacity,
    check_domain,
    check_not_above,
    check_order,
    check_postcode,
    check_price,
    check_title,
    default_kansentarief,
    partner_by_name,
)
from vrijetijd_cli.services.activity_import import ActivityPlan, previous_import
from vrijetijd_cli.services.import_run import (
    ACCEPTED,
    DUPLICATE,
    PLANNED_OUT,
    Kind,
    Notify,
    ReadOptions,
    Run,
    RunOptions,
)
from vrijetijd_cli.services.imports import run_import

# the stored fields a list sets, per column it has: on update only these change
SETS = (
    (("organiser",), ("organiser_name", "organiser_partner_id")),
    (("place",), ("place",)), (("postcode",), ("postcode",)), (("locality",), ("locality",)),
    (("description",), ("description",)), (("capacity",), ("capacity",)),
    (("date", "start_date", "end_date"), ("calendar_type", "start_date", "end_date")),
)


def _text(limit: int, one_line: bool = True):
    def parse(value: object, field: str) -> str:
        text, error = clean_cell(value, field, limit)
        if error is not None:
            raise error
        return " ".join(text.split()) if one_line else text
    return parse


class ActivityKind(Kind):
    fields = ACTIVITIES
    written = ("activities",)
    staged = (("title", "TEXT"), ("domain", "TEXT"), ("organiser_name", "TEXT"), ("organiser_partner_id", "INTEGER"),
              ("place", "TEXT"), ("postcode", "TEXT"), ("locality", "TEXT"), ("description", "TEXT"),
              ("calendar_type", "TEXT"), ("start_date", "TEXT"), ("end_date", "TEXT"), ("price_cents", "INTEGER"),
              ("kansentarief_cents", "INTEGER"), ("capacity", "INTEGER"), ("external_id", "TEXT"))

    def __init__(self, config: Config, domain: str | None):
        self.config, self.domain = config, domain
        if domain:  # the whole list's domain: a domain column is no longer needed
            self.fields = replace(ACTIVITIES, required=(("title",), ("price",)))
        self.partners: dict[str, int | None] = {}
        self.plan_made: ActivityPlan | None = None
        self.set_fields: tuple[str, ...] = ("title", "domain", "price_cents", "kansentarief_cents", "source")

    def rules(self, run: Run) -> list[Rule]:
        config = self.config
        present = set(run.header_map.columns)
        for columns, stored in SETS:
            if present & set(columns):
                self.set_fields += stored

        def domain(value: object, field: str) -> str:
            return check_domain(config, value)

        def a_date(value: object, field: str) -> date:
            return parse_date(value, field)

        return [
            Rule("title", lambda value, field: check_title(value, field), REQUIRED,
                 missing=_("een activiteit heeft een titel nodig")),
            Rule("domain", domain, self.domain if self.domain else REQUIRED),
            Rule("price", lambda value, field: check_price(value, field), REQUIRED),
            Rule("kansentarief", lambda value, field: check_price(value, field)),
            Rule("organiser", _text(200), ""),
            Rule("place", _text(200), ""),
            Rule("locality", _text(100), ""),
            Rule("description", _text(4000, one_line=False), ""),
            Rule("postcode", lambda value, field: check_postcode(value, field)),
            Rule("capacity", lambda value, field: check_capacity(value, field)),
            Rule("external_id", _text(300)),
            Rule("start_date", a_date),
            Rule("date", a_date),
            Rule("end_date", a_date),
        ]

    def stage(self, run: Run, checked: Checked) -> list:
        values, n = checked.values, len(checked.lines)
        header = run.header_map.header
        none, blank = [None] * n, [""] * n
        column = {code: values.get(code, default) for code, default in (
            ("domain", [self.domain] * n), ("kansentarief", none), ("start_date", none), ("date", none),
            ("end_date", none), ("organiser", blank), ("place", blank), ("postcode", none), ("locality", blank),
            ("description", blank), ("capacity", none), ("external_id", none))}
        rows: list[tuple] = []
        keep: list[bool] = []
        bad = []
        for i, line in enumerate(checked.lines):
            errors = []
            price, reduced = values["price"][i], column["kansentarief"][i]
            if reduced is None:
                reduced = default_kansentarief(price, self.config.participant_share_bp)
            else:
                try:
                    check_not_above(reduced, price, header("kansentarief"))
                except InvalidInput as error:
                    name = header("kansentarief")
                    errors.append(RowError(line, name, money(reduced), reason(name, error)))
            start, end = column["start_date"][i] or column["date"][i], column["end_date"][i]
            calendar = ("permanent", None, None)
            if end is not None and start is None:
                errors.append(RowError(line, header("end_date"), shown(end), _("einddatum zonder begindatum")))
            elif start is not None:
                try:
                    check_order(start, end)
                    end = end or start
                    calendar = ("single" if end == start else "periodic", start.isoformat(), end.isoformat())
                except InvalidInput as error:
                    name = header("end_date")
                    errors.append(RowError(line, name, shown(end), reason(name, error)))
            keep.append(not errors)
            if errors:
                bad.append((line, errors))
                continue
            organiser = column["organiser"][i]
            rows.append((values["title"][i], column["domain"][i], organiser, self._partner(run.conn, organiser),
                         column["place"][i], column["postcode"][i], column["locality"][i], column["description"][i],
                         *calendar, price, reduced, column["capacity"][i], column["external_id"][i] or None))
        if bad:
            run.reject(bad)
            checked.lines[:] = list(compress(checked.lines, keep))
            for code in values:
                values[code] = list(compress(values[code], keep))
        names = [name for name, _type in self.staged]
        if not rows:
            return {name: [] for name in names}
        return dict(zip(names, (list(values) for values in zip(*rows, strict=True)), strict=True))

    def _partner(self, conn: sqlite3.Connection, name: str) -> int | None:
        if name not in self.partners:
            self.partners[name] = partner_by_name(conn, name)
        return self.partners[name]

    def plan(self, run: Run) -> None:
        run.begin_plan()
        conn = run.conn
        conn.execute("UPDATE temp.import_rows SET state = ? WHERE state = ?", [ACCEPTED, DUPLICATE])
        plan = self.plan_made = ActivityPlan(conn, by_place="place" in run.header_map)
        names = [name for name, _type in self.staged]
        marks: dict[int, list[int]] = {DUPLICATE: [], PLANNED_OUT: []}
        clashes = []
        for seq, line, *stored in conn.execute(
                f"SELECT seq, line, {', '.join(names)} FROM temp.import_rows WHERE state = ? ORDER BY seq",
                [ACCEPTED]).fetchall():
            row = {**dict(zip(names, stored, strict=True)), "source": "import"}
            status, first = plan.add(row, self.set_fields, line)
            if status == "duplicate":
                marks[DUPLICATE].append(seq)
            elif status == "clash":
                marks[PLANNED_OUT].append(seq)
                key = "external_id" if row.get("external_id") else "title"
                column = run.header_map.header(key) if key in run.header_map else ""
                clashes.append((line, [RowError(line, column, row.get("external_id") or row["title"],
                                                _("staat ook op regel {line}, met andere gegevens").format(
                                                    line=first))]))
        for state, seqs in marks.items():
            run.mark(state, seqs)
        run.reject(clashes, planned=True)
        counts = run.counts
        for key in ("new", "updated", "unchanged", "duplicates_in_file"):
            counts[key] = plan.counts[key]
        counts["matched"] = plan.counts["updated"] + plan.counts["unchanged"]

    def write(self, run: Run) -> None:
        self.plan_made.write()


def import_table(
    conn: sqlite3.Connection,
    config: Config,
    path: Path,
    domain: str | None = None,
    options: RunOptions = RunOptions(),
    read: ReadOptions = ReadOptions(),
    notify: Notify | None = None,
) -> dict:
    """Import an offer list; `domain` is used for rows (or a file) without one."""
    default_domain = check_domain(config, domain) if domain else None
    # the same list may come again: it updates what changed (`again`)
    result = run_import(conn, config, path, ActivityKind(config, default_domain), read,
                        RunOptions(options.dry_run, options.skip_invalid, options.rejects, True), notify=notify)
    previous = previous_import(conn, result["sha256"], before=result["import_id"])
    result.update(previous_import_id=previous["id"] if previous else None,
                  previous_import_at=previous["imported_at"] if previous else None, warnings=[])
    return result
