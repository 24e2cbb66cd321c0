import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import use_english
from vrijetijd_cli.config import PACKAGED_CONFIG, config_path, database_choice, database_path, load_config
from vrijetijd_cli.errors import ConfigError

REPO = Path(__file__).parents[1]


def _write(path: Path, old: str, new: str) -> Path:
    """The packaged config with one exact piece of text replaced."""
    text = PACKAGED_CONFIG.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_packaged_config_holds_the_hasselt_facts():
    config = load_config(PACKAGED_CONFIG)
    assert config.network_name == "Lokaal netwerk vrijetijdsparticipatie Hasselt"
    assert config.municipality == "Hasselt"
    assert config.first_agreement_year == 2019
    assert config.trekkingsrecht_cents == 1944800
    assert config.participant_share_bp == 2000
    assert config.min_meetings_per_year == 4
    assert config.language == "nl"
    assert config.postcodes == ("3500", "3501", "3510", "3511", "3512")
    assert [(p.name, p.kind) for p in config.partners] == [
        ("Cultuur-, jeugd- en sportdienst", "stadsdienst"),
        ("Dienst wijkmanagement", "stadsdienst"),
        ("Dienst gezinsondersteuning", "stadsdienst"),
        ("Sociale Dienst", "stadsdienst"),
        ("De Brug Hasselt", "vereniging_armen"),
        ("Domo Hasselt", "vzw"),
        ("Horizont - Rap op stap Limburg", "vzw"),
    ]
    assert list(config.grounds) == [
        "verhoogde_tegemoetkoming",
        "ocmw",
        "schuldbemiddeling",
        "vluchteling",
        "maatwerkbedrijf",
        "doorverwijzing",
    ]
    assert config.grounds["schuldbemiddeling"].label_nl == "Schuldbemiddeling"
    assert config.grounds["schuldbemiddeling"].label_en == "Debt mediation"
    assert config.grounds["schuldbemiddeling"].validity_months == 12
    assert config.grounds["doorverwijzing"].validity_months == 6
    assert "OMNIO" in config.grounds["verhoogde_tegemoetkoming"].aliases
    assert "Geb. datum" in config.import_aliases["birth_date"]


def test_goals_are_a_tree_of_nine():
    goals = load_config(PACKAGED_CONFIG).goals
    assert len(goals) == 9
    assert [(g.code, g.level, g.parent) for g in goals[:3]] == [
        ("SD1", "strategic", None),
        ("OD1.1", "operational", "SD1"),
        ("A1.1.1", "action", "OD1.1"),
    ]
    assert [g.level for g in goals].count("strategic") == 3
    assert [g.level for g in goals].count("operational") == 3
    assert [g.level for g in goals].count("action") == 3
    codes = {g.code for g in goals}
    assert all(g.parent is None or g.parent in codes for g in goals)


def test_amounts_and_shares_are_exact_integers(tmp_path):
    # a float in YAML must not lose a cent on its way to integer cents / basis points
    path = _write(tmp_path / "c.yaml", 'trekkingsrecht: "19448.00"', "trekkingsrecht: 19448.07")
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "participant_share: 0.20", "participant_share: 0.3"
        )
    )
    config = load_config(path)
    assert config.trekkingsrecht_cents == 1944807
    assert config.participant_share_bp == 3000
    assert isinstance(config.trekkingsrecht_cents, int)


def test_optional_keys_may_be_left_out(tmp_path):
    path = _write(tmp_path / "c.yaml", "  province: Limburg\n", "")
    config = load_config(path)
    assert config.province == ""
    assert config.municipality == "Hasselt"


# --- which file -------------------------------------------------------------------------------


def test_explicit_config_wins_over_environment_and_local(tmp_path, monkeypatch):
    explicit = _write(tmp_path / "explicit.yaml", "municipality: Hasselt", "municipality: Genk")
    env = _write(tmp_path / "env.yaml", "municipality: Hasselt", "municipality: Diest")
    monkeypatch.setenv("VRIJETIJD_CONFIG", str(env))
    assert config_path(explicit) == explicit
    assert load_config(explicit).municipality == "Genk"


def test_environment_wins_over_local_config(tmp_path, monkeypatch):
    env = _write(tmp_path / "env.yaml", "municipality: Hasselt", "municipality: Diest")
    _write(tmp_path / "config.yaml", "municipality: Hasselt", "municipality: Genk")
    monkeypatch.setenv("VRIJETIJD_CONFIG", str(env))
    assert load_config().municipality == "Diest"


