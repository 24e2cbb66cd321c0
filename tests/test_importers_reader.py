import hashlib
from datetime import date

import pytest

from tests.conftest import DATA
from vrijetijd_cli import i18n
from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.importers.reader import detect_delimiter, open_table
from vrijetijd_cli.importers.table import Dialect
from vrijetijd_cli.importers.writer import TableWriter


def read_all(path, **options):
    with open_table(path, **options) as table:
        return table.headers, table.dialect, list(table.rows())


def test_windows_1252_semicolon_with_accents_empty_lines_and_trailing_columns():
    headers, dialect, rows = read_all(DATA / "import_brug_cp1252.csv")
    assert dialect == Dialect("csv", ";", "cp1252", False)
    assert headers == ["Familienaam", "Voornaam", "Geb. datum", "Postcode", "Gezinsleden", "Statuut", "Opmerking"]
    # line 4 is empty and line 6 is an Excel row of separators only: both skipped, numbering kept
    assert [line for line, _ in rows] == [2, 3, 5, 7, 8]
    assert rows[0][1] == ["Peeters", "Hélène", "3/7/1985", "3500", "3", "VT", "graag zwemmen"]
    assert rows[1][1][:2] == ["Janssens", "Zoë"]
    assert rows[2][1][:2] == ["Çelik", "François"]
    assert rows[3][1][:2] == ["Vandersteen", "Noël"]


def test_utf8_with_bom():
    headers, dialect, rows = read_all(DATA / "import_domo_bom.csv")
    assert dialect == Dialect("csv", ";", "utf-8", True)
    assert headers[0] == "Voornaam"  # no BOM glued to the first header
    assert rows[0] == (2, ["Zoë", "Janssens", "12/11/1990", "3510", "2", "OCMW", "zoe.janssens@example.be",
                           "0470 12 34 56"])
    assert rows[2][1][0] == "Mariëlle"


def test_comma_separated_with_quoted_values():
    headers, dialect, rows = read_all(DATA / "import_horizont_comma.csv")
    assert dialect == Dialect("csv", ",", "utf-8", False)
    assert headers[:3] == ["First name", "Last name", "Date of birth"]
    assert rows[0][1][6] == "sport, liefst zwemmen"
    assert rows[1][1][:2] == ["Jérôme", "Dubois"]
    assert rows[1][1][6] == 'zegt: "graag theater"'
    assert rows[2][1] == ["Inès", "Benali", "1/1/1995", "3511", "3", "OCMW", ""]


def test_tab_separated_text_file():
    headers, dialect, rows = read_all(DATA / "import_wijk_tab.txt")
    assert dialect == Dialect("csv", "\t", "cp1252", False)
    assert headers == ["Naam", "Voornaam", "Geboren op", "Postnummer", "Gezinsgrootte", "Doelgroep"]
    assert [cells[1] for _, cells in rows] == ["René", "Chloë"]


def test_plain_ascii_counts_as_utf8():
    _, dialect, _ = read_all(DATA / "import_bad_dates.csv")
    assert dialect.encoding == "utf-8"


def test_xlsx_empty_rows_skipped_and_date_cells_are_dates():
    headers, dialect, rows = read_all(DATA / "import_horizont.xlsx")
    assert dialect == Dialect("xlsx", sheet="Deelnemers")
    assert headers == ["Voornaam", "Familienaam", "Geboortedatum", "Postcode", "Gezinsleden", "Statuut"]
    assert [line for line, _ in rows] == [2, 4, 6]  # Excel's own row numbers
    assert rows[0][1] == ["Wout", "Vrancken", date(1991, 4, 12), "3500", "2", "VT"]
    assert type(rows[0][1][2]) is date
    assert rows[1][1][2] == "3/7/1985"  # typed as text, handed over as text
    assert rows[2][1] == ["Oksana", "Shevchenko", date(1983, 12, 1), "3500", "3", "vluchteling"]


def test_xlsx_other_sheet_and_unknown_sheet():
    headers, dialect, rows = read_all(DATA / "import_horizont.xlsx", sheet="juli")
    assert dialect.sheet == "Juli"
    assert rows == [(2, ["Senne", "Moors", date(2008, 8, 8)])]
    with pytest.raises(InvalidInput) as error:
        open_table(DATA / "import_horizont.xlsx", sheet="Augustus")
    assert "blad 'Augustus' bestaat niet" in error.value.message
    assert "(bladen: 'Deelnemers', 'Juli')" in error.value.message


