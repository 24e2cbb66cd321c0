"""Values no one should type, typed anyway: one clear message, exit code 1, nothing written, fast.

Amounts beyond any budget (2^63 cents overflows SQLite), amounts above the config's maximum, a
config.yaml that expands to gigabytes or is not a file at all, and digits of other scripts
('٢٠٢٥') that Python would silently read as ASCII ones.
"""

from __future__ import annotations

import json
import os
import time

import pytest
import yaml
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.conftest import table_counts
from vrijetijd_cli import parse
from vrijetijd_cli.config import load_config
from vrijetijd_cli.errors import ConfigError, InvalidInput

HUGE = "92.233.720.368.547.758,08"  # 2^63 cents
thorough = hypothesis_settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def refused(cli, db, *args: str, message: str) -> None:
    before = table_counts(db)
    started = time.monotonic()
    result = cli(*args)
    assert (result.exit_code, result.stdout) == (1, ""), result.stderr
    assert result.stderr == f"Fout: {message}\n"
    assert table_counts(db) == before
    assert time.monotonic() - started < 2


@pytest.fixture
def active_person(db) -> int:
    pid = db.execute("INSERT INTO participants (first_name, last_name, birth_date, first_key, last_key, match_key,"
                     " created_at) VALUES ('Ann', 'Peeters', '1985-03-12', 'ann', 'peeters', 'x', 'x')").lastrowid
    db.execute("INSERT INTO statuses (participant_id, ground_code, valid_from, valid_until, created_at)"
               " VALUES (?, 'ocmw', '2026-01-01', '2026-12-31', 'x')", [pid])
    return pid


# --- amounts ----------------------------------------------------------------------------------------


def test_an_amount_of_2_63_cents_is_refused_everywhere(cli, db, active_person):
    refused(cli, db, "budget", "expense", "add", "--category", "vervoer", "--amount", HUGE, "--description", "bus",
            message="bedrag: € 92.233.720.368.547.758,08 is meer dan het maximum van € 100.000,00")
    refused(cli, db, "budget", "set", "--year", "2026", "--trekkingsrecht", HUGE,
            message="trekkingsrecht: € 92.233.720.368.547.758,08 is meer dan het maximum van € 10.000.000,00")
    refused(cli, db, "voucher", "issue", "--participant", active_person, "--amount", HUGE,
            message="bedrag: € 92.233.720.368.547.758,08 is meer dan het maximum van € 100.000,00")
    refused(cli, db, "activity", "add", "--title", "Duur", "--domain", "sport", "--price", HUGE,
            message="prijs: € 92.233.720.368.547.758,08 is meer dan het maximum van € 10.000.000.000,00")


def test_amounts_above_the_configured_maximum_are_refused(cli, db, active_person):
    refused(cli, db, "budget", "expense", "add", "--category", "vervoer", "--amount", "100000,01",
            "--description", "bus", message="bedrag: € 100.000,01 is meer dan het maximum van € 100.000,00")
    refused(cli, db, "budget", "set", "--year", "2026", "--cofinancing", "10.000.000,01",
            message="cofinanciering: € 10.000.000,01 is meer dan het maximum van € 10.000.000,00")
    refused(cli, db, "voucher", "issue", "--participant", active_person, "--amount", "250000",
            message="bedrag: € 250.000,00 is meer dan het maximum van € 100.000,00")
    assert cli("activity", "add", "--title", "Reis rond de wereld", "--domain", "cultuur", "--price", "150000",
               "--kansentarief", "0").exit_code == 0
    refused(cli, db, "participation", "add", "--participant", active_person, "--activity", "1",
            message="prijs: € 150.000,00 is meer dan het maximum van € 100.000,00")


def test_the_maximum_is_set_in_the_config(cli, db, config_path):
    config_path.write_text(config_path.read_text(encoding="utf-8").replace('max_amount: "100000.00"',
                                                                           'max_amount: "500.00"'), encoding="utf-8")
    refused(cli, db, "budget", "expense", "add", "--category", "vervoer", "--amount", "500,01", "--description", "x",
            message="bedrag: € 500,01 is meer dan het maximum van € 500,00")
    assert cli("budget", "expense", "add", "--category", "vervoer", "--amount", "500", "--description",
               "x").exit_code == 0


def test_two_expenses_at_the_maximum_leave_budget_and_report_working(cli, db):
    for _ in range(2):
        assert cli("budget", "expense", "add", "--category", "werking", "--amount", "100000", "--description",
                   "zaalhuur", "--date", "01/03/2025").exit_code == 0
    for _ in range(2):
        refused(cli, db, "budget", "expense", "add", "--category", "werking", "--amount", HUGE, "--description",
                "tikfout", "--date", "01/03/2025",
                message="bedrag: € 92.233.720.368.547.758,08 is meer dan het maximum van € 100.000,00")
    shown = cli("budget", "show", "--year", "2025", "--format", "json")
    assert shown.exit_code == 0, shown.stderr
    assert json.loads(shown.stdout)["expenses_cents"] == 20_000_000
    assert cli("report", "yearly", "--year", "2025", "--format", "json").exit_code == 0


