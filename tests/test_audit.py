import re

import pytest

from tests.conftest import TODAY
from vrijetijd_cli.services import audit

# values typed in the session below: none of them may reach the audit log
SECRETS = (
    "Peeters",
    "Ann",
    "Zoë",
    "1985",
    "03-12",
    "0470",
    "ann@example.be",
    "zwemmen",
    "verhuisd",
    "Kras",
    "3511",
    "schulden",
)


def _run(cli, *args):
    result = cli(*args)
    assert result.exit_code == 0, (args, result.stderr)


@pytest.fixture
def session_log(cli, db):
    """A day of work through the CLI; returns the audit rows it wrote (after init)."""
    start = db.execute("SELECT MAX(id) FROM audit_log").fetchone()[0]
    _run(
        cli,
        "referral",
        "add",
        "--partner",
        "de brug",
        "--first-name",
        "Ann",
        "--last-name",
        "Peeters",
        "--birth-date",
        "12/03/1985",
        "--phone",
        "0470 12 34 56",
        "--email",
        "ann@example.be",
        "--ground",
        "schuldbemiddeling",
        "--note",
        "zwemmen",
    )
    _run(cli, "participant", "edit", "1", "--postcode", "3511", "--notes", "schulden")
    _run(
        cli,
        "participant",
        "add",
        "--first-name",
        "Zoë",
        "--last-name",
        "Peeters",
        "--birth-date",
        "01/01/2010",
    )
    _run(cli, "participant", "status", "add", "--participant", "2", "--ground", "ocmw")
    _run(cli, "participant", "status", "extend", "--ground", "ocmw", "--until", "31/12/2027", "--yes")
    _run(cli, "participant", "status", "suspend", "2", "--reason", "verhuisd")
    _run(
        cli, "referral", "update", "1", "--state", "in_behandeling", "--note", "zwemmen op zaterdag"
    )
    _run(cli, "partner", "add", "--name", "Vzw Kras", "--kind", "vzw")
    rows = db.execute("SELECT * FROM audit_log WHERE id > ? ORDER BY id", [start]).fetchall()
    return [dict(r) for r in rows]


def test_every_write_is_recorded(session_log):
    got = [
        (r["command"], r["entity"], r["entity_id"], r["action"], r["fields"]) for r in session_log
    ]
    assert got == [
        (
            "referral add",
            "participant",
            "1",
            "add",
            "birth_date,email,first_name,household_size,last_name,phone",
        ),
        (
            "referral add",
            "status",
            "1",
            "add",
            "checked_by_partner_id,ground_code,participant_id,valid_from,valid_until",
        ),
        (
            "referral add",
            "referral",
            "1",
            "add",
            "date,domain,ground_code,note,participant_id,partner_id",
        ),
        ("participant edit", "participant", "1", "edit", "notes,postcode"),
        (
            "participant add",
            "participant",
            "2",
            "add",
            "birth_date,first_name,household_size,last_name",
        ),
        (
            "participant status add",
            "status",
            "2",
            "add",
            "checked_by_partner_id,ground_code,participant_id,valid_from,valid_until",
        ),
        ("participant status extend", "status", "2", "extend", "valid_until"),
        ("participant status suspend", "status", "2", "suspend", "suspended_on,suspension_reason"),
        ("referral update", "referral", "1", "update", "note,state"),
        ("partner add", "partner", "8", "add", "contact,joined_on,kind,name"),
    ]


def test_when_and_who(session_log):
    for row in session_log:
        assert re.fullmatch(rf"{TODAY}T\d\d:\d\d:\d\d", row["at"])
        assert row["os_user"] == audit.os_user() != ""


def test_no_values_in_the_log(db, session_log):
    dump = "\n".join(
        " ".join(str(v) for v in tuple(r)) for r in db.execute("SELECT * FROM audit_log")
    )
    for secret in SECRETS:
        assert secret not in dump, secret
    # the values did reach the data tables: the search above could have found them
    people = " ".join(str(v) for r in db.execute("SELECT * FROM participants") for v in tuple(r))
    assert "Peeters" in people and "ann@example.be" in people


def test_init_records_what_it_loaded(db):
    rows = db.execute(
        "SELECT command, entity, action, COUNT(*) FROM audit_log GROUP BY entity ORDER BY entity"
    )
    assert [tuple(r) for r in rows] == [
        ("init", "goal", "add", 9),
        ("init", "ground", "add", 6),
        ("init", "partner", "add", 7),
    ]


def test_a_refused_write_leaves_no_audit_row(cli, db):
    before = db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
    result = cli(
        "referral",
        "add",
        "--partner",
        "de brug",
        "--first-name",
        "Ann",
        "--last-name",
        "Peeters",
        "--birth-date",
        "12/03/1985",
        "--ground",
        "rijkdom",
    )
    assert result.exit_code == 1
    assert db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0] == before


def test_record_and_record_many_store_sorted_unique_names(db):
    audit.record(db, "thing", 5, "edit", ["b", "a", "b"])
    audit.record_many(db, "thing", [6, 7], "extend", ("z", "y"))
    rows = db.execute(
        "SELECT entity_id, action, fields FROM audit_log WHERE entity = 'thing' ORDER BY id"
    )
    assert [tuple(r) for r in rows] == [
        ("5", "edit", "a,b"),
        ("6", "extend", "y,z"),
        ("7", "extend", "y,z"),
    ]
