"""`vrijetijd participant add|list|show|edit|search|merge|export|forget` and `participant status …`."""

from typing import Annotated

import typer

from vrijetijd_cli.commands import participant_merge, participant_privacy, status_corrections
from vrijetijd_cli.context import session
from vrijetijd_cli.i18n import N_, NP_, _, ngettext
from vrijetijd_cli.options import (
    FormatOption,
    GroundOption,
    OutputFormat,
    OutputOption,
    ParticipantOption,
    WideOption,
    YesOption,
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
app.registered_commands += participant_merge.commands.registered_commands
status_app = noun_app(help=N_("Statuten (doelgroepgrond met geldigheid)."))
app.add_typer(status_app, name="status", help=N_("Statuten (doelgroepgrond met geldigheid)."))
status_app.registered_commands += status_corrections.commands.registered_commands

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
    Column("postcode", N_("Postcode"), "code", priority=3),
    Column("household_size", N_("Gezinsleden"), "int", priority=4),
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
    Column("id", N_("Id"), "id", priority=2),
    Column("participant_id", N_("Deelnemer-id"), "id", priority=4),
    Column("ground", N_("Statuut"), "labels", "ground"),
    Column("valid_from", N_("Geldig vanaf"), "date", priority=4),
    Column("valid_until", N_("Geldig tot"), "date"),
    Column("state", N_("Toestand"), "label", STATUS_STATES),
    Column("checked_by", N_("Gecontroleerd door"), priority=5),
]
REFERRAL_COLUMNS = [
    Column("id", N_("Id"), "id"),
    Column("date", N_("Datum"), "date"),
    Column("partner", N_("Partner")),
    Column("ground", N_("Statuut"), "labels", "ground", priority=2),
    Column("domain", N_("Domein"), "label", "domain", priority=3),
    Column("state", N_("Toestand"), "label", REFERRAL_STATES),
]


# the list of participants: their active grounds last ('Grounds' here, not a section's 'Statuses')
LIST_COLUMNS = PERSON + [
    Column("active_grounds", NP_("grounds of a participant", "Statuten"), "labels", "ground", priority=2)
]


def _show(participant_id: int, fmt: OutputFormat = OutputFormat.table, output=None, wide: bool = False) -> None:
    from vrijetijd_cli import clock
    from vrijetijd_cli.render.output import emit_record
    from vrijetijd_cli.services import participant_record

    person = participant_record.detail(session.db(), participant_id, clock.today())
    emit_record(
        person,
        DETAIL,
        fmt.value,
        output,
        wide=wide,
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
    from dataclasses import replace

    from vrijetijd_cli.render.output import message
    from vrijetijd_cli.services import participants

    config = session.config()
    person = person_from_options(first_name, last_name, birth_date, postcode, household_size, phone, email, notes)
    person = replace(person, legal_basis=config.legal_basis, informed=config.informed)  # GDPR art. 13
    created = participants.add(session.db(), person, force)
    _show(created["id"])
    message(_("Deelnemer {id} geregistreerd.").format(id=created["id"]))


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
    output: OutputOption = None, wide: WideOption = False,
) -> None:
    """Toon deelnemers, gefilterd op statuut, postcode, actief statuut en tekst."""
    from vrijetijd_cli import clock
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import grounds, participants

    code = grounds.resolve_ground(session.config(), ground) if ground else None
    rows = participants.list_participants(session.db(), clock.today(), code, postcode, active, text, limit)
    emit_list(rows, LIST_COLUMNS, fmt.value, output, wide=wide, title=_("Deelnemers"))


@app.command()
def show(
    participant_id: ParticipantArg, fmt: FormatOption = OutputFormat.table, output: OutputOption = None,
    wide: WideOption = False,
) -> None:
    """Toon een deelnemer met statuten en toeleidingen."""
    _show(participant_id, fmt, output, wide)


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
    from vrijetijd_cli.render.output import message

    participants.edit(session.db(), participant_id, changes, clock.today(), force)
    _show(participant_id)
    message(_("Deelnemer {id} bijgewerkt.").format(id=participant_id))


@app.command()
def search(
    term: Annotated[str, typer.Argument(help=N_("Een stuk van de naam, een geboortedatum of een id."))],
    limit: Annotated[int, count_option("--limit", N_("Hoogstens zoveel resultaten."))] = 50,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None, wide: WideOption = False,
) -> None:
    """Zoek deelnemers op een stuk van de naam (zonder op accenten of spaties te letten), geboortedatum of id."""
    from vrijetijd_cli.render.output import emit_list, message
    from vrijetijd_cli.services import participants

    conn = session.db()
    rows = participants.search(conn, term, limit)
    emit_list(rows, PERSON, fmt.value, output, wide=wide, title=_("Deelnemers"))
    if not rows:
        near = participants.near_matches(conn, term)
        if near:
            names = ", ".join(_("{first_name} {last_name} ({id})").format(**person) for person in near)
            message(_("Niemand gevonden voor {term!r}; bedoelde u {names}?").format(term=term, names=names))
        else:
            message(_("Niemand gevonden voor {term!r}.").format(term=term))


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
    from vrijetijd_cli.formats import day
    from vrijetijd_cli.render.output import message
    from vrijetijd_cli.render.words import word

    status = statuses.add(conn, config, participant, code, start, until, checker)
    emit_list([status], STATUS_COLUMNS, fmt.value, None)
    message(_("Statuut {id} ({ground}) toegevoegd aan deelnemer {participant}, geldig tot {until}.").format(
        id=status["id"], ground=word("ground", code), participant=participant, until=day(status["valid_until"])))