# --- config.yaml ----------------------------------------------------------------------------------------


BILLION_LAUGHS = "".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n',
        *(f"{n}: &{n} [{','.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)),
    ]
)


def test_a_config_with_an_alias_bomb_is_refused_at_once(cli, config_path):
    config_path.write_text(config_path.read_text(encoding="utf-8") + BILLION_LAUGHS, encoding="utf-8")
    started = time.monotonic()
    result = cli("partner", "list")
    assert result.exit_code == 1
    assert result.stderr == (f"Fout: {config_path}: YAML-ankers en -aliassen (& en *) zijn niet toegelaten"
                             f" (regel {config_path.read_text(encoding='utf-8').count(chr(10)) - 8})\n")
    assert time.monotonic() - started < 2


def test_a_config_may_hold_ampersands_and_asterisks_in_text(config_path):
    text = config_path.read_text(encoding="utf-8").replace(
        "name: Lokaal netwerk vrijetijdsparticipatie Hasselt", 'name: "Cultuur & sport * Hasselt"')
    config_path.write_text(text, encoding="utf-8")
    assert load_config(config_path).network_name == "Cultuur & sport * Hasselt"


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero on this system")
def test_a_config_that_is_not_a_file_is_refused(cli):
    started = time.monotonic()
    result = cli("--config", "/dev/zero", "partner", "list")
    assert (result.exit_code, result.stderr) == (1, "Fout: configuratiebestand '/dev/zero' is geen gewoon bestand\n")
    assert time.monotonic() - started < 2


def test_a_config_file_of_megabytes_is_refused(cli, config_path):
    config_path.write_text(config_path.read_text(encoding="utf-8") + "# " + "x" * 1_100_000 + "\n", encoding="utf-8")
    result = cli("partner", "list")
    assert (result.exit_code, result.stderr) == (
        1, f"Fout: configuratiebestand {str(config_path)!r} is groter dan 1000000 bytes; dat is geen configuratie\n")


@pytest.mark.parametrize(
    ("key", "old", "new", "message"),
    [
        ("privacy.backup_retention_days", "backup_retention_days: 90", "backup_retention_days: 10000000000",
         "moet een geheel getal van 1 tot 36500 zijn, gevonden: 10000000000"),
        ("privacy.retention_years", "retention_years: 5", "retention_years: 99999999999999999999",
         "moet een geheel getal van 1 tot 100 zijn, gevonden: 99999999999999999999"),
        ("budget.trekkingsrecht", 'trekkingsrecht: "19448.00"', 'trekkingsrecht: "20000000.00"',
         "moet een bedrag van hoogstens € 10.000.000,00 zijn, gevonden: '20000000.00'"),
        ("privacy.legal_basis", "legal_basis: taak van algemeen belang (AVG art. 6.1.e)", "legal_basis: [1, 2]",
         "moet een niet-lege tekst zijn, gevonden: [1, 2]"),
    ],
)
def test_config_values_out_of_bounds_are_named(config_path, key, old, new, message):
    text = config_path.read_text(encoding="utf-8")
    assert old in text
    config_path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(config_path)
    assert caught.value.message == f"{config_path}: sleutel '{key}' {message}"


# --- digits of other scripts ------------------------------------------------------------------------------

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def test_non_ascii_digits_are_refused_on_the_command_line(cli, db, active_person):
    refused(cli, db, "participant", "show", "٥", message="ID: '٥' is geen geldig id (een geheel getal vanaf 1)")
    refused(cli, db, "referral", "add", "--partner", "De Brug", "--participant", active_person, "--date",
            "١٥/٠٦/٢٠٢٥", message="--date: '١٥/٠٦/٢٠٢٥' is geen datum (gebruik dd/mm/jjjj of jjjj-mm-dd)")
    refused(cli, db, "budget", "expense", "add", "--category", "vervoer", "--amount", "١٢,٥٠", "--description", "bus",
            message="bedrag: '١٢,٥٠' is geen bedrag")
    refused(cli, db, "participant", "add", "--first-name", "Ann", "--last-name", "Claes", "--birth-date",
            "01/02/1990", "--postcode", "٣٥٠٠",
            message="postcode: '٣٥٠٠' is geen Belgische postcode (vier cijfers)")


