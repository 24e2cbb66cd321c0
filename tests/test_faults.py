"""Faults (issue 8, item 7), with real processes (`python -m vrijetijd_cli`): an import or a demo
build killed midway, two processes writing at once, a read-only database or folder, a full disk.

Afterwards the database passes `db check` and holds all or nothing of the interrupted work; the
user sees a clear `Fout: …` and exit code 1, never a traceback or "database is locked".
"""

import hashlib
import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import TODAY
from vrijetijd_cli.config import PACKAGED_CONFIG
from vrijetijd_cli.synthetic.lists import write_partner_csv

pytestmark = pytest.mark.slow  # killed processes, full disks and races: seconds each

ROOT = Path(__file__).parents[1]
CLI = [sys.executable, "-m", "vrijetijd_cli"]
IMPORTED = ("participants", "statuses", "referrals", "imports")
NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


class Env:
    """A database, config and cache folder of its own; runs the CLI as a separate process."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.db = folder / "vrijetijd.db"
        config = folder / "config.yaml"
        shutil.copyfile(PACKAGED_CONFIG, config)
        (folder / "cache").mkdir()
        self.vars = {
            **os.environ, "PYTHONPATH": str(ROOT), "VRIJETIJD_CONFIG": str(config), "VRIJETIJD_DB": str(self.db),
            "XDG_CACHE_HOME": str(folder / "cache"), "VRIJETIJD_TODAY": TODAY, "NO_COLOR": "1", "COLUMNS": "120",
        }

    def start(self, *args, db: Path | None = None, prefix=(), **options) -> subprocess.Popen:
        env = {**self.vars, **({"VRIJETIJD_DB": str(db)} if db else {})}
        return subprocess.Popen([*prefix, *CLI, *map(str, args)], cwd=self.folder, env=env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, **options)

    def run(self, *args, **options) -> subprocess.CompletedProcess:
        process = self.start(*args, **options)
        out, err = process.communicate(timeout=120)
        return subprocess.CompletedProcess(process.args, process.returncode, out, err)

    def ok(self, *args, **options) -> subprocess.CompletedProcess:
        done = self.run(*args, **options)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        return done


@pytest.fixture
def env(tmp_path) -> Env:
    work = tmp_path / "werk"
    work.mkdir()
    made = Env(work)
    made.ok("init")
    return made


def counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                            " AND name NOT LIKE 'sqlite_%'")]
        return {name: conn.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0] for name in names}
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return -1


def check_passes(env: Env, db: Path | None = None) -> None:
    done = env.run("db", "check", db=db)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Databank in orde" in done.stderr + done.stdout


def clear_error(done: subprocess.CompletedProcess, text: str) -> None:
    assert done.returncode == 1, done.stderr
    assert done.stdout == ""
    assert done.stderr.splitlines()[-1].startswith("Fout: "), done.stderr  # an import names its file first
    assert text in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


# --- killed midway ---------------------------------------------------------------------------


def test_import_killed_midway_leaves_all_or_nothing(env, tmp_path):
    big = write_partner_csv(tmp_path / "lijst.csv", 50_000, seed=8, today=date.fromisoformat(TODAY))
    pristine = tmp_path / "voor.db"
    shutil.copyfile(env.db, pristine)  # no process has it open: the file is the whole database
    before = counts(env.db)
    # the same import run to the end on a copy: what 'everything' looks like, and how long it takes
    reference = tmp_path / "referentie.db"
    shutil.copyfile(pristine, reference)
    started = time.monotonic()
    env.ok("import", "participants", big, "--partner", "5", "--format", "json", db=reference)
    took = time.monotonic() - started
    everything = counts(reference)
    assert everything["imports"] == before["imports"] + 1
    assert everything["referrals"] > before["referrals"] + 49_000  # every row but the few doubles
    wal = Path(f"{env.db}-wal")
    for moment in ("reading and checking", "writing the transaction"):
        for _attempt in range(5):
            process = env.start("import", "participants", big, "--partner", "5", "--again")
            if moment == "reading and checking":
                time.sleep(took * 0.4)  # the rows are read and checked before anything is written
            else:
                while process.poll() is None and size(wal) < 1_000_000:
                    pass  # the commit writes the WAL for a few dozen milliseconds: catch it growing
            process.kill()
            process.communicate()
            if process.returncode == -signal.SIGKILL:
                break
            shutil.copyfile(pristine, env.db)  # it finished before the kill: try again
            for extra in (wal, Path(f"{env.db}-shm")):
                extra.unlink(missing_ok=True)
        assert process.returncode == -signal.SIGKILL, moment
        check_passes(env)
        after = counts(env.db)
        assert {t: after[t] for t in IMPORTED} in ({t: before[t] for t in IMPORTED},
                                                   {t: everything[t] for t in IMPORTED}), moment
        assert after == before or after == everything, moment
    # the database goes on as if nothing happened
    env.ok("import", "participants", big, "--partner", "5", "--again")
    check_passes(env)
    gained = everything["referrals"] - before["referrals"]
    assert counts(env.db)["referrals"] - before["referrals"] in (gained, 2 * gained)


def test_demo_killed_midway_never_leaves_a_half_database(env, tmp_path):
    target = env.folder / "data" / "demo.db"  # the default place, under the current folder
    env.ok("demo", "--participants", "30", "--no-report")
    previous = digest(target)
    reference = tmp_path / "referentie" / "demo.db"
    started = time.monotonic()
    env.ok("--db", reference, "demo", "--participants", "6000", "--no-report")
    took = time.monotonic() - started
    complete = counts(reference)
    building = target.with_name("demo.db.building")
    kills = 0
    for fraction in (0.25, 0.5, 0.75, None):
        process = env.start("demo", "--participants", "6000", "--no-report")
        if fraction is None:
            # the last moments: the finished build is checkpointed into its file and moved in place
            while process.poll() is None and size(building) < 1_000_000:
                pass
        else:
            time.sleep(took * fraction)
        process.kill()
        process.communicate()
        kills += process.returncode == -signal.SIGKILL
        if target.exists():
            # the older demo as it was, or the new one complete: never something in between
            if digest(target) != previous:
                assert counts(target) == complete, fraction
                check_passes(env, target)
                previous = digest(target)
            assert not Path(f"{target}-wal").exists()
    assert kills >= 2
    # the next build clears what an interrupted one left behind
    env.ok("demo", "--participants", "6000", "--no-report")
    assert counts(target) == complete
    check_passes(env, target)
    assert sorted(p.name for p in target.parent.iterdir()) == ["demo.db"]


# --- two processes writing at once -----------------------------------------------------------

# Many commands in one process, released at a given moment, so two processes contend for the
# database all the time; exit codes are written to a file, stdout and stderr stay the CLI's own.
WRITER = (
    "import json, sys, time\n"
    "from vrijetijd_cli.cli import app\n"
    "moment, jobs, report = float(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]\n"
    "time.sleep(max(0.0, moment - time.time()))\n"
    "codes = [app(args, prog_name='vrijetijd', standalone_mode=False) or 0 for args in jobs]\n"
    "open(report, 'w').write(json.dumps(codes))\n"
)


def setup_vouchers(env: Env, count: int) -> list[str]:
    env.ok("participant", "add", "--first-name", "Fatima", "--last-name", "El Amrani", "--birth-date", "04/11/1987")
    env.ok("participant", "status", "add", "--participant", "1", "--ground", "ocmw")
    env.ok("activity", "add", "--title", "Zwembad Kapermolen", "--domain", "sport", "--price", "2")
    issued = env.ok("voucher", "issue", "--participant", "1", "--amount", "5", "--count", count, "--format", "json")
    return [v["code"] for v in json.loads(issued.stdout)]


def referral(process: int, number: int) -> list[str]:
    return ["referral", "add", "--partner", str(1 + number % 7), "--first-name", f"Proces{process}",
            "--last-name", f"Persoon{number:03d}", "--birth-date", f"{1 + number % 28}/{1 + process}/1990",
            "--note", f"{process}-{number}"]


def assert_all_written(env: Env, people: int, codes: list[str]) -> None:
    conn = sqlite3.connect(env.db)
    try:
        notes = sorted(r[0] for r in conn.execute("SELECT note FROM referrals"))
        ids = [r[0] for r in conn.execute("SELECT id FROM referrals ORDER BY id")]
        redeemed = conn.execute("SELECT COUNT(*) FROM vouchers WHERE state = 'redeemed'").fetchone()[0]
        paid = conn.execute("SELECT COUNT(*) FROM participations WHERE voucher_id IS NOT NULL").fetchone()[0]
    finally:
        conn.close()
    assert notes == sorted(f"{p}-{n}" for p in (1, 2) for n in range(people))
    assert ids == list(range(1, 2 * people + 1))  # no id lost or used twice
    assert redeemed == paid == len(codes)
    check_passes(env)


def test_two_processes_writing_at_once_lose_nothing(env, tmp_path):
    people = 80
    codes = setup_vouchers(env, 16)
    jobs = {p: [] for p in (1, 2)}
    for p in (1, 2):
        mine = codes[p - 1::2]
        for n in range(people):
            jobs[p].append(referral(p, n))
            if n % 15 == 0 and mine:
                jobs[p].append(["voucher", "redeem", mine.pop(), "--activity", "1"])
        jobs[p].extend(["voucher", "redeem", code, "--activity", "1"] for code in mine)
    moment = time.time() + 1.5  # both loaded and waiting
    running = {
        p: subprocess.Popen([sys.executable, "-c", WRITER, str(moment), json.dumps(jobs[p]),
                             str(tmp_path / f"{p}.json")], cwd=env.folder, env=env.vars, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for p in (1, 2)
    }
    for p, process in running.items():
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert json.loads((tmp_path / f"{p}.json").read_text()) == [0] * len(jobs[p])
        for word in ("Fout", "locked", "bezet", "busy", "Traceback"):
            assert word not in err
        assert err.count("Toeleiding ") == people  # the confirmations, on stderr
    assert_all_written(env, people, codes)


def test_two_streams_of_commands_at_once_lose_nothing(env):
    """Each command its own process: opening, migrating and writing all overlap."""
    people = 8
    codes = setup_vouchers(env, 6)
    results: dict[int, list[subprocess.CompletedProcess]] = {1: [], 2: []}

    def stream(p: int) -> None:
        mine = codes[p - 1::2]
        for n in range(people):
            results[p].append(env.run(*referral(p, n)))
            if n % 3 == 0 and mine:
                results[p].append(env.run("voucher", "redeem", mine.pop(), "--activity", "1"))

    threads = [threading.Thread(target=stream, args=(p,)) for p in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for done in results[1] + results[2]:
        assert done.returncode == 0, done.stderr
        for word in ("Fout", "locked", "bezet", "busy", "Traceback"):
            assert word not in done.stderr
    assert_all_written(env, people, codes)


# --- read-only and full --------------------------------------------------------------------


@pytest.fixture
def shared():
    """A folder an unprivileged user can reach (pytest's own temp folders are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="vrijetijd-alleen-lezen-"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir():
            path.chmod(0o755)
    shutil.rmtree(folder)


def as_user(shared: Path) -> tuple[list[str], str]:
    """How to run the CLI so that file permissions apply: as root they do not."""
    if os.geteuid() != 0:
        return [], ""
    if shutil.which("setpriv") is None:
        pytest.skip("running as root and setpriv is not available to drop to an unprivileged user")
    probe = subprocess.run([*NOBODY, sys.executable, "-c", "import vrijetijd_cli, typer"], cwd=shared,
                           env={"PYTHONPATH": str(ROOT)}, capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"the unprivileged user cannot run the package: {probe.stderr.strip()[-200:]}")
    return NOBODY, "nobody"


def hand_over(path: Path, user: str) -> None:
    if user:
        shutil.chown(path, user)


def test_read_only_database_file(shared):
    prefix, user = as_user(shared)
    env = Env(shared)
    env.ok("init")
    env.ok("referral", "add", "--partner", "5", "--first-name", "Jan", "--last-name", "Peeters",
           "--birth-date", "1/1/1990")
    hand_over(shared, user)
    hand_over(shared / "cache", user)
    env.db.chmod(0o444)
    before, fingerprint = counts(env.db), digest(env.db)
    lijst = shared / "lijst.csv"
    write_partner_csv(lijst, 20, seed=1, today=date.fromisoformat(TODAY))
    for args in (["referral", "add", "--partner", "5", "--first-name", "An", "--last-name", "Claes",
                  "--birth-date", "2/2/1990"],
                 ["participant", "edit", "1", "--notes", "nieuw"],
                 ["import", "participants", lijst, "--partner", "5"]):
        clear_error(env.run(*args, prefix=prefix), "Fout: de databank is alleen-lezen; er is niets gewijzigd")
    # reading still works
    listed = env.run("participant", "list", "--format", "json", prefix=prefix)
    assert listed.returncode == 0, listed.stderr
    assert [p["last_name"] for p in json.loads(listed.stdout)] == ["Peeters"]
    assert digest(env.db) == fingerprint and counts(env.db) == before
    env.db.chmod(0o644)
    check_passes(env)


def test_read_only_folder(shared):
    prefix, user = as_user(shared)
    env = Env(shared)
    data = shared / "data"
    env.ok("--db", data / "vrijetijd.db", "init")
    env.vars["VRIJETIJD_DB"] = str(data / "vrijetijd.db")
    env.db = data / "vrijetijd.db"
    for path in (data, env.db, shared / "cache"):
        hand_over(path, user)
    data.chmod(0o555)  # SQLite cannot make its -wal and -shm files beside the database
    before, fingerprint = counts(env.db), digest(env.db)
    expected = (f"Fout: databank {str(env.db)!r} kan niet geopend worden: het bestand of zijn map is"
                " alleen-lezen; er is niets gewijzigd")
    for args in (["referral", "add", "--partner", "5", "--first-name", "An", "--last-name", "Claes",
                  "--birth-date", "2/2/1990"],
                 ["participant", "list"]):
        clear_error(env.run(*args, prefix=prefix), expected)
    # nor can a backup or an export be written into a read-only folder
    data.chmod(0o755)
    locked = shared / "op-slot"
    locked.mkdir(mode=0o555)
    locked.chmod(0o555)
    clear_error(env.run("db", "backup", locked / "kopie.db", prefix=prefix), "kan niet geschreven worden")
    clear_error(env.run("partner", "list", "--format", "csv", "--output", locked / "partners.csv", prefix=prefix),
                f"Fout: uitvoerbestand {str(locked / 'partners.csv')!r} kan niet geschreven worden")
    assert list(locked.iterdir()) == []
    assert digest(env.db) == fingerprint and counts(env.db) == before
    check_passes(env)


def file_size_limit(limit: int):
    """A full disk, for this process only: writes past `limit` bytes fail (EFBIG), no signal."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


DISK = "er is niets gewijzigd"


def test_full_disk_during_an_import(env, tmp_path):
    lijst = write_partner_csv(tmp_path / "lijst.csv", 3000, seed=3, today=date.fromisoformat(TODAY))
    before, fingerprint = counts(env.db), digest(env.db)
    done = env.run("import", "participants", lijst, "--partner", "5", preexec_fn=file_size_limit(256 * 1024))
    clear_error(done, "Fout: schrijven naar de databank mislukt door een schijffout (is de schijf vol?); " + DISK)
    check_passes(env)
    assert counts(env.db) == before and digest(env.db) == fingerprint
    # with room again the same file goes in
    env.ok("import", "participants", lijst, "--partner", "5")


def test_full_disk_in_the_middle_of_a_transaction(env):
    # the demo build writes more than SQLite keeps in memory: the error comes mid-transaction
    target = env.folder / "data" / "demo.db"
    done = env.run("--db", target, "demo", "--participants", "3000", "--no-report",
                   preexec_fn=file_size_limit(1024 * 1024))
    clear_error(done, "Fout: schrijven naar de databank mislukt door een schijffout (is de schijf vol?); " + DISK)
    assert not target.exists()


def test_disk_full_from_the_start(env):
    before, fingerprint = counts(env.db), digest(env.db)
    done = env.run("referral", "add", "--partner", "5", "--first-name", "An", "--last-name", "Claes",
                   "--birth-date", "2/2/1990", preexec_fn=file_size_limit(0))
    clear_error(done, f"Fout: databank {str(env.db)!r} kan niet geopend worden: schijffout (is de schijf vol?); {DISK}")
    check_passes(env)
    assert counts(env.db) == before and digest(env.db) == fingerprint
