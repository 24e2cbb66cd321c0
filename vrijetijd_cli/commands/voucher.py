"""`vrijetijd voucher issue|redeem|cancel|expire|list|show`."""

from typing import Annotated

import typer

from vrijetijd_cli.context import session
from vrijetijd_cli.i18n import N_, _, ngettext
from vrijetijd_cli.options import (
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
from vrijetijd_cli.render.words import AUDIT_ACTIONS, AUDIT_FIELDS, FUNDING_SOURCES, VOUCHER_STATES

app = noun_app()

CodeArg = Annotated[str, typer.Argument(
    help=N_("Code van de waardebon (hoofd- of kleine letters, met of zonder streepjes)."))]
Source = Annotated[str, typer.Option("--source", help=N_("Budgetbron: trekkingsrecht, cofinanciering of ander."))]

COLUMNS = [
    Column("code", N_("Code"), "code"),
    Column("participant_id", N_("Deelnemer-id"), "id", priority=3),
    Column("participant", N_("Deelnemer"), priority=2),
    Column("value_cents", N_("Waarde"), "money"),
    Column("issued_on", N_("Uitgegeven op"), "date", priority=3),
    Column("valid_until", N_("Geldig tot"), "date"),
    Column("funding_source", N_("Bron"), "label", FUNDING_SOURCES, priority=3),
    Column("state", N_("Toestand"), "label", VOUCHER_STATES),
]
DETAIL = COLUMNS + [
    Column("budget_year", N_("Budgetjaar"), "id"),
    Column("redeemed_on", N_("Ingewisseld op"), "date"),
    Column("activity", N_("Activiteit")),
    Column("paid_cents", N_("Betaald met de bon"), "money"),
    Column("expired_on", N_("Vervallen op"), "date"),
    Column("cancelled_on", N_("Geannuleerd op"), "date"),
    Column("cancel_reason", N_("Reden annulering")),
]
# the events of a voucher's life are named like its states
HISTORY = [
    Column("date", N_("Datum"), "date"),
    Column("event", N_("Gebeurtenis"), "label", VOUCHER_STATES),
    Column("detail", N_("Details")),
]
AUDIT = [
    Column("at", N_("Tijdstip"), "code"),
    Column("os_user", N_("Gebruiker"), priority=3),
    Column("command", N_("Opdracht"), priority=4),
    Column("action", N_("Actie"), "label", AUDIT_ACTIONS),
    Column("fields", N_("Velden"), "labels", AUDIT_FIELDS),
]
# what `voucher list --format json` gives per voucher
JSON_KEYS = ("id", "code", "participant_id", "value_cents", "issued_on", "valid_until", "budget_year",
             "funding_source", "state", "redeemed_on", "activity_id", "participation_id", "paid_cents",
             "expired_on", "cancelled_on", "cancel_reason")


def _json(row: dict) -> dict:
    return {key: row[key] for key in JSON_KEYS}


@app.command()
def issue(
    participant: ParticipantOption,
    amount: Annotated[str, typer.Option("--amount", help=N_("Waarde per bon in euro (bv. 25 of 12,50)."))],
    valid_until: Annotated[str | None, typer.Option(
        "--valid-until", metavar=N_("DATUM"), help=N_("Geldig tot (dd/mm/jjjj; standaard volgens de config)."))] = None,
    source: Source = "trekkingsrecht",
    count: Annotated[int, count_option("--count", N_("Aantal bonnen van dit bedrag."))] = 1,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Geef een of meer waardebonnen uit aan een deelnemer."""
    from vrijetijd_cli.parse import parse_date
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.render.words import code_of
    from vrijetijd_cli.services import vouchers

    until = parse_date(valid_until, "--valid-until") if valid_until else None
    rows = vouchers.issue(session.db(), session.config(), participant, amount, until,
                          code_of(FUNDING_SOURCES, source), count)
    emit_list(rows, COLUMNS, fmt.value, output, title=_("Uitgegeven waardebonnen"), json_rows=_json)


@app.command()
def redeem(
    code: CodeArg,
    activity: Annotated[int, id_option("--activity", N_("Id van de activiteit."))],
    amount: Annotated[str | None, typer.Option(
        "--amount", help=N_("Wat de bon betaalt (standaard de prijs, hoogstens de waarde van de bon)."))] = None,
    date: Annotated[str | None, typer.Option(
        "--date", metavar=N_("DATUM"), help=N_("Datum van de deelname (standaard vandaag)."))] = None,
    household_members: Annotated[int, count_option(
        "--household-members",
        N_("Aantal personen van het gezin dat deelneemt, de deelnemer zelf meegeteld (minstens 1)."))] = 1,
    reason: Annotated[str | None, typer.Option(
        "--reason", help=N_("Reden om toch in te wisselen zonder actief statuut of boven het jaarplafond."))] = None,
) -> None:
    """Wissel een waardebon in voor een activiteit (registreert de deelname)."""
    from vrijetijd_cli.commands.participation import show_participation
    from vrijetijd_cli.formats import money
    from vrijetijd_cli.parse import parse_date
    from vrijetijd_cli.render.output import message
    from vrijetijd_cli.services import vouchers

    day = parse_date(date, "--date") if date else None
    result = vouchers.redeem(session.db(), session.config(), code, activity, day, amount, household_members, reason)
    show_participation(result["participation"])
    p = result["participation"]
    message(_("Waardebon {code} ingewisseld voor {activity}: de bon betaalt {paid}, de deelnemer {rest}.").format(
        code=result["voucher"]["code"], activity=p["activity"], paid=money(p["network_paid_cents"]),
        rest=money(p["participant_paid_cents"])))
    lapsed = result["voucher"]["value_cents"] - p["network_paid_cents"]
    if lapsed:
        message(_("Het niet gebruikte deel van de bon ({amount}) vervalt en blijft in het budget.").format(
            amount=money(lapsed)))


@app.command()
def cancel(
    code: CodeArg,
    reason: Annotated[str, typer.Option("--reason", help=N_("Waarom de bon geannuleerd wordt."))],
) -> None:
    """Annuleer een waardebon die nog niet ingewisseld is."""
    from vrijetijd_cli.render.output import message
    from vrijetijd_cli.services import vouchers

    voucher = vouchers.cancel(session.db(), code, reason)
    message(_("Waardebon {code} geannuleerd.").format(code=voucher["code"]))


@app.command()
def expire() -> None:
    """Zet alle uitgegeven waardebonnen waarvan de geldigheid voorbij is op vervallen."""
    from vrijetijd_cli.render.output import message
    from vrijetijd_cli.services import vouchers

    result = vouchers.expire(session.db())
    count, left = result["expired"], result["left_in_closed_years"]
    message(ngettext("{n} waardebon op vervallen gezet.", "{n} waardebonnen op vervallen gezet.", count).format(
        n=count))
    if left:
        message(ngettext("{n} waardebon van een afgesloten jaar bleef staan (dat rapport verandert niet).",
                         "{n} waardebonnen van afgesloten jaren bleven staan (die rapporten veranderen niet).",
                         left).format(n=left))


@app.command("list")
def list_(
    state: Annotated[str | None, typer.Option(
        "--state", help=N_("uitgegeven, ingewisseld, vervallen of geannuleerd (of issued, redeemed, …)."))] = None,
    participant: Annotated[int | None, id_option("--participant", N_("Id van de deelnemer."))] = None,
    year: YearOption = None,
    limit: Annotated[int | None, count_option("--limit", N_("Toon hoogstens zoveel bonnen."))] = None,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None, wide: WideOption = False,
) -> None:
    """Toon waardebonnen, gefilterd op toestand, deelnemer en budgetjaar."""
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import vouchers

    rows = vouchers.list_vouchers(session.db(), state, participant, year, limit)
    emit_list(rows, COLUMNS, fmt.value, output, wide=wide, title=_("Waardebonnen"), json_rows=_json)


@app.command()
def show(
    code: CodeArg, fmt: FormatOption = OutputFormat.table, output: OutputOption = None, wide: WideOption = False
) -> None:
    """Toon een waardebon met zijn hele geschiedenis."""
    from vrijetijd_cli.render.output import emit_record
    from vrijetijd_cli.services import vouchers

    voucher = vouchers.history(session.db(), code)
    events = [{**event, "detail": _detail(event)} for event in voucher["history"]]
    emit_record(
        voucher, DETAIL, fmt.value, output, wide=wide, title=_("Waardebon {code}").format(code=voucher["code"]),
        sections=[(_("Geschiedenis"), HISTORY, events), (_("Logboek"), AUDIT, voucher["audit"])],
        json_data={**_json(voucher), "participant": voucher["participant"], "activity": voucher["activity"],
                   "history": voucher["history"], "audit": voucher["audit"]},
    )


def _detail(event: dict) -> str:
    """One line about an event, in the user's language."""
    from vrijetijd_cli.formats import day, money
    from vrijetijd_cli.render.words import word

    kind = event["event"]
    if kind == "issued":
        return _("{value}, {source}, geldig tot {date}").format(
            value=money(event["value_cents"]), source=word(FUNDING_SOURCES, event["funding_source"]),
            date=day(event["valid_until"]))
    if kind == "redeemed":
        return _("{activity} ({activity_id}), deelname {participation}, betaald {paid}").format(
            activity=event["activity"], activity_id=event["activity_id"], participation=event["participation_id"],
            paid=money(event["paid_cents"]))
    if kind == "cancelled":
        return _("reden: {reason}").format(reason=event["reason"])
    return ""
