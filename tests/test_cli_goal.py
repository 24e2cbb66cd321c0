import json
import re

import pytest

from tests.conftest import table_counts, use_english


def test_goal_list_is_a_tree(cli, db):
    result = cli("goal", "list")
    assert result.exit_code == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].strip() == "Doelstellingen en acties, laatste evaluatie"
    assert lines[1].startswith("Code ")
    codes = [re.match(r" *\S+", line).group() for line in lines[2:] if not line.startswith(" " * 8)]
    assert codes[:3] == ["SD1", "  OD1.1", "    A1.1.1"]  # the tree, indented
    assert (
        "strategisch" in result.stdout
        and "operationeel" in result.stdout
        and "actie" in result.stdout
    )


def test_evaluate_then_list_the_year_as_json(cli, db):
    result = cli(
        "goal",
        "evaluate",
        "SD1",
        "--year",
        "2025",
        "--state",
        "lopend",
        "--comment",
        "Advies gegeven",
    )
    assert result.exit_code == 0
    assert result.stderr == "Evaluatie 2025 van SD1: lopend.\n"
    again = cli("goal", "evaluate", "sd1", "--year", "2025", "--state", "gerealiseerd")
    assert again.stderr == (
        "Evaluatie 2025 van SD1: gerealiseerd (de vorige evaluatie van 2025 is vervangen).\n"
    )
    cli("goal", "evaluate", "A2.1.1", "--year", "2024", "--state", "bijgestuurd")
    rows = json.loads(cli("goal", "list", "--year", "2025", "--format", "json").stdout)
    assert rows[0] == {
        "code": "SD1",
        "level": "strategic",
        "title": "Beleid rond vrijetijdsparticipatie van mensen in armoede uitwerken",
        "parent": None,
        "year": 2025,
        "state": "gerealiseerd",
        "comment": "",
    }
    assert rows[1]["parent"] == "SD1" and rows[1]["state"] is None and rows[1]["comment"] is None
    assert next(r for r in rows if r["code"] == "A2.1.1")["state"] is None
    table = cli("goal", "list", "--year", "2025")
    assert table.stdout.splitlines()[0].strip() == "Doelstellingen en acties, evaluatie 2025"
    assert table.stdout.splitlines()[-1] == "1 van 9 doelen geëvalueerd voor 2025"
    assert "gerealiseerd" in table.stdout and "bijgestuurd" not in table.stdout
    latest = json.loads(cli("goal", "list", "--format", "json").stdout)
    assert next(r for r in latest if r["code"] == "A2.1.1")["state"] == "bijgestuurd"


def test_goal_list_csv_is_flat_with_parent_codes(cli, db):
    result = cli("goal", "list", "--format", "csv")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Code;Valt onder;Niveau;Titel;Jaar;Evaluatie;Opmerking"
    assert (
        lines[2] == "OD1.1;SD1;operationeel;Het netwerk adviseert de stad over drempelverlagend"
        " vrijetijdsbeleid;;;"
    )


