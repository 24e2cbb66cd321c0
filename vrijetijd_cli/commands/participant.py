"""`vrijetijd participant add|list|show|edit|search|export|forget` and `participant status …`."""

from typing import Annotated

import typer

from vrijetijd_cli.commands import participant_privacy
from vrijetijd_cli.context import session
from vrijetijd_cli.i18n import N_, NP_, _
from vrijetijd_cli.options import (
    FormatOption,
    GroundOption,
    OutputFormat,
    OutputOption,
    ParticipantOption,
    count_option,
    id_argument,
    id_option,
    noun_app,
)
from vrijetijd_cli.render.output import Column
from vrijetijd_cli.render.words import REFERRAL_STATES, STATUS_STATES

app = noun_app()
# export and forget first, as they always were listed
app.registered_commands += participant_privacy.commands.registered_commands
status_app = noun_app(help=N_("Statuten (doelgroepgrond met geldigheid)."))
app.add_typer(status_app, name="status", help=N_("Statuten (doelgroepgrond met geldigheid)."))

ParticipantArg = Annotated[int, id_argument(N_("Id van de deelnemer."))]
FirstName = Annotated[str | None, typer.Option("--first-name", help=N_("Voornaam."))]
LastName = Annotated[str | None, typer.Option("--last-name", help=N_("Familienaam."))]
BirthDate = Annotated[str | None, typer.Option("--birth-date", help=N_("Geboortedatum (dd/mm/jjjj)."))]
Postcode = Annotated[str | None, typer.Option("--postcode", help=N_("Postcode (4 cijfers)."))]
HouseholdSize = Annotated[str | None, typer.Option("--household-size", help=N_("Aantal gezinsleden (≥ 1)."))]
Phone = Annotated[str | None, typer.Option("--phone", help=N_("Telefoon."))]
Email = Annotated[str | None, typer.Option("--email", help=N_("E-mail."))]
Notes = Annotated[str | None, typer.Option("--notes", help=N_("Notities."))]
Force = Annotated[
    bool, typer.Option("--force", help=N_("Toevoegen, ook al bestaat iemand met dezelfde naam en geboortedatum."))
]

PERSON = [
    Column("id", N_("Id"), "id"),
    Column("first_name", N_("Voornaam")),
    Column("last_name", N_("Familienaam")),
    Column("birth_date", N_("Geboortedatum"), "date"),
    Column("postcode", N_("Postcode")),
    Column("household_size", N_("Gezinsleden"), "int"),
]
DETAIL = PERSON + [
    Column("birth_year", N_("Geboortejaar")),  # all that is known of some (a list of birth years)
    Column("phone", N_("Telefoon")),
    Column("email", N_("E-mail")),
    Column("notes", N_("Notities")),
    Column("created_at", N_("Aangemaakt"), "date"),
    Column("anonymized_at", N_("Geanonimiseerd"), "date"),
]
STATUS_COLUMNS = [
    Column("id", N_("Id"), "id"),
    Column("participant_id", N_("Deelnemer-id"), "id"),
    Column("ground", N_("Statuut"), "label", "ground"),
    Column("valid_from", N_("Geldig vanaf"), "date"),
    Column("valid_until", N_("Geldig tot"), "date"),
    Column("state", N_("Toestand"), "label", STATUS_STATES),
    Column("checked_by", N_("Gecontroleerd door")),
]
REFERRAL_COLUMNS = [
    Column("id", N_("Id"), "id"),
    Column("date", N_("Datum"), "date"),
    Column("partner", N_("Partner")),
    Column("ground", N_("Statuut"), "label", "ground"),
    Column("domain", N_("Domein"), "label", "domain"),
    Column("state", N_("Toestand"), "label", REFERRAL_STATES),
]


# the list of participants: their active grounds last ('Grounds' here, not a section's 'Statuses')
LIST_COLUMNS = PERSON + [Column("active_grounds", NP_("grounds of a participant", "Statuten"))]