def test_local_config_wins_over_packaged_default(tmp_path, monkeypatch):
    monkeypatch.delenv("VRIJETIJD_CONFIG")
    _write(tmp_path / "config.yaml", "municipality: Hasselt", "municipality: Genk")
    assert config_path() == Path("config.yaml")
    assert load_config().municipality == "Genk"


def test_packaged_default_when_nothing_else(tmp_path, monkeypatch):
    monkeypatch.delenv("VRIJETIJD_CONFIG")
    (tmp_path / "config.yaml").unlink()
    assert config_path() == PACKAGED_CONFIG
    assert load_config().municipality == "Hasselt"


def test_cli_config_option_wins(cli, db, tmp_path):
    other = _write(tmp_path / "other.yaml", "language: nl", "language: en")
    result = cli("--config", other, "partner", "show", "Rode Kruis")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: partner 'Rode Kruis' does not exist")


# --- which database ---------------------------------------------------------------------------


WITH_DATABASE = ("\ndatabase_mode: local\n", "\ndatabase_mode: local\ndatabase: {path}\n")


def test_database_is_relative_to_the_config_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("VRIJETIJD_DB")
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    config = load_config(_write(folder / "config.yaml", WITH_DATABASE[0], WITH_DATABASE[1].format(path="db/net.db")))
    assert database_path(config) == folder / "db" / "net.db"


def test_the_packaged_default_names_no_database_so_it_is_the_users_own(tmp_path, monkeypatch):
    monkeypatch.delenv("VRIJETIJD_DB")
    assert "\ndatabase:" not in PACKAGED_CONFIG.read_text(encoding="utf-8")
    config = load_config(PACKAGED_CONFIG)
    assert config.database is None
    # platformdirs: $XDG_DATA_HOME/vrijetijd on Linux (conftest points it into the test's folder)
    assert database_choice(config) == (tmp_path / "share" / "vrijetijd" / "vrijetijd.db", "default")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert database_path(config) == tmp_path / "share" / "vrijetijd" / "vrijetijd.db"  # wherever you stand


def test_database_resolution_order(tmp_path, monkeypatch):
    config = load_config(_write(tmp_path / "own.yaml", WITH_DATABASE[0], WITH_DATABASE[1].format(path="net.db")))
    monkeypatch.setenv("VRIJETIJD_DB", str(tmp_path / "env.db"))
    assert database_choice(config, tmp_path / "explicit.db") == (tmp_path / "explicit.db", "option")
    assert database_choice(config) == (tmp_path / "env.db", "env")
    monkeypatch.delenv("VRIJETIJD_DB")
    assert database_choice(config) == (tmp_path / "net.db", "config")
    plain = load_config(tmp_path / "config.yaml")
    assert database_choice(plain) == (tmp_path / "share" / "vrijetijd" / "vrijetijd.db", "default")


def test_a_users_own_config_is_found_from_any_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("VRIJETIJD_CONFIG")
    monkeypatch.delenv("VRIJETIJD_DB")
    own = tmp_path / "config-home" / "vrijetijd" / "config.yaml"
    own.parent.mkdir(parents=True)
    _write(own, WITH_DATABASE[0], WITH_DATABASE[1].format(path="netwerk.db"))
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert config_path() == own
    assert database_path(load_config()) == own.parent / "netwerk.db"
    (tmp_path / "elsewhere" / "config.yaml").write_text("x: 1", encoding="utf-8")
    assert config_path() == Path("config.yaml")  # the current folder's config still comes first


def test_init_creates_the_database_beside_the_config(cli, tmp_path, monkeypatch):
    monkeypatch.delenv("VRIJETIJD_DB")
    folder = tmp_path / "network"
    folder.mkdir()
    _write(folder / "config.yaml", WITH_DATABASE[0], WITH_DATABASE[1].format(path="data/net.db"))
    result = cli("--config", folder / "config.yaml", "init")
    assert result.exit_code == 0, result.stderr
    assert (folder / "data" / "net.db").is_file()
    assert not (tmp_path / "data").exists()


# --- invalid files ----------------------------------------------------------------------------


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    path = _write(tmp_path / "broken.yaml", "  min_per_year: 4", "  min_per_year: [4")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(path) in caught.value.message
    assert "geen geldige YAML (regel" in caught.value.message


