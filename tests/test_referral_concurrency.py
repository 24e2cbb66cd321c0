"""Eight coordinators refer the same new person at the same moment, from eight real processes:
exactly one participant is made; the others are told who it is (the duplicate check runs under
the write lock, BEGIN IMMEDIATE)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import count

ROOT = Path(__file__).parents[1]
# `python -m vrijetijd_cli …`, imported first and held until the given moment, so all processes
# run the referral itself at the same time (their start-up time differs); writing the person takes
# a moment, as on a busy disk, so a check made before the write lock would let all of them through
AT_THE_SAME_MOMENT = (
    "import runpy, sys, time\n"
    "import vrijetijd_cli.cli, vrijetijd_cli.services.referrals, vrijetijd_cli.commands.referral\n"
    "from vrijetijd_cli.services import participants\n"
    "write = participants.insert\n"
    "participants.insert = lambda conn, person: time.sleep(0.2) or write(conn, person)\n"
    "start = float(sys.argv.pop(1))\n"
    "time.sleep(max(0.0, start - time.time()))\n"
    "runpy.run_module('vrijetijd_cli', run_name='__main__', alter_sys=True)\n"
)


@pytest.mark.slow
def test_eight_processes_make_exactly_one_participant(db, db_path, config_path, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VRIJETIJD_DB": str(db_path),
           "VRIJETIJD_CONFIG": str(config_path), "VRIJETIJD_TODAY": "2026-06-15", "NO_COLOR": "1"}
    moment = str(time.time() + 3)
    args = ["referral", "add", "--partner", "De Brug", "--first-name", "Zeynep", "--last-name", "Aksoy",
            "--birth-date", "12/03/1985", "--ground", "ocmw"]
    processes = [subprocess.Popen([sys.executable, "-c", AT_THE_SAME_MOMENT, moment, *args], cwd=tmp_path, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(8)]
    results = [(p.returncode, out, err) for p in processes for out, err in [p.communicate(timeout=120)]]
    winners = [r for r in results if r[0] == 0]
    assert len(winners) == 1, results
    assert "Zeynep Aksoy (deelnemer 1, nieuw)" in winners[0][2]
    for returncode, out, err in (r for r in results if r[0] != 0):
        assert (returncode, out) == (1, "")
        assert err == ("Fout: deze persoon bestaat al als deelnemer 1 (zelfde naam en geboortedatum);"
                       " gebruik --participant 1 of --force\n")
    assert (count(db, "participants"), count(db, "referrals"), count(db, "statuses")) == (1, 1, 1)
