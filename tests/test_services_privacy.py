"""Right of access (export), erasure (forget), retention (purge) and the audit query."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import table_counts
from vrijetijd_cli.errors import Conflict, InvalidInput, NotFound
from vrijetijd_cli.parse import match_key, normalize
from vrijetijd_cli.services import audit, privacy

# --- rows written directly, so these tests do not depend on the other services -------------


def add_person(
    conn,
    first="Ann",
    last="Peeters",
    born="1985-03-12",
    postcode="3500",
    created="2026-01-10T10:00:00",
    **extra,
) -> int:
    values = {
        "first_name": first,
        "last_name": last,
        "birth_date": born,
        "birth_year": int(born[:4]) if born else None,
        "postcode": postcode,
        "first_key": normalize(first),
        "last_key": normalize(last),
        "match_key": match_key(first, last, born) if born else None,
        "created_at": created,
        **extra,
    }
    cursor = conn.execute(
        f"INSERT INTO participants ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
        list(values.values()),
    )
    return cursor.lastrowid


def add_status(
    conn, pid, valid_from="2025-01-01", valid_until="2025-12-31", ground="ocmw", checked_by=4
) -> int:
    return conn.execute(
        "INSERT INTO statuses (participant_id, ground_code, valid_from, valid_until,"
        " checked_by_partner_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        [pid, ground, valid_from, valid_until, checked_by, f"{valid_from}T09:00:00"],
    ).lastrowid


def add_referral(
    conn, pid, on="2025-02-01", partner_id=5, state="open", note="", ground="ocmw"
) -> int:
    return conn.execute(
        "INSERT INTO referrals (participant_id, partner_id, date, ground_code, domain, state, note,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, 'sport', ?, ?, ?, ?)",
        [pid, partner_id, on, ground, state, note, f"{on}T09:00:00", f"{on}T09:00:00"],
    ).lastrowid


def add_activity(conn, title="Zwembad Hasselt: beurtenkaart", price=1000, kansentarief=200) -> int:
    return conn.execute(
        "INSERT INTO activities (title, domain, price_cents, kansentarief_cents, created_at,"
        " updated_at) VALUES (?, 'sport', ?, ?, '2025-01-01T09:00:00', '2025-01-01T09:00:00')",
        [title, price, kansentarief],
    ).lastrowid


def add_voucher(
    conn,
    pid,
    code="KQ7M-X4PD-R9",
    value=2500,
    issued="2025-03-01",
    until="2026-02-28",
    state="issued",
    redeemed_on=None,
) -> int:
    return conn.execute(
        "INSERT INTO vouchers (code, participant_id, value_cents, issued_on, valid_until,"
        " budget_year, state, redeemed_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            code,
            pid,
            value,
            issued,
            until,
            int(issued[:4]),
            state,
            redeemed_on,
            f"{issued}T09:00:00",
        ],
    ).lastrowid


def add_participation(
    conn,
    pid,
    aid,
    on="2025-04-05",
    price=1000,
    participant_paid=200,
    network_paid=800,
    paid_via="kansentarief",
    voucher_id=None,
) -> int:
    return conn.execute(
        "INSERT INTO participations (participant_id, activity_id, date, price_cents,"
        " participant_paid_cents, network_paid_cents, paid_via, voucher_id, budget_year,"
        " created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            pid,
            aid,
            on,
            price,
            participant_paid,
            network_paid,
            paid_via,
            voucher_id,
            int(on[:4]),
            f"{on}T09:00:00",
        ],
    ).lastrowid


def populate(conn) -> dict:
    """Ann (active, with a redeemed voucher), Oud (nothing since 2019), Nieuw (registered 2026)."""
    ann = add_person(
        conn,
        "Ann",
        "Peeters",
        "1985-03-12",
        phone="0470 12 34 56",
        email="ann.peeters@example.be",
        notes="spreekt liever Frans",
    )
    add_status(conn, ann)
    referral = add_referral(conn, ann, note="vraagt naar zwemlessen voor de kinderen")
    swim = add_activity(conn)
    voucher = add_voucher(conn, ann, state="redeemed", redeemed_on="2025-05-01")
    add_participation(conn, ann, swim, "2025-05-01", 2500, 0, 2500, "voucher", voucher)
    add_participation(conn, ann, swim, "2025-04-05")
    old = add_person(
        conn, "Oud", "Verleden", "1950-07-01", postcode="3511", created="2019-02-01T10:00:00"
    )
    add_referral(conn, old, on="2019-02-01")
    add_status(conn, old, "2019-02-01", "2019-12-31")
    new = add_person(conn, "Nieuw", "Gezicht", "2000-01-01", created="2026-05-01T10:00:00")
    audit.record(conn, "participant", ann, "add", ["first_name", "last_name"])
    audit.record(conn, "referral", referral, "edit", ["note"])
    audit.record(conn, "partner", 5, "edit", ["contact"])
    return {
        "ann": ann,
        "old": old,
        "new": new,
        "referral": referral,
        "voucher": voucher,
        "swim": swim,
    }


@pytest.fixture
def people(db) -> dict:
    return populate(db)


def raw_bytes(db_path: Path) -> bytes:
    """The database file and its WAL, as a disk reader would see them."""
    data = db_path.read_bytes()
    wal = db_path.with_name(db_path.name + "-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


# --- export -----------------------------------------------------------------------------------


def test_export_holds_everything_about_the_person(db, people):
    data = privacy.export(db, people["ann"])
    person = data["participant"]
    assert (person["first_name"], person["last_name"], person["birth_date"]) == (
        "Ann",
        "Peeters",
        "1985-03-12",
    )
    assert person["email"] == "ann.peeters@example.be" and person["notes"] == "spreekt liever Frans"
    assert [(s["ground_code"], s["valid_until"], s["checked_by"]) for s in data["statuses"]] == [
        ("ocmw", "2025-12-31", "Sociale Dienst")
    ]
    (referral,) = data["referrals"]
    assert (referral["partner"], referral["note"], referral["state"]) == (
        "De Brug Hasselt",
        "vraagt naar zwemlessen voor de kinderen",
        "open",
    )
    assert [(v["code"], v["value_cents"], v["state"]) for v in data["vouchers"]] == [
        ("KQ7M-X4PD-R9", 2500, "redeemed")
    ]
    assert [
        (p["date"], p["activity"], p["paid_via"], p["network_paid_cents"])
        for p in data["participations"]
    ] == [
        ("2025-04-05", "Zwembad Hasselt: beurtenkaart", "kansentarief", 800),
        ("2025-05-01", "Zwembad Hasselt: beurtenkaart", "voucher", 2500),
    ]
    assert [(a["entity"], a["action"]) for a in data["audit"]] == [
        ("participant", "add"),
        ("referral", "edit"),
    ]
    assert data["erasures"] == []


def test_export_holds_nobody_else(db, people):
    data = privacy.export(db, people["old"])
    assert data["participant"]["last_name"] == "Verleden"
    assert data["vouchers"] == [] and data["participations"] == [] and data["audit"] == []
    assert [r["date"] for r in data["referrals"]] == ["2019-02-01"]


def test_export_of_unknown_person(db):
    with pytest.raises(NotFound, match="deelnemer 42 bestaat niet"):
        privacy.export(db, 42)


# --- forget -----------------------------------------------------------------------------------


def test_forget_anonymises_and_logs_without_personal_data(db, people):
    ann = people["ann"]
    before = table_counts(db)
    result = privacy.forget(db, ann, "verzoek van de betrokkene")
    assert result["participant_id"] == ann and result["clean"] is True
    row = dict(db.execute("SELECT * FROM participants WHERE id = ?", [ann]).fetchone())
    assert row["first_name"] == "Geanonimiseerd" and row["last_name"] == f"#{ann}"
    assert row["birth_date"] is None and row["birth_year"] == 1985 and row["postcode"] == "3500"
    assert (
        row["phone"],
        row["email"],
        row["notes"],
        row["first_key"],
        row["last_key"],
        row["match_key"],
    ) == ("", "", "", "", "", None)
    assert row["anonymized_at"].startswith("2026-06-15T")
    assert (
        db.execute("SELECT note FROM referrals WHERE participant_id = ?", [ann]).fetchone()[0] == ""
    )
    erasure = dict(db.execute("SELECT * FROM erasures").fetchone())
    assert erasure == {
        "id": result["erasure_id"],
        "participant_id": ann,
        "erased_at": row["anonymized_at"],
        "reason": "verzoek van de betrokkene",
        "os_user": audit.os_user(),
    }
    log = dict(
        db.execute(
            "SELECT entity, entity_id, action, fields FROM audit_log ORDER BY id DESC"
        ).fetchone()
    )
    assert log == {
        "entity": "participant",
        "entity_id": str(ann),
        "action": "forget",
        "fields": ",".join(sorted(privacy.ERASED_FIELDS)),
    }
    after = table_counts(db)
    assert after == {**before, "erasures": 1, "audit_log": before["audit_log"] + 1}


def test_forget_keeps_the_aggregate_figures(db, people):
    queries = [
        "SELECT budget_year, count(*), sum(price_cents), sum(network_paid_cents),"
        " sum(participant_paid_cents)"
        " FROM participations GROUP BY budget_year",
        "SELECT postcode, birth_year, household_size, count(*) FROM participants GROUP BY 1, 2, 3",
        "SELECT partner_id, substr(date, 1, 4), state, ground_code, count(*) FROM referrals"
        " GROUP BY 1, 2, 3, 4",
        "SELECT ground_code, valid_from, valid_until, count(*) FROM statuses GROUP BY 1, 2, 3",
        "SELECT budget_year, state, sum(value_cents) FROM vouchers GROUP BY 1, 2",
    ]
    before = [db.execute(q).fetchall() for q in queries]
    privacy.forget(db, people["ann"], "verzoek")
    assert [db.execute(q).fetchall() for q in queries] == before


@pytest.mark.parametrize("folded_into_file", [False, True])
def test_forget_leaves_no_readable_trace_in_the_file(db, db_path, folded_into_file):
    db.execute("PRAGMA secure_delete = OFF")  # as in SQLite builds without SECURE_DELETE
    secrets = [
        "Wendelien",
        "Vanderkwispel-Ourthe",
        "wendelien.v@example.be",
        "0499 87 65 43",
        "1979-11-23",
        "vanderkwispel ourthe",
        "zoekt een zwembeurt",
    ]
    pid = add_person(
        db,
        "Wendelien",
        "Vanderkwispel-Ourthe",
        "1979-11-23",
        email=secrets[2],
        phone=secrets[3],
        notes="zoekt een zwembeurt " + "x" * 6000,
    )  # overflow pages
    add_referral(db, pid, note="zoekt een zwembeurt voor haar dochter")
    if folded_into_file:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = raw_bytes(db_path)
    assert all(s.encode() in before for s in secrets)  # the test could fail
    privacy.forget(db, pid, "verzoek van de betrokkene")
    after = raw_bytes(db_path)
    assert [s for s in secrets if s.encode() in after] == []
    assert db.execute(
        "SELECT birth_year, postcode FROM participants WHERE id = ?", [pid]
    ).fetchone()[:] == (1979, "3500")
    assert (
        db.execute("PRAGMA secure_delete").fetchone()[0] == 0
    )  # the connection's own setting is back


def test_forget_twice_is_refused_and_writes_nothing(db, people):
    privacy.forget(db, people["ann"], "verzoek")
    before = table_counts(db)
    with pytest.raises(
        Conflict, match=f"deelnemer {people['ann']} is al geanonimiseerd op 2026-06-15"
    ):
        privacy.forget(db, people["ann"], "nog eens")
    assert table_counts(db) == before


@pytest.mark.parametrize("reason", ["", "   ", "\x00\x07"])
def test_forget_needs_a_reason(db, people, reason):
    before = table_counts(db)
    with pytest.raises(InvalidInput, match="reden: geef een reden"):
        privacy.forget(db, people["ann"], reason)
    assert table_counts(db) == before
    assert (
        db.execute(
            "SELECT anonymized_at FROM participants WHERE id = ?", [people["ann"]]
        ).fetchone()[0]
        is None
    )


def test_forget_unknown_person(db):
    before = table_counts(db)
    with pytest.raises(NotFound, match="deelnemer 99 bestaat niet"):
        privacy.forget(db, 99, "verzoek")
    assert table_counts(db) == before


def test_forget_inside_a_failing_transaction_changes_nothing(db, people):
    from vrijetijd_cli.store import atomic

    before = table_counts(db)
    with pytest.raises(RuntimeError):
        with atomic(db):
            privacy.forget(db, people["ann"], "verzoek")
            raise RuntimeError("stroomonderbreking")
    assert table_counts(db) == before
    assert (
        db.execute("SELECT first_name FROM participants WHERE id = ?", [people["ann"]]).fetchone()[
            0
        ]
        == "Ann"
    )


# --- purge ------------------------------------------------------------------------------------


def test_purge_dry_run_lists_and_writes_nothing(db, config, people):
    before = table_counts(db)
    result = privacy.purge(db, config, dry_run=True)
    assert result["cutoff"] == "2021-06-15" and result["retention_years"] == 5
    assert [(p["id"], p["last_name"], p["last_activity"]) for p in result["participants"]] == [
        (people["old"], "Verleden", "2019-12-31")
    ]
    assert table_counts(db) == before


def test_purge_anonymises_the_inactive_only(db, config, people):
    result = privacy.purge(db, config)
    assert [(p["id"], p["first_name"], p["last_name"]) for p in result["participants"]] == [
        (people["old"], "Geanonimiseerd", f"#{people['old']}")
    ]
    names = dict(db.execute("SELECT id, first_name FROM participants").fetchall())
    assert names == {people["ann"]: "Ann", people["old"]: "Geanonimiseerd", people["new"]: "Nieuw"}
    (erasure,) = db.execute("SELECT participant_id, reason FROM erasures").fetchall()
    assert tuple(erasure) == (people["old"], "bewaartermijn van 5 jaar verstreken")
    assert privacy.purge(db, config)["participants"] == []


@pytest.mark.parametrize("recent", ["referral", "status", "voucher", "participation"])
def test_purge_counts_each_kind_of_activity(db, config, recent):
    pid = add_person(db, "Marie", "Claes", "1970-01-01", created="2018-01-01T10:00:00")
    add_referral(db, pid, on="2018-01-01")
    if recent == "referral":
        add_referral(db, pid, on="2021-06-15")
    elif recent == "status":
        add_status(db, pid, "2020-07-01", "2021-06-30")
    elif recent == "voucher":
        add_voucher(db, pid, issued="2020-09-01", until="2021-08-31")
    else:
        add_participation(db, pid, add_activity(db), on="2022-01-05")
    assert privacy.purge(db, config, dry_run=True)["participants"] == []


# --- audit ------------------------------------------------------------------------------------


def test_audit_entries_filter_newest_first(db, people):
    from datetime import date

    rows = privacy.audit_entries(db, entity="Participant")
    assert [(r["entity"], r["entity_id"], r["action"]) for r in rows] == [
        ("participant", str(people["ann"]), "add")
    ]
    assert [r["entity"] for r in privacy.audit_entries(db, limit=2)] == ["partner", "referral"]
    assert privacy.audit_entries(db, since=date(2026, 6, 16)) == []
    assert privacy.audit_entries(db, user="iemand-anders") == []
    everything = privacy.audit_entries(db, user=audit.os_user())
    assert len(everything) == db.execute("SELECT count(*) FROM audit_log").fetchone()[0]


def test_helpers_respect_the_schema(db, people):
    """The rows the other tests plant are valid by the schema's own rules."""
    db.execute("PRAGMA foreign_keys = ON")
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert isinstance(db, sqlite3.Connection)


