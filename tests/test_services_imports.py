import shutil
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import DATA, table_counts
from vrijetijd_cli.errors import Conflict, ImportRejected, InvalidInput, NotFound
from vrijetijd_cli.importers import columns, lookalike
from vrijetijd_cli.parse import match_key
from vrijetijd_cli.services import imports, participant_import, participant_writes, participants, statuses
from vrijetijd_cli.services.import_run import ReadOptions, RunOptions
from vrijetijd_cli.services.partner_import import import_partners

TODAY = date(2026, 6, 15)


def run(db, config, path, partner="De Brug", dry_run=False, skip_invalid=False, rejects=None, again=False,
        **options):
    return participant_import.import_participants(db, config, path, partner,
                                                  options=RunOptions(dry_run, skip_invalid, rejects, again), **options)


def write(path, text, encoding="cp1252"):
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return path


def rows(db, sql, params=()):
    return [tuple(r) for r in db.execute(sql, params)]


def test_windows_1252_list_becomes_people_statuses_and_referrals(db, config):
    result = run(db, config, DATA / "import_brug_cp1252.csv", on=date(2026, 6, 1))
    assert {k: result[k] for k in ("rows_read", "new", "matched", "statuses_added", "referrals_added",
                                   "duplicates_in_file", "possible_duplicates", "rejected")} == {
        "rows_read": 5, "new": 5, "matched": 0, "statuses_added": 5, "referrals_added": 5,
        "duplicates_in_file": 0, "possible_duplicates": 0, "rejected": 0,
    }
    assert result["dialect"] == "Windows-1252, scheidingsteken ';'"
    people = rows(db, "SELECT id, first_name, last_name, birth_date, postcode, household_size, match_key"
                      " FROM participants ORDER BY id")
    assert people[0] == (1, "Hélène", "Peeters", "1985-07-03", "3500", 3, match_key("Hélène", "Peeters", "1985-07-03"))
    assert [p[1:4] for p in people[1:]] == [
        ("Zoë", "Janssens", "1990-11-12"), ("François", "Çelik", "1975-02-01"),
        ("Noël", "Vandersteen", "1962-05-30"), ("Anaïs", "Maes", "2012-09-07"),
    ]
    assert rows(db, "SELECT participant_id, ground_code, valid_from, valid_until, checked_by_partner_id"
                    " FROM statuses ORDER BY id") == [
        (1, "verhoogde_tegemoetkoming", "2026-06-01", "2027-05-31", 5),
        (2, "ocmw", "2026-06-01", "2027-05-31", 5),
        (3, "verhoogde_tegemoetkoming", "2026-06-01", "2027-05-31", 5),
        (4, "schuldbemiddeling", "2026-06-01", "2027-05-31", 5),
        (5, "vluchteling", "2026-06-01", "2027-05-31", 5),
    ]
    referrals = rows(db, "SELECT participant_id, partner_id, date, ground_code, state, note, import_id"
                         " FROM referrals ORDER BY id")
    assert referrals[0] == (1, 5, "2026-06-01", "verhoogde_tegemoetkoming", "open", "graag zwemmen", 1)
    assert [r[5] for r in referrals] == ["graag zwemmen", "", "belt liefst 's avonds", "",
                                         "kinderen willen naar de speelpleinwerking"]
    record = dict(db.execute("SELECT * FROM imports").fetchone())
    assert record["kind"] == "participants" and record["file_name"] == "import_brug_cp1252.csv"
    assert record["partner_id"] == 5 and len(record["sha256"]) == 64 and record["os_user"]
    counts = (record["rows_read"], record["new_count"], record["statuses_added"], record["referrals_added"])
    assert counts == (5, 5, 5, 5)
    assert result["import_id"] == record["id"]


def test_audit_has_one_row_per_import_and_no_values(db, config):
    result = run(db, config, DATA / "import_brug_cp1252.csv")
    audit = rows(db, "SELECT entity, entity_id, action, fields FROM audit_log WHERE entity IN"
                     " ('participant', 'status', 'referral', 'import')")
    assert audit == [("import", str(result["import_id"]), "import", "participants,referrals,statuses")]
    # every record stays traceable: the referrals carry the import, the people and statuses hang on them
    assert rows(db, "SELECT COUNT(*), COUNT(DISTINCT participant_id) FROM referrals WHERE import_id = ?",
                [result["import_id"]]) == [(5, 5)]
    logged = " ".join(str(v) for r in db.execute("SELECT * FROM audit_log") for v in tuple(r))
    assert "Peeters" not in logged and "1985" not in logged.replace("2026", "")


