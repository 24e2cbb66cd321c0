import sqlite3

import pytest

from vrijetijd_cli import migrations
from vrijetijd_cli.errors import DatabaseError
from vrijetijd_cli.store import migrate, open_db, schema_version

# docs/architecture.md, "Data": every table with the columns that hold what the table says it holds
TABLES = {
    "partners": {"id", "name", "name_key", "kind", "contact", "active", "joined_on"},
    "grounds": {"code", "label_nl", "label_en", "validity_months"},
    "participants": {
        "id",
        "first_name",
        "last_name",
        "birth_date",
        "postcode",
        "household_size",
        "phone",
        "email",
        "notes",
        "match_key",
        "anonymized_at",
    },
    "statuses": {
        "id",
        "participant_id",
        "ground_code",
        "valid_from",
        "valid_until",
        "checked_by_partner_id",
        "suspended_on",
    },
    "referrals": {
        "id",
        "participant_id",
        "partner_id",
        "date",
        "ground_code",
        "domain",
        "state",
        "note",
    },
    "activities": {
        "id",
        "title",
        "domain",
        "organiser_partner_id",
        "organiser_name",
        "place",
        "start_date",
        "end_date",
        "price_cents",
        "kansentarief_cents",
        "capacity",
        "source",
        "external_id",
    },
    "participations": {
        "id",
        "participant_id",
        "activity_id",
        "date",
        "persons",
        "price_cents",
        "participant_paid_cents",
        "network_paid_cents",
        "paid_via",
        "voucher_id",
    },
    "vouchers": {
        "id",
        "code",
        "participant_id",
        "value_cents",
        "issued_on",
        "valid_until",
        "budget_year",
        "funding_source",
        "state",
        "redeemed_on",
    },
    "budgets": {"year", "trekkingsrecht_cents", "cofinancing_cents", "other_cents"},
    "expenses": {"id", "year", "date", "category", "amount_cents", "description"},
    "meetings": {"id", "date", "kind", "place", "agenda", "minutes", "poverty_voices"},
    "meeting_attendance": {"meeting_id", "partner_id", "presence"},
    "meeting_actions": {"id", "meeting_id", "text", "owner_partner_id", "due_date", "done_on"},
    "goals": {"id", "code", "parent_id", "level", "title"},
    "evaluations": {"id", "goal_id", "year", "state", "comment"},
    "imports": {
        "id",
        "file_name",
        "sha256",
        "kind",
        "partner_id",
        "rows_read",
        "new_count",
        "rejected",
        "imported_at",
        "os_user",
    },
    "audit_log": {"id", "at", "os_user", "command", "entity", "entity_id", "action", "fields"},
}

# (table, column) -> referenced table
FOREIGN_KEYS = {
    ("statuses", "participant_id"): "participants",
    ("statuses", "ground_code"): "grounds",
    ("statuses", "checked_by_partner_id"): "partners",
    ("referrals", "participant_id"): "participants",
    ("referrals", "partner_id"): "partners",
    ("referrals", "ground_code"): "grounds",
    ("referrals", "import_id"): "imports",
    ("activities", "organiser_partner_id"): "partners",
    ("participations", "participant_id"): "participants",
    ("participations", "activity_id"): "activities",
    ("participations", "voucher_id"): "vouchers",
    ("vouchers", "participant_id"): "participants",
    ("meeting_attendance", "meeting_id"): "meetings",
    ("meeting_attendance", "partner_id"): "partners",
    ("meeting_actions", "meeting_id"): "meetings",
    ("meeting_actions", "owner_partner_id"): "partners",
    ("goals", "parent_id"): "goals",
    ("evaluations", "goal_id"): "goals",
    ("imports", "partner_id"): "partners",
}


def _schema(conn: sqlite3.Connection) -> list[tuple]:
    return [
        tuple(r) for r in conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name")
    ]


@pytest.fixture
def blank(tmp_path):
    conn = open_db(tmp_path / "blank.db", create=True)
    yield conn
    conn.close()


def test_blank_database_is_migrated(blank):
    assert schema_version(blank) == list(migrations.MIGRATION_NAMES)
    rows = blank.execute("SELECT migration_set, name FROM _sqlite_migrations").fetchall()
    assert [tuple(r) for r in rows] == [("vrijetijd", name) for name in migrations.MIGRATION_NAMES]


