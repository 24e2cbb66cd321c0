"""Measure vrijetijd side by side with its references and write benchmarks/RESULTS.md.

    python benchmarks/run.py                      # municipality, province and Flanders scales
    python benchmarks/run.py --scale tiny --runs 1 --results benchmarks/work/RESULTS-tiny.md

Every figure is the median of several runs, shown with its reference and the ratio.
Budgets (benchmarks/README.md): start-up and every daily command within 1.5x a minimal Typer app
that prints a 20-row rich table; the import within 2x its floor and at least 2x faster than
`sqlite-utils insert --csv`; 20 000 rows of one birth date under 10 s; the yearly report of an
open year within 0.5 s (municipality), 2 s (province) and 10 s (Flanders), of a closed year within
0.3 s; `db check` within 5 s at province scale; memory bounded.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import sys
import time
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import ROOT, SCALES, TODAY, WORK  # noqa: E402
from harness import Figure, median_of, medians_side_by_side, vrijetijd_cmd  # noqa: E402
from measure_import import made, measure_import, measure_import_memory, measure_one_birth_date  # noqa: E402

# the generated databases close their past years (as the demo does): last year is closed,
# this year (to the benchmark's fixed today) is open
CLOSED_YEAR = TODAY.year - 1
OPEN_YEAR = TODAY.year
# the whole `report yearly` command of an open year, per scale (benchmarks/README.md)
OPEN_BUDGETS = {"municipality": 0.5, "province": 2.0, "flanders": 10.0}
CLOSED_BUDGET = 0.3
CHECK_BUDGETS = {"province": 5.0}


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


def ready_people(db: Path, count: int) -> list[tuple[int, str | None, int]]:
    """(participant, an issued valid voucher or None, activity): people with an active status and
    no participation this year yet, and an open permanent activity with a kansentarief."""
    conn = sqlite3.connect(db)
    today = TODAY.isoformat()
    activity = conn.execute(
        "SELECT id FROM activities WHERE active = 1 AND calendar_type = 'permanent' AND kansentarief_cents > 0"
        " ORDER BY kansentarief_cents LIMIT 1"
    ).fetchone()
    rows = conn.execute(
        "SELECT v.participant_id, v.code FROM vouchers v WHERE v.state = 'issued' AND v.valid_until >= ?"
        " AND v.issued_on <= ?"
        " AND EXISTS (SELECT 1 FROM statuses s WHERE s.participant_id = v.participant_id AND s.valid_from <= ?"
        " AND s.valid_until >= ? AND s.suspended_on IS NULL)"
        " AND NOT EXISTS (SELECT 1 FROM participations p WHERE p.participant_id = v.participant_id"
        " AND p.date >= ?) GROUP BY v.participant_id LIMIT ?",
        [today, today, today, today, f"{TODAY.year}-01-01", count],
    ).fetchall()
    conn.close()
    return [(person, code, activity[0]) for person, code in rows] if activity else []


def measure_daily(runs: int, db: Path, scale_name: str) -> list[Figure]:
    """The coordinator's daily commands on the largest database, each in turn with the reference:
    a minimal Typer app printing a 20-row rich table."""
    ours = vrijetijd_cmd()
    reference_name = "reference"
    conn = sqlite3.connect(db)
    total = conn.execute("SELECT MAX(id) FROM participants").fetchone()[0]
    conn.close()
    people = ready_people(db, 2 * (runs + 1))  # one more each for the warm-up run
    half = len(people) // 2
    vouchers, takers = people[:half], people[half:]
    if 1 < half <= runs:  # a small database has few: fewer runs rather than no figure
        runs = half - 1
    commands = {
        reference_name: lambda i: [sys.executable, str(ROOT / "benchmarks" / "minimal_app.py"), "--name", "Hasselt"],
        "`participant search peeters`": lambda i: [*ours, "--db", str(db), "participant", "search", "peeters",
                                                   "--limit", "20"],
        "`participant show ID`": lambda i: [*ours, "--db", str(db), "participant", "show", str(1 + (i * 7919) % total)],
        "`participant list --limit 20`": lambda i: [*ours, "--db", str(db), "participant", "list", "--limit", "20"],
        "`referral add` (new person)": lambda i: [
            *ours, "--db", str(db), "referral", "add", "--partner", "De Brug Hasselt", "--first-name", "Bench",
            "--last-name", f"Mark{time.time_ns()}", "--birth-date", "01/02/1990", "--ground", "ocmw"],
    }
    if half > runs:
        commands["`voucher redeem CODE`"] = lambda i: [
            *ours, "--db", str(db), "voucher", "redeem", vouchers[i][1], "--activity", str(vouchers[i][2])]
        commands["`participation add` (kansentarief)"] = lambda i: [
            *ours, "--db", str(db), "participation", "add", "--participant", str(takers[i][0]),
            "--activity", str(takers[i][2])]
    medians = medians_side_by_side(commands, runs)
    reference = medians.pop(reference_name)
    figures = [Figure(f"daily ({scale_name})", name, seconds, "minimal Typer app, one command", reference,
                      "≤ 1.5×", seconds <= 1.5 * reference) for name, seconds in medians.items()]
    if half <= runs:
        figures.append(Figure(f"daily ({scale_name})", "`voucher redeem CODE`, `participation add`",
                              note="no ready participant left in this database (earlier runs used them)"))
    return figures


# the rows of a year the open year's report reads: its participations, referrals, vouchers issued
# and the statuses that overlap it
YEAR_ROWS = """SELECT (SELECT COUNT(*) FROM participations WHERE date BETWEEN :start AND :end)
    + (SELECT COUNT(*) FROM referrals WHERE date BETWEEN :start AND :end)
    + (SELECT COUNT(*) FROM vouchers WHERE issued_on BETWEEN :start AND :end)
    + (SELECT COUNT(*) FROM statuses WHERE valid_from <= :end AND valid_until >= :start)"""


def measure_reports(runs: int, databases: dict[str, Path]) -> list[Figure]:
    """`report yearly` of the open year and of the closed year at every scale (the whole command)."""
    figures, timings = [], {}
    out = WORK / "report.json"
    for name, db in databases.items():
        conn = sqlite3.connect(db)
        size = sum(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                   for t in ("participants", "participations", "vouchers", "referrals", "statuses"))
        year_rows = conn.execute(YEAR_ROWS, {"start": f"{OPEN_YEAR}-01-01", "end": f"{OPEN_YEAR}-12-31"}).fetchone()[0]
        conn.close()
        for year, kind in ((OPEN_YEAR, "open"), (CLOSED_YEAR, "closed")):
            seconds, rss = median_of(
                lambda i, db=db, year=year: [*vrijetijd_cmd(), "--db", str(db), "report", "yearly", "--year",
                                             str(year), "--format", "json", "--output", str(out)], runs)
            limit = OPEN_BUDGETS.get(name) if kind == "open" else (CLOSED_BUDGET if name != "tiny" else None)
            note = f"peak memory {rss / 1024:.0f} MiB"
            if kind == "open":
                timings[name] = (seconds, size, year_rows)
                note += f"; {year_rows:,} rows of the year, {seconds * 1e6 / max(year_rows, 1):.1f} µs per row"
            figures.append(Figure(
                "yearly report", f"`report yearly` of the {kind} year {year} at {name} scale ({size:,} rows)",
                seconds, budget=f"≤ {limit:g} s" if limit else "", met=seconds <= limit if limit else None,
                note=note))
    names = list(timings)
    if len(names) >= 2:
        (small_s, small_n, small_y), (large_s, large_n, large_y) = timings[names[0]], timings[names[-1]]
        figures.append(Figure("yearly report", f"growth {names[0]} → {names[-1]} (open year)",
                              note=f"time ×{large_s / small_s:.1f} for data ×{large_n / small_n:.1f} and rows of the"
                                   f" year ×{large_y / max(small_y, 1):.1f}: the time follows the rows of the year"
                                   " the report reads (µs per row above), plus the start-up every command has",
                              budget="time grows ≤ data", met=large_s / small_s <= large_n / small_n))
    return figures


def measure_check(runs: int, databases: dict[str, Path]) -> list[Figure]:
    """`db check` (quick_check, foreign_key_check and the domain rules) at every scale."""
    figures = []
    for name, db in databases.items():
        seconds, rss = median_of(lambda i, db=db: [*vrijetijd_cmd(), "--db", str(db), "db", "check"], runs)
        limit = CHECK_BUDGETS.get(name)
        figures.append(Figure("db check", f"`db check` at {name} scale", seconds,
                              budget=f"≤ {limit:g} s" if limit else "", met=seconds <= limit if limit else None,
                              note=f"peak memory {rss / 1024:.0f} MiB"))
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
    # built (or found) by generate.py in a child process, as the lists are (measure_import.made)
    databases = {name: made("--scale", name) for name in scales}
    largest = databases[scales[-1]]
    figures = measure_startup(short_runs(args.runs), databases[scales[0]])
    figures += measure_import(args.runs, import_rows)
    figures.append(measure_one_birth_date(2_000 if tiny else 20_000, None if tiny else 10.0))
    figures.append(measure_import_memory(memory_rows))
    figures += measure_daily(short_runs(args.runs), largest, scales[-1])
    figures += measure_reports(args.runs, databases)
    figures += measure_check(max(1, args.runs // 2), databases)
    write_results(args.results, figures, scales, args.runs)
    print(args.results.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
