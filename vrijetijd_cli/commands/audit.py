"""`vrijetijd audit list`."""

from typing import Annotated

import typer

from vrijetijd_cli.context import session
from vrijetijd_cli.i18n import N_, NP_, _
from vrijetijd_cli.options import FormatOption, OutputFormat, OutputOption, WideOption, count_option, noun_app
from vrijetijd_cli.render.output import Column
from vrijetijd_cli.render.words import AUDIT_ACTIONS, AUDIT_ENTITIES, AUDIT_FIELDS

app = noun_app()


@app.callback()
def group() -> None:
    """Logboek van wijzigingen."""


# the audit log's columns (here and in `participant export`)
AUDIT_COLUMNS = [
    Column("at", NP_("audit log", "Tijdstip"), "code"),
    Column("os_user", N_("Gebruiker"), priority=3),
    Column("command", N_("Opdracht"), priority=4),
    Column("entity", NP_("audit log", "Soort"), "label", AUDIT_ENTITIES),
    Column("entity_id", N_("Id"), "id"),
    Column("action", N_("Actie"), "label", AUDIT_ACTIONS),
    Column("fields", N_("Velden"), "labels", AUDIT_FIELDS, priority=2),
]


def audit_columns(with_id: bool = False) -> list[Column]:
    return [Column("id", N_("Id"), "id"), *AUDIT_COLUMNS] if with_id else AUDIT_COLUMNS


@app.command("list")
def list_(
    entity: Annotated[
        str | None,
        typer.Option("--entity", help=N_("Alleen deze soort (participant, referral, partner…).")),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help=N_("Vanaf deze datum (dd/mm/jjjj)."))
    ] = None,
    user: Annotated[
        str | None, typer.Option("--user", help=N_("Alleen wijzigingen van deze gebruiker."))
    ] = None,
    limit: Annotated[
        int, count_option("--limit", N_("Hoogstens zoveel recentste regels (0: alle)."))
    ] = 200,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None, wide: WideOption = False,
) -> None:
    """Toon het logboek van wijzigingen (wie, wanneer, wat; nooit de waarden), recentste eerst."""
    from vrijetijd_cli.parse import parse_date
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import privacy

    since_date = parse_date(since, "sinds") if since is not None else None
    rows = privacy.audit_entries(
        session.db(), entity, since_date, user, limit + 1 if limit else None
    )
    if fmt is not OutputFormat.json:  # readable, and wraps between field names in a narrow table
        rows = [{**r, "at": r["at"].replace("T", " "), "fields": r["fields"].replace(",", ", ")}
                for r in rows]
    footer = None
    if limit and len(rows) > limit:
        rows = rows[:limit]
        footer = _("Alleen de {limit} recentste regels; --limit 0 toont alles.").format(limit=limit)
    emit_list(
        rows,
        audit_columns(with_id=True),
        fmt.value,
        output,
        wide=wide,
        title=_("Logboek van wijzigingen"),
        footer=footer,
    )
