"""`vrijetijd referral add|list|show|update|delete`."""

from typing import Annotated

import typer

from vrijetijd_cli.commands.participant import (
    BirthDate,
    Email,
    FirstName,
    Force,
    HouseholdSize,
    LastName,
    Phone,
    Postcode,
    person_from_options,
)
from vrijetijd_cli.context import session
from vrijetijd_cli.i18n import N_, _, ngettext, pgettext
from vrijetijd_cli.options import (
    DateOption,
    FormatOption,
    GroundOption,
    OutputFormat,
    OutputOption,
    WideOption,
    YearOption,
    YesOption,
    id_argument,
    id_option,
    noun_app,
)
from vrijetijd_cli.render.output import Column
from vrijetijd_cli.render.words import REFERRAL_STATES, code_of, word

app = noun_app()

COLUMNS = [
    Column("id", N_("Id"), "id"),
    Column("date", N_("Datum"), "date"),
    Column("participant_id", N_("Deelnemer-id"), "id", priority=3),
    Column("first_name", N_("Voornaam"), priority=2),
    Column("last_name", N_("Familienaam")),
    Column("partner", N_("Partner"), priority=3),
    Column("ground", N_("Statuut"), "labels", "ground", priority=4),
    Column("domain", N_("Domein"), "label", "domain", priority=4),
    Column("state", N_("Toestand"), "label", REFERRAL_STATES),
    Column("note", N_("Opmerking"), priority=5),
]
ReferralArg = Annotated[int, id_argument(N_("Id van de toeleiding."))]


@app.command()
def add(
    partner: Annotated[str, typer.Option("--partner", help=N_("Partner die doorverwijst: id of naam."))],
    participant: Annotated[int | None, id_option("--participant", N_("Id van een bestaande deelnemer."))] = None,
    first_name: FirstName = None,
    last_name: LastName = None,
    birth_date: BirthDate = None,
    postcode: Postcode = None,
    household_size: HouseholdSize = None,
    phone: Phone = None,
    email: Email = None,
    on: DateOption = None,
    ground: GroundOption = None,
    domain: Annotated[
        str | None, typer.Option("--domain", help=N_("Gewenst domein: cultuur, jeugd, sport, …"))
    ] = None,
    note: Annotated[str, typer.Option("--note", help=N_("Opmerking."))] = "",
    force: Force = False,
    legal_basis: Annotated[
        str | None,
        typer.Option("--legal-basis", help=N_("Rechtsgrond voor een nieuwe deelnemer (standaard uit de config)."))
    ] = None,
    informed: Annotated[
        str | None,
        typer.Option("--informed", help=N_("Hoe een nieuwe deelnemer geïnformeerd werd (standaard uit de config)."))
    ] = None,
) -> None:
    """Registreer een toeleiding, voor een bestaande of een nieuwe deelnemer."""
    from dataclasses import replace

    from vrijetijd_cli import clock
    from vrijetijd_cli.errors import InvalidInput
    from vrijetijd_cli.formats import day
    from vrijetijd_cli.parse import parse_date
    from vrijetijd_cli.render.output import message
    from vrijetijd_cli.services import grounds, participants, referrals

    config = session.config()
    person = None
    if participant is not None:
        # the person's own options describe a new person: with an existing one they would be ignored
        named = [flag for flag, value in (("--first-name", first_name), ("--last-name", last_name),
                                          ("--birth-date", birth_date), ("--postcode", postcode),
                                          ("--household-size", household_size), ("--phone", phone),
                                          ("--email", email), ("--legal-basis", legal_basis),
                                          ("--informed", informed)) if value is not None]
        if named:
            raise InvalidInput(ngettext(
                "--participant en {options} gaan niet samen: --participant kiest een bestaande deelnemer,"
                " {options} beschrijft een nieuwe persoon (wijzig een bestaande met"
                " 'vrijetijd participant edit {id}')",
                "--participant en {options} gaan niet samen: --participant kiest een bestaande deelnemer,"
                " {options} beschrijven een nieuwe persoon (wijzig een bestaande met"
                " 'vrijetijd participant edit {id}')",
                len(named)).format(options=", ".join(named), id=participant))
    else:
        person = person_from_options(first_name, last_name, birth_date, postcode, household_size, phone, email, None)
        person = replace(person, **participants.registration(legal_basis or "", informed or ""))
    code = grounds.resolve_ground(config, ground) if ground else None
    wanted = grounds.resolve_domain(config, domain) if domain else None
    date = parse_date(on, "--date") if on else clock.today()
    result = referrals.add(session.db(), config, partner, date, participant, person, code, wanted, note, force)
    who = pgettext("participant", "nieuw") if result["participant_created"] else pgettext("participant", "bestaand")
    values = dict(id=result["id"], first_name=result["first_name"], last_name=result["last_name"],
                  participant=result["participant_id"], who=who, partner=result["partner"],
                  date=day(result["date"]), ground=word("ground", code) if code else "")
    if result["status_added"]:
        text = _("Toeleiding {id}: {first_name} {last_name} (deelnemer {participant}, {who}) door {partner}"
                 " op {date}, statuut {ground} toegevoegd.")
    else:
        text = _("Toeleiding {id}: {first_name} {last_name} (deelnemer {participant}, {who}) door {partner}"
                 " op {date}.")
    message(text.format(**values))


