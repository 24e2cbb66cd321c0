"""The import of partner lists: against the floor (the sqlite3 shell writing the same rows into the
same schema, foreign keys on), `sqlite-utils insert --csv` and the shell's bare `.import`, run by
run in one loop; its peak memory at a million rows; and a list whose rows all share one birth date
(the duplicate and look-alike search stays linear)."""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import subprocess
import sys
from pathlib import Path

import generate
from generate import TODAY, WORK
from harness import BIN, Figure, remove_database, run_once, vrijetijd_cmd

# the rows an import writes per line of the partner list: a person, a status and a referral
FLOOR_ROWS = """
INSERT INTO participants (id, first_name, last_name, birth_date, birth_year, postcode, household_size, phone,
                          first_key, last_key, match_key, created_at, legal_basis, informed)
SELECT rowid, Voornaam, Naam, "Geb. datum", CAST(substr("Geb. datum", -4) AS INTEGER), Postcode,
       CAST(Gezinsleden AS INTEGER), '', lower(Voornaam), lower(Naam),
       lower(Naam) || '|' || lower(Voornaam) || '|' || "Geb. datum", '{now}', '{basis}', '{informed}'
FROM staged.partner_list;
INSERT INTO statuses (participant_id, ground_code, valid_from, valid_until, checked_by_partner_id, created_at)
SELECT rowid, 'ocmw', '{day}', '{until}', 4, '{now}' FROM staged.partner_list;
INSERT INTO referrals (participant_id, partner_id, date, ground_code, state, note, created_at, updated_at)
SELECT rowid, 4, '{day}', 'ocmw', 'open', Opmerking, '{now}', '{now}' FROM staged.partner_list;
"""


# the budgets are for a list of this size or more (issue: 200 000 rows)
BUDGET_ROWS = 100_000


def made(option: str, value: object) -> Path:
    """A database or a list made (or found) by generate.py in a child process: the runner itself
    stays small, so the processes it starts do not inherit its memory (their peak is measured)."""
    output = subprocess.run([sys.executable, str(Path(generate.__file__)), option, str(value)], check=True,
                            stdout=subprocess.PIPE, text=True).stdout
    return Path(output.strip().splitlines()[-1])


def import_cmd(target: Path, source: Path, *options: str) -> list[str]:
    """`vrijetijd import participants` of the partner list into `target`."""
    return [*vrijetijd_cmd(), "--db", str(target), "import", "participants", str(source),
            "--partner", "Sociale Dienst", "--date", TODAY.strftime("%d/%m/%Y"), *options]


def template_database() -> Path:
    """An initialised database of this version's schema, copied before every run."""
    template = WORK / "import-template.db"
    remove_database(template)
    run_once([*vrijetijd_cmd(), "--db", str(template), "init"])
    return template


def floor_script(template: Path, staged: Path) -> Path:
    """The floor as one sqlite3 script: foreign keys on, one transaction, the secondary indexes
    dropped and built again after the rows (as the import does for a large list)."""
    conn = sqlite3.connect(template)
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        " AND tbl_name IN ('participants', 'statuses', 'referrals') AND sql NOT LIKE 'CREATE UNIQUE%'"
        " AND sql NOT LIKE '% WHERE %'").fetchall()
    conn.close()
    day = TODAY.isoformat()
    script = WORK / "import-floor.sql"
    script.write_text("\n".join([
        "PRAGMA foreign_keys = ON;", f"PRAGMA cache_size = -{65536};", "BEGIN;",
        f"ATTACH DATABASE '{staged}' AS staged;",
        *(f'DROP INDEX "{name}";' for name, _ in indexes),
        FLOOR_ROWS.format(now=f"{day}T09:00:00", day=day, until=f"{TODAY.year + 1}-{day[5:]}",
                          basis="taak van algemeen belang", informed="via de partner"),
        *(f"{sql};" for _, sql in indexes),
        "COMMIT;",
    ]), encoding="utf-8")
    return script


