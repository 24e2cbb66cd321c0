"""`vrijetijd participation add|list|edit|delete`."""

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
    YesOption,
    count_option,
    id_argument,
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
OverCap = Annotated[str | None, typer.Option(
    "--over-cap", metavar=N_("REDEN"),
    help=N_("Reden om toch te registreren boven het jaarplafond (wordt bewaard); lost niets anders op."),
)]
WithoutStatus = Annotated[str | None, typer.Option(
    "--without-status", metavar=N_("REDEN"),
    help=N_("Reden om toch te registreren zonder actief statuut (wordt bewaard); lost niets anders op."),
)]
# the one --reason of before the split: a clear message instead of 'no such option'
OldReason = Annotated[str | None, typer.Option("--reason", hidden=True)]
NoReplacement = Annotated[bool, typer.Option(
    "--no-replacement", help=N_("Geen vervangende waardebon geven voor een bon die deze deelname betaalde."))]
ParticipationArg = Annotated[int, id_argument(N_("Id van de deelname."))]

Source = Annotated[str, typer.Option("--source", help=N_("Budgetbron: trekkingsrecht, cofinanciering of ander."))]
Paid = Annotated[str | None, typer.Option(
    "--paid", metavar=N_("BEDRAG"), help=N_("Wat de deelnemer betaalde voor de hele deelname (standaard: het"
                                          " kansentarief × personen)."))]
OrganiserCarried = Annotated[str | None, typer.Option(
    "--organiser-carried", metavar=N_("BEDRAG"),
    help=N_("Wat de organisator droeg van de prijs (standaard: het deel van de organisator van de activiteit of"
            " van de organiserende partner)."))]
NetworkPaid = Annotated[str | None, typer.Option(
    "--network-paid", metavar=N_("BEDRAG"),
    help=N_("Wat het netwerk betaalde (standaard: de rest van de prijs); de vier bedragen moeten samen de prijs"
            " zijn."))]

COLUMNS = [
    Column("id", N_("Id"), "id"),
    Column("date", N_("Datum"), "date"),
    Column("participant_id", N_("Deelnemer-id"), "id", priority=2),
    Column("activity", N_("Activiteit")),
    Column("domain", N_("Domein"), "label", "domain", priority=5),
    Column("persons", N_("Personen"), "int", priority=5),
    Column("price_cents", N_("Prijs"), "money", priority=3),
    Column("participant_paid_cents", N_("Deelnemer betaalde"), "money", priority=4),
    Column("organiser_carried_cents", N_("Organisator droeg"), "money", priority=5),
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
    Column("over_cap_reason", N_("Boven het jaarplafond (reden)")),
    Column("without_status_reason", N_("Zonder actief statuut (reden)")),
]


def refuse_old_reason(reason: str | None) -> None:
    """--reason lifted the cap and the status check together; it is two options now."""
    if reason is not None:
        from vrijetijd_cli.errors import InvalidInput

        raise InvalidInput(_("--reason bestaat niet meer: geef --over-cap REDEN (boven het jaarplafond) of"
                             " --without-status REDEN (zonder actief statuut), elk voor wat het zegt"))


def override_messages(participation: dict, over_cap: str | None, without_status: str | None) -> None:
    """On stderr: the exceptions stored, and a reason given for a rule that held (not stored)."""
    from vrijetijd_cli.render.output import message

    if participation["over_cap_reason"]:
        message(_("Geregistreerd boven het jaarplafond, reden: {reason}").format(
            reason=participation["over_cap_reason"]))
    elif over_cap is not None:
        message(_("--over-cap was niet nodig: het jaarplafond is niet overschreden; er is geen uitzondering bewaard."))
    if participation["without_status_reason"]:
        message(_("Geregistreerd zonder actief statuut, reden: {reason}").format(
            reason=participation["without_status_reason"]))
    elif without_status is not None:
        message(_("--without-status was niet nodig: er is een actief statuut; er is geen uitzondering bewaard."))


def show_participation(participation: dict) -> None:
    """One participation as a record on stdout."""
    from vrijetijd_cli.render.output import emit_record

    title = _("Deelname {id}").format(id=participation["id"])
    emit_record(participation, DETAIL, "table", None, title=title)