# any decimal digit of another script: Arabic-Indic, Devanagari, fullwidth, mathematical, …
other_digits = st.characters(categories=["Nd"]).filter(lambda c: not c.isascii())
PARSERS = [
    ("date", lambda text: parse.parse_date(text, "datum")),
    ("amount", lambda text: parse.parse_amount(text, "bedrag")),
    ("postcode", lambda text: parse.parse_postcode(text)),
    ("positive int", lambda text: parse.parse_positive_int(text, "aantal")),
    ("share", lambda text: parse.parse_share(text, "aandeel")),
    ("id", lambda text: parse.parse_id(text, "id")),
    ("year", lambda text: parse.parse_year(text)),
    ("count", lambda text: parse.parse_count(text, "aantal")),
]


@pytest.mark.parametrize(("name", "parser"), PARSERS, ids=[name for name, _parser in PARSERS])
@pytest.mark.slow
@thorough
@given(text=st.from_regex(r"[0-9]{1,4}([/.,\- ][0-9]{1,4}){0,2}", fullmatch=True), digit=other_digits,
       where=st.integers(min_value=0, max_value=20))
def test_a_digit_of_another_script_is_never_read_as_a_number(name, parser, text, digit, where):
    at = where % (len(text) + 1)
    typed = text[:at] + digit + text[at:]
    with pytest.raises(InvalidInput) as caught:
        parser(typed)
    assert repr(typed.strip()) in caught.value.message or "is meer dan" in caught.value.message


@pytest.mark.parametrize(("name", "parser"), PARSERS[:3], ids=[name for name, _parser in PARSERS[:3]])
def test_a_whole_value_in_another_script_is_refused(name, parser):
    for text in ("٢٠٢٥-٠١-٠٢", "١٢/٠٣/٢٠٢٠", "٣٥٠٠", "١٢,٥٠", "３５００", "१२"):
        with pytest.raises(InvalidInput):
            parser(text)


# --- the parsers and the config: a value or a clear error, never another exception --------------------------

typed = st.one_of(
    st.text(),
    st.text(alphabet="0123456789٠١٢٣٤٥٦٧٨٩/-.,: €%+eE\u00a0\t", max_size=30),
    st.from_regex(r"\s*[0-9]{1,40}([.,][0-9]{0,6}){0,3}\s*", fullmatch=True),
)


@thorough
@given(typed)
def test_dates_amounts_and_postcodes_give_a_value_or_a_clear_error(text):
    for name, parser in PARSERS[:3]:
        try:
            value = parser(text)
        except InvalidInput as error:
            assert error.message, name
            continue
        assert all(c.isascii() for c in text if c.isdigit()), (name, text, value)
        if name == "amount":
            assert 0 <= value <= parse.MAX_CENTS


yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20),
                         st.dates())
yaml_values = st.recursive(yaml_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)), max_leaves=12)
CONFIG_KEYS = ["network", "network.name", "network.first_agreement_year", "language", "database", "budget",
               "budget.trekkingsrecht", "budget.warn_share", "participation.participant_share",
               "participation.yearly_cap_per_person", "privacy.retention_years", "privacy.backup_retention_days",
               "privacy.legal_basis", "limits.max_amount", "limits.max_budget", "partners", "grounds", "domains",
               "goals", "import_aliases", "uitdatabank.domain_terms", "meetings.min_per_year"]


@pytest.mark.slow
@thorough
@given(key=st.sampled_from(CONFIG_KEYS), value=yaml_values)
@example(key="privacy.retention_years", value=10**30)
@example(key="privacy.backup_retention_days", value=10**12)
@example(key="budget.trekkingsrecht", value="92233720368547758.08")
def test_any_value_for_a_config_key_gives_a_config_or_a_clear_error(tmp_path_factory, key, value):
    from vrijetijd_cli.config import PACKAGED_CONFIG

    raw = yaml.safe_load(PACKAGED_CONFIG.read_text(encoding="utf-8"))
    node = raw
    *parents, last = key.split(".")
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value
    path = tmp_path_factory.mktemp("config") / "config.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    try:
        config = load_config(path)
    except ConfigError as error:
        assert str(path) in error.message
        return
    usable(config)


def usable(config) -> None:
    """What a loaded config promises: its periods and amounts work in the dates and sums they feed."""
    from datetime import date, timedelta

    from vrijetijd_cli.services import privacy

    privacy.retention_cutoff(config, date(2026, 6, 15))
    assert date(2026, 6, 15) - timedelta(days=config.backup_retention_days) > date(1900, 1, 1)
    budget = max(config.trekkingsrecht_cents, config.cofinancing_cents, config.other_budget_cents)
    assert budget <= config.max_budget_cents <= parse.MAX_CENTS


@thorough
@given(st.text(max_size=400))
def test_any_text_as_config_gives_a_config_or_a_clear_error(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("config") / "config.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_config(path)
    except ConfigError as error:
        assert str(path) in error.message