@app.command("list")
def list_(
    partner: Annotated[str | None, typer.Option("--partner", help=N_("Partner: id of naam."))] = None,
    state: Annotated[
        str | None, typer.Option("--state", help=N_("open, in behandeling, toegeleid, afgesloten of geweigerd."))
    ] = None,
    year: YearOption = None,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None, wide: WideOption = False,
) -> None:
    """Toon toeleidingen, gefilterd op partner, toestand en jaar."""
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import referrals

    rows = referrals.list_referrals(session.db(), partner=partner, state=code_of(REFERRAL_STATES, state), year=year)
    emit_list(rows, COLUMNS, fmt.value, output, wide=wide, title=_("Toeleidingen"))


@app.command()
def show(referral_id: ReferralArg, fmt: FormatOption = OutputFormat.table, output: OutputOption = None) -> None:
    """Toon een toeleiding."""
    from vrijetijd_cli.render.output import emit_record
    from vrijetijd_cli.services import referrals

    referral = referrals.get(session.db(), referral_id)
    emit_record(referral, COLUMNS, fmt.value, output, title=_("Toeleiding {id}").format(id=referral_id))


@app.command()
def update(
    referral_id: ReferralArg,
    state: Annotated[str | None, typer.Option("--state", help=N_("Nieuwe toestand."))] = None,
    note: Annotated[str | None, typer.Option("--note", help=N_("Nieuwe opmerking."))] = None,
) -> None:
    """Wijzig de toestand of opmerking van een toeleiding."""
    from vrijetijd_cli.render.output import emit_record, message
    from vrijetijd_cli.services import referrals

    referral = referrals.update(session.db(), referral_id, code_of(REFERRAL_STATES, state), note)
    emit_record(referral, COLUMNS, "table", None, title=f"#{referral_id}")
    message(_("Toeleiding {id} bijgewerkt.").format(id=referral_id))


@app.command()
def delete(referral_id: ReferralArg, yes: YesOption = False) -> None:
    """Verwijder een toeleiding die per vergissing geregistreerd werd (de deelnemer en zijn statuten blijven)."""
    from vrijetijd_cli.formats import day
    from vrijetijd_cli.render.output import confirm, message
    from vrijetijd_cli.services import referrals

    conn = session.db()
    referral = referrals.deletion(conn, referral_id)
    question = _("Toeleiding {id} verwijderen ({first_name} {last_name}, door {partner} op {date})?").format(
        id=referral_id, first_name=referral["first_name"], last_name=referral["last_name"],
        partner=referral["partner"], date=day(referral["date"]))
    if not yes and not confirm(question):
        message(_("Niet verwijderd; er is niets gewijzigd."))
        raise typer.Exit(1)
    referrals.delete(conn, referral_id)
    message(_("Toeleiding {id} verwijderd.").format(id=referral_id))
