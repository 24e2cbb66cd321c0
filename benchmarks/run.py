"""Measure vrijetijd side by side with its references and write benchmarks/RESULTS.md.

    python benchmarks/run.py                      # municipality, province and Flanders scales
    python benchmarks/run.py --scale tiny --runs 1 --results benchmarks/work/RESULTS-tiny.md

Every figure is the median of several runs, shown with its reference and the ratio.
Budgets (benchmarks/README.md): start-up within 1.5x a minimal Typer app; import within 3x the sqlite3
shell's .import and faster than `sqlite-utils insert --csv`; daily commands on the largest
database within 1.5x `participant show 1` on an (almost) empty database; the yearly report under
3 s at Flanders scale and growing no faster than the data; memory bounded.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402
from generate import ROOT, SCALES, TODAY, WORK  # noqa: E402

BIN = Path(sys.executable).parent
REPORT_YEAR = TODAY.year - 1


@dataclass
class Figure:
    section: str
    what: str
    seconds: float | None = None
    reference: str = ""
    reference_seconds: float | None = None
    budget: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.seconds is None or not self.reference_seconds:
            return None
        return self.seconds / self.reference_seconds


def vrijetijd_cmd() -> list[str]:
    script = BIN / "vrijetijd"
    return [str(script)] if script.exists() else [sys.executable, "-m", "vrijetijd_cli"]


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        VRIJETIJD_CONFIG=str(ROOT / "config.yaml"),
        VRIJETIJD_TODAY=TODAY.isoformat(),
        NO_COLOR="1",
        PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
    )
    env.pop("VRIJETIJD_DB", None)
    # measure the installed tool as it runs for a user: with its compiled bytecode cached
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_once(cmd: list[str], check: bool = True) -> tuple[float, int, int]:
    """Wall seconds, peak resident memory in KiB, and exit code of one child process."""
    started = time.perf_counter()
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment())
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    if check and code != 0:
        raise SystemExit(f"failed ({code}): {' '.join(cmd)}\n{error}")
    return elapsed, usage.ru_maxrss, code


def median_of(make_cmd, runs: int, before=None, check: bool = True) -> tuple[float, int]:
    """Median seconds and peak KiB over `runs` runs; `before(i)` prepares run i (not timed)."""
    times, peak = [], 0
    if before is None:
        run_once(make_cmd(-1), check)  # warm-up (index -1): bytecode written, file cache filled
    for index in range(runs):
        if before:
            before(index)
        seconds, rss, _ = run_once(make_cmd(index), check)
        times.append(seconds)
        peak = max(peak, rss)
    return statistics.median(times), peak


def medians_side_by_side(commands: dict[str, object], runs: int) -> dict[str, float]:
    """Median seconds of short commands run in turn, so a slower spell of the machine hits them all alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for index in range(-1, runs):  # index -1: warm-up, not counted
        for name, make_cmd in commands.items():
            seconds, _, _ = run_once(make_cmd(index))
            if index >= 0:
                times[name].append(seconds)
    return {name: statistics.median(values) for name, values in times.items()}


def small_database() -> Path:
    """An initialised database with one participant: the reference for daily commands."""
    path = WORK / "small.db"
    if not path.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        run_once([*vrijetijd_cmd(), "--db", str(path), "init"])
        run_once(
            [
                *vrijetijd_cmd(),
                "--db",
                str(path),
                "participant",
                "add",
                "--first-name",
                "Ann",
                "--last-name",
                "Peeters",
                "--birth-date",
                "12/03/1985",
            ]
        )
    return path


def measure_startup(runs: int, demo_db: Path) -> list[Figure]:
    minimal = [sys.executable, str(ROOT / "benchmarks" / "minimal_app.py")]
    ours = vrijetijd_cmd()
    help_ref, help_ours, cmd_ref, show_ours = medians_side_by_side(
        {
            "help_ref": lambda i: [*minimal, "--help"],
            "help_ours": lambda i: [*ours, "--help"],
            "cmd_ref": lambda i: [*minimal, "--name", "Hasselt"],
            "show_ours": lambda i: [*ours, "--db", str(demo_db), "participant", "show", "1"],
        },
        runs,
    ).values()  # in the order given
    return [
        Figure(
            "start-up",
            "`vrijetijd --help`",
            help_ours,
            "minimal Typer app `--help`",
            help_ref,
            "≤ 1.5×",
            help_ours <= 1.5 * help_ref,
        ),
        Figure(
            "start-up",
            "`vrijetijd participant show 1` (demo database)",
            show_ours,
            "minimal Typer app, one command",
            cmd_ref,
            "≤ 1.5×",
            show_ours <= 1.5 * cmd_ref,
        ),
    ]


