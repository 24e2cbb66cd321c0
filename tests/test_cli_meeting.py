import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA, table_counts, use_english

ROOT = Path(__file__).parents[1]
MINUTES = str(DATA / "meeting_minutes.md")


def _add(cli, *extra):
    result = cli("meeting", "add", *extra)
    assert result.exit_code == 0, result.stderr
    return result


def test_add_with_minutes_then_list_shows_the_minimum(cli, db):
    result = _add(
        cli,
        "--date",
        "12/03/2025",
        "--place",
        "Stadhuis",
        "--present",
        "Cultuur-, jeugd- en sportdienst, De Brug, sociale dienst",
        "--excused",
        "Domo",
        "--poverty-voices",
        "4",
        "--minutes-file",
        MINUTES,
    )
    assert result.stderr == (
        "Overleg 1 van 12/03/2025 geregistreerd: 3 aanwezig, 1 verontschuldigd, 3 afwezig.\n"
    )
    assert "Domo Hasselt" in result.stdout
    _add(cli, "--date", "2025-06-10", "--present", "1, 2, 3, 4, 5, 6, 7")
    _add(cli, "--date", "2025-09-15", "--kind", "werkgroep", "--present", "1, 5")
    listed = cli("meeting", "list", "--year", "2025")
    assert listed.exit_code == 0 and listed.stderr == ""
    assert listed.stdout.splitlines()[0].strip() == "Overlegmomenten 2025"
    assert listed.stdout.splitlines()[-1] == "2 van minimum 4 overlegmomenten in 2025"
    assert "werkgroep" in listed.stdout


def test_list_json_gives_partner_names_per_presence(cli, db):
    _add(cli, "--date", "12/03/2025", "--present", "1, 5", "--excused", "6")
    result = cli("meeting", "list", "--format", "json")
    assert result.exit_code == 0
    [meeting] = json.loads(result.stdout)
    assert {k: meeting[k] for k in ("id", "date", "kind", "present", "excused", "absent")} == {
        "id": 1,
        "date": "2025-03-12",
        "kind": "overleg",
        "present": ["Cultuur-, jeugd- en sportdienst", "De Brug Hasselt"],
        "excused": ["Domo Hasselt"],
        "absent": [
            "Dienst wijkmanagement",
            "Dienst gezinsondersteuning",
            "Sociale Dienst",
            "Horizont - Rap op stap Limburg",
        ],
    }


def test_list_without_year_counts_the_current_year_in_english(cli, db, config_path):
    use_english(config_path)
    _add(cli, "--date", "03/02/2026", "--present", "1")
    _add(cli, "--date", "12/03/2025", "--present", "1")
    result = cli("meeting", "list")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "1 of minimum 4 meetings in 2026"
    assert "network meeting" in result.stdout


def test_show_renders_markdown_minutes_with_attendance(cli, db):
    _add(cli, "--date", "12/03/2025", "--present", "1, 5", "--minutes-file", MINUTES)
    cli(
        "meeting",
        "action",
        "add",
        "1",
        "--text",
        "Lijst aanpassen",
        "--owner",
        "1",
        "--due",
        "01/05/2025",
    )
    result = cli("meeting", "show", "1")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Verslag netwerkoverleg 12/03/2025" in out
    assert "# Verslag" not in out and "**Aanwezig:**" not in out  # rendered, not raw
    assert "Aanwezig: Cultuur-, jeugd- en sportdienst" in out
    assert "• Lijst transparant aanbod aanpassen" in out
    assert "Lijst aanpassen" in out and "te laat" in out
    as_json = json.loads(cli("meeting", "show", "1", "--format", "json").stdout)
    assert as_json["minutes"].startswith("# Verslag netwerkoverleg 12/03/2025\n")
    assert as_json["attendance"][4] == {
        "partner_id": 5,
        "partner": "De Brug Hasselt",
        "presence": "present",
    }


