"""`vrijetijd privacy purge`."""

from typing import Annotated

import typer

from vrijetijd_cli.context import session
from vrijetijd_cli.options import FormatOption, OutputFormat, OutputOption, noun_app
from vrijetijd_cli.render.output import Column

app = noun_app()


@app.callback()
def group() -> None:
    """Bewaartermijn en anonimisering."""


PURGE_COLUMNS = [
    Column("id", "common.id", "int"),
    Column("first_name", "common.first_name"),
    Column("last_name", "common.last_name"),
    Column("postcode", "common.postcode"),
    Column("birth_year", "privacy.birth_year"),
    Column("created_on", "common.created_at", "date"),
    Column("last_activity", "privacy.last_activity", "date"),
]


@app.command()
def purge(
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Toon alleen wie geanonimiseerd zou worden; wijzig niets."),
    ] = False,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Anonimiseer wie binnen de bewaartermijn geen activiteit had."""
    from vrijetijd_cli.formats import day
    from vrijetijd_cli.render.i18n import label
    from vrijetijd_cli.render.output import emit_list, message
    from vrijetijd_cli.services import privacy

    result = privacy.purge(session.db(), session.config(), dry_run)
    lang, rows = session.lang, result["participants"]
    values = {
        "count": len(rows),
        "cutoff": day(result["cutoff"]),
        "years": result["retention_years"],
    }
    if rows or fmt is not OutputFormat.table:
        title = label("privacy.purge_title", lang).format(**values)
        emit_list(rows, PURGE_COLUMNS, fmt.value, output, lang, title=title)
    key = (
        "privacy.purge_none"
        if not rows
        else "privacy.purge_dry_run"
        if dry_run
        else "privacy.purge_done"
    )
    message(label(key, lang).format(**values))
    if not result["clean"]:
        message(label("privacy.trace_left", lang))