# --- forget reaches every free text -------------------------------------------------------------

# the forms of one name as people and file names write it
FULL_FORMS = ("zeynep aksoy", "aksoy zeynep", "aksoy, zeynep", "zeynep-aksoy", "zeynep_aksoy", "aksoy_zeynep",
              "zeynep.aksoy", "aksoy-zeynep", "zeynep aks\u00f6y")


def plant_texts(conn) -> dict:
    """Zeynep Aksoy, written in every kind of free text the network keeps; her brother Mehmet."""
    zeynep = add_person(conn, "Zeynep", "Aksoy", "1985-03-12", notes="Zeynep Aksoy spreekt Turks")
    own_referral = add_referral(conn, zeynep, note="Zeynep Aksoy vraagt zwemlessen")
    mehmet = add_person(conn, "Mehmet", "Aksoy", "1980-01-01", notes="broer van Zeynep Aksoy")
    his_referral = add_referral(conn, mehmet, note="samen met zijn zus AKSOY Zeynep")
    meeting = conn.execute(
        "INSERT INTO meetings (date, agenda, minutes, created_at, updated_at) VALUES ('2026-03-10', ?, ?, 'x', 'x')",
        ["1. Zwembad (Zeynep Aksoy)",
         "# Verslag\n\nBesproken: AKSOY Zeynep kan niet mee naar het zwembad.\nMevrouw Aksoy belt terug.\n"],
    ).lastrowid
    version = conn.execute(
        "INSERT INTO meeting_minutes_versions (meeting_id, minutes, replaced_at) VALUES (?, ?, 'x')",
        [meeting, "Eerste versie: Aksoy, Zeynep en lijst-zeynep-aksoy.csv"],
    ).lastrowid
    action = conn.execute(
        "INSERT INTO meeting_actions (meeting_id, text, owner_partner_id, created_at) VALUES (?, ?, 5, 'x')",
        [meeting, "Bel Zeynep.Aksoy terug over de bus"],
    ).lastrowid
    expense = conn.execute(
        "INSERT INTO expenses (year, date, category, amount_cents, description, created_at)"
        " VALUES (2026, '2026-03-11', 'vervoer', 1250, 'Bus voor Zeynep Aks\u00f6y', 'x')"
    ).lastrowid
    upload = conn.execute(
        "INSERT INTO imports (kind, file_name, sha256, imported_at) VALUES ('participants', ?, 'abc', 'x')",
        ["lijst-zeynep-aksoy.csv"],
    ).lastrowid
    evaluation = conn.execute(
        "INSERT INTO evaluations (goal_id, year, state, comment, evaluated_at) VALUES (1, 2026, 'lopend', ?, 'x')",
        ["Mevrouw Aksoy vertelde over de drempels"],
    ).lastrowid
    return {"zeynep": zeynep, "mehmet": mehmet, "own_referral": own_referral, "his_referral": his_referral,
            "meeting": meeting, "version": version, "action": action, "expense": expense, "import": upload,
            "evaluation": evaluation}


