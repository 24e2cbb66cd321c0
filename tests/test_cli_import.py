import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA, table_counts, use_english

ROOT = Path(__file__).parents[1]


def summary(result) -> dict:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("name", "dialect", "people"),
    [
        ("import_brug_cp1252.csv", "Windows-1252, scheidingsteken ';'", ["Hélène", "Zoë", "François", "Noël", "Anaïs"]),
        ("import_domo_bom.csv", "UTF-8 met BOM, scheidingsteken ';'", ["Zoë", "Amira", "Mariëlle"]),
        ("import_horizont_comma.csv", "UTF-8, scheidingsteken ','", ["Lotte", "Jérôme", "Inès"]),
        ("import_wijk_tab.txt", "Windows-1252, scheidingsteken tab", ["René", "Chloë"]),
        ("import_horizont.xlsx", "Excel, blad 'Deelnemers'", ["Wout", "Febe", "Oksana"]),
    ],
)
def test_lists_as_partners_send_them(cli, db, name, dialect, people):
    result = cli("import", "participants", DATA / name, "--partner", "de brug", "--format", "json")
    data = summary(result)
    assert (data["dialect"], data["new"], data["rejected"]) == (dialect, len(people), 0)
    assert result.stderr.startswith(f"{name}: {dialect}, ")
    assert [r[0] for r in db.execute("SELECT first_name FROM participants ORDER BY id")] == people


def test_summary_table(cli, db):
    result = cli("import", "participants", DATA / "import_brug_cp1252.csv", "--partner", "De Brug")
    assert result.exit_code == 0, result.stderr
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert lines[:12] == [
        "Import 1",
        "Bestand                           import_brug_cp1252.csv",
        "Gelezen als                       Windows-1252, scheidingsteken ';'",
        "Partner                           De Brug Hasselt",
        "Rijen gelezen                     5",
        "Nieuwe personen                   5",
        "Bestaande personen (gekoppeld)    0",
        "Statuten toegevoegd               5",
        "Toeleidingen toegevoegd           5",
        "Dubbels in het bestand            0",
        "Mogelijke dubbels (na te kijken)  0",
        "Afgewezen rijen                   0",
    ]
    assert result.stderr == "import_brug_cp1252.csv: Windows-1252, scheidingsteken ';', 7 kolommen\n"
    assert "━" not in result.stderr  # no progress bar when stderr is not a terminal


BAD = [
    ("import_empty.csv", "is leeg"),
    ("import_header_only.csv", "heeft alleen een kopregel (regel 1) en geen rijen met gegevens"),
    ("import_missing_column.csv", "verplichte kolom ontbreekt: geboortedatum (birth_date) of geboortejaar"
                                  " (birth_year); gevonden kolommen: 'Familienaam', 'Voornaam', 'Postcode', 'Statuut'"),
    ("import_field_count.csv", "2 problemen in 2 rijen; er is niets ingelezen"),
    ("import_binary.csv", "is een afbeelding, geen CSV-bestand"),
    ("import_nul_bytes.csv", "is een binair bestand, geen CSV-bestand"),
    ("import_wrong_extension.pdf", "bestandstype '.pdf' wordt niet ondersteund"),
    ("import_old_excel.xls", "is een oud Excel-bestand (.xls)"),
    ("import_utf16.csv", "is in UTF-16 bewaard"),
    ("import_not_cp1252.csv", "is geen UTF-8 en geen Windows-1252 (byte 0x81 op regel 3)"),
    ("import_bad_dates.csv", "3 problemen in 3 rijen; er is niets ingelezen"),
    ("import_unknown_ground.csv", "1 probleem in 1 rij; er is niets ingelezen"),
    ("import_does_not_exist.csv", "bestand '{path}' bestaat niet"),
]


@pytest.mark.parametrize(("name", "expected"), BAD)
def test_bad_files_exit_1_with_a_clear_message_and_write_nothing(cli, db, name, expected):
    before = table_counts(db)
    path = DATA / name
    result = cli("import", "participants", path, "--partner", "De Brug")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Fout: " in result.stderr
    assert expected.format(path=path) in result.stderr
    assert table_counts(db) == before


