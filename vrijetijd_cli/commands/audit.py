"""`vrijetijd audit list`."""

from typing import Annotated

import typer

from vrijetijd_cli.context import session
from vrijetijd_cli.options import FormatOption, OutputFormat, OutputOption, noun_app
from vrijetijd_cli.render.output import Column

app = noun_app()


@app.callback()
def group() -> None:
    """Logboek van wijzigingen."""


AUDIT_COLUMNS = [
    Column("id", "common.id", "int"),
    Column("at", "privacy.at"),
    Column("os_user", "privacy.os_user"),
    Column("command", "privacy.command"),
    Column("entity", "privacy.entity"),
    Column("entity_id", "privacy.entity_id"),
    Column("action", "privacy.action"),
    Column("fields", "privacy.fields"),
]


@app.command("list")
def list_(
    entity: Annotated[
        str | None,
        typer.Option("--entity", help="Alleen deze soort (participant, referral, partner…)."),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Vanaf deze datum (dd/mm/jjjj).")
    ] = None,
    user: Annotated[
        str | None, typer.Option("--user", help="Alleen wijzigingen van deze gebruiker.")
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", min=0, help="Hoogstens zoveel recentste regels (0: alle).")
    ] = 200,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Toon het logboek van wijzigingen (wie, wanneer, wat; nooit de waarden), recentste eerst."""
    from vrijetijd_cli.parse import parse_date
    from vrijetijd_cli.render.i18n import label
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import privacy

    since_date = parse_date(since, "sinds") if since is not None else None
    rows = privacy.audit_entries(
        session.db(), entity, since_date, user, limit + 1 if limit else None
    )
    lang = session.lang
    if fmt is not OutputFormat.json:  # readable, and wraps between field names in a narrow table
        rows = [{**r, "at": r["at"].replace("T", " "), "fields": r["fields"].replace(",", ", ")}
                for r in rows]
    footer = None
    if limit and len(rows) > limit:
        rows = rows[:limit]
        footer = label("privacy.audit_limited", lang).format(limit=limit)
    emit_list(
        rows,
        AUDIT_COLUMNS,
        fmt.value,
        output,
        lang,
        title=label("privacy.audit_title", lang),
        footer=footer,
    )