def value(conn, table, column, row_id):
    return conn.execute(f"SELECT {column} FROM {table} WHERE rowid = ?", [row_id]).fetchone()[0]


def test_forget_replaces_the_name_in_every_free_text(db):
    t = plant_texts(db)
    result = privacy.forget(db, t["zeynep"], "verzoek van de betrokkene")
    assert value(db, "meetings", "minutes", t["meeting"]) == (
        "# Verslag\n\nBesproken: [Geanonimiseerd] kan niet mee naar het zwembad.\nMevrouw Aksoy belt terug.\n")
    assert value(db, "meetings", "agenda", t["meeting"]) == "1. Zwembad ([Geanonimiseerd])"
    assert value(db, "meeting_minutes_versions", "minutes", t["version"]) == (
        "Eerste versie: [Geanonimiseerd] en lijst-[Geanonimiseerd].csv")
    assert value(db, "meeting_actions", "text", t["action"]) == "Bel [Geanonimiseerd] terug over de bus"
    assert value(db, "expenses", "description", t["expense"]) == "Bus voor [Geanonimiseerd]"
    assert value(db, "imports", "file_name", t["import"]) == "lijst-geanonimiseerd.csv"
    assert value(db, "participants", "notes", t["mehmet"]) == "broer van [Geanonimiseerd]"
    assert value(db, "referrals", "note", t["his_referral"]) == "samen met zijn zus [Geanonimiseerd]"
    # texts tied to her are emptied; her brother keeps his own name
    assert value(db, "referrals", "note", t["own_referral"]) == ""
    assert value(db, "participants", "notes", t["zeynep"]) == ""
    assert value(db, "participants", "last_name", t["mehmet"]) == "Aksoy"
    assert sorted((r["table"], r["column"], r["row_id"], r["count"]) for r in result["replaced"]) == [
        ("expenses", "description", t["expense"], 1),
        ("imports", "file_name", t["import"], 1),
        ("meeting_actions", "text", t["action"], 1),
        ("meeting_minutes_versions", "minutes", t["version"], 2),
        ("meetings", "agenda", t["meeting"], 1),
        ("meetings", "minutes", t["meeting"], 1),
        ("participants", "notes", t["mehmet"], 1),
        ("referrals", "note", t["his_referral"], 1),
    ]
    # the bare last name stays where it may be somebody else, listed for review, never changed
    assert [(r["table"], r["column"], r["row_id"], r["excerpt"]) for r in result["review"]] == [
        ("evaluations", "comment", t["evaluation"], "Mevrouw Aksoy vertelde over de drempels"),
        ("meetings", "minutes", t["meeting"], "…mee naar het zwembad. Mevrouw Aksoy belt terug."),
    ]
    assert value(db, "evaluations", "comment", t["evaluation"]) == "Mevrouw Aksoy vertelde over de drempels"
    changed = db.execute(
        "SELECT entity, entity_id, fields FROM audit_log WHERE action = 'forget'"
        " AND NOT (entity = 'participant' AND entity_id = ?)"
        " ORDER BY entity, entity_id, fields", [str(t["zeynep"])]).fetchall()
    assert [tuple(r) for r in changed] == [
        ("expense", str(t["expense"]), "description"), ("import", str(t["import"]), "file_name"),
        ("meeting", str(t["meeting"]), "agenda"), ("meeting", str(t["meeting"]), "minutes"),
        ("meeting_action", str(t["action"]), "text"), ("meeting_minutes", str(t["version"]), "minutes"),
        ("participant", str(t["mehmet"]), "notes"), ("referral", str(t["his_referral"]), "note"),
    ]