def test_problem_lines_name_line_column_and_value(cli, db):
    result = cli("import", "participants", DATA / "import_field_count.csv", "--partner", "De Brug")
    assert result.stderr.splitlines()[1:] == [
        f"Fout: {DATA / 'import_field_count.csv'}: 2 problemen in 2 rijen; er is niets ingelezen. Verbeter het"
        " bestand of lees de goede rijen in met --skip-invalid",
        "  regel 3: 6 velden in plaats van 5: te veel (een ';' of ',' in een waarde zonder aanhalingstekens?)",
        "  regel 4: 3 velden in plaats van 5: te weinig",
    ]
    result = cli("import", "participants", DATA / "import_unknown_ground.csv", "--partner", "De Brug")
    assert result.stderr.splitlines()[-1] == (
        "  regel 3: Statuut: 'Kansenpas' is onbekend; kies uit verhoogde_tegemoetkoming, ocmw,"
        " schuldbemiddeling, vluchteling, maatwerkbedrijf, doorverwijzing"
    )
    result = cli("import", "participants", DATA / "import_bad_dates.csv", "--partner", "De Brug")
    assert result.stderr.splitlines()[2:] == [
        "  regel 2: Geb. datum: '31/02/1990' bestaat niet als datum",
        "  regel 3: Geb. datum: '3/7/85' heeft geen jaartal van vier cijfers",
        "  regel 5: Geb. datum: 01/01/2027 ligt in de toekomst",
    ]


def test_unknown_partner_and_same_file_twice(cli, db):
    before = table_counts(db)
    result = cli("import", "participants", DATA / "import_brug_cp1252.csv", "--partner", "Rode Kruis")
    assert result.exit_code == 1
    assert result.stderr.startswith("Fout: partner 'Rode Kruis' bestaat niet (gekende partners: 1: Cultuur-")
    assert table_counts(db) == before
    assert cli("import", "participants", DATA / "import_brug_cp1252.csv", "--partner", "De Brug").exit_code == 0
    after_first = table_counts(db)
    twice = cli("import", "participants", DATA / "import_brug_cp1252.csv", "--partner", "De Brug")
    assert twice.exit_code == 1
    assert twice.stderr == (
        "Fout: 'import_brug_cp1252.csv' werd al ingelezen op 15/06/2026 (import 1, 'import_brug_cp1252.csv');"
        " gebruik --again om het toch opnieuw in te lezen\n"
    )
    assert table_counts(db) == after_first
    again = cli("import", "participants", DATA / "import_brug_cp1252.csv", "--partner", "De Brug", "--again",
                "--format", "json")
    assert (summary(again)["matched"], summary(again)["new"]) == (5, 0)


def test_walkthrough(cli, db, tmp_path):
    """The README's walkthrough, step by step."""
    shutil.copy(DATA / "import_brug_juni.csv", tmp_path / "lijst.csv")
    before = table_counts(db)
    refused = cli("import", "participants", "lijst.csv", "--partner", "De Brug")
    assert refused.exit_code == 1
    assert refused.stderr.splitlines() == [
        "lijst.csv: Windows-1252, scheidingsteken ';', 7 kolommen",
        "Fout: lijst.csv: 2 problemen in 2 rijen; er is niets ingelezen. Verbeter het bestand of lees de goede"
        " rijen in met --skip-invalid",
        "  regel 5: Geb. datum: '31/02/1975' bestaat niet als datum",
        "  regel 8: lijkt op regel 2 (Hélène Peeters): naam één of twee letters verschillend",
        "  Een rij die op een andere persoon lijkt, wordt niet ingelezen: kijk ze na, of lees ze toch in met"
        " --accept-lookalikes",
    ]
    assert table_counts(db) == before

    partial = cli("import", "participants", "lijst.csv", "--partner", "De Brug", "--skip-invalid")
    assert partial.exit_code == 0, partial.stderr
    assert "Nieuwe personen                   3" in partial.stdout
    assert "Dubbels in het bestand            1" in partial.stdout
    assert "Mogelijke dubbels (na te kijken)  1" in partial.stdout
    assert "Afgewezen rijen                   2" in partial.stdout
    assert partial.stderr.splitlines()[1:] == [
        "Waarschuwing: regel 5: Geb. datum: '31/02/1975' bestaat niet als datum",
        "Waarschuwing: regel 8: lijkt op regel 2 (Hélène Peeters): naam één of twee letters verschillend",
        "2 afgewezen rijen bewaard in 'lijst.rejects.csv', met de reden per rij: verbeter ze daar en lees dat"
        " bestand in.",
    ]
    rejects = tmp_path / "lijst.rejects.csv"
    assert rejects.read_bytes() == (
        "Foutmelding;Naam;Voornaam;Geb. datum;Postcode;Gezinsleden;Statuut;Opmerking\r\n"
        "regel 5: Geb. datum: '31/02/1975' bestaat niet als datum;Çelik;François;31/02/1975;3500;4;OMNIO;"
        "belt liefst 's avonds\r\n"
        "regel 8: lijkt op regel 2 (Hélène Peeters): naam één of twee letters verschillend;Peters;Helene;3/7/1985;"
        "3500;3;VT;\r\n"
    ).encode("cp1252")

    # the walkthrough corrects the date with sed and drops the row that was Hélène Peeters again
    text = rejects.read_bytes().replace(b";31/02/1975;", b";13/02/1975;")
    rejects.write_bytes(b"".join(line for line in text.splitlines(keepends=True) if b";Peters;Helene;" not in line))
    corrected = cli("import", "participants", "lijst.rejects.csv", "--partner", "De Brug", "--format", "json")
    data = summary(corrected)
    assert (data["new"], data["rejected"], data["unused_columns"]) == (1, 0, [])
    assert db.execute("SELECT birth_date FROM participants WHERE last_name = 'Çelik'").fetchone()[0] == "1975-02-13"

    listed = cli("import", "list", "--format", "json")
    assert [(r["id"], r["file_name"], r["new_count"], r["rejected"]) for r in json.loads(listed.stdout)] == [
        (1, "lijst.csv", 3, 2), (2, "lijst.rejects.csv", 1, 0)]