def import_cmd(target: Path, source: Path) -> list[str]:
    """`vrijetijd import participants` of the partner list into `target`."""
    return [*vrijetijd_cmd(), "--db", str(target), "import", "participants", str(source),
            "--partner", "Sociale Dienst", "--date", TODAY.strftime("%d/%m/%Y")]


def remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def measure_import(runs: int, rows: int) -> list[Figure]:
    source = generate.partner_csv(rows)
    template = WORK / "import-template.db"
    remove_database(template)  # made again: the schema of this version
    run_once([*vrijetijd_cmd(), "--db", str(template), "init"])
    target = WORK / "import-target.db"
    bare = WORK / "import-bare.db"

    def fresh_copy(_: int) -> None:
        remove_database(target)
        shutil.copyfile(template, target)

    def fresh_bare(_: int) -> None:
        bare.unlink(missing_ok=True)

    ours, ours_rss = median_of(
        lambda i: import_cmd(target, source),
        runs,
        fresh_copy,
    )
    shell, _ = median_of(
        lambda i: ["sqlite3", "-csv", "-separator", ";", str(bare), f".import {source} partner_list"], runs, fresh_bare
    )
    sqlite_utils_cli = BIN / "sqlite-utils"
    utils_cmd = [str(sqlite_utils_cli)] if sqlite_utils_cli.exists() else [sys.executable, "-m", "sqlite_utils"]
    utils, _ = median_of(
        lambda i: [
            *utils_cmd,
            "insert",
            str(bare),
            "partner_list",
            str(source),
            "--csv",
            "--delimiter",
            ";",
            "--encoding",
            "cp1252",
        ],
        runs,
        fresh_bare,
    )
    floor = measure_import_floor(runs, source, template, bare)
    label = f"import of a {rows:,}-row partner CSV (full validation)"
    return [
        Figure(
            "import",
            label,
            ours,
            "`sqlite3` shell `.import` into a bare table",
            shell,
            "≤ 3×",
            ours <= 3 * shell,
            f"peak memory {ours_rss / 1024:.0f} MiB",
        ),
        Figure("import", label, ours, "`sqlite-utils insert --csv`", utils, "faster (< 1×)", ours < utils),
        Figure("import", "floor: the same rows written by the `sqlite3` shell alone (no checks)", floor,
               "`sqlite3` shell `.import` into a bare table", shell,
               note=f"what SQLite itself needs; the import takes {ours / floor:.1f}× this floor"),
    ]


# the rows an import writes per line of the partner list: a person, a status and a referral
FLOOR_ROWS = """
INSERT INTO participants (id, first_name, last_name, birth_date, postcode, household_size, first_key, last_key,
                          match_key, created_at)
SELECT rowid, Voornaam, Naam, "Geb. datum", Postcode, CAST(Gezinsleden AS INTEGER), lower(Voornaam), lower(Naam),
       lower(Naam) || '|' || lower(Voornaam) || '|' || "Geb. datum", '{now}' FROM staged.partner_list;
INSERT INTO statuses (participant_id, ground_code, valid_from, valid_until, checked_by_partner_id, created_at)
SELECT rowid, 'ocmw', '{day}', '{until}', 4, '{now}' FROM staged.partner_list;
INSERT INTO referrals (participant_id, partner_id, date, ground_code, state, note, created_at, updated_at)
SELECT rowid, 4, '{day}', 'ocmw', 'open', Opmerking, '{now}', '{now}' FROM staged.partner_list;
"""


def measure_import_floor(runs: int, source: Path, template: Path, staged: Path) -> float:
    """The sqlite3 shell alone writing what the import writes (the same way: indexes built after
    the rows), from the list loaded with .import beforehand: the part of the import no Python can
    take away."""
    conn = sqlite3.connect(template)
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        " AND tbl_name IN ('participants', 'statuses', 'referrals') AND sql NOT LIKE 'CREATE UNIQUE%'").fetchall()
    conn.close()
    day = TODAY.isoformat()
    script = WORK / "import-floor.sql"
    script.write_text("\n".join([
        "PRAGMA ignore_check_constraints = ON;", f"PRAGMA cache_size = -{65536};", "BEGIN;",
        f"ATTACH DATABASE '{staged}' AS staged;",
        *(f'DROP INDEX "{name}";' for name, _ in indexes),
        FLOOR_ROWS.format(now=f"{day}T09:00:00", day=day, until=f"{TODAY.year + 1}-{day[5:]}"),
        *(f"{sql};" for _, sql in indexes),
        "COMMIT;",
    ]), encoding="utf-8")
    target = WORK / "import-floor.db"

    def fresh(_: int) -> None:
        remove_database(target)
        shutil.copyfile(template, target)
        remove_database(staged)
        run_once(["sqlite3", "-csv", "-separator", ";", str(staged), f".import {source} partner_list"])

    floor, _ = median_of(lambda i: ["sqlite3", str(target), f".read {script}"], runs, fresh)
    return floor


