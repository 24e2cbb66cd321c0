"""Reading a config file: a regular file of bounded size, YAML without anchors or aliases, and
typed access to its keys with errors that name the file and the key (config.py builds the
Config from it).

The file is parsed on every start: with the C loader that is about a millisecond, and importing
PyYAML about ten; the daily commands stay within their start-up budget without a cache
(docs/architecture.md, "Start-up").
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from vrijetijd_cli.errors import ConfigError, InvalidInput
from vrijetijd_cli.i18n import _

# a configuration is a few kilobytes; anything much larger is not one (or is /dev/zero)
MAX_CONFIG_BYTES = 1_000_000


def read(source: Path) -> str:
    """The config's text: a regular file of bounded size, UTF-8."""
    import stat

    try:
        with source.open("rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise ConfigError(_("configuratiebestand {path!r} is geen gewoon bestand").format(path=str(source)))
            data = handle.read(MAX_CONFIG_BYTES + 1)
        if len(data) > MAX_CONFIG_BYTES:
            raise ConfigError(_("configuratiebestand {path!r} is groter dan {size} bytes; dat is geen configuratie")
                              .format(path=str(source), size=MAX_CONFIG_BYTES))
        return data.decode("utf-8")
    except FileNotFoundError:
        raise ConfigError(_("configuratiebestand {path!r} bestaat niet").format(path=str(source))) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            _("configuratiebestand {path!r} kan niet gelezen worden: {reason}").format(path=str(source), reason=exc)
        ) from None


def parse_yaml(source: Path, text: str) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        if "&" in text or "*" in text:
            _refuse_aliases(source, yaml.scan(text, Loader=loader))
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", exc)
        if mark:
            message = _("{file}: geen geldige YAML (regel {line}, kolom {column}): {problem}").format(
                file=source, line=mark.line + 1, column=mark.column + 1, problem=problem)
        else:
            message = _("{file}: geen geldige YAML: {problem}").format(file=source, problem=problem)
        raise ConfigError(message) from None


def _refuse_aliases(source: Path, tokens: Any) -> None:
    """No anchors or aliases: a few lines of them ('billion laughs') expand to gigabytes, and a
    configuration never needs them."""
    import yaml

    for token in tokens:
        if isinstance(token, (yaml.AliasToken, yaml.AnchorToken)):
            raise ConfigError(_("{file}: YAML-ankers en -aliassen (& en *) zijn niet toegelaten (regel {line})")
                              .format(file=source, line=token.start_mark.line + 1))


class Reader:
    """Typed access to the raw YAML with errors that name the file and the key."""

    def __init__(self, source: Path, raw: Any):
        self.source = source
        if not isinstance(raw, dict):
            self.fail("", _("een mapping (sleutel: waarde)"))
        self.raw = raw

    def fail(self, key: str, expected: str, got: Any = None) -> None:
        """Refuse `key`: it must be `expected` (a text already in the user's language)."""
        shown_key = key or _("(bestand)")
        if got is None:
            message = _("{file}: sleutel '{key}' moet {expected} zijn").format(
                file=self.source, key=shown_key, expected=expected)
        else:
            message = _("{file}: sleutel '{key}' moet {expected} zijn, gevonden: {found!r}").format(
                file=self.source, key=shown_key, expected=expected, found=got)
        raise ConfigError(message)

    def get(self, key: str, default: Any = ...) -> Any:
        node: Any = self.raw
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                if default is ...:
                    self.fail(key, _("aanwezig"))
                return default
            node = node[part]
        return node

    def text(self, key: str, default: Any = ...) -> str:
        value = self.get(key, default)
        if default == "" and (value is None or isinstance(value, str) and not value.strip()):
            return ""  # an optional text, left out or empty
        if not isinstance(value, str) or not value.strip():
            self.fail(key, _("een niet-lege tekst"), value)
        return value.strip()

    def integer(self, key: str, default: Any = ..., minimum: int = 0, maximum: int = 100_000) -> int:
        value = self.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.fail(key, whole_number(minimum), value)
        if value > maximum:
            self.fail(key, _("een geheel getal van {minimum} tot {maximum}").format(minimum=minimum, maximum=maximum),
                      value)
        return value

    def amount(self, key: str, default: Any = ..., maximum: int | None = None) -> int:
        """An amount in euro -> cents; at most `maximum` when given."""
        from vrijetijd_cli.parse import parse_amount

        value = self.get(key, default)
        if isinstance(value, float):
            value = repr(value)
        try:
            cents = parse_amount(value, key)
        except InvalidInput:
            self.fail(key, _('een bedrag in euro (bv. "19448.00")'), value)
            raise  # unreachable
        if maximum is not None and cents > maximum:
            from vrijetijd_cli.formats import money

            self.fail(key, _("een bedrag van hoogstens {maximum}").format(maximum=money(maximum)), value)
        return cents

    def share(self, key: str, default: Any = ...) -> int:
        from vrijetijd_cli.parse import parse_share

        value = self.get(key, default)
        try:
            return parse_share(repr(value) if isinstance(value, float) else value, key)
        except InvalidInput:
            self.fail(key, _("een aandeel tussen 0 en 1 (bv. 0.20)"), value)
            raise

    def mapping(self, key: str, default: Any = ...) -> dict:
        value = self.get(key, default)
        if not isinstance(value, dict):
            self.fail(key, _("een mapping (sleutel: waarde)"), value)
        return value

    def sequence(self, key: str, default: Any = ...) -> list:
        value = self.get(key, default)
        if not isinstance(value, list):
            self.fail(key, _("een lijst"), value)
        return value


def whole_number(minimum: int) -> str:
    return _("een geheel getal ≥ {minimum}").format(minimum=minimum)


def one_of(choices: list[str]) -> str:
    """The choices quoted, the last joined with 'of': 'nl' of 'en'."""
    quoted = [repr(choice) for choice in choices]
    if len(quoted) == 1:
        return quoted[0]
    return _("{choices} of {last}").format(choices=", ".join(quoted[:-1]), last=quoted[-1])
