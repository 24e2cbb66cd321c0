"""`vrijetijd meeting add|list|show|edit|minutes|attendance` and `meeting action add|done|list`."""

from pathlib import Path
from typing import Annotated

import typer

from vrijetijd_cli.context import session
from vrijetijd_cli.options import (
    DateOption,
    FormatOption,
    OutputFormat,
    OutputOption,
    YearOption,
    noun_app,
)
from vrijetijd_cli.render.output import Column

app = noun_app()
action_app = noun_app()
app.add_typer(action_app, name="action", help="Actiepunten van overlegmomenten.")

LIST_COLUMNS = [
    Column("id", "common.id", "int"),
    Column("date", "common.date", "date"),
    Column("kind", "meeting.kind", "label", "meeting.kind"),
    Column("place", "meeting.place"),
    Column("present_count", "meeting.present", "int"),
    Column("excused_count", "meeting.excused", "int"),
    Column("absent_count", "meeting.absent", "int"),
    Column("poverty_voices", "meeting.poverty_voices", "int"),
    Column("has_minutes", "meeting.has_minutes", "bool"),
    Column("open_actions", "meeting.open_actions", "int"),
]
SHOW_FIELDS = [
    Column("id", "common.id", "int"),
    Column("date", "common.date", "date"),
    Column("kind", "meeting.kind", "label", "meeting.kind"),
    Column("place", "meeting.place"),
    Column("agenda", "meeting.agenda"),
    Column("present", "meeting.present"),
    Column("excused", "meeting.excused"),
    Column("absent", "meeting.absent"),
    Column("poverty_voices", "meeting.poverty_voices", "int"),
    Column("version_count", "meeting.versions", "int"),
]
ACTION_COLUMNS = [
    Column("id", "common.id", "int"),
    Column("meeting_id", "meeting.meeting_id", "int"),
    Column("meeting_date", "meeting.meeting_date", "date"),
    Column("text", "meeting.text"),
    Column("owner", "meeting.owner"),
    Column("due_date", "meeting.due_date", "date"),
    Column("done_on", "meeting.done_on", "date"),
    Column("state", "meeting.action_state", "label", "meeting.action_state"),
]
ATTENDANCE_COLUMNS = [
    Column("partner", "common.partner"),
    Column("meetings", "meeting.meeting_count", "int"),
    Column("present", "meeting.present", "int"),
    Column("excused", "meeting.excused", "int"),
    Column("absent", "meeting.absent", "int"),
    Column("rate_bp", "meeting.rate", "percent"),
    Column("below_threshold", "meeting.below_threshold", "bool"),
]
MeetingArg = Annotated[str, typer.Argument(help="Id van het overleg.")]
KindOption = Annotated[str, typer.Option("--kind", help="Soort: overleg, werkgroep of evaluatie.")]
PlaceOption = Annotated[str | None, typer.Option("--place", help="Plaats.")]
AgendaOption = Annotated[str | None, typer.Option("--agenda", help="Agenda (tekst).")]
VoicesOption = Annotated[
    int | None,
    typer.Option("--poverty-voices", help="Aantal aanwezigen met armoede-ervaring."),
]
ExcusedOption = Annotated[
    str | None,
    typer.Option("--excused", help="Verontschuldigde partners: ids of namen, met komma's."),
]


def _text(key: str, **values) -> str:
    from vrijetijd_cli.render.i18n import label

    return label(key, session.lang).format(**values)


def _announce(meeting: dict, key: str) -> None:
    from vrijetijd_cli.formats import day
    from vrijetijd_cli.render.output import message

    message(_text(
        key, id=meeting["id"], date=day(meeting["date"]), present=meeting["present_count"],
        excused=meeting["excused_count"], absent=meeting["absent_count"],
    ))


