"""Benchmark data at three scales, built with the demo generator (vrijetijd_cli.synthetic).

    python benchmarks/generate.py --scale municipality
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / "work"
sys.path.insert(0, str(ROOT))


@dataclass(frozen=True)
class Scale:
    name: str
    participants: int
    participations: int
    vouchers: int
    activities: int


SCALES = {
    "tiny": Scale("tiny", 300, 1_500, 300, 60),
    "municipality": Scale("municipality", 20_000, 100_000, 20_000, 1_000),
    "province": Scale("province", 200_000, 1_000_000, 200_000, 10_000),
    "flanders": Scale("flanders", 1_000_000, 5_000_000, 1_000_000, 50_000),
}
# the benchmark's fixed 'today', so every run builds the same data
TODAY = date(2026, 11, 26)


def database(scale: Scale, rebuild: bool = False) -> Path:
    """The scale's database, built once and reused."""
    from vrijetijd_cli.config import load_config
    from vrijetijd_cli.services.demo import build_demo

    path = WORK / f"{scale.name}.db"
    if path.exists() and not rebuild:
        return path
    WORK.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    build_demo(
        path, load_config(ROOT / "config.yaml"), seed=2019, participants=scale.participants, today=TODAY,
        activities=scale.activities, participations=scale.participations, vouchers=scale.vouchers,
    )
    print(f"built {path.name} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return path


def partner_csv(rows: int) -> Path:
    """A Windows-1252 ';' partner list of `rows` lines."""
    from vrijetijd_cli.synthetic.lists import write_partner_csv

    path = WORK / f"partner-list-{rows}.csv"
    if not path.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        write_partner_csv(path, rows, seed=rows, today=TODAY)
    return path


def same_birth_date_csv(rows: int) -> Path:
    """A ';' partner list of `rows` different people all born on 12/03/1985 (double last names
    make enough of them); many are look-alikes of each other, as names of one day crowd."""
    import csv
    import random

    from vrijetijd_cli.synthetic.people import FIRST_NAMES, LAST_NAMES

    path = WORK / f"one-birth-date-{rows}.csv"
    if path.exists():
        return path
    WORK.mkdir(parents=True, exist_ok=True)
    rng = random.Random(rows)
    lasts = [*LAST_NAMES, *(f"{a}-{b}" for a in LAST_NAMES for b in LAST_NAMES if a != b)]
    names = [(last, first) for last in lasts for first in FIRST_NAMES]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(("Naam", "Voornaam", "Geb. datum", "Postcode", "Statuut"))
        for last, first in rng.sample(names, rows):
            writer.writerow((last, first, "12/03/1985", "3500", "OCMW"))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", choices=SCALES, default="municipality")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--partner-csv", type=int, metavar="ROWS", help="only write a partner list of ROWS lines")
    parser.add_argument("--one-birth-date", type=int, metavar="ROWS",
                        help="only write a list of ROWS people born on one day")
    args = parser.parse_args()
    if args.partner_csv:
        print(partner_csv(args.partner_csv))
    elif args.one_birth_date:
        print(same_birth_date_csv(args.one_birth_date))
    else:
        print(database(SCALES[args.scale], args.rebuild))


if __name__ == "__main__":
    main()