def test_options_override_detection():
    _, dialect, rows = read_all(DATA / "import_horizont_comma.csv", delimiter=";")
    assert dialect.delimiter == ";"
    assert rows[0][1] == ['Lotte,Wouters,14/02/2001,3500,1,VT,"sport, liefst zwemmen"']
    _, dialect, rows = read_all(DATA / "import_wijk_tab.txt", delimiter="tab", encoding="latin-1")
    assert dialect.encoding == "iso8859-1"
    assert rows[0][1][1] == "René"


def test_utf16_is_read_when_asked_for():
    headers, dialect, rows = read_all(DATA / "import_utf16.csv", encoding="utf-16")
    assert (dialect.delimiter, dialect.encoding, dialect.bom) == ("\t", "utf-16", True)
    assert headers == ["Familienaam", "Voornaam", "Geb. datum"]
    assert rows == [(2, ["Peeters", "An", "3/7/1985"])]


def test_dialect_described_in_both_languages():
    assert Dialect("csv", ";", "cp1252").describe() == "Windows-1252, scheidingsteken ';'"
    i18n.set_language("en")
    try:
        assert Dialect("csv", "\t", "utf-8", True).describe() == "UTF-8 with BOM, delimiter tab"
        assert Dialect("xlsx", sheet="Juli").describe() == "Excel, sheet 'Juli'"
    finally:
        i18n.reset()


def test_wrong_encoding_option_names_the_byte():
    with pytest.raises(InvalidInput) as error:
        read_all(DATA / "import_brug_cp1252.csv", encoding="utf-8")
    assert "kan niet gelezen worden als utf-8 (byte 0xE9" in error.value.message


def test_wrong_encoding_far_into_the_file_names_the_last_line_read(tmp_path):
    path = tmp_path / "lang.csv"
    path.write_bytes(b"Naam;Voornaam\r\n" + b"Peeters;An\r\n" * 3000 + b"Jos\xe9;Claes\r\n")
    with pytest.raises(InvalidInput) as error:
        read_all(path, encoding="utf-8")
    message = error.value.message
    assert "kan niet gelezen worden als utf-8 (byte 0xE9 na regel " in message
    # decoding runs a block ahead of the rows: the line is somewhat before the bad one (3002)
    assert 2000 < int(message.split("na regel ")[1].split(")")[0]) < 3002


@pytest.mark.parametrize("option", ["ab", "", "x"])
def test_bad_delimiter_option(option):
    with pytest.raises(InvalidInput, match="--delimiter"):
        open_table(DATA / "import_brug_cp1252.csv", delimiter=option)


def test_unknown_encoding_option():
    with pytest.raises(InvalidInput, match="--encoding: 'klingon' is geen gekende codering"):
        open_table(DATA / "import_brug_cp1252.csv", encoding="klingon")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("import_empty.csv", "is leeg"),
        ("import_binary.csv", "is een afbeelding, geen CSV-bestand"),
        ("import_nul_bytes.csv", "is een binair bestand, geen CSV-bestand"),
        ("import_wrong_extension.pdf", "bestandstype '.pdf' wordt niet ondersteund; gebruik .csv, .txt, .tsv of .xlsx"),
        ("import_old_excel.xls", "is een oud Excel-bestand (.xls); bewaar het in Excel als .xlsx of als CSV"),
        ("import_utf16.csv", "is in UTF-16 bewaard"),
        ("import_not_cp1252.csv", "is geen UTF-8 en geen Windows-1252 (byte 0x81 op regel 3)"),
        ("import_does_not_exist.csv", "bestaat niet"),
    ],
)
def test_files_that_are_refused(name, expected):
    with pytest.raises(InvalidInput) as error:
        open_table(DATA / name)
    assert expected in error.value.message
    assert name in error.value.message


def test_folder_and_csv_named_xlsx(tmp_path):
    with pytest.raises(InvalidInput, match="is een map, geen bestand"):
        open_table(tmp_path)
    fake = tmp_path / "lijst.xlsx"
    fake.write_bytes((DATA / "import_brug_cp1252.csv").read_bytes())
    with pytest.raises(InvalidInput, match="is geen geldig Excel-bestand"):
        open_table(fake)


def test_header_only_has_no_rows_and_sha256_is_of_the_bytes():
    path = DATA / "import_header_only.csv"
    with open_table(path) as table:
        assert table.headers == ["Familienaam", "Voornaam", "Geb. datum", "Postcode"]
        assert list(table.rows()) == []
        assert table.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_too_many_and_too_few_fields_are_handed_over_as_they_are():
    _, _, rows = read_all(DATA / "import_field_count.csv")
    assert [(line, len(cells)) for line, cells in rows] == [(2, 5), (3, 6), (4, 3)]