def _show(
    meeting: dict, fmt: OutputFormat = OutputFormat.table, output: Path | None = None,
    with_minutes: bool = True,
) -> None:
    from vrijetijd_cli.render.output import emit_record

    lang = session.lang
    record = {**meeting, "version_count": len(meeting["minutes_versions"])}
    # joined here so the CSV writer neutralises them like any other text
    record.update({key: ", ".join(meeting[key]) for key in ("present", "excused", "absent")})
    title = _text("meeting.meeting", id=meeting["id"])
    if fmt is not OutputFormat.table or not with_minutes:
        emit_record(record, SHOW_FIELDS, fmt.value, output, lang, title, json_data=meeting)
        return
    from vrijetijd_cli.render.markdown import emit_with_markdown

    sections = [(_text("meeting.actions"), ACTION_COLUMNS, meeting["actions"])]
    emit_with_markdown(
        record, SHOW_FIELDS, lang, title, sections, _text("meeting.minutes"), meeting["minutes"],
        _text("meeting.no_minutes"), output,
    )


@app.command()
def add(
    present: Annotated[
        str, typer.Option("--present", help="Aanwezige partners: ids of namen, met komma's.")
    ],
    date: DateOption = None,
    kind: KindOption = "overleg",
    place: PlaceOption = "",
    excused: ExcusedOption = None,
    poverty_voices: VoicesOption = 0,
    agenda: AgendaOption = "",
    minutes_file: Annotated[
        Path | None, typer.Option("--minutes-file", help="Verslag in Markdown (UTF-8).")
    ] = None,
) -> None:
    """Registreer een overleg; partners die niet genoemd worden, zijn afwezig."""
    from vrijetijd_cli import clock
    from vrijetijd_cli.services import meetings

    meeting = meetings.add(
        session.db(), date or clock.today(), kind, place or "", present, excused,
        poverty_voices or 0, agenda or "", minutes_file,
    )
    _announce(meeting, "meeting.added")
    _show(meeting, with_minutes=False)


@app.command("list")
def list_(
    year: YearOption = None, fmt: FormatOption = OutputFormat.table, output: OutputOption = None
) -> None:
    """Toon de overlegmomenten met het aantal aanwezigen en het jaarlijkse minimum."""
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import meetings

    overview = meetings.overview(session.db(), session.config(), year)
    title = _text("meeting.meetings_year", year=year) if year else _text("meeting.meetings")
    footer = _text("meeting.footer", count=overview["count"], minimum=overview["minimum"],
                   year=overview["year"])
    emit_list(overview["meetings"], LIST_COLUMNS, fmt.value, output, session.lang, title, footer)


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
    date: Annotated[str | None, typer.Option("--date", help="Nieuwe datum (dd/mm/jjjj).")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="Nieuwe soort.")] = None,
    place: PlaceOption = None,
    agenda: AgendaOption = None,
    poverty_voices: VoicesOption = None,
    present: Annotated[
        str | None, typer.Option("--present", help="Aanwezige partners (vervangt de lijst).")
    ] = None,
    excused: ExcusedOption = None,
) -> None:
    """Wijzig een overleg; --present of --excused registreert de aanwezigheid opnieuw."""
    from vrijetijd_cli.services import meetings

    changed = meetings.edit(session.db(), meeting, date, kind, place, agenda, poverty_voices,
                            present, excused)
    _announce(changed, "meeting.edited")
    _show(changed, with_minutes=False)


@app.command()
def minutes(
    meeting: MeetingArg,
    file: Annotated[
        Path | None, typer.Option("--file", help="Nieuw verslag in Markdown (UTF-8).")
    ] = None,
    edit: Annotated[bool, typer.Option("--edit", help="Open het verslag in $EDITOR.")] = False,
) -> None:
    """Vervang het verslag van een overleg; de vorige versie blijft bewaard."""
    from vrijetijd_cli.render.output import message
    from vrijetijd_cli.services import meetings

    if (file is None) == (not edit):
        raise typer.BadParameter(_text("meeting.minutes_usage"), param_hint="--file / --edit")
    conn = session.db()
    if edit:
        edited = _run_editor(meetings.minutes_text(conn, meeting))
        result = meetings.set_minutes(conn, meeting, edited)
    else:
        result = meetings.set_minutes_from_file(conn, meeting, file)
    key = "meeting.minutes_saved" if result["changed"] else "meeting.minutes_unchanged"
    message(_text(key, id=result["id"], versions=result["versions"]))


