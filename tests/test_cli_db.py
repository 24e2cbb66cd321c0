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




# --- db info: which database and config, schema and counts -------------------------------------


def test_info_names_the_database_the_config_and_the_counts(cli, db, db_path, config_path):
    result = cli("db", "info", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["database"] == str(db_path.resolve())
    assert data["origin"] == "env"  # conftest sets $VRIJETIJD_DB
    assert data["config"] == str(config_path.resolve())
    assert data["exists"] is True
    assert data["schema"] == MIGRATION_NAMES[-1] and data["migrations"] == len(MIGRATION_NAMES)
    assert data["counts"]["partners"] == 7 and data["counts"]["goals"] == 9
    table = cli("db", "info")
    assert table.exit_code == 0
    assert f"Databank         {db_path.resolve()}" in table.stdout
    assert "Gekozen door     $VRIJETIJD_DB" in table.stdout
    assert MIGRATION_NAMES[-1] in table.stdout
    assert "deelnemers" in table.stdout and "participants" not in table.stdout  # words, not table names


def test_info_on_a_database_that_does_not_exist_yet(cli, tmp_path, monkeypatch):
    monkeypatch.delenv("VRIJETIJD_DB")
    result = cli("db", "info", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["database"] == str(tmp_path / "share" / "vrijetijd" / "vrijetijd.db")
    assert (data["origin"], data["exists"]) == ("default", False)
    assert "Deze databank bestaat nog niet; maak ze met 'vrijetijd init'." in result.stderr
    assert not (tmp_path / "share").exists()  # info writes nothing


def test_a_new_user_finds_the_same_database_from_every_folder(tmp_path):
    """As a new user: `init` in one folder, `participant list` in another, without --db or $VRIJETIJD_DB."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VRIJETIJD_DB": "", "VRIJETIJD_CONFIG": ""}
    first, second = tmp_path / "eerste", tmp_path / "tweede"
    first.mkdir()
    second.mkdir()

    def run(folder, *args):
        return subprocess.run([sys.executable, "-m", "vrijetijd_cli", *args], cwd=folder, env=env,
                              capture_output=True, text=True, timeout=60)

    made = run(first, "init")
    expected = tmp_path / "share" / "vrijetijd" / "vrijetijd.db"
    assert made.returncode == 0, made.stderr
    assert str(expected) in made.stderr
    added = run(second, "participant", "add", "--first-name", "Ann", "--last-name", "Peeters",
                "--birth-date", "12/03/1985")
    assert added.returncode == 0, added.stderr
    listed = run(first, "participant", "list", "--format", "json")
    assert [p["last_name"] for p in json.loads(listed.stdout)] == ["Peeters"]
    again = run(second, "init")
    assert again.stderr.startswith(f"Bestaande databank {expected} bijgewerkt")
    assert not (first / "data").exists() and not (second / "data").exists()
    info = json.loads(run(second, "db", "info", "--format", "json").stdout)
    assert (info["database"], info["origin"], info["counts"]["participants"]) == (str(expected), "default", 1)


def damaged_index(db, tmp_path) -> Path:
    """A copy whose expenses index holds other values than its table: integrity_check finds it,
    quick_check does not look."""
    damaged = tmp_path / "index.db"
    for year in (2025, 2026):
        db.execute("INSERT INTO expenses (year, date, category, amount_cents, description, created_at)"
                   " VALUES (?, ?, 'vervoer', 100, 'bus', 'x')", [year, f"{year}-01-01"])
    db.execute("VACUUM INTO ?", [str(damaged)])
    conn = sqlite3.connect(damaged, isolation_level=None)
    version = conn.execute("PRAGMA schema_version").fetchone()[0]
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX idx_expenses_year ON expenses (category)'"
                 " WHERE name = 'idx_expenses_year'")
    conn.execute(f"PRAGMA schema_version = {version + 1}")
    conn.close()
    return damaged


def test_check_is_quick_by_default_and_full_on_request(cli, db, tmp_path):
    damaged = damaged_index(db, tmp_path)
    quick = cli("--db", damaged, "db", "check")
    assert (quick.exit_code, quick.stdout) == (0, "")
    assert quick.stderr == "Databank in orde: integriteit, verwijzingen en domeinregels gecontroleerd.\n"
    assert cli("--db", damaged, "db", "check", "--quick").exit_code == 0  # still accepted: the default
    full = cli("--db", damaged, "db", "check", "--full", "--format", "json")
    assert full.exit_code == 1
    problems = json.loads(full.stdout)
    assert {p["check"] for p in problems} == {"integrity"}
    assert problems[0]["detail"] == "row 1 missing from index idx_expenses_year"
    assert full.stderr == "Fout: databank: 2 problemen gevonden\n"
    both = cli("--db", damaged, "db", "check", "--full", "--quick")
    assert (both.exit_code, both.stderr) == (1, "Fout: --full en --quick gaan niet samen\n")


def test_check_finds_amounts_over_the_maximum(cli, db):
    db.execute("INSERT INTO expenses (year, date, category, amount_cents, description, created_at)"
               " VALUES (2025, '2025-01-01', 'vervoer', 10000001, 'tikfout', 'x')")
    result = cli("db", "check", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [{"check": "amount_over_maximum", "table": "expenses", "row_id": 1,
                                          "detail": "amount_cents=10000001"}]


def test_an_upgrade_on_an_ordinary_command_is_announced_with_its_backup(cli, db, db_path, monkeypatch):
    db.close()
    add_test_migration(monkeypatch)
    result = cli("partner", "list", "--format", "json")
    assert result.exit_code == 0, result.stderr
    (made,) = (db_path.parent / "backups").iterdir()
    assert result.stderr == (f"Het schema van databank {db_path} is bijgewerkt (m003_test_column);"
                             f" eerst is een back-up gemaakt: {made}\n")
    assert len(json.loads(result.stdout)) == 7
    assert cli("partner", "list", "--format", "json").stderr == ""  # once


def test_a_copy_put_back_by_hand_forgets_again_on_the_next_command(cli, db, db_path, tmp_path):
    people = populate(db)
    saved = tmp_path / "voor.db"
    assert cli("db", "backup", saved).exit_code == 0
    assert cli("participant", "forget", people["ann"], "--reason", "verzoek").exit_code == 0
    db.close()
    for suffix in ("-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    db_path.write_bytes(saved.read_bytes())
    result = cli("participant", "show", people["ann"], "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["first_name"] == "Geanonimiseerd"
    assert result.stderr == (f"1 deelnemer uit het wissingsregister opnieuw vergeten (een oudere kopie van de"
                             f" databank werd teruggezet): {people['ann']}.\n")
    assert cli("participant", "show", people["ann"], "--format", "json").stderr == ""


def test_restore_says_how_many_erasures_it_applied_again(cli, db, tmp_path):
    target = tmp_path / "leeg.db"
    assert cli("db", "backup", target).exit_code == 0
    db.close()
    result = cli("db", "restore", target)
    assert result.exit_code == 0
    assert result.stderr.splitlines()[-1] == (
        "Geen wissingen opnieuw toe te passen: de back-up bevat niemand die intussen vergeten werd.")


def test_backup_deletes_backups_past_the_retention(cli, db, db_path, config_path):
    config_path.write_text(config_path.read_text(encoding="utf-8").replace(
        "backup_retention_days: 90", "backup_retention_days: 30"), encoding="utf-8")
    folder = db_path.parent / "backups"
    folder.mkdir()
    old = folder / "vrijetijd-20260501-120000.db"
    recent = folder / "vrijetijd-20260520-120000.db"
    for path in (old, recent):
        path.write_bytes(b"kopie")
    result = cli("db", "backup")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[1] == f"1 back-up ouder dan 30 dagen verwijderd: {old}"
    assert not old.exists() and recent.exists()
