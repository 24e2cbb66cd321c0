"""`vrijetijd voucher issue|redeem|replace|cancel|expire|list|show`."""

from typing import Annotated

import typer

from vrijetijd_cli.commands.participation import OldReason, OrganiserCarried, OverCap, WithoutStatus
from vrijetijd_cli.context import session
from vrijetijd_cli.i18n import N_, _, ngettext
from vrijetijd_cli.options import (
    FormatOption,
    MunicipalityOption,
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
    Column("replaces_code", N_("Vervangt")),
    Column("replacement_reason", N_("Reden vervanging")),
    Column("released_on", N_("Deelname geschrapt op"), "date"),
    Column("replaced_by_code", N_("Vervangen door")),
]
# the events of a voucher's life: its states, and the two corrections of a redemption
EVENTS = {**VOUCHER_STATES, "released": N_("deelname geschrapt"), "replaced": N_("vervangen")}
# the events of a voucher's life are named like its states
HISTORY = [
    Column("date", N_("Datum"), "date"),
    Column("event", N_("Gebeurtenis"), "label", EVENTS),
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
             "expired_on", "cancelled_on", "cancel_reason", "replaces_code", "replacement_reason", "released_on",
             "replaced_by_code")


def _json(row: dict) -> dict:
    """A voucher in JSON; in a regional network with the key of the municipality it is charged to
    (null: the region's budget)."""
    extra = ("municipality",) if session.config().regional else ()
    return {key: row[key] for key in (*JSON_KEYS, *extra)}


