"""Messages through gettext: every message in the code has its English, the compiled catalogues
are the .po files, Typer's own words are Dutch, and a new language needs no code change."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import typer
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

from tests.conftest import DATA
from vrijetijd_cli import i18n
from vrijetijd_cli.i18n_extract import command_docstrings

PACKAGE = Path(i18n.__file__).parent
LOCALE = PACKAGE / "locale"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}


def extracted() -> set[tuple[object, str | None]]:
    """(msgid, context) of every message in the package, as `pybabel extract -F babel.cfg` finds them."""
    return {(message, context) for _f, _l, message, _c, context in
            extract_from_dir(str(PACKAGE), method_map=[("**.py", "vrijetijd")], keywords=KEYWORDS)}


def catalogue(language: str, domain: str = "vrijetijd"):
    with (LOCALE / language / "LC_MESSAGES" / f"{domain}.po").open("rb") as handle:
        return read_po(handle, locale=language)


def test_every_message_in_the_code_has_its_english():
    english = catalogue("en")
    missing = []
    for message, context in extracted():
        entry = english.get(message, context=context)
        string = entry.string if entry else None
        if not string or (isinstance(string, tuple) and not all(string)) or entry.fuzzy:
            missing.append((message, context))
    assert missing == []


def test_the_english_catalogue_holds_no_message_the_code_lost():
    used = {(message if isinstance(message, str) else message[0], context) for message, context in extracted()}
    stale = [m.id for m in catalogue("en") if m.id and (m.id if isinstance(m.id, str) else m.id[0], m.context)
             not in used]
    assert stale == []


@pytest.mark.parametrize(("language", "domain"), [("en", "vrijetijd"), ("nl", "typer")])
def test_the_compiled_catalogue_is_the_po_file(language, domain):
    compiled = io.BytesIO()
    write_mo(compiled, catalogue(language, domain))
    stored = LOCALE / language / "LC_MESSAGES" / f"{domain}.mo"
    with stored.open("rb") as handle:
        shipped = read_mo(handle)
    def entries(messages) -> dict:
        def plain(value):
            return tuple(value) if isinstance(value, (list, tuple)) else value

        return {(plain(m.id), m.context): plain(m.string) for m in messages if m.id and m.string}

    assert entries(shipped) == entries(catalogue(language, domain))


def test_placeholders_are_the_same_in_every_translation():
    names = re.compile(r"\{(\w*)[^}]*\}")
    wrong = []
    for entry in catalogue("en"):
        if not entry.id:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        wanted = set(names.findall(ids[-1]))
        for string in strings:
            if set(names.findall(string)) - wanted or (len(ids) == 1 and set(names.findall(string)) != wanted):
                wrong.append(entry.id)
    assert wrong == []


def test_typers_own_words_are_all_in_the_dutch_catalogue():
    """Typer passes some of its words through the standard gettext: a new Typer version with a new
    word fails here instead of showing it in English."""
    typer_dir = Path(typer.__file__).parent
    words = {message for _f, _l, message, _c, _ctx in extract_from_dir(
        str(typer_dir), method_map=[("core.py", "python"), ("rich_utils.py", "python")])}
    dutch = catalogue("nl", "typer")
    assert sorted(w for w in words if not (dutch.get(w) and dutch.get(w).string)) == []


def test_command_docstrings_are_extracted_as_help():
    source = '@app.command()\ndef add():\n    """Voeg iets toe.\n\n    Meer uitleg.\n    """\n'
    assert list(command_docstrings(source)) == [(3, "Voeg iets toe.\n\nMeer uitleg.")]


def test_no_language_branches_in_the_code():
    found = [f"{path.relative_to(PACKAGE)}:{number}" for path in PACKAGE.rglob("*.py")
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"""lang(uage)?\s*==\s*['"]""", line)]
    assert found == []


@pytest.fixture
def klingon(tmp_path, monkeypatch, config_path):
    """A third language, only as a catalogue in a folder of its own: no code knows it."""
    folder = tmp_path / "locale" / "tlh" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    source = catalogue("en")
    source.locale = None
    for entry in source:
        if entry.id:  # the Dutch source with a mark, so the test can see where it comes from
            entry.string = tuple(f"tlh:{s}" for s in entry.id) if isinstance(entry.id, tuple) else f"tlh:{entry.id}"
    with (folder / "vrijetijd.mo").open("wb") as handle:
        write_mo(handle, source)
    with (folder / "vrijetijd.po").open("wb") as handle:
        write_po(handle, source)
    monkeypatch.setenv("VRIJETIJD_LOCALE_DIR", str(tmp_path / "locale"))
    text = config_path.read_text(encoding="utf-8")
    config_path.write_text(text.replace("language: nl", "language: tlh"), encoding="utf-8")


def test_a_third_language_needs_only_its_catalogue(cli, db, klingon):
    assert "tlh:Toon deze hulp en stop." in cli("participant", "--help").stdout
    error = cli("participant", "show", "999")
    assert error.exit_code == 1 and error.stderr.startswith("tlh:")
    assert "tlh:" in cli("partner", "list").stdout.splitlines()[0]
    db.executescript((DATA / "report_dataset.sql").read_text(encoding="utf-8"))
    report = cli("report", "yearly", "--format", "md")
    assert report.stdout.startswith("# tlh:")
