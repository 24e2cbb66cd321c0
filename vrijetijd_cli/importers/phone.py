"""Phone numbers as people write them, in one form: Belgian numbers national (`0471 23 45 67`,
`011 23 45 67`, `02 123 45 67`), foreign ones international (`+33 6 12 34 56 78`).

A number is text: a leading zero is kept, and a spreadsheet that made a number of it (471234567)
gets its zero back. `+32` and `0032` are Belgium. An impossible number is an error naming the value.
"""

from __future__ import annotations

import re

from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.i18n import _

MAX_TEXT = 40
_SEPARATORS = re.compile(r"[\s./\-()\u00a0]+")
# Belgian zones with a one-digit area code: Brussels, Antwerp, Liège, Ghent
ONE_DIGIT_ZONES = "2349"
MOBILE_PREFIXES = ("046", "047", "048", "049")  # always ten digits


def parse_phone(value: object, field: str = "telefoon") -> str:
    """The number in its one written form; raises InvalidInput for text that is no phone number."""
    text = str(value).strip()
    if len(text) > MAX_TEXT:
        raise InvalidInput(_("{field}: de tekst is te lang ({length} tekens, maximum {maximum})").format(
            field=field, length=len(text), maximum=MAX_TEXT))
    digits = _SEPARATORS.sub("", text.replace("(0)", ""))
    plus = digits.startswith("+")
    if plus:
        digits = digits[1:]
    elif digits.startswith("00"):
        digits, plus = digits[2:], True
    if not digits.isascii() or not digits.isdigit():
        raise _impossible(field, text)
    if plus and digits.startswith("32"):
        digits, plus = "0" + digits[2:], False
    if plus:
        return _international(digits, field, text)
    if not digits.startswith("0"):
        # a spreadsheet took the number and dropped its zero: 471234567 or 11234567
        digits = "0" + digits
    return _belgian(digits, field, text)


def _belgian(digits: str, field: str, text: str) -> str:
    if len(digits) == 10 and digits.startswith("04"):
        return f"{digits[:4]} {digits[4:6]} {digits[6:8]} {digits[8:]}"
    if len(digits) == 9 and digits[1] != "0" and digits[:3] not in MOBILE_PREFIXES:
        if digits[1] in ONE_DIGIT_ZONES:
            return f"{digits[:2]} {digits[2:5]} {digits[5:7]} {digits[7:]}"
        return f"{digits[:3]} {digits[3:5]} {digits[5:7]} {digits[7:]}"
    raise _impossible(field, text)


def _international(digits: str, field: str, text: str) -> str:
    """+country and the number as it was grouped (no country's own grouping is guessed)."""
    if not 8 <= len(digits) <= 15 or digits[0] == "0":
        raise _impossible(field, text)
    groups = [g for g in re.split(r"[\s./\-()\u00a0]+", text.lstrip("+0 ").replace("(0)", "")) if g]
    if "".join(groups) != digits:
        groups = [digits]
    return "+" + " ".join(groups)


def _impossible(field: str, text: str) -> InvalidInput:
    return InvalidInput(_("{field}: {value!r} is geen telefoonnummer").format(field=field, value=text))
