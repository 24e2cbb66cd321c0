"""Two records that may be one person: the look-alike rule, one rule for `referral add` and the
imports (docs/architecture.md, "Duplicates and look-alikes").

The same person, twice: the same normalised name and birth date (the match key). A look-alike:
- the same birth date and the names one or two letters apart, in the first or the last name
  (Jessika/Jessica, Peters/Peeters; two letters only where both names have five or more; a
  difference in digits does not count), or
  first and last name swapped;
- the same birth year where one of the two has only a year, and the same or such a name.

Finding them stays linear: names are only compared inside a block (one birth date, one last name
or one first name), a block is found by a dictionary look-up, and a crowded block is searched
through the names one or two letters shorter (`Neighbours`), never name by name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, groupby
from operator import and_, ne

TYPO, SWAPPED, SAME = "typo", "swapped", "same"
CROWDED = 24  # names in a block before it is searched through an index
ONE_PART = 250_000  # rows compared at once; a larger file a few years at a time, to bound memory


def edit_limit(a: str, b: str) -> int:
    """One letter for short names, two where both have five or more."""
    return 2 if min(len(a), len(b)) >= 5 else 1


def within(a: str, b: str, limit: int) -> bool:
    """True when at most `limit` insertions, deletions or substitutions turn `a` into `b`."""
    if abs(len(a) - len(b)) > limit:
        return False
    if a == b:
        return True
    if limit <= 0:
        return False
    # the shared start and end cost nothing; then the first difference is one of three edits
    start, short = 0, min(len(a), len(b))
    while start < short and a[start] == b[start]:
        start += 1
    end = 0
    while end < short - start and a[-1 - end] == b[-1 - end]:
        end += 1
    a, b = a[start:len(a) - end], b[start:len(b) - end]
    if not a or not b:
        return max(len(a), len(b)) <= limit
    if limit == 1:
        return len(a) == 1 and len(b) == 1
    return within(a[1:], b[1:], limit - 1) or within(a[1:], b, limit - 1) or within(a, b[1:], limit - 1)


@lru_cache(maxsize=1 << 16)
def similar_name(a: str, b: str) -> bool:
    """Two different spellings of one name (first or last): letters apart, never digits (a number in
    a name is a code, 'Persoon 12' is not 'Persoon 13')."""
    return a != b and _digits(a) == _digits(b) and within(a, b, edit_limit(a, b))


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit()) if not text.isalpha() else ""


def deletions(word: str, depth: int = 2) -> set[str]:
    """The word with up to `depth` letters left out."""
    found, edge = {word}, {word}
    for _ in range(depth):
        edge = {w[:i] + w[i + 1:] for w in edge for i in range(len(w))}
        found |= edge
    return found


class Neighbours:
    """Names of one block; finds those one or two letters from a given name."""

    __slots__ = ("names", "index")

    def __init__(self) -> None:
        self.names: dict[str, object] = {}  # name -> the first record that had it
        self.index: dict[str, list[str]] | None = None

    def add(self, name: str, record: object) -> None:
        if name in self.names:
            return
        self.names[name] = record
        if self.index is not None:
            for variant in deletions(name):
                self.index.setdefault(variant, []).append(name)
        elif len(self.names) > CROWDED:
            self.index = {}
            for known in self.names:
                for variant in deletions(known):
                    self.index.setdefault(variant, []).append(known)

    def first_near(self, name: str) -> tuple[str, object] | None:
        """(name, record) of the earliest other name in the block one or two letters from `name`:
        the candidates in the order of their records, the first that is near ends the search."""
        if self.index is None:
            candidates: Iterable[str] = self.names
        else:
            candidates = {c for v in deletions(name) for c in self.index.get(v, ())}
        for other in sorted(candidates, key=lambda c: _order(self.names[c])):
            if similar_name(name, other):
                return other, self.names[other]
        return None


@dataclass
class Block:
    """The people of one birth date (or one birth year, for year-only records)."""

    by_last: dict[str, Neighbours]
    by_first: dict[str, Neighbours]
    names: dict[tuple[str, str], object]  # (last, first) -> first record

    @classmethod
    def new(cls) -> Block:
        return cls({}, {}, {})

    def add(self, last: str, first: str, record: object) -> None:
        self.names.setdefault((last, first), record)
        self.by_last.setdefault(last, Neighbours()).add(first, record)
        self.by_first.setdefault(first, Neighbours()).add(last, record)

    def find(self, last: str, first: str, same_counts: bool = False) -> tuple[object, str] | None:
        """The first record of the block that looks like (last, first), and why."""
        found: list[tuple[object, str]] = []
        if same_counts and (last, first) in self.names:
            found.append((self.names[(last, first)], SAME))
        if first != last and (first, last) in self.names:
            found.append((self.names[(first, last)], SWAPPED))
        for names, key, other in ((self.by_last, last, first), (self.by_first, first, last)):
            neighbours = names.get(key)
            near = neighbours.first_near(other) if neighbours is not None else None
            if near is not None:
                found.append((near[1], TYPO))
        return min(found, key=lambda item: _order(item[0])) if found else None


def _order(record: object):
    return record if isinstance(record, (int, tuple)) else 0


@dataclass
class Found:
    """Rows of a file that repeat (line -> first line) or resemble an earlier row (line -> (line, why))."""

    duplicates: dict[int, int]
    lookalikes: dict[int, tuple[int, str]]


def in_file(lines: Sequence[int], born: Sequence[str], last: Sequence[str], first: Sequence[str],
            exact: dict[tuple, int] | None = None) -> Found:
    """Duplicates and look-alikes among the rows of one file (born: ISO date, or 'YYYY' for a year only).

    Rows are sorted by birth date (a year-only record sorts before the dates of its year), then
    checked a year at a time: in C wherever a block holds one name, in Python only for the blocks
    that hold different names. `exact` ((born, last, first) -> first line) may come from the reading,
    which left out the rows that repeat one: then the rows are all different.
    """
    found = Found({}, {})
    if len(lines) <= ONE_PART:  # all at once, in line order: no sort needed
        _part(range(len(lines)), lines, born, last, first, found, exact)
        return found
    order = sorted(range(len(lines)), key=born.__getitem__)
    start = 0
    step = 20_000
    while start < len(order):
        end = min(start + step, len(order))
        year = born[order[end - 1]][:4]
        while end < len(order) and born[order[end]][:4] == year:
            end += 1  # never split a year
        _part(order[start:end], lines, born, last, first, found)
        start = end
    return found


def _part(part: Sequence[int], lines, born, last, first, found: Found, exact: dict | None = None) -> None:
    """One or more whole years of rows (positions into the columns), in line order within a birth date."""
    if isinstance(part, range) and len(part) == len(lines):
        p_lines, p_born, p_last, p_first = lines, born, last, first
    else:
        p_lines, p_born, p_last, p_first = (list(map(column.__getitem__, part))
                                            for column in (lines, born, last, first))
    undated = {b for b in set(p_born) if len(b) == 4}
    repeats = set()
    if exact is None:
        exact = {}
        firsts = list(map(exact.setdefault, zip(p_born, p_last, p_first, strict=True), p_lines))
        for position in compress(range(len(part)), map(ne, firsts, p_lines)):
            if len(p_born[position]) > 4:
                found.duplicates[p_lines[position]] = firsts[position]
                repeats.add(position)
    # a year with records of a year only: every row of it is compared as a year (the slow way)
    slow = [i for i in range(len(part)) if p_born[i][:4] in undated] if undated else []
    _by_year(slow, p_lines, p_born, p_last, p_first, found)
    skip = repeats.union(slow)
    for keys, names in ((list(zip(p_born, p_last, strict=True)), p_first),
                        (list(zip(p_born, p_first, strict=True)), p_last)):
        seen: dict[tuple, str] = {}
        crowded = set(compress(keys, map(ne, map(seen.setdefault, keys, names), names)))
        if not crowded:
            continue
        rows = set(compress(range(len(part)), map(crowded.__contains__, keys))).difference(skip)
        rows = sorted(rows)
        rows.sort(key=keys.__getitem__)  # stable: in line order within a block
        first_row: dict[tuple, int] = {}  # (block, name) -> its first row, in order of appearance
        list(map(first_row.setdefault, zip(map(keys.__getitem__, rows), map(names.__getitem__, rows), strict=True),
                 rows))
        for _key, group in groupby(first_row.items(), lambda item: item[0][0]):
            _typos({name: i for (_block, name), i in group}, p_lines, found)
    # swapped: only a row whose first name is someone's last name and last name someone's first name
    lasts, firsts = set(p_last), set(p_first)
    maybe = compress(range(len(part)), map(and_, map(lasts.__contains__, p_first), map(firsts.__contains__, p_last)))
    for i in maybe:
        if i in skip or p_first[i] == p_last[i] or (p_born[i], p_first[i], p_last[i]) not in exact:
            continue
        other = exact[(p_born[i], p_first[i], p_last[i])]
        if other < p_lines[i]:
            _flag(found, p_lines[i], other, SWAPPED)


def _typos(first_row: dict[str, int], lines: Sequence[int], found: Found) -> None:
    """Within one block (the same birth date and one name): the later of two names a typo apart."""
    names = list(first_row)
    if len(names) < 2:
        return
    if len(names) <= CROWDED:
        for j in range(1, len(names)):
            for i in range(j):
                if similar_name(names[i], names[j]):
                    _flag(found, lines[first_row[names[j]]], lines[first_row[names[i]]], TYPO)
        return
    index = Neighbours()
    for name in names:
        near = index.first_near(name)
        if near is not None:
            _flag(found, lines[first_row[name]], lines[near[1]], TYPO)
        index.add(name, first_row[name])


def _flag(found: Found, line: int, other: int, why: str) -> None:
    known = found.lookalikes.get(line)
    if known is None or other < known[0]:
        found.lookalikes[line] = (other, why)


def _by_year(rows: list[int], p_lines, p_born, p_last, p_first, found: Found) -> None:
    """Rows of years that hold records of a year only: each compared with the earlier rows of its
    year through blocks of its date, of its year's year-only records and of the whole year."""
    if not rows:
        return
    rows = sorted(rows, key=p_lines.__getitem__)
    dates: dict[str, Block] = {}
    year_only: dict[str, Block] = {}
    year_all: dict[str, Block] = {}
    for i in rows:
        line, b, la, fi = p_lines[i], p_born[i], p_last[i], p_first[i]
        if line in found.duplicates:
            continue
        year, dated = b[:4], len(b) > 4
        if dated:
            hits = (_first(dates.get(b), la, fi, False), _first(year_only.get(year), la, fi, True))
        else:
            hits = (_first(year_all.get(year), la, fi, True),)
        for hit in hits:
            if hit is not None:
                _flag(found, line, hit[0], hit[1])
        if dated:
            dates.setdefault(b, Block.new()).add(la, fi, line)
        else:
            year_only.setdefault(year, Block.new()).add(la, fi, line)
        year_all.setdefault(year, Block.new()).add(la, fi, line)