def measure_import_memory(rows: int) -> Figure:
    source = generate.partner_csv(rows)
    target = WORK / "import-memory.db"
    remove_database(target)
    run_once([*vrijetijd_cmd(), "--db", str(target), "init"])
    seconds, rss, _ = run_once(import_cmd(target, source))
    mib = rss / 1024
    return Figure(
        "memory",
        f"peak memory, import of {rows:,} rows",
        seconds,
        budget="< 300 MiB",
        met=mib < 300,
        note=f"{mib:.0f} MiB",
    )


def redeemable(db: Path, count: int) -> list[tuple[str, int]]:
    """Issued, valid vouchers of people with an active status, each with an open permanent activity."""
    conn = sqlite3.connect(db)
    today = TODAY.isoformat()
    activity = conn.execute(
        "SELECT id FROM activities WHERE active = 1 AND calendar_type = 'permanent' AND kansentarief_cents > 0"
        " ORDER BY kansentarief_cents LIMIT 1"
    ).fetchone()
    rows = conn.execute(
        "SELECT v.code FROM vouchers v WHERE v.state = 'issued' AND v.valid_until >= ? AND v.issued_on <= ?"
        " AND EXISTS (SELECT 1 FROM statuses s WHERE s.participant_id = v.participant_id AND s.valid_from <= ?"
        " AND s.valid_until >= ? AND s.suspended_on IS NULL)"
        " AND NOT EXISTS (SELECT 1 FROM participations p WHERE p.participant_id = v.participant_id"
        " AND p.date >= ?) LIMIT ?",
        [today, today, today, today, f"{TODAY.year}-01-01", count],
    ).fetchall()
    conn.close()
    return [(code, activity[0]) for (code,) in rows] if activity else []


def measure_daily(runs: int, db: Path, scale_name: str) -> list[Figure]:
    small = small_database()
    ours = vrijetijd_cmd()
    reference_name = "reference"
    conn = sqlite3.connect(db)
    total = conn.execute("SELECT MAX(id) FROM participants").fetchone()[0]
    conn.close()
    codes = redeemable(db, runs + 1)  # one more for the warm-up run
    if 1 < len(codes) <= runs:  # a small database has few: fewer runs rather than no figure
        runs = len(codes) - 1
    commands = {
        reference_name: lambda i: [*ours, "--db", str(small), "participant", "show", "1"],
        "`participant search peeters`": lambda i: [
            *ours,
            "--db",
            str(db),
            "participant",
            "search",
            "peeters",
            "--limit",
            "20",
        ],
        "`participant show ID`": lambda i: [*ours, "--db", str(db), "participant", "show", str(1 + (i * 7919) % total)],
        "`referral add` (new person)": lambda i: [
            *ours,
            "--db",
            str(db),
            "referral",
            "add",
            "--partner",
            "De Brug Hasselt",
            "--first-name",
            "Bench",
            "--last-name",
            f"Mark{time.time_ns()}",
            "--birth-date",
            "01/02/1990",
            "--ground",
            "ocmw",
        ],
    }
    if len(codes) > runs:
        commands["`voucher redeem CODE`"] = lambda i: [
            *ours,
            "--db",
            str(db),
            "voucher",
            "redeem",
            codes[i][0],
            "--activity",
            str(codes[i][1]),
        ]
    medians = medians_side_by_side(commands, runs)
    reference = medians.pop(reference_name)
    figures = []
    for name, seconds in medians.items():
        figures.append(
            Figure(
                f"daily ({scale_name})",
                name,
                seconds,
                "`participant show 1` on a one-person database",
                reference,
                "≤ 1.5×",
                seconds <= 1.5 * reference,
            )
        )
    if len(codes) <= runs:
        figures.append(
            Figure(f"daily ({scale_name})", "`voucher redeem CODE`", note="no redeemable voucher found", met=False)
        )
    return figures