def measure_import(runs: int, rows: int) -> list[Figure]:
    """Our import, the floor, sqlite-utils and the shell's .import, each run in turn in one loop."""
    source = made("--partner-csv", rows)
    template = template_database()
    target, floor_db, bare, staged = (WORK / f"import-{name}.db" for name in ("target", "floor", "bare", "staged"))
    script = floor_script(template, staged)
    utils = BIN / "sqlite-utils"
    utils_cmd = [str(utils)] if utils.exists() else [sys.executable, "-m", "sqlite_utils"]
    times: dict[str, list[float]] = {"ours": [], "floor": [], "utils": [], "shell": []}
    peak = 0
    for index in range(-1, runs):  # index -1: warm-up, not counted
        remove_database(target)
        shutil.copyfile(template, target)
        ours, rss, _ = run_once(import_cmd(target, source))
        remove_database(floor_db)
        shutil.copyfile(template, floor_db)
        remove_database(staged)
        run_once(["sqlite3", "-csv", "-separator", ";", str(staged), f".import {source} partner_list"])
        floor, _, _ = run_once(["sqlite3", str(floor_db), f".read {script}"])
        remove_database(bare)
        via_utils, _, _ = run_once([*utils_cmd, "insert", str(bare), "partner_list", str(source), "--csv",
                                    "--delimiter", ";", "--encoding", "cp1252"])
        remove_database(bare)
        shell, _, _ = run_once(["sqlite3", "-csv", "-separator", ";", str(bare), f".import {source} partner_list"])
        if index >= 0:
            for name, seconds in (("ours", ours), ("floor", floor), ("utils", via_utils), ("shell", shell)):
                times[name].append(seconds)
            peak = max(peak, rss)
    ours, floor, via_utils, shell = (statistics.median(times[name]) for name in ("ours", "floor", "utils", "shell"))
    per_run = ", ".join(f"{o / f:.2f}" for o, f in zip(times["ours"], times["floor"], strict=True))
    faster = ", ".join(f"{u / o:.1f}" for o, u in zip(times["ours"], times["utils"], strict=True))
    label = f"import of a {rows:,}-row partner CSV (full validation)"
    judged = rows >= BUDGET_ROWS  # a small list is mostly the start-up of each program
    return [
        Figure("import", label, ours, "floor: the `sqlite3` shell writing the same rows, foreign keys on", floor,
               "≤ 2×" if judged else "", ours <= 2 * floor if judged else None,
               f"run by run {per_run}; peak memory {peak / 1024:.0f} MiB"),
        Figure("import", label, ours, "`sqlite-utils insert --csv`", via_utils,
               "≥ 2× faster (≤ 0.5×)" if judged else "", ours * 2 <= via_utils if judged else None,
               f"sqlite-utils ÷ import run by run {faster}"),
        Figure("import", "floor (no parsing, no checks)", floor, "`sqlite3` shell `.import` into a bare table", shell,
               note="what SQLite itself needs to write a person, a status and a referral per row"),
    ]


def measure_import_memory(rows: int) -> Figure:
    source = made("--partner-csv", rows)
    target = WORK / "import-memory.db"
    remove_database(target)
    run_once([*vrijetijd_cmd(), "--db", str(target), "init"])
    seconds, rss, _ = run_once(import_cmd(target, source))
    mib = rss / 1024
    return Figure("memory", f"peak memory, import of {rows:,} rows", seconds, budget="< 300 MiB", met=mib < 300,
                  note=f"{mib:.0f} MiB")


def measure_one_birth_date(rows: int, budget_seconds: float | None) -> Figure:
    """A list whose people were all born on the same day: duplicates and look-alikes compared
    within blocks, not pairwise (a quadratic search took 37–45 s at 20 000 rows)."""
    source = made("--one-birth-date", rows)
    target = WORK / "import-birthday.db"
    remove_database(target)
    run_once([*vrijetijd_cmd(), "--db", str(target), "init"])
    seconds, rss, _ = run_once(import_cmd(target, source, "--accept-lookalikes"))
    return Figure("import", f"{rows:,} rows that all share one birth date", seconds,
                  budget=f"< {budget_seconds:.0f} s" if budget_seconds else "",
                  met=seconds < budget_seconds if budget_seconds else None, note=f"peak memory {rss / 1024:.0f} MiB")
