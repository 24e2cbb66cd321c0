"""`vrijetijd meeting add|list|show|edit|delete|minutes|attendance` and `meeting action add|done|list`."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from vrijetijd_cli.context import session
from vrijetijd_cli.i18n import N_, _, ngettext
from vrijetijd_cli.options import (
    DateOption,
    FormatOption,
    OutputFormat,
    OutputOption,
    WideOption,
    YearOption,
    YesOption,
    choice_option,
    count_option,
    id_argument,
    id_option,
    noun_app,
)
from vrijetijd_cli.render.output import Column
from vrijetijd_cli.render.words import MEETING_KINDS

app = noun_app()
action_app = noun_app()
app.add_typer(action_app, name="action", help=N_("Actiepunten van overlegmomenten."))


class MeetingKind(StrEnum):
    overleg = "overleg"
    werkgroep = "werkgroep"
    evaluatie = "evaluatie"


# the state of an action item, worked out by services/meeting_actions.py
ACTION_STATES = {"open": N_("open"), "overdue": N_("te laat"), "done": N_("afgewerkt")}

LIST_COLUMNS = [
    Column("id", N_("Id"), "id"),
    Column("date", N_("Datum"), "date"),
    Column("kind", N_("Soort"), "label", MEETING_KINDS),
    Column("place", N_("Plaats"), priority=3),
    Column("present_count", N_("Aanwezig"), "int"),
    Column("excused_count", N_("Verontschuldigd"), "int", priority=4),
    Column("absent_count", N_("Afwezig"), "int", priority=4),
    Column("poverty_voices", N_("Mensen in armoede"), "int", priority=2),
    Column("has_minutes", N_("Verslag"), "bool", priority=2),
    Column("open_actions", N_("Open acties"), "int", priority=3),
]
SHOW_FIELDS = [
    Column("id", N_("Id"), "id"),
    Column("date", N_("Datum"), "date"),
    Column("kind", N_("Soort"), "label", MEETING_KINDS),
    Column("place", N_("Plaats")),
    Column("agenda", N_("Agenda")),
    Column("present", N_("Aanwezig")),
    Column("excused", N_("Verontschuldigd")),
    Column("absent", N_("Afwezig")),
    Column("poverty_voices", N_("Mensen in armoede"), "int"),
    Column("version_count", N_("Vorige versies van het verslag"), "int"),
]
ACTION_COLUMNS = [
    Column("id", N_("Id"), "id"),
    Column("meeting_id", N_("Overleg"), "id", priority=3),
    Column("meeting_date", N_("Datum overleg"), "date", priority=4),
    Column("text", N_("Actie")),
    Column("owner", N_("Trekker"), priority=2),
    Column("due_date", N_("Uiterlijk"), "date"),
    Column("done_on", N_("Afgewerkt op"), "date", priority=3),
    Column("state", N_("Toestand"), "label", ACTION_STATES),
]
ATTENDANCE_COLUMNS = [
    Column("partner", N_("Partner")),
    Column("meetings", N_("Overlegmomenten"), "int", priority=2),
    Column("present", N_("Aanwezig"), "int"),
    Column("excused", N_("Verontschuldigd"), "int", priority=3),
    Column("absent", N_("Afwezig"), "int", priority=3),
    Column("rate_bp", N_("Aanwezigheidsgraad"), "percent"),
    Column("below_threshold", N_("Onder drempel"), "bool", priority=2),
]
MeetingArg = Annotated[int, id_argument(N_("Id van het overleg."))]
KindOption = Annotated[
    MeetingKind, choice_option("--kind", MeetingKind, N_("Soort: overleg, werkgroep of evaluatie."))
]
PlaceOption = Annotated[str | None, typer.Option("--place", help=N_("Plaats."))]
AgendaOption = Annotated[str | None, typer.Option("--agenda", help=N_("Agenda (tekst)."))]
VoicesOption = Annotated[
    int | None,
    count_option("--poverty-voices", N_("Aantal aanwezigen met armoede-ervaring.")),
]
ExcusedOption = Annotated[
    str | None,
    typer.Option("--excused", help=N_("Verontschuldigde partners: ids of namen, met komma's.")),
]
ForceOption = Annotated[bool, typer.Option(
    "--force", help=N_("Toch registreren als er op die dag al een overleg van die soort is (telt één keer mee)."))]


def _show(
    meeting: dict, fmt: OutputFormat = OutputFormat.table, output: Path | None = None,
    with_minutes: bool = True,
) -> None:
    from vrijetijd_cli.render.output import emit_record

    record = {**meeting, "version_count": len(meeting["minutes_versions"])}
    # joined here so the CSV writer neutralises them like any other text
    record.update({key: ", ".join(meeting[key]) for key in ("present", "excused", "absent")})
    title = _("Overleg {id}").format(id=meeting["id"])
    if fmt is not OutputFormat.table or not with_minutes:
        emit_record(record, SHOW_FIELDS, fmt.value, output, title=title, json_data=meeting)
        return
    from vrijetijd_cli.render.markdown import emit_with_markdown

    sections = [(_("Actiepunten"), ACTION_COLUMNS, meeting["actions"])]
    emit_with_markdown(record, SHOW_FIELDS, title, sections, _("Verslag"), meeting["minutes"],
                       _("(nog geen verslag)"), output)


@app.command()
def add(
    present: Annotated[
        str, typer.Option("--present", help=N_("Aanwezige partners: ids of namen, met komma's."))
    ],
    date: DateOption = None,
    kind: KindOption = MeetingKind.overleg,
    place: PlaceOption = "",
    excused: ExcusedOption = None,
    poverty_voices: VoicesOption = 0,
    agenda: AgendaOption = "",
    minutes_file: Annotated[
        Path | None, typer.Option("--minutes-file", help=N_("Verslag in Markdown (UTF-8)."))
    ] = None,
    force: ForceOption = False,
) -> None:
    """Registreer een overleg; partners die niet genoemd worden, zijn afwezig."""
    from vrijetijd_cli import clock
    from vrijetijd_cli.formats import day
    from vrijetijd_cli.render.output import message
    from vrijetijd_cli.services import meetings

    meeting = meetings.add(
        session.db(), date or clock.today(), kind, place or "", present, excused,
        poverty_voices or 0, agenda or "", minutes_file, force,
    )
    message(
        _("Overleg {id} van {date} geregistreerd: {present} aanwezig, {excused} verontschuldigd, {absent} afwezig.")
        .format(id=meeting["id"], date=day(meeting["date"]), present=meeting["present_count"],
                excused=meeting["excused_count"], absent=meeting["absent_count"])
    )
    _show(meeting, with_minutes=False)


@app.command("list")
def list_(
    year: YearOption = None, fmt: FormatOption = OutputFormat.table, output: OutputOption = None,
    wide: WideOption = False,
) -> None:
    """Toon de overlegmomenten met het aantal aanwezigen en het jaarlijkse minimum."""
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import meetings

    overview = meetings.overview(session.db(), session.config(), year)
    title = _("Overlegmomenten {year}").format(year=year) if year else _("Overlegmomenten")
    footer = _("{count} van minimum {minimum} overlegmomenten in {year}").format(
        count=overview["count"], minimum=overview["minimum"], year=overview["year"])
    emit_list(overview["meetings"], LIST_COLUMNS, fmt.value, output, wide=wide, title=title, footer=footer)


@app.command()
def show(
    meeting: MeetingArg, fmt: FormatOption = OutputFormat.table, output: OutputOption = None
) -> None:
    """Toon een overleg met aanwezigheden, actiepunten en het verslag."""
    from vrijetijd_cli.services import meetings

    _show(meetings.get(session.db(), meeting), fmt, output)


@app.command()
def edit(
    meeting: MeetingArg,
    date: Annotated[str | None, typer.Option("--date", help=N_("Nieuwe datum (dd/mm/jjjj)."))] = None,
    kind: Annotated[MeetingKind | None, choice_option("--kind", MeetingKind, N_("Nieuwe soort."))] = None,
    place: PlaceOption = None,
    agenda: AgendaOption = None,
    poverty_voices: VoicesOption = None,
    present: Annotated[
        str | None, typer.Option("--present", help=N_("Aanwezige partners (vervangt de lijst)."))
    ] = None,
    excused: ExcusedOption = None,
    force: ForceOption = False,
) -> None:
    """Wijzig een overleg; --present of --excused registreert de aanwezigheid opnieuw."""
    from vrijetijd_cli.render.output import message
    from vrijetijd_cli.services import meetings

    changed = meetings.edit(session.db(), meeting, date, kind, place, agenda, poverty_voices,
                            present, excused, force)
    message(_("Overleg {id} gewijzigd.").format(id=changed["id"]))
    _show(changed, with_minutes=False)


@app.command()
def delete(meeting: MeetingArg, yes: YesOption = False) -> None:
    """Verwijder een overleg dat per vergissing geregistreerd werd, met zijn aanwezigheden,
    actiepunten en verslag (vraagt eerst)."""
    from vrijetijd_cli.formats import day
    from vrijetijd_cli.render.output import confirm, message
    from vrijetijd_cli.render.words import MEETING_KINDS, word
    from vrijetijd_cli.services import meeting_corrections

    conn = session.db()
    found = meeting_corrections.deletion(conn, meeting)
    parts = [ngettext("{n} actiepunt", "{n} actiepunten", found["action_items"]).format(n=found["action_items"])]
    if found["minutes"]:
        parts.append(ngettext("het verslag en {n} vorige versie", "het verslag en {n} vorige versies",
                              found["minutes_versions"]).format(n=found["minutes_versions"]))
    question = _("Overleg {id} ({kind} van {date}) verwijderen, met de aanwezigheden en {parts}?").format(
        id=found["id"], kind=word(MEETING_KINDS, found["kind"]), date=day(found["date"]), parts=", ".join(parts))
    if not yes and not confirm(question):
        message(_("Niet verwijderd; er is niets gewijzigd."))
        raise typer.Exit(1)
    meeting_corrections.delete(conn, meeting)
    message(_("Overleg {id} verwijderd.").format(id=found["id"]))


@app.command()
def minutes(
    meeting: MeetingArg,
    file: Annotated[
        Path | None, typer.Option("--file", help=N_("Nieuw verslag in Markdown (UTF-8 of Windows-1252)."))
    ] = None,
    edit: Annotated[bool, typer.Option(
        "--edit", help=N_("Open het verslag in $EDITOR (anders sensible-editor, nano of vi)."))] = False,
) -> None:
    """Vervang het verslag van een overleg; de vorige versie blijft bewaard."""
    from vrijetijd_cli.render.output import message
    from vrijetijd_cli.services import meetings

    if (file is None) == (not edit):
        raise typer.BadParameter(
            _("geef --file BESTAND of --edit (precies één van beide)"), param_hint="--file / --edit"
        )
    conn = session.db()
    if edit:
        edited = _run_editor(meetings.minutes_text(conn, meeting))
        result = meetings.set_minutes(conn, meeting, edited)
    else:
        result = meetings.set_minutes_from_file(conn, meeting, file)
    if result["changed"]:
        message(ngettext(
            "Verslag van overleg {id} bewaard; {versions} vorige versie bewaard.",
            "Verslag van overleg {id} bewaard; {versions} vorige versies bewaard.",
            result["versions"],
        ).format(id=result["id"], versions=result["versions"]))
    else:
        message(_("Verslag van overleg {id} is ongewijzigd; er is niets bewaard.").format(id=result["id"]))


def _run_editor(text: str) -> str:
    """The text after the user edited it in $EDITOR (a temporary .md file, removed after)."""
    import os
    import shlex
    import shutil
    import subprocess
    import tempfile

    from vrijetijd_cli.errors import InvalidInput
    from vrijetijd_cli.render.output import message
    from vrijetijd_cli.services.meetings import read_minutes_file

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        # the system's choice first (Debian), then the editors a newcomer can use, vi last
        editor = next((name for name in ("sensible-editor", "nano", "notepad", "vi") if shutil.which(name)), None)
        if not editor:
            raise InvalidInput(_("geen editor gevonden: zet de omgevingsvariabele EDITOR"))
        message(_("Het verslag wordt geopend in {editor} (zet $EDITOR om een andere te kiezen).").format(
            editor=editor))
    handle, name = tempfile.mkstemp(prefix="verslag-", suffix=".md")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text + "\n" if text else "")
        try:
            code = subprocess.call([*shlex.split(editor, posix=os.name != "nt"), name])
        except OSError as exc:
            raise InvalidInput(
                _("editor {editor!r} kan niet gestart worden: {reason}").format(editor=editor, reason=exc.strerror)
            ) from None
        if code != 0:
            raise InvalidInput(
                _("editor {editor!r} stopte met foutcode {code}; het verslag is niet gewijzigd").format(
                    editor=editor, code=code)
            )
        return read_minutes_file(name)
    finally:
        os.unlink(name)


@app.command()
def attendance(
    year: YearOption = None, fmt: FormatOption = OutputFormat.table, output: OutputOption = None,
    wide: WideOption = False,
) -> None:
    """Toon per partner de aanwezigheid op overlegmomenten; wie onder de drempel zit, valt op."""
    from vrijetijd_cli.formats import percent
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import meetings

    data = meetings.attendance(session.db(), session.config(), year)
    threshold = percent(data["threshold_bp"])
    period = str(year) if year else _("alle jaren")
    below = [row["partner"] for row in data["partners"] if row["below_threshold"]]
    footer = (
        _("Onder de drempel van {threshold}: {names}").format(threshold=threshold, names=", ".join(below))
        if below else _("Alle partners halen de drempel van {threshold}.").format(threshold=threshold)
    )
    title = _("Aanwezigheid op overlegmomenten, {period} (drempel {threshold})").format(
        period=period, threshold=threshold)
    emit_list(data["partners"], ATTENDANCE_COLUMNS, fmt.value, output, wide=wide, title=title, footer=footer)


@action_app.command("add")
def action_add(
    meeting: MeetingArg,
    text: Annotated[str, typer.Option("--text", help=N_("Wat moet er gebeuren."))],
    owner: Annotated[str, typer.Option("--owner", help=N_("Trekker: id of naam van de partner."))],
    due: Annotated[str | None, typer.Option("--due", help=N_("Uiterlijk op (dd/mm/jjjj)."))] = None,
) -> None:
    """Voeg een actiepunt toe aan een overleg."""
    from vrijetijd_cli.render.output import emit_record, message
    from vrijetijd_cli.services import meeting_actions

    action = meeting_actions.add_action(session.db(), meeting, text, owner, due)
    message(_("Actiepunt {id} toegevoegd aan overleg {meeting}.").format(id=action["id"], meeting=action["meeting_id"]))
    title = _("Actiepunt {id}").format(id=action["id"])
    emit_record(action, ACTION_COLUMNS, "table", None, title=title)


@action_app.command("done")
def action_done(action: Annotated[int, id_argument(N_("Id van het actiepunt."))]) -> None:
    """Markeer een actiepunt als afgewerkt (vandaag)."""
    from vrijetijd_cli.render.output import emit_record, message
    from vrijetijd_cli.services import meeting_actions

    done = meeting_actions.complete_action(session.db(), action)
    message(_("Actiepunt {id} afgewerkt.").format(id=done["id"]))
    title = _("Actiepunt {id}").format(id=done["id"])
    emit_record(done, ACTION_COLUMNS, "table", None, title=title)


@action_app.command("list")
def action_list(
    open_only: Annotated[bool, typer.Option("--open", help=N_("Alleen open actiepunten."))] = False,
    overdue: Annotated[
        bool, typer.Option("--overdue", help=N_("Alleen open actiepunten die te laat zijn."))
    ] = False,
    meeting: Annotated[int | None, id_option("--meeting", N_("Alleen van dit overleg (id)."))] = None,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None, wide: WideOption = False,
) -> None:
    """Toon de actiepunten; open en te late eerst."""
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import meeting_actions

    rows = meeting_actions.list_actions(session.db(), open_only, overdue, meeting)
    footer = _("{open} open, waarvan {overdue} te laat").format(
        open=sum(r["state"] != "done" for r in rows),
        overdue=sum(r["state"] == "overdue" for r in rows),
    )
    emit_list(rows, ACTION_COLUMNS, fmt.value, output, wide=wide, title=_("Actiepunten"), footer=footer)
