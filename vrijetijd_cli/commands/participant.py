"""`vrijetijd participant add|list|show|edit|search|export|forget` and `participant status …`."""

from typing import Annotated

import typer

from vrijetijd_cli.commands import participant_privacy
from vrijetijd_cli.context import session
from vrijetijd_cli.options import FormatOption, GroundOption, OutputFormat, OutputOption, noun_app
from vrijetijd_cli.render.output import Column

app = noun_app()
app.command("export")(participant_privacy.export)
app.command("forget")(participant_privacy.forget)
status_app = noun_app(help="Statuten (doelgroepgrond met geldigheid).")
app.add_typer(status_app, name="status", help="Statuten (doelgroepgrond met geldigheid).")

ParticipantArg = Annotated[int, typer.Argument(help="Id van de deelnemer.")]
FirstName = Annotated[str | None, typer.Option("--first-name", help="Voornaam.")]
LastName = Annotated[str | None, typer.Option("--last-name", help="Familienaam.")]
BirthDate = Annotated[str | None, typer.Option("--birth-date", help="Geboortedatum (dd/mm/jjjj).")]
Postcode = Annotated[str | None, typer.Option("--postcode", help="Postcode (4 cijfers).")]
HouseholdSize = Annotated[str | None, typer.Option("--household-size", help="Aantal gezinsleden (≥ 1).")]
Phone = Annotated[str | None, typer.Option("--phone", help="Telefoon.")]
Email = Annotated[str | None, typer.Option("--email", help="E-mail.")]
Notes = Annotated[str | None, typer.Option("--notes", help="Notities.")]
Force = Annotated[
    bool, typer.Option("--force", help="Toevoegen, ook al bestaat iemand met dezelfde naam en geboortedatum.")
]

PERSON = [
    Column("id", "common.id", "int"),
    Column("first_name", "common.first_name"),
    Column("last_name", "common.last_name"),
    Column("birth_date", "common.birth_date", "date"),
    Column("postcode", "common.postcode"),
    Column("household_size", "common.household_size", "int"),
]
LIST_COLUMNS = PERSON + [Column("active_grounds", "common.grounds")]
DETAIL = PERSON + [
    Column("phone", "common.phone"),
    Column("email", "common.email"),
    Column("notes", "common.notes"),
    Column("created_at", "common.created_at", "date"),
    Column("anonymized_at", "common.anonymized", "date"),
]
STATUS_COLUMNS = [
    Column("id", "common.id", "int"),
    Column("participant_id", "common.participant_id", "int"),
    Column("ground", "common.ground", "label", "ground"),
    Column("valid_from", "common.valid_from", "date"),
    Column("valid_until", "common.valid_until", "date"),
    Column("state", "common.status_state", "label", "status"),
    Column("checked_by", "common.checked_by"),
]
REFERRAL_COLUMNS = [
    Column("id", "common.id", "int"),
    Column("date", "common.date", "date"),
    Column("partner", "common.partner"),
    Column("ground", "common.ground", "label", "ground"),
    Column("domain", "common.domain", "label", "domain"),
    Column("state", "common.state", "label", "referral"),
]


def _show(participant_id: int, fmt: OutputFormat = OutputFormat.table, output=None) -> None:
    from vrijetijd_cli import clock
    from vrijetijd_cli.render.i18n import label
    from vrijetijd_cli.render.output import emit_record
    from vrijetijd_cli.services import participants

    person = participants.detail(session.db(), participant_id, clock.today())
    lang = session.lang
    emit_record(
        person,
        DETAIL,
        fmt.value,
        output,
        lang,
        title=f"{label('common.participant', lang)} {person['id']}: {person['first_name']} {person['last_name']}",
        sections=[
            (label("common.statuses", lang), STATUS_COLUMNS, person["statuses"]),
            (label("common.referrals", lang), REFERRAL_COLUMNS, person["referrals"]),
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
        raise InvalidInput(f"ontbrekende opties: {', '.join(missing)}", f"missing options: {', '.join(missing)}")
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
        bool | None, typer.Option("--active/--inactive", help="Met of zonder actief statuut vandaag.")
    ] = None,
    text: Annotated[str | None, typer.Option("--text", help="Stuk van een naam.")] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="Toon hoogstens zoveel deelnemers.")] = None,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Toon deelnemers, gefilterd op statuut, postcode, actief statuut en tekst."""
    from vrijetijd_cli import clock
    from vrijetijd_cli.render.i18n import label
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import grounds, participants

    code = grounds.resolve_ground(session.config(), ground) if ground else None
    rows = participants.list_participants(session.db(), clock.today(), code, postcode, active, text, limit)
    emit_list(rows, LIST_COLUMNS, fmt.value, output, session.lang, title=label("common.participants", session.lang))


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
    term: Annotated[str, typer.Argument(help="Naam (begin), geboortedatum of id.")],
    limit: Annotated[int, typer.Option("--limit", help="Hoogstens zoveel resultaten.")] = 50,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Zoek deelnemers op naam, geboortedatum of id."""
    from vrijetijd_cli.render.i18n import label
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import participants

    rows = participants.search(session.db(), term, limit)
    emit_list(rows, PERSON, fmt.value, output, session.lang, title=label("common.participants", session.lang))


