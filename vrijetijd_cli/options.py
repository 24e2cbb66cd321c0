"""Option types shared by the commands, declared once."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


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


def noun_app(**settings) -> typer.Typer:
    """A noun group with the project's defaults: plain help (no markup), no completion install."""
    return typer.Typer(rich_markup_mode=None, no_args_is_help=True, add_completion=False, **settings)


FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", case_sensitive=False, help="Uitvoerformaat.")]
ReportFormatOption = Annotated[
    ReportFormat, typer.Option("--format", "-f", case_sensitive=False, help="Uitvoerformaat.")
]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Schrijf naar dit bestand in plaats van het scherm.")
]
YearOption = Annotated[int | None, typer.Option("--year", help="Jaar (jjjj).")]
PartnerOption = Annotated[str, typer.Option("--partner", help="Partner: id of naam.")]
ParticipantOption = Annotated[int, typer.Option("--participant", help="Id van de deelnemer.")]
DateOption = Annotated[str | None, typer.Option("--date", help="Datum (dd/mm/jjjj; standaard vandaag).")]
GroundOption = Annotated[str | None, typer.Option("--ground", help="Statuut (code of alias uit de config).")]
