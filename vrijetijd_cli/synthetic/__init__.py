"""Realistic synthetic network data at any size: the demo database and the benchmarks.

Each step module (people, offer, money, meetings, signals, and regional for a network of several
municipalities) has `generate(conn, config, rng, plan)`
and writes with executemany in chunks, so a Flanders-scale database builds in minutes and
in bounded memory. Everything happens in one transaction: an interrupted build leaves nothing.
"""

from __future__ import annotations

import importlib
import random
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from vrijetijd_cli.config import Config
from vrijetijd_cli.store import atomic

STEPS = ("people", "offer", "money", "meetings", "signals")
# a regional network's own step, last (synthetic/regional.py)
REGIONAL_STEP = "regional"


@dataclass
class Plan:
    """What to generate. Years: the two complete years before `today` and `today`'s year so far."""

    seed: int
    participants: int
    today: date
    activities: int = 0  # 0: a realistic municipal offer
    participations: int = 0  # 0: derived from the participants
    vouchers: int = 0  # 0: derived from the participants
    years: tuple[int, ...] = field(init=False)

    def __post_init__(self) -> None:
        self.years = (self.today.year - 2, self.today.year - 1, self.today.year)


def build(
    conn: sqlite3.Connection,
    config: Config,
    plan: Plan,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Fill an initialised, empty database; returns the row count per table."""
    rng = random.Random(plan.seed)
    with atomic(conn):
        for step in STEPS + ((REGIONAL_STEP,) if config.regional else ()):
            if progress:
                progress(step)
            module = importlib.import_module(f"vrijetijd_cli.synthetic.{step}")
            module.generate(conn, config, rng, plan)
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%'"
        )
    ]
    return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}


def chunked(rows, size: int = 10_000):
    """Yield lists of at most `size` rows from any iterable (bounded memory for executemany)."""
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
