import csv
import io
import json
import re
from datetime import date

import pytest

from vrijetijd_cli import formats as fmt
from vrijetijd_cli import i18n
from vrijetijd_cli.formats import neutralise
from vrijetijd_cli.i18n import N_
from vrijetijd_cli.numbers import share_bp
from vrijetijd_cli.render.output import Column, emit_list, emit_record, message
from vrijetijd_cli.render.words import REFERRAL_STATES, word

COLUMNS = [
    Column("id", N_("Id"), "id"),
    Column("name", N_("Naam")),
    Column("date", N_("Datum"), "date"),
    Column("amount_cents", N_("Totaal"), "money"),
    Column("share_bp", N_("Aantal"), "percent"),
    Column("active", N_("Actief"), "bool"),
    Column("state", N_("Toestand"), "label", REFERRAL_STATES),
]


@pytest.fixture
def english():
    i18n.set_language("en")
    yield
    i18n.reset()
ROWS = [
    {
        "id": 1,
        "name": "Chloë Çelik",
        "date": "2026-03-05",
        "amount_cents": 1944800,
        "share_bp": 2000,
        "active": True,
        "state": "in_behandeling",
    },
    {
        "id": 1234,
        "name": "=SUM(A1:A9)",
        "date": None,
        "amount_cents": 5,
        "share_bp": 875,
        "active": False,
        "state": "open",
    },
]


@pytest.mark.parametrize(
    ("cents", "nl", "en"),
    [
        (1944800, "€ 19.448,00", "€19,448.00"),
        (0, "€ 0,00", "€0.00"),
        (5, "€ 0,05", "€0.05"),
        (123456789, "€ 1.234.567,89", "€1,234,567.89"),
        (-1250, "-€ 12,50", "-€12.50"),
    ],
)
def test_money(cents, nl, en):
    assert fmt.money(cents) == nl
    i18n.set_language("en")
    assert fmt.money(cents) == en


def test_money_without_symbol_and_for_csv():
    assert fmt.money(1944800, symbol=False) == "19.448,00"
    assert fmt.money_csv(1944800) == "19448,00"
    assert fmt.money_csv(-5) == "-0,05"
    assert fmt.money(None) == fmt.money_csv(None) == ""


def test_dates_are_day_month_year():
    assert fmt.day("2026-03-05") == "05/03/2026"
    assert fmt.day(date(2019, 12, 31)) == "31/12/2019"
    assert fmt.day("2026-06-15T10:00:00") == "15/06/2026"
    assert fmt.day(None) == ""


def test_percentages_have_one_decimal_always():
    assert fmt.percent(2000) == "20,0%"
    assert fmt.percent(875) == "8,8%"
    assert fmt.percent(0) == "0,0%"
    assert fmt.percent(-4) == "0,0%"


def test_negative_percentages_round_away_from_zero_not_down():
    # 521 against 560: -6.96%, never -7.04% (floor division of negative basis points)
    assert fmt.percent(share_bp(521 - 560, 560)) == "-7,0%"
    assert fmt.percent(-696) == "-7,0%"
    assert fmt.percent(-694) == "-6,9%"
    assert fmt.percent(-5) == "-0,1%"


def test_percentage_points():
    assert fmt.points(10427 - 9500) == "+9,3 procentpunt"
    assert fmt.points(-50) == "-0,5 procentpunt"
    assert fmt.points(0) == "0,0 procentpunt"


def test_numbers_and_shares():
    assert share_bp(1, 3) == 3330
    assert share_bp(2, 3) == 6670
    assert share_bp(-39, 560) == -700
    assert share_bp(1, 0) is None
    assert fmt.number(1234567) == "1.234.567"


def test_english_marks(english):
    assert fmt.percent(8750) == "87.5%"
    assert fmt.points(927) == "+9.3 pp"
    assert fmt.number(1234567) == "1,234,567"


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_prefixes_are_neutralised(prefix):
    assert neutralise(f"{prefix}1+1") == f"'{prefix}1+1"


def test_harmless_text_is_kept():
    assert neutralise("Ann Peeters") == "Ann Peeters"
    assert neutralise("") == ""
    assert neutralise("a=b") == "a=b"