def test_forget_dry_run_shows_everything_and_changes_nothing(db, db_path):
    t = plant_texts(db)
    before = table_counts(db)
    texts = db.execute("SELECT minutes FROM meetings").fetchall()
    dry = privacy.forget(db, t["zeynep"], "verzoek", dry_run=True)
    assert table_counts(db) == before
    assert db.execute("SELECT minutes FROM meetings").fetchall() == texts
    assert db.execute("SELECT first_name FROM participants WHERE id = ?", [t["zeynep"]]).fetchone()[0] == "Zeynep"
    assert (dry["dry_run"], dry["erasure_id"]) == (True, None)
    assert not privacy.erasure_ledger.path_of(db_path).exists()
    done = privacy.forget(db, t["zeynep"], "verzoek")
    assert (dry["replaced"], dry["review"]) == (done["replaced"], done["review"])


def test_forget_reaches_a_table_added_later(db):
    """A text column of any table is searched without being named anywhere."""
    db.execute("CREATE TABLE later_notes (id INTEGER PRIMARY KEY, date TEXT NOT NULL, follow_up TEXT NOT NULL)")
    db.execute("INSERT INTO later_notes (date, follow_up) VALUES ('2026-04-01', 'gebeld met zeynep_aksoy')")
    zeynep = add_person(db, "Zeynep", "Aksoy", "1985-03-12")
    privacy.forget(db, zeynep, "verzoek")
    assert db.execute("SELECT follow_up FROM later_notes").fetchone()[0] == "gebeld met [Geanonimiseerd]"


