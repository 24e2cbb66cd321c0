"""A person's name in free text: every full-name form found and replaced, nothing else touched."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from vrijetijd_cli.services.name_forms import PLACEHOLDER, Name, fold, last_name_excerpt, replace_full

ZEYNEP = Name("Zeynep", "Aksoy")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zeynep Aksoy kwam niet", "[Geanonimiseerd] kwam niet"),
        ("Aksoy Zeynep", "[Geanonimiseerd]"),
        ("AKSOY Zeynep belde.", "[Geanonimiseerd] belde."),
        ("Gesprek met Aksoy, Zeynep!", "Gesprek met [Geanonimiseerd]!"),
        ("lijst-zeynep-aksoy.csv", "lijst-[Geanonimiseerd].csv"),
        ("aksoy_zeynep_2025.xlsx", "[Geanonimiseerd]_2025.xlsx"),
        ("ZEYNEP.AKSOY", "[Geanonimiseerd]"),
        ("Zéynep Aksöy", "[Geanonimiseerd]"),
        ("Zeynep\n  Aksoy", "[Geanonimiseerd]"),
        ("Zeynep Aksoy en zeynep aksoy", "[Geanonimiseerd] en [Geanonimiseerd]"),
        ("(Zeynep Aksoy's dochter)", "([Geanonimiseerd]'s dochter)"),
    ],
)
def test_every_full_name_form_is_replaced(text, expected):
    new, count = replace_full(text, [ZEYNEP])
    assert new == expected
    assert count == expected.count(PLACEHOLDER)


@pytest.mark.parametrize(
    "text",
    ["Zeynepaksoy", "Annemie Aksoy", "Mevrouw Aksoy belt terug", "Zeynep kwam alleen", "Zeynep Aksoyan",
     "Azeynep Aksoy", ""],
)
def test_other_text_is_left_alone(text):
    assert replace_full(text, [ZEYNEP]) == (text, 0)


def test_names_of_several_words_and_apostrophes():
    name = Name("Marie-Claire", "Van den D'Hondt")
    for text in ("Marie-Claire Van den D'Hondt", "VAN DEN D’HONDT, Marie Claire", "marie_claire_van_den_d_hondt"):
        assert replace_full(text, [name]) == (PLACEHOLDER, 1)
    assert replace_full("Marie Van den D'Hondt", [name]) == ("Marie Van den D'Hondt", 0)


def test_the_bare_last_name_is_found_for_review_only():
    text = "Mevrouw Aksoy belt terug over de zwemlessen van haar kinderen en de bus."
    assert replace_full(text, [ZEYNEP]) == (text, 0)
    assert last_name_excerpt(text, [ZEYNEP]) == "Mevrouw Aksoy belt terug over de zwemlessen…"
    assert last_name_excerpt("Aksoyan kwam", [ZEYNEP]) is None


def test_a_file_name_placeholder():
    assert replace_full("lijst-zeynep-aksoy.csv", [ZEYNEP], "geanonimiseerd") == ("lijst-geanonimiseerd.csv", 1)


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.text(), st.text(), st.sampled_from([" ", "-", "_", ".", "\n", " - "]))
def test_no_form_survives_a_replacement(before, after, separator):
    text = f"{before} Zeynep{separator}Aksoy {after}"
    new, count = replace_full(text, [ZEYNEP])
    assert count >= 1
    assert replace_full(new, [ZEYNEP])[1] == 0


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.text())
def test_fold_maps_back_to_the_original(text):
    folded, where = fold(text)
    if where is None:
        assert folded == text.lower()
    else:
        assert len(where) == len(folded)
        assert where == sorted(where) and all(0 <= i < len(text) for i in where)