def test_dry_run_writes_nothing(cli, db, tmp_path):
    shutil.copy(DATA / "import_brug_juni.csv", tmp_path / "lijst.csv")
    before = table_counts(db)
    result = cli("import", "participants", "lijst.csv", "--partner", "De Brug", "--dry-run", "--skip-invalid")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0].rstrip() == "Proefimport (er is niets geschreven)"
    assert "2 afgewezen rijen zouden bewaard worden in 'lijst.rejects.csv'" in result.stderr
    assert table_counts(db) == before
    assert not (tmp_path / "lijst.rejects.csv").exists()


def test_options(cli, db, tmp_path):
    path = tmp_path / "lijst.txt"
    path.write_bytes("Fam|Voornaam|Geb.dat|Extra\r\nPeeters|Zoë|3/7/1985|x\r\n".encode("cp1252"))
    result = cli("import", "participants", path, "--partner", "5", "--delimiter", "|", "--encoding",
                 "windows-1252", "--map", "Fam=last_name", "--map", "Geb.dat=birth_date", "--ground", "OMNIO",
                 "--date", "01/06/2026", "--format", "json")
    data = summary(result)
    assert (data["new"], data["statuses_added"], data["unused_columns"]) == (1, 1, ["Extra"])
    assert "Niet gebruikt: 'Extra'" in result.stderr
    assert db.execute("SELECT first_name, ground_code, date FROM referrals JOIN participants p"
                      " ON p.id = participant_id").fetchone()[:] == ("Zoë", "verhoogde_tegemoetkoming", "2026-06-01")
    sheet = cli("import", "participants", DATA / "import_horizont.xlsx", "--partner", "Horizont", "--sheet",
                "Juli", "--format", "json")
    assert summary(sheet)["new"] == 1
    bad = cli("import", "participants", path, "--partner", "5", "--date", "31/02/2026")
    assert bad.exit_code == 1 and "--date: '31/02/2026' bestaat niet als datum" in bad.stderr


def test_import_partners_and_list(cli, db):
    result = cli("import", "partners", DATA / "import_partners.csv")
    assert result.exit_code == 0, result.stderr
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert lines[3:7] == ["Rijen gelezen            3", "Nieuwe partners          2",
                          "Bestaande partners       1", "Bijgewerkt               1"]
    bad = cli("import", "partners", DATA / "import_partners_bad.csv")
    assert bad.exit_code == 1
    assert "  regel 2: Soort: soort 'bedrijf' is onbekend" in bad.stderr
    listed = cli("import", "list", "--format", "csv")
    assert listed.exit_code == 0
    header, row = listed.stdout.splitlines()
    assert header == ("Id;Ingelezen;Soort;Bestand;Partner;Rijen;Nieuw;Gekoppeld;Bijgewerkt;Statuten;Toeleidingen;"
                      "Dubbels;Mogelijk dubbel;Afgewezen;Door;Ongedaan gemaakt")
    assert row.startswith("1;15/06/2026 ") and ";partners;import_partners.csv;;3;2;1;1;0;0;0;0;0;" in row


