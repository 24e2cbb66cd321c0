"""`vrijetijd participation add|list`."""

from typing import Annotated

import typer

from vrijetijd_cli.context import session
from vrijetijd_cli.options import DateOption, FormatOption, OutputFormat, OutputOption, YearOption, noun_app
from vrijetijd_cli.render.output import Column

app = noun_app()

HouseholdMembers = Annotated[int, typer.Option(
    "--household-members",
    help="Aantal personen van het gezin dat deelneemt, de deelnemer zelf meegeteld (minstens 1;"
         " de prijs geldt per persoon).",
)]
Reason = Annotated[str | None, typer.Option(
    "--reason", help="Reden om toch te registreren zonder actief statuut of boven het jaarplafond (wordt bewaard).",
)]

Source = Annotated[str, typer.Option("--source", help="Budgetbron: trekkingsrecht, cofinanciering of ander.")]

COLUMNS = [
    Column("id", "common.id", "int"),
    Column("date", "common.date", "date"),
    Column("participant_id", "common.participant_id", "int"),
    Column("activity", "voucher.activity"),
    Column("domain", "common.domain", "label", "domain"),
    Column("persons", "voucher.persons", "int"),
    Column("price_cents", "voucher.price", "money"),
    Column("participant_paid_cents", "voucher.participant_paid", "money"),
    Column("network_paid_cents", "voucher.network_paid", "money"),
    Column("paid_via", "voucher.paid_via", "label", "voucher.via"),
]
DETAIL = COLUMNS[:3] + [
    Column("participant", "common.participant"),
    Column("activity_id", "voucher.activity_id", "int"),
] + COLUMNS[3:] + [
    Column("voucher_code", "voucher.code"),
    Column("budget_year", "voucher.budget_year"),
    Column("funding_source", "voucher.source", "label", "budget.source"),
    Column("override_reason", "voucher.override_reason"),
]


def show_participation(participation: dict) -> None:
    """One participation as a record on stdout; an override noted on stderr."""
    from vrijetijd_cli.render.i18n import label
    from vrijetijd_cli.render.output import emit_record, message

    lang = session.lang
    title = f"{label('voucher.participation', lang)} {participation['id']}"
    emit_record(participation, DETAIL, "table", None, lang, title=title)
    if participation["override_reason"]:
        message(label("voucher.override_message", lang).format(reason=participation["override_reason"]))


@app.command()
def add(
    participant: Annotated[int, typer.Option("--participant", help="Id van de deelnemer.")],
    activity: Annotated[int, typer.Option("--activity", help="Id van de activiteit.")],
    date: DateOption = None,
    household_members: HouseholdMembers = 1,
    paid_via: Annotated[str, typer.Option(
        "--paid-via", help="kansentarief (deelnemer betaalt het kansentarief, netwerk de rest), voucher"
                           " (met --voucher CODE) of gratis (niemand betaalt).",
    )] = "kansentarief",
    voucher: Annotated[str | None, typer.Option(
        "--voucher", help="Code van de waardebon (bij --paid-via voucher).")] = None,
    source: Source = "trekkingsrecht",
    reason: Reason = None,
) -> None:
    """Registreer een deelname aan een activiteit en wie wat betaalde."""
    from vrijetijd_cli.parse import parse_date
    from vrijetijd_cli.services import participations

    day = parse_date(date, "--date") if date else None
    created = participations.add(
        session.db(), session.config(), participant, activity, day, household_members, paid_via, source,
        reason, voucher,
    )
    show_participation(created)


@app.command("list")
def list_(
    participant: Annotated[int | None, typer.Option("--participant", help="Id van de deelnemer.")] = None,
    activity: Annotated[int | None, typer.Option("--activity", help="Id van de activiteit.")] = None,
    domain: Annotated[str | None, typer.Option("--domain", help="Domein (cultuur, jeugd, sport).")] = None,
    year: YearOption = None,
    limit: Annotated[int | None, typer.Option("--limit", help="Toon hoogstens zoveel deelnames.")] = None,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Toon deelnames, gefilterd op deelnemer, activiteit, domein en jaar."""
    from vrijetijd_cli.formats import money, number
    from vrijetijd_cli.render.i18n import label
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import participations

    lang = session.lang
    rows = participations.list_participations(session.db(), session.config(), participant, activity, domain,
                                              year, limit)
    sums = participations.totals(rows)
    footer = label("voucher.participation_total", lang).format(
        n=number(sums["participations"], lang), persons=number(sums["persons"], lang),
        price=money(sums["price_cents"], lang), participant=money(sums["participant_paid_cents"], lang),
        network=money(sums["network_paid_cents"], lang),
    )
    emit_list(rows, COLUMNS, fmt.value, output, lang, title=label("voucher.participations", lang), footer=footer)
