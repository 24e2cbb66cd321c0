"""What every measurement shares: a figure with its reference and budget, and running a child
process with its wall time and peak memory."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from generate import ROOT, TODAY

BIN = Path(sys.executable).parent


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


def remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