def test_existing_people_are_matched_never_duplicated(db, config):
    zoe = participants.add(db, participants.validate("zoe", "JANSSENS", "12/11/1990", today=TODAY))["id"]
    statuses.add(db, config, zoe, "ocmw", date(2026, 1, 1))
    amira = participants.add(db, participants.validate("Amira", "El Idrissi", "23/04/1988", today=TODAY))["id"]
    statuses.add(db, config, amira, "verhoogde_tegemoetkoming", date(2024, 1, 1))  # expired
    result = run(db, config, DATA / "import_domo_bom.csv", partner="Domo")
    assert (result["new"], result["matched"], result["statuses_added"], result["referrals_added"]) == (1, 2, 2, 3)
    assert db.execute("SELECT COUNT(*) FROM participants").fetchone()[0] == 3
    # Zoë has an active ocmw status: none added; Amira's expired one is renewed from today
    assert rows(db, "SELECT participant_id, ground_code, valid_from FROM statuses ORDER BY id") == [
        (zoe, "ocmw", "2026-01-01"), (amira, "verhoogde_tegemoetkoming", "2024-01-01"),
        (amira, "verhoogde_tegemoetkoming", "2026-06-15"), (3, "schuldbemiddeling", "2026-06-15"),
    ]
    assert rows(db, "SELECT participant_id FROM referrals ORDER BY id") == [(zoe,), (amira,), (3,)]
    # the matched person keeps what the coordinator stored
    stored = db.execute("SELECT first_name, household_size FROM participants WHERE id = ?", [zoe]).fetchone()
    assert tuple(stored) == ("zoe", 1)


def test_a_forgotten_person_is_neither_matched_nor_a_possible_duplicate(db, config, tmp_path):
    from vrijetijd_cli.services import privacy

    an = participants.add(db, participants.validate("An", "Peeters", "3/7/1985", today=TODAY))["id"]
    privacy.forget(db, an, "op vraag van de persoon")
    path = write(tmp_path / "lijst.csv", "Naam;Voornaam;Geb. datum\nPeeters;An;3/7/1985\nPeters;An;3/7/1985\n")
    result = run(db, config, path, accept_lookalikes=True)
    assert (result["new"], result["matched"]) == (2, 0)
    assert [(p["line"], p["other_line"], p["other_participant_id"]) for p in result["possible"]] == [(3, 2, None)]


def test_duplicate_rows_in_the_file_are_imported_once(db, config, tmp_path):
    path = write(tmp_path / "lijst.csv", "Naam;Voornaam;Geb. datum;Statuut\n"
                 "Peeters;Hélène;3/7/1985;VT\nMaes;Jan;1/1/1950;VT\nPEETERS;helene;03-07-1985;leefloon\n")
    result = run(db, config, path)
    assert (result["new"], result["duplicates_in_file"], result["referrals_added"]) == (2, 1, 2)
    assert result["duplicates"] == [
        {"line": 4, "first_line": 2, "first_name": "helene", "last_name": "PEETERS", "birth_date": "1985-07-03"}
    ]


def test_possible_duplicates_are_listed_not_merged(db, config, tmp_path):
    an = participants.add(db, participants.validate("An", "Peeters", "3/7/1985", today=TODAY))["id"]
    path = write(tmp_path / "lijst.csv", "Naam;Voornaam;Geb. datum\n"
                 "Peters;An;3/7/1985\n"  # one letter from the stored An Peeters
                 "An;Peeters;3/7/1985\n"  # first and last name swapped
                 "Wouters;Lotte;14/02/2001\n"
                 "Wouter;Lotte;14/02/2001\n"  # one letter from line 4
                 "Claes;Jef;1/1/1950\n"
                 "Claes;Jos;1/1/1950\n")  # two letters: not similar
    before = table_counts(db)
    with pytest.raises(ImportRejected) as refused:
        run(db, config, path)
    assert refused.value.details[:3] == [
        "regel 2: lijkt op deelnemer 1 (An Peeters): naam één of twee letters verschillend",
        "regel 3: lijkt op deelnemer 1 (An Peeters): voor- en familienaam omgewisseld",
        "regel 5: lijkt op regel 4 (Lotte Wouters): naam één of twee letters verschillend",
    ]
    assert table_counts(db) == before
    result = run(db, config, path, accept_lookalikes=True)
    assert result["new"] == 6 and result["possible_duplicates"] == 3
    assert [(p["line"], p["participant_id"], p["reason"], p["other_participant_id"], p["other_line"],
             p["other_name"], p["rejected"]) for p in result["possible"]] == [
        (2, an + 1, "typo", an, None, "An Peeters", False),
        (3, an + 2, "swapped", an, None, "An Peeters", False),
        (5, an + 4, "typo", None, 4, "Lotte Wouters", False),
    ]
    assert db.execute("SELECT COUNT(*) FROM participants").fetchone()[0] == 7
    assert db.execute("SELECT possible_duplicates FROM imports").fetchone()[0] == 3


