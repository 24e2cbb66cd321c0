"""Partner lists as partners send them (Windows-1252, ';', Dutch headers), from the demo's people."""

from __future__ import annotations

import csv
import random
from datetime import date
from pathlib import Path

from vrijetijd_cli.importers.lookalike import similar_name
from vrijetijd_cli.parse import normalize
from vrijetijd_cli.synthetic.people import FIRST_NAMES, LAST_NAMES, POSTCODES, _birth_date

HEADER = ("Naam", "Voornaam", "Geb. datum", "Postcode", "Gezinsleden", "Statuut", "Opmerking")
GROUND_SPELLINGS = ("VT", "verhoogde tegemoetkoming", "OMNIO", "leefloon", "OCMW", "schuldbemiddeling",
                    "vluchteling", "maatwerk")
NOTES = ("", "", "", "graag sportaanbod", "kinderen willen naar de speelpleinwerking", "belt liefst 's avonds")


def write_partner_csv(path: Path, rows: int, seed: int, today: date) -> Path:
    """A `rows`-line partner list; streamed to disk, so any size fits in memory.

    The name lists hold look-alikes (An/Ann, Joël/Noël): two such people born on the same day
    would be refused by the import as one person typed twice (importers/lookalike.py), so a
    list draws the name again then, as a partner would have checked it. A row repeated whole
    stays possible: the import reads it once.
    """
    rng = random.Random(seed)
    postcodes, weights = zip(*POSTCODES, strict=True)
    taken = _Taken()
    with path.open("w", encoding="cp1252", newline="", errors="replace") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        for _ in range(rows):
            born = _birth_date(rng, today.year)
            last, first = rng.choice(LAST_NAMES), rng.choice(FIRST_NAMES)
            while not taken.add(born, last, first):
                last, first = rng.choice(LAST_NAMES), rng.choice(FIRST_NAMES)
            writer.writerow((
                last, first, f"{born.day}/{born.month}/{born.year}",
                rng.choices(postcodes, weights)[0], rng.randint(1, 6), rng.choice(GROUND_SPELLINGS),
                rng.choice(NOTES),
            ))
    return path


class _Taken:
    """The names drawn per birth date, by last and by first name."""

    def __init__(self) -> None:
        self.keys = {name: normalize(name) for name in (*FIRST_NAMES, *LAST_NAMES)}
        self.by_last: dict[tuple[date, str], set[str]] = {}
        self.by_first: dict[tuple[date, str], set[str]] = {}

    def add(self, born: date, last: str, first: str) -> bool:
        """False when (last, first) would look like another name of that day (not when equal)."""
        last, first = self.keys[last], self.keys[first]
        firsts = self.by_last.setdefault((born, last), set())
        lasts = self.by_first.setdefault((born, first), set())
        if first in firsts:
            return True  # the same row again
        if (any(similar_name(first, other) for other in firsts) or any(similar_name(last, o) for o in lasts)
                or last in self.by_last.get((born, first), ()) and first != last):
            return False
        firsts.add(first)
        lasts.add(last)
        return True
