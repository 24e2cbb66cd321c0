"""`participant export|forget`, `privacy purge` and `audit list` through the command line."""

from __future__ import annotations

import json

import pytest

from tests.conftest import table_counts, use_english
from tests.test_services_privacy import populate, raw_bytes


@pytest.fixture
def participant_cli(cli):
    return cli


@pytest.fixture
def people(db) -> dict:
    return populate(db)


# --- participant export -----------------------------------------------------------------------


def test_export_json(participant_cli, people):
    result = participant_cli("participant", "export", str(people["ann"]))
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {
        "participant",
        "statuses",
        "referrals",
        "vouchers",
        "participations",
        "signals",
        "erasures",
        "merged_from",
        "audit",
        "exported_at",
    }
    assert data["participant"]["email"] == "ann.peeters@example.be"
    assert data["referrals"][0]["partner"] == "De Brug Hasselt"
    assert data["vouchers"][0]["value_cents"] == 2500


def test_export_markdown_to_a_file(participant_cli, people, tmp_path):
    out = tmp_path / "inzage.md"
    result = participant_cli(
        "participant", "export", str(people["ann"]), "--format", "md", "--output", str(out)
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert text.startswith(f"# Gegevens van deelnemer {people['ann']}\n\nOpgemaakt op 2026-06-15 ")
    assert "| Voornaam | Ann |" in text and "| Geboortedatum | 12/03/1985 |" in text
    assert "| 01/02/2025 | De Brug Hasselt | OCMW-gerechtigd / leefloon | Sport | open |" in text
    assert "| KQ7M-X4PD-R9 | € 25,00 | 01/03/2025 | 28/02/2026 | ingewisseld |" in text
    assert "Zwembad Hasselt: beurtenkaart" in text
    assert "## Wissingen\n\n(geen)\n" in text


def test_export_markdown_keeps_typed_text_inert(participant_cli, db, people):
    db.execute(
        "UPDATE participants SET notes = ? WHERE id = ?", ["[bold]x[/bold] | *y*\nz", people["ann"]]
    )
    result = participant_cli("participant", "export", str(people["ann"]), "--format", "md")
    assert "| Notities | \\[bold\\]x\\[/bold\\] \\| \\*y\\* z |" in result.stdout


def test_export_unknown_person(participant_cli, db):
    result = participant_cli("participant", "export", "77")
    assert result.exit_code == 1
    assert (result.stdout, result.stderr) == ("", "Fout: deelnemer 77 bestaat niet\n")


# --- participant forget -----------------------------------------------------------------------


def test_forget(participant_cli, db, db_path, people):
    result = participant_cli(
        "participant", "forget", str(people["ann"]), "--reason", "verzoek van de betrokkene"
    )
    assert result.exit_code == 0, result.stderr
    assert (
        result.stderr == f"Deelnemer {people['ann']} is geanonimiseerd; wissing 1 is vastgelegd.\n"
    )
    assert all(
        s not in raw_bytes(db_path) for s in (b"Peeters", b"ann.peeters@example.be", b"zwemlessen")
    )
    data = json.loads(participant_cli("participant", "export", str(people["ann"])).stdout)
    assert (data["participant"]["first_name"], data["participant"]["last_name"]) == (
        "Geanonimiseerd",
        f"#{people['ann']}",
    )
    audit = db.execute("SELECT command, action FROM audit_log ORDER BY id DESC").fetchone()
    assert tuple(audit) == ("participant forget", "forget")


def test_forget_refusals_write_nothing(participant_cli, db, people):
    before = table_counts(db)
    missing_reason = participant_cli("participant", "forget", str(people["ann"]))
    assert missing_reason.exit_code == 2 and "--reason" in missing_reason.stderr
    empty = participant_cli("participant", "forget", str(people["ann"]), "--reason", " ")
    assert (empty.exit_code, empty.stderr) == (
        1,
        "Fout: reden: geef een reden voor de wissing (zonder persoonsgegevens)\n",
    )
    unknown = participant_cli("participant", "forget", "404", "--reason", "verzoek")
    assert (unknown.exit_code, unknown.stderr) == (1, "Fout: deelnemer 404 bestaat niet\n")
    assert table_counts(db) == before
    assert (
        participant_cli("participant", "forget", str(people["ann"]), "--reason", "x").exit_code == 0
    )
    before = table_counts(db)
    twice = participant_cli("participant", "forget", str(people["ann"]), "--reason", "x")
    assert (twice.exit_code, twice.stderr) == (
        1,
        f"Fout: deelnemer {people['ann']} is al geanonimiseerd op 2026-06-15\n",
    )
    assert table_counts(db) == before


# --- privacy purge ----------------------------------------------------------------------------


def test_purge_dry_run(cli, db, people):
    before = table_counts(db)
    result = cli("privacy", "purge", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert (
        "Verleden" in result.stdout
        and "31/12/2019" in result.stdout
        and "Peeters" not in result.stdout
    )
    assert result.stderr == (
        "1 deelnemer zonder activiteit sinds 15/06/2021 (bewaartermijn 5 jaar);"
        " niets gewijzigd (--dry-run).\n"
    )
    assert table_counts(db) == before


def test_purge(cli, db, people):
    result = cli("privacy", "purge", "--format", "json")
    assert result.exit_code == 0, result.stderr
    (row,) = json.loads(result.stdout)
    assert (row["id"], row["first_name"], row["last_name"], row["last_activity"]) == (
        people["old"],
        "Geanonimiseerd",
        f"#{people['old']}",
        "2019-12-31",
    )
    assert result.stderr == "1 deelnemer zonder activiteit sinds 15/06/2021 geanonimiseerd.\n"
    again = cli("privacy", "purge")
    assert (again.exit_code, again.stdout) == (0, "")
    assert (
        again.stderr
        == "Geen deelnemers zonder activiteit sinds 15/06/2021 (bewaartermijn 5 jaar).\n"
    )


def test_purge_follows_the_configured_retention(cli, db, people, config_path):
    text = config_path.read_text(encoding="utf-8").replace(
        "retention_years: 5", "retention_years: 8"
    )
    config_path.write_text(text, encoding="utf-8")
    result = cli("privacy", "purge", "--dry-run")
    assert result.stderr.startswith(
        "Geen deelnemers zonder activiteit sinds 15/06/2018 (bewaartermijn 8 jaar)"
    )


# --- audit list -------------------------------------------------------------------------------


def test_audit_list_filters(cli, db, people):
    assert cli("partner", "edit", "5", "--contact", "nieuw adres").exit_code == 0
    result = cli("audit", "list", "--entity", "partner", "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [(r["command"], r["entity_id"], r["action"], r["fields"]) for r in rows[:2]] == [
        ("partner edit", "5", "edit", "contact"),
        ("", "5", "edit", "contact"),
    ]
    assert "nieuw adres" not in result.stdout
    assert all(r["entity"] == "partner" for r in rows)
    table = cli("audit", "list", "--since", "15/06/2026", "--limit", "2")
    assert table.exit_code == 0
    assert "Alleen de 2 recentste regels; --limit 0 toont alles." in table.stdout
    assert json.loads(cli("audit", "list", "--user", "niemand", "--format", "json").stdout) == []


def test_audit_list_in_english(cli, db, people, config_path):
    use_english(config_path)
    table = cli("audit", "list", "--limit", "2", "--format", "csv")
    assert table.exit_code == 0, table.stderr
    assert table.stdout.splitlines()[0] == "Id;Time;User;Command;Entity;Id;Action;Fields"


def test_purge_in_english(cli, db, people, config_path):
    use_english(config_path)
    result = cli("privacy", "purge", "--dry-run", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "1 participant without activity since 15/06/2021 (retention 5 years); nothing changed (--dry-run).\n"
    )


def test_audit_list_bad_date(cli, db):
    result = cli("audit", "list", "--since", "31/02/2026")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "Fout: sinds: '31/02/2026' bestaat niet als datum\n"


# --- forget through the command line: free text, review, dry run ---------------------------------


def test_forget_dry_run_lists_every_change_and_writes_nothing(participant_cli, db):
    from tests.test_services_privacy import plant_texts

    t = plant_texts(db)
    before = table_counts(db)
    result = participant_cli("participant", "forget", t["zeynep"], "--reason", "verzoek", "--dry-run",
                             "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["dry_run"], data["erasure_id"], len(data["replaced"])) == (True, None, 8)
    assert [(r["table"], r["row_id"]) for r in data["review"]] == [("evaluations", t["evaluation"]),
                                                                   ("meetings", t["meeting"])]
    assert result.stderr.splitlines() == [
        "2 teksten bevatten de familienaam nog: kijk ze na; vrijetijd wijzigt ze niet, want anderen kunnen"
        " dezelfde naam dragen.",
        f"Proef: deelnemer {t['zeynep']} is niet gewijzigd (--dry-run).",
    ]
    assert table_counts(db) == before
    table = participant_cli("participant", "forget", t["zeynep"], "--reason", "verzoek", "--dry-run")
    assert "meeting_minutes_versions" in table.stdout and "naam vervangen" in table.stdout
    assert "Mevrouw Aksoy belt terug." in table.stdout and "nakijken" in table.stdout


def test_forget_lists_what_to_review(participant_cli, db):
    from tests.test_services_privacy import plant_texts

    t = plant_texts(db)
    result = participant_cli("participant", "forget", t["zeynep"], "--reason", "verzoek", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.lstrip("\ufeff").splitlines()
    assert lines[0] == "Tabel;Kolom;Rij;Wat;Aantal;Fragment"
    assert f"evaluations;comment;{t['evaluation']};nakijken;;Mevrouw Aksoy vertelde over de drempels" in lines
    assert f"meetings;minutes;{t['meeting']};naam vervangen;1;" in lines
    assert result.stderr.splitlines()[-1] == f"Deelnemer {t['zeynep']} is geanonimiseerd; wissing 1 is vastgelegd."


# --- a forgotten person: nothing more by id, a new person by name -------------------------------


def forgotten(cli, people) -> int:
    assert cli("participant", "forget", people["ann"], "--reason", "verzoek").exit_code == 0
    return people["ann"]


def test_a_forgotten_person_cannot_be_referred_again_by_id(participant_cli, db, people):
    ann = forgotten(participant_cli, people)
    before = table_counts(db)
    result = participant_cli("referral", "add", "--partner", "De Brug", "--participant", ann)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Fout: deelnemer {ann} is vergeten (geanonimiseerd op 15/06/2026); er kan geen toeleiding bij. Is het"
        " dezelfde persoon, registreer hem of haar dan opnieuw als nieuwe deelnemer\n")
    assert table_counts(db) == before


def test_a_forgotten_person_gets_no_voucher(participant_cli, db, people):
    ann = forgotten(participant_cli, people)
    db.execute("INSERT INTO statuses (participant_id, ground_code, valid_from, valid_until, created_at)"
               " VALUES (?, 'ocmw', '2026-01-01', '2026-12-31', 'x')", [ann])
    before = table_counts(db)
    result = participant_cli("voucher", "issue", "--participant", ann, "--amount", "10")
    assert result.exit_code == 1
    assert result.stderr == f"Fout: deelnemer {ann} is geanonimiseerd; er kan niets meer bij\n"
    assert table_counts(db) == before


def test_a_forgotten_person_gets_no_participation(participant_cli, db, people):
    ann = forgotten(participant_cli, people)
    before = table_counts(db)
    result = participant_cli("participation", "add", "--participant", ann, "--activity", people["swim"],
                             "--date", "01/06/2026", "--without-status", "toch")
    assert result.exit_code == 1
    assert result.stderr == f"Fout: deelnemer {ann} is geanonimiseerd; er kan niets meer bij\n"
    assert table_counts(db) == before


def test_referring_the_same_name_and_birth_date_again_makes_a_new_person(participant_cli, db, people):
    ann = forgotten(participant_cli, people)
    result = participant_cli("referral", "add", "--partner", "De Brug", "--first-name", "Ann", "--last-name",
                             "Peeters", "--birth-date", "12/03/1985")
    assert result.exit_code == 0, result.stderr
    new = db.execute("SELECT max(id) FROM participants").fetchone()[0]
    assert new > people["new"] and new != ann
    assert f"(deelnemer {new}, nieuw)" in result.stderr


# --- what the person was told (GDPR art. 13) -----------------------------------------------------


def test_referral_add_stores_the_legal_basis_and_export_shows_it(participant_cli, db):
    made = participant_cli("referral", "add", "--partner", "De Brug", "--first-name", "Zeynep", "--last-name",
                           "Aksoy", "--birth-date", "12/03/1985")
    assert made.exit_code == 0, made.stderr
    other = participant_cli("referral", "add", "--partner", "Domo", "--first-name", "Mehmet", "--last-name",
                            "Aksoy", "--birth-date", "01/01/1980", "--legal-basis", "toestemming (AVG art. 6.1.a)",
                            "--informed", "folder gegeven op 15/06/2026")
    assert other.exit_code == 0, other.stderr
    exported = [json.loads(participant_cli("participant", "export", i).stdout)["participant"] for i in (1, 2)]
    assert [(p["legal_basis"], p["informed"]) for p in exported] == [
        ("taak van algemeen belang (AVG art. 6.1.e)", "geïnformeerd via de doorverwijzende partner"),
        ("toestemming (AVG art. 6.1.a)", "folder gegeven op 15/06/2026"),
    ]
    text = participant_cli("participant", "export", "2", "--format", "md").stdout
    assert "| Rechtsgrond | toestemming (AVG art. 6.1.a) |" in text
    assert "| Geïnformeerd | folder gegeven op 15/06/2026 |" in text
    refused = participant_cli("referral", "add", "--partner", "Domo", "--participant", "2", "--informed", "x")
    assert refused.exit_code == 1
    assert refused.stderr.startswith("Fout: --participant en --informed gaan niet samen")


def test_the_legal_basis_comes_from_the_config(participant_cli, db, config_path):
    config_path.write_text(config_path.read_text(encoding="utf-8").replace(
        "informed: geïnformeerd via de doorverwijzende partner", "informed: infofiche van het netwerk"),
        encoding="utf-8")
    assert participant_cli("participant", "add", "--first-name", "Ann", "--last-name", "Claes",
                           "--birth-date", "01/02/1990").exit_code == 0
    person = json.loads(participant_cli("participant", "export", "1").stdout)["participant"]
    assert (person["legal_basis"], person["informed"]) == (
        "taak van algemeen belang (AVG art. 6.1.e)", "infofiche van het netwerk")


def test_an_import_stores_the_legal_basis_with_every_new_person(participant_cli, db, tmp_path):
    import shutil

    from tests.conftest import DATA

    shutil.copy(DATA / "import_brug_juni.csv", tmp_path / "lijst.csv")
    assert participant_cli("import", "participants", "lijst.csv", "--partner", "De Brug",
                           "--skip-invalid").exit_code == 0
    rows = db.execute("SELECT DISTINCT legal_basis, informed FROM participants").fetchall()
    assert [tuple(r) for r in rows] == [("taak van algemeen belang (AVG art. 6.1.e)",
                                         "geïnformeerd via de doorverwijzende partner")]


# --- retention of back-ups -----------------------------------------------------------------------


def test_purge_deletes_backups_past_the_retention(participant_cli, db, db_path):
    folder = db_path.parent / "backups"
    folder.mkdir()
    old, recent = folder / "vrijetijd-20260101-080000.db", folder / "vrijetijd-20260601-080000.db"
    for path in (old, recent):
        path.write_bytes(b"kopie met Ann Peeters")
    dry = participant_cli("privacy", "purge", "--dry-run")
    assert dry.exit_code == 0 and old.exists()
    assert dry.stderr.splitlines()[-1] == "1 back-up ouder dan 90 dagen zou verwijderd worden (--dry-run)."
    result = participant_cli("privacy", "purge")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[-1] == f"1 back-up ouder dan 90 dagen verwijderd: {old}"
    assert not old.exists() and recent.exists()