def registered(participation: dict) -> str:
    """The confirmation of a new participation."""
    from vrijetijd_cli.formats import day, money

    if participation["organiser_carried_cents"]:
        return _("Deelname {id} geregistreerd: {participant} bij {activity} op {date}; de organisator droeg"
                 " {organiser}, het netwerk betaalde {network}.").format(
            id=participation["id"], participant=participation["participant"], activity=participation["activity"],
            date=day(participation["date"]), organiser=money(participation["organiser_carried_cents"]),
            network=money(participation["network_paid_cents"]))
    return _("Deelname {id} geregistreerd: {participant} bij {activity} op {date}; het netwerk betaalde"
             " {network}.").format(id=participation["id"], participant=participation["participant"],
                                   activity=participation["activity"], date=day(participation["date"]),
                                   network=money(participation["network_paid_cents"]))


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
    over_cap: OverCap = None,
    without_status: WithoutStatus = None,
    reason: OldReason = None,
    price: Annotated[str | None, typer.Option(
        "--price", metavar=N_("BEDRAG"),
        help=N_("De volle prijs van de hele deelname (standaard: die van de activiteit × personen)."))] = None,
    paid: Paid = None,
    organiser_carried: OrganiserCarried = None,
    network_paid: NetworkPaid = None,
) -> None:
    """Registreer een deelname aan een activiteit en wie wat betaalde.

    De prijs wordt verdeeld: de deelnemer betaalt het kansentarief, de organisator draagt zijn deel
    (solidaire kostendeling: het deel van de activiteit, anders dat van de organiserende partner)
    en het netwerk de rest. Met --price, --paid, --organiser-carried en --network-paid geeft u de
    verdeling zelf; wat u niet geeft, wordt berekend, en vier bedragen die samen niet de prijs
    zijn, worden geweigerd.
    """
    from vrijetijd_cli.parse import parse_date
    from vrijetijd_cli.render.output import message
    from vrijetijd_cli.render.words import code_of
    from vrijetijd_cli.services import participations

    refuse_old_reason(reason)
    day = parse_date(date, "--date") if date else None
    created = participations.add(
        session.db(), session.config(), participant, activity, day, household_members,
        code_of(PAID_VIA, paid_via), code_of(FUNDING_SOURCES, source), over_cap, without_status, voucher,
        split={"price": price, "participant": paid, "organiser": organiser_carried, "network": network_paid},
    )
    show_participation(created)
    message(registered(created))
    override_messages(created, over_cap, without_status)


@app.command()
def edit(
    participation: ParticipationArg,
    date: Annotated[str | None, typer.Option("--date", metavar=N_("DATUM"), help=N_("De juiste datum."))] = None,
    household_members: Annotated[int | None, count_option(
        "--household-members", N_("Het juiste aantal personen (de deelnemer meegeteld)."))] = None,
    price: Annotated[str | None, typer.Option(
        "--price", metavar=N_("BEDRAG"),
        help=N_("De volle prijs van de hele deelname (standaard: die van de activiteit × personen)."))] = None,
    paid_via: Annotated[str | None, typer.Option(
        "--paid-via", help=N_("kansentarief of gratis (een waardebon: 'voucher redeem')."))] = None,
    over_cap: OverCap = None,
    without_status: WithoutStatus = None,
    no_replacement: NoReplacement = False,
    paid: Paid = None,
    organiser_carried: OrganiserCarried = None,
    network_paid: NetworkPaid = None,
) -> None:
    """Verbeter een deelname: datum, personen, prijs, betaalwijze of verdeling; het budget volgt.

    Nieuwe personen of een andere betaalwijze rekenen de bedragen opnieuw uit zoals bij 'add'
    (met de prijs, het kansentarief en het deel van de organisator zoals ze nu zijn);
    --price geeft de volle prijs zelf. --paid, --organiser-carried en --network-paid verbeteren de
    verdeling: het netwerk krijgt de rest, tenzij u zijn deel geeft, en de vier bedragen moeten
    samen de prijs zijn. Was de deelname met een waardebon betaald en niet meer, dan
    blijft die bon ingewisseld en krijgt de deelnemer een vervangende bon (tenzij --no-replacement).
    """
    from vrijetijd_cli.errors import InvalidInput
    from vrijetijd_cli.parse import parse_date
    from vrijetijd_cli.render.output import message
    from vrijetijd_cli.render.words import code_of
    from vrijetijd_cli.services import participations

    given = (date, household_members, price, paid_via, over_cap, without_status, paid, organiser_carried,
             network_paid)
    if all(value is None for value in given):
        raise InvalidInput(_("geef wat verandert: --date, --household-members, --price, --paid-via, --paid,"
                             " --organiser-carried, --network-paid, --over-cap of --without-status"))
    day = parse_date(date, "--date") if date else None
    split = {"participant": paid, "organiser": organiser_carried, "network": network_paid}
    changed = participations.edit(session.db(), session.config(), participation, day, household_members, price,
                                  code_of(PAID_VIA, paid_via) if paid_via else None, over_cap, without_status,
                                  not no_replacement, split)
    show_participation(changed)
    if changed["changed"]:
        message(_("Deelname {id} gewijzigd ({fields}).").format(id=participation, fields=", ".join(
            _(FIELD_WORDS.get(f, f)) for f in changed["changed"] if f in FIELD_WORDS)))
    else:
        message(_("Deelname {id} is ongewijzigd.").format(id=participation))
    if changed["replacement"]:
        replacement_message(changed["replacement"], changed["released"])
    elif changed["released"]:
        message(_("Waardebon {code} blijft ingewisseld; er is geen vervangende bon gegeven.").format(
            code=changed["released"]))