def test_goal_add_and_show(cli, db):
    result = cli(
        "goal", "add", "--parent", "OD2.1", "--level", "action", "--title", "Vrijetijdsbeurs"
    )
    assert result.exit_code == 0
    assert result.stderr == "Doel A2.1.2 toegevoegd.\n"
    cli(
        "goal",
        "evaluate",
        "A2.1.2",
        "--year",
        "2025",
        "--state",
        "niet_gestart",
        "--comment",
        "Najaar",
    )
    shown = cli("goal", "show", "od2.1")
    assert shown.exit_code == 0
    assert "A2.1.1, A2.1.2" in shown.stdout
    history = json.loads(cli("goal", "show", "A2.1.2", "--format", "json").stdout)
    assert (history["parent"], history["level"]) == ("OD2.1", "action")
    assert [(e["year"], e["state"], e["comment"]) for e in history["evaluations"]] == [
        (2025, "niet_gestart", "Najaar")
    ]


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (
            ["goal", "evaluate", "SD9", "--year", "2025", "--state", "lopend"],
            "Fout: doelstelling 'SD9' bestaat niet (gekende codes: SD1, OD1.1, A1.1.1, SD2,"
            " OD2.1, A2.1.1,"
            " SD3, OD3.1, A3.1.1)\n",
        ),
        (
            ["goal", "evaluate", "SD1", "--year", "2025", "--state", "afgerond"],
            "Fout: --state: 'afgerond' is onbekend; kies uit niet_gestart, lopend,"
            " gerealiseerd, bijgestuurd,"
            " geschrapt, niet gestart\n",
        ),
        (
            ["goal", "add", "--parent", "SD1", "--level", "action", "--title", "Actie"],
            "Fout: ouder: SD1 is een strategische doelstelling, maar een actie hoort onder een"
            " operationele"
            " doelstelling\n",
        ),
        (
            ["goal", "add", "--parent", "SD1", "--level", "strategic", "--title", "Doel"],
            "Fout: ouder: een strategische doelstelling staat bovenaan en heeft geen ouder"
            " (niet 'SD1')\n",
        ),
        (
            ["goal", "add", "--parent", "XX", "--level", "action", "--title", "Doel"],
            "Fout: doelstelling 'XX' bestaat niet",
        ),
        (
            ["goal", "add", "--level", "visie", "--title", "Doel"],
            "Fout: --level: 'visie' is onbekend; kies uit strategic, operational, action,"
            " strategisch, operationeel, actie\n",
        ),
        (["goal", "show", "Q1"], "Fout: doelstelling 'Q1' bestaat niet"),
    ],
)
def test_bad_goal_input_exits_1_and_writes_nothing(cli, db, args, text):
    before = table_counts(db)
    result = cli(*args)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(text)
    assert table_counts(db) == before


def test_english_labels(cli, db, config_path):
    use_english(config_path)
    result = cli("goal", "evaluate", "OD1.1", "--year", "2025", "--state", "bijgestuurd")
    assert result.stderr == "Evaluation 2025 of OD1.1: adjusted.\n"
    listed = cli("goal", "list", "--year", "2025")
    assert "operational" in listed.stdout and "adjusted" in listed.stdout
    assert listed.stdout.splitlines()[-1] == "1 of 9 goals evaluated for 2025"
    bad = cli("goal", "evaluate", "OD1.1", "--year", "2025", "--state", "done")
    assert bad.stderr.startswith("Error: --state: 'done' is unknown; choose from niet_gestart")


def test_every_goal_command_has_dutch_help(cli):
    for words in (
        ["goal"],
        ["goal", "list"],
        ["goal", "show"],
        ["goal", "add"],
        ["goal", "evaluate"],
    ):
        assert cli(*words, "--help").exit_code == 0, words
    assert (
        "Leg de evaluatie van een doelstelling voor een jaar vast" in cli("goal", "--help").stdout
    )


def test_goal_messages_and_errors_in_english(cli, db, config_path):
    use_english(config_path)
    added = cli("goal", "add", "--parent", "OD2.1", "--level", "actie", "--title", "Vrijetijdsbeurs")
    assert added.stderr == "Goal A2.1.2 added.\n"
    assert "action" in added.stdout and "Under" in added.stdout
    cli("goal", "evaluate", "A2.1.2", "--year", "2025", "--state", "niet gestart")
    again = cli("goal", "evaluate", "A2.1.2", "--year", "2025", "--state", "lopend")
    assert again.stderr == "Evaluation 2025 of A2.1.2: ongoing (the earlier evaluation of 2025 was replaced).\n"
    shown = cli("goal", "show", "A2.1.2")
    assert "Evaluations" in shown.stdout and "ongoing" in shown.stdout
    assert cli("goal", "list").stdout.splitlines()[0].strip() == "Objectives and actions, latest evaluation"
    wrong = cli("goal", "add", "--parent", "SD1", "--level", "action", "--title", "Actie")
    assert wrong.stderr == (
        "Error: parent: SD1 is a strategic objective, but an action belongs under an operational objective\n"
    )
    unknown = cli("goal", "show", "Q1")
    assert unknown.stderr.startswith("Error: goal 'Q1' does not exist (known codes: SD1, OD1.1")
    future = cli("goal", "evaluate", "SD1", "--year", "2027", "--state", "lopend")
    assert (future.exit_code, future.stderr) == (1, "Error: year: 2027 is in the future\n")


def test_evaluate_reads_the_year_itself(cli, db):
    result = cli("goal", "evaluate", "SD1", "--year", "vorig", "--state", "lopend")
    assert result.exit_code == 1
    assert result.stderr.startswith("Fout: --year: 'vorig' is geen geldig jaar")
