"""`vrijetijd report yearly|close|reopen|context|budget|referrals|meetings|participants`."""

from enum import StrEnum
from typing import Annotated

import typer

from vrijetijd_cli.context import session
from vrijetijd_cli.i18n import N_, _
from vrijetijd_cli.options import (
    OutputOption,
    ReportFormat,
    ReportFormatOption,
    YearOption,
    YesOption,
    choice_option,
    noun_app,
    year_argument,
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

    if fmt is ReportFormat.html and output is None:
        from vrijetijd_cli.render.tables import on_terminal

        if on_terminal():  # a page of HTML source is no use on a screen; a pipe may want it
            from vrijetijd_cli.errors import InvalidInput

            raise InvalidInput(_("HTML is niet leesbaar op het scherm: schrijf het naar een bestand met"
                                 " --output rapport.html en open dat in een browser"))
    if not report["has_data"]:
        message(no_data_text(report["year"]))
    emit(report, fmt.value, output)


CurrentOption = Annotated[bool, typer.Option(
    "--current", help=N_("Bij een afgesloten jaar: reken opnieuw met de gegevens van vandaag en toon wat verschilt."))]


CouncilOption = Annotated[str | None, typer.Option(
    "--municipality", metavar=N_("GEMEENTE"),
    help=N_("Het rapport voor één gemeente van een regionaal netwerk (naam of NIS-code): haar inwoners, haar"
            " partners en haar budget, naast de cijfers van de regio."))]


@app.command()
def yearly(
    year: YearOption = None,
    fmt: ReportFormatOption = ReportFormat.table,
    output: OutputOption = None,
    public: PublicOption = False,
    current: CurrentOption = False,
    municipality: CouncilOption = None,
) -> None:
    """Toon het jaarrapport (standaard van het vorige, afgesloten jaar).

    Een afgesloten jaar toont het rapport zoals het werd overgemaakt. Een regionaal netwerk krijgt een
    deel per gemeente; --municipality geeft het rapport voor één gemeenteraad.
    """
    from vrijetijd_cli.reports import council
    from vrijetijd_cli.reports import yearly as yearly_report

    config = session.config()
    if municipality is not None:
        council.resolve(config, municipality)  # an unknown name before any work
    report = yearly_report.build(session.db(), config, year, public, current)
    if municipality is not None:
        report = council.report(report, config, municipality)
    _emit(report, fmt, output)


@app.command()
def close(
    year: Annotated[int, year_argument(N_("Het jaar dat afgesloten wordt."))],
    yes: YesOption = False,
) -> None:
    """Sluit een jaar af: het jaarrapport wordt bewaard zoals het nu is.

    Daarna wordt elke wijziging die een cijfer van dat jaar zou veranderen geweigerd, tot het
    jaar heropend wordt met 'vrijetijd report reopen'.
    """
    from vrijetijd_cli.i18n import _
    from vrijetijd_cli.render.output import confirm, message
    from vrijetijd_cli.services import closing

    question = _("Jaar {year} afsluiten? Het rapport wordt bewaard zoals het nu is en wijzigingen aan {year}"
                 " worden daarna geweigerd.").format(year=year)
    if not yes and not confirm(question):
        message(_("Niet afgesloten; er is niets gewijzigd."))
        raise typer.Exit(1)
    result = closing.close(session.db(), session.config(), year)
    message(_("Jaar {year} afgesloten; het rapport is bewaard (controlesom {checksum}).").format(
        year=year, checksum=result["checksum"][:12]))


@app.command()
def reopen(
    year: Annotated[int, year_argument(N_("Het afgesloten jaar."))],
    reason: Annotated[
        str | None, typer.Option("--reason", help=N_("Waarom het jaar heropend wordt (bewaard)."))
    ] = None,
) -> None:
    """Heropen een afgesloten jaar, met een reden (het vorige rapport blijft bewaard)."""
    from vrijetijd_cli.i18n import _
    from vrijetijd_cli.render.output import message
    from vrijetijd_cli.services import closing

    closing.reopen(session.db(), year, reason)
    message(_("Jaar {year} heropend; sluit het opnieuw af met 'vrijetijd report close {year}'.").format(year=year))


@app.command()
def context(
    year: YearOption = None,
    fmt: ReportFormatOption = ReportFormat.table,
    output: OutputOption = None,
) -> None:
    """Toon de omgevingsanalyse: per gemeente de doelgroep, het bereik over vijf jaar en het aanbod.

    Per gemeente: de doelgroep (verhoogde tegemoetkoming, leefloon), de bereikte deelnemers van de
    laatste vijf jaar en het deel van de doelgroep, de deelnames per 100 mensen van de doelgroep en
    het aanbod per domein naast wat de inwoners ervan gebruikten. Alleen voor intern gebruik.
    """
    from vrijetijd_cli.reports import context as context_report

    _emit(context_report.build(session.db(), session.config(), year), fmt, output)


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
