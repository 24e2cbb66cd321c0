import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DIENST, GROUNDS, KNOWN_PARTNERS, STATES, TODAY, table_counts, use_english

REPO = Path(__file__).parents[1]
ANN = ("--first-name", "Ann", "--last-name", "Peeters", "--birth-date", "12/03/1985")
DONE_WHEN = (
    "referral",
    "add",
    "--partner",
    "de brug hasselt",
    *ANN,
    "--ground",
    "schuldbemiddeling",
)



def _rows(text: str) -> list[list[str]]:
    """Table output as lists of words, borders removed."""
    cleaned = "".join(" " if c in "│┃┏┓┗┛┡┩└┘━─┳┻╇┴╋┼" else c for c in text)
    return [line.split() for line in cleaned.splitlines() if line.strip()]


def test_done_when_walkthrough(cli, db_path):
    init = cli("init")
    assert init.exit_code == 0, init.stderr
    result = cli(*DONE_WHEN)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "Toeleiding 1: Ann Peeters (deelnemer 1, nieuw) door De Brug Hasselt op 15/06/2026,"
        " statuut Schuldbemiddeling toegevoegd.\n"
    )
    assert result.stdout == ""

    show = cli("participant", "show", "1")
    assert show.exit_code == 0
    rows = _rows(show.stdout)
    assert rows[0] == ["Deelnemer", "1:", "Ann", "Peeters"]
    assert ["Geboortedatum", "12/03/1985"] in rows
    assert ["Statuten"] in rows and ["Toeleidingen"] in rows
    assert [
        "1",
        "1",
        "Schuldbemiddeling",
        "15/06/2026",
        "14/06/2027",
        "actief",
        "De",
        "Brug",
        "Hasselt",
    ] in rows
    assert ["1", "15/06/2026", "De", "Brug", "Hasselt", "Schuldbemiddeling", "open"] in rows

    people = json.loads(cli("participant", "list", "--format", "json").stdout)
    assert [
        {k: p[k] for k in ("id", "first_name", "last_name", "birth_date", "postcode")}
        for p in people
    ] == [
        {
            "id": 1,
            "first_name": "Ann",
            "last_name": "Peeters",
            "birth_date": "1985-03-12",
            "postcode": None,
        }
    ]
    referrals = json.loads(cli("referral", "list", "--format", "json").stdout)
    assert [
        {k: r[k] for k in ("id", "participant_id", "partner", "date", "state")} for r in referrals
    ] == [
        {
            "id": 1,
            "participant_id": 1,
            "partner": "De Brug Hasselt",
            "date": "2026-06-15",
            "state": "open",
        }
    ]


def test_done_when_walkthrough_in_a_real_process(tmp_path):
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "VRIJETIJD_TODAY": TODAY,
        "NO_COLOR": "1",
        "COLUMNS": "160",
        "VRIJETIJD_CONFIG": "",
        "VRIJETIJD_DB": "",
    }

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "vrijetijd_cli", *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    init = run("init")
    assert init.returncode == 0, init.stderr
    # the user's data folder (conftest points XDG_DATA_HOME into the test's folder), not the current one
    assert (tmp_path / "share" / "vrijetijd" / "vrijetijd.db").is_file()
    assert not (tmp_path / "data").exists()
    added = run(*DONE_WHEN)
    assert added.returncode == 0, added.stderr
    assert added.stderr.startswith(
        "Toeleiding 1: Ann Peeters (deelnemer 1, nieuw) door De Brug Hasselt"
    )
    show = run("participant", "show", "1", "--format", "json")
    data = json.loads(show.stdout)
    assert [s["ground"] for s in data["statuses"]] == ["schuldbemiddeling"]
    assert [r["partner"] for r in data["referrals"]] == ["De Brug Hasselt"]


def test_english_output(cli, db, config_path):
    use_english(config_path)
    result = cli(*DONE_WHEN, "--date", "01/06/2026")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "Referral 1: Ann Peeters (participant 1, new) by De Brug Hasselt on 01/06/2026,"
        " status Debt mediation added.\n"
    )
    listed = _rows(cli("referral", "list").stdout)
    assert listed[0] == ["Referrals"]
    assert [
        "Id",
        "Date",
        "Participant",
        "id",
        "First",
        "name",
        "Last",
        "name",
        "Partner",
        "Ground",
        "Domain",
        "State",
        "Note",
    ] in listed
    assert [
        "1",
        "01/06/2026",
        "1",
        "Ann",
        "Peeters",
        "De",
        "Brug",
        "Hasselt",
        "Debt",
        "mediation",
        "open",
    ] in listed
    error = cli("referral", "update", "1", "--state", "toegeleid")
    assert error.stderr == (
        "Error: referral 1 cannot go from 'open' to 'toegeleid';"
        " allowed: in_behandeling, afgesloten, geweigerd\n"
    )