def _first(block: Block | None, last: str, first: str, same_counts: bool) -> tuple[int, str] | None:
    if block is None:
        return None
    found = block.find(last, first, same_counts)
    return None if found is None else (found[0], found[1])


def against_people(lines: Sequence[int], born: Sequence[str], last: Sequence[str], first: Sequence[str],
                   ids: Sequence[object], p_born: Sequence[str], p_last: Sequence[str],
                   p_first: Sequence[str]) -> dict[int, tuple[object, str]]:
    """New rows (line, born, last, first) that look like a stored person (id, born, last, first):
    line -> (id, why). Only the people who share a block with a row are looked at closely."""
    years_of_rows = {b[:4] for b in born}
    undated = {b for b in born if len(b) == 4}
    with_last, with_first = set(zip(born, last, strict=True)), set(zip(born, first, strict=True))
    names = set(zip(born, last, first, strict=True))
    keep_people = [
        pb in years_of_rows if len(pb) == 4 else
        pb[:4] in undated or (pb, pl) in with_last or (pb, pf) in with_first or (pb, pf, pl) in names
        for pb, pl, pf in zip(p_born, p_last, p_first, strict=True)
    ]
    dates: dict[str, Block] = {}
    year_only: dict[str, Block] = {}
    year_all: dict[str, Block] = {}
    for keep, pid, pb, pl, pf in zip(keep_people, ids, p_born, p_last, p_first, strict=True):
        if not keep:
            continue
        year = pb[:4]
        if len(pb) > 4:
            dates.setdefault(pb, Block.new()).add(pl, pf, pid)
        else:
            year_only.setdefault(year, Block.new()).add(pl, pf, pid)
        year_all.setdefault(year, Block.new()).add(pl, pf, pid)
    found: dict[int, tuple[object, str]] = {}
    for line, b, la, fi in zip(lines, born, last, first, strict=True):
        year = b[:4]
        if len(b) > 4:
            hits = [_first(dates.get(b), la, fi, False), _first(year_only.get(year), la, fi, True)]
        else:
            hits = [_first(year_all.get(year), la, fi, True)]
        hits = [h for h in hits if h is not None]
        if hits:
            found[line] = min(hits, key=lambda hit: _order(hit[0]))
    return found
