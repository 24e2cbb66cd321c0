"""`vrijetijd privacy purge`."""

from typing import Annotated

import typer

from vrijetijd_cli.context import session
from vrijetijd_cli.i18n import N_, _, ngettext
from vrijetijd_cli.options import FormatOption, OutputFormat, OutputOption, noun_app
from vrijetijd_cli.render.output import Column

app = noun_app()


@app.callback()
def group() -> None:
    """Bewaartermijn en anonimisering."""


PURGE_COLUMNS = [
    Column("id", N_("Id"), "id"),
    Column("first_name", N_("Voornaam")),
    Column("last_name", N_("Familienaam")),
    Column("postcode", N_("Postcode"), "code", priority=3),
    Column("birth_year", N_("Geboortejaar"), "id", priority=3),
    Column("created_on", N_("Aangemaakt"), "date", priority=2),
    Column("last_activity", N_("Laatste activiteit"), "date"),
]


@app.command()
def purge(
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help=N_("Toon alleen wie geanonimiseerd zou worden; wijzig niets.")),
    ] = False,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Anonimiseer wie binnen de bewaartermijn geen activiteit had en verwijder back-ups ouder dan
    privacy.backup_retention_days."""
    from vrijetijd_cli.commands.db import expired
    from vrijetijd_cli.commands.participant_privacy import show_text_changes, trace_left
    from vrijetijd_cli.formats import day
    from vrijetijd_cli.render.output import emit_list, message
    from vrijetijd_cli.services import backup, privacy

    config = session.config()
    result = privacy.purge(session.db(), config, dry_run)
    rows = result["participants"]
    count, cutoff, years = len(rows), day(result["cutoff"]), result["retention_years"]
    if rows or fmt is not OutputFormat.table:
        title = _("Deelnemers zonder activiteit sinds {cutoff}").format(cutoff=cutoff)
        emit_list(rows, PURGE_COLUMNS, fmt.value, output, title=title)
    retention = ngettext("bewaartermijn {years} jaar", "bewaartermijn {years} jaar", years).format(years=years)
    if not rows:
        text = _("Geen deelnemers zonder activiteit sinds {cutoff} ({retention}).").format(
            cutoff=cutoff, retention=retention)
    elif dry_run:
        text = ngettext(
            "{count} deelnemer zonder activiteit sinds {cutoff} ({retention}); niets gewijzigd (--dry-run).",
            "{count} deelnemers zonder activiteit sinds {cutoff} ({retention}); niets gewijzigd (--dry-run).",
            count,
        ).format(count=count, cutoff=cutoff, retention=retention)
    else:
        text = ngettext(
            "{count} deelnemer zonder activiteit sinds {cutoff} geanonimiseerd.",
            "{count} deelnemers zonder activiteit sinds {cutoff} geanonimiseerd.",
            count,
        ).format(count=count, cutoff=cutoff)
    message(text)
    if rows and fmt is OutputFormat.table:
        show_text_changes(result, fmt, None)
    if not result["clean"]:
        message(trace_left())
    if dry_run:
        old = backup.expired_backups(session.db_path(), config.backup_retention_days)
        if old:
            message(ngettext(
                "{n} back-up ouder dan {days} dagen zou verwijderd worden (--dry-run).",
                "{n} back-ups ouder dan {days} dagen zouden verwijderd worden (--dry-run).",
                len(old)).format(n=len(old), days=config.backup_retention_days))
    else:
        expired(backup.expire(session.db_path(), config.backup_retention_days), config.backup_retention_days)