def test_show_without_minutes_and_typed_markup_stays_text(cli, db):
    _add(cli, "--date", "12/03/2025", "--present", "1", "--place", "[bold]Zaal[/bold]")
    result = cli("meeting", "show", "1")
    assert "(nog geen verslag)" in result.stdout
    assert "[bold]Zaal[/bold]" in result.stdout


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (
            ["--present", "1, Rode Kruis"],
            "Fout: aanwezig: partner 'Rode Kruis' bestaat niet (gekende partners: 1: ",
        ),
        (
            ["--present", "1", "--excused", "Brandweer"],
            "Fout: verontschuldigd: partner 'Brandweer' bestaat niet",
        ),
        (
            ["--present", "1, De Brug", "--excused", "de brug hasselt"],
            "Fout: partner 'De Brug Hasselt' staat zowel bij aanwezig als bij verontschuldigd\n",
        ),
        (
            ["--present", "1", "--date", "2025/03/12"],
            "Fout: datum: '2025/03/12' is geen datum (gebruik dd/mm/jjjj of jjjj-mm-dd)\n",
        ),
        (
            ["--present", "1", "--date", "30/02/2025"],
            "Fout: datum: '30/02/2025' bestaat niet als datum\n",
        ),
        (
            ["--present", "1", "--poverty-voices", "-1"],
            "Fout: --poverty-voices: '-1' moet een geheel getal van 0 tot ",
        ),
        (
            ["--present", "1", "--minutes-file", "ontbreekt.md"],
            "Fout: verslag: bestand 'ontbreekt.md' bestaat niet\n",
        ),
        (
            ["--present", "1", "--kind", "feest"],
            "Fout: --kind: 'feest' is onbekend; kies uit overleg, werkgroep, evaluatie\n",
        ),
    ],
)
def test_bad_meeting_add_exits_1_and_writes_nothing(cli, db, args, text):
    before = table_counts(db)
    date = [] if "--date" in args else ["--date", "12/03/2025"]
    result = cli("meeting", "add", *date, *args)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert text in result.stderr
    assert table_counts(db) == before


def test_minutes_file_replaces_and_keeps_the_old_version(cli, db):
    _add(cli, "--date", "12/03/2025", "--present", "1", "--minutes-file", MINUTES)
    result = cli("meeting", "minutes", "1", "--file", str(DATA / "meeting_minutes_v2.md"))
    assert result.exit_code == 0
    assert result.stderr == "Verslag van overleg 1 bewaard; 1 vorige versie bewaard.\n"
    assert "Vrijetijdsbeurs" in db.execute("SELECT minutes FROM meetings").fetchone()[0]
    assert db.execute("SELECT COUNT(*) FROM meeting_minutes_versions").fetchone()[0] == 1
    same = cli("meeting", "minutes", "1", "--file", str(DATA / "meeting_minutes_v2.md"))
    assert same.stderr == "Verslag van overleg 1 is ongewijzigd; er is niets bewaard.\n"


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("meeting_minutes_binary.md", "is geen tekstbestand"),
        ("meeting_minutes_utf16.md", "is geen tekstbestand"),
        ("meeting_geen.md", "bestaat niet"),
    ],
)
def test_bad_minutes_file_writes_nothing(cli, db, name, text):
    _add(cli, "--date", "12/03/2025", "--present", "1", "--minutes-file", MINUTES)
    before = table_counts(db)
    result = cli("meeting", "minutes", "1", "--file", str(DATA / name))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Fout: verslag: bestand '{DATA / name}' {text}")
    assert table_counts(db) == before


def test_minutes_of_unknown_meeting(cli, db):
    result = cli("meeting", "minutes", "7", "--file", MINUTES)
    assert (result.exit_code, result.stderr) == (1, "Fout: overleg 7 bestaat niet\n")


def _editor(tmp_path: Path, body: str) -> str:
    script = tmp_path / "editor.py"
    script.write_text(body, encoding="utf-8")
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"


