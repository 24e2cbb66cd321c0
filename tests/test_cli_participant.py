import csv
import io
import json

import pytest

from tests.conftest import DIENST, GROUNDS, KNOWN_PARTNERS, table_counts, use_english

ANN = ("--first-name", "Ann", "--last-name", "Peeters", "--birth-date", "12/03/1985")



def _add(cli, *args) -> None:
    result = cli("participant", "add", *args)
    assert result.exit_code == 0, result.stderr


def _lines(text: str) -> list[list[str]]:
    """Table output as lists of words, borders removed."""
    cleaned = "".join(" " if c in "│┃┏┓┗┛┡┩└┘━─┳┻╇┴╋┼" else c for c in text)
    return [line.split() for line in cleaned.splitlines() if line.strip()]


def test_add_and_show(cli, db):
    result = cli(
        "participant",
        "add",
        *ANN,
        "--postcode",
        "3500",
        "--household-size",
        "3",
        "--phone",
        "0470 12 34 56",
        "--email",
        "ann@example.be",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "Deelnemer 1 geregistreerd.\n"
    lines = _lines(result.stdout)
    assert lines[0] == ["Deelnemer", "1:", "Ann", "Peeters"]
    assert ["Geboortedatum", "12/03/1985"] in lines
    assert ["Postcode", "3500"] in lines
    assert ["Gezinsleden", "3"] in lines
    assert ["Statuten:", "(geen)"] in lines and ["Toeleidingen:", "(geen)"] in lines


def test_show_as_json(cli, db):
    _add(cli, *ANN, "--postcode", "3500")
    result = cli("participant", "show", "1", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert {
        k: data[k]
        for k in ("id", "first_name", "last_name", "birth_date", "postcode", "household_size")
    } == {
        "id": 1,
        "first_name": "Ann",
        "last_name": "Peeters",
        "birth_date": "1985-03-12",
        "postcode": "3500",
        "household_size": 1,
    }
    assert data["statuses"] == [] and data["referrals"] == []


def test_duplicate_is_refused_with_the_existing_id_and_force_adds(cli, db):
    _add(cli, *ANN)
    before = table_counts(db)
    result = cli(
        "participant",
        "add",
        "--first-name",
        "ANN",
        "--last-name",
        "peeters",
        "--birth-date",
        "1985-03-12",
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Fout: deze persoon bestaat al als deelnemer 1 (zelfde naam en geboortedatum);"
        " gebruik --participant 1 of --force\n"
    )
    assert table_counts(db) == before
    forced = cli("participant", "add", *ANN, "--force")
    assert forced.exit_code == 0
    assert _lines(forced.stdout)[0] == ["Deelnemer", "2:", "Ann", "Peeters"]


def test_list_json_has_the_promised_keys(cli, db):
    _add(cli, *ANN, "--postcode", "3500")
    _add(cli, "--first-name", "Chloë", "--last-name", "Çelik", "--birth-date", "1.2.2001")
    result = cli("participant", "list", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [
        {k: r[k] for k in ("id", "first_name", "last_name", "birth_date", "postcode")} for r in rows
    ] == [
        {
            "id": 1,
            "first_name": "Ann",
            "last_name": "Peeters",
            "birth_date": "1985-03-12",
            "postcode": "3500",
        },
        {
            "id": 2,
            "first_name": "Chloë",
            "last_name": "Çelik",
            "birth_date": "2001-02-01",
            "postcode": None,
        },
    ]


def test_list_filters(cli, db):
    _add(cli, *ANN, "--postcode", "3500")
    _add(
        cli,
        "--first-name",
        "Bart",
        "--last-name",
        "Maes",
        "--birth-date",
        "02/02/1970",
        "--postcode",
        "3511",
    )
    assert (
        cli("participant", "status", "add", "--participant", "2", "--ground", "VT").exit_code == 0
    )

    def ids(*args):
        result = cli("participant", "list", "--format", "json", *args)
        assert result.exit_code == 0, result.stderr
        return [r["id"] for r in json.loads(result.stdout)]

    assert ids("--postcode", "3511") == [2]
    assert ids("--ground", "omnio") == [2]
    assert ids("--active") == [2]
    assert ids("--inactive") == [1]
    assert ids("--text", "peet") == [1]
    assert ids("--limit", "1") == [1]


def test_list_as_csv(cli, db, tmp_path):
    _add(cli, *ANN, "--postcode", "3500")
    out = tmp_path / "deelnemers.csv"
    result = cli("participant", "list", "--format", "csv", "--output", out)
    assert result.exit_code == 0 and result.stdout == ""
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows == [
        ["Id", "Voornaam", "Familienaam", "Geboortedatum", "Postcode", "Gezinsleden", "Statuten"],
        ["1", "Ann", "Peeters", "12/03/1985", "3500", "1", ""],
    ]


def test_edit(cli, db):
    _add(cli, *ANN)
    result = cli("participant", "edit", "1", "--postcode", "3510", "--household-size", "2")
    assert result.exit_code == 0, result.stderr
    assert ["Postcode", "3510"] in _lines(result.stdout)
    assert ["Gezinsleden", "2"] in _lines(result.stdout)


def test_search(cli, db):
    _add(cli, *ANN)
    _add(cli, "--first-name", "Bart", "--last-name", "Maes", "--birth-date", "02/02/1970")
    result = cli("participant", "search", "maes", "--format", "json")
    assert result.exit_code == 0
    assert [r["id"] for r in json.loads(result.stdout)] == [2]
    by_date = cli("participant", "search", "12/03/1985", "--format", "json")
    assert [r["id"] for r in json.loads(by_date.stdout)] == [1]


def test_english_output(cli, db, config_path):
    use_english(config_path)
    _add(cli, *ANN)
    result = cli("participant", "show", "1")
    lines = _lines(result.stdout)
    assert lines[0] == ["Participant", "1:", "Ann", "Peeters"]
    assert ["Birth", "date", "12/03/1985"] in lines
    assert ["Statuses:", "(none)"] in lines
    missing = cli("participant", "show", "9")
    assert missing.stderr == "Error: participant 9 does not exist\n"
    listed = cli("participant", "list", "--format", "csv")
    assert listed.stdout.splitlines()[0] == "Id;First name;Last name;Birth date;Postcode;Household size;Grounds"
    exported = cli("participant", "export", "1", "--format", "md")
    assert "## Statuses" in exported.stdout
    assert "| Time | User | Command | Entity | Id | Action | Fields |" in exported.stdout


# --- statuses ---------------------------------------------------------------------------------


@pytest.fixture
def two_statuses(cli, db):
    """Ann: ocmw ending 30/06/2026 (in 15 days); Bart: VT ending 31/12/2026."""
    _add(cli, *ANN)
    _add(cli, "--first-name", "Bart", "--last-name", "Maes", "--birth-date", "02/02/1970")
    first = cli(
        "participant",
        "status",
        "add",
        "--participant",
        "1",
        "--ground",
        "OCMW",
        "--from",
        "01/07/2025",
        "--checked-by",
        "sociale dienst",
    )
    assert first.exit_code == 0, first.stderr
    second = cli(
        "participant",
        "status",
        "add",
        "--participant",
        "2",
        "--ground",
        "verhoogde tegemoetkoming",
        "--from",
        "01/01/2026",
    )
    assert second.exit_code == 0, second.stderr
    return first


def test_status_add_uses_the_grounds_validity(two_statuses):
    row = _lines(two_statuses.stdout)[-1]
    assert row == [
        "1",
        "1",
        "OCMW-gerechtigd",
        "/",
        "leefloon",
        "01/07/2025",
        "30/06/2026",
        "actief",
        "Sociale",
        "Dienst",
    ]


def test_status_list_expiring(cli, two_statuses):
    result = cli("participant", "status", "list", "--expiring", "30", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [(r["participant_id"], r["ground"], r["valid_until"], r["state"]) for r in rows] == [
        (1, "ocmw", "2026-06-30", "active")
    ]
    table = cli("participant", "status", "list", "--expiring", "30")
    assert [
        "1",
        "1",
        "Ann",
        "Peeters",
        "OCMW-gerechtigd",
        "/",
        "01/07/2025",
        "30/06/2026",
        "actief",
        "Sociale",
        "Dienst",
    ] in _lines(table.stdout)
    assert ["leefloon"] in _lines(table.stdout)  # the label wraps at a word, under itself
    assert "Maes" not in table.stdout
    everything = cli("participant", "status", "list", "--expiring", "200", "--format", "json")
    assert [r["participant_id"] for r in json.loads(everything.stdout)] == [1, 2]


def test_status_extend_reports_how_many(cli, db, two_statuses):
    result = cli("participant", "status", "extend", "--ground", "ocmw", "--until", "30/06/2027", "--yes")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == "1 statuut van 1 persoon verlengd tot 30/06/2027.\n"
    until = db.execute("SELECT valid_until FROM statuses WHERE participant_id = 1").fetchone()[0]
    assert until == "2027-06-30"
    none = cli(
        "participant", "status", "extend", "--ground", "vluchteling", "--until", "30/06/2027"
    )
    assert none.exit_code == 0
    assert none.stderr == (
        "Geen actieve statuten (Vluchteling) die vóór 30/06/2027 aflopen; er is niets gewijzigd.\n")


def test_status_extend_in_english(cli, two_statuses, config_path):
    use_english(config_path)
    result = cli("participant", "status", "extend", "--ground", "ocmw", "--until", "2027-06-30", "--yes")
    assert result.stderr == "1 status of 1 person extended until 30/06/2027.\n"


def test_status_suspend(cli, db, two_statuses):
    result = cli("participant", "status", "suspend", "1", "--reason", "verhuisd naar Genk")
    assert result.exit_code == 0, result.stderr
    assert "geschorst" in _lines(result.stdout)[-1]
    row = db.execute("SELECT suspended_on, suspension_reason FROM statuses WHERE id = 1").fetchone()
    assert tuple(row) == ("2026-06-15", "verhuisd naar Genk")
    again = cli("participant", "status", "suspend", "1", "--reason", "nogmaals")
    assert again.exit_code == 1
    assert again.stderr == "Fout: statuut 1 is al geschorst\n"
    expiring = cli("participant", "status", "list", "--expiring", "30", "--format", "json")
    assert json.loads(expiring.stdout) == []


# --- bad input: exit 1, the value named, nothing written ---------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--birth-date", "12/03/85"),
            "Fout: geboortedatum: '12/03/85' heeft geen jaartal van vier cijfers\n",
        ),
        (
            ("--birth-date", "31/02/1985"),
            "Fout: geboortedatum: '31/02/1985' bestaat niet als datum\n",
        ),
        (("--birth-date", "16/06/2026"), "Fout: geboortedatum: 16/06/2026 ligt in de toekomst\n"),
        (
            ("--birth-date", "gisteren"),
            "Fout: geboortedatum: 'gisteren' is geen datum (gebruik dd/mm/jjjj of jjjj-mm-dd)\n",
        ),
        (("--household-size", "0"), "Fout: gezinsleden: '0' moet een geheel getal ≥ 1 zijn\n"),
        (("--household-size", "-2"), "Fout: gezinsleden: '-2' moet een geheel getal ≥ 1 zijn\n"),
        (
            ("--household-size", "drie"),
            "Fout: gezinsleden: 'drie' moet een geheel getal ≥ 1 zijn\n",
        ),
        (
            ("--postcode", "B-3500"),
            "Fout: postcode: 'B-3500' is geen Belgische postcode (vier cijfers)\n",
        ),
        (("--email", "ann.peeters"), "Fout: e-mail: 'ann.peeters' is geen e-mailadres\n"),
    ],
)
def test_add_with_bad_input(cli, db, args, message):
    base = dict(zip(ANN[::2], ANN[1::2], strict=True))
    options = {**base, **dict(zip(args[::2], args[1::2], strict=True))}
    before = table_counts(db)
    result = cli("participant", "add", *[x for pair in options.items() for x in pair])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == message
    assert table_counts(db) == before


def test_add_without_a_name(cli, db):
    before = table_counts(db)
    result = cli("participant", "add", "--first-name", "Ann")
    assert result.exit_code == 1
    assert result.stderr == "Fout: ontbrekende opties: --last-name, --birth-date\n"
    assert table_counts(db) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("participant", "show", "99"), "Fout: deelnemer 99 bestaat niet\n"),
        (("participant", "edit", "99", "--postcode", "3500"), "Fout: deelnemer 99 bestaat niet\n"),
        (
            ("participant", "edit", "1", "--household-size", "0"),
            "Fout: gezinsleden: '0' moet een geheel getal ≥ 1 zijn\n",
        ),
        (
            ("participant", "edit", "1", "--birth-date", "1/1/30"),
            "Fout: geboortedatum: '1/1/30' heeft geen jaartal van vier cijfers\n",
        ),
        (
            ("participant", "list", "--ground", "rijk"),
            f"Fout: statuut: 'rijk' is onbekend; kies uit {GROUNDS}\n",
        ),
        (
            ("participant", "status", "add", "--participant", "99", "--ground", "ocmw"),
            "Fout: deelnemer 99 bestaat niet\n",
        ),
        (
            ("participant", "status", "add", "--participant", "1", "--ground", "rijk"),
            f"Fout: statuut: 'rijk' is onbekend; kies uit {GROUNDS}\n",
        ),
        (
            (
                "participant",
                "status",
                "add",
                "--participant",
                "1",
                "--ground",
                "ocmw",
                "--from",
                "30/02/2026",
            ),
            "Fout: --from: '30/02/2026' bestaat niet als datum\n",
        ),
        (
            (
                "participant",
                "status",
                "add",
                "--participant",
                "1",
                "--ground",
                "ocmw",
                "--until",
                "31/12/26",
            ),
            "Fout: --until: '31/12/26' heeft geen jaartal van vier cijfers\n",
        ),
        (
            (
                "participant",
                "status",
                "add",
                "--participant",
                "1",
                "--ground",
                "ocmw",
                "--checked-by",
                "Rode Kruis",
            ),
            f"Fout: partner 'Rode Kruis' bestaat niet (gekende partners: {KNOWN_PARTNERS})\n",
        ),
        (
            (
                "participant",
                "status",
                "add",
                "--participant",
                "1",
                "--ground",
                "ocmw",
                "--checked-by",
                "dienst",
            ),
            f"Fout: partner 'dienst' is dubbelzinnig; bedoelt u een van: {DIENST}\n",
        ),
        (
            ("participant", "status", "extend", "--ground", "ocmw", "--until", "01/01/2020"),
            "Fout: --until: 01/01/2020 ligt in het verleden; een statuut verlengen kan alleen tot vandaag of later\n",
        ),
        (
            ("participant", "status", "extend", "--ground", "rijk", "--until", "01/01/2027"),
            f"Fout: statuut: 'rijk' is onbekend; kies uit {GROUNDS}\n",
        ),
        (
            ("participant", "status", "suspend", "99", "--reason", "x"),
            "Fout: statuut 99 bestaat niet\n",
        ),
    ],
)
def test_bad_input_writes_nothing(cli, db, args, message):
    _add(cli, *ANN)
    before = table_counts(db)
    result = cli(*args)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == message
    assert table_counts(db) == before


def test_wrong_id_is_our_message(cli, db):
    result = cli("participant", "show", "een")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "Fout: ID: 'een' is geen geldig id (een geheel getal vanaf 1)\n"


def test_wrong_usage_exits_2(cli, db):
    result = cli("participant", "show", "1", "--kleur", "rood")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--kleur" in result.stderr


def test_search_suggests_near_matches_when_nothing_matches(cli, db):
    _add(cli, "--first-name", "Jessica", "--last-name", "Van den Broeck", "--birth-date", "02/02/1990")
    found = cli("participant", "search", "vandenbroeck", "--format", "json")
    assert [r["id"] for r in json.loads(found.stdout)] == [1]
    nothing = cli("participant", "search", "jessika", "--format", "json")
    assert nothing.exit_code == 0
    assert json.loads(nothing.stdout) == []
    assert nothing.stderr == "Niemand gevonden voor 'jessika'; bedoelde u Jessica Van den Broeck (1)?\n"
    none = cli("participant", "search", "qqqq")
    assert none.stderr == "Niemand gevonden voor 'qqqq'.\n"