@status_app.command("list")
def status_list(
    participant: Annotated[int | None, id_option("--participant", N_("Id van de deelnemer."))] = None,
    ground: GroundOption = None,
    expiring: Annotated[
        int | None,
        count_option("--expiring", N_("Alleen actieve statuten die binnen zoveel dagen vervallen.")),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None, wide: WideOption = False,
) -> None:
    """Toon statuten, bv. de statuten die binnenkort vervallen."""
    from vrijetijd_cli import clock
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import grounds, statuses

    code = grounds.resolve_ground(session.config(), ground) if ground else None
    rows = statuses.list_statuses(session.db(), clock.today(), participant, code, expiring)
    columns = (
        STATUS_COLUMNS[:2]
        + [Column("first_name", N_("Voornaam"), priority=3), Column("last_name", N_("Familienaam"))]
        + STATUS_COLUMNS[2:]
    )
    emit_list(rows, columns, fmt.value, output, wide=wide, title=_("Statuten"))


@status_app.command("extend")
def status_extend(
    until: Annotated[str, typer.Option("--until", metavar=N_("DATUM"), help=N_("Nieuwe einddatum."))],
    ground: GroundOption = None,
    participant: Annotated[int | None, id_option(
        "--participant", N_("Alleen de actieve statuten van deze deelnemer."))] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help=N_("Toon de statuten die verlengd zouden worden; er wordt niets gewijzigd."))] = False,
    yes: YesOption = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Verleng de actieve statuten van een grond (of van één deelnemer) tot een datum.

    Vraagt eerst, met het aantal personen (--yes: niet vragen); --dry-run toont wie.
    """
    from vrijetijd_cli import clock
    from vrijetijd_cli.formats import day
    from vrijetijd_cli.parse import parse_date
    from vrijetijd_cli.render.output import confirm, emit_list, message
    from vrijetijd_cli.render.words import word
    from vrijetijd_cli.services import grounds, statuses

    code = grounds.resolve_ground(session.config(), ground) if ground else None
    end = parse_date(until, "--until")
    conn, today = session.db(), clock.today()
    rows = statuses.extension(conn, end, today, code, participant)
    people = len({r["participant_id"] for r in rows})
    what = word("ground", code) if code else _("alle gronden")
    if not rows:
        if participant is not None:
            from vrijetijd_cli.errors import Conflict

            raise Conflict(_("deelnemer {participant} heeft geen actief statuut ({ground}) dat vóór {until}"
                             " afloopt").format(participant=participant, ground=what, until=day(end)))
        message(_("Geen actieve statuten ({ground}) die vóór {until} aflopen; er is niets gewijzigd.").format(
            ground=what, until=day(end)))
        return
    columns = (STATUS_COLUMNS[:2] + [Column("first_name", N_("Voornaam")), Column("last_name", N_("Familienaam"))]
               + STATUS_COLUMNS[2:])
    summary = ngettext("{statuses} van {n} persoon", "{statuses} van {n} personen", people).format(
        n=people, statuses=ngettext("{n} actief statuut", "{n} actieve statuten", len(rows)).format(n=len(rows)))
    if dry_run:
        emit_list(rows, columns, fmt.value, None, title=_("Te verlengen statuten"))
        message(ngettext("Proefdraai: {summary} ({ground}) zou verlengd worden tot {until}; er is niets gewijzigd.",
                         "Proefdraai: {summary} ({ground}) zouden verlengd worden tot {until}; er is niets gewijzigd.",
                         len(rows)).format(summary=summary, ground=what, until=day(end)))
        return
    question = _("{summary} ({ground}) verlengen tot {until}?").format(summary=summary, ground=what, until=day(end))
    if not yes and not confirm(question):
        message(_("Niet verlengd; er is niets gewijzigd."))
        raise typer.Exit(1)
    done = statuses.extend(conn, end, today, code, participant)
    people = len({r["participant_id"] for r in done})
    message(ngettext("{statuses} van {n} persoon verlengd tot {until}.",
                     "{statuses} van {n} personen verlengd tot {until}.", people).format(
        n=people, until=day(end),
        statuses=ngettext("{n} statuut", "{n} statuten", len(done)).format(n=len(done))))


@status_app.command("suspend")
def status_suspend(
    status_id: Annotated[int, id_argument(N_("Id van het statuut."))],
    reason: Annotated[str, typer.Option("--reason", help=N_("Reden van de schorsing."))],
    on: Annotated[str | None, typer.Option("--date", help=N_("Geschorst vanaf (standaard vandaag)."))] = None,
) -> None:
    """Schors een statuut (bv. na een controle)."""
    from vrijetijd_cli import clock
    from vrijetijd_cli.formats import day
    from vrijetijd_cli.parse import parse_date
    from vrijetijd_cli.render.output import emit_list, message
    from vrijetijd_cli.services import statuses

    start = parse_date(on, "--date") if on else clock.today()
    emit_list([statuses.suspend(session.db(), status_id, reason, start)], STATUS_COLUMNS, "table", None)
    message(_("Statuut {id} geschorst vanaf {date}.").format(id=status_id, date=day(start)))
