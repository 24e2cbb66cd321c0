import json
import os
import sqlite3

import pytest

from tests.conftest import table_counts
from vrijetijd_cli.errors import DatabaseError
from vrijetijd_cli.store import BUSY_TIMEOUT_MS, atomic, open_db


@pytest.fixture
def conn(tmp_path):
    connection = open_db(tmp_path / "store.db", create=True)
    yield connection
    connection.close()


def _add_ground(conn, code: str) -> None:
    conn.execute(
        "INSERT INTO grounds (code, label_nl, label_en, validity_months) VALUES (?, ?, ?, 12)",
        [code, code, code],
    )


def _grounds(conn) -> list[str]:
    return [r[0] for r in conn.execute("SELECT code FROM grounds ORDER BY code")]


def _foreign_database(path):
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, title TEXT)")
    other.execute("INSERT INTO recipes (title) VALUES ('stoofvlees')")
    other.commit()
    other.close()


def test_pragmas(conn):
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS > 0
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert isinstance(conn.execute("SELECT 1 AS one").fetchone(), sqlite3.Row)


def test_pragmas_on_reopen(conn, tmp_path):
    conn.close()
    again = open_db(tmp_path / "store.db")
    assert again.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert again.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS
    assert again.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    again.close()


def test_missing_folder_is_created(tmp_path):
    path = tmp_path / "a" / "b" / "net.db"
    conn = open_db(path, create=True)
    conn.close()
    assert path.is_file()


def test_init_creates_the_missing_folder(cli, tmp_path):
    path = tmp_path / "nieuw" / "map" / "net.db"
    result = cli("--db", path, "init")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"Databank {path} is klaar: 7 partners, 6 doelgroepgronden en 9 doelen")
    assert path.is_file()


def test_missing_database_without_create_is_an_error_and_creates_nothing(tmp_path):
    path = tmp_path / "nergens" / "net.db"
    with pytest.raises(DatabaseError) as caught:
        open_db(path)
    assert (
        caught.value.message == f"databank {str(path)!r} bestaat niet; maak ze met 'vrijetijd init'"
    )
    assert not path.parent.exists()


def test_a_command_before_init_says_to_run_init(cli, db_path):
    result = cli("partner", "list")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (
        result.stderr
        == f"Fout: databank {str(db_path)!r} bestaat niet; maak ze met 'vrijetijd init'\n"
    )
    assert not db_path.exists()


def test_folder_that_cannot_be_created(cli, tmp_path):
    # a file where the folder should be: fails for every user, root included
    blocker = tmp_path / "bestand"
    blocker.write_text("x")
    result = cli("--db", blocker / "net.db", "init")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"Fout: map {str(blocker)!r} kan niet aangemaakt worden: ")
    assert "Traceback" not in result.stderr
    assert blocker.read_text() == "x"


def test_folder_without_write_permission(cli, tmp_path):
    locked = tmp_path / "alleen-lezen"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user who may write anywhere (root)")
        result = cli("--db", locked / "net.db", "init")
        assert result.exit_code == 1
        assert result.stdout == ""
        assert result.stderr.startswith(
            f"Fout: databank {str(locked / 'net.db')!r} kan niet geopend worden"
        )
        result = cli("--db", locked / "sub" / "net.db", "init")
        assert result.exit_code == 1
        assert result.stderr.startswith(
            f"Fout: map {str(locked / 'sub')!r} kan niet aangemaakt worden"
        )
    finally:
        locked.chmod(0o755)
    assert list(locked.iterdir()) == []


def test_folder_is_not_a_database(tmp_path):
    with pytest.raises(DatabaseError) as caught:
        open_db(tmp_path, create=True)
    assert "is een map, geen databank" in caught.value.message


def test_non_sqlite_file_is_refused_and_untouched(cli, tmp_path):
    path = tmp_path / "deelnemers.xlsx"
    content = b"PK\x03\x04 not a database at all " * 50
    path.write_bytes(content)
    result = cli("--db", path, "init")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (
        result.stderr
        == f"Fout: {str(path)!r} is geen SQLite-databank; het bestand is niet aangeraakt\n"
    )
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.glob("deelnemers*")) == ["deelnemers.xlsx"]


def test_foreign_sqlite_database_is_refused_and_untouched(cli, tmp_path):
    path = tmp_path / "recepten.db"
    _foreign_database(path)
    content = path.read_bytes()
    for args in (("init",), ("partner", "list")):
        result = cli("--db", path, *args)
        assert result.exit_code == 1
        assert (
            result.stderr
            == f"Fout: {str(path)!r} is geen vrijetijd-databank; het bestand is niet aangeraakt\n"
        )
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.glob("recepten*")) == ["recepten.db"]


