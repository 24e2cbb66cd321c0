"""Partner lists as partners send them (Windows-1252, ';', Dutch headers), from the demo's people."""

from __future__ import annotations

import csv
import random
from datetime import date
from pathlib import Path

from vrijetijd_cli.synthetic.people import FIRST_NAMES, LAST_NAMES, POSTCODES, _birth_date

HEADER = ("Naam", "Voornaam", "Geb. datum", "Postcode", "Gezinsleden", "Statuut", "Opmerking")
GROUND_SPELLINGS = ("VT", "verhoogde tegemoetkoming", "OMNIO", "leefloon", "OCMW", "schuldbemiddeling",
                    "vluchteling", "maatwerk")
NOTES = ("", "", "", "graag sportaanbod", "kinderen willen naar de speelpleinwerking", "belt liefst 's avonds")


def write_partner_csv(path: Path, rows: int, seed: int, today: date) -> Path:
    """A `rows`-line partner list; streamed to disk, so any size fits in memory."""
    rng = random.Random(seed)
    postcodes, weights = zip(*POSTCODES, strict=True)
    with path.open("w", encoding="cp1252", newline="", errors="replace") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        for _ in range(rows):
            born = _birth_date(rng, today.year)
            writer.writerow((
                rng.choice(LAST_NAMES), rng.choice(FIRST_NAMES), f"{born.day}/{born.month}/{born.year}",
                rng.choices(postcodes, weights)[0], rng.randint(1, 6), rng.choice(GROUND_SPELLINGS),
                rng.choice(NOTES),
            ))
    return path
