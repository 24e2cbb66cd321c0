"""`vrijetijd db backup|restore|check|migrate` through the command line."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import table_counts, use_english
from tests.test_services_backup import add_test_migration
from tests.test_services_privacy import add_participation, populate, raw_bytes
from vrijetijd_cli.migrations import MIGRATION_NAMES

ROOT = Path(__file__).parents[1]


@pytest.fixture
def participant_cli(cli):
    return cli


def test_check_on_a_sound_database(cli, db):
    populate(db)
    result = cli("db", "check")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert (
        result.stderr
        == "Databank in orde: integriteit, verwijzingen en domeinregels gecontroleerd.\n"
    )
    as_json = cli("db", "check", "--format", "json")
    assert (as_json.exit_code, json.loads(as_json.stdout)) == (0, [])


def test_check_on_a_damaged_copy_names_the_problem(cli, db, db_path, tmp_path):
    people = populate(db)
    damaged = tmp_path / "beschadigd.db"
    db.execute("VACUUM INTO ?", [str(damaged)])
    conn = sqlite3.connect(damaged, isolation_level=None)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute(
        "UPDATE statuses SET valid_from = '2026-01-01' WHERE participant_id = ?", [people["ann"]]
    )
    conn.execute("PRAGMA foreign_keys = OFF")
    add_participation(conn, 999, people["swim"])
    conn.close()
    result = cli("--db", damaged, "db", "check")
    assert result.exit_code == 1
    assert result.stderr == "Fout: databank: 4 problemen gevonden\n"
    assert "einddatum ligt voor begindatum" in result.stdout
    assert "valid_from=2026-01-01, valid_until=2025-12-31" in result.stdout
    assert "deelname zonder deelnemer" in result.stdout
    assert "CHECK constraint failed in statuses" in result.stdout
    as_json = cli("--db", damaged, "db", "check", "--format", "json")
    assert as_json.exit_code == 1
    assert {p["check"] for p in json.loads(as_json.stdout)} == {
        "integrity",
        "foreign_key",
        "dates_reversed",
        "participation_without_participant",
    }
    assert cli("db", "check").exit_code == 0  # the original is untouched


def test_check_in_english(cli, db, config_path):
    use_english(config_path)
    db.execute("PRAGMA ignore_check_constraints = ON")
    db.execute(
        "INSERT INTO expenses (year, date, category, amount_cents, created_at)"
        " VALUES (2025, '2025-01-01', 'vervoer', -100, 'x')"
    )
    result = cli("db", "check")
    assert result.exit_code == 1
    assert result.stderr == "Error: database: 2 problems found\n"
    assert "negative amount" in result.stdout


def test_backup_default_path_and_message(cli, db, db_path):
    result = cli("db", "backup")
    assert result.exit_code == 0, result.stderr
    (made,) = (db_path.parent / "backups").iterdir()
    assert made.name.startswith("vrijetijd-20260615-")
    assert result.stderr == f"Back-up gemaakt: {made}\n" and result.stdout == ""


def test_backup_refuses_to_overwrite(cli, db, tmp_path):
    target = tmp_path / "kopie.db"
    assert cli("db", "backup", target).exit_code == 0
    before = target.read_bytes()
    again = cli("db", "backup", target)
    assert again.exit_code == 1
    assert again.stderr == f"Fout: back-up {str(target)!r} bestaat al; kies een andere naam\n"
    assert target.read_bytes() == before


def test_backup_without_a_database(cli, tmp_path):
    result = cli("db", "backup")
    assert result.exit_code == 1
    assert "bestaat niet; maak ze met 'vrijetijd init'" in result.stderr


def test_restore_round_trip(cli, db, db_path, tmp_path):
    target = tmp_path / "voor.db"
    assert cli("db", "backup", target).exit_code == 0
    assert cli("partner", "add", "--name", "Vzw Kras", "--kind", "vzw").exit_code == 0
    db.close()
    result = cli("db", "restore", target)
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == f"Databank hersteld uit {target}."
    assert lines[1].startswith(f"De vorige toestand staat in {db_path.parent / 'backups'}")
    partners = json.loads(cli("partner", "list", "--format", "json").stdout)
    assert "Vzw Kras" not in [p["name"] for p in partners]


def test_restore_refuses_a_foreign_file_and_touches_nothing(cli, db, tmp_path):
    before = table_counts(db)
    foreign = tmp_path / "foto.db"
    foreign.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    result = cli("db", "restore", foreign)
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"Fout: {str(foreign)!r} is geen SQLite-databank; het bestand is niet aangeraakt\n"
    )
    missing = cli("db", "restore", tmp_path / "weg.db")
    assert missing.exit_code == 1 and "bestaat niet" in missing.stderr
    assert table_counts(db) == before
    assert not (tmp_path / "backups").exists()


def test_backup_forget_restore_through_the_command_line(
    cli, db, db_path, tmp_path, participant_cli
):
    people = populate(db)
    target = tmp_path / "voor-wissing.db"
    assert cli("db", "backup", target).exit_code == 0
    forget = participant_cli(
        "participant", "forget", str(people["ann"]), "--reason", "verzoek van de betrokkene"
    )
    assert forget.exit_code == 0, forget.stderr
    db.close()
    result = cli("db", "restore", target)
    assert result.exit_code == 0, result.stderr
    assert (
        f"1 wissing van na de back-up opnieuw toegepast: deelnemer {people['ann']}."
        in result.stderr
    )
    exported = json.loads(participant_cli("participant", "export", str(people["ann"])).stdout)
    assert exported["participant"]["first_name"] == "Geanonimiseerd"
    assert [e["reason"] for e in exported["erasures"]] == ["verzoek van de betrokkene"]
    assert b"Peeters" not in raw_bytes(db_path) and b"Peeters" in target.read_bytes()
    assert cli("db", "check").exit_code == 0


def test_restore_over_a_database_that_is_not_ours_asks_to_move_it(cli, db, db_path, tmp_path):
    target = tmp_path / "goed.db"
    assert cli("db", "backup", target).exit_code == 0
    db.close()
    for extra in ("-wal", "-shm"):
        db_path.with_name(db_path.name + extra).unlink(missing_ok=True)
    db_path.write_bytes(b"kapot")
    result = cli("db", "restore", target)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Fout: {str(db_path)!r} is geen SQLite-databank; het bestand is niet aangeraakt;"
        " zet het eerst opzij en herstel dan opnieuw\n"
    )
    assert db_path.read_bytes() == b"kapot"


def test_migrate_up_to_date(cli, db, db_path):
    result = cli("db", "migrate")
    assert result.exit_code == 0
    assert result.stderr == f"Het schema is al bij ({MIGRATION_NAMES[-1]}); niets gewijzigd.\n"
    assert not (db_path.parent / "backups").exists()


def test_migrate_with_a_pending_migration_makes_a_backup_first(cli, db, db_path, monkeypatch):
    db.close()
    add_test_migration(monkeypatch)
    result = cli("db", "migrate")
    assert result.exit_code == 0, result.stderr
    (made,) = (db_path.parent / "backups").iterdir()
    assert result.stderr == f"Schema bijgewerkt: m003_test_column. Back-up vooraf: {made}\n"
    again = cli("db", "migrate")
    assert again.stderr == "Het schema is al bij (m003_test_column); niets gewijzigd.\n"


def test_db_backup_as_a_separate_process(cli, db, tmp_path):
    """The real entry point, as the coordinator runs it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    target = tmp_path / "proces.db"
    done = subprocess.run(
        [sys.executable, "-m", "vrijetijd_cli", "db", "backup", str(target)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert target.exists()
    checked = subprocess.run(
        [sys.executable, "-m", "vrijetijd_cli", "--db", str(target), "db", "check"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert checked.returncode == 0, checked.stderr


