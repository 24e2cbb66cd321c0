"""The public version of a year's reports: small groups hidden so that nobody can be singled out,
and nothing hidden that can be computed back from what is shown.

As statistics offices do it (tau-ARGUS, sdcMicro), on the cells and relations of
reports/disclosure_cells.py:

1. Primary suppression: every count of people from 1 to threshold-1, and every amount of money
   that belongs to such a group. Zero is never hidden (it reveals nobody).
2. Audit: with the visible figures filled in, a hidden cell is recoverable when the relations
   between the hidden cells determine it (exact elimination over the integers), or when a single
   relation leaves its hidden cells no room: their known sum is the least or the most they can
   add up to ('< T' is 1..T-1; '×' is at least 1, zero is never hidden). A cell found is known
   from then on, which may give away the next.
3. Complementary suppression: while the audit finds a recoverable cell, hide one more visible cell
   of a relation that involves it (a count of people before an amount, the smallest first), and
   audit again. A relation of small counts with only zeros left to hide (4 = 1 + 1 + 1 + 1) has
   one of its small counts shown as '×' instead of '< T'.
4. A share or difference is hidden as soon as a figure it comes from is hidden.

The pattern is computed once per year (`pattern`) over the yearly report and the topic breakdowns
of the year, stored in the public yearly document and applied to every public document of the
year (`apply`), so that two of them together reveal nothing either hides.
"""

from __future__ import annotations

import copy
import sqlite3
from math import gcd, inf
from typing import Any

from vrijetijd_cli.config import Config
from vrijetijd_cli.reports import Period, disclosure_universe
from vrijetijd_cli.reports import disclosure_cells as cells
from vrijetijd_cli.reports.disclosure_cells import COMPLEMENTARY, DERIVED, PRIMARY

HIDDEN = "×"  # a cell hidden so that no other hidden cell can be computed back; an amount of a small group

# Counts of people or of what people did: the safety net for figures no stored pattern knows.
MASKED_KEYS = frozenset({
    "participants", "new_participants", "took_part", "household_members", "living_in_municipality",
    "total", "referrals", "led_to_participation", "participations", "persons", "vouchers",
    "committed_vouchers", "shared_participations",
    "open", "in_behandeling", "toegeleid", "afgesloten", "geweigerd",
})


# ---- suppression ----

def primary(model: cells.Model) -> set[int]:
    """Counts of people from 1 to threshold-1; amounts (not zero) that belong to such a group."""
    small = {var for var, value in enumerate(model.values)
             if model.kinds[var] == cells.PEOPLE and 0 < value < model.threshold}
    for var, value in enumerate(model.values):
        if model.kinds[var] == cells.AMOUNT and value:
            size = model.unshown[var]
            if (size is not None and 0 < size < model.threshold
                    or any(model.index[path] in small for path in model.groups[var])):
                small.add(var)
    return small


def bounds(model: cells.Model, var: int, small: set[int]) -> tuple[float, float]:
    """What anyone knows of a hidden cell from how it is shown: '< T' is 1..T-1; '×' is at
    least 1 (zero is never hidden), a count as well as an amount."""
    if var in small:
        return 1, model.threshold - 1
    return 1, inf


def _range(model: cells.Model, part: dict[int, int], small: set[int]) -> tuple[float, float]:
    """The least and the most the hidden part of a relation can add up to."""
    low: float = 0
    high: float = 0
    for var, coef in part.items():
        least, most = bounds(model, var, small)
        low += coef * (least if coef > 0 else most)
        high += coef * (most if coef > 0 else least)
    return low, high