def test_csv_to_file_is_for_excel_in_belgium(tmp_path):
    out = tmp_path / "sub" / "lijst.csv"
    emit_list(ROWS, COLUMNS, "csv", out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text == (
        "Id;Naam;Datum;Totaal;Aantal;Actief;Toestand\r\n"
        "1;Chloë Çelik;05/03/2026;19448,00;20,0%;ja;in behandeling\r\n"
        "1234;'=SUM(A1:A9);;0,05;8,8%;nee;open\r\n"
    )


def test_csv_quotes_separators_in_text(capsys):
    emit_list([{"id": 1, "name": 'De Brug; "Hasselt"'}], COLUMNS[:2], "csv", None)
    out = capsys.readouterr().out
    assert out == 'Id;Naam\r\n1;"De Brug; ""Hasselt"""\r\n'
    assert list(csv.reader(io.StringIO(out), delimiter=";"))[1] == ["1", 'De Brug; "Hasselt"']


@pytest.mark.parametrize(
    "value", ['=HYPERLINK("http://x")', "+32 11 23 45 67", "-2+3", "@SUM(1)", "\tx", "\rx"]
)
def test_csv_neutralises_typed_text(capsys, value):
    emit_list([{"id": 1, "name": value}], COLUMNS[:2], "csv", None)
    row = list(csv.reader(io.StringIO(capsys.readouterr().out), delimiter=";"))[1]
    assert row == ["1", "'" + value]


def test_csv_in_english(capsys, english):
    emit_list(ROWS[:1], COLUMNS, "csv", None)
    row = capsys.readouterr().out.splitlines()[1]
    assert row == "1;Chloë Çelik;05/03/2026;19448,00;20,0%;yes;in progress"  # numbers for Excel in Belgium


def test_json_keeps_english_keys_cents_and_iso_dates(capsys):
    emit_list(ROWS, COLUMNS, "json", None)
    data = json.loads(capsys.readouterr().out)
    assert data[0] == ROWS[0]


def test_table_formats_values(capsys):
    emit_list(ROWS, COLUMNS, "table", None, title="Lijst", footer="2 rijen")
    out = capsys.readouterr().out
    assert "€ 19.448,00" in out
    assert "05/03/2026" in out
    assert "in behandeling" in out
    assert "\n1234 " in out  # an id, never '1.234'
    assert out.rstrip().endswith("2 rijen")


def test_markup_in_typed_text_is_printed_literally(capsys):
    rows = [{"id": 1, "name": "[bold]x[/bold] :smile: [red]"}]
    emit_list(rows, COLUMNS[:2], "table", None, footer="[italic]voet[/italic]")
    out = capsys.readouterr().out
    assert "[bold]x[/bold] :smile: [red]" in out
    assert "[italic]voet[/italic]" in out
    assert "😄" not in out


def test_record_with_markup_in_title_and_sections(capsys):
    record = {"id": 7, "name": "[bold]Ann[/bold]"}
    emit_record(
        record,
        COLUMNS[:2],
        "table",
        None,
        title="Deelnemer 7: [bold]Ann[/bold]",
        sections=[("Statuten", COLUMNS[:2], []), ("[b]Lijst[/b]", COLUMNS[:2], [record])],
    )
    out = capsys.readouterr().out
    assert out.count("[bold]Ann[/bold]") == 3
    assert "Statuten: (geen)" in out
    assert "[b]Lijst[/b]" in out


def test_table_to_file_has_no_colour_codes(tmp_path):
    out = tmp_path / "t.txt"
    emit_list(ROWS, COLUMNS, "table", out)
    text = out.read_text(encoding="utf-8")
    assert "\x1b[" not in text
    assert "Chloë Çelik" in text


def test_words_of_codes(english):
    assert word(REFERRAL_STATES, "in_behandeling") == "in progress"
    assert word(REFERRAL_STATES, "onbekend") == "onbekend"


def test_markup_typed_by_a_user_through_the_cli(cli, db):
    name = "[bold]x[/bold]"
    result = cli(
        "participant",
        "add",
        "--first-name",
        name,
        "--last-name",
        "[red]Y",
        "--birth-date",
        "01/01/1990",
    )
    assert result.exit_code == 0, result.stderr
    lines = [line.split() for line in result.stdout.splitlines()]
    assert ["Voornaam", "[bold]x[/bold]"] in lines
    assert ["Familienaam", "[red]Y"] in lines
    listed = cli("participant", "list")
    assert "[bold]x[/bold]" in listed.stdout and "[red]Y" in listed.stdout


def test_message_off_a_terminal_is_plain_text_without_control_codes(capsys):
    message("Bon \x1b[31mABCD\x07 [bold]ingewisseld[/bold]\n\tregel 2", style="bold")
    captured = capsys.readouterr()
    assert captured.err == "Bon [31mABCD [bold]ingewisseld[/bold]\n\tregel 2\n"
    assert captured.out == ""


def test_a_choice_is_the_code_or_its_word_in_dutch_or_the_users_language():
    from vrijetijd_cli.render.words import PAID_VIA, code_of

    assert code_of(PAID_VIA, "waardebon") == "voucher"
    assert code_of(PAID_VIA, " Voucher ") == "voucher"
    assert code_of(REFERRAL_STATES, "In behandeling") == "in_behandeling"
    assert code_of(REFERRAL_STATES, "in-behandeling") == "in_behandeling"
    assert code_of(PAID_VIA, "contant") == "contant"  # left for the service to refuse with the choices
    assert code_of(PAID_VIA, None) is None
    i18n.set_language("en")
    try:
        assert code_of(REFERRAL_STATES, "in progress") == "in_behandeling"
    finally:
        i18n.reset()


def test_usage_errors_name_the_argument_as_the_usage_line_does_and_speak_dutch(cli, db):
    missing = cli("participant", "show")
    assert missing.exit_code == 2
    assert missing.stderr.splitlines()[-1] == "Fout: argument ID ontbreekt"
    extra = cli("partner", "list", "extra")
    assert extra.exit_code == 2
    assert extra.stderr.splitlines()[-1] == "Fout: onverwachte argumenten: extra"


def test_the_audit_log_shows_words_not_codes(cli, db):
    added = cli("participant", "add", "--first-name", "Ann", "--last-name", "Peeters", "--birth-date", "12/03/1985")
    assert added.exit_code == 0
    listed = cli("audit", "list", "--entity", "participant")
    assert listed.exit_code == 0, listed.stderr
    assert "deelnemer" in listed.stdout and "toegevoegd" in listed.stdout
    assert "geboortedatum" in listed.stdout and "familienaam" in listed.stdout
    assert "birth_date" not in listed.stdout and "participant add  deelnemer" in listed.stdout  # the command as typed
    data = json.loads(cli("audit", "list", "--entity", "participant", "--format", "json").stdout)
    assert "birth_date" in data[0]["fields"]  # JSON keeps the codes


def test_an_activity_added_by_hand_shows_its_source_in_words(cli, db):
    added = cli("activity", "add", "--title", "Zwembeurt", "--domain", "sport", "--price", "4")
    assert added.exit_code == 0, added.stderr
    assert re.search(r"^Bron +manueel$", added.stdout, re.M)