def test_english(cli, db, config_path):
    use_english(config_path)
    result = cli("import", "participants", DATA / "import_bad_dates.csv", "--partner", "De Brug")
    assert result.exit_code == 1
    assert "Error: " in result.stderr and "3 problems in 3 rows; nothing was imported" in result.stderr
    assert "  line 2: Geb. datum: '31/02/1990' " in result.stderr  # the reason is parse.py's


def test_english_walkthrough(cli, db, config_path, tmp_path):
    use_english(config_path)
    shutil.copy(DATA / "import_brug_juni.csv", tmp_path / "lijst.csv")
    dry = cli("import", "participants", "lijst.csv", "--partner", "De Brug", "--skip-invalid", "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert dry.stdout.splitlines()[0].rstrip() == "Dry run (nothing was written)"
    assert dry.stderr.splitlines()[0] == "lijst.csv: Windows-1252, delimiter ';', 7 columns"
    assert dry.stderr.splitlines()[-1] == (
        "2 rejected rows would be saved in 'lijst.rejects.csv', with the reason per row: correct them there and"
        " import that file.")
    assert "How the first rows were read (field ← column)" in dry.stdout
    result = cli("import", "participants", "lijst.csv", "--partner", "De Brug", "--skip-invalid")
    assert result.exit_code == 0, result.stderr
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert lines[:4] == ["Import 1", "File                             lijst.csv",
                         "Read as                          Windows-1252, delimiter ';'",
                         "Partner                          De Brug Hasselt"]
    assert "Duplicates in the file (imported once)" in result.stdout
    assert "Possible duplicates: not merged, please review" in result.stdout
    row = next(line for line in result.stdout.splitlines() if "Helene Peters" in line)
    assert "line 2: Hélène Peeters" in row and "name one or two letters apart" in row
    assert result.stderr.splitlines()[1].startswith("Warning: line 5: Geb. datum: '31/02/1975' ")
    assert result.stderr.splitlines()[2].startswith("Warning: line 8: looks like line 2 (Hélène Peeters)")
    assert result.stderr.splitlines()[3].startswith("2 rejected rows saved in 'lijst.rejects.csv'")
    rejects = (tmp_path / "lijst.rejects.csv").read_bytes().decode("cp1252")
    assert rejects.splitlines()[1].startswith("line 5: Geb. datum: '31/02/1975' ")
    listed = cli("import", "list", "--format", "csv")
    header, row = listed.stdout.splitlines()
    assert header == ("Id;Imported;Kind;File;Partner;Rows;New;Matched;Updated;Statuses;Referrals;Duplicates;"
                      "Possible dupl.;Rejected;By;Undone")
    assert ";participants;lijst.csv;De Brug Hasselt;" in row


def test_help_texts(cli):
    for command in ("participants", "partners", "list"):
        result = cli("import", command, "--help")
        assert result.exit_code == 0
    assert "--skip-invalid" in cli("import", "participants", "--help").stdout


def test_subprocess_import_from_another_folder(tmp_path, db_path, db):
    shutil.copy(DATA / "import_domo_bom.csv", tmp_path / "domo.csv")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "vrijetijd_cli", "import", "participants", "domo.csv",
                           "--partner", "Domo", "--format", "json"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["new"] == 3
    assert "━" not in done.stderr


def test_import_activities_is_the_activity_import(cli, db):
    from tests.conftest import DATA

    result = cli("import", "activities", str(DATA / "activity_uitdatabank_event_with_uitpas_prices.json"))
    assert result.exit_code == 0, result.stderr
    assert db.execute("SELECT COUNT(*) FROM activities WHERE source = 'uitdatabank'").fetchone()[0] == 1
    assert [tuple(r) for r in db.execute("SELECT kind, rows_read, new_count FROM imports")] == [("activities", 1, 1)]


def test_possible_duplicates_section(cli, db, tmp_path):
    assert cli("participant", "add", "--first-name", "An", "--last-name", "Peeters", "--birth-date",
               "3/7/1985").exit_code == 0
    path = tmp_path / "lijst.csv"
    path.write_text("Naam;Voornaam;Geb. datum\nAn;Peeters;3/7/1985\nWouters;Lotte;14/02/2001\n"
                    "Wouter;Lotte;14/02/2001\n", encoding="utf-8")
    before = table_counts(db)
    refused = cli("import", "participants", path, "--partner", "De Brug")
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[2:4] == [
        "  regel 2: lijkt op deelnemer 1 (An Peeters): voor- en familienaam omgewisseld",
        "  regel 4: lijkt op regel 3 (Lotte Wouters): naam één of twee letters verschillend",
    ]
    assert table_counts(db) == before
    result = cli("import", "participants", path, "--partner", "De Brug", "--accept-lookalikes", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert [(p["line"], p["first_name"], p["last_name"], p["reason"], p["other_participant_id"], p["other_line"],
             p["other_name"], p["rejected"]) for p in json.loads(result.stdout)["possible"]] == [
        (2, "Peeters", "An", "swapped", 1, None, "An Peeters", False),
        (4, "Lotte", "Wouter", "typo", None, 3, "Lotte Wouters", False)]


# ---- partner lists as they really arrive (issue 17) ------------------------------------------

def imported(cli, name, *options, partner="De Brug"):
    result = cli("import", "participants", DATA / name, "--partner", partner, "--format", "json", *options)
    return summary(result), result.stderr


def people(db):
    return [tuple(r) for r in db.execute(
        "SELECT first_name, last_name, birth_date, birth_year, postcode, phone FROM participants ORDER BY id")]


def test_a_workbook_with_an_explanation_sheet_title_rows_and_a_total_row(cli, db):
    data, stderr = imported(cli, "import_brug_maart.xlsx")
    assert (data["sheet"], data["header_row"], data["rows_read"], data["new"]) == ("Maart", 4, 3, 3)
    assert (data["empty_rows"], data["total_rows"], data["rejected"], data["unused_columns"]) == (2, 1, 0, [])
    assert stderr.splitlines()[:2] == ["import_brug_maart.xlsx: Excel, blad 'Maart', 7 kolommen",
                                       "Kopregel op regel 4 (2 rijen erboven overgeslagen)"]
    assert [p[:3] for p in people(db)] == [("Ann", "Peeters", "1985-03-12"), ("Zoë", "Janssens", "1990-11-12"),
                                          ("François", "Çelik", "1975-02-13")]
    assert [r[0] for r in db.execute("SELECT ground_code FROM statuses ORDER BY id")] == [
        "verhoogde_tegemoetkoming", "ocmw", "verhoogde_tegemoetkoming"]  # read under 'Statuut (VT, OCMW, …)'


def test_the_summary_table_names_the_header_row_the_sheet_and_what_was_skipped(cli, db):
    result = cli("import", "participants", DATA / "import_brug_maart.xlsx", "--partner", "De Brug")
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert "Gelezen als                       Excel, blad 'Maart'" in lines
    assert "Kopregel                          regel 4" in lines
    assert "Niet gebruikte kolommen           (geen)" in lines
    assert "Lege rijen overgeslagen           2" in lines
    assert "Totaalrijen overgeslagen          1" in lines


def test_a_name_column_in_capitals_is_split(cli, db):
    data, _stderr = imported(cli, "import_naam_hoofdletters.csv")
    assert (data["new"], data["names_by_order"]) == (5, 1)  # 'Noël Vandersteen': by name_order
    assert [p[:2] for p in people(db)] == [("Ann", "Peeters"), ("Jan", "Van den Broeck"), ("Zoë", "Janssens"),
                                          ("Noël", "Vandersteen"), ("Yasmina", "El Amrani")]


def test_name_order_from_the_config(cli, db, config_path):
    text = config_path.read_text(encoding="utf-8")
    config_path.write_text(text.replace("name_order: first_last", "name_order: last_first"), encoding="utf-8")
    data, _stderr = imported(cli, "import_naam_hoofdletters.csv")
    assert data["names_by_order"] == 1
    assert people(db)[3][:2] == ("Vandersteen", "Noël")


def test_a_list_of_birth_years(cli, db):
    data, _stderr = imported(cli, "import_geboortejaar.csv")
    assert data["new"] == 3
    assert [p[:4] for p in people(db)] == [("Ann", "Peeters", None, 1985), ("Jef", "Claes", None, 1950),
                                          ("Lotte", "Wouters", None, 2001)]
    # the same list again: a year is no birth date, so nobody is merged silently
    before = table_counts(db)
    again = cli("import", "participants", DATA / "import_geboortejaar.csv", "--partner", "De Brug", "--again")
    assert again.exit_code == 1
    assert "  regel 2: lijkt op deelnemer 1 (Ann Peeters): zelfde naam, alleen het geboortejaar bekend" in again.stderr
    assert table_counts(db) == before
    shown = cli("participant", "show", "1", "--format", "json")
    assert (json.loads(shown.stdout)["birth_date"], json.loads(shown.stdout)["birth_year"]) == (None, 1985)
    assert "Geboortejaar    1985" in cli("participant", "show", "1").stdout
    # the report's age groups use the year
    ages = json.loads(cli("report", "participants", "--by", "age", "--year", "2026", "--format", "json").stdout)
    assert [(r["key"], r["participants"]) for r in ages["rows"]] == [
        ("0-11", 0), ("12-17", 0), ("18-25", 1), ("26-64", 1), ("65+", 1)]


def test_the_postcode_is_taken_from_an_address(cli, db, tmp_path):
    before = table_counts(db)
    result = cli("import", "participants", DATA / "import_postcode_gemeente.csv", "--partner", "De Brug")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "  regel 5: Postcode en gemeente: '75001' is geen Belgische postcode (vier cijfers)")
    assert table_counts(db) == before
    data, _stderr = imported(cli, "import_postcode_gemeente.csv", "--skip-invalid", "--rejects", tmp_path / "r.csv")
    assert (data["new"], data["rejected"]) == (3, 1)
    assert [p[4] for p in people(db)] == ["3500", "3510", "3511"]


def test_phone_numbers_as_a_spreadsheet_keeps_them(cli, db, tmp_path):
    result = cli("import", "participants", DATA / "import_telefoon.xlsx", "--partner", "De Brug")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "  regel 6: GSM: '0471 23 45 6' is geen telefoonnummer"
    data, _stderr = imported(cli, "import_telefoon.xlsx", "--skip-invalid", "--rejects", tmp_path / "r.xlsx")
    assert data["new"] == 4
    assert [p[5] for p in people(db)] == ["0471 23 45 67", "0471 23 45 67", "011 23 45 67", "+380 67 123 4567"]


def test_a_month_first_date_column_refuses_the_whole_file(cli, db, tmp_path):
    before = table_counts(db)
    for options in ((), ("--skip-invalid", "--rejects", tmp_path / "r.csv")):
        result = cli("import", "participants", DATA / "import_maand_eerst.csv", "--partner", "De Brug", *options)
        assert result.exit_code == 1
        assert result.stderr.splitlines()[-1] == (
            f"Fout: {DATA / 'import_maand_eerst.csv'}: kolom 'Geboortedatum' is niet te vertrouwen, regel 3:"
            " '07/23/1950' kan alleen maand-eerst gelezen worden (mm/dd/jjjj); schrijf de datums als dd/mm/jjjj;"
            " er is niets ingelezen")
        assert table_counts(db) == before


def test_unused_columns_are_named_and_strict_refuses_them(cli, db):
    before = table_counts(db)
    refused = cli("import", "participants", DATA / "import_ongebruikte_kolom.csv", "--partner", "De Brug", "--strict")
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[-1].endswith(
        "--strict: kolommen die niet gebruikt worden: 'Opmerking begeleider', 'Nationaliteit'; wijs ze toe met"
        " --map of laat ze weg")
    # an empty status cell where the file has a status column, and no --ground: an error for that row
    empty = cli("import", "participants", DATA / "import_ongebruikte_kolom.csv", "--partner", "De Brug")
    assert empty.exit_code == 1
    assert "Niet gebruikt: 'Opmerking begeleider', 'Nationaliteit'" in empty.stderr
    assert empty.stderr.splitlines()[-1] == "  regel 3: Statuut: ontbreekt; vul het in of geef --ground"
    assert table_counts(db) == before
    data, _stderr = imported(cli, "import_ongebruikte_kolom.csv", "--ground", "ocmw")
    assert (data["new"], data["unused_columns"]) == (2, ["Opmerking begeleider", "Nationaliteit"])
    assert [r[0] for r in db.execute("SELECT ground_code FROM referrals ORDER BY id")] == [
        "verhoogde_tegemoetkoming", "ocmw"]


def test_national_register_numbers_are_never_read_nor_copied(cli, db, tmp_path):
    shutil.copy(DATA / "import_rijksregister.csv", tmp_path / "lijst.csv")
    path = tmp_path / "lijst.csv"
    path.write_bytes(path.read_bytes() + b"Lotte;Wouters;31/02/2001;01.02.14-555.66;01021455566;VT\r\n")
    result = cli("import", "participants", path, "--partner", "De Brug", "--skip-invalid", "--format", "json")
    data = summary(result)
    assert (data["new"], data["rejected"], data["skipped_columns"]) == (2, 1, ["Rijksregisternummer", "Dossier"])
    assert "Bewust overgeslagen (rijksregisternummer, wordt nooit gelezen): 'Rijksregisternummer', 'Dossier'" \
        in result.stderr
    rejects = (tmp_path / "lijst.rejects.csv").read_text(encoding="utf-8")
    assert rejects.splitlines()[0] == "Foutmelding;Voornaam;Familienaam;Geboortedatum;Statuut"
    assert "555" not in rejects and "555" not in result.stdout + result.stderr
    dump = "\n".join(db.iterdump())
    assert "123.45" not in dump and "85031212345" not in dump


def test_dry_run_shows_how_each_cell_was_read(cli, db):
    before = table_counts(db)
    result = cli("import", "participants", DATA / "import_naam_hoofdletters.csv", "--partner", "De Brug",
                 "--dry-run", "--format", "json")
    data = summary(result)
    assert table_counts(db) == before
    assert len(data["preview"]) == 5
    assert data["preview"][0] == {"line": 2, "cells": [
        {"field": "full_name", "name": "naam", "column": "Naam", "cell": "PEETERS Ann", "value": "Ann / Peeters"},
        {"field": "birth_date", "name": "geboortedatum", "column": "Geboortedatum", "cell": "12/03/1985",
         "value": "12/03/1985"},
        {"field": "ground", "name": "statuut", "column": "Doelgroep*", "cell": "VT",
         "value": "Verhoogde tegemoetkoming"},
    ]}
    table = cli("import", "participants", DATA / "import_naam_hoofdletters.csv", "--partner", "De Brug", "--dry-run")
    assert "Zo werden de eerste rijen gelezen (veld ← kolom)" in table.stdout


def test_map_with_dutch_field_names_and_the_field_list(cli, db, tmp_path):
    path = tmp_path / "lijst.csv"
    path.write_text("Fam;Voornaam;Geb.dat\nPeeters;Ann;12/03/1985\n", encoding="utf-8")
    data = summary(cli("import", "participants", path, "--partner", "5", "--map", "Fam=familienaam",
                       "--map", "Geb.dat=geboortedatum", "--format", "json"))
    assert data["new"] == 1
    fields = cli("import", "participants", "--fields")
    assert fields.exit_code == 0, fields.stderr
    assert "geboortejaar" in fields.stdout and "Geb. datum" in fields.stdout and "rijksregister" not in fields.stdout


def test_header_row_option(cli, db, tmp_path):
    path = tmp_path / "lijst.csv"
    path.write_text("Naam;Geboortedatum\nstatus;datum\nVoornaam;Familienaam;Geboortedatum\nAnn;Peeters;12/03/1985\n",
                    encoding="utf-8")
    data = summary(cli("import", "participants", path, "--partner", "5", "--header-row", "3", "--format", "json"))
    assert (data["header_row"], data["new"]) == (3, 1)
    bad = cli("import", "participants", path, "--partner", "5", "--header-row", "0")
    assert bad.exit_code == 1 and "--header-row" in bad.stderr


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda tmp: tmp / "kop.csv", "regel 1: langer dan 131072 tekens"),
        (lambda tmp: "/dev/zero", "is geen gewoon bestand"),
        (lambda tmp: tmp / "pijp.csv", "is geen gewoon bestand"),
        (lambda tmp: tmp / "kapot.xlsx", "is geen geldig Excel-bestand"),
    ],
)
def test_hostile_files_are_a_clear_error_at_once(cli, db, tmp_path, make, expected):
    import os
    import zipfile

    (tmp_path / "kop.csv").write_text("Naam;" + "x" * 140_000 + "\n", encoding="utf-8")
    os.mkfifo(tmp_path / "pijp.csv")  # opening it would wait for a writer forever
    with zipfile.ZipFile(tmp_path / "kapot.xlsx", "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook><<<")
    before = table_counts(db)
    result = cli("import", "participants", make(tmp_path), "--partner", "5")
    assert result.exit_code == 1
    assert expected in result.stderr and "Traceback" not in result.stderr
    assert table_counts(db) == before