def test_minutes_edit_opens_the_editor_on_the_current_text(cli, db, tmp_path, monkeypatch):
    _add(cli, "--date", "12/03/2025", "--present", "1", "--minutes-file", MINUTES)
    seen = tmp_path / "seen.md"
    monkeypatch.setenv(
        "EDITOR",
        _editor(
            tmp_path,
            (
                "import pathlib, sys\n"
                "path = pathlib.Path(sys.argv[1])\n"
                f"pathlib.Path({str(seen)!r}).write_text(path.read_text(encoding='utf-8'),"
                f" encoding='utf-8')\n"
                "path.write_text(path.read_text(encoding='utf-8') + '\\n##"
                " Aanvulling\\n\\nNagekomen: Zoë.\\n',"
                " encoding='utf-8')\n"
            ),
        ),
    )
    result = cli("meeting", "minutes", "1", "--edit")
    assert result.exit_code == 0, result.stderr
    original = (DATA / "meeting_minutes.md").read_text(encoding="utf-8").strip()
    assert seen.read_text(encoding="utf-8") == original + "\n"
    assert (
        db.execute("SELECT minutes FROM meetings")
        .fetchone()[0]
        .endswith("## Aanvulling\n\nNagekomen: Zoë.")
    )
    assert db.execute("SELECT minutes FROM meeting_minutes_versions").fetchone()[0] == original


def test_failing_or_emptying_editor_writes_nothing(cli, db, tmp_path, monkeypatch):
    _add(cli, "--date", "12/03/2025", "--present", "1", "--minutes-file", MINUTES)
    before = table_counts(db)
    monkeypatch.setenv("EDITOR", _editor(tmp_path, "import sys\nsys.exit(3)\n"))
    failed = cli("meeting", "minutes", "1", "--edit")
    assert failed.exit_code == 1
    assert "stopte met foutcode 3; het verslag is niet gewijzigd" in failed.stderr
    monkeypatch.setenv("EDITOR", _editor(tmp_path, "import sys\nopen(sys.argv[1], 'w').close()\n"))
    emptied = cli("meeting", "minutes", "1", "--edit")
    assert emptied.exit_code == 1 and "is leeg" in emptied.stderr
    assert table_counts(db) == before


@pytest.mark.parametrize("args", [[], ["--file", MINUTES, "--edit"]])
def test_minutes_needs_exactly_one_of_file_and_edit(cli, db, args):
    _add(cli, "--date", "12/03/2025", "--present", "1")
    result = cli("meeting", "minutes", "1", *args)
    assert result.exit_code == 2
    assert "geef --file BESTAND of --edit (precies één van beide)" in result.stderr


def test_edit_meeting(cli, db):
    _add(cli, "--date", "12/03/2025", "--present", "1")
    result = cli(
        "meeting", "edit", "1", "--kind", "evaluatie", "--present", "1, 2", "--excused", "3"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "Overleg 1 gewijzigd.\n"
    assert db.execute("SELECT kind FROM meetings").fetchone()[0] == "evaluatie"
    presence = [
        r[0] for r in db.execute("SELECT presence FROM meeting_attendance ORDER BY partner_id")
    ]
    assert presence == ["present", "present", "excused", "absent", "absent", "absent", "absent"]
    bad = cli("meeting", "edit", "1", "--date", "1-1-25")
    assert bad.exit_code == 1 and "'1-1-25' heeft geen jaartal van vier cijfers" in bad.stderr


def test_attendance_flags_partners_below_the_threshold(cli, db):
    _add(cli, "--date", "11/02/2025", "--present", "1, 2, 3, 4, 5, 6")
    _add(cli, "--date", "13/05/2025", "--present", "1, 2, 3, 4, 5, 6", "--excused", "7")
    _add(cli, "--date", "16/09/2025", "--present", "1, 2, 3, 4, 5, 6, 7")
    result = cli("meeting", "attendance", "--year", "2025")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].strip() == "Aanwezigheid op overlegmomenten, 2025 (drempel 60,0%)"
    horizont = next(line for line in lines if "Horizont" in line)
    assert "33,3%" in horizont and "ja" in horizont
    assert lines[-1] == "Onder de drempel van 60,0%: Horizont - Rap op stap Limburg"
    rows = json.loads(cli("meeting", "attendance", "--year", "2025", "--format", "json").stdout)
    assert rows[6] == {
        "partner_id": 7,
        "partner": "Horizont - Rap op stap Limburg",
        "present": 1,
        "excused": 1,
        "absent": 1,
        "meetings": 3,
        "rate_bp": 3330,
        "below_threshold": True,
    }
    other_year = cli("meeting", "attendance", "--year", "2024")
    assert other_year.stdout.splitlines()[-1] == "Alle partners halen de drempel van 60,0%."


