"""The municipalities of a network in the config (vrijetijd_cli/region.py): the packaged Hasselt
config with Kortessem from 2025, the old one-municipality form, examples/regio.yaml, and a clear
error naming the key for every mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from vrijetijd_cli import region
from vrijetijd_cli.config import PACKAGED_CONFIG, load_config
from vrijetijd_cli.errors import ConfigError, InvalidInput

REPO = Path(__file__).parents[1]
REGIO = REPO / "examples" / "regio.yaml"
KORTESSEM = ("3720", "3721", "3722", "3723", "3724")
HASSELT = ("3500", "3501", "3510", "3511", "3512")


def write(path: Path, source: Path, *replacements: tuple[str, str]) -> Path:
    text = source.read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return path


def refused(path: Path) -> str:
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    return caught.value.message


def test_hasselt_has_kortessem_from_2025():
    config = load_config(PACKAGED_CONFIG)
    assert not config.regional
    (hasselt,) = config.municipalities
    assert (hasselt.key, hasselt.name, hasselt.nis_code, hasselt.inhabitants) == ("71022", "Hasselt", "71022", 88000)
    assert hasselt.target_group == region.TargetGroup(13300, 900, "2025-01-01")
    before, after = region.postcode_map(config.municipalities, "2024-12-31"), \
        region.postcode_map(config.municipalities, "2025-01-01")
    assert sorted(before) == list(HASSELT)
    assert sorted(after) == [*HASSELT, *KORTESSEM] and set(after.values()) == {"71022"}
    # the postcodes that always belonged (where the demo's people live) are the same as before
    assert config.postcodes == HASSELT


def test_the_old_single_municipality_form_still_means_one(tmp_path):
    old = write(tmp_path / "old.yaml", PACKAGED_CONFIG, (
        PACKAGED_CONFIG.read_text(encoding="utf-8")[
            PACKAGED_CONFIG.read_text(encoding="utf-8").index("municipalities:"):
            PACKAGED_CONFIG.read_text(encoding="utf-8").index("# taal van tabellen")], ""),
        ("  contact: Brigitte.Minsen@hasselt.be\n",
         '  contact: Brigitte.Minsen@hasselt.be\n  postcodes: ["3600", "3601"]\n'),
        ("municipality: Hasselt", "municipality: Genk"))
    config = load_config(old)
    assert config.municipality == "Genk" and config.postcodes == ("3600", "3601") and not config.regional
    assert config.municipalities == (region.MunicipalityConfig("Genk", "Genk", "", (
        region.PostcodeSpan("3600"), region.PostcodeSpan("3601"))),)
    # a one-municipality network: naming it is allowed and stores nothing
    assert region.resolve(config.municipalities, "genk") is None


def test_the_regional_example():
    config = load_config(REGIO)
    assert config.regional and config.municipality == "Kempenrand"
    assert [m.name for m in config.municipalities] == ["Beekhoven", "Heiderode", "Molenzele", "Kempelaar"]
    assert sum(m.inhabitants for m in config.municipalities) >= 85000
    codes = [span.code for m in config.municipalities for span in m.postcodes]
    assert len(codes) == len(set(codes))
    assert all(len(m.nis_code) == 5 for m in config.municipalities)
    # Oud-Ruiter (2497) joined Kempelaar in 2025
    assert "2497" not in region.postcode_map(config.municipalities, "2024-06-30")
    assert region.postcode_map(config.municipalities, "2025-06-30")["2497"] == "13904"
    partners = {p.name: p.municipality for p in config.partners}
    assert partners["OCMW Heiderode"] == "13902" and partners["De Schakel Kempenrand"] is None


def test_a_municipality_is_named_by_name_or_nis_code():
    config = load_config(REGIO)
    assert region.resolve(config.municipalities, "heiderode") == "13902"
    assert region.resolve(config.municipalities, " 13903 ") == "13903"
    assert region.resolve(config.municipalities, "Regio") is None
    with pytest.raises(InvalidInput) as caught:
        region.resolve(config.municipalities, "Genk")
    assert caught.value.message == ("--municipality: gemeente 'Genk' is onbekend; kies uit Beekhoven, Heiderode,"
                                    " Molenzele, Kempelaar, regio")


BAD = [
    # (old, new, key, found)
    ('postcodes: ["2480", "2481"]', 'postcodes: ["2480", "2470"]', "municipalities[1].postcodes", "'2470'"),
    ('nis_code: "13902"', 'nis_code: "1390"', "municipalities[1].nis_code", "'1390'"),
    ('nis_code: "13902"', 'nis_code: "A3902"', "municipalities[1].nis_code", "'A3902'"),
    ("inhabitants: 21000", "inhabitants: -21000", "municipalities[1].inhabitants", "-21000"),
    ("verhoogde_tegemoetkoming: 3100", "verhoogde_tegemoetkoming: -1",
     "municipalities[1].target_group.verhoogde_tegemoetkoming", "-1"),
    ("leefloon: 190", "leefloon: veel", "municipalities[1].target_group.leefloon", "'veel'"),
    ('as_of: "2025-01-01"\n  - name: Molenzele', 'as_of: "2025-02-30"\n  - name: Molenzele',
     "municipalities[1].target_group.as_of", "'2025-02-30'"),
    ('"2025-01-01": ["2497"]', '"1/1/2025": ["2497"]', "municipalities[3].postcodes_from", "'1/1/2025'"),
    ('"2025-01-01": ["2497"]', '"2025-01-01": ["24970"]', "municipalities[3].postcodes_from.2025-01-01[0]",
     "'24970'"),
    ("  - name: Heiderode", "  - name: beekhoven", "municipalities[1].name", "'beekhoven'"),
    ("  - name: Heiderode", "  - name: Regio", "municipalities[1].name", "'Regio'"),
    ("    kind: ocmw\n    municipality: Molenzele", "    kind: ocmw\n    municipality: Genk",
     "partners[6].municipality", "'Genk'"),
]


@pytest.mark.parametrize(("old", "new", "key", "found"), BAD, ids=[b[2] + "=" + b[3] for b in BAD])
def test_a_mistake_names_the_file_the_key_and_the_value(tmp_path, old, new, key, found):
    path = write(tmp_path / "bad.yaml", REGIO, (old, new))
    message = refused(path)
    assert message.startswith(f"{path}: sleutel '{key}' moet "), message
    assert message.endswith(f"gevonden: {found}"), message


def test_a_postcode_of_two_municipalities_on_the_same_day(tmp_path):
    # Kempelaar's 2497 also Molenzele's from 2026: both from 2026 on
    path = write(tmp_path / "twice.yaml", REGIO, ('postcodes: ["2490", "2491"]',
                                                 'postcodes: ["2490", "2491"]\n    postcodes_from:\n'
                                                 '      "2026-01-01": ["2497"]'))
    assert refused(path) == (f"{path}: sleutel 'municipalities[3].postcodes_from.2025-01-01' moet een postcode die"
                             " niet op dezelfde dag ook bij Molenzele hoort (zie 'postcodes_from' en"
                             " 'postcodes_until') zijn, gevonden: '2497'")


def test_a_merger_hands_a_postcode_over_on_a_day(tmp_path):
    # Oud-Ruiter a municipality of its own until 2024, Kempelaar's from 2025: no overlap
    path = write(tmp_path / "merger.yaml", REGIO, (
        "  - name: Kempelaar", '  - name: Oud-Ruiter\n    nis_code: "13905"\n    inhabitants: 2500\n'
                               '    postcodes_until:\n      "2024-12-31": ["2497"]\n  - name: Kempelaar'))
    config = load_config(path)
    assert region.postcode_map(config.municipalities, "2024-12-31")["2497"] == "13905"
    assert region.postcode_map(config.municipalities, "2025-01-01")["2497"] == "13904"
    # until a day after the other's start: both on 1 January 2025
    overlap = write(tmp_path / "overlap.yaml", path, ('"2024-12-31": ["2497"]', '"2025-01-01": ["2497"]'))
    message = refused(overlap)
    assert message.startswith(f"{overlap}: sleutel 'municipalities[4].postcodes_from.2025-01-01' moet een postcode")
    assert "ook bij Oud-Ruiter hoort" in message


def test_postcodes_belong_under_their_municipality(tmp_path):
    path = write(tmp_path / "both.yaml", REGIO, ("  region: Kempenrand\n",
                                                '  region: Kempenrand\n  postcodes: ["2470"]\n'))
    assert refused(path).startswith(f"{path}: sleutel 'network.postcodes' moet weggelaten: de postcodes staan bij")


def test_a_bad_config_writes_nothing(cli, config_path, db_path):
    write(config_path, REGIO, ('nis_code: "13902"', 'nis_code: "139"'))
    result = cli("init")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (f"Fout: {config_path}: sleutel 'municipalities[1].nis_code' moet een NIS-code van vijf"
                             " cijfers (bv. \"71022\") zijn, gevonden: '139'\n")
    assert not db_path.exists()
