"""Grounds (why someone belongs to the target group), named by code or config alias."""

from __future__ import annotations

from vrijetijd_cli.config import Config
from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.i18n import _
from vrijetijd_cli.parse import normalize


def alias_table(config: Config) -> dict[str, str]:
    """Normalised code, label and alias -> ground code."""
    table: dict[str, str] = {}
    for ground in config.grounds.values():
        for name in (ground.code, ground.label_nl, ground.label_en, *ground.aliases):
            table.setdefault(normalize(name), ground.code)
    return table


def resolve_ground(config: Config, value: str, field: str = "statuut", table: dict[str, str] | None = None) -> str:
    """'VT', 'verhoogde tegemoetkoming', 'OMNIO' -> 'verhoogde_tegemoetkoming'."""
    code = (table or alias_table(config)).get(normalize(value))
    if code is None:
        raise InvalidInput(_("{field}: {value!r} is onbekend; kies uit {choices}").format(
            field=field, value=value, choices=", ".join(config.grounds)))
    return code


def resolve_domain(config: Config, value: str, field: str = "domein") -> str:
    key = normalize(value)
    for code, labels in config.domains.items():
        if key in (normalize(code), normalize(labels["nl"]), normalize(labels["en"])):
            return code
    raise InvalidInput(_("{field}: {value!r} is onbekend; kies uit {choices}").format(
        field=field, value=value, choices=", ".join(config.domains)))
