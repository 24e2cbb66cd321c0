"""`vrijetijd participation add|list`."""

from typing import Annotated

import typer

from vrijetijd_cli.context import session
from vrijetijd_cli.i18n import N_, _, ngettext
from vrijetijd_cli.options import (
    DateOption,
    FormatOption,
    OutputFormat,
    OutputOption,
    ParticipantOption,
    WideOption,
    YearOption,
    count_option,
    id_option,
    noun_app,
)
from vrijetijd_cli.render.output import Column
from vrijetijd_cli.render.words import FUNDING_SOURCES, PAID_VIA

app = noun_app()

HouseholdMembers = Annotated[int, count_option(
    "--household-members",
    N_("Aantal personen van het gezin dat deelneemt, de deelnemer zelf meegeteld (minstens 1;"
       " de prijs geldt per persoon)."),
)]
Reason = Annotated[str | None, typer.Option(
    "--reason", help=N_("Reden om toch te registreren zonder actief statuut of boven het jaarplafond (wordt bewaard)."),
)]

Source = Annotated[str, typer.Option("--source", help=N_("Budgetbron: trekkingsrecht, cofinanciering of ander."))]

COLUMNS = [
    Column("id", N_("Id"), "id"),
    Column("date", N_("Datum"), "date"),
    Column("participant_id", N_("Deelnemer-id"), "id", priority=2),
    Column("activity", N_("Activiteit")),
    Column("domain", N_("Domein"), "label", "domain", priority=5),
    Column("persons", N_("Personen"), "int", priority=5),
    Column("price_cents", N_("Prijs"), "money", priority=3),
    Column("participant_paid_cents", N_("Deelnemer betaalde"), "money", priority=4),
    Column("network_paid_cents", N_("Netwerk betaalde"), "money", priority=4),
    Column("paid_via", N_("Betaald via"), "label", PAID_VIA, priority=4),
]
DETAIL = COLUMNS[:3] + [
    Column("participant", N_("Deelnemer")),
    Column("activity_id", N_("Activiteit-id"), "id"),
] + COLUMNS[3:] + [
    Column("voucher_code", N_("Code"), "code"),
    Column("budget_year", N_("Budgetjaar"), "id"),
    Column("funding_source", N_("Bron"), "label", FUNDING_SOURCES),
    Column("override_reason", N_("Uitzondering (reden)")),
]


def show_participation(participation: dict) -> None:
    """One participation as a record on stdout; an override noted on stderr."""
    from vrijetijd_cli.render.output import emit_record, message

    title = _("Deelname {id}").format(id=participation["id"])
    emit_record(participation, DETAIL, "table", None, title=title)
    if participation["override_reason"]:
        message(_("Geregistreerd als uitzondering, reden: {reason}").format(reason=participation["override_reason"]))


@app.command()
def add(
    participant: ParticipantOption,
    activity: Annotated[int, id_option("--activity", N_("Id van de activiteit."))],
    date: DateOption = None,
    household_members: HouseholdMembers = 1,
    paid_via: Annotated[str, typer.Option(
        "--paid-via", help=N_("kansentarief (deelnemer betaalt het kansentarief, netwerk de rest), waardebon"
                              " (met --voucher CODE) of gratis (niemand betaalt)."),
    )] = "kansentarief",
    voucher: Annotated[str | None, typer.Option(
        "--voucher", help=N_("Code van de waardebon (bij --paid-via voucher)."))] = None,
    source: Source = "trekkingsrecht",
    reason: Reason = None,
) -> None:
    """Registreer een deelname aan een activiteit en wie wat betaalde."""
    from vrijetijd_cli.parse import parse_date
    from vrijetijd_cli.render.words import code_of
    from vrijetijd_cli.services import participations

    day = parse_date(date, "--date") if date else None
    created = participations.add(
        session.db(), session.config(), participant, activity, day, household_members,
        code_of(PAID_VIA, paid_via), code_of(FUNDING_SOURCES, source),
        reason, voucher,
    )
    show_participation(created)


@app.command("list")
def list_(
    participant: Annotated[int | None, id_option("--participant", N_("Id van de deelnemer."))] = None,
    activity: Annotated[int | None, id_option("--activity", N_("Id van de activiteit."))] = None,
    domain: Annotated[str | None, typer.Option("--domain", help=N_("Domein (cultuur, jeugd, sport)."))] = None,
    year: YearOption = None,
    limit: Annotated[int | None, count_option("--limit", N_("Toon hoogstens zoveel deelnames."))] = None,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None, wide: WideOption = False,
) -> None:
    """Toon deelnames, gefilterd op deelnemer, activiteit, domein en jaar."""
    from vrijetijd_cli.formats import money, number
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import participations

    rows = participations.list_participations(session.db(), session.config(), participant, activity, domain,
                                              year, limit)
    sums = participations.totals(rows)
    count, persons = sums["participations"], sums["persons"]
    footer = _("{participations}, {persons}; prijs {price}, deelnemers betaalden {participant},"
               " netwerk betaalde {network}").format(
        participations=ngettext("{n} deelname", "{n} deelnames", count).format(n=number(count)),
        persons=ngettext("{n} persoon", "{n} personen", persons).format(n=number(persons)),
        price=money(sums["price_cents"]), participant=money(sums["participant_paid_cents"]),
        network=money(sums["network_paid_cents"]),
    )
    emit_list(rows, COLUMNS, fmt.value, output, wide=wide, title=_("Deelnames"), footer=footer)
