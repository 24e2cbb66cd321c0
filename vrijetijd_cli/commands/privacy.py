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
    """Anonimiseer wie binnen de bewaartermijn geen activiteit had."""
    from vrijetijd_cli.commands.participant_privacy import trace_left
    from vrijetijd_cli.formats import day
    from vrijetijd_cli.render.output import emit_list, message
    from vrijetijd_cli.services import privacy

    result = privacy.purge(session.db(), session.config(), dry_run)
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
    if not result["clean"]:
        message(trace_left())