def _show(participant_id: int, fmt: OutputFormat = OutputFormat.table, output=None) -> None:
    from vrijetijd_cli import clock
    from vrijetijd_cli.render.output import emit_record
    from vrijetijd_cli.services import participant_record

    person = participant_record.detail(session.db(), participant_id, clock.today())
    emit_record(
        person,
        DETAIL,
        fmt.value,
        output,
        title=_("Deelnemer {id}: {first_name} {last_name}").format(
            id=person["id"], first_name=person["first_name"], last_name=person["last_name"]),
        sections=[
            (_("Statuten"), STATUS_COLUMNS, person["statuses"]),
            (_("Toeleidingen"), REFERRAL_COLUMNS, person["referrals"]),
        ],
    )


def person_from_options(first_name, last_name, birth_date, postcode, household_size, phone, email, notes):
    """Validate the person options shared by `participant add` and `referral add`."""
    from vrijetijd_cli.errors import InvalidInput
    from vrijetijd_cli.services import participants

    missing = [
        name
        for name, value in (("--first-name", first_name), ("--last-name", last_name), ("--birth-date", birth_date))
        if not value
    ]
    if missing:
        raise InvalidInput(_("ontbrekende opties: {options}").format(options=", ".join(missing)))
    return participants.validate(first_name, last_name, birth_date, postcode, household_size, phone, email, notes)


@app.command()
def add(
    first_name: FirstName = None,
    last_name: LastName = None,
    birth_date: BirthDate = None,
    postcode: Postcode = None,
    household_size: HouseholdSize = None,
    phone: Phone = None,
    email: Email = None,
    notes: Notes = None,
    force: Force = False,
) -> None:
    """Registreer een deelnemer (geweigerd als naam en geboortedatum al bestaan)."""
    from vrijetijd_cli.services import participants

    person = person_from_options(first_name, last_name, birth_date, postcode, household_size, phone, email, notes)
    created = participants.add(session.db(), person, force)
    _show(created["id"])


