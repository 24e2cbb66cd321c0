"""What the one import pipeline (services/imports.py) and the kinds of lists share: the options, a
kind's part (`Kind`), the state of one import on its way (`Run`) and the state of a staged row
(docs/architecture.md, "The import pipeline").
"""

from __future__ import annotations

import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from vrijetijd_cli import formats
from vrijetijd_cli.config import Config
from vrijetijd_cli.errors import Conflict, InvalidInput
from vrijetijd_cli.i18n import _
from vrijetijd_cli.importers.columns import Checked, Rule
from vrijetijd_cli.importers.fields import FieldSet
from vrijetijd_cli.importers.headers import HeaderMap
from vrijetijd_cli.importers.rows import RowError, row_text
from vrijetijd_cli.importers.table import Table

PARTICIPANTS, PARTNERS, ACTIVITIES = "participants", "partners", "activities"
# the first column of a rejects file; ignored when the corrected file comes back
REASON_HEADERS = ("Foutmelding", "Error message")
CACHE_KIB = 65536  # page cache during an import: also what CREATE INDEX sorts in
MAX_LISTED = 1000  # problems, duplicates and look-alikes kept for the report
PREVIEW_ROWS = 5  # rows whose reading --dry-run shows cell by cell
ROWS_PER_STATEMENT = 500
COUNTS = ("rows_read", "new", "matched", "updated", "statuses_added", "referrals_added", "duplicates_in_file",
          "possible_duplicates", "rejected", "empty_rows", "total_rows", "names_by_order", "unchanged")

Progress = Callable[[int, int, int], None]  # (done, total, rows read)
Notify = Callable[[str], None]


@dataclass(frozen=True)
class ReadOptions:
    """How to read the file, where detection is not enough."""

    delimiter: str | None = None
    encoding: str | None = None
    sheet: str | None = None
    mapping: tuple[str, ...] = ()
    header_row: int | None = None
    strict: bool = False


@dataclass(frozen=True)
class RunOptions:
    dry_run: bool = False
    skip_invalid: bool = False
    rejects: Path | None = None
    again: bool = False


class Kind(ABC):
    """What one kind of list brings to the pipeline."""

    fields: FieldSet
    written: tuple[str, ...] = ()  # the tables it writes, named in the audit row
    # the staged values of a good row, after seq (its order) and line: (name, SQL type)
    staged: tuple[tuple[str, str], ...] = ()
    planned: tuple[tuple[str, str], ...] = ()  # columns the plan fills in
    # the kind checks every reference its rows make (`check_references`), so the bulk write may
    # skip SQLite's own foreign-key look-ups (one per reference per row)
    checks_references = False
    partner_id: int | None = None

    @abstractmethod
    def rules(self, run: Run) -> list[Rule]:
        """The rules of the mapped columns."""

    @abstractmethod
    def stage(self, run: Run, checked: Checked) -> dict[str, Sequence]:
        """The good rows of a checked chunk as columns ({staged name: values}); a column left out
        takes its default (`defaults`). A row that fails a rule of several columns together is taken
        out of `checked` and rejected here."""

    def defaults(self) -> dict[str, object]:
        """The value of a staged column the file does not fill (the same for every row)."""
        return {}

    def after_reading(self, run: Run) -> None:  # noqa: B027 (most kinds need nothing here)
        """Once every row is staged: what the file says about itself (duplicates in the file)."""

    @abstractmethod
    def plan(self, run: Run) -> None:
        """Against the database: set the counts, mark the rows (state) and reject what cannot go in."""

    @abstractmethod
    def write(self, run: Run) -> None:
        """Write the planned rows, inside the transaction, after `run.import_id` exists."""

    def check_references(self, run: Run) -> None:  # noqa: B027 (only a kind that skips the checks has one)
        """Under the write lock: refuse (Conflict) when a row would point to something that is not there."""

    def shown(self, code: str, value: object) -> str:
        """A checked value as --dry-run shows it."""
        return "" if value is None else str(value)


