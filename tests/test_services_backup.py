"""Backups with the online backup API, restore that keeps forgotten people forgotten, migrate."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest

from tests.conftest import table_counts
from tests.test_services_privacy import add_person, populate, raw_bytes
from vrijetijd_cli import migrations, store
from vrijetijd_cli.errors import Conflict, DatabaseError, InvalidInput
from vrijetijd_cli.services import backup, checks, privacy


@pytest.fixture
def people(db) -> dict:
    return populate(db)


def add_test_migration(monkeypatch) -> None:
    """This version of the program knows one more migration than the databases have."""

    def m003_test_column(db) -> None:
        db.execute("ALTER TABLE partners ADD COLUMN website TEXT NOT NULL DEFAULT ''")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, m003_test_column])
    monkeypatch.setattr(store, "MIGRATION_NAMES", (*migrations.MIGRATION_NAMES, "m003_test_column"))


@pytest.fixture
def newer_schema(monkeypatch):
    add_test_migration(monkeypatch)


def partner_columns(conn) -> list[str]:
    return [r[1] for r in conn.execute("PRAGMA table_info(partners)")]


# --- backup -----------------------------------------------------------------------------------


def test_backup_is_a_private_self_contained_copy(db, db_path, people):
    target = backup.backup(db, db_path)
    assert target.parent == db_path.parent / "backups"
    assert target.name.startswith("vrijetijd-20260615-") and target.suffix == ".db"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not target.with_name(target.name + "-wal").exists()
    copy = store.open_db(target)
    assert table_counts(copy) == table_counts(db)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    copy.close()


def test_backup_names_are_unique_within_a_second(db, db_path):
    first, second = backup.backup(db, db_path), backup.backup(db, db_path)
    assert first != second and first.exists() and second.exists()


def test_backup_into_a_folder_and_never_over_a_file(db, db_path, tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    inside = backup.backup(db, db_path, folder)
    assert inside.parent == folder and inside.name.startswith("vrijetijd-")
    new_folder = backup.backup(db, db_path, f"{tmp_path}/nieuwe-map/")
    assert new_folder.parent == tmp_path / "nieuwe-map" and new_folder.name.startswith("vrijetijd-")
    existing = tmp_path / "bestaat.db"
    existing.write_bytes(b"niet overschrijven")
    with pytest.raises(Conflict, match="bestaat al"):
        backup.backup(db, db_path, existing)
    assert existing.read_bytes() == b"niet overschrijven"


def test_backup_while_another_process_writes_takes_the_committed_state(db, db_path, people):
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE partners SET contact = 'nog niet bevestigd' WHERE id = 1")
    target = backup.backup(db, db_path)
    other.execute("COMMIT")
    other.close()
    copy = sqlite3.connect(target)
    assert (
        copy.execute("SELECT contact FROM partners WHERE id = 1").fetchone()[0]
        == "vrije.tijd@hasselt.be"
    )
    copy.close()


# --- inspect ----------------------------------------------------------------------------------


def test_inspect_accepts_a_backup(db, db_path):
    assert backup.inspect(backup.backup(db, db_path)) == list(migrations.MIGRATION_NAMES)


def test_inspect_refuses_what_is_not_a_vrijetijd_backup(tmp_path):
    with pytest.raises(InvalidInput, match="bestaat niet"):
        backup.inspect(tmp_path / "nergens.db")
    text = tmp_path / "notities.db"
    text.write_text("dit is geen databank")
    with pytest.raises(DatabaseError, match="is geen SQLite-databank"):
        backup.inspect(text)
    foreign = tmp_path / "ander.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(DatabaseError, match="is geen vrijetijd-databank"):
        backup.inspect(foreign)


def test_inspect_refuses_a_newer_schema(db, db_path):
    target = backup.backup(db, db_path)
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('vrijetijd', 'm099_future', 'x')"
    )
    conn.close()
    with pytest.raises(
        DatabaseError, match="nieuwere versie van vrijetijd \\(schema m099_future\\)"
    ):
        backup.inspect(target)


def test_inspect_refuses_a_damaged_file(db, db_path, people):
    target = backup.backup(db, db_path)
    with sqlite3.connect(target) as copy:
        page_size = copy.execute("PRAGMA page_size").fetchone()[0]
        root = copy.execute("SELECT rootpage FROM sqlite_master WHERE name = 'participants'").fetchone()[0]
    copy.close()
    data = bytearray(target.read_bytes())
    start = (root - 1) * page_size  # the participants table's own page, never a free one
    data[start : start + 200] = b"\xff" * 200
    target.write_bytes(bytes(data))
    with pytest.raises(DatabaseError):
        backup.inspect(target)


# --- restore ----------------------------------------------------------------------------------


def test_restore_brings_back_the_backup_and_keeps_the_current_state(db, db_path, people):
    saved = backup.backup(db, db_path)
    db.execute("UPDATE partners SET contact = 'na de back-up' WHERE id = 1")
    db.close()
    result = backup.restore(db_path, saved)
    conn = store.open_db(db_path)
    assert (
        conn.execute("SELECT contact FROM partners WHERE id = 1").fetchone()[0]
        == "vrije.tijd@hasselt.be"
    )
    previous = store.open_db(result["previous_backup"])
    assert (
        previous.execute("SELECT contact FROM partners WHERE id = 1").fetchone()[0]
        == "na de back-up"
    )
    assert result["reapplied"] == [] and result["migrated"] == []
    assert conn.execute("SELECT entity, action FROM audit_log ORDER BY id DESC").fetchone()[:] == (
        "database",
        "restore",
    )
    assert checks.run(conn) == []
    assert not db_path.with_name(f".{db_path.name}.restore").exists()
    conn.close()
    previous.close()


def test_backup_forget_restore_keeps_the_person_forgotten(db, db_path, people):
    saved = backup.backup(db, db_path)
    privacy.forget(db, people["ann"], "verzoek van de betrokkene")
    db.close()
    result = backup.restore(db_path, saved)
    assert result["reapplied"] == [people["ann"]]
    conn = store.open_db(db_path)
    row = conn.execute(
        "SELECT first_name, birth_date, email, anonymized_at FROM participants WHERE id = ?",
        [people["ann"]],
    ).fetchone()
    assert row[:3] == ("Geanonimiseerd", None, "") and row[3].startswith("2026-06-15")
    erasures = conn.execute("SELECT participant_id, reason FROM erasures").fetchall()
    assert [tuple(e) for e in erasures] == [(people["ann"], "verzoek van de betrokkene")]
    assert (
        conn.execute(
            "SELECT first_name FROM participants WHERE id = ?", [people["old"]]
        ).fetchone()[0]
        == "Oud"
    )
    assert checks.run(conn) == []
    conn.close()
    secrets = ("Peeters", "peeters", "ann.peeters@example.be", "1985-03-12", "zwemlessen")
    assert all(s.encode() in saved.read_bytes() for s in secrets)  # the test could fail
    leaked = [s for s in secrets if s.encode() in raw_bytes(db_path)]
    assert leaked == []
    # restoring the same backup again does not forget twice
    again = backup.restore(db_path, saved)
    assert again["reapplied"] == [people["ann"]]
    conn = store.open_db(db_path)
    assert conn.execute("SELECT count(*) FROM erasures").fetchone()[0] == 1
    conn.close()


def test_restore_keeps_earlier_erasures_of_the_backup(db, db_path, people):
    privacy.forget(db, people["old"], "bewaartermijn")
    saved = backup.backup(db, db_path)
    privacy.forget(db, people["ann"], "verzoek")
    db.close()
    result = backup.restore(db_path, saved)
    assert result["reapplied"] == [people["ann"]]
    conn = store.open_db(db_path)
    assert conn.execute("SELECT count(*) FROM erasures").fetchone()[0] == 2
    conn.close()


def test_restore_skips_people_the_backup_does_not_hold_and_keeps_their_ids_unused(db, db_path, people):
    saved = backup.backup(db, db_path)
    later = add_person(db, "Later", "Toegevoegd", "1999-09-09", created="2026-06-01T10:00:00")
    privacy.forget(db, later, "verzoek")
    db.close()
    result = backup.restore(db_path, saved)
    assert (result["reapplied"], result["not_in_backup"], result["other_database"]) == ([], [later], False)
    conn = store.open_db(db_path)
    assert conn.execute("SELECT count(*) FROM erasures").fetchone()[0] == 0
    # the next person registered never gets the forgotten person's id
    assert conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'participants'").fetchone()[0] == later
    conn.close()


def test_restore_of_another_database_applies_none_of_this_ones_erasures(db, db_path, people, tmp_path, config):
    from vrijetijd_cli.services.setup import initialise

    other_path = tmp_path / "ander" / "vrijetijd.db"
    other = store.open_db(other_path, create=True)
    initialise(other, config)
    populate(other)  # the same ids, other people (another network's database)
    saved = backup.backup(other, other_path)
    other.close()
    privacy.forget(db, people["ann"], "verzoek")
    db.close()
    result = backup.restore(db_path, saved)
    assert (result["reapplied"], result["other_database"]) == ([], True)
    conn = store.open_db(db_path)
    assert conn.execute("SELECT first_name FROM participants WHERE id = ?", [people["ann"]]).fetchone()[0] == "Ann"
    conn.close()


def test_restore_refuses_bad_sources_and_leaves_the_database_alone(db, db_path, people, tmp_path):
    before = table_counts(db)
    bogus = tmp_path / "kapot.db"
    bogus.write_bytes(b"SQLite format 2\x00" + b"\x00" * 100)
    with pytest.raises(DatabaseError, match="is geen SQLite-databank"):
        backup.restore(db_path, bogus)
    with pytest.raises(InvalidInput, match="is de databank zelf"):
        backup.restore(db_path, db_path)
    assert table_counts(db) == before
    assert not (db_path.parent / "backups").exists()


def test_restore_into_a_missing_database(db, db_path, people, tmp_path):
    saved = backup.backup(db, db_path)
    elsewhere = tmp_path / "nieuw" / "vrijetijd.db"
    result = backup.restore(elsewhere, saved)
    assert result["previous_backup"] is None
    conn = store.open_db(elsewhere)
    assert table_counts(conn)["participants"] == 3
    conn.close()


def test_restore_of_an_older_schema_upgrades_it(db, db_path, people, newer_schema):
    saved = backup.backup(db, db_path)
    db.close()
    # the current database gets the new migration on open; the backup is still behind
    store.open_db(db_path).close()
    result = backup.restore(db_path, saved)
    assert result["migrated"] == ["m003_test_column"]
    conn = store.open_db(db_path)
    assert "website" in partner_columns(conn)
    conn.close()


# --- migrate ----------------------------------------------------------------------------------


def test_migrate_when_up_to_date_does_nothing(db, db_path):
    assert backup.migrate(db_path) == {"applied": [], "backup": None, "schema": migrations.MIGRATION_NAMES[-1]}
    assert not (db_path.parent / "backups").exists()


def test_migrate_makes_a_backup_first(db, db_path, people, newer_schema):
    db.close()
    result = backup.migrate(db_path)
    assert result["applied"] == ["m003_test_column"] and result["schema"] == "m003_test_column"
    old = sqlite3.connect(result["backup"])
    assert "website" not in partner_columns(old)
    old.close()
    conn = sqlite3.connect(db_path)
    assert "website" in partner_columns(conn)
    conn.close()


def test_migrate_refuses_a_missing_or_foreign_database(tmp_path):
    with pytest.raises(InvalidInput, match="bestaat niet"):
        backup.migrate(tmp_path / "nergens.db")


# --- the erasure ledger: an older copy never brings anyone back --------------------------------


def test_moving_the_database_aside_and_restoring_keeps_the_person_forgotten(db, db_path, people, tmp_path):
    saved = backup.backup(db, db_path)
    privacy.forget(db, people["ann"], "verzoek van de betrokkene")
    db.close()
    for suffix in ("", "-wal", "-shm"):  # 'move the database aside': only the ledger stays
        path = db_path.with_name(db_path.name + suffix)
        if path.exists():
            path.rename(tmp_path / f"opzij{suffix}")
    result = backup.restore(db_path, saved)
    assert result["reapplied"] == [people["ann"]] and result["previous_backup"] is None
    conn = store.open_db(db_path)
    row = conn.execute("SELECT first_name, anonymized_at FROM participants WHERE id = ?", [people["ann"]]).fetchone()
    assert row["first_name"] == "Geanonimiseerd" and row["anonymized_at"] is not None
    assert [tuple(r) for r in conn.execute("SELECT participant_id, reason FROM erasures")] == [
        (people["ann"], privacy.REAPPLIED_REASON)]
    conn.close()
    assert b"Peeters" not in raw_bytes(db_path) and b"Peeters" in saved.read_bytes()


def test_reapply_ledger_forgets_again_and_keeps_ids_unused(db, db_path, people):
    saved = backup.backup(db, db_path)
    later = add_person(db, "Later", "Toegevoegd", "1999-09-09", created="2026-06-01T10:00:00")
    privacy.forget(db, people["ann"], "verzoek")
    privacy.forget(db, later, "verzoek")
    db.close()
    for suffix in ("-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    db_path.write_bytes(saved.read_bytes())  # copied back by hand, past every check
    conn = store.open_db(db_path)
    assert privacy.reapply_ledger(conn) == [people["ann"]]
    assert conn.execute("SELECT first_name FROM participants WHERE id = ?", [people["ann"]]).fetchone()[0] == (
        "Geanonimiseerd")
    new = add_person(conn, "Nieuw", "Iemand", "2001-01-01")
    assert new == later + 1  # the forgotten person's id is not given again
    assert privacy.reapply_ledger(conn) == []
    assert checks.run(conn) == []
    conn.close()


def test_the_ledger_holds_ids_only(db, db_path, people):
    privacy.forget(db, people["ann"], "verzoek van Ann Peeters zelf")
    text = (db_path.parent / f"{db_path.name}.erasures").read_bytes()
    assert b"Peeters" not in text and b"Ann" not in text and b"verzoek" not in text


# --- temporary files and names --------------------------------------------------------------------


def test_two_backups_at_the_same_moment_both_succeed(db, db_path, people):
    import threading

    results, errors = [], []

    def one():
        conn = store.connect(db_path)
        try:
            results.append(backup.backup(conn, db_path))
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=one) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(results)) == 6 and all(p.exists() for p in results)
    assert sorted(p.name for p in (db_path.parent / "backups").iterdir()) == sorted(p.name for p in results)


def test_a_failed_backup_leaves_no_temporary_file(db, db_path, people, monkeypatch):
    from vrijetijd_cli import files

    def no_room(temporary_file, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files, "place", no_room)
    with pytest.raises(DatabaseError, match="kan niet geschreven worden"):
        backup.backup(db, db_path)
    assert list((db_path.parent / "backups").iterdir()) == []


def test_leftovers_of_a_killed_backup_or_restore_are_swept(db, db_path, tmp_path):
    import subprocess
    import sys

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True)
    pid = int(dead.stdout)
    folder = db_path.parent / "backups"
    folder.mkdir()
    killed = [folder / f".vrijetijd-20260615-101500.db.{pid}.0a1b2c3d.part",
              db_path.parent / f".{db_path.name}.{pid}.0a1b2c3d.restore",
              db_path.parent / f".{db_path.name}.{pid}.0a1b2c3d.restore-journal"]
    running = folder / f".vrijetijd-20260615-101501.db.{os.getppid()}.0a1b2c3d.part"  # a live process
    mine = folder / "notities.part"  # not ours: never touched
    for path in [*killed, running, mine]:
        path.write_bytes(b"Ann Peeters")
    db.close()
    store.open_db(db_path).close()
    assert [p for p in killed if p.exists()] == []
    assert running.exists() and mine.exists()


def test_an_upgrade_backs_up_under_a_name_of_its_own(db, db_path, newer_schema, monkeypatch):
    from vrijetijd_cli import clock

    monkeypatch.setattr(clock, "now", lambda: "2026-06-15T10:15:00")
    folder = db_path.parent / "backups"
    folder.mkdir()
    other = folder / "vrijetijd-20260615-101500-voor-upgrade.db"  # made by another command, the same second
    other.write_bytes(b"een andere kopie")
    db.close()
    announced = []
    store.open_db(db_path, announce=announced.append).close()
    made = folder / "vrijetijd-20260615-101500-voor-upgrade-2.db"
    assert announced == [f"Het schema van databank {db_path} is bijgewerkt (m003_test_column); eerst is een"
                         f" back-up gemaakt: {made}"]
    assert other.read_bytes() == b"een andere kopie"
    copy = sqlite3.connect(made)
    assert "website" not in partner_columns(copy)
    copy.close()
    assert stat.S_IMODE(made.stat().st_mode) == 0o600


def test_two_commands_finding_the_database_behind_upgrade_it_once(tmp_path, config):
    import threading

    from sqlite_utils import Database

    path = tmp_path / "oud.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.migration_set().apply(Database(conn), stop_before=migrations.MIGRATION_NAMES[-1])
    conn.close()
    announced, errors = [], []

    def open_it():
        try:
            store.open_db(path, announce=announced.append).close()
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(announced) == 1
    assert len(list((tmp_path / "backups").iterdir())) == 1
    check = sqlite3.connect(path)
    assert [r[0] for r in check.execute("SELECT name FROM _sqlite_migrations")] == list(migrations.MIGRATION_NAMES)
    check.close()


# --- retention ------------------------------------------------------------------------------------


def test_backups_older_than_the_retention_expire(db, db_path):
    folder = db_path.parent / "backups"
    folder.mkdir()
    names = ["vrijetijd-20260316-090000.db", "vrijetijd-20260317-090000.db", "vrijetijd-20250101-120000-2.db",
             "vrijetijd-20260101-120000-voor-upgrade.db", "eigen-kopie-20200101.db", "vrijetijd-2020.db"]
    for name in names:
        (folder / name).write_bytes(b"kopie")
    deleted = backup.expire(db_path, 90)  # today is 15/06/2026: 90 days back is 17/03/2026
    assert sorted(p.name for p in deleted) == ["vrijetijd-20250101-120000-2.db",
                                               "vrijetijd-20260101-120000-voor-upgrade.db",
                                               "vrijetijd-20260316-090000.db"]
    assert sorted(p.name for p in folder.iterdir()) == ["eigen-kopie-20200101.db", "vrijetijd-2020.db",
                                                        "vrijetijd-20260317-090000.db"]