def test_action_items_through_the_cli(cli, db):
    _add(cli, "--date", "12/03/2025", "--present", "1, 5")
    first = cli(
        "meeting",
        "action",
        "add",
        "1",
        "--text",
        "Zomeraanbod bevragen",
        "--owner",
        "De Brug",
        "--due",
        "01/05/2025",
    )
    assert first.exit_code == 0
    assert first.stderr == "Actiepunt 1 toegevoegd aan overleg 1.\n"
    assert (
        cli(
            "meeting",
            "action",
            "add",
            "1",
            "--text",
            "Folder",
            "--owner",
            "1",
            "--due",
            "01/09/2026",
        ).exit_code
        == 0
    )
    done = cli("meeting", "action", "done", "2")
    assert (done.exit_code, done.stderr) == (0, "Actiepunt 2 afgewerkt.\n")
    overdue = json.loads(cli("meeting", "action", "list", "--overdue", "--format", "json").stdout)
    assert [(a["id"], a["owner"], a["state"]) for a in overdue] == [
        (1, "De Brug Hasselt", "overdue")
    ]
    listed = cli("meeting", "action", "list")
    assert listed.stdout.splitlines()[-1] == "1 open, waarvan 1 te laat"
    assert "afgewerkt" in listed.stdout
    assert (
        len(json.loads(cli("meeting", "action", "list", "--open", "--format", "json").stdout)) == 1
    )
    before = table_counts(db)
    again = cli("meeting", "action", "done", "2")
    assert (again.exit_code, again.stderr) == (
        1,
        "Fout: actiepunt 2 is al afgewerkt op 15/06/2026\n",
    )
    unknown_owner = cli("meeting", "action", "add", "1", "--text", "x", "--owner", "Rode Kruis")
    assert (
        unknown_owner.exit_code == 1 and "partner 'Rode Kruis' bestaat niet" in unknown_owner.stderr
    )
    bad_due = cli(
        "meeting", "action", "add", "1", "--text", "x", "--owner", "1", "--due", "31/04/2025"
    )
    assert (bad_due.exit_code, bad_due.stderr) == (
        1,
        "Fout: vervaldatum: '31/04/2025' bestaat niet als datum\n",
    )
    assert table_counts(db) == before


def test_audit_names_fields_and_command_but_no_values(cli, db):
    _add(
        cli,
        "--date",
        "12/03/2025",
        "--present",
        "1",
        "--place",
        "Zaal Geheim",
        "--minutes-file",
        MINUTES,
    )
    cli("meeting", "minutes", "1", "--file", str(DATA / "meeting_minutes_v2.md"))
    rows = [
        tuple(r)
        for r in db.execute(
            "SELECT command, entity, entity_id, action, fields FROM audit_log WHERE entity ="
            " 'meeting' ORDER BY id"
        )
    ]
    assert rows == [
        ("meeting add", "meeting", "1", "add", "attendance,date,kind,minutes,place"),
        ("meeting minutes", "meeting", "1", "minutes", "minutes"),
    ]
    assert "Geheim" not in str(list(db.execute("SELECT * FROM audit_log").fetchall()[-1]))