# ---- import undo ------------------------------------------------------------------------------

def test_undo_removes_what_an_import_added_after_asking(cli, db):
    assert cli("participant", "add", "--first-name", "Zoë", "--last-name", "Janssens", "--birth-date",
               "12/11/1990").exit_code == 0
    before = table_counts(db)
    data = summary(cli("import", "participants", DATA / "import_brug_cp1252.csv", "--partner", "De Brug",
                       "--format", "json"))
    assert (data["new"], data["matched"]) == (4, 1)
    no = cli("import", "undo", str(data["import_id"]), input="nee\n")
    assert no.exit_code == 1 and "Niet ongedaan gemaakt; er is niets gewijzigd." in no.stderr
    assert "Import 1 (import_brug_cp1252.csv) ongedaan maken: 4 deelnemers, 5 statuten en 5 toeleidingen" \
        " verwijderen?" in no.stderr
    done = cli("import", "undo", str(data["import_id"]), input="j\n")
    assert done.exit_code == 0, done.stderr
    assert done.stderr.endswith("verwijderen? [j/N] Import 1 ongedaan gemaakt: 4 deelnemers, 5 statuten en 5"
                                " toeleidingen verwijderd.\n")
    after = table_counts(db)
    assert {t: after[t] for t in ("participants", "statuses", "referrals")} == {
        t: before[t] for t in ("participants", "statuses", "referrals")}
    listed = json.loads(cli("import", "list", "--format", "json").stdout)
    assert listed[0]["undone_at"] is not None
    assert db.execute("SELECT action FROM audit_log WHERE entity = 'import' ORDER BY id DESC").fetchone()[0] == "undo"
    # undone: the same file may be read again without --again
    assert cli("import", "participants", DATA / "import_brug_cp1252.csv", "--partner", "De Brug").exit_code == 0
    twice = cli("import", "undo", "1", "--yes")
    assert twice.exit_code == 1 and "import 1 werd al ongedaan gemaakt op" in twice.stderr