def test_forget_keeps_a_signal_without_the_person_or_their_name(db, config):
    from vrijetijd_cli.services import signals

    zeynep = add_person(db, "Zeynep", "Aksoy", "1985-03-12")
    other = add_person(db, "Zeynep", "Maes", "1990-01-01")
    own = signals.add(db, config, date(2026, 4, 1), "informatie", "Zeynep vond de online inschrijving te moeilijk",
                      participant_id=zeynep)
    signals.update(db, own["id"], action="Gebeld met Aksoy; papieren formulier")
    about = signals.add(db, config, date(2026, 4, 2), "taal", "Tolk gevraagd voor zeynep aksoy en Zeynep",
                        participant_id=other)
    privacy.forget(db, zeynep, "verzoek")
    kept = signals.get(db, own["id"])
    # her own signal: no link, and neither her first nor her last name; what she said stays
    assert (kept["participant_id"], kept["raised_by"], kept["text"], kept["action"]) == (
        None, "participant", "[Geanonimiseerd] vond de online inschrijving te moeilijk",
        "Gebeld met [Geanonimiseerd]; papieren formulier")
    # another person's signal: only her full name goes, the bare first name is someone else's too
    assert signals.get(db, about["id"])["text"] == "Tolk gevraagd voor [Geanonimiseerd] en Zeynep"
    assert signals.get(db, about["id"])["participant_id"] == other


