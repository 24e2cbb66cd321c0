"""Checking a chunk of rows a column at a time (docs/architecture.md, "The import pipeline").

Each field has one rule (`Rule`: a parse function that returns the stored value or raises
InvalidInput naming the problem). Partner lists repeat the same names, dates, postcodes and grounds
over and over, so every distinct cell value of a column is checked once and remembered: a column
of a chunk is then a few passes in C (a set difference, a map over a dict), whatever its size.
Every problem of every row becomes a RowError, in the order of the rules; nothing stops early.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress

from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.i18n import _
from vrijetijd_cli.importers.rows import RowError, reason, shown, width_error
from vrijetijd_cli.importers.table import Chunk
from vrijetijd_cli.parse import normalize

MEMO_SIZE = 50_000  # remembered cell values per column; emptied when full
REQUIRED = object()  # `Rule.empty`: an empty cell is a problem
TOTAL_WORDS = ("totaal", "total", "subtotaal", "eindtotaal", "som", "aantal", "totaux")


class Suspect(InvalidInput):
    """A value that makes its whole column suspect (a date written month first): the file is refused."""


@dataclass(frozen=True)
class Rule:
    """How the cells of one column become the values of `field`: `parse(cell, column name)`."""

    field: str
    parse: Callable[[object, str], object]
    empty: object = None  # the value of an empty cell, or REQUIRED
    last: bool = False  # its problems are listed after the others of the row
    missing: str = ""  # what an empty REQUIRED cell is called (default: 'ontbreekt')


@dataclass(frozen=True)
class _Problem:
    shown: str
    reason: str
    suspect: bool = False


@dataclass
class Checked:
    """The good rows of a chunk (their lines and, per field, their values) and the rejected ones."""

    lines: list[int]
    values: dict[str, list]
    rejected: list[tuple[int, list, list[RowError]]] = field(default_factory=list)
    totals: int = 0


class Checker:
    """Checks chunks of rows against the rules of the mapped columns."""

    def __init__(self, headers: Sequence[str], columns: Mapping[str, int], rules: Sequence[Rule],
                 excel: bool = False):
        self.headers, self.width, self.excel = list(headers), len(headers), excel
        self.rules = [(rule, columns[rule.field], {}, set()) for rule in rules if rule.field in columns]
        self.suspect: dict[str, tuple[int, str, str]] = {}  # field -> (line, value, reason) first seen

    def check(self, chunk: Chunk) -> Checked:
        lines, rows = list(chunk.lines), chunk.rows
        problems: dict[int, tuple[list[RowError], list[RowError]]] = {}
        if set(map(len, rows)) - {self.width}:
            wrong = {p for p, cells in enumerate(rows) if len(cells) != self.width}
            for p in sorted(wrong):
                problems[p] = ([width_error(lines[p], rows[p], self.width, self.excel)], [])
            positions = [p for p in range(len(rows)) if p not in wrong]
            rows_ok = [rows[p] for p in positions]
        else:
            positions, rows_ok = None, rows
        values: dict[str, list] = {}
        transposed = list(zip(*rows_ok, strict=True)) if rows_ok else [()] * self.width
        for rule, index, memo, bad in self.rules:
            column = transposed[index]
            if len(memo) > MEMO_SIZE:
                memo.clear()
                bad.clear()
            header = self.headers[index]
            for value in set(column).difference(memo):
                memo[value] = parsed = _parse(rule, value, header)
                if type(parsed) is _Problem:
                    bad.add(value)
            values[rule.field] = list(map(memo.__getitem__, column))
            if bad and not bad.isdisjoint(column):
                for q, value in enumerate(column):
                    if value in bad:
                        p = q if positions is None else positions[q]
                        problem = memo[value]
                        found = problems.setdefault(p, ([], []))
                        found[1 if rule.last else 0].append(RowError(lines[p], header, problem.shown, problem.reason))
                        if problem.suspect and rule.field not in self.suspect:
                            self.suspect[rule.field] = (lines[p], problem.shown, problem.reason)
        if positions is None and not problems:
            return Checked(lines, values)
        return self._split(lines, rows, positions, values, problems)

    def _split(self, lines, rows, positions, values, problems) -> Checked:
        """The rows with a problem out of the columns; a total row under the table is no row at all."""
        result = Checked([], {}, [])
        keep_rows = positions if positions is not None else list(range(len(rows)))
        keep = [p not in problems for p in keep_rows]
        result.lines = [lines[p] for p in compress(keep_rows, keep)]
        result.values = {f: list(compress(column, keep)) for f, column in values.items()}
        for p in sorted(problems):
            if is_total(rows[p]):
                result.totals += 1
            else:
                first, later = problems[p]
                result.rejected.append((lines[p], rows[p], first + later))
        return result

    def refusal(self, name: str) -> InvalidInput | None:
        """The error that refuses the whole file, when a column turned out to be suspect."""
        if not self.suspect:
            return None
        column, (line, _value, why) = next((self.headers[i], self.suspect[r.field]) for r, i, _m, _b in self.rules
                                          if r.field in self.suspect)
        return InvalidInput(_("{name}: kolom {column!r} is niet te vertrouwen, regel {line}: {reason}; er is"
                              " niets ingelezen").format(name=name, column=column, reason=why, line=line))


def _parse(rule: Rule, value: object, header: str):
    if isinstance(value, str) and not value.strip():
        if rule.empty is REQUIRED:
            return _Problem("", rule.missing or _("ontbreekt"))
        return rule.empty
    try:
        return rule.parse(value, header)
    except InvalidInput as error:
        return _Problem(shown(value), reason(header, error), isinstance(error, Suspect))


def is_total(cells: Sequence) -> bool:
    """'Totaal: 23' under a table: at most two filled cells, the first a word for a total."""
    filled = [c for c in cells if (c.strip() if isinstance(c, str) else c is not None)]
    if not filled or len(filled) > 2 or not isinstance(filled[0], str):
        return False
    words = normalize(filled[0]).split()
    return bool(words) and words[0] in TOTAL_WORDS
