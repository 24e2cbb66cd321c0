"""Voucher codes: format, randomness, and a check character proven to catch every single wrong
character and every swap of two neighbours (exhaustively, over every position and value pair)."""

import random
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vrijetijd_cli import i18n
from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.services import voucher_codes as vc

FORMAT = re.compile(r"^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}-"
                    r"[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}$")


def compact(code: str) -> str:
    return code.replace("-", "")


def valid_with(fixed: dict[int, int], rng: random.Random) -> list[int]:
    """Values of a valid 12-character code with the given positions fixed."""
    values = [rng.randrange(vc.BASE) for _ in range(vc.LENGTH)]
    for position, value in fixed.items():
        values[position] = value
    free = next(p for p in range(vc.RANDOM_LENGTH) if p not in fixed)
    for candidate in range(vc.BASE):
        values[free] = candidate
        if vc.is_valid("".join(vc.ALPHABET[v] for v in values)):
            return values
    raise AssertionError("no completion found")


def text(values: list[int]) -> str:
    return "".join(vc.ALPHABET[v] for v in values)


def test_alphabet_has_31_characters_without_look_alikes():
    assert len(vc.ALPHABET) == 31 == len(set(vc.ALPHABET))
    assert not set("01OIL") & set(vc.ALPHABET)
    assert all(n % d for n in [vc.BASE] for d in range(2, vc.BASE))  # 31 is prime


def test_codes_carry_at_least_40_random_bits():
    assert vc.BASE ** vc.RANDOM_LENGTH >= 2 ** 40
    assert vc.BASE ** vc.RANDOM_LENGTH >= 2 ** 54


def test_generated_codes_are_grouped_valid_and_different():
    codes = {vc.generate() for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        assert FORMAT.match(code), code
        assert vc.is_valid(compact(code))
        assert vc.canonical(code) == code


def test_generate_uses_the_given_random_source():
    draws = iter(range(11))
    code = vc.generate(lambda n: next(draws))
    assert compact(code)[:11] == vc.ALPHABET[:11]
    assert vc.is_valid(compact(code))


def test_every_single_wrong_character_is_caught():
    rng = random.Random(1)
    checked = 0
    for position in range(vc.LENGTH):
        for right in range(vc.BASE):
            values = valid_with({position: right}, rng)
            assert vc.is_valid(text(values))
            for wrong in range(vc.BASE):
                if wrong == right:
                    continue
                typo = list(values)
                typo[position] = wrong
                assert not vc.is_valid(text(typo)), (position, right, wrong)
                checked += 1
    assert checked == 12 * 31 * 30


def test_every_swap_of_two_neighbours_is_caught():
    rng = random.Random(2)
    checked = 0
    for position in range(vc.LENGTH - 1):
        for first in range(vc.BASE):
            for second in range(vc.BASE):
                if first == second:
                    continue
                values = valid_with({position: first, position + 1: second}, rng)
                assert vc.is_valid(text(values))
                swapped = list(values)
                swapped[position], swapped[position + 1] = second, first
                assert not vc.is_valid(text(swapped)), (position, first, second)
                checked += 1
    assert checked == 11 * 31 * 30


@pytest.mark.parametrize("typed", [
    "{c}", "{l}", "{c_nodash}", "{l_nodash}", " {l_spaces} ", "{c_dots}",
])
def test_input_in_any_case_with_or_without_separators(typed):
    code = vc.from_number(123456789)
    variants = {
        "c": code, "l": code.lower(), "c_nodash": compact(code), "l_nodash": compact(code).lower(),
        "l_spaces": code.lower().replace("-", " "), "c_dots": code.replace("-", "."),
    }
    assert vc.canonical(typed.format(**variants)) == code


def test_look_alike_characters_are_reported_as_mistyped():
    with pytest.raises(InvalidInput) as error:
        vc.canonical("ABCD-EFGH-JK0O")
    assert error.value.message == (
        "code 'ABCD-EFGH-JK0O' is verkeerd getypt: '0', 'O' komt niet voor in codes"
        " (codes gebruiken geen 0, O, 1, I of L)"
    )


def test_wrong_length_is_mistyped():
    with pytest.raises(InvalidInput) as error:
        vc.canonical("ABCD-EFGH-JKM")
    assert error.value.message == "code 'ABCD-EFGH-JKM' is verkeerd getypt: een code heeft 12 tekens, deze heeft er 11"


def test_wrong_check_character_is_mistyped():
    code = compact(vc.from_number(42))
    wrong = code[:-1] + next(c for c in vc.ALPHABET if c != code[-1])
    with pytest.raises(InvalidInput) as error:
        vc.canonical(wrong)
    assert "verkeerd getypt: het controleteken klopt niet" in error.value.message
    i18n.set_language("en")
    with pytest.raises(InvalidInput) as error:
        vc.canonical(wrong)
    assert error.value.message == f"code {wrong!r} is mistyped: the check character does not match"


def test_from_number_is_one_to_one_and_valid():
    numbers = [0, 1, 30, 31, 999_999, vc.BASE ** vc.RANDOM_LENGTH - 1]
    codes = [vc.from_number(n) for n in numbers]
    assert len(set(codes)) == len(codes)
    assert all(vc.is_valid(compact(c)) for c in codes)
    with pytest.raises(ValueError):
        vc.from_number(vc.BASE ** vc.RANDOM_LENGTH)


@given(st.integers(min_value=0, max_value=vc.BASE ** vc.RANDOM_LENGTH - 1))
def test_any_number_gives_a_code_that_reads_back(number):
    code = vc.from_number(number)
    assert FORMAT.match(code)
    assert vc.canonical(code.lower().replace("-", "")) == code
