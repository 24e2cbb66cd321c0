import pytest

from vrijetijd_cli import i18n
from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.importers.fields import PARTICIPANTS, describe
from vrijetijd_cli.importers.headers import header_key, looks_like_national_number, map_headers


@pytest.fixture
def aliases(config):
    return config.import_aliases


def mapped(aliases, headers, overrides=(), ignore=(), sample=()):
    return map_headers(headers, PARTICIPANTS, aliases, overrides, ignore, sample)


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
    assert result.unused == ()


def test_header_key():
    assert header_key(" Geb. Datum ") == header_key("gebdatum") == "gebdatum"
    assert header_key("Prénom") == "prenom"


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Statuut (VT, OCMW, …)", "ground"),
        ("Doelgroep*", "ground"),
        ("Soort tegemoetkoming", "ground"),
        ("Statuut [zie blad 2]", "ground"),
        ("Geboortedatum (dd/mm/jjjj):", "birth_date"),
        ("Geboortejaar", "birth_year"),
        ("Postcode en gemeente", "address"),
        ("GSM-nummer", "phone"),
    ],
)
def test_explanations_in_brackets_stars_and_punctuation_are_no_part_of_the_name(aliases, header, field):
    result = mapped(aliases, ["Voornaam", "Familienaam", "Geboortedatum" if field != "birth_date" else "x", header])
    assert result.columns[field] == 3


def test_one_name_column_is_the_whole_name_without_a_first_name_column(aliases):
    assert mapped(aliases, ["Naam", "Geboortedatum"]).columns == {"full_name": 0, "birth_date": 1}
    assert mapped(aliases, ["Naam", "Voornaam", "Geboortedatum"]).columns == {
        "last_name": 0, "first_name": 1, "birth_date": 2}
    with pytest.raises(InvalidInput, match="verplichte kolom ontbreekt: voornaam \\(first_name\\) of naam"):
        mapped(aliases, ["Familienaam", "Geboortedatum"])


def test_national_register_numbers_are_set_aside_by_header_or_by_their_values(aliases):
    sample = [["Ann", "Peeters", "12/03/1985", "85.03.12-123.45", "85031212345", "D-12"],
              ["Jef", "Claes", "1/1/1950", "", "50010198765", "D-13"]]
    result = mapped(aliases, ["Voornaam", "Familienaam", "Geboortedatum", "INSZ", "Nummer", "Dossier"],
                    sample=sample)
    assert result.private == ("INSZ", "Nummer")
    assert result.private_columns == (3, 4)
    assert result.unused == ("Dossier",)
    with pytest.raises(InvalidInput, match="--map: kolom 'INSZ' bevat rijksregisternummers"):
        mapped(aliases, ["Voornaam", "Familienaam", "Geboortedatum", "INSZ"], ["INSZ=note"])
    assert looks_like_national_number("85 03 12 123 45") and not looks_like_national_number("0471 23 45 67")


def test_map_accepts_dutch_field_names(aliases):
    result = mapped(aliases, ["Fam", "Voornaam", "Geb.dat"], ["Fam=familienaam", "Geb.dat=geboortedatum"])
    assert result.columns == {"last_name": 0, "first_name": 1, "birth_date": 2}


def test_fields_are_described_with_their_names_and_spellings(aliases):
    fields = {row["field"]: row for row in describe(PARTICIPANTS, aliases)}
    assert fields["birth_date"]["name"] == "geboortedatum"
    assert "Geb. datum" in fields["birth_date"]["aliases"]
    assert "Geboortejaar" in fields["birth_year"]["aliases"]
    assert list(fields)[:3] == ["first_name", "last_name", "full_name"]
    assert (fields["first_name"]["required"], fields["birth_year"]["required"], fields["phone"]["required"]) == (
        "ja, of naam", "ja, of geboortedatum", "")


def test_unknown_columns_are_reported_and_ignored(aliases):
    result = mapped(aliases, ["Dossiernr", "Voornaam", "Naam", "Geb. datum", "", "Intern"])
    assert result.columns == {"first_name": 1, "last_name": 2, "birth_date": 3}
    assert result.unused == ("Dossiernr", "(kolom 5 zonder naam)", "Intern")


def test_missing_required_column_names_it_and_lists_the_headers(aliases):
    with pytest.raises(InvalidInput) as error:
        mapped(aliases, ["Familienaam", "Voornaam", "Postcode"])
    assert error.value.message == (
        "verplichte kolom ontbreekt: geboortedatum (birth_date) of geboortejaar (birth_year); gevonden kolommen:"
        " 'Familienaam', 'Voornaam', 'Postcode' (wijs een kolom toe met --map 'Kolom=birth_date')"
    )
    i18n.set_language("en")
    try:
        with pytest.raises(InvalidInput) as english:
            mapped(aliases, ["Familienaam", "Voornaam", "Postcode"])
        with pytest.raises(InvalidInput, match="required columns missing: first name \\(first_name\\) or name"):
            mapped(aliases, ["Familienaam"])
    finally:
        i18n.reset()
    assert "required column missing: birth date (birth_date) or birth year (birth_year)" in english.value.message


def test_several_missing_columns(aliases):
    with pytest.raises(InvalidInput, match="verplichte kolommen ontbreken: voornaam \\(first_name\\) of naam"
                                           " \\(full_name\\), geboortedatum"):
        mapped(aliases, ["Familienaam"])


def test_map_option_names_any_column(aliases):
    result = mapped(aliases, ["Fam", "Voornaam", "Geb.dat"], ["Fam=last_name", "geb. dat = birth_date"])
    assert result.columns == {"last_name": 0, "first_name": 1, "birth_date": 2}


def test_map_option_wins_over_an_alias_and_the_alias_column_is_ignored(aliases):
    result = mapped(aliases, ["Naam", "Familienaam", "Voornaam", "Geboortedatum"], ["Familienaam=last_name"])
    assert result.columns["last_name"] == 1
    assert result.unused == ("Naam",)


def test_two_columns_for_one_field_is_an_error(aliases):
    with pytest.raises(InvalidInput) as error:
        mapped(aliases, ["Naam", "Familienaam", "Voornaam", "Geboortedatum"])
    assert error.value.message == (
        "kolommen 'Naam' en 'Familienaam' betekenen allebei familienaam (last_name); kies er een met --map"
        " 'Kolom=last_name'"
    )


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        ("Naam", "--map: 'Naam' moet de vorm 'Kolom=veld' hebben"),
        ("=last_name", "--map: '=last_name' moet de vorm 'Kolom=veld' hebben"),
        ("Naam=surname", "--map: veld 'surname' is onbekend; kies uit first_name (voornaam), last_name (familienaam),"),
        ("Bestaat niet=last_name", "--map: kolom 'Bestaat niet' staat niet in het bestand (kolommen: 'Naam',"),
    ],
)
def test_bad_map_options(aliases, option, expected):
    with pytest.raises(InvalidInput) as error:
        mapped(aliases, ["Naam", "Voornaam", "Geboortedatum"], [option])
    assert error.value.message.startswith(expected)


def test_ignored_headers_are_not_reported(aliases):
    result = mapped(aliases, ["Foutmelding", "Naam", "Voornaam", "Geboortedatum"], ignore=["Foutmelding"])
    assert result.unused == ()
    assert result.columns["last_name"] == 1