def test_rows_are_streamed_not_read_at_once(tmp_path):
    path = tmp_path / "groot.csv"
    with path.open("w", encoding="cp1252", newline="") as handle:
        handle.write("Naam;Voornaam\r\n")
        for i in range(100_000):
            handle.write(f"Peeters;An{i}\r\n")
    with open_table(path) as table:
        rows = table.rows()
        assert next(rows) == (2, ["Peeters", "An0"])
        done, total = table.progress()
        assert total == path.stat().st_size
        assert done < total / 4


def test_excel_sep_hint_line(tmp_path):
    path = tmp_path / "lijst.csv"
    path.write_bytes(b"sep=,\r\nNaam,Voornaam;roepnaam\r\nPeeters,An;Anneke\r\n")
    headers, dialect, rows = read_all(path)
    assert dialect.delimiter == ","
    assert headers == ["Naam", "Voornaam;roepnaam"]
    assert rows == [(3, ["Peeters", "An;Anneke"])]


def test_quoted_newline_keeps_the_line_number_of_the_row_start(tmp_path):
    path = tmp_path / "lijst.csv"
    path.write_bytes(b'Naam;Opmerking\r\nPeeters;"twee\r\nregels"\r\nMaes;een\r\n')
    _, _, rows = read_all(path)
    assert rows == [(2, ["Peeters", "twee\r\nregels"]), (4, ["Maes", "een"])]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Naam;Voornaam;Geb. datum", ";"),
        ("Naam,Voornaam,Geb. datum", ","),
        ("Naam\tVoornaam\tGeb. datum", "\t"),
        ('"Naam, voornaam";Geb. datum', ";"),  # a comma inside quotes does not count
        ('"Naam; voornaam",Geb. datum', ","),
        ("Naam;Voornaam,roepnaam;Geb. datum", ";"),
        ("Naam", ";"),  # one column
        ("Naam,Voornaam;Geb. datum", ";"),  # a tie goes to ';'
    ],
)
def test_detect_delimiter_from_the_header_line(line, expected):
    assert detect_delimiter(line) == expected


def test_writer_uses_the_dialect_of_the_input(tmp_path):
    target = tmp_path / "lijst.rejects.csv"
    writer = TableWriter(target, Dialect("csv", ";", "cp1252", False), ["Foutmelding", "Naam"])
    writer.write(["moet ≥ 1 zijn", "Çelik"])
    assert not target.exists()  # only in place after commit
    writer.commit()
    assert target.read_bytes() == "Foutmelding;Naam\r\nmoet >= 1 zijn;Çelik\r\n".encode("cp1252")

    bom = tmp_path / "bom.csv"
    writer = TableWriter(bom, Dialect("csv", ",", "utf-8", True), ["Naam"])
    writer.write(["Zoë, Janssens"])
    writer.commit()
    assert bom.read_bytes() == '\ufeffNaam\r\n"Zoë, Janssens"\r\n'.encode("utf-8")


def test_writer_discard_leaves_nothing(tmp_path):
    folder = tmp_path / "uit"
    folder.mkdir()
    target = folder / "lijst.rejects.csv"
    writer = TableWriter(target, Dialect("csv", ";", "cp1252", False), ["Naam"])
    writer.write(["Peeters"])
    writer.discard()
    assert list(folder.iterdir()) == []


def test_writer_xlsx_keeps_dates(tmp_path):
    target = tmp_path / "lijst.rejects.xlsx"
    writer = TableWriter(target, Dialect("xlsx", sheet="Deelnemers"), ["Foutmelding", "Geboortedatum"])
    writer.write(["regel 2: …", date(1991, 4, 12)])
    writer.commit()
    headers, dialect, rows = read_all(target)
    assert headers == ["Foutmelding", "Geboortedatum"]
    assert rows == [(2, ["regel 2: …", date(1991, 4, 12)])]


def test_an_apostrophe_before_a_formula_sign_is_removed_when_a_rejects_file_comes_back(tmp_path):
    from vrijetijd_cli.importers.reader import open_table

    path = tmp_path / "terug.csv"
    path.write_text("Naam;Voornaam\n'=Peeters;'+Ann\n'Jan;Els\n", encoding="utf-8")
    with open_table(path) as table:
        assert [cells for _, cells in table.rows()] == [["=Peeters", "+Ann"], ["'Jan", "Els"]]


# ---- finding the table in the sheet (issue 17) -----------------------------------------------

def known(cells):
    """Two or more header names of a participant list, as the import scores a row."""
    from vrijetijd_cli.importers.fields import PARTICIPANTS
    from vrijetijd_cli.importers.headers import known_count, spelling_table

    return known_count(cells, spelling_table(PARTICIPANTS, {}))