def test_referral_for_an_existing_participant(cli, db):
    assert cli(*DONE_WHEN).exit_code == 0
    result = cli(
        "referral",
        "add",
        "--partner",
        "6",
        "--participant",
        "1",
        "--ground",
        "schuldbemiddeling",
        "--domain",
        "Sport",
        "--note",
        "zwemmen",
        "--date",
        "2026-05-02",
    )
    assert result.exit_code == 0, result.stderr
    assert (
        result.stderr
        == "Toeleiding 2: Ann Peeters (deelnemer 1, bestaand) door Domo Hasselt op 02/05/2026.\n"
    )
    shown = json.loads(cli("referral", "show", "2", "--format", "json").stdout)
    assert (shown["domain"], shown["note"], shown["ground"]) == (
        "sport",
        "zwemmen",
        "schuldbemiddeling",
    )
    assert db.execute("SELECT COUNT(*) FROM statuses").fetchone()[0] == 1


def test_duplicate_person_is_refused_then_forced(cli, db):
    assert cli(*DONE_WHEN).exit_code == 0
    before = table_counts(db)
    again = cli(
        "referral",
        "add",
        "--partner",
        "domo",
        "--first-name",
        "ann",
        "--last-name",
        "PEETERS",
        "--birth-date",
        "1985-03-12",
    )
    assert again.exit_code == 1
    assert again.stdout == ""
    assert again.stderr == (
        "Fout: deze persoon bestaat al als deelnemer 1 (zelfde naam en geboortedatum);"
        " gebruik --participant 1 of --force\n"
    )
    assert table_counts(db) == before
    forced = cli("referral", "add", "--partner", "domo", *ANN, "--force")
    assert forced.exit_code == 0
    assert forced.stderr.startswith("Toeleiding 2: Ann Peeters (deelnemer 2, nieuw)")


def test_list_filters(cli, db):
    assert cli(*DONE_WHEN, "--date", "10/10/2025").exit_code == 0
    assert cli("referral", "add", "--partner", "domo", "--participant", "1").exit_code == 0
    assert cli("referral", "update", "2", "--state", "in_behandeling").exit_code == 0

    def ids(*args):
        result = cli("referral", "list", "--format", "json", *args)
        assert result.exit_code == 0, result.stderr
        return [r["id"] for r in json.loads(result.stdout)]

    assert ids() == [1, 2]
    assert ids("--partner", "DOMO") == [2]
    assert ids("--state", "open") == [1]
    assert ids("--year", "2025") == [1]
    assert ids("--year", "2024") == []


def test_show_and_update(cli, db):
    assert cli(*DONE_WHEN).exit_code == 0
    for state in ("in_behandeling", "toegeleid"):
        result = cli("referral", "update", "1", "--state", state, "--note", f"nu {state}")
        assert result.exit_code == 0, result.stderr
    shown = cli("referral", "show", "1", "--format", "json")
    data = json.loads(shown.stdout)
    assert (data["state"], data["note"]) == ("toegeleid", "nu toegeleid")
    table = _rows(cli("referral", "show", "1").stdout)
    assert ["Toestand", "toegeleid"] in table


