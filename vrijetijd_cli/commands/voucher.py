"""`vrijetijd voucher issue|redeem|cancel|expire|list|show`."""

from typing import Annotated

import typer

from vrijetijd_cli.context import session
from vrijetijd_cli.options import FormatOption, OutputFormat, OutputOption, YearOption, noun_app
from vrijetijd_cli.render.output import Column

app = noun_app()

CodeArg = Annotated[str, typer.Argument(
    help="Code van de waardebon (hoofd- of kleine letters, met of zonder streepjes).")]
Source = Annotated[str, typer.Option("--source", help="Budgetbron: trekkingsrecht, cofinanciering of ander.")]

COLUMNS = [
    Column("code", "voucher.code"),
    Column("participant_id", "common.participant_id", "int"),
    Column("participant", "common.participant"),
    Column("value_cents", "voucher.value", "money"),
    Column("issued_on", "voucher.issued_on", "date"),
    Column("valid_until", "common.valid_until", "date"),
    Column("funding_source", "voucher.source", "label", "budget.source"),
    Column("state", "common.state", "label", "voucher.state"),
]
DETAIL = COLUMNS + [
    Column("budget_year", "voucher.budget_year"),
    Column("redeemed_on", "voucher.redeemed_on", "date"),
    Column("activity", "voucher.activity"),
    Column("paid_cents", "voucher.paid", "money"),
    Column("expired_on", "voucher.expired_on", "date"),
    Column("cancelled_on", "voucher.cancelled_on", "date"),
    Column("cancel_reason", "voucher.cancel_reason"),
]
HISTORY = [
    Column("date", "common.date", "date"),
    Column("event", "voucher.event", "label", "voucher.event"),
    Column("detail", "voucher.detail"),
]
AUDIT = [
    Column("at", "voucher.at"),
    Column("os_user", "voucher.user"),
    Column("command", "voucher.command"),
    Column("action", "voucher.action"),
    Column("fields", "voucher.fields"),
]
# what `voucher list --format json` gives per voucher
JSON_KEYS = ("id", "code", "participant_id", "value_cents", "issued_on", "valid_until", "budget_year",
             "funding_source", "state", "redeemed_on", "activity_id", "participation_id", "paid_cents",
             "expired_on", "cancelled_on", "cancel_reason")


def _json(row: dict) -> dict:
    return {key: row[key] for key in JSON_KEYS}