def test_invalid_rows_reject_the_whole_file_and_name_every_problem(db, config):
    before = table_counts(db)
    with pytest.raises(ImportRejected) as error:
        run(db, config, DATA / "import_bad_dates.csv")
    assert error.value.message.endswith(
        "import_bad_dates.csv: 3 problemen in 3 rijen; er is niets ingelezen. Verbeter het bestand of lees"
        " de goede rijen in met --skip-invalid"
    )
    assert error.value.details == [
        "regel 2: Geb. datum: '31/02/1990' bestaat niet als datum",
        "regel 3: Geb. datum: '3/7/85' heeft geen jaartal van vier cijfers",
        "regel 5: Geb. datum: 01/01/2027 ligt in de toekomst",
    ]
    assert table_counts(db) == before


def test_every_problem_of_a_row_is_listed(db, config, tmp_path):
    path = write(tmp_path / "lijst.csv", "Naam;Voornaam;Geb. datum;Postcode;Gezinsleden;E-mail;Statuut;Domein\n"
                 ";Jan;31/02/1990;35000;0;jan.at.home;Kansenpas;muziek\n")
    with pytest.raises(ImportRejected) as error:
        run(db, config, path)
    assert error.value.details == [
        "regel 2: Naam: ontbreekt",
        "regel 2: Geb. datum: '31/02/1990' bestaat niet als datum",
        "regel 2: Postcode: '35000' is geen Belgische postcode (vier cijfers)",
        "regel 2: Gezinsleden: '0' moet een geheel getal ≥ 1 zijn",
        "regel 2: Statuut: 'Kansenpas' is onbekend; kies uit verhoogde_tegemoetkoming, ocmw, schuldbemiddeling,"
        " vluchteling, maatwerkbedrijf, doorverwijzing",
        "regel 2: Domein: 'muziek' is onbekend; kies uit cultuur, jeugd, sport",
        "regel 2: E-mail: 'jan.at.home' is geen e-mailadres",
    ]


def test_skip_invalid_writes_good_rows_and_rejects_in_the_same_dialect(db, config, tmp_path):
    path = shutil.copy(DATA / "import_bad_dates.csv", tmp_path / "lijst.csv")
    result = run(db, config, path, skip_invalid=True)
    assert (result["new"], result["rejected"], result["problem_count"]) == (1, 3, 3)
    rejects = tmp_path / "lijst.rejects.csv"
    assert result["rejects_file"] == str(rejects)
    assert rejects.read_bytes() == (
        "Foutmelding;Familienaam;Voornaam;Geb. datum;Postcode\r\n"
        "regel 2: Geb. datum: '31/02/1990' bestaat niet als datum;Peeters;An;31/02/1990;3500\r\n"
        "regel 3: Geb. datum: '3/7/85' heeft geen jaartal van vier cijfers;Maes;Jan;3/7/85;3500\r\n"
        "regel 5: Geb. datum: 01/01/2027 ligt in de toekomst;Wouters;Lotte;2027-01-01;3500\r\n"
    ).encode("cp1252")
    assert db.execute("SELECT rejected, new_count FROM imports").fetchone()[:] == (3, 1)
    # the partner corrects the rejects file and sends it back
    corrected = rejects.read_bytes().replace(b";31/02/1990;", b";21/02/1990;").replace(
        b";3/7/85;", b";3/7/1985;").replace(b";2027-01-01;", b";2007-01-01;")
    (tmp_path / "verbeterd.csv").write_bytes(corrected)
    again = run(db, config, tmp_path / "verbeterd.csv")
    assert (again["new"], again["rejected"], again["unused_columns"]) == (3, 0, [])
    assert db.execute("SELECT COUNT(*) FROM participants").fetchone()[0] == 4


def test_skip_invalid_with_a_utf8_bom_file_and_an_explicit_rejects_path(db, config, tmp_path):
    path = write(tmp_path / "lijst.csv", "\ufeffVoornaam,Achternaam,Geboortedatum\nZoë,Janssens,12/11/1990\n"
                 "Chloë,Bollen,2/6/10\n", encoding="utf-8")
    target = tmp_path / "terug" / "fouten.csv"
    target.parent.mkdir()
    result = run(db, config, path, skip_invalid=True, rejects=target)
    assert result["rejects_file"] == str(target)
    assert target.read_bytes() == ("\ufeffFoutmelding,Voornaam,Achternaam,Geboortedatum\r\n"
                                   "regel 3: Geboortedatum: '2/6/10' heeft geen jaartal van vier cijfers,"
                                   "Chloë,Bollen,2/6/10\r\n").encode("utf-8")


