"""`vrijetijd partner add|list|show|edit|deactivate`."""

from typing import Annotated

import typer

from vrijetijd_cli.context import session
from vrijetijd_cli.options import FormatOption, OutputFormat, OutputOption, noun_app
from vrijetijd_cli.render.output import Column

app = noun_app()

COLUMNS = [
    Column("id", "common.id", "int"),
    Column("name", "common.name"),
    Column("kind", "common.kind", "label", "partner_kind"),
    Column("contact", "common.contact"),
    Column("active", "common.active", "bool"),
    Column("joined_on", "common.joined_on", "date"),
]
SHOW_COLUMNS = COLUMNS + [
    Column("referral_count", "common.referral_count", "int"),
    Column("participant_count", "common.participant_count", "int"),
]
PartnerArg = Annotated[str, typer.Argument(help="Id of naam van de partner.")]


def _kinds() -> dict:
    return session.config().partner_kinds


def _show(partner: dict, fmt: OutputFormat = OutputFormat.table, output=None) -> None:
    from vrijetijd_cli.render.output import emit_record

    emit_record(partner, SHOW_COLUMNS if "referral_count" in partner else COLUMNS, fmt.value, output,
                session.lang, title=partner["name"])


@app.command()
def add(
    name: Annotated[str, typer.Option("--name", help="Naam van de partner.")],
    kind: Annotated[str, typer.Option("--kind", help="Soort (zie partner_kinds in de config).")] = "andere",
    contact: Annotated[str, typer.Option("--contact", help="Contactpersoon of adres.")] = "",
) -> None:
    """Voeg een partner toe."""
    from vrijetijd_cli.services import partners

    _show(partners.add(session.db(), _kinds(), name, kind, contact))


@app.command("list")
def list_(
    active: Annotated[bool | None, typer.Option("--active/--inactive", help="Alleen actieve of inactieve.")] = None,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Toon de partners."""
    from vrijetijd_cli.render.i18n import label
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import partners

    rows = partners.list_partners(session.db(), active)
    emit_list(rows, COLUMNS, fmt.value, output, session.lang, title=label("common.partners", session.lang))


@app.command()
def show(partner: PartnerArg, fmt: FormatOption = OutputFormat.table, output: OutputOption = None) -> None:
    """Toon een partner met het aantal toeleidingen."""
    from vrijetijd_cli.services import partners

    _show(partners.get(session.db(), partner), fmt, output)


@app.command()
def edit(
    partner: PartnerArg,
    name: Annotated[str | None, typer.Option("--name", help="Nieuwe naam.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="Nieuwe soort.")] = None,
    contact: Annotated[str | None, typer.Option("--contact", help="Nieuw contact.")] = None,
) -> None:
    """Wijzig een partner."""
    from vrijetijd_cli.services import partners

    _show(partners.edit(session.db(), _kinds(), partner, name, kind, contact))


@app.command()
def deactivate(partner: PartnerArg) -> None:
    """Zet een partner op inactief (toeleidingen blijven bewaard)."""
    from vrijetijd_cli.services import partners

    _show(partners.deactivate(session.db(), partner))