def test_forget_reseals_a_frozen_report(db, config):
    from vrijetijd_cli.reports import closed
    from vrijetijd_cli.services import closing

    people = populate(db)
    zeynep = add_person(db, "Zeynep", "Aksoy", "1985-03-12")
    db.execute("INSERT INTO evaluations (goal_id, year, state, comment, evaluated_at)"
               " VALUES (1, 2025, 'gerealiseerd', 'Getuigenis van Zeynep Aksoy op het slotmoment', 'x')")
    closing.close(db, config, 2025)
    frozen = db.execute("SELECT id, document, checksum FROM report_snapshots").fetchone()
    assert "Zeynep Aksoy" in frozen["document"]  # the test could fail
    result = privacy.forget(db, zeynep, "verzoek")
    row = db.execute("SELECT document, checksum, resealed_at, reseal_reason FROM report_snapshots").fetchone()
    assert "Zeynep Aksoy" not in row["document"] and "Getuigenis van [Geanonimiseerd]" in row["document"]
    assert row["checksum"] == closed.checksum(row["document"]) != frozen["checksum"]
    assert row["resealed_at"].startswith("2026-06-15T") and row["reseal_reason"] == privacy.RESEAL_REASON
    assert ("report_snapshots", "document", frozen["id"], 2) in {
        (r["table"], r["column"], r["row_id"], r["count"]) for r in result["replaced"]}
    document = closed.document(db, 2025)  # the checksum holds: no 'damaged' error
    assert document["internal"]["closed"]["resealed_at"] == row["resealed_at"]
    assert db.execute("SELECT action FROM audit_log WHERE entity = 'report_snapshot' ORDER BY id DESC"
                      ).fetchone()[0] == "reseal"
    assert people  # the year's figures came from populate