def test_rejects_of_an_excel_file_are_an_excel_file(db, config, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Voornaam", "Familienaam", "Geboortedatum"])
    book.active.append(["Wout", "Vrancken", date(1991, 4, 12)])
    book.active.append(["Febe", "Lenaerts", "31/02/1985"])
    book.save(tmp_path / "lijst.xlsx")
    result = run(db, config, tmp_path / "lijst.xlsx", skip_invalid=True)
    assert (result["new"], result["rejected"]) == (1, 1)
    from vrijetijd_cli.importers.reader import open_table

    with open_table(tmp_path / "lijst.rejects.xlsx") as table:
        assert table.headers == ["Foutmelding", "Voornaam", "Familienaam", "Geboortedatum"]
        assert list(table.rows()) == [
            (2, ["regel 3: Geboortedatum: '31/02/1985' bestaat niet als datum", "Febe", "Lenaerts", "31/02/1985"])
        ]


def test_excel_cells_of_any_kind_in_a_free_text_column(db, config, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Voornaam", "Familienaam", "Geboortedatum", "Opmerking"])
    book.active.append(["Wout", "Vrancken", date(1991, 4, 12), date(2026, 5, 1)])
    book.active.append(["Febe", "Lenaerts", "3/7/1985", "belt liefst 's avonds, " * 40])
    book.active.append(["Jef", "Claes", "1/1/1950", 12])
    book.save(tmp_path / "lijst.xlsx")
    run(db, config, tmp_path / "lijst.xlsx")
    assert [r[0] for r in db.execute("SELECT note FROM referrals ORDER BY id")] == [
        "01/05/2026", ("belt liefst 's avonds, " * 40).strip(), "12"]


def test_excel_values_right_of_the_table_reject_the_row(db, config, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Voornaam", "Familienaam", "Geboortedatum"])
    book.active.append(["Wout", "Vrancken", date(1991, 4, 12), None, "bellen!"])
    book.save(tmp_path / "lijst.xlsx")
    with pytest.raises(ImportRejected) as error:
        run(db, config, tmp_path / "lijst.xlsx")
    assert error.value.details == ["regel 2: waarden rechts van de laatste kolom met een kop"]


def test_rejects_option_needs_skip_invalid(db, config, tmp_path):
    with pytest.raises(InvalidInput, match="--rejects: alleen samen met --skip-invalid"):
        run(db, config, DATA / "import_brug_cp1252.csv", rejects=tmp_path / "x.csv")
    with pytest.raises(InvalidInput, match="is het invoerbestand zelf"):
        run(db, config, DATA / "import_brug_cp1252.csv", skip_invalid=True, rejects=DATA / "import_brug_cp1252.csv")


def test_dry_run_writes_nothing_and_tells_what_would_happen(db, config, tmp_path):
    participants.add(db, participants.validate("Zoë", "Janssens", "12/11/1990", today=TODAY))
    path = shutil.copy(DATA / "import_domo_bom.csv", tmp_path / "lijst.csv")
    before = table_counts(db)
    result = run(db, config, path, partner="Domo", dry_run=True, skip_invalid=True)
    assert (result["dry_run"], result["import_id"], result["new"], result["matched"], result["statuses_added"]) == (
        True, None, 2, 1, 3)
    assert table_counts(db) == before
    assert [p.name for p in tmp_path.iterdir() if "lijst" in p.name] == ["lijst.csv"]


def test_dry_run_of_a_bad_file_is_rejected_too(db, config, tmp_path):
    path = shutil.copy(DATA / "import_bad_dates.csv", tmp_path / "lijst.csv")
    with pytest.raises(ImportRejected):
        run(db, config, path, dry_run=True)
    result = run(db, config, path, dry_run=True, skip_invalid=True)
    assert result["rejects_file"] is None and result["would_reject_to"] == str(tmp_path / "lijst.rejects.csv")
    assert not (tmp_path / "lijst.rejects.csv").exists()


def test_the_same_file_twice_is_refused_unless_again(db, config):
    run(db, config, DATA / "import_brug_cp1252.csv")
    before = table_counts(db)
    with pytest.raises(Conflict) as error:
        run(db, config, DATA / "import_brug_cp1252.csv")
    assert error.value.message == (
        "'import_brug_cp1252.csv' werd al ingelezen op 15/06/2026 (import 1, 'import_brug_cp1252.csv');"
        " gebruik --again om het toch opnieuw in te lezen"
    )
    assert table_counts(db) == before
    result = run(db, config, DATA / "import_brug_cp1252.csv", again=True)
    assert (result["new"], result["matched"], result["statuses_added"], result["referrals_added"]) == (0, 5, 0, 5)


def test_an_interruption_leaves_the_database_as_it_was(db, config, tmp_path):
    path = shutil.copy(DATA / "import_bad_dates.csv", tmp_path / "lijst.csv")
    with path.open("ab") as handle:
        handle.write(b"Claes;Jos;1/1/1951;3500\r\nClaes;Jan;1/1/1952;3500\r\n")
    before = table_counts(db)
    calls = []

    def interrupt(done, total, read):
        calls.append(read)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(db, config, path, skip_invalid=True, progress=interrupt)
    assert calls and table_counts(db) == before
    assert [p.name for p in tmp_path.iterdir() if "lijst" in p.name] == ["lijst.csv"]


def test_partner_date_and_ground_options(db, config, tmp_path):
    path = write(tmp_path / "lijst.csv", "Naam;Voornaam;Geb. datum;Statuut\nPeeters;An;3/7/1985;\n"
                 "Maes;Jan;1/1/1950;leefloon\n")
    with pytest.raises(NotFound, match="partner 'Rode Kruis' bestaat niet"):
        run(db, config, path, partner="Rode Kruis")
    db.execute("UPDATE partners SET active = 0 WHERE id = 6")
    with pytest.raises(Conflict, match="partner 'Domo Hasselt' is inactief"):
        run(db, config, path, partner="Domo")
    with pytest.raises(InvalidInput, match="--date: 01/07/2026 ligt in de toekomst"):
        run(db, config, path, on=date(2026, 7, 1))
    with pytest.raises(InvalidInput, match="--ground: 'kansenpas' is onbekend"):
        run(db, config, path, ground="kansenpas")
    result = run(db, config, path, ground="VT")
    assert result["statuses_added"] == 2
    # --ground fills empty cells; a cell of its own wins
    assert rows(db, "SELECT ground_code FROM referrals ORDER BY id") == [("verhoogde_tegemoetkoming",), ("ocmw",)]


def test_without_any_ground_a_referral_but_no_status(db, config, tmp_path):
    path = write(tmp_path / "lijst.csv", "Naam;Voornaam;Geb. datum\nPeeters;An;3/7/1985\n")
    result = run(db, config, path)
    assert (result["new"], result["statuses_added"], result["referrals_added"]) == (1, 0, 1)


def test_referral_date_and_domain_per_row(db, config, tmp_path):
    path = write(tmp_path / "lijst.csv", "Naam;Voornaam;Geb. datum;Datum doorverwijzing;Interesse;Statuut\n"
                 "Peeters;An;3/7/1985;2/3/2026;Sport;VT\nMaes;Jan;1/1/1950;;cultuur;VT\n")
    run(db, config, path, on=date(2026, 5, 1))
    assert rows(db, "SELECT date, domain FROM referrals ORDER BY id") == [
        ("2026-03-02", "sport"), ("2026-05-01", "cultuur")]
    assert rows(db, "SELECT valid_from, valid_until FROM statuses ORDER BY id") == [
        ("2026-03-02", "2027-03-01"), ("2026-05-01", "2027-04-30")]
    future = write(tmp_path / "later.csv", "Naam;Voornaam;Geb. datum;Datum\nClaes;Jef;1/1/1950;1/8/2026\n")
    with pytest.raises(ImportRejected) as error:
        run(db, config, future)
    assert error.value.details == ["regel 2: Datum: 01/08/2026 ligt in de toekomst"]


def test_excel_list_with_a_date_cell(db, config):
    result = run(db, config, DATA / "import_horizont.xlsx", partner="Horizont")
    assert (result["new"], result["dialect"]) == (3, "Excel, blad 'Deelnemers'")
    assert rows(db, "SELECT first_name, birth_date, postcode, household_size FROM participants ORDER BY id") == [
        ("Wout", "1991-04-12", "3500", 2), ("Febe", "1985-07-03", "3510", 1), ("Oksana", "1983-12-01", "3500", 3)]
    other = run(db, config, DATA / "import_horizont.xlsx", partner="Horizont", again=True,
                read=ReadOptions(sheet="Juli"))
    assert other["new"] == 1


def test_map_option_and_unknown_columns(db, config, tmp_path):
    path = write(tmp_path / "lijst.csv", "Fam;Voornaam;Geb.dat;Dossier\nPeeters;An;3/7/1985;D-12\n")
    result = run(db, config, path, read=ReadOptions(mapping=("Fam=last_name", "Geb.dat=birth_date")))
    assert result["new"] == 1 and result["unused_columns"] == ["Dossier"]


def test_missing_column_names_the_file(db, config):
    with pytest.raises(InvalidInput) as error:
        run(db, config, DATA / "import_missing_column.csv")
    assert error.value.message.startswith(str(DATA / "import_missing_column.csv") + ": verplichte kolom ontbreekt:"
                                          " geboortedatum (birth_date) of geboortejaar (birth_year); gevonden"
                                          " kolommen: 'Familienaam'")


def test_header_only_file(db, config):
    before = table_counts(db)
    with pytest.raises(InvalidInput, match="heeft alleen een kopregel"):
        run(db, config, DATA / "import_header_only.csv")
    assert table_counts(db) == before


@pytest.mark.parametrize(
    ("first", "last", "born", "postcode", "household", "email"),
    [
        ("An", "Peeters", "3/7/1985", "3500", "2", ""),
        ("An", "Peeters", "31/02/1985", "", "", ""),
        ("An", "Peeters", "3/7/85", "", "", ""),
        ("An", "", "3/7/1985", "", "", ""),
        ("---", "Peeters", "3/7/1985", "", "", ""),
        ("An", "Peeters", "3/7/1985", "350", "", ""),
        ("An", "Peeters", "3/7/1985", "", "0", ""),
        ("An", "Peeters", "3/7/1985", "", "2,5", ""),
        ("An", "Peeters", "3/7/1985", "", "", "an@example.be"),
        ("An", "Peeters", "3/7/1985", "", "", "an at example"),
        ("A" * 101, "Peeters", "3/7/1985", "", "", ""),
        ("An", "Peeters", "3/7/2027", "", "", ""),
    ],
)
def test_rows_follow_the_same_rules_as_participant_add(db, config, tmp_path, first, last, born, postcode,
                                                       household, email):
    try:
        participants.validate(first, last, born, postcode, household, email=email, today=TODAY)
        valid = True
    except InvalidInput:
        valid = False
    path = write(tmp_path / "lijst.csv", f"Voornaam;Naam;Geb. datum;Postcode;Gezinsleden;E-mail\n"
                 f"{first};{last};{born};{postcode};{household};{email}\n")
    result = run(db, config, path, dry_run=True, skip_invalid=True)
    assert result["rejected"] == (0 if valid else 1)


def test_import_partners_adds_and_updates_by_name(db, config):
    result = import_partners(db, config, DATA / "import_partners.csv")
    assert (result["rows_read"], result["new"], result["matched"], result["updated"]) == (3, 2, 1, 1)
    assert rows(db, "SELECT name, kind, contact FROM partners WHERE id IN (4, 8, 9) ORDER BY id") == [
        ("Sociale Dienst", "stadsdienst", "sociale.dienst@hasselt.be"),
        ("Vzw Kras", "vzw", "info@kras.be"),
        ("Rode Kruis Hasselt", "andere", ""),
    ]
    assert db.execute("SELECT kind, partner_id, new_count, updated_count FROM imports").fetchone()[:] == (
        "partners", None, 2, 1)


def test_import_partners_without_contact_column_keeps_contacts(db, config, tmp_path):
    path = write(tmp_path / "partners.csv", "Partner;Type\nDe Brug Hasselt;vzw\n")
    result = import_partners(db, config, path)
    assert (result["new"], result["updated"]) == (0, 1)
    assert db.execute("SELECT kind, contact FROM partners WHERE id = 5").fetchone()[:] == (
        "vzw", "vereniging waar armen het woord nemen")


def test_import_partners_bad_rows_write_nothing(db, config):
    before = table_counts(db)
    with pytest.raises(ImportRejected) as error:
        import_partners(db, config, DATA / "import_partners_bad.csv")
    assert error.value.details == [
        "regel 2: Soort: soort 'bedrijf' is onbekend; kies uit stadsdienst, vereniging_armen, vzw, andere",
        "regel 3: Naam: ontbreekt",
    ]
    assert table_counts(db) == before


def test_list_imports(db, config):
    run(db, config, DATA / "import_brug_cp1252.csv")
    import_partners(db, config, DATA / "import_partners.csv")
    listed = imports.list_imports(db)
    assert [(r["id"], r["kind"], r["file_name"], r["partner"], r["rows_read"]) for r in listed] == [
        (1, "participants", "import_brug_cp1252.csv", "De Brug Hasselt", 5),
        (2, "partners", "import_partners.csv", None, 3),
    ]


def levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


@given(st.text(alphabet="abce |", max_size=12), st.text(alphabet="abce |", max_size=12), st.integers(0, 3))
def test_within_is_the_edit_distance(a, b, limit):
    assert lookalike.within(a, b, limit) == (levenshtein(a, b) <= limit)


def test_similar_names():
    assert lookalike.similar_name("jessika", "jessica")
    assert lookalike.similar_name("jansen", "janssens")  # two letters, both names five or more
    assert lookalike.similar_name("an", "ann")
    assert not lookalike.similar_name("an", "jo")  # two letters of a short name: another name
    assert not lookalike.similar_name("jef", "jos")
    assert not lookalike.similar_name("peeters", "peeters")


def indexes(db) -> dict[str, str]:
    found = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
    return {name: sql for name, sql in found}


def import_indexes(db) -> set[str]:
    """The secondary indexes of the tables an import fills that are not partial."""
    return {name for name, sql in indexes(db).items()
            if name.startswith(("idx_participants", "idx_statuses", "idx_referrals")) and " WHERE " not in sql}


def spy_on_indexes(db, monkeypatch, then=None):
    """The import's secondary indexes as they are while the rows are written."""
    during = []
    defer = participant_writes.BulkWriter._defer_indexes

    def spied(self, rows, matched):
        deferred = defer(self, rows, matched)
        during.append(import_indexes(db))
        if then:
            then()
        return deferred

    monkeypatch.setattr(participant_writes.BulkWriter, "_defer_indexes", spied)
    return during


def test_a_list_larger_than_the_tables_is_written_without_their_indexes_which_come_back(db, config, monkeypatch):
    monkeypatch.setattr(participant_writes, "DEFER_MIN_ROWS", 0)
    before = indexes(db)
    during = spy_on_indexes(db, monkeypatch)
    result = run(db, config, DATA / "import_brug_cp1252.csv", on=date(2026, 6, 1))
    assert during == [set()]
    assert indexes(db) == before
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert (result["new"], result["statuses_added"], result["referrals_added"]) == (5, 5, 5)
    assert rows(db, "SELECT participant_id, ground_code, valid_from, valid_until FROM statuses ORDER BY id")[1] == (
        2, "ocmw", "2026-06-01", "2027-05-31")
    assert rows(db, "SELECT id FROM participants WHERE match_key = ?", [match_key("Zoë", "Janssens", "1990-11-12")]) \
        == [(2,)]


def test_the_index_the_write_reads_stays_while_there_are_people_to_match(db, config, monkeypatch):
    monkeypatch.setattr(participant_writes, "DEFER_MIN_ROWS", 0)
    zoe = participants.add(db, participants.validate("Zoë", "Janssens", "12/11/1990", today=TODAY))["id"]
    before = indexes(db)
    during = spy_on_indexes(db, monkeypatch)
    result = run(db, config, DATA / "import_brug_cp1252.csv")
    assert during == [set(participant_writes.LOOKUP_INDEXES)]
    assert indexes(db) == before
    assert (result["new"], result["matched"]) == (4, 1)
    referred = rows(db, "SELECT participant_id FROM referrals WHERE import_id = ? ORDER BY id", [result["import_id"]])
    assert referred[1] == (zoe,)


def test_a_list_smaller_than_the_tables_keeps_every_index(db, config, monkeypatch, tmp_path):
    monkeypatch.setattr(participant_writes, "DEFER_MIN_ROWS", 0)
    run(db, config, DATA / "import_brug_cp1252.csv")
    path = write(tmp_path / "lijst.csv", "Naam;Voornaam;Geb. datum;Statuut\nClaes;Jef;1/1/1950;VT\n")
    during = spy_on_indexes(db, monkeypatch)
    run(db, config, path)
    assert during == [import_indexes(db)] and during[0]


def test_an_interruption_after_the_indexes_were_dropped_brings_them_back(db, config, monkeypatch):
    monkeypatch.setattr(participant_writes, "DEFER_MIN_ROWS", 0)
    before, counts = indexes(db), table_counts(db)

    def interrupt():
        raise KeyboardInterrupt

    during = spy_on_indexes(db, monkeypatch, interrupt)
    with pytest.raises(KeyboardInterrupt):
        run(db, config, DATA / "import_brug_cp1252.csv")
    assert during == [set()]
    assert indexes(db) == before and table_counts(db) == counts


def test_a_cached_problem_names_each_row_of_its_own(db, config, tmp_path, monkeypatch):
    monkeypatch.setattr(columns, "MEMO_SIZE", 2)  # the cache is emptied along the way too
    path = write(tmp_path / "lijst.csv", "Naam;Voornaam;Geb. datum;Postcode\n"
                 "Peeters;An;31/02/1990;3500\nMaes;Jan;1/1/1950;35\nClaes;Jef;31/02/1990;35\nWouters;---;1/1/1950;3500\n")
    with pytest.raises(ImportRejected) as error:
        run(db, config, path)
    assert error.value.details == [
        "regel 2: Geb. datum: '31/02/1990' bestaat niet als datum",
        "regel 3: Postcode: '35' is geen Belgische postcode (vier cijfers)",
        "regel 4: Geb. datum: '31/02/1990' bestaat niet als datum",
        "regel 4: Postcode: '35' is geen Belgische postcode (vier cijfers)",
        "regel 5: Voornaam: '---' is geen naam",
    ]


NAMES = st.text(alphabet="abe", min_size=1, max_size=6)
BORN = st.sampled_from(["1990-01-01", "1990-01-02", "1990", "1991-03-04", "1991"])


def pairwise(rows):
    """What comparing every row with every earlier row finds (the rule, written the slow way)."""
    duplicates, lookalikes = {}, {}
    for j, (line, born, last, first) in enumerate(rows):
        for other, o_born, o_last, o_first in rows[:j]:
            if other in duplicates:
                continue
            if len(born) > 4 and (born, last, first) == (o_born, o_last, o_first):
                duplicates.setdefault(line, other)
        if line in duplicates:
            continue
        for other, o_born, o_last, o_first in rows[:j]:
            if other in duplicates:
                continue
            dated = len(born) > 4 and len(o_born) > 4
            if dated and born != o_born or born[:4] != o_born[:4]:
                continue
            same = not dated and (last, first) == (o_last, o_first)
            swapped = first != last and (first, last) == (o_last, o_first)
            typo = (last == o_last and lookalike.similar_name(first, o_first)
                    or first == o_first and lookalike.similar_name(last, o_last))
            if same or swapped or typo:
                lookalikes.setdefault(line, other)
    return duplicates, lookalikes


@given(st.lists(st.tuples(BORN, NAMES, NAMES), min_size=1, max_size=30), st.sampled_from([250_000, 3]))
def test_duplicates_and_lookalikes_found_by_blocks_are_those_of_every_pair(people, one_part):
    lookalike.ONE_PART = one_part  # 3: a few years at a time, as a file of more than 250 000 rows
    try:
        check_blocks(people)
    finally:
        lookalike.ONE_PART = 250_000


def check_blocks(people):
    rows = [(line, born, last, first) for line, (born, last, first) in enumerate(people, 2)]
    found = lookalike.in_file([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], [r[3] for r in rows])
    duplicates, lookalikes = pairwise(rows)
    assert found.duplicates == duplicates
    assert {line: other for line, (other, _why) in found.lookalikes.items()} == lookalikes


def test_a_crowded_block_is_searched_through_its_index():
    names = [f"naam{i:03d}" for i in range(200)] + ["naam05", "naam1999"]
    rows = [(line, "1990-01-01", "peeters", first) for line, first in enumerate(names, 2)]
    found = lookalike.in_file(*(list(column) for column in zip(*rows, strict=True)))
    duplicates, lookalikes = pairwise(rows)
    assert found.lookalikes.keys() == lookalikes.keys() and not found.duplicates


def test_repeats_are_found_when_the_list_is_too_large_to_find_them_while_reading(db, config, tmp_path, monkeypatch):
    monkeypatch.setattr(lookalike, "ONE_PART", 3)  # as a list of more than ONE_PART rows
    path = write(tmp_path / "lijst.csv", "Naam;Voornaam;Geb. datum\nPeeters;An;3/7/1985\nMaes;Jan;1/1/1950\n"
                 "Peeters;An;3/7/1985\nClaes;Jef;2/2/1952\nMaes;Jan;1/1/1950\nWouters;Lotte;14/02/2001\n")
    result = run(db, config, path)
    assert (result["new"], result["duplicates_in_file"]) == (4, 2)
    assert [(d["line"], d["first_line"]) for d in result["duplicates"]] == [(4, 2), (6, 3)]
    assert [r[0] for r in db.execute("SELECT id FROM participants ORDER BY id")] == [1, 2, 3, 4]  # no gap


def test_someone_writing_meanwhile_makes_the_plan_again_under_the_lock(db, config, db_path, monkeypatch):
    from vrijetijd_cli.store import open_db

    plan = participant_import.ParticipantKind.plan
    calls = []

    def plan_then_a_colleague_writes(self, run):
        plan(self, run)
        calls.append(run.counts["matched"])
        if len(calls) == 1:
            other = open_db(db_path)
            participants.add(other, participants.validate("Zoë", "Janssens", "12/11/1990", today=TODAY))
            other.close()

    monkeypatch.setattr(participant_import.ParticipantKind, "plan", plan_then_a_colleague_writes)
    result = run(db, config, DATA / "import_brug_cp1252.csv")
    assert calls == [0, 1]
    assert (result["new"], result["matched"]) == (4, 1)
    assert db.execute("SELECT COUNT(*) FROM participants").fetchone()[0] == 5


def test_a_total_row_under_the_list_is_no_row(db, config, tmp_path):
    path = write(tmp_path / "lijst.csv", "Naam;Voornaam;Geb. datum\nPeeters;An;3/7/1985\n;;\nTotaal: 1;;\n")
    result = run(db, config, path)
    assert (result["rows_read"], result["new"], result["total_rows"], result["empty_rows"]) == (1, 1, 1, 1)
