import pytest

from vrijetijd_cli import i18n
from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.importers.headers import header_key, map_headers
from vrijetijd_cli.importers.rows import PARTICIPANT_FIELDS, PARTICIPANT_REQUIRED


@pytest.fixture
def aliases(config):
    return config.import_aliases


def mapped(aliases, headers, overrides=(), ignore=()):
    return map_headers(headers, aliases, PARTICIPANT_FIELDS, PARTICIPANT_REQUIRED, overrides, ignore)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Naam", "last_name"),
        ("FAMILIENAAM", "last_name"),
        ("achternaam ", "last_name"),
        ("Geb. datum", "birth_date"),
        ("geb.datum", "birth_date"),
        ("GEBDATUM", "birth_date"),
        ("Geboorte datum", "birth_date"),
        ("Prénom", "first_name"),
        ("PRENOM", "first_name"),
        ("Aantal personen", "household_size"),
        ("Gezinsleden", "household_size"),
        ("E-mail", "email"),
        ("e mail", "email"),
        ("Statuut", "ground"),
        ("grond", "ground"),
        ("post_code", "postcode"),
        ("birth_date", "birth_date"),  # a field's own code works too
    ],
)
def test_aliases_ignore_case_accents_punctuation_and_spaces(aliases, header, field):
    headers = ["Voornaam", "Familienaam", "Geboortedatum"]
    position = {"first_name": 0, "last_name": 1, "birth_date": 2}.get(field)
    if position is None:
        headers.append(header)
        position = 3
    else:
        headers[position] = header
    result = mapped(aliases, headers)
    assert result.columns[field] == position
    assert result.header(field) == header
    assert result.unknown == ()


def test_header_key():
    assert header_key(" Geb. Datum ") == header_key("gebdatum") == "gebdatum"
    assert header_key("Prénom") == "prenom"


def test_unknown_columns_are_reported_and_ignored(aliases):
    result = mapped(aliases, ["Dossiernr", "Voornaam", "Naam", "Geb. datum", "", "Intern"])
    assert result.columns == {"first_name": 1, "last_name": 2, "birth_date": 3}
    assert result.unknown == ("Dossiernr", "(kolom 5 zonder naam)", "Intern")


def test_missing_required_column_names_it_and_lists_the_headers(aliases):
    with pytest.raises(InvalidInput) as error:
        map_headers(["Familienaam", "Voornaam", "Postcode"], aliases, PARTICIPANT_FIELDS, PARTICIPANT_REQUIRED,
                    labels={"birth_date": "geboortedatum"})
    assert error.value.message == (
        "verplichte kolom ontbreekt: geboortedatum (birth_date); gevonden kolommen: 'Familienaam',"
        " 'Voornaam', 'Postcode' (wijs een kolom toe met --map 'Kolom=birth_date')"
    )
    i18n.set_language("en")
    try:
        with pytest.raises(InvalidInput) as english:
            map_headers(["Familienaam", "Voornaam", "Postcode"], aliases, PARTICIPANT_FIELDS, PARTICIPANT_REQUIRED,
                        labels={"birth_date": "geboortedatum"})
        with pytest.raises(InvalidInput, match="required columns missing: first_name, birth_date"):
            mapped(aliases, ["Familienaam"])
    finally:
        i18n.reset()
    assert "required column missing: geboortedatum (birth_date)" in english.value.message


def test_several_missing_columns(aliases):
    with pytest.raises(InvalidInput, match="verplichte kolommen ontbreken: first_name, birth_date"):
        mapped(aliases, ["Familienaam"])


def test_map_option_names_any_column(aliases):
    result = mapped(aliases, ["Fam", "Voornaam", "Geb.dat"], ["Fam=last_name", "geb. dat = birth_date"])
    assert result.columns == {"last_name": 0, "first_name": 1, "birth_date": 2}


def test_map_option_wins_over_an_alias_and_the_alias_column_is_ignored(aliases):
    result = mapped(aliases, ["Naam", "Familienaam", "Voornaam", "Geboortedatum"], ["Familienaam=last_name"])
    assert result.columns["last_name"] == 1
    assert result.unknown == ("Naam",)


def test_two_columns_for_one_field_is_an_error(aliases):
    with pytest.raises(InvalidInput) as error:
        mapped(aliases, ["Naam", "Familienaam", "Voornaam", "Geboortedatum"])
    assert error.value.message == (
        "kolommen 'Naam' en 'Familienaam' betekenen allebei last_name; kies er een met --map 'Kolom=last_name'"
    )


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        ("Naam", "--map: 'Naam' moet de vorm 'Kolom=veld' hebben"),
        ("=last_name", "--map: '=last_name' moet de vorm 'Kolom=veld' hebben"),
        ("Naam=surname", "--map: veld 'surname' is onbekend; kies uit first_name, last_name, birth_date"),
        ("Bestaat niet=last_name", "--map: kolom 'Bestaat niet' staat niet in het bestand (kolommen: 'Naam',"),
    ],
)
def test_bad_map_options(aliases, option, expected):
    with pytest.raises(InvalidInput) as error:
        mapped(aliases, ["Naam", "Voornaam", "Geboortedatum"], [option])
    assert error.value.message.startswith(expected)


def test_ignored_headers_are_not_reported(aliases):
    result = mapped(aliases, ["Foutmelding", "Naam", "Voornaam", "Geboortedatum"], ignore=["Foutmelding"])
    assert result.unknown == ()
    assert result.columns["last_name"] == 1
