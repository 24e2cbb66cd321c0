"""`vrijetijd participant status edit|delete`: putting a status right.

Registered on the `participant status` group by commands/participant.py (`commands` holds them).
"""

from typing import Annotated

import typer

from vrijetijd_cli.context import session
from vrijetijd_cli.i18n import N_, _
from vrijetijd_cli.options import FormatOption, GroundOption, OutputFormat, YesOption, id_argument, noun_app
from vrijetijd_cli.render.output import Column
from vrijetijd_cli.render.words import STATUS_STATES

commands = noun_app()

StatusArg = Annotated[int, id_argument(N_("Id van het statuut."))]
RECORD = [
    Column("id", N_("Id"), "id"),
    Column("participant_id", N_("Deelnemer-id"), "id"),
    Column("ground", N_("Statuut"), "label", "ground"),
    Column("valid_from", N_("Geldig vanaf"), "date"),
    Column("valid_until", N_("Geldig tot"), "date"),
    Column("state", N_("Toestand"), "label", STATUS_STATES),
    Column("checked_by", N_("Gecontroleerd door")),
]
# the fields of a status in a message
FIELDS = {"ground_code": N_("grond"), "valid_from": N_("geldig vanaf"), "valid_until": N_("geldig tot"),
          "checked_by_partner_id": N_("gecontroleerd door")}


def _described(status: dict) -> str:
    from vrijetijd_cli.formats import day
    from vrijetijd_cli.render.words import word

    return _("{ground} van {first_name} {last_name} (deelnemer {participant}), {start} tot {until}").format(
        ground=word("ground", status["ground"]), first_name=status["first_name"], last_name=status["last_name"],
        participant=status["participant_id"], start=day(status["valid_from"]), until=day(status["valid_until"]))


@commands.command("edit")
def edit(
    status: StatusArg,
    ground: GroundOption = None,
    valid_from: Annotated[str | None, typer.Option("--from", metavar=N_("DATUM"), help=N_("Geldig vanaf."))] = None,
    valid_until: Annotated[str | None, typer.Option(
        "--until", metavar=N_("DATUM"), help=N_("Geldig tot (vroeger: het statuut eindigt)."))] = None,
    checked_by: Annotated[str | None, typer.Option(
        "--checked-by", help=N_("Partner die het statuut controleerde."))] = None,
    yes: YesOption = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Verbeter een statuut: grond, periode of wie het controleerde (vraagt eerst).

    Geweigerd als een deelname alleen op dit statuut steunde en er buiten zou vallen, of als een
    cijfer van een afgesloten jaar zou veranderen.
    """
    from vrijetijd_cli import clock
    from vrijetijd_cli.errors import InvalidInput
    from vrijetijd_cli.formats import day
    from vrijetijd_cli.parse import parse_date
    from vrijetijd_cli.render.output import confirm, emit_record, message
    from vrijetijd_cli.services import grounds, partners, statuses

    if all(value is None for value in (ground, valid_from, valid_until, checked_by)):
        raise InvalidInput(_("geef wat verandert: --ground, --from, --until of --checked-by"))
    conn, today = session.db(), clock.today()
    code = grounds.resolve_ground(session.config(), ground) if ground else None
    start = parse_date(valid_from, "--from") if valid_from else None
    until = parse_date(valid_until, "--until") if valid_until else None
    checker = partners.resolve(conn, checked_by)["id"] if checked_by else None
    plan = statuses.edition(conn, status, today, code, start, until, checker)
    if not plan["changed"]:
        message(_("Statuut {id} is ongewijzigd.").format(id=status))
        return
    new = plan["values"]
    question = _("Statuut {id} wijzigen ({status}) naar {start} tot {until}?").format(
        id=status, status=_described(plan["status"]), start=day(new["valid_from"]), until=day(new["valid_until"]))
    if not yes and not confirm(question):
        message(_("Er is niets gewijzigd."))
        raise typer.Exit(1)
    changed = statuses.edit(conn, status, today, code, start, until, checker)
    emit_record(changed, RECORD, fmt.value, None, title=_("Statuut {id}").format(id=status))
    message(_("Statuut {id} gewijzigd ({fields}).").format(
        id=status, fields=", ".join(_(FIELDS[f]) for f in changed["changed"])))


@commands.command("delete")
def delete(status: StatusArg, yes: YesOption = False) -> None:
    """Verwijder een statuut dat per vergissing geregistreerd werd (vraagt eerst).

    Een statuut waarop een deelname steunde, wordt niet verwijderd maar beëindigd
    ('status edit ID --until DATUM') of geschorst.
    """
    from vrijetijd_cli import clock
    from vrijetijd_cli.render.output import confirm, message
    from vrijetijd_cli.services import statuses

    conn, today = session.db(), clock.today()
    current = statuses.deletion(conn, status, today)
    question = _("Statuut {id} verwijderen ({status})?").format(id=status, status=_described(current))
    if not yes and not confirm(question):
        message(_("Niet verwijderd; er is niets gewijzigd."))
        raise typer.Exit(1)
    statuses.delete(conn, status, today)
    message(_("Statuut {id} verwijderd.").format(id=status))