def test_undo_is_refused_when_something_depends_on_the_people(cli, db):
    data = summary(cli("import", "participants", DATA / "import_brug_cp1252.csv", "--partner", "De Brug",
                       "--format", "json"))
    assert cli("voucher", "issue", "--participant", "2", "--amount", "10").exit_code == 0
    before = table_counts(db)
    refused = cli("import", "undo", str(data["import_id"]), "--yes")
    assert refused.exit_code == 1
    assert refused.stderr.splitlines() == [
        "Fout: import 1 kan niet ongedaan gemaakt worden: van 1 persoon hangt sindsdien iets af; er is niets"
        " verwijderd",
        "  deelnemer 2: 1 waardebon",
    ]
    assert table_counts(db) == before


def test_undo_of_a_list_of_partners_or_an_unknown_import(cli, db):
    assert cli("import", "partners", DATA / "import_partners.csv").exit_code == 0
    partners = cli("import", "undo", "1", "--yes")
    assert partners.exit_code == 1
    assert "import 1 is een lijst van partners; alleen een lijst van deelnemers kan ongedaan gemaakt worden" \
        in partners.stderr
    unknown = cli("import", "undo", "7", "--yes")
    assert unknown.exit_code == 1 and "import 7 bestaat niet" in unknown.stderr