@app.command("list")
def list_(
    ground: GroundOption = None,
    postcode: Postcode = None,
    active: Annotated[
        bool | None, typer.Option("--active/--inactive", help=N_("Met of zonder actief statuut vandaag."))
    ] = None,
    text: Annotated[str | None, typer.Option("--text", help=N_("Stuk van een naam."))] = None,
    limit: Annotated[int | None, count_option("--limit", N_("Toon hoogstens zoveel deelnemers."))] = None,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Toon deelnemers, gefilterd op statuut, postcode, actief statuut en tekst."""
    from vrijetijd_cli import clock
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import grounds, participants

    code = grounds.resolve_ground(session.config(), ground) if ground else None
    rows = participants.list_participants(session.db(), clock.today(), code, postcode, active, text, limit)
    emit_list(rows, LIST_COLUMNS, fmt.value, output, title=_("Deelnemers"))


@app.command()
def show(participant_id: ParticipantArg, fmt: FormatOption = OutputFormat.table, output: OutputOption = None) -> None:
    """Toon een deelnemer met statuten en toeleidingen."""
    _show(participant_id, fmt, output)


@app.command()
def edit(
    participant_id: ParticipantArg,
    first_name: FirstName = None,
    last_name: LastName = None,
    birth_date: BirthDate = None,
    postcode: Postcode = None,
    household_size: HouseholdSize = None,
    phone: Phone = None,
    email: Email = None,
    notes: Notes = None,
    force: Force = False,
) -> None:
    """Wijzig gegevens van een deelnemer."""
    from vrijetijd_cli import clock
    from vrijetijd_cli.services import participants

    changes = dict(
        first_name=first_name,
        last_name=last_name,
        birth_date=birth_date,
        postcode=postcode,
        household_size=household_size,
        phone=phone,
        email=email,
        notes=notes,
    )
    participants.edit(session.db(), participant_id, changes, clock.today(), force)
    _show(participant_id)


@app.command()
def search(
    term: Annotated[str, typer.Argument(help=N_("Naam (begin), geboortedatum of id."))],
    limit: Annotated[int, count_option("--limit", N_("Hoogstens zoveel resultaten."))] = 50,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Zoek deelnemers op naam, geboortedatum of id."""
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import participants

    rows = participants.search(session.db(), term, limit)
    emit_list(rows, PERSON, fmt.value, output, title=_("Deelnemers"))


@status_app.command("add")
def status_add(
    participant: ParticipantOption,
    ground: Annotated[str, typer.Option("--ground", help=N_("Statuut (code of alias)."))],
    valid_from: Annotated[str | None, typer.Option("--from", help=N_("Geldig vanaf (standaard vandaag)."))] = None,
    valid_until: Annotated[
        str | None, typer.Option("--until", help=N_("Geldig tot (standaard volgens de config)."))
    ] = None,
    checked_by: Annotated[
        str | None, typer.Option("--checked-by", help=N_("Partner die het statuut controleerde."))
    ] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Voeg een statuut toe aan een deelnemer."""
    from vrijetijd_cli import clock
    from vrijetijd_cli.parse import parse_date
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import grounds, partners, statuses

    config, conn = session.config(), session.db()
    code = grounds.resolve_ground(config, ground)
    start = parse_date(valid_from, "--from") if valid_from else clock.today()
    until = parse_date(valid_until, "--until") if valid_until else None
    checker = partners.resolve(conn, checked_by)["id"] if checked_by else None
    status = statuses.add(conn, config, participant, code, start, until, checker)
    emit_list([status], STATUS_COLUMNS, fmt.value, None)


@status_app.command("list")
def status_list(
    participant: Annotated[int | None, id_option("--participant", N_("Id van de deelnemer."))] = None,
    ground: GroundOption = None,
    expiring: Annotated[
        int | None,
        count_option("--expiring", N_("Alleen actieve statuten die binnen zoveel dagen vervallen.")),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Toon statuten, bv. de statuten die binnenkort vervallen."""
    from vrijetijd_cli import clock
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import grounds, statuses

    code = grounds.resolve_ground(session.config(), ground) if ground else None
    rows = statuses.list_statuses(session.db(), clock.today(), participant, code, expiring)
    columns = (
        STATUS_COLUMNS[:2]
        + [Column("first_name", N_("Voornaam")), Column("last_name", N_("Familienaam"))]
        + STATUS_COLUMNS[2:]
    )
    emit_list(rows, columns, fmt.value, output, title=_("Statuten"))


@status_app.command("extend")
def status_extend(
    ground: Annotated[str, typer.Option("--ground", help=N_("Statuut (code of alias)."))],
    until: Annotated[str, typer.Option("--until", help=N_("Nieuwe einddatum."))],
) -> None:
    """Verleng alle actieve statuten van een grond tot een datum."""
    from vrijetijd_cli import clock
    from vrijetijd_cli.formats import day
    from vrijetijd_cli.parse import parse_date
    from vrijetijd_cli.services import grounds, statuses

    code = grounds.resolve_ground(session.config(), ground)
    end = parse_date(until, "--until")
    count = statuses.extend(session.db(), code, end, clock.today())
    print(_("{count} actieve statuten '{ground}' verlengd tot {until}.").format(
        count=count, ground=code, until=day(end)))


@status_app.command("suspend")
def status_suspend(
    status_id: Annotated[int, id_argument(N_("Id van het statuut."))],
    reason: Annotated[str, typer.Option("--reason", help=N_("Reden van de schorsing."))],
    on: Annotated[str | None, typer.Option("--date", help=N_("Geschorst vanaf (standaard vandaag)."))] = None,
) -> None:
    """Schors een statuut (bv. na een controle)."""
    from vrijetijd_cli import clock
    from vrijetijd_cli.parse import parse_date
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import statuses

    start = parse_date(on, "--date") if on else clock.today()
    emit_list([statuses.suspend(session.db(), status_id, reason, start)], STATUS_COLUMNS, "table", None)
