"""Option types shared by the commands, declared once.

Ids, years, counts and choices are read as text and converted by parse.py, so a wrong value
is the project's own message naming the option (exit code 1), never click's English one.
Help texts are Dutch, marked with N_() and shown through the catalogue (usage.py).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from vrijetijd_cli.i18n import N_, _


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class ReportFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    md = "md"
    html = "html"


class NounApp(typer.Typer):
    """A Typer app whose commands and groups show their help in the user's language."""

    def command(self, *args: Any, cls: Any = None, **kwargs: Any) -> Any:
        from vrijetijd_cli.usage import Command

        return super().command(*args, cls=cls or Command, **kwargs)


def noun_app(**settings: Any) -> typer.Typer:
    """A noun group with the project's defaults: plain help (no markup), no completion install."""
    from vrijetijd_cli.usage import Group

    defaults: dict[str, Any] = {
        "cls": Group, "rich_markup_mode": None, "no_args_is_help": True, "add_completion": False,
    }
    return NounApp(**{**defaults, **settings})


def _converter(function: Callable[..., Any], field: str, **limits: Any) -> Callable[[Any], Any]:
    """A Typer parser: text through `function`; a default that is already a value passes."""

    def convert(value: Any) -> Any:
        if value is None or not isinstance(value, str):
            return value
        return function(value, _(field), **limits)

    return convert


def _id(value: str, field: str) -> int:
    from vrijetijd_cli.parse import parse_id

    return parse_id(value, field)


def _year(value: str, field: str) -> int:
    from vrijetijd_cli.parse import parse_year

    return parse_year(value, field)


def _count(value: str, field: str, minimum: int, maximum: int) -> int:
    from vrijetijd_cli.parse import parse_count

    return parse_count(value, field, minimum, maximum)


def _choice(value: str, field: str, choices: dict[str, str], kind: type[StrEnum]) -> StrEnum:
    from vrijetijd_cli.parse import parse_choice

    return kind(parse_choice(value, choices, field))


def id_option(flag: str, help: str) -> Any:
    """`--participant 12`: an id option (required when the parameter has no default)."""
    return typer.Option(flag, parser=_converter(_id, flag), metavar="ID", help=help)


def id_argument(help: str, name: str = "ID") -> Any:
    """An id as the command's argument."""
    return typer.Argument(parser=_converter(_id, name), metavar=name, help=help)


def year_option(flag: str, help: str) -> Any:
    """A year (jjjj) option with its own help text."""
    return typer.Option(flag, parser=_converter(_year, flag), metavar=N_("JJJJ"), help=help)


def year_argument(help: str) -> Any:
    """A year (jjjj) as the command's argument."""
    return typer.Argument(parser=_converter(_year, N_("JAAR")), metavar=N_("JAAR"), help=help)


def count_option(flag: str, help: str, minimum: int = 0, maximum: int = 10**9) -> Any:
    """A whole number from `minimum` to `maximum` (a limit, a number of people)."""
    return typer.Option(flag, parser=_converter(_count, flag, minimum=minimum, maximum=maximum),
                        metavar=N_("AANTAL"), help=help)


def choice_option(flag: str, kind: type[StrEnum], help: str, words: dict[str, str] | None = None,
                  short: str | None = None) -> Any:
    """One of the values of `kind` (a StrEnum), or a Dutch word for one (`words`: {word: code})."""
    choices = {member.value.casefold(): member.value for member in kind}
    choices.update({word.casefold(): code for word, code in (words or {}).items()})
    names = (flag, short) if short else (flag,)
    return typer.Option(*names, parser=_converter(_choice, flag, choices=choices, kind=kind),
                        metavar="|".join(member.value for member in kind), help=help)


_FORMAT_WORDS = {"tabel": "table"}

FormatOption = Annotated[OutputFormat, choice_option("--format", OutputFormat, N_("Uitvoerformaat."), _FORMAT_WORDS,
                                                     short="-f")]
ReportFormatOption = Annotated[
    ReportFormat, choice_option("--format", ReportFormat, N_("Uitvoerformaat."), _FORMAT_WORDS, short="-f")
]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", metavar=N_("BESTAND"),
                              help=N_("Schrijf naar dit bestand in plaats van het scherm."))
]
YearOption = Annotated[int | None, year_option("--year", N_("Jaar (jjjj)."))]
YesOption = Annotated[bool, typer.Option("--yes", "-y", help=N_("Niet vragen of het zeker is."))]
PartnerOption = Annotated[str, typer.Option("--partner", help=N_("Partner: id of naam."))]
ParticipantOption = Annotated[int, id_option("--participant", N_("Id van de deelnemer."))]
DateOption = Annotated[str | None, typer.Option("--date", metavar=N_("DATUM"),
                                                help=N_("Datum (dd/mm/jjjj; standaard vandaag)."))]
GroundOption = Annotated[str | None, typer.Option("--ground", help=N_("Statuut (code of alias uit de config)."))]
WideOption = Annotated[bool, typer.Option(
    "--wide", help=N_("Toon alle kolommen, ook als het scherm er te smal voor is."))]
# a regional network: which municipality's budget a write is charged to, or whose partner it is
MunicipalityOption = Annotated[str | None, typer.Option(
    "--municipality", metavar=N_("GEMEENTE"),
    help=N_("Gemeente (naam of NIS-code) of 'regio' voor de regio als geheel; alleen nodig in een regionaal"
            " netwerk."))]
