"""`vrijetijd demo`: a fresh database filled with realistic synthetic data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from vrijetijd_cli.config import Config
from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.i18n import _


def build_demo(
    path: Path,
    config: Config,
    seed: int,
    participants: int,
    today: date,
    progress: Callable[[str], None] | None = None,
    **sizes: int,
) -> dict[str, int]:
    """Build the demo database at `path`, replacing an older demo; returns row counts (and under
    'closed_years' the years it closed).

    It is built under a temporary name and moved in place at the end, so an interrupted build
    never leaves a half-filled database behind.
    """
    from vrijetijd_cli import synthetic
    from vrijetijd_cli.services import closing
    from vrijetijd_cli.services.setup import initialise
    from vrijetijd_cli.store import open_db

    if participants < 1:
        raise InvalidInput(_("--participants: {n} moet minstens 1 zijn").format(n=participants))
    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_name(path.name + ".building")
    for leftover in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
        leftover.unlink(missing_ok=True)
    conn = open_db(building, create=True)
    try:
        initialise(conn, config)
        plan = synthetic.Plan(seed=seed, participants=participants, today=today, **sizes)
        counts = synthetic.build(conn, config, plan, progress)
        # the past years are closed, as a coordinator does once a year's report is handed over
        closed = [year for year in plan.years if year < today.year]
        for year in closed:
            closing.close(conn, config, year)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()
    for old in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        old.unlink(missing_ok=True)
    building.replace(path)  # atomic: the target is always the old demo or the complete new one
    return {**counts, "closed_years": closed}