@dataclass
class Run:
    """One import on its way: the file, the options, what was found so far."""

    conn: sqlite3.Connection
    config: Config
    kind: Kind
    table: Table
    header_map: HeaderMap
    options: RunOptions
    read: ReadOptions
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    problems: list[RowError] = field(default_factory=list)
    problem_count: int = 0
    duplicates: list[dict] = field(default_factory=list)
    possible: list[dict] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)
    staged_count: int = 0
    import_id: int | None = None
    lookalikes_rejected: int = 0
    progress: Progress | None = None
    _before_plan: tuple | None = None

    def begin_plan(self) -> bool:
        """Called first by every plan: a plan made again (someone wrote meanwhile) starts from what
        the file alone said. True when the plan is made again."""
        if self._before_plan is None:
            self._before_plan = (dict(self.counts), list(self.problems), self.problem_count, list(self.duplicates),
                                 list(self.possible), self.lookalikes_rejected)
            return False
        counts, problems, count, duplicates, possible, lookalikes = self._before_plan
        self.counts, self.problems, self.problem_count = dict(counts), list(problems), count
        self.duplicates, self.possible, self.lookalikes_rejected = list(duplicates), list(possible), lookalikes
        self.conn.execute("DELETE FROM temp.import_rejects WHERE planned")
        self.conn.execute("UPDATE temp.import_rows SET state = ? WHERE state = ?", [ACCEPTED, PLANNED_OUT])
        return True

    @property
    def refused(self) -> bool:
        return self.problem_count > 0 and not self.options.skip_invalid

    def reject(self, rejected: Iterable[tuple[int, Sequence[RowError]]], planned: bool = False) -> None:
        """Rows that cannot go in: counted, listed, kept with their reason for the rejects file."""
        found = [(line, errors) for line, errors in rejected]
        if not found:
            return
        self.counts["rejected"] += len(found)
        for _line, errors in found:
            self.problem_count += len(errors)
            if len(self.problems) < MAX_LISTED:
                self.problems.extend(errors[:MAX_LISTED - len(self.problems)])
        self.conn.executemany("INSERT OR REPLACE INTO temp.import_rejects (line, reason, planned) VALUES (?, ?, ?)",
                              [(line, row_text(errors), planned) for line, errors in found])

    def mark(self, state: int, seqs: Iterable[int]) -> None:
        self.conn.executemany("UPDATE temp.import_rows SET state = ? WHERE seq = ?", [(state, s) for s in seqs])

    def listed(self, rows: list[dict], row: dict) -> None:
        if len(rows) < MAX_LISTED:
            rows.append(row)


# the state of a staged row: taken, a repeat of an earlier row, refused by what the file itself
# says (a look-alike of an earlier row), refused by the plan against the database
ACCEPTED, DUPLICATE, REJECTED, PLANNED_OUT = 0, 1, 2, 3


def default_rejects_path(path: Path) -> Path:
    """`lijst.csv` -> `lijst.rejects.csv`, next to the input."""
    return path.with_name(f"{path.stem}.rejects{path.suffix}")


def refuse_same_file(conn: sqlite3.Connection, table: Table, kind: str, again: bool) -> None:
    previous = conn.execute(
        "SELECT id, file_name, imported_at FROM imports WHERE sha256 = ? AND kind = ? AND undone_at IS NULL"
        " ORDER BY id DESC LIMIT 1",
        [table.sha256, kind],
    ).fetchone()
    if previous and not again:
        raise Conflict(
            _("{name!r} werd al ingelezen op {date} (import {id}, {file!r}); gebruik --again om het toch"
              " opnieuw in te lezen").format(name=table.path.name, date=formats.day(previous["imported_at"]),
                                              id=previous["id"], file=previous["file_name"])
        )


def check_rejects_option(path: Path, options: RunOptions) -> RunOptions:
    if options.rejects is not None and not options.skip_invalid:
        raise InvalidInput(_("--rejects: alleen samen met --skip-invalid"))
    rejects = options.rejects or default_rejects_path(path)
    if options.skip_invalid and rejects.resolve() == path.resolve():
        raise InvalidInput(_("--rejects: {path!r} is het invoerbestand zelf").format(path=str(rejects)))
    return RunOptions(options.dry_run, options.skip_invalid, rejects, options.again)