def test_every_meeting_command_has_dutch_help(cli):
    for words in (
        ["meeting"],
        ["meeting", "add"],
        ["meeting", "list"],
        ["meeting", "show"],
        ["meeting", "edit"],
        ["meeting", "minutes"],
        ["meeting", "attendance"],
        ["meeting", "action"],
        ["meeting", "action", "add"],
        ["meeting", "action", "done"],
        ["meeting", "action", "list"],
    ):
        result = cli(*words, "--help")
        assert result.exit_code == 0, words
    assert "Registreer een overleg" in cli("meeting", "--help").stdout
    assert "Markeer een actiepunt als afgewerkt" in cli("meeting", "action", "--help").stdout


def test_meeting_module_imports_markdown_and_services_lazily():
    code = (
        "import sys, vrijetijd_cli.commands.meeting, vrijetijd_cli.commands.goal\n"
        "print(sorted(m for m in sys.modules if m.startswith(('rich', 'markdown_it',"
        " 'vrijetijd_cli.services'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT), "PATH": ""},
    )
    assert result.stdout.strip() == "[]"


def test_csv_neutralises_formulas_typed_in_a_meeting(cli, db):
    _add(cli, "--date", "12/03/2025", "--present", "1", "--place", "=HYPERLINK(1)")
    listed = cli("meeting", "list", "--format", "csv")
    assert listed.stdout.splitlines()[1] == "1;12/03/2025;overleg;'=HYPERLINK(1);1;0;6;0;nee;0"
    shown = cli("meeting", "show", "1", "--format", "csv")
    assert "Plaats;'=HYPERLINK(1)" in shown.stdout.splitlines()


def test_minutes_count_the_kept_versions_in_english(cli, db, config_path):
    _add(cli, "--date", "12/03/2025", "--present", "1", "--minutes-file", MINUTES)
    use_english(config_path)
    first = cli("meeting", "minutes", "1", "--file", str(DATA / "meeting_minutes_v2.md"))
    assert first.stderr == "Minutes of meeting 1 saved; 1 earlier version kept.\n"
    second = cli("meeting", "minutes", "1", "--file", MINUTES)
    assert second.stderr == "Minutes of meeting 1 saved; 2 earlier versions kept.\n"
    same = cli("meeting", "minutes", "1", "--file", MINUTES)
    assert same.stderr == "Minutes of meeting 1 are unchanged; nothing was saved.\n"


def test_meeting_messages_and_errors_in_english(cli, db, config_path):
    use_english(config_path)
    added = _add(cli, "--date", "12/03/2025", "--present", "1, 5", "--excused", "6", "--minutes-file", MINUTES)
    assert added.stderr == "Meeting 1 of 12/03/2025 recorded: 2 present, 1 excused, 4 absent.\n"
    assert "Meeting 1" in added.stdout and "People in poverty" in added.stdout
    assert cli("meeting", "edit", "1", "--place", "Stadhuis").stderr == "Meeting 1 changed.\n"
    unknown = cli("meeting", "minutes", "7", "--file", MINUTES)
    assert (unknown.exit_code, unknown.stderr) == (1, "Error: meeting 7 does not exist\n")
    partner = cli("meeting", "add", "--date", "12/03/2025", "--present", "1, Rode Kruis")
    assert partner.exit_code == 1 and partner.stderr.startswith("Error: present: partner 'Rode Kruis'")
    future = cli("meeting", "add", "--date", "16/06/2026", "--present", "1")
    assert future.stderr == (
        "Error: date: 16/06/2026 is in the future; record a meeting once it took place\n"
    )
    both = cli("meeting", "add", "--date", "12/03/2025", "--present", "1", "--excused", "1")
    assert both.stderr == "Error: partner 'Cultuur-, jeugd- en sportdienst' is both present and excused\n"
    missing = cli("meeting", "add", "--present", "1", "--minutes-file", "ontbreekt.md")
    assert missing.stderr == "Error: minutes: file 'ontbreekt.md' does not exist\n"
    action = cli("meeting", "action", "add", "1", "--text", "Folder", "--owner", "1")
    assert action.stderr == "Action item 1 added to meeting 1.\n"
    assert cli("meeting", "action", "done", "1").stderr == "Action item 1 done.\n"
    again = cli("meeting", "action", "done", "1")
    assert again.stderr == "Error: action item 1 was already done on 15/06/2026\n"
    listed = cli("meeting", "action", "list")
    assert listed.stdout.splitlines()[0].strip() == "Action items"
    assert "done" in listed.stdout and listed.stdout.splitlines()[-1] == "0 open, of which 0 overdue"
    attendance = cli("meeting", "attendance")
    assert attendance.stdout.splitlines()[0].strip() == (
        "Attendance at network meetings, all years (threshold 60.0%)"
    )
    shown = cli("meeting", "show", "1")
    assert "Action items" in shown.stdout and "Minutes" in shown.stdout


