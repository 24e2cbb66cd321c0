"""`vrijetijd referral add|list|show|update`."""

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
from vrijetijd_cli.options import (
    DateOption,
    FormatOption,
    GroundOption,
    OutputFormat,
    OutputOption,
    YearOption,
    noun_app,
)
from vrijetijd_cli.render.output import Column

app = noun_app()

COLUMNS = [
    Column("id", "common.id", "int"),
    Column("date", "common.date", "date"),
    Column("participant_id", "common.participant_id", "int"),
    Column("first_name", "common.first_name"),
    Column("last_name", "common.last_name"),
    Column("partner", "common.partner"),
    Column("ground", "common.ground", "label", "ground"),
    Column("domain", "common.domain", "label", "domain"),
    Column("state", "common.state", "label", "referral"),
    Column("note", "common.note"),
]
ReferralArg = Annotated[int, typer.Argument(help="Id van de toeleiding.")]


@app.command()
def add(
    partner: Annotated[str, typer.Option("--partner", help="Partner die doorverwijst: id of naam.")],
    participant: Annotated[int | None, typer.Option("--participant", help="Id van een bestaande deelnemer.")] = None,
    first_name: FirstName = None,
    last_name: LastName = None,
    birth_date: BirthDate = None,
    postcode: Postcode = None,
    household_size: HouseholdSize = None,
    phone: Phone = None,
    email: Email = None,
    on: DateOption = None,
    ground: GroundOption = None,
    domain: Annotated[str | None, typer.Option("--domain", help="Gewenst domein: cultuur, jeugd, sport, …")] = None,
    note: Annotated[str, typer.Option("--note", help="Opmerking.")] = "",
    force: Force = False,
) -> None:
    """Registreer een toeleiding, voor een bestaande of een nieuwe deelnemer."""
    from vrijetijd_cli import clock
    from vrijetijd_cli.formats import day
    from vrijetijd_cli.parse import parse_date
    from vrijetijd_cli.services import grounds, referrals

    config = session.config()
    person = None
    if participant is None:
        person = person_from_options(first_name, last_name, birth_date, postcode, household_size, phone, email, None)
    code = grounds.resolve_ground(config, ground) if ground else None
    wanted = grounds.resolve_domain(config, domain) if domain else None
    date = parse_date(on, "--date") if on else clock.today()
    result = referrals.add(session.db(), config, partner, date, participant, person, code, wanted, note, force)
    if session.lang == "en":
        who = "new" if result["participant_created"] else "existing"
        status = f", status {code} added" if result["status_added"] else ""
        print(
            f"Referral {result['id']}: {result['first_name']} {result['last_name']} (participant "
            f"{result['participant_id']}, {who}) by {result['partner']} on {day(result['date'])}{status}."
        )
    else:
        who = "nieuw" if result["participant_created"] else "bestaand"
        status = f", statuut {code} toegevoegd" if result["status_added"] else ""
        print(
            f"Toeleiding {result['id']}: {result['first_name']} {result['last_name']} (deelnemer "
            f"{result['participant_id']}, {who}) door {result['partner']} op {day(result['date'])}{status}."
        )


@app.command("list")
def list_(
    partner: Annotated[str | None, typer.Option("--partner", help="Partner: id of naam.")] = None,
    state: Annotated[
        str | None, typer.Option("--state", help="open, in_behandeling, toegeleid, afgesloten, geweigerd.")
    ] = None,
    year: YearOption = None,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Toon toeleidingen, gefilterd op partner, toestand en jaar."""
    from vrijetijd_cli.render.i18n import label
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import referrals

    rows = referrals.list_referrals(session.db(), partner=partner, state=state, year=year)
    emit_list(rows, COLUMNS, fmt.value, output, session.lang, title=label("common.referrals", session.lang))


@app.command()
def show(referral_id: ReferralArg, fmt: FormatOption = OutputFormat.table, output: OutputOption = None) -> None:
    """Toon een toeleiding."""
    from vrijetijd_cli.render.i18n import label
    from vrijetijd_cli.render.output import emit_record
    from vrijetijd_cli.services import referrals

    referral = referrals.get(session.db(), referral_id)
    emit_record(
        referral,
        COLUMNS,
        fmt.value,
        output,
        session.lang,
        title=f"{label('common.referrals', session.lang)} {referral_id}",
    )


@app.command()
def update(
    referral_id: ReferralArg,
    state: Annotated[str | None, typer.Option("--state", help="Nieuwe toestand.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Nieuwe opmerking.")] = None,
) -> None:
    """Wijzig de toestand of opmerking van een toeleiding."""
    from vrijetijd_cli.render.output import emit_record
    from vrijetijd_cli.services import referrals

    referral = referrals.update(session.db(), referral_id, state, note)
    emit_record(referral, COLUMNS, "table", None, session.lang, title=f"#{referral_id}")