def test_line_numbers_are_never_split_by_thousands(cli, db, tmp_path):
    """A line number is an id: 'regel 1002', never 'regel 1.002' (in the table and in JSON)."""
    lines = ["Voornaam;Familienaam;Geboortedatum;Statuut"]
    lines += [f"Persoon{n};Familie{n};01/01/1980;VT" for n in range(1000)]
    lines.append("Persoon0;Familie0;01/01/1980;VT")  # line 1002 repeats line 2
    path = tmp_path / "lang.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = cli("import", "participants", str(path), "--partner", "De Brug")
    assert table.exit_code == 0, table.stderr
    row = next(line for line in table.stdout.splitlines() if line.split()[:2] == ["1002", "2"])
    assert "Persoon0" in row
    assert "1.002" not in table.stdout


def test_a_long_list_of_duplicates_shows_a_few_in_a_table_and_all_in_json(cli, db, tmp_path):
    lines = ["Voornaam;Familienaam;Geboortedatum;Statuut"]
    lines += [f"Persoon{n};Familie{n};01/01/1980;VT" for n in range(25)] * 2  # each person twice
    path = tmp_path / "dubbel.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = cli("import", "participants", str(path), "--partner", "De Brug", "--dry-run")
    assert table.exit_code == 0, table.stderr
    assert "de eerste 20 van 25" in " ".join(table.stdout.split())  # the title may wrap
    # the duplicates' rows: line, first line, then the names (the preview's rows name a field second)
    shown = [line for line in table.stdout.splitlines()
             if len(line.split()) > 2 and line.split()[0].isdigit() and line.split()[1].isdigit()]
    assert len(shown) == 20
    data = json.loads(cli("import", "participants", str(path), "--partner", "De Brug", "--dry-run",
                          "--format", "json").stdout)
    assert len(data["duplicates"]) == 25