def test_invalid_ids_and_choices_exit_1_with_our_message(cli, db):
    _add(cli, "--date", "12/03/2025", "--present", "1")
    shown = cli("meeting", "show", "een")
    assert (shown.exit_code, shown.stderr) == (1, "Fout: ID: 'een' is geen geldig id (een geheel getal vanaf 1)\n")
    listed = cli("meeting", "action", "list", "--meeting", "0")
    assert listed.exit_code == 1 and listed.stderr.startswith("Fout: --meeting: '0' is geen geldig id")
    done = cli("meeting", "action", "done", "x")
    assert done.exit_code == 1 and "'x' is geen geldig id" in done.stderr
    kind = cli("meeting", "edit", "1", "--kind", "Werkgroep")
    assert kind.exit_code == 0, kind.stderr
    assert cli("meeting", "show", "1", "--format", "json").stdout.count('"kind": "werkgroep"') == 1


def test_minutes_in_windows_1252_are_read_as_well_as_utf8(cli, db):
    _add(cli, "--date", "12/03/2025", "--present", "1", "--minutes-file", str(DATA / "meeting_minutes_cp1252.md"))
    assert db.execute("SELECT minutes FROM meetings").fetchone()[0] == (
        "# Verslag\n\nCafé Léon en Zoë waren aanwezig.")
    again = cli("meeting", "minutes", "1", "--file", MINUTES)
    assert again.exit_code == 0, again.stderr


def _fake_editors(tmp_path: Path, names: list[str]) -> Path:
    """Editors on PATH that each append their own name to the minutes."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for name in names:
        script = folder / name
        script.write_text(
            f"#!{sys.executable}\nimport pathlib, sys\np = pathlib.Path(sys.argv[1])\n"
            f"p.write_text(p.read_text(encoding='utf-8') + '\\nbewerkt met {name}\\n', encoding='utf-8')\n",
            encoding="utf-8")
        script.chmod(0o755)
    return folder


@pytest.mark.parametrize(("present", "chosen"), [
    (["sensible-editor", "nano", "vi"], "sensible-editor"),
    (["nano", "vi"], "nano"),
    (["vi"], "vi"),
])
def test_without_editor_sensible_editor_or_nano_come_before_vi_and_it_says_which(
        cli, db, tmp_path, monkeypatch, present, chosen):
    _add(cli, "--date", "12/03/2025", "--present", "1", "--minutes-file", MINUTES)
    monkeypatch.setenv("PATH", str(_fake_editors(tmp_path, present)))
    result = cli("meeting", "minutes", "1", "--edit")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(
        f"Het verslag wordt geopend in {chosen} (zet $EDITOR om een andere te kiezen).\n")
    assert db.execute("SELECT minutes FROM meetings").fetchone()[0].endswith(f"bewerkt met {chosen}")


def test_without_any_editor_the_message_says_to_set_editor(cli, db, tmp_path, monkeypatch):
    _add(cli, "--date", "12/03/2025", "--present", "1", "--minutes-file", MINUTES)
    before = table_counts(db)
    monkeypatch.setenv("PATH", str(tmp_path / "leeg"))
    result = cli("meeting", "minutes", "1", "--edit")
    assert (result.exit_code, result.stderr) == (1, "Fout: geen editor gevonden: zet de omgevingsvariabele EDITOR\n")
    assert table_counts(db) == before
