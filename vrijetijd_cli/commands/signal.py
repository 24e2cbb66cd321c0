"""`vrijetijd signal add|list|show|update`: the thresholds and suggestions the target group raises."""

from typing import Annotated

import typer

from vrijetijd_cli.context import session
from vrijetijd_cli.i18n import N_, _
from vrijetijd_cli.options import (
    DateOption,
    FormatOption,
    OutputFormat,
    OutputOption,
    WideOption,
    YearOption,
    id_argument,
    id_option,
    noun_app,
)
from vrijetijd_cli.render.output import Column
from vrijetijd_cli.render.words import SIGNAL_RAISERS, SIGNAL_STATES, code_of

app = noun_app()

COLUMNS = [
    Column("id", N_("Id"), "id"),
    Column("date", N_("Datum"), "date"),
    Column("kind", N_("Soort"), "label", "signal_kind"),
    Column("text", N_("Signaal")),
    Column("raised_by", N_("Aangekaart door"), "label", SIGNAL_RAISERS, priority=4),
    Column("participant_id", N_("Deelnemer-id"), "id", priority=5),
    Column("partner", N_("Partner"), priority=4),
    Column("meeting_id", N_("Overleg-id"), "id", priority=5),
    Column("activity", N_("Activiteit"), priority=3),
    Column("organiser", N_("Organisator"), priority=4),
    Column("state", N_("Toestand"), "label", SIGNAL_STATES),
    Column("action", N_("Wat gedaan werd"), priority=2),
    Column("solved_on", N_("Afgehandeld op"), "date", priority=3),
]
SignalArg = Annotated[int, id_argument(N_("Id van het signaal."))]


@app.command()
def add(
    kind: Annotated[str, typer.Option("--kind", help=N_(
        "Soort drempel of suggestie: kosten, vervoer, informatie, kinderopvang, taal, niet welkom,"
        " tijdstip, andere (de lijst in de config)."))],
    text: Annotated[str, typer.Option("--text", help=N_("Wat er gezegd werd, in eigen woorden."))],
    on: DateOption = None,
    participant: Annotated[int | None, id_option(
        "--participant", N_("Deelnemer die het aankaartte (nooit verplicht: een signaal mag anoniem)."))] = None,
    partner: Annotated[
        str | None, typer.Option("--partner", help=N_("Partner die het aankaartte: id of naam."))
    ] = None,
    meeting: Annotated[int | None, id_option("--meeting", N_("Overleg waar het aangekaart werd."))] = None,
    activity: Annotated[int | None, id_option("--activity", N_("Activiteit waarover het gaat."))] = None,
    organiser: Annotated[
        str | None, typer.Option("--organiser", help=N_("Organisator waarover het gaat: een partner of een naam."))
    ] = None,
) -> None:
    """Registreer een drempel of suggestie van een deelnemer, een partner of op een overleg."""
    from vrijetijd_cli import clock
    from vrijetijd_cli.parse import parse_date
    from vrijetijd_cli.render.output import message
    from vrijetijd_cli.services import signals

    date = parse_date(on, "--date") if on else clock.today()
    signal = signals.add(session.db(), session.config(), date, code_of("signal_kind", kind), text,
                         participant_id=participant, partner=partner, meeting_id=meeting, activity_id=activity,
                         organiser=organiser)
    message(_("Signaal {id} geregistreerd.").format(id=signal["id"]))


@app.command("list")
def list_(
    state: Annotated[
        str | None, typer.Option("--state", help=N_("open, in behandeling, opgelost of niet haalbaar."))
    ] = None,
    kind: Annotated[str | None, typer.Option("--kind", help=N_("Soort (uit de config)."))] = None,
    year: YearOption = None,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None, wide: WideOption = False,
) -> None:
    """Toon signalen, gefilterd op toestand, soort en jaar."""
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import signals

    rows = signals.list_signals(session.db(), session.config(), state=code_of(SIGNAL_STATES, state),
                                kind=code_of("signal_kind", kind), year=year)
    emit_list(rows, COLUMNS, fmt.value, output, wide=wide, title=_("Signalen"))


@app.command()
def show(signal_id: SignalArg, fmt: FormatOption = OutputFormat.table, output: OutputOption = None) -> None:
    """Toon een signaal."""
    from vrijetijd_cli.render.output import emit_record
    from vrijetijd_cli.services import signals

    signal = signals.get(session.db(), signal_id)
    emit_record(signal, COLUMNS, fmt.value, output, title=_("Signaal {id}").format(id=signal_id))


@app.command()
def update(
    signal_id: SignalArg,
    state: Annotated[str | None, typer.Option("--state", help=N_(
        "Nieuwe toestand: open, in behandeling, opgelost of niet haalbaar."))] = None,
    action: Annotated[str | None, typer.Option("--action", help=N_("Wat het netwerk deed."))] = None,
    on: Annotated[str | None, typer.Option("--date", metavar=N_("DATUM"), help=N_(
        "Wanneer het opgelost of niet haalbaar bleek (jjjj-mm-dd; standaard vandaag)."))] = None,
) -> None:
    """Zet een signaal verder (open → in behandeling → opgelost of niet haalbaar) en zeg wat er gebeurde."""
    from vrijetijd_cli.parse import parse_date
    from vrijetijd_cli.render.output import emit_record, message
    from vrijetijd_cli.services import signals

    when = parse_date(on, "--date") if on else None
    signal = signals.update(session.db(), signal_id, code_of(SIGNAL_STATES, state), action, when)
    emit_record(signal, COLUMNS, "table", None, title=f"#{signal_id}")
    message(_("Signaal {id} bijgewerkt.").format(id=signal_id))