@app.command()
def issue(
    participant: ParticipantOption,
    amount: Annotated[str, typer.Option("--amount", help=N_("Waarde per bon in euro (bv. 25 of 12,50)."))],
    valid_until: Annotated[str | None, typer.Option(
        "--valid-until", metavar=N_("DATUM"), help=N_("Geldig tot (dd/mm/jjjj; standaard volgens de config)."))] = None,
    source: Source = "trekkingsrecht",
    count: Annotated[int, count_option("--count", N_("Aantal bonnen van dit bedrag."))] = 1,
    municipality: MunicipalityOption = None,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Geef een of meer waardebonnen uit aan een deelnemer.

    In een regionaal netwerk gaat een bon ten laste van het budget van de gemeente waar de deelnemer
    woont, of van --municipality.
    """
    from vrijetijd_cli.formats import money
    from vrijetijd_cli.parse import parse_date
    from vrijetijd_cli.render.output import emit_list, message
    from vrijetijd_cli.render.words import code_of
    from vrijetijd_cli.services import vouchers

    until = parse_date(valid_until, "--valid-until") if valid_until else None
    rows = vouchers.issue(session.db(), session.config(), participant, amount, until,
                          code_of(FUNDING_SOURCES, source), count, municipality)
    emit_list(rows, COLUMNS, fmt.value, output, title=_("Uitgegeven waardebonnen"), json_rows=_json)
    message(ngettext("{n} waardebon van {value} uitgegeven aan deelnemer {participant}.",
                     "{n} waardebonnen van {value} uitgegeven aan deelnemer {participant}.", len(rows)).format(
        n=len(rows), value=money(rows[0]["value_cents"]), participant=participant))
    config = session.config()
    if config.regional:
        from vrijetijd_cli.region import label

        message(_("Ten laste van het budget van {municipality}.").format(
            municipality=label(config.municipalities, rows[0]["municipality"])))


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
    over_cap: OverCap = None,
    without_status: WithoutStatus = None,
    reason: OldReason = None,
    organiser_carried: OrganiserCarried = None,
) -> None:
    """Wissel een waardebon in voor een activiteit (registreert de deelname).

    Draagt de organisator een deel van de prijs (solidaire kostendeling), dan gaat dat er eerst af;
    de bon betaalt de rest, tot zijn waarde. Een ticket voor een latere dag mag vooraf: de deelname
    krijgt de datum van de activiteit en telt in dat jaar; de bon wordt vandaag gebruikt.
    """
    from vrijetijd_cli import clock
    from vrijetijd_cli.commands.participation import override_messages, refuse_old_reason, show_participation
    from vrijetijd_cli.formats import day as day_text
    from vrijetijd_cli.formats import money
    from vrijetijd_cli.parse import parse_date
    from vrijetijd_cli.render.output import message
    from vrijetijd_cli.services import vouchers

    refuse_old_reason(reason)
    day = parse_date(date, "--date") if date else None
    result = vouchers.redeem(session.db(), session.config(), code, activity, day, amount, household_members,
                             over_cap, without_status, organiser_carried=organiser_carried)
    show_participation(result["participation"])
    p = result["participation"]
    message(_("Waardebon {code} ingewisseld voor {activity}: de bon betaalt {paid}, de deelnemer {rest}.").format(
        code=result["voucher"]["code"], activity=p["activity"], paid=money(p["network_paid_cents"]),
        rest=money(p["participant_paid_cents"])))
    if p["organiser_carried_cents"]:
        message(_("De organisator droeg {organiser} van de prijs {price}.").format(
            organiser=money(p["organiser_carried_cents"]), price=money(p["price_cents"])))
    if p["date"] > clock.today().isoformat():
        message(_("Vooraf ingewisseld: deelname {id} heeft de datum van de activiteit ({date}) en telt in {year}.")
                .format(id=p["id"], date=day_text(p["date"]), year=p["date"][:4]))
    override_messages(p, over_cap, without_status)
    lapsed = result["voucher"]["value_cents"] - p["network_paid_cents"]
    if lapsed:
        message(_("Het niet gebruikte deel van de bon ({amount}) vervalt en blijft in het budget.").format(
            amount=money(lapsed)))


@app.command()
def replace(
    code: CodeArg,
    reason: Annotated[str, typer.Option("--reason", help=N_("Waarom de bon vervangen wordt (wordt bewaard)."))],
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Geef een vervangende bon voor een bon die per vergissing ingewisseld werd.

    De oude code blijft ingewisseld (een code wordt nooit twee keer gebruikt) en de deelname
    blijft staan; de deelnemer krijgt een nieuwe code met dezelfde waarde, hetzelfde budgetjaar
    en dezelfde geldigheid. Om de deelname zelf te schrappen: 'vrijetijd participation delete ID'.
    """
    from vrijetijd_cli.formats import day, money
    from vrijetijd_cli.render.output import emit_list, message
    from vrijetijd_cli.services import voucher_replacements

    result = voucher_replacements.replace(session.db(), code, reason)
    new, old = result["new"], result["old"]
    emit_list([new], COLUMNS, fmt.value, None, title=_("Vervangende waardebon"), json_rows=_json)
    message(_("Vervangende waardebon {code} voor deelnemer {participant}: {value}, geldig tot {until}, in de plaats"
              " van {old} (die blijft ingewisseld).").format(
        code=new["code"], participant=new["participant_id"], value=money(new["value_cents"]),
        until=day(new["valid_until"]), old=old["code"]))


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
    if kind == "issued" and not event.get("replaces"):
        return _("{value}, {source}, geldig tot {date}").format(
            value=money(event["value_cents"]), source=word(FUNDING_SOURCES, event["funding_source"]),
            date=day(event["valid_until"]))
    if kind == "redeemed" and event["participation_id"] is None:
        return _("de deelname is niet meer met deze bon betaald")
    if kind == "redeemed":
        return _("{activity} ({activity_id}), deelname {participation}, betaald {paid}").format(
            activity=event["activity"], activity_id=event["activity_id"], participation=event["participation_id"],
            paid=money(event["paid_cents"]))
    if kind == "issued" and event.get("replaces"):
        return _("{value}, {source}, geldig tot {date}, ter vervanging van {old} ({reason})").format(
            value=money(event["value_cents"]), source=word(FUNDING_SOURCES, event["funding_source"]),
            date=day(event["valid_until"]), old=event["replaces"], reason=event["reason"])
    if kind == "replaced":
        return _("door {code} ({reason})").format(code=event["replaced_by"], reason=event["reason"])
    if kind == "cancelled":
        return _("reden: {reason}").format(reason=event["reason"])
    return ""
