"""`vrijetijd report yearly|budget|referrals|meetings|participants`."""

from enum import StrEnum
from typing import Annotated

import typer

from vrijetijd_cli.context import session
from vrijetijd_cli.i18n import N_
from vrijetijd_cli.options import (
    OutputOption,
    ReportFormat,
    ReportFormatOption,
    YearOption,
    choice_option,
    noun_app,
)

app = noun_app()

PublicOption = Annotated[
    bool, typer.Option("--public", help=N_("Voor buiten het netwerk: kleine aantallen verborgen als '< N'."))
]


class ReferralsBy(StrEnum):
    partner = "partner"
    month = "month"
    ground = "ground"


class ParticipantsBy(StrEnum):
    ground = "ground"
    age = "age"
    postcode = "postcode"


ReferralsByOption = Annotated[
    ReferralsBy, choice_option("--by", ReferralsBy, N_("Groepeer per partner, maand of statuut."),
                               {"maand": "month", "statuut": "ground"})
]
ParticipantsByOption = Annotated[
    ParticipantsBy, choice_option("--by", ParticipantsBy, N_("Groepeer per statuut, leeftijd of postcode."),
                                  {"statuut": "ground", "leeftijd": "age"})
]


def print_default_yearly() -> None:
    """The last complete year's report on the terminal: how `vrijetijd demo` ends."""
    from vrijetijd_cli.render.report_terminal import print_yearly
    from vrijetijd_cli.reports import yearly as yearly_report

    print_yearly(yearly_report.build(session.db(), session.config()))


def _emit(report: dict, fmt: ReportFormat, output) -> None:
    from vrijetijd_cli.render.output import message
    from vrijetijd_cli.render.report_layout import no_data_text
    from vrijetijd_cli.render.report_output import emit

    if not report["has_data"]:
        message(no_data_text(report["year"]))
    emit(report, fmt.value, output)


@app.command()
def yearly(
    year: YearOption = None,
    fmt: ReportFormatOption = ReportFormat.table,
    output: OutputOption = None,
    public: PublicOption = False,
) -> None:
    """Toon het jaarrapport (standaard van het vorige, afgesloten jaar)."""
    from vrijetijd_cli.reports import yearly as yearly_report

    _emit(yearly_report.build(session.db(), session.config(), year, public), fmt, output)


@app.command()
def budget(
    year: YearOption = None,
    fmt: ReportFormatOption = ReportFormat.table,
    output: OutputOption = None,
    public: PublicOption = False,
) -> None:
    """Toon het budget: beschikbaar, besteed, vastgelegd en resterend."""
    from vrijetijd_cli.reports import topics

    _emit(topics.budget_report(session.db(), session.config(), year, public), fmt, output)


@app.command()
def referrals(
    year: YearOption = None,
    by: ReferralsByOption = ReferralsBy.partner,
    fmt: ReportFormatOption = ReportFormat.table,
    output: OutputOption = None,
    public: PublicOption = False,
) -> None:
    """Toon de toeleidingen van een jaar per partner, maand of statuut."""
    from vrijetijd_cli.reports import topics

    _emit(topics.referrals_report(session.db(), session.config(), year, by.value, public), fmt, output)


@app.command()
def meetings(
    year: YearOption = None,
    fmt: ReportFormatOption = ReportFormat.table,
    output: OutputOption = None,
    public: PublicOption = False,
) -> None:
    """Toon de overlegmomenten, de aanwezigheid per partner en de open acties."""
    from vrijetijd_cli.reports import topics

    _emit(topics.meetings_report(session.db(), session.config(), year, public), fmt, output)


@app.command()
def participants(
    year: YearOption = None,
    by: ParticipantsByOption = ParticipantsBy.ground,
    fmt: ReportFormatOption = ReportFormat.table,
    output: OutputOption = None,
    public: PublicOption = False,
) -> None:
    """Toon het bereik van een jaar per statuut, leeftijd of postcode (zonder namen)."""
    from vrijetijd_cli.reports import topics

    _emit(topics.participants_report(session.db(), session.config(), year, by.value, public), fmt, output)
