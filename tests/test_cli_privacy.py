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
        ("init", "5", "edit", "contact"),
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