def test_after_forget_no_file_beside_the_database_holds_a_full_name(db, db_path):
    db.execute("PRAGMA secure_delete = OFF")  # as in SQLite builds without SECURE_DELETE
    t = plant_texts(db)
    db.execute("UPDATE meetings SET minutes = minutes || ? WHERE id = ?", ["x" * 6000, t["meeting"]])  # overflow

    def folder_bytes() -> bytes:
        found = b""
        for path in sorted(db_path.parent.rglob("*")):
            if path.is_file() and "backups" not in path.parts and "cache" not in path.parts:
                found += path.read_bytes().lower()
        return found

    before = folder_bytes()
    assert [form for form in FULL_FORMS if form.encode() in before]  # the test could fail
    privacy.forget(db, t["zeynep"], "verzoek van de betrokkene")
    after = folder_bytes()
    assert [form for form in FULL_FORMS if form.encode() in after] == []
    assert b"aksoy" in after  # her brother and the texts to review keep the bare last name


def test_forget_writes_the_ledger_beside_the_database(db, db_path, people):
    import stat

    from vrijetijd_cli.store import database_identity

    privacy.forget(db, people["old"], "bewaartermijn")
    privacy.forget(db, people["ann"], "verzoek")
    ledger = privacy.erasure_ledger.path_of(db_path)
    assert stat.S_IMODE(ledger.stat().st_mode) == 0o600
    lines = [line for line in ledger.read_text(encoding="ascii").splitlines() if not line.startswith("#")]
    last_erasure = db.execute("SELECT max(id) FROM erasures").fetchone()[0]
    ids = sorted([people["ann"], people["old"]])
    assert lines == [f"{database_identity(db)} {last_erasure} {ids[0]} {ids[1]}"]


