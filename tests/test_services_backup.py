"""Backups with the online backup API, restore that keeps forgotten people forgotten, migrate."""

from __future__ import annotations

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


def test_restore_skips_people_the_backup_does_not_hold_or_holds_as_someone_else(
    db, db_path, people
):
    saved = backup.backup(db, db_path)
    later = add_person(db, "Later", "Toegevoegd", "1999-09-09", created="2026-06-01T10:00:00")
    privacy.forget(db, later, "verzoek")
    # the backup's person with Ann's id is, for this test, somebody registered at another moment
    copy = sqlite3.connect(saved, isolation_level=None)
    copy.execute(
        "UPDATE participants SET created_at = '2020-01-01T00:00:00' WHERE id = ?", [people["ann"]]
    )
    copy.close()
    privacy.forget(db, people["ann"], "verzoek")
    db.close()
    result = backup.restore(db_path, saved)
    assert (result["reapplied"], result["not_in_backup"], result["other_person"]) == (
        [],
        [later],
        [people["ann"]],
    )
    conn = store.open_db(db_path)
    assert conn.execute("SELECT count(*) FROM erasures").fetchone()[0] == 0
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