def measure_reports(runs: int, databases: dict[str, Path]) -> list[Figure]:
    figures, timings = [], {}
    out = WORK / "report.json"
    for name, db in databases.items():
        seconds, rss = median_of(
            lambda i, db=db: [
                *vrijetijd_cmd(),
                "--db",
                str(db),
                "report",
                "yearly",
                "--year",
                str(REPORT_YEAR),
                "--format",
                "json",
                "--output",
                str(out),
            ],
            runs,
        )
        conn = sqlite3.connect(db)
        size = sum(
            conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("participants", "participations", "vouchers", "referrals", "statuses")
        )
        conn.close()
        timings[name] = (seconds, size)
        budget = "< 3 s" if name == "flanders" else ""
        met = seconds < 3 if name == "flanders" else None
        figures.append(
            Figure(
                "yearly report",
                f"`report yearly` at {name} scale ({size:,} rows)",
                seconds,
                budget=budget,
                met=met,
                note=f"peak memory {rss / 1024:.0f} MiB",
            )
        )
    names = list(timings)
    if len(names) >= 2:
        (small_s, small_n), (large_s, large_n) = timings[names[0]], timings[names[-1]]
        growth, data = large_s / small_s, large_n / small_n
        figures.append(
            Figure(
                "yearly report",
                f"growth {names[0]} → {names[-1]}",
                note=(f"time ×{growth:.1f} for data ×{data:.1f}"),
                budget="time grows ≤ data",
                met=growth <= data,
            )
        )
    return figures


def machine() -> list[str]:
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB memory"
    except (OSError, ValueError, IndexError):
        pass
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in ("typer", "rich", "sqlite-utils", "PyYAML"))
    return [
        f"- machine: {platform.machine()}, {os.cpu_count()} cores{memory}, {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, {versions}",
        f"- run on {time.strftime('%Y-%m-%d %H:%M')}",
    ]


def write_results(path: Path, figures: list[Figure], scales: list[str], runs: int) -> None:
    lines = [
        "# Benchmark results",
        "",
        "Regenerate with `python benchmarks/run.py` (see benchmarks/README.md).",
        "",
        *machine(),
        f"- scales: {', '.join(scales)}; each figure the median of {runs} runs; start-up and daily commands"
        f" the median of {short_runs(runs)}, run in turn with their reference",
        "",
        "| section | what | time | reference | ref. time | ratio | budget | met | note |",
        "|---|---|---:|---|---:|---:|---|---|---|",
    ]
    for f in figures:
        seconds = f"{f.seconds * 1000:.0f} ms" if f.seconds is not None else ""
        ref = f"{f.reference_seconds * 1000:.0f} ms" if f.reference_seconds is not None else ""
        ratio = f"{f.ratio:.2f}×" if f.ratio is not None else ""
        met = "" if f.met is None else ("yes" if f.met else "**NO**")
        lines.append(
            f"| {f.section} | {f.what} | {seconds} | {f.reference} | {ref} | {ratio} | {f.budget} | {met} | {f.note} |"
        )
    missed = [f for f in figures if f.met is False]
    lines += ["", "All budgets met." if not missed else f"{len(missed)} budget(s) missed.", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")


def short_runs(runs: int) -> int:
    """Runs for a command of a tenth of a second: cheap, and noisier than the long ones."""
    return max(runs, 3) * 4 - 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--scale",
        action="append",
        choices=list(SCALES),
        help="scale(s) to build and measure (default: municipality, province, flanders)",
    )
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median)")
    parser.add_argument("--import-rows", type=int, default=None, help="rows of the partner CSV (default 200 000)")
    parser.add_argument(
        "--memory-rows", type=int, default=None, help="rows for the import memory test (default 1 000 000)"
    )
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    args = parser.parse_args()
    scales = args.scale or ["municipality", "province", "flanders"]
    tiny = scales == ["tiny"]
    import_rows = args.import_rows or (2_000 if tiny else 200_000)
    memory_rows = args.memory_rows or (5_000 if tiny else 1_000_000)
    databases = {name: generate.database(SCALES[name]) for name in scales}
    largest = databases[scales[-1]]
    figures = measure_startup(short_runs(args.runs), databases[scales[0]])
    figures += measure_import(args.runs, import_rows)
    figures.append(measure_import_memory(memory_rows))
    figures += measure_daily(short_runs(args.runs), largest, scales[-1])
    figures += measure_reports(args.runs, databases)
    write_results(args.results, figures, scales, args.runs)
    print(args.results.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
