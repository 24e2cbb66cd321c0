import json

from tests.conftest import table_counts, use_english


def test_init_loads_config_and_is_idempotent(cli, db):
    before = table_counts(db)
    assert before["partners"] == 7 and before["grounds"] == 6 and before["goals"] == 9
    result = cli("init")
    assert result.exit_code == 0
    assert "0 partners, 0 doelgroepgronden en 0 doelen" in result.stderr
    after = table_counts(db)
    assert after == before


def test_partner_list_json(cli, db):
    result = cli("partner", "list", "--format", "json")
    assert result.exit_code == 0
    partners = json.loads(result.stdout)
    assert [p["name"] for p in partners][:2] == ["Cultuur-, jeugd- en sportdienst", "Dienst wijkmanagement"]
    assert partners[4] == {
        "id": 5,
        "name": "De Brug Hasselt",
        "kind": "vereniging_armen",
        "contact": "vereniging waar armen het woord nemen",
        "active": True,
        "joined_on": "2019-01-01",
        "created_at": partners[4]["created_at"],
        "organiser_share_bp": None,
    }


def test_partner_named_case_and_accent_insensitively(cli, db):
    result = cli("partner", "show", "DE BRÜG hasselt", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["id"] == 5


def test_ambiguous_partner_lists_candidates(cli, db):
    result = cli("partner", "show", "dienst")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Fout: partner 'dienst' is dubbelzinnig; bedoelt u een van: 1: Cultuur-")
    assert "4: Sociale Dienst" in result.stderr


def test_unknown_partner_lists_known_ones(cli, db):
    result = cli("partner", "show", "Rode Kruis")
    assert result.exit_code == 1
    assert "Fout: partner 'Rode Kruis' bestaat niet (gekende partners: 1: Cultuur-" in result.stderr


def test_partner_messages_in_english(cli, db, config_path):
    use_english(config_path)
    unknown = cli("partner", "show", "Rode Kruis")
    assert unknown.exit_code == 1
    assert "Error: partner 'Rode Kruis' does not exist (known partners: 1: Cultuur-" in unknown.stderr
    listed = cli("partner", "list")
    assert listed.stdout.startswith("Partners\n")
    assert "Member" in listed.stdout and "organiser" in listed.stdout and " yes " in listed.stdout
    init = cli("init")
    assert "0 partners, 0 grounds and 0 goals added from" in init.stderr


def test_partner_add_edit_deactivate_with_audit(cli, db):
    result = cli("partner", "add", "--name", "Vzw Kras", "--kind", "vzw")
    assert result.exit_code == 0, result.stderr
    assert "Vzw Kras" in result.stdout
    assert cli("partner", "edit", "kras", "--contact", "info@kras.be").exit_code == 0
    assert cli("partner", "deactivate", "8").exit_code == 0
    row = db.execute("SELECT name, contact, active FROM partners WHERE id = 8").fetchone()
    assert tuple(row) == ("Vzw Kras", "info@kras.be", 0)
    audit = [
        tuple(r)
        for r in db.execute(
            "SELECT command, entity, entity_id, action, fields FROM audit_log"
            " WHERE entity_id = '8' AND entity = 'partner' ORDER BY id"
        )
    ]
    assert audit == [
        ("partner add", "partner", "8", "add", "contact,joined_on,kind,name"),
        ("partner edit", "partner", "8", "edit", "contact"),
        ("partner deactivate", "partner", "8", "deactivate", "active"),
    ]
    assert "info@kras.be" not in str(audit)


def test_partner_add_duplicate_and_unknown_kind_write_nothing(cli, db):
    before = table_counts(db)
    duplicate = cli("partner", "add", "--name", "sociale dienst", "--kind", "stadsdienst")
    assert duplicate.exit_code == 1
    assert "bestaat al (id 4: Sociale Dienst)" in duplicate.stderr
    unknown = cli("partner", "add", "--name", "Nieuw", "--kind", "bedrijf")
    assert unknown.exit_code == 1
    assert "soort partner 'bedrijf' is onbekend" in unknown.stderr
    assert table_counts(db) == before


def test_partner_csv_is_excel_friendly(cli, db, tmp_path):
    out = tmp_path / "partners.csv"
    assert cli("partner", "list", "--format", "csv", "--output", str(out)).exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfId;Naam;Soort;Contact;Actief;Lid sinds;Deel als organisator\r\n")
    assert "5;De Brug Hasselt;Vereniging waar armen het woord nemen;" in raw.decode("utf-8-sig")
