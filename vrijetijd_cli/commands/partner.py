"""`vrijetijd partner add|list|show|edit|deactivate`."""

from typing import Annotated

import typer

from vrijetijd_cli.context import session
from vrijetijd_cli.i18n import N_, _
from vrijetijd_cli.options import FormatOption, MunicipalityOption, OutputFormat, OutputOption, WideOption, noun_app
from vrijetijd_cli.render.output import Column

app = noun_app()

COLUMNS = [
    Column("id", N_("Id"), "id"),
    Column("name", N_("Naam")),
    Column("kind", N_("Soort"), "label", "partner_kind", priority=2),
    Column("contact", N_("Contact"), priority=3),
    Column("active", N_("Actief"), "bool"),
    Column("joined_on", N_("Lid sinds"), "date", priority=4),
]
# with its share as an organiser (docs/architecture.md, "Shared cost"): in a list the first to go
RECORD_COLUMNS = COLUMNS + [Column("organiser_share_bp", N_("Deel als organisator"), "percent", priority=5)]
SHOW_COLUMNS = RECORD_COLUMNS + [
    Column("referral_count", N_("Toeleidingen"), "int"),
    Column("participant_count", N_("Deelnemers"), "int"),
]
PartnerArg = Annotated[str, typer.Argument(help=N_("Id of naam van de partner."))]
OrganiserShare = Annotated[str | None, typer.Option("--organiser-share", help=N_(
    "Deel van de volle prijs dat deze partner draagt van de activiteiten die hij organiseert, in procent"
    " (bv. 40 of 40%; 0 tot 100, één decimaal); het eigen deel van een activiteit gaat voor. Geldt voor"
    " nieuwe deelnames: bestaande worden niet herschreven."))]


def _kinds() -> dict:
    return session.config().partner_kinds


MUNICIPALITY = Column("municipality_name", N_("Gemeente"), priority=2)


def _columns(columns: list[Column]) -> list[Column]:
    """A regional network shows whose partner it is: a municipality's or the region's."""
    return [*columns[:3], MUNICIPALITY, *columns[3:]] if session.config().regional else columns


def _named(rows: list[dict]) -> list[dict]:
    from vrijetijd_cli.region import label

    regional = session.config().regional
    for row in rows:
        if regional:
            row["municipality_name"] = label(session.config().municipalities, row["municipality"])
        else:  # a local network: every partner is the network's own
            row.pop("municipality", None)
    return rows


def _show(partner: dict, fmt: OutputFormat = OutputFormat.table, output=None) -> None:
    from vrijetijd_cli.render.output import emit_record

    emit_record(_named([partner])[0], _columns(SHOW_COLUMNS if "referral_count" in partner else RECORD_COLUMNS),
                fmt.value, output, title=partner["name"])


@app.command()
def add(
    name: Annotated[str, typer.Option("--name", help=N_("Naam van de partner."))],
    kind: Annotated[str, typer.Option("--kind", help=N_("Soort (zie partner_kinds in de config)."))] = "andere",
    contact: Annotated[str, typer.Option("--contact", help=N_("Contactpersoon of adres."))] = "",
    municipality: MunicipalityOption = None,
    organiser_share: OrganiserShare = None,
) -> None:
    """Voeg een partner toe.

    In een regionaal netwerk hoort een partner bij een gemeente (--municipality) of bij de regio
    als geheel (standaard).
    """
    from vrijetijd_cli.render.output import message
    from vrijetijd_cli.services import partners

    added = partners.add(session.db(), _kinds(), name, kind, contact, municipality=municipality,
                         municipalities=session.config().municipalities, organiser_share=organiser_share)
    _show(added)
    message(_("Partner {id} ({name}) toegevoegd.").format(id=added["id"], name=added["name"]))


@app.command("list")
def list_(
    active: Annotated[bool | None, typer.Option("--active/--inactive", help=N_("Alleen actieve of inactieve."))] = None,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None, wide: WideOption = False,
) -> None:
    """Toon de partners."""
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import partners

    rows = _named(partners.list_partners(session.db(), active))
    emit_list(rows, _columns(RECORD_COLUMNS), fmt.value, output, wide=wide, title=_("Partners"))


@app.command()
def show(partner: PartnerArg, fmt: FormatOption = OutputFormat.table, output: OutputOption = None) -> None:
    """Toon een partner met het aantal toeleidingen."""
    from vrijetijd_cli.services import partners

    _show(partners.get(session.db(), partner), fmt, output)


@app.command()
def edit(
    partner: PartnerArg,
    name: Annotated[str | None, typer.Option("--name", help=N_("Nieuwe naam."))] = None,
    kind: Annotated[str | None, typer.Option("--kind", help=N_("Nieuwe soort."))] = None,
    contact: Annotated[str | None, typer.Option("--contact", help=N_("Nieuw contact."))] = None,
    municipality: MunicipalityOption = None,
    organiser_share: OrganiserShare = None,
) -> None:
    """Wijzig een partner (--organiser-share "" wist het deel als organisator).

    Een nieuw deel als organisator geldt voor de deelnames die daarna geregistreerd worden;
    wat al geregistreerd is, blijft zoals het was.
    """
    from vrijetijd_cli.render.output import message
    from vrijetijd_cli.services import partners

    edited = partners.edit(session.db(), _kinds(), partner, name, kind, contact, municipality,
                           session.config().municipalities, organiser_share)
    _show(edited)
    message(_("Partner {id} ({name}) gewijzigd.").format(id=edited["id"], name=edited["name"]))


@app.command()
def deactivate(partner: PartnerArg) -> None:
    """Zet een partner op inactief (toeleidingen blijven bewaard)."""
    from vrijetijd_cli.render.output import message
    from vrijetijd_cli.services import partners

    done = partners.deactivate(session.db(), partner)
    _show(done)
    message(_("Partner {id} ({name}) op inactief gezet.").format(id=done["id"], name=done["name"]))