def determined(rows: list[tuple[dict[int, int], int]]) -> dict[int, dict[int, int]]:
    """The variables a set of linear equations fixes, each with the combination of equations that
    gives it ({equation number: multiplier}). `rows`: (equation, its number). Exact elimination
    over the integers to reduced echelon form: a variable is fixed when it is a pivot and its
    reduced row has no other variable."""
    pivots: dict[int, tuple[dict[int, int], dict[int, int]]] = {}  # pivot variable -> (row, combination)
    holding: dict[int, set[int]] = {}  # variable -> pivots whose row has it
    for original, number in rows:
        row, combination = dict(original), {number: 1}
        for var in [v for v in row if v in pivots]:
            if var in row:
                row, combination = _eliminate(row, combination, *pivots[var], var)
        if not row:
            continue
        pivot = min(row, key=lambda v: (len(holding.get(v, ())), v))
        for other in list(holding.get(pivot, ())):
            old = pivots[other][0]
            pivots[other] = _eliminate(*pivots[other], row, combination, pivot)
            for var in old:
                if var not in pivots[other][0]:
                    holding[var].discard(other)
            for var in pivots[other][0]:
                holding.setdefault(var, set()).add(other)
        pivots[pivot] = (row, combination)
        for var in row:
            holding.setdefault(var, set()).add(pivot)
    return {var: combination for var, (row, combination) in pivots.items() if len(row) == 1}