@app.command()
def issue(
    participant: Annotated[int, typer.Option("--participant", help="Id van de deelnemer.")],
    amount: Annotated[str, typer.Option("--amount", help="Waarde per bon in euro (bv. 25 of 12,50).")],
    valid_until: Annotated[str | None, typer.Option(
        "--valid-until", help="Geldig tot (dd/mm/jjjj; standaard volgens de config).")] = None,
    source: Source = "trekkingsrecht",
    count: Annotated[int, typer.Option("--count", help="Aantal bonnen van dit bedrag.")] = 1,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Geef een of meer waardebonnen uit aan een deelnemer."""
    from vrijetijd_cli.parse import parse_date
    from vrijetijd_cli.render.i18n import label
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import vouchers

    until = parse_date(valid_until, "--valid-until") if valid_until else None
    rows = vouchers.issue(session.db(), session.config(), participant, amount, until, source, count)
    emit_list(rows, COLUMNS, fmt.value, output, session.lang, title=label("voucher.issued_title", session.lang),
              json_rows=_json)


@app.command()
def redeem(
    code: CodeArg,
    activity: Annotated[int, typer.Option("--activity", help="Id van de activiteit.")],
    amount: Annotated[str | None, typer.Option(
        "--amount", help="Wat de bon betaalt (standaard de prijs, hoogstens de waarde van de bon).")] = None,
    date: Annotated[str | None, typer.Option("--date", help="Datum van de deelname (standaard vandaag).")] = None,
    household_members: Annotated[int, typer.Option(
        "--household-members",
        help="Aantal personen van het gezin dat deelneemt, de deelnemer zelf meegeteld (minstens 1).")] = 1,
    reason: Annotated[str | None, typer.Option(
        "--reason", help="Reden om toch in te wisselen zonder actief statuut of boven het jaarplafond.")] = None,
) -> None:
    """Wissel een waardebon in voor een activiteit (registreert de deelname)."""
    from vrijetijd_cli.commands.participation import show_participation
    from vrijetijd_cli.formats import money
    from vrijetijd_cli.parse import parse_date
    from vrijetijd_cli.render.i18n import label
    from vrijetijd_cli.render.output import message
    from vrijetijd_cli.services import vouchers

    day = parse_date(date, "--date") if date else None
    result = vouchers.redeem(session.db(), session.config(), code, activity, day, amount, household_members, reason)
    show_participation(result["participation"])
    p, lang = result["participation"], session.lang
    message(label("voucher.redeemed_message", lang).format(
        code=result["voucher"]["code"], activity=p["activity"], paid=money(p["network_paid_cents"], lang),
        rest=money(p["participant_paid_cents"], lang)))
    lapsed = result["voucher"]["value_cents"] - p["network_paid_cents"]
    if lapsed:
        message(label("voucher.lapsed_message", lang).format(amount=money(lapsed, lang)))


@app.command()
def cancel(
    code: CodeArg,
    reason: Annotated[str, typer.Option("--reason", help="Waarom de bon geannuleerd wordt.")],
) -> None:
    """Annuleer een waardebon die nog niet ingewisseld is."""
    from vrijetijd_cli.render.i18n import label
    from vrijetijd_cli.render.output import message
    from vrijetijd_cli.services import vouchers

    voucher = vouchers.cancel(session.db(), code, reason)
    message(label("voucher.cancelled_message", session.lang).format(code=voucher["code"]))


@app.command()
def expire() -> None:
    """Zet alle uitgegeven waardebonnen waarvan de geldigheid voorbij is op vervallen."""
    from vrijetijd_cli.render.i18n import label
    from vrijetijd_cli.render.output import message
    from vrijetijd_cli.services import vouchers

    count = vouchers.expire(session.db())
    message(label("voucher.expired_count", session.lang).format(n=count))


@app.command("list")
def list_(
    state: Annotated[str | None, typer.Option(
        "--state", help="uitgegeven, ingewisseld, vervallen of geannuleerd (of issued, redeemed, …).")] = None,
    participant: Annotated[int | None, typer.Option("--participant", help="Id van de deelnemer.")] = None,
    year: YearOption = None,
    limit: Annotated[int | None, typer.Option("--limit", help="Toon hoogstens zoveel bonnen.")] = None,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Toon waardebonnen, gefilterd op toestand, deelnemer en budgetjaar."""
    from vrijetijd_cli.render.i18n import label
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import vouchers

    rows = vouchers.list_vouchers(session.db(), state, participant, year, limit)
    emit_list(rows, COLUMNS, fmt.value, output, session.lang, title=label("voucher.vouchers", session.lang),
              json_rows=_json)


@app.command()
def show(code: CodeArg, fmt: FormatOption = OutputFormat.table, output: OutputOption = None) -> None:
    """Toon een waardebon met zijn hele geschiedenis."""
    from vrijetijd_cli.render.i18n import label
    from vrijetijd_cli.render.output import emit_record
    from vrijetijd_cli.services import vouchers

    lang = session.lang
    voucher = vouchers.history(session.db(), code)
    events = [{**event, "detail": _detail(event, lang)} for event in voucher["history"]]
    emit_record(
        voucher, DETAIL, fmt.value, output, lang, title=f"{label('voucher.voucher', lang)} {voucher['code']}",
        sections=[(label("voucher.history", lang), HISTORY, events),
                  (label("voucher.audit", lang), AUDIT, voucher["audit"])],
        json_data={**_json(voucher), "participant": voucher["participant"], "activity": voucher["activity"],
                   "history": voucher["history"], "audit": voucher["audit"]},
    )


def _detail(event: dict, lang: str) -> str:
    """One line about an event, in the user's language."""
    from vrijetijd_cli.formats import day, money
    from vrijetijd_cli.render.i18n import label

    kind = event["event"]
    if kind == "issued":
        return (f"{money(event['value_cents'], lang)}, {label('budget.source.' + event['funding_source'], lang)},"
                f" {label('voucher.valid_until_short', lang)} {day(event['valid_until'])}")
    if kind == "redeemed":
        return (f"{event['activity']} ({event['activity_id']}), {label('voucher.participation_short', lang)}"
                f" {event['participation_id']}, {label('voucher.paid_short', lang)} {money(event['paid_cents'], lang)}")
    if kind == "cancelled":
        return f"{label('voucher.reason_short', lang)}: {event['reason']}"
    return ""