def _run_editor(text: str) -> str:
    """The text after the user edited it in $EDITOR (a temporary .md file, removed after)."""
    import os
    import shlex
    import shutil
    import subprocess
    import tempfile

    from vrijetijd_cli.services.meetings import read_minutes_file

    editor = os.environ.get("EDITOR") or next(
        (name for name in ("nano", "vi", "notepad") if shutil.which(name)), None
    )
    if not editor:
        raise _editor_error("meeting.no_editor")
    handle, name = tempfile.mkstemp(prefix="verslag-", suffix=".md")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text + "\n" if text else "")
        try:
            code = subprocess.call([*shlex.split(editor, posix=os.name != "nt"), name])
        except OSError as exc:
            reason = exc.strerror
            raise _editor_error("meeting.editor_missing", editor=editor, reason=reason) from None
        if code != 0:
            raise _editor_error("meeting.editor_failed", editor=editor, code=code)
        return read_minutes_file(name)
    finally:
        os.unlink(name)


def _editor_error(key: str, **values):
    from vrijetijd_cli.errors import InvalidInput
    from vrijetijd_cli.render.i18n import label

    return InvalidInput(label(key, "nl").format(**values), label(key, "en").format(**values))


@app.command()
def attendance(
    year: YearOption = None, fmt: FormatOption = OutputFormat.table, output: OutputOption = None
) -> None:
    """Toon per partner de aanwezigheid op overlegmomenten; wie onder de drempel zit, valt op."""
    from vrijetijd_cli.formats import percent
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import meetings

    data = meetings.attendance(session.db(), session.config(), year)
    threshold = percent(data["threshold_bp"], session.lang)
    period = str(year) if year else _text("meeting.all_years")
    below = [row["partner"] for row in data["partners"] if row["below_threshold"]]
    footer = (
        _text("meeting.below_footer", threshold=threshold, names=", ".join(below))
        if below else _text("meeting.all_above", threshold=threshold)
    )
    title = _text("meeting.attendance_title", period=period, threshold=threshold)
    emit_list(data["partners"], ATTENDANCE_COLUMNS, fmt.value, output, session.lang, title, footer)


@action_app.command("add")
def action_add(
    meeting: MeetingArg,
    text: Annotated[str, typer.Option("--text", help="Wat moet er gebeuren.")],
    owner: Annotated[str, typer.Option("--owner", help="Trekker: id of naam van de partner.")],
    due: Annotated[str | None, typer.Option("--due", help="Uiterlijk op (dd/mm/jjjj).")] = None,
) -> None:
    """Voeg een actiepunt toe aan een overleg."""
    from vrijetijd_cli.render.output import emit_record, message
    from vrijetijd_cli.services import meeting_actions

    action = meeting_actions.add_action(session.db(), meeting, text, owner, due)
    message(_text("meeting.action_added", id=action["id"], meeting=action["meeting_id"]))
    title = _text("meeting.action", id=action["id"])
    emit_record(action, ACTION_COLUMNS, "table", None, session.lang, title)


@action_app.command("done")
def action_done(action: Annotated[str, typer.Argument(help="Id van het actiepunt.")]) -> None:
    """Markeer een actiepunt als afgewerkt (vandaag)."""
    from vrijetijd_cli.render.output import emit_record, message
    from vrijetijd_cli.services import meeting_actions

    done = meeting_actions.complete_action(session.db(), action)
    message(_text("meeting.action_done", id=done["id"]))
    title = _text("meeting.action", id=done["id"])
    emit_record(done, ACTION_COLUMNS, "table", None, session.lang, title)


@action_app.command("list")
def action_list(
    open_only: Annotated[bool, typer.Option("--open", help="Alleen open actiepunten.")] = False,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Alleen open actiepunten die te laat zijn.")
    ] = False,
    meeting: Annotated[
        int | None, typer.Option("--meeting", help="Alleen van dit overleg (id).")
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Toon de actiepunten; open en te late eerst."""
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import meeting_actions

    rows = meeting_actions.list_actions(session.db(), open_only, overdue, meeting)
    footer = _text(
        "meeting.actions_footer",
        open=sum(r["state"] != "done" for r in rows),
        overdue=sum(r["state"] == "overdue" for r in rows),
    )
    title = _text("meeting.actions")
    emit_list(rows, ACTION_COLUMNS, fmt.value, output, session.lang, title, footer)