# --- bad input: exit 1, the value named, nothing written ---------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--partner", "Rode Kruis", *ANN),
            f"Fout: partner 'Rode Kruis' bestaat niet (gekende partners: {KNOWN_PARTNERS})\n",
        ),
        (
            ("--partner", "dienst", *ANN),
            f"Fout: partner 'dienst' is dubbelzinnig; bedoelt u een van: {DIENST}\n",
        ),
        (("--partner", "42", *ANN), "Fout: partner 42 bestaat niet\n"),
        (("--partner", "de brug", "--participant", "99"), "Fout: deelnemer 99 bestaat niet\n"),
        (
            ("--partner", "de brug", *ANN, "--date", "31/02/2026"),
            "Fout: --date: '31/02/2026' bestaat niet als datum\n",
        ),
        (
            ("--partner", "de brug", *ANN, "--date", "01/06/26"),
            "Fout: --date: '01/06/26' heeft geen jaartal van vier cijfers\n",
        ),
        (
            ("--partner", "de brug", *ANN, "--date", "16/06/2026"),
            "Fout: datum: 16/06/2026 ligt in de toekomst\n",
        ),
        (
            (
                "--partner",
                "de brug",
                "--first-name",
                "Ann",
                "--last-name",
                "Peeters",
                "--birth-date",
                "12/03/85",
            ),
            "Fout: geboortedatum: '12/03/85' heeft geen jaartal van vier cijfers\n",
        ),
        (
            (
                "--partner",
                "de brug",
                "--first-name",
                "Ann",
                "--last-name",
                "Peeters",
                "--birth-date",
                "30/02/1985",
            ),
            "Fout: geboortedatum: '30/02/1985' bestaat niet als datum\n",
        ),
        (
            (
                "--partner",
                "de brug",
                "--first-name",
                "Ann",
                "--last-name",
                "Peeters",
                "--birth-date",
                "01/01/2027",
            ),
            "Fout: geboortedatum: 01/01/2027 ligt in de toekomst\n",
        ),
        (
            ("--partner", "de brug", *ANN, "--household-size", "0"),
            "Fout: gezinsleden: '0' moet een geheel getal ≥ 1 zijn\n",
        ),
        (
            ("--partner", "de brug", *ANN, "--household-size", "-1"),
            "Fout: gezinsleden: '-1' moet een geheel getal ≥ 1 zijn\n",
        ),
        (
            ("--partner", "de brug", *ANN, "--household-size", "twee"),
            "Fout: gezinsleden: 'twee' moet een geheel getal ≥ 1 zijn\n",
        ),
        (
            ("--partner", "de brug", *ANN, "--ground", "rijkdom"),
            f"Fout: statuut: 'rijkdom' is onbekend; kies uit {GROUNDS}\n",
        ),
        (
            ("--partner", "de brug", *ANN, "--domain", "koken"),
            "Fout: domein: 'koken' is onbekend; kies uit cultuur, jeugd, sport\n",
        ),
        (
            ("--partner", "de brug", "--first-name", "Ann"),
            "Fout: ontbrekende opties: --last-name, --birth-date\n",
        ),
    ],
)
def test_referral_add_bad_input_writes_nothing(cli, db, args, message):
    before = table_counts(db)
    result = cli("referral", "add", *args)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == message
    assert "Traceback" not in result.stderr
    assert table_counts(db) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("referral", "update", "1", "--state", "toegeleid"),
            "Fout: toeleiding 1 kan niet van 'open' naar 'toegeleid'; toegelaten: in_behandeling,"
            " afgesloten,"
            " geweigerd\n",
        ),
        (
            ("referral", "update", "1", "--state", "klaar"),
            f"Fout: toestand 'klaar' is onbekend; kies uit {STATES}\n",
        ),
        (("referral", "update", "9", "--state", "afgesloten"), "Fout: toeleiding 9 bestaat niet\n"),
        (("referral", "show", "9"), "Fout: toeleiding 9 bestaat niet\n"),
        (
            ("referral", "list", "--partner", "Rode Kruis"),
            f"Fout: partner 'Rode Kruis' bestaat niet (gekende partners: {KNOWN_PARTNERS})\n",
        ),
        (
            ("referral", "list", "--state", "klaar"),
            f"Fout: toestand 'klaar' is onbekend; kies uit {STATES}\n",
        ),
    ],
)
def test_referral_bad_requests_write_nothing(cli, db, args, message):
    assert cli(*DONE_WHEN).exit_code == 0
    before = table_counts(db)
    result = cli(*args)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == message
    assert table_counts(db) == before


def test_final_state_cannot_change(cli, db):
    assert cli(*DONE_WHEN).exit_code == 0
    assert cli("referral", "update", "1", "--state", "geweigerd").exit_code == 0
    before = table_counts(db)
    result = cli("referral", "update", "1", "--state", "in_behandeling")
    assert result.exit_code == 1
    assert result.stderr == (
        "Fout: toeleiding 1 kan niet van 'geweigerd' naar 'in_behandeling';"
        " toegelaten: geen (eindtoestand)\n"
    )
    assert table_counts(db) == before


def test_inactive_partner_cannot_refer(cli, db):
    assert cli("partner", "deactivate", "domo").exit_code == 0
    before = table_counts(db)
    result = cli("referral", "add", "--partner", "domo", *ANN)
    assert result.exit_code == 1
    assert result.stderr == "Fout: partner 'Domo Hasselt' is inactief\n"
    assert table_counts(db) == before


def test_a_look_alike_is_refused_until_participant_or_force(cli, db):
    assert cli("referral", "add", "--partner", "5", "--first-name", "Jessica", "--last-name", "Peeters",
               "--birth-date", "12/03/1985").exit_code == 0
    before = table_counts(db)
    jessika = ("referral", "add", "--partner", "5", "--first-name", "Jessika", "--last-name", "Peeters",
               "--birth-date", "12/03/1985")
    refused = cli(*jessika)
    assert refused.exit_code == 1
    assert refused.stderr == (
        "Fout: deze persoon lijkt op iemand die al bestaat (deelnemer 1: Jessica Peeters, 12/03/1985); gebruik"
        " --participant 1 voor die persoon, of --force om toch een nieuwe deelnemer toe te voegen\n")
    assert table_counts(db) == before
    assert cli("referral", "add", "--partner", "5", "--participant", "1").exit_code == 0
    forced = cli(*jessika, "--force")
    assert forced.exit_code == 0 and "(deelnemer 2, nieuw)" in forced.stderr
