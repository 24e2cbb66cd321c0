"""Voucher codes: unguessable, easy to read aloud, with a check character.

A code is 11 random characters and 1 check character, shown as ABCD-EFGH-JKM7. The alphabet
has 31 characters (digits 2-9 and the letters without I, L and O), so nothing looks like
0/O or 1/I/L; 11 random characters carry 11 × log2(31) ≈ 54 bits.

The check: with weights 1..12 for the 12 positions, sum(weight × value) ≡ 0 (mod 31).
Because 31 is prime and every weight is below 31, changing one character changes the sum
by weight × difference, never a multiple of 31; swapping two neighbours changes it by
(difference of the weights = 1) × (difference of the values), also never a multiple of 31.
So every single wrong character and every swap of two neighbours is caught.
"""

from __future__ import annotations

from collections.abc import Callable

from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.i18n import _

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
BASE = len(ALPHABET)  # 31, a prime
RANDOM_LENGTH = 11
LENGTH = RANDOM_LENGTH + 1
GROUP = 4
VALUES = {c: i for i, c in enumerate(ALPHABET)}
# what people type in a code but is no part of it
SEPARATORS = " -._/\t"


def check_value(values: list[int]) -> int:
    """The check character's value for the 11 data values."""
    total = sum((position + 1) * value for position, value in enumerate(values))
    # solve total + LENGTH × check ≡ 0 (mod 31); pow(…, -1, 31) is the modular inverse
    return (-total * pow(LENGTH, -1, BASE)) % BASE


def _format(values: list[int]) -> str:
    text = "".join(ALPHABET[v] for v in values)
    return "-".join(text[i:i + GROUP] for i in range(0, len(text), GROUP))


def generate(randbelow: Callable[[int], int] | None = None) -> str:
    """A fresh random code (ABCD-EFGH-JKM7)."""
    if randbelow is None:
        import secrets  # lazily: costs start-up time for commands that only read codes

        randbelow = secrets.randbelow
    values = [randbelow(BASE) for _position in range(RANDOM_LENGTH)]
    return _format(values + [check_value(values)])


def from_number(number: int) -> str:
    """The code whose 11 data characters spell `number` in base 31 (0 ≤ number < 31**11)."""
    if not 0 <= number < BASE**RANDOM_LENGTH:
        raise ValueError(f"number out of range: {number}")
    values = []
    for _position in range(RANDOM_LENGTH):
        number, digit = divmod(number, BASE)
        values.append(digit)
    return _format(values + [check_value(values)])


def is_valid(compact: str) -> bool:
    """True when `compact` (12 characters, no separators) passes the check."""
    if len(compact) != LENGTH or any(c not in VALUES for c in compact):
        return False
    return sum((i + 1) * VALUES[c] for i, c in enumerate(compact)) % BASE == 0


def canonical(text: str) -> str:
    """The stored form (ABCD-EFGH-JKM7) of a code typed in any case, with or without separators.

    Raises InvalidInput saying the code is mistyped when it cannot be a code at all.
    """
    shown = str(text).strip()
    compact = "".join(c for c in shown.upper() if c not in SEPARATORS)
    wrong = sorted({c for c in compact if c not in VALUES})
    if wrong:
        listed = ", ".join(repr(c) for c in wrong)
        raise InvalidInput(
            _("code {code!r} is verkeerd getypt: {characters} komt niet voor in codes"
              " (codes gebruiken geen 0, O, 1, I of L)").format(code=shown, characters=listed)
        )
    if len(compact) != LENGTH:
        raise InvalidInput(
            _("code {code!r} is verkeerd getypt: een code heeft {length} tekens, deze heeft er {count}").format(
                code=shown, length=LENGTH, count=len(compact))
        )
    if not is_valid(compact):
        raise InvalidInput(_("code {code!r} is verkeerd getypt: het controleteken klopt niet").format(code=shown))
    return _format([VALUES[c] for c in compact])