# the fields of a participation in a message
FIELD_WORDS = {
    "date": N_("datum"), "persons": N_("personen"), "price_cents": N_("prijs"),
    "participant_paid_cents": N_("deelnemer betaalde"), "network_paid_cents": N_("netwerk betaalde"),
    "organiser_carried_cents": N_("organisator droeg"),
    "paid_via": N_("betaald via"), "budget_year": N_("budgetjaar"), "over_cap_reason": N_("reden boven plafond"),
    "without_status_reason": N_("reden zonder statuut"),
}


def replacement_message(voucher: dict, old_code: str) -> None:
    """The replacement voucher: its code on stdout (to hand over), the confirmation on stderr."""
    from vrijetijd_cli.formats import day, money
    from vrijetijd_cli.render.output import message

    print(voucher["code"])
    message(_("Vervangende waardebon {code} voor deelnemer {participant}: {value}, geldig tot {until}, in de plaats"
              " van {old} (die blijft ingewisseld).").format(
        code=voucher["code"], participant=voucher["participant_id"], value=money(voucher["value_cents"]),
        until=day(voucher["valid_until"]), old=voucher["replaces_code"] or old_code))


@app.command()
def delete(participation: ParticipationArg, yes: YesOption = False, no_replacement: NoReplacement = False) -> None:
    """Verwijder een deelname; wat het netwerk betaalde, gaat terug naar het budget.

    Betaalde een waardebon ze, dan blijft die bon ingewisseld (een code wordt nooit twee keer
    gebruikt) en krijgt de deelnemer een vervangende bon met dezelfde waarde, hetzelfde
    budgetjaar en dezelfde geldigheid (tenzij --no-replacement).
    """
    from vrijetijd_cli.formats import day, money
    from vrijetijd_cli.render.output import confirm, message
    from vrijetijd_cli.services import participations

    conn = session.db()
    plan = participations.deletion(conn, participation, not no_replacement)
    x = plan["participation"]
    question = _("Deelname {id} verwijderen ({participant} bij {activity} op {date}; het netwerk betaalde"
                 " {network})?").format(id=x["id"], participant=x["participant"], activity=x["activity"],
                                        date=day(x["date"]), network=money(x["network_paid_cents"]))
    if plan["replacement"]:
        question += " " + _("Waardebon {code} blijft ingewisseld; de deelnemer krijgt een vervangende bon van"
                            " {value}.").format(code=plan["voucher"]["code"],
                                                value=money(plan["voucher"]["value_cents"]))
    if not yes and not confirm(question):
        message(_("Niet verwijderd; er is niets gewijzigd."))
        raise typer.Exit(1)
    done = participations.delete(conn, participation, not no_replacement)
    message(_("Deelname {id} verwijderd; {network} gaat terug naar het budget {year}.").format(
        id=x["id"], network=money(x["network_paid_cents"]), year=x["budget_year"]))
    if done["new_voucher"]:
        replacement_message(done["new_voucher"], x["voucher_code"])
    elif done["voucher"] is not None:
        message(_("Waardebon {code} blijft ingewisseld; er is geen vervangende bon gegeven.").format(
            code=done["voucher"]["code"]))


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
    # the organisers' part only where one carried something (docs/architecture.md, "Shared cost")
    footer = (_("{participations}, {persons}; prijs {price}, deelnemers betaalden {participant},"
                " organisatoren droegen {organiser}, netwerk betaalde {network}") if sums["organiser_carried_cents"]
              else _("{participations}, {persons}; prijs {price}, deelnemers betaalden {participant},"
                     " netwerk betaalde {network}")).format(
        participations=ngettext("{n} deelname", "{n} deelnames", count).format(n=number(count)),
        persons=ngettext("{n} persoon", "{n} personen", persons).format(n=number(persons)),
        price=money(sums["price_cents"]), participant=money(sums["participant_paid_cents"]),
        organiser=money(sums["organiser_carried_cents"]), network=money(sums["network_paid_cents"]),
    )
    emit_list(rows, COLUMNS, fmt.value, output, wide=wide, title=_("Deelnames"), footer=footer)