def test_forget_that_cannot_write_the_ledger_changes_nothing(db, db_path, people, monkeypatch):
    import errno

    from vrijetijd_cli import files
    from vrijetijd_cli.errors import DatabaseError

    def full_disk(target, data):
        raise files.not_written(target, OSError(errno.ENOSPC, "No space left on device"))

    monkeypatch.setattr(files, "write_whole", full_disk)
    before = table_counts(db)
    with pytest.raises(DatabaseError, match="wissingsregister .* kan niet geschreven worden; er is niets gewist"):
        privacy.forget(db, people["ann"], "verzoek")
    assert table_counts(db) == before
    assert db.execute("SELECT first_name FROM participants WHERE id = ?", [people["ann"]]).fetchone()[0] == "Ann"


def test_a_ledger_that_is_not_a_file_is_a_clear_error(db, db_path, people):
    from vrijetijd_cli.errors import DatabaseError

    privacy.erasure_ledger.path_of(db_path).mkdir()
    before = table_counts(db)
    with pytest.raises(DatabaseError, match="wissingsregister .* is onleesbaar"):
        privacy.forget(db, people["ann"], "verzoek")
    assert table_counts(db) == before


def test_a_commit_that_fails_takes_the_ids_out_of_the_ledger_again(db, db_path, people, monkeypatch):
    from vrijetijd_cli.errors import DatabaseError

    real = privacy.erasure_ledger.record

    def record_then_fail(conn, ids):
        real(conn, ids)
        raise DatabaseError("de schijf is vol; er is niets gewijzigd")

    monkeypatch.setattr(privacy.erasure_ledger, "record", record_then_fail)
    with pytest.raises(DatabaseError):
        privacy.forget(db, people["ann"], "verzoek")
    assert privacy.erasure_ledger.listed(db) == set()
    assert db.execute("SELECT anonymized_at FROM participants WHERE id = ?", [people["ann"]]).fetchone()[0] is None


def test_purge_writes_the_ledger_and_replaces_names(db, config, db_path, people):
    db.execute("INSERT INTO expenses (year, date, category, amount_cents, description, created_at)"
               " VALUES (2019, '2019-03-11', 'vervoer', 500, 'Taxi voor Oud Verleden', 'x')")
    result = privacy.purge(db, config)
    assert [p["id"] for p in result["participants"]] == [people["old"]]
    assert db.execute("SELECT description FROM expenses").fetchone()[0] == "Taxi voor [Geanonimiseerd]"
    assert privacy.erasure_ledger.listed(db) == {people["old"]}
