"""Two coordinators redeem the same voucher at the same moment, from two real processes:
exactly one succeeds, the other is told when and for what it was redeemed (docs/architecture.md, "Data")."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_services_participations import activity, person

pytestmark = pytest.mark.slow  # processes racing for one voucher

ROOT = Path(__file__).parents[1]
# `python -m vrijetijd_cli …`, but imported first and then held until the given moment, so
# both processes run the redemption itself at the same time (start-up time differs per process)
AT_THE_SAME_MOMENT = (
    "import runpy, sys, time\n"
    "import vrijetijd_cli.cli, vrijetijd_cli.services.vouchers, vrijetijd_cli.commands.voucher\n"
    "start = float(sys.argv.pop(1))\n"
    "time.sleep(max(0.0, start - time.time()))\n"
    "runpy.run_module('vrijetijd_cli', run_name='__main__', alter_sys=True)\n"
)


@pytest.fixture
def env(isolated, db_path, config_path):
    return {**os.environ, "PYTHONPATH": str(ROOT), "VRIJETIJD_DB": str(db_path),
            "VRIJETIJD_CONFIG": str(config_path), "VRIJETIJD_TODAY": "2026-06-15", "NO_COLOR": "1"}


def issue_codes(db, config, n: int) -> list[str]:
    from vrijetijd_cli.services import vouchers

    pid = person(db)
    activity(db, title="Zwembad Kapermolen")
    return [v["code"] for v in vouchers.issue(db, config, pid, "10", count=n)]


def finish(processes) -> list[tuple[int, str, str]]:
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        results.append((process.returncode, out, err))
    return results


def check_exactly_one(db, code: str, results) -> None:
    winners = [r for r in results if r[0] == 0]
    losers = [r for r in results if r[0] != 0]
    assert len(winners) == 1, results
    for returncode, out, err in losers:
        assert returncode == 1
        assert out == ""
        assert err == f"Fout: waardebon {code} is al ingewisseld op 15/06/2026 voor 'Zwembad Kapermolen'\n"
    assert f"Waardebon {code} ingewisseld voor Zwembad Kapermolen" in winners[0][2]
    rows = db.execute(
        "SELECT COUNT(*) FROM participations x JOIN vouchers v ON v.id = x.voucher_id WHERE v.code = ?", [code]
    ).fetchone()[0]
    assert rows == 1
    assert db.execute("SELECT state FROM vouchers WHERE code = ?", [code]).fetchone()[0] == "redeemed"


def start(command: list[str], env: dict, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_processes_started_together(db, config, env, tmp_path):
    codes = issue_codes(db, config, 3)
    # every code by two processes, all six started together
    running = {code: [start([sys.executable, "-m", "vrijetijd_cli", "voucher", "redeem", code, "--activity", "1"],
                            env, tmp_path) for _ in range(2)] for code in codes}
    for code, processes in running.items():
        check_exactly_one(db, code, finish(processes))


def test_processes_released_at_the_same_instant(db, config, env, tmp_path):
    codes = issue_codes(db, config, 3)
    moment = str(time.time() + 2.5)
    running = {code: [start([sys.executable, "-c", AT_THE_SAME_MOMENT, moment, "voucher", "redeem", code.lower(),
                             "--activity", "1"], env, tmp_path) for _ in range(3)] for code in codes}
    for code, processes in running.items():
        check_exactly_one(db, code, finish(processes))
    assert db.execute("SELECT COUNT(*) FROM participations").fetchone()[0] == 3