@pytest.mark.parametrize(
    ("old", "new", "key", "found"),
    [
        (
            "first_agreement_year: 2019",
            "first_agreement_year: twee",
            "network.first_agreement_year",
            "'twee'",
        ),
        ("min_per_year: 4", "min_per_year: true", "meetings.min_per_year", "True"),
        ('trekkingsrecht: "19448.00"', "trekkingsrecht: veel", "budget.trekkingsrecht", "'veel'"),
        ('trekkingsrecht: "19448.00"', 'trekkingsrecht: "-5"', "budget.trekkingsrecht", "'-5'"),
        ("participant_share: 0.20", "participant_share: 2", "participation.participant_share", "2"),
        ("language: nl", "language: fr", "language", "'fr'"),
        (
            "    validity_months: 6",
            "    validity_months: zes",
            "grounds.doorverwijzing.validity_months",
            "'zes'",
        ),
        ("    kind: vereniging_armen", "    kind: bedrijf", "partners[4].kind", "'bedrijf'"),
        (
            "name: Lokaal netwerk vrijetijdsparticipatie Hasselt",
            "name: [a, b]",
            "network.name",
            "['a', 'b']",
        ),
    ],
)
def test_wrong_type_names_file_key_and_value(tmp_path, old, new, key, found):
    path = _write(tmp_path / "wrong.yaml", old, new)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = caught.value.message
    assert message.startswith(f"{path}: sleutel '{key}' moet ")
    assert message.endswith(f"gevonden: {found}")


def test_language_may_be_any_with_a_catalogue(tmp_path, monkeypatch):
    import shutil

    from vrijetijd_cli import i18n

    locales = tmp_path / "locale"
    shutil.copytree(i18n.PACKAGED_LOCALE_DIR / "en", locales / "fr")
    monkeypatch.setenv("VRIJETIJD_LOCALE_DIR", str(locales))
    config = load_config(_write(tmp_path / "fr.yaml", "language: nl", "language: fr"))
    assert config.language == "fr"
    # a label the config does not give in that language is its Dutch one
    assert config.ground_label("schuldbemiddeling") == "Schuldbemiddeling"
    with pytest.raises(ConfigError) as caught:
        load_config(_write(tmp_path / "de.yaml", "language: nl", "language: de"))
    assert caught.value.message.endswith("sleutel 'language' moet 'nl' of 'fr' zijn, gevonden: 'de'")


def test_wrong_type_in_english(tmp_path):
    from vrijetijd_cli import i18n

    path = _write(tmp_path / "c.yaml", "min_per_year: 4", "min_per_year: vier")
    i18n.set_language("en")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.message == f"{path}: key 'meetings.min_per_year' must be a whole number ≥ 0, found: 'vier'"


def test_missing_key_is_named(tmp_path):
    path = _write(tmp_path / "c.yaml", "  municipality: Hasselt\n", "")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.message == f"{path}: sleutel 'network.municipality' moet aanwezig zijn"


def test_a_file_that_is_not_a_mapping(tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.message.startswith(f"{path}: sleutel '(bestand)' moet een mapping")


def test_missing_file_is_named(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "nergens.yaml")
    assert "nergens.yaml" in caught.value.message and "bestaat niet" in caught.value.message


def test_cli_reports_a_syntax_error_without_traceback(cli, config_path, db_path):
    config_path.write_text(
        config_path.read_text(encoding="utf-8").replace("min_per_year: 4", "min_per_year: [4")
    )
    result = cli("init")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"Fout: {config_path}: geen geldige YAML (regel ")
    assert "Traceback" not in result.stderr
    assert not db_path.exists()


def test_cli_reports_a_wrong_type_without_traceback(cli, config_path):
    config_path.write_text(
        config_path.read_text(encoding="utf-8").replace("min_per_year: 4", "min_per_year: vier")
    )
    result = cli("partner", "list")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"Fout: {config_path}: sleutel 'meetings.min_per_year' moet een geheel getal ≥ 0 zijn,"
        " gevonden: 'vier'\n"
    )


def test_real_process_shows_no_traceback(tmp_path):
    broken = _write(tmp_path / "broken.yaml", "  min_per_year: 4", "  min_per_year: [4")
    env = {**os.environ, "PYTHONPATH": str(REPO), "VRIJETIJD_CONFIG": str(broken)}
    done = subprocess.run(
        [sys.executable, "-m", "vrijetijd_cli", "init"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith(f"Fout: {broken}: geen geldige YAML")
    assert "Traceback" not in done.stderr


def test_a_changed_file_is_read_again(config_path):
    from vrijetijd_cli.config import load_config

    assert load_config(config_path).language == "nl"
    use_english(config_path)
    assert load_config(config_path).language == "en"


def test_the_top_level_config_is_the_packaged_default():
    """config.yaml beside the README is a real file (symlinks break on Windows checkouts and zip
    downloads) with the same text as the default the package ships."""
    top = Path(__file__).parents[1] / "config.yaml"
    assert not top.is_symlink()
    assert top.read_bytes() == PACKAGED_CONFIG.read_bytes()