def test_migration_names_are_numbered_without_gaps():
    numbers = [int(name[1:4]) for name in migrations.MIGRATION_NAMES]
    assert numbers == list(range(1, len(numbers) + 1))
    assert all(name.startswith("m") and name[4] == "_" for name in migrations.MIGRATION_NAMES)


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_table_of_the_design_has_its_columns(blank, table):
    columns = {r["name"] for r in blank.execute(f"PRAGMA table_info({table})")}
    assert columns, f"table {table} is missing"
    assert TABLES[table] <= columns, TABLES[table] - columns


def test_foreign_keys_are_declared(blank):
    declared = {}
    for table in TABLES:
        for fk in blank.execute(f"PRAGMA foreign_key_list({table})"):
            declared[(table, fk["from"])] = fk["table"]
    assert FOREIGN_KEYS.items() <= declared.items(), set(FOREIGN_KEYS.items()) - set(
        declared.items()
    )
    assert blank.execute("PRAGMA foreign_key_check").fetchall() == []


def test_foreign_keys_are_enforced(blank):
    with pytest.raises(sqlite3.IntegrityError):
        blank.execute(
            "INSERT INTO statuses"
            " (participant_id, ground_code, valid_from, valid_until, created_at)"
            " VALUES (999, 'nope', '2026-01-01', '2026-12-31', 'now')"
        )


def test_migrating_again_changes_nothing(blank, tmp_path):
    before = _schema(blank)
    assert migrate(blank, tmp_path / "blank.db") == []
    assert _schema(blank) == before
    blank.close()
    again = open_db(tmp_path / "blank.db")
    assert _schema(again) == before
    assert again.execute("SELECT COUNT(*) FROM _sqlite_migrations").fetchone()[0] == len(
        migrations.MIGRATION_NAMES
    )
    again.close()


def test_init_twice_keeps_the_schema(cli, db):
    before = _schema(db)
    assert cli("init").exit_code == 0
    assert _schema(db) == before


def test_newer_unknown_migration_is_refused(blank, tmp_path):
    blank.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('vrijetijd', 'm999_future', 'x')"
    )
    blank.close()
    path = tmp_path / "blank.db"
    content = path.read_bytes()
    with pytest.raises(DatabaseError) as caught:
        open_db(path)
    assert "nieuwere versie van vrijetijd (schema m999_future)" in caught.value.message
    assert path.read_bytes() == content


def test_newer_database_through_the_cli(cli, db, db_path):
    db.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('vrijetijd', 'm999_future', 'x')"
    )
    result = cli("partner", "list")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"Fout: {str(db_path)!r} komt van een nieuwere versie van vrijetijd (schema m999_future)\n"
    )


def test_other_migration_sets_do_not_count(tmp_path):
    # a database of another sqlite-utils tool is not ours, even with a migrations table
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute(
        "CREATE TABLE _sqlite_migrations"
        " (id INTEGER PRIMARY KEY, migration_set TEXT, name TEXT, applied_at TEXT)"
    )
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('llm', 'm001_initial', 'x')"
    )
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError) as caught:
        open_db(path, create=True)
    assert "geen vrijetijd-databank" in caught.value.message


def test_a_database_of_the_summaries_era_migrates_step_by_step(tmp_path, config):
    """m001 and m002 as they landed, data written while the summary triggers ran, then m003: the
    summaries and their triggers are gone and the report of the raw rows is the same."""
    from sqlite_utils import Database

    from tests.conftest import DATA
    from vrijetijd_cli.reports import yearly
    from vrijetijd_cli.services.setup import initialise

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    migrations.migration_set().apply(Database(conn), stop_before="m003_plain_reports")
    conn.row_factory = sqlite3.Row
    initialise(conn, config)
    conn.executescript((DATA / "report_dataset.sql").read_text(encoding="utf-8"))
    # the triggers of m002 kept their summaries while the rows were written
    assert conn.execute("SELECT COUNT(*) FROM referral_sums").fetchone()[0] > 0
    conn.close()
    upgraded = open_db(path)
    try:
        assert schema_version(upgraded)[-1] == migrations.MIGRATION_NAMES[-1]
        names = {r[0] for r in upgraded.execute("SELECT name FROM sqlite_master")}
        assert not names & {"person_years", "referral_sums", "summary_bits", "calendar_years"}
        assert not [n for n in names if n.startswith("summary_")]
        assert "report_snapshots" in names
        report = yearly.build(upgraded, config, 2025)
        assert (report["reach"]["participants"], report["referrals"]["total"]) == (8, 5)
    finally:
        upgraded.close()