def _eliminate(row: dict[int, int], combination: dict[int, int], by: dict[int, int], by_combination: dict[int, int],
               var: int) -> tuple[dict[int, int], dict[int, int]]:
    """row minus a multiple of `by` so that `var` is gone (and the same for the combinations of
    equations they are); integers kept small by their gcd."""
    a, b = by[var], row[var]
    result = [_combine(row, a, by, -b), _combine(combination, a, by_combination, -b)]
    divisor = 0
    for part in result:
        for c in part.values():
            divisor = gcd(divisor, c)
    if divisor > 1:
        result = [{v: c // divisor for v, c in part.items()} for part in result]
    return result[0], result[1]


def _combine(first: dict[int, int], a: int, second: dict[int, int], b: int) -> dict[int, int]:
    result = {v: c * a for v, c in first.items()}
    for v, c in second.items():
        result[v] = result.get(v, 0) + c * b
    return {v: c for v, c in result.items() if c}


def recoverable(model: cells.Model, hidden: set[int], small: set[int],
                first: bool = False) -> dict[int, tuple[dict[int, int], bool]]:
    """The hidden cells someone could compute from the visible ones (see the module's step 2), each
    with how: (the relations and their multipliers that add up to it, by the bounds of a single
    relation). A cell found is known from then on, which may give away the next; `first`: only
    those found from the visible cells alone. `small`: the hidden cells shown as '< T'."""
    found: dict[int, tuple[dict[int, int], bool]] = {}
    relations = [(number, r) for number, r in enumerate(model.relations) if any(var in hidden for var in r)]
    while not (first and found):
        unknown = hidden - found.keys()
        restricted = []
        new: dict[int, tuple[dict[int, int], bool]] = {}
        for number, relation in relations:
            part = {var: coef for var, coef in relation.items() if var in unknown}
            if not part:
                continue
            restricted.append((part, number))
            known = -sum(coef * model.values[var] for var, coef in relation.items() if var not in unknown)
            if known in _range(model, part, small):
                for var in part:
                    new.setdefault(var, ({number: 1}, True))
        for var, combination in determined(restricted).items():
            new.setdefault(var, (combination, False))
        if not new:
            return found
        found.update(new)
    return found


def protect(model: cells.Model) -> tuple[set[int], set[int]]:
    """(primary, complementary): hide cells until the audit finds none recoverable. A small count
    shown as '×' instead of '< T' (when a relation has nothing else left to hide) is in both."""
    primaries = primary(model)
    small = {var for var in primaries if model.kinds[var] == cells.PEOPLE}
    hidden = set(primaries)
    complementary: set[int] = set()
    relations_of: dict[int, list[int]] = {}
    for number, relation in enumerate(model.relations):
        for var in relation:
            relations_of.setdefault(var, []).append(number)
    while True:
        # the cells the visible ones give away directly: the others follow from them
        bad = recoverable(model, hidden, small, first=True)
        if not bad:
            return primaries, complementary
        # the simplest first (given away by one relation); one fix per relation a round: a cell
        # that gives another one away is audited again after the fix
        touched: set[int] = set()
        for var in sorted(bad, key=lambda v: (len(bad[v][0]), model.paths[v][0])):
            combination, by_bounds = bad[var]
            if touched.intersection(combination):
                continue
            # a visible cell of the sum that gives it away, the smallest
            combined: dict[int, int] = {}
            for number, multiplier in combination.items():
                combined = _combine(combined, 1, model.relations[number], multiplier)
            extra = _smallest(model, [v for v in combined if v not in hidden])
            if extra is None and by_bounds:
                extra = _widen(model, model.relations[next(iter(combination))], hidden, small)
                small.discard(extra)
            elif extra is None:
                extra = _complement(model, var, hidden, relations_of)
            if extra is None:
                continue
            hidden.add(extra)
            complementary.add(extra)
            touched.update(combination)
            touched.update(relations_of.get(extra, ()))
        if not touched:
            model.problems.extend(f"cannot protect {model.paths[v][0]}" for v in sorted(bad))
            return primaries, complementary


def _rank(model: cells.Model, var: int) -> tuple:
    """Which visible cell to hide first: a count of people before an amount, the smallest first."""
    return model.kinds[var] != cells.PEOPLE, model.values[var], model.paths[var][0]


def _smallest(model: cells.Model, candidates: list[int]) -> int | None:
    """The visible cell to hide among `candidates`; never a zero."""
    found = [v for v in candidates if model.values[v]]
    return min(found, key=lambda v: _rank(model, v)) if found else None


def _widen(model: cells.Model, relation: dict[int, int], hidden: set[int], small: set[int]) -> int | None:
    """A relation whose hidden cells are all small counts, their sum at its least or its most, and
    nothing else to hide but zeros: one of them is shown as '×' (at least 1, no upper bound)
    instead of '< T', on the side that opens the sum; the largest."""
    part = {var: coef for var, coef in relation.items() if var in hidden}
    known = -sum(coef * model.values[var] for var, coef in relation.items() if var not in hidden)
    _low, high = _range(model, part, small)
    sign = 1 if known == high else -1
    found = [(-model.values[v], model.paths[v][0], v) for v, coef in part.items() if v in small and coef * sign > 0]
    return min(found)[-1] if found else None


def _complement(model: cells.Model, var: int, hidden: set[int], relations_of: dict) -> int | None:
    """The visible cell to hide next for a cell elimination gives away: in a relation with it (the
    relations with the fewest hidden cells first), else in a relation with a hidden cell linked to
    it."""
    seen_vars, seen_relations = {var}, set()
    frontier = [var]
    while frontier:
        best = None
        for current in frontier:
            for number in relations_of.get(current, ()):
                if number in seen_relations:
                    continue
                relation = model.relations[number]
                crowd = sum(1 for v in relation if v in hidden)
                choice = _smallest(model, [v for v in relation if v not in hidden])
                if choice is not None and (best is None or (crowd, _rank(model, choice)) < best[:2]):
                    best = (crowd, _rank(model, choice), choice)
        if best is not None:
            return best[2]
        following = []
        for current in frontier:
            for number in relations_of.get(current, ()):
                if number not in seen_relations:
                    seen_relations.add(number)
                    following.extend(v for v in model.relations[number] if v in hidden and v not in seen_vars)
                    seen_vars.update(model.relations[number])
        frontier = following
    return None


def pattern(model: cells.Model) -> dict:
    """{'threshold': T, 'hidden': {path: 'primary' | 'complementary' | 'derived'}} of the year."""
    primaries, complementary = protect(model)
    hidden: dict[str, str] = {}
    for var in sorted(primaries | complementary):
        for path in model.paths[var]:
            hidden[path] = COMPLEMENTARY if var in complementary else PRIMARY
    hidden.update(model.isolated)

    def is_hidden(path: str) -> bool:
        if path in hidden:
            return True
        return path in model.derived and any(is_hidden(source) for source in model.derived[path])

    for path in model.derived:
        if is_hidden(path):
            hidden[path] = DERIVED
    return {"threshold": model.threshold, "hidden": dict(sorted(hidden.items()))}


# ---- applying a pattern ----

def marker(path: str, value: Any, status: str, threshold: int) -> Any:
    """How a hidden cell is shown: a small count as '< T', an amount or a cell hidden beside one
    as '×', a share or difference as None (in a finding's words: '×')."""
    if status == DERIVED:
        return HIDDEN if path.startswith("findings[") else None
    money = "_cents" in path or "_bp" in path
    if status == PRIMARY and not money and isinstance(value, int) and 0 < value < threshold:
        return f"< {threshold}"
    return HIDDEN


def apply(document: dict, hidden_pattern: dict, prefixes: dict[str, str]) -> dict:
    """A copy of `document` with the pattern's cells hidden; `prefixes` tells which path of the
    year's universe each top-level key of the document shows (the yearly report: itself)."""
    result = copy.deepcopy(document)
    threshold, hidden = hidden_pattern["threshold"], hidden_pattern["hidden"]
    for key, prefix in prefixes.items():
        if key in result:
            result[key] = _hide(result[key], prefix, hidden, threshold)
    return mask_counts(result, threshold)


def _hide(data: Any, path: str, hidden: dict[str, str], threshold: int) -> Any:
    if isinstance(data, dict):
        return {key: _hide(value, f"{path}.{key}", hidden, threshold) for key, value in data.items()}
    if isinstance(data, list):
        return [_hide(row, f"{path}[{cells.row_name(row, index)}]", hidden, threshold)
                for index, row in enumerate(data)]
    if path in hidden and (data is None or isinstance(data, int) and not isinstance(data, bool)):
        return data if data is None else marker(path, data, hidden[path], threshold)
    return data


def masked(value: Any, threshold: int) -> Any:
    """A count from 1 to threshold-1 becomes '< threshold'; zero reveals nobody and stays."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < threshold:
        return f"< {threshold}"
    return value


def mask_counts(data: Any, threshold: int) -> Any:
    """Primary suppression alone, by the names of the counts: a small count hidden, with the shares
    and amounts beside it. Only a safety net under a pattern (a figure a closed year's stored
    pattern does not know): on its own a hidden cell can be computed back from a total."""
    if isinstance(data, list):
        return [mask_counts(item, threshold) for item in data]
    if not isinstance(data, dict):
        return data
    result = {}
    hidden = False
    for key, value in data.items():
        if key in MASKED_KEYS and isinstance(value, int) and not isinstance(value, bool):
            result[key] = masked(value, threshold)
            hidden = hidden or result[key] != value
        else:
            result[key] = mask_counts(value, threshold)
    if hidden:
        for key, value in result.items():
            if key.endswith("_bp"):
                result[key] = None
            elif key.endswith("_cents") and isinstance(value, int) and value:
                result[key] = HIDDEN
    return result


YEARLY = ("network", "reach", "referrals", "participation", "shared_cost", "budget", "meetings", "goals",
          "goals_by_state", "comparison", "findings", "municipalities", "outside_region")


def public_version(report: dict, year_pattern: dict) -> dict:
    """The yearly report for outside the network: the year's pattern applied and stored in it, no
    free text of action items or signals."""
    public = apply(report, year_pattern, {key: key for key in YEARLY})
    public["public"] = True
    public["meetings"]["open_actions"] = []
    if "signals" in report:  # no words of a signal (its small counts are masked by apply)
        public["signals"]["actions"] = []
    public["disclosure"] = year_pattern
    return public


def year_pattern(conn: sqlite3.Connection, config: Config, p: Period, report: dict,
                 previous_public: dict | None = None, breakdowns: dict | None = None) -> dict:
    """The pattern of the year, from its internal yearly report (`breakdowns`: see
    disclosure_universe.universe)."""
    model = cells.build(disclosure_universe.universe(conn, config, p, report, previous_public, breakdowns),
                        report["small_cell_threshold"])
    return pattern(model)