def test_corrupt_sqlite_file_is_refused_and_untouched(tmp_path):
    path = tmp_path / "kapot.db"
    content = b"SQLite format 3\x00" + b"\xff" * 2000
    path.write_bytes(content)
    with pytest.raises(DatabaseError) as caught:
        open_db(path, create=True)
    assert "het bestand is niet aangeraakt" in caught.value.message
    assert path.read_bytes() == content


def test_empty_file_becomes_a_database(tmp_path):
    path = tmp_path / "leeg.db"
    path.touch()
    conn = open_db(path, create=True)
    assert "participants" in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()


def test_atomic_commits(conn):
    with atomic(conn):
        _add_ground(conn, "a")
    assert not conn.in_transaction
    assert _grounds(conn) == ["a"]


def test_atomic_rolls_back_on_exception(conn):
    with pytest.raises(ValueError):
        with atomic(conn):
            _add_ground(conn, "a")
            _add_ground(conn, "b")
            raise ValueError("boom")
    assert not conn.in_transaction
    assert _grounds(conn) == []


def test_atomic_rolls_back_on_keyboard_interrupt(conn):
    before = table_counts(conn)
    with pytest.raises(KeyboardInterrupt):
        with atomic(conn):
            _add_ground(conn, "a")
            raise KeyboardInterrupt
    assert not conn.in_transaction
    assert table_counts(conn) == before


def test_atomic_rolls_back_a_failed_statement(conn):
    with pytest.raises(sqlite3.IntegrityError):
        with atomic(conn):
            _add_ground(conn, "a")
            _add_ground(conn, "a")
    assert _grounds(conn) == []


def test_nested_atomic_rolls_back_only_the_inner_part(conn):
    with atomic(conn):
        _add_ground(conn, "outer")
        with pytest.raises(KeyboardInterrupt):
            with atomic(conn):
                _add_ground(conn, "inner")
                raise KeyboardInterrupt
        assert conn.in_transaction
    assert _grounds(conn) == ["outer"]


def test_nested_failure_that_escapes_rolls_back_everything(conn):
    with pytest.raises(RuntimeError):
        with atomic(conn):
            _add_ground(conn, "outer")
            with atomic(conn):
                _add_ground(conn, "inner")
                raise RuntimeError
    assert _grounds(conn) == []


def test_second_writer_waits_then_gives_a_clear_error(conn, tmp_path):
    other = open_db(tmp_path / "store.db")
    other.execute("PRAGMA busy_timeout = 50")
    with atomic(conn):
        _add_ground(conn, "a")
        with pytest.raises(DatabaseError) as caught:
            with atomic(other):
                pass
    assert "bezet door een andere gebruiker" in caught.value.message
    other.close()


# --- a database in a shared network folder (config: database_mode: shared) ---------------------


def _shared(config_path) -> None:
    text = config_path.read_text(encoding="utf-8")
    config_path.write_text(text.replace("\ndatabase_mode: local\n", "\ndatabase_mode: shared\n"), encoding="utf-8")


def test_shared_mode_uses_a_rollback_journal_and_waits_longer(cli, db, db_path, config_path):
    from vrijetijd_cli.store import SHARED_BUSY_TIMEOUT_MS

    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()
    _shared(config_path)
    info = cli("db", "info", "--format", "json")
    assert info.exit_code == 0, info.stderr
    data = json.loads(info.stdout)
    assert (data["database_mode"], data["journal_mode"]) == ("shared", "delete")
    assert data["busy_timeout_ms"] == SHARED_BUSY_TIMEOUT_MS > BUSY_TIMEOUT_MS
    assert not os.path.exists(f"{db_path}-wal")
    # a write works, and leaves no WAL beside the database
    added = cli("participant", "add", "--first-name", "Ann", "--last-name", "Peeters", "--birth-date", "12/03/1985")
    assert added.exit_code == 0, added.stderr
    assert not os.path.exists(f"{db_path}-wal")
    raw = sqlite3.connect(db_path)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # kept in the file
    raw.close()


def test_a_wrong_database_mode_names_the_key(cli, config_path):
    text = config_path.read_text(encoding="utf-8")
    config_path.write_text(text.replace("\ndatabase_mode: local\n", "\ndatabase_mode: netwerk\n"), encoding="utf-8")
    result = cli("db", "info")
    assert result.exit_code == 1
    assert "sleutel 'database_mode' moet 'local' of 'shared' zijn, gevonden: 'netwerk'" in result.stderr


def test_init_says_whether_it_made_or_updated_the_database(cli, db_path):
    first = cli("init")
    assert first.stderr.startswith(f"Databank {db_path} is klaar: 7 partners")
    again = cli("init")
    assert again.exit_code == 0
    assert again.stderr.startswith(
        f"Bestaande databank {db_path} bijgewerkt: 0 partners, 0 doelgroepgronden en 0 doelen")
