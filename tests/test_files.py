"""Files with personal data are owner-only, written whole or not at all, never through a link."""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from tests.conftest import DATA
from tests.test_services_privacy import populate
from vrijetijd_cli import files
from vrijetijd_cli.errors import InvalidInput


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def usual_umask():
    """The umask most systems have, under which files used to come out world-readable."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_a_new_database_its_wal_and_shm_and_its_folder_are_private(cli, tmp_path):
    path = tmp_path / "nieuw" / "data" / "vrijetijd.db"
    assert cli("--db", path, "init").exit_code == 0
    conn = __import__("sqlite3").connect(path)  # keeps the WAL and SHM files open
    conn.execute("SELECT count(*) FROM partners").fetchone()
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("UPDATE partners SET contact = contact")
    conn.commit()
    made = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    assert {p.name: mode(p) for p in made} == {p.name: 0o600 for p in made}
    assert (mode(path.parent), mode(path.parent.parent)) == (0o700, 0o700)
    conn.close()


@pytest.mark.parametrize(
    "args",
    [
        ("participant", "export", "1", "--format", "md"),
        ("participant", "list", "--format", "csv"),
        ("report", "yearly", "--year", "2025", "--format", "html"),
        ("audit", "list", "--format", "json"),
    ],
)
def test_every_output_file_is_private_and_named(cli, db, tmp_path, args):
    populate(db)
    out = tmp_path / "uit" / "bestand"
    result = cli(*args, "--output", out)
    assert result.exit_code == 0, result.stderr
    assert (mode(out), mode(out.parent)) == (0o600, 0o700)
    assert out.stat().st_size > 0
    assert result.stderr.splitlines()[-1] == f"Geschreven naar {out}."
    assert [p.name for p in out.parent.iterdir()] == ["bestand"]  # no temporary file left


def test_a_report_as_csv_folder_is_private(cli, db, tmp_path):
    populate(db)
    folder = tmp_path / "rapport"
    assert cli("report", "yearly", "--year", "2025", "--format", "csv", "--output", folder).exit_code == 0
    written = list(folder.iterdir())
    assert written and {mode(p) for p in written} == {0o600} and mode(folder) == 0o700


def test_a_rejects_file_is_private(cli, db, tmp_path):
    shutil.copy(DATA / "import_brug_juni.csv", tmp_path / "lijst.csv")
    assert cli("import", "participants", "lijst.csv", "--partner", "De Brug", "--skip-invalid").exit_code == 0
    rejects = tmp_path / "lijst.rejects.csv"
    assert mode(rejects) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith((".lijst", "lijst"))) == [
        "lijst.csv", "lijst.rejects.csv"]


def test_output_through_a_symbolic_link_is_refused(cli, db, tmp_path):
    victim = tmp_path / "belangrijk.txt"
    victim.write_text("niet overschrijven")
    link = tmp_path / "partners.csv"
    link.symlink_to(victim)
    result = cli("partner", "list", "--format", "csv", "--output", link)
    assert result.exit_code == 1
    assert result.stderr == (f"Fout: uitvoerbestand {str(link)!r} is een symbolische koppeling; daar schrijft"
                             " vrijetijd niet door (er is niets geschreven)\n")
    assert victim.read_text() == "niet overschrijven" and link.is_symlink()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_dev_full_is_a_clear_error(cli, db):
    result = cli("partner", "list", "--format", "csv", "--output", "/dev/full")
    assert result.exit_code == 1
    assert result.stderr == ("Fout: uitvoerbestand '/dev/full' kan niet geschreven worden: de schijf is vol;"
                             " er is niets geschreven\n")


def test_dev_null_is_written_directly(cli, db):
    result = cli("partner", "list", "--format", "json", "--output", os.devnull)
    assert result.exit_code == 0, result.stderr


def test_a_full_disk_leaves_the_old_file_whole(cli, db, tmp_path, monkeypatch):
    out = tmp_path / "partners.json"
    out.write_text("de vorige versie")

    def no_room(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", no_room)
    result = cli("partner", "list", "--format", "json", "--output", out)
    assert result.exit_code == 1
    assert result.stderr == (f"Fout: uitvoerbestand {str(out)!r} kan niet geschreven worden: de schijf is vol;"
                             " er is niets geschreven\n")
    assert out.read_text() == "de vorige versie"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".partners")] == []


def test_an_output_replaces_an_older_file_whole(cli, db, tmp_path):
    out = tmp_path / "partners.json"
    out.write_text("de vorige versie, veel langer dan wat nu komt " * 200)
    os.chmod(out, 0o644)
    assert cli("partner", "list", "--format", "json", "--output", out).exit_code == 0
    assert len(json.loads(out.read_text())) == 7 and mode(out) == 0o600


def test_write_whole_refuses_a_folder(tmp_path):
    with pytest.raises(InvalidInput, match="is een map"):
        files.write_whole(tmp_path, b"x")


def test_temporary_names_never_repeat(tmp_path):
    made = {files.temporary(tmp_path, "vrijetijd.db", "part") for _ in range(200)}
    assert len(made) == 200 and {mode(p) for p in made} == {0o600}