def test_title_rows_above_the_header_are_skipped(tmp_path):
    path = tmp_path / "lijst.csv"
    path.write_bytes("Lijst doorverwijzingen De Brug — maart 2026;;;\r\nOpgemaakt op 31/03/2026;;;\r\n;;;\r\n"
                     "Familienaam;Voornaam;Geboortedatum;Statuut\r\nPeeters;Ann;12/03/1985;VT\r\n".encode("cp1252"))
    with open_table(path) as table:
        assert table.header_line == 1  # without a score: the first row
        assert table.locate(known) == 4
        assert (table.header_line, table.skipped_above) == (4, 2)
        assert table.headers == ["Familienaam", "Voornaam", "Geboortedatum", "Statuut"]
        assert list(table.rows()) == [(5, ["Peeters", "Ann", "12/03/1985", "VT"])]
        assert table.blank_rows == 0


def test_header_row_option_and_a_wrong_one(tmp_path):
    path = tmp_path / "lijst.csv"
    path.write_text("Naam;Voornaam\nPeeters;Ann\n", encoding="utf-8")
    with open_table(path) as table:
        table.locate(known, header_row=2)
        assert table.headers == ["Peeters", "Ann"]
        with pytest.raises(InvalidInput, match="--header-row: regel 9 van .* is leeg of ligt voorbij"):
            table.locate(known, header_row=9)


def test_the_delimiter_is_the_one_that_shows_a_header(tmp_path):
    path = tmp_path / "lijst.csv"
    path.write_text("Lijst van 3, 4 en 5 maart\nNaam;Voornaam;Geboortedatum\nPeeters;Ann;1/1/1990\n", encoding="utf-8")
    with open_table(path) as table:
        table.locate(known)
        assert (table.dialect.delimiter, table.header_line) == (";", 2)


def test_a_workbook_is_read_from_the_first_sheet_with_a_header():
    with open_table(DATA / "import_brug_maart.xlsx") as table:
        assert table.dialect.sheet == "Uitleg"  # the first, until a header is looked for
        table.locate(known)
        assert (table.dialect.sheet, table.header_line, table.skipped_above) == ("Maart", 4, 2)
        rows = list(table.rows())
        assert [line for line, _ in rows] == [5, 6, 8, 10]  # row 10 is 'Totaal: 3'
        assert rows[-1][1][0] == "Totaal: 3"
        assert table.blank_rows == 2


def test_a_workbook_without_a_header_lists_its_sheets(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Uitleg"
    book.active.append(["Zie blad 2"])
    other = book.create_sheet("Cijfers")
    other.append(["Maand", "Aantal"])
    other.append(["maart", 3])
    book.save(tmp_path / "lijst.xlsx")
    with open_table(tmp_path / "lijst.xlsx") as table, pytest.raises(InvalidInput) as error:
        table.locate(known)
    assert error.value.message.endswith(
        "geen blad met een herkenbare kopregel (bladen: 'Uitleg' (1 rijen, kolommen: 'Zie blad 2'); 'Cijfers'"
        " (2 rijen, kolommen: 'Maand', 'Aantal')); kies er een met --sheet en wijs kolommen toe met --map")


def test_a_header_line_longer_than_the_csv_module_allows_is_refused(tmp_path):
    path = tmp_path / "lijst.csv"
    path.write_text("Naam;" + "x" * 140_000 + "\nPeeters\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="regel 1: langer dan 131072 tekens"):
        open_table(path)
    far = tmp_path / "ver.csv"
    far.write_text("Naam;Voornaam\n" + "Peeters;Ann\n" * 40 + "x" * 600_000 + "\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="regel 42: langer dan 131072 tekens"):
        open_table(far)


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_only_a_regular_file_is_read(tmp_path, special):
    import os

    path = special
    if special == "fifo":
        path = tmp_path / "lijst.csv"
        os.mkfifo(path)  # opening it would wait for a writer forever
    with pytest.raises(InvalidInput, match="is geen gewoon bestand"):
        open_table(path)


def test_a_file_beyond_the_size_limit_is_refused(tmp_path, monkeypatch):
    from vrijetijd_cli.importers import reader

    monkeypatch.setattr(reader, "MAX_INPUT_BYTES", 10)
    path = tmp_path / "lijst.csv"
    path.write_text("Naam;Voornaam\nPeeters;Ann\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="is te groot"):
        open_table(path)


def test_a_workbook_with_bad_xml_inside_is_refused(tmp_path):
    import zipfile

    path = tmp_path / "kapot.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types><broken")
        archive.writestr("xl/workbook.xml", "<workbook><<<")
    with pytest.raises(InvalidInput, match="is geen geldig Excel-bestand"):
        open_table(path)


def test_a_workbook_that_unpacks_to_far_more_is_refused(tmp_path):
    import zipfile

    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "<row/>" * 3_000_000)
    with pytest.raises(InvalidInput, match="het pakt uit tot"):
        open_table(path)