@status_app.command("add")
def status_add(
    participant: Annotated[int, typer.Option("--participant", help="Id van de deelnemer.")],
    ground: Annotated[str, typer.Option("--ground", help="Statuut (code of alias).")],
    valid_from: Annotated[str | None, typer.Option("--from", help="Geldig vanaf (standaard vandaag).")] = None,
    valid_until: Annotated[
        str | None, typer.Option("--until", help="Geldig tot (standaard volgens de config).")
    ] = None,
    checked_by: Annotated[
        str | None, typer.Option("--checked-by", help="Partner die het statuut controleerde.")
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
    emit_list([status], STATUS_COLUMNS, fmt.value, None, session.lang)


@status_app.command("list")
def status_list(
    participant: Annotated[int | None, typer.Option("--participant", help="Id van de deelnemer.")] = None,
    ground: GroundOption = None,
    expiring: Annotated[
        int | None, typer.Option("--expiring", help="Alleen actieve statuten die binnen zoveel dagen vervallen.")
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Toon statuten, bv. de statuten die binnenkort vervallen."""
    from vrijetijd_cli import clock
    from vrijetijd_cli.render.i18n import label
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import grounds, statuses

    code = grounds.resolve_ground(session.config(), ground) if ground else None
    rows = statuses.list_statuses(session.db(), clock.today(), participant, code, expiring)
    columns = (
        STATUS_COLUMNS[:2]
        + [Column("first_name", "common.first_name"), Column("last_name", "common.last_name")]
        + STATUS_COLUMNS[2:]
    )
    emit_list(rows, columns, fmt.value, output, session.lang, title=label("common.statuses", session.lang))


@status_app.command("extend")
def status_extend(
    ground: Annotated[str, typer.Option("--ground", help="Statuut (code of alias).")],
    until: Annotated[str, typer.Option("--until", help="Nieuwe einddatum.")],
) -> None:
    """Verleng alle actieve statuten van een grond tot een datum."""
    from vrijetijd_cli import clock
    from vrijetijd_cli.formats import day
    from vrijetijd_cli.parse import parse_date
    from vrijetijd_cli.services import grounds, statuses

    code = grounds.resolve_ground(session.config(), ground)
    end = parse_date(until, "--until")
    count = statuses.extend(session.db(), code, end, clock.today())
    if session.lang == "en":
        print(f"{count} active statuses '{code}' extended until {day(end)}.")
    else:
        print(f"{count} actieve statuten '{code}' verlengd tot {day(end)}.")


@status_app.command("suspend")
def status_suspend(
    status_id: Annotated[int, typer.Argument(help="Id van het statuut.")],
    reason: Annotated[str, typer.Option("--reason", help="Reden van de schorsing.")],
    on: Annotated[str | None, typer.Option("--date", help="Geschorst vanaf (standaard vandaag).")] = None,
) -> None:
    """Schors een statuut (bv. na een controle)."""
    from vrijetijd_cli import clock
    from vrijetijd_cli.parse import parse_date
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import statuses

    start = parse_date(on, "--date") if on else clock.today()
    emit_list([statuses.suspend(session.db(), status_id, reason, start)], STATUS_COLUMNS, "table", None, session.lang)
