"""`vrijetijd participant merge`: two records of the same person become one.

Registered on the `participant` group by commands/participant.py (`commands` holds it).
"""

from typing import Annotated

import typer

from vrijetijd_cli.context import session
from vrijetijd_cli.i18n import N_, _, ngettext
from vrijetijd_cli.options import FormatOption, OutputFormat, YesOption, id_argument, noun_app

commands = noun_app()

FieldList = list[str] | None


def _rows(table: str, n: int) -> str:
    """'2 statuten', '1 toeleiding': `n` rows of a table that moves."""
    if table == "statuses":
        return ngettext("{n} statuut", "{n} statuten", n).format(n=n)
    if table == "referrals":
        return ngettext("{n} toeleiding", "{n} toeleidingen", n).format(n=n)
    if table == "participations":
        return ngettext("{n} deelname", "{n} deelnames", n).format(n=n)
    if table == "vouchers":
        return ngettext("{n} waardebon", "{n} waardebonnen", n).format(n=n)
    return ngettext("{n} signaal", "{n} signalen", n).format(n=n)


def _moved(moves: dict[str, list]) -> str:
    """'2 statuten, 1 toeleiding, 3 deelnames' (what moves), or 'niets'."""
    return ", ".join(_rows(table, len(ids)) for table, ids in moves.items() if ids) or _("niets")


def _value(field: str, value: object) -> str:
    from vrijetijd_cli.formats import day

    return day(value) if field == "birth_date" and value else str(value)


def _plan_lines(plan: dict) -> list[str]:
    """The dry run, line by line: exactly what would move and change."""
    from vrijetijd_cli.services.merging import FIELDS, typed

    heading = ngettext(
        "Samenvoegen: deelnemer {other} ({other_name}) gaat op in deelnemer {keep} ({keep_name}); {n} rij verhuist.",
        "Samenvoegen: deelnemer {other} ({other_name}) gaat op in deelnemer {keep} ({keep_name}); {n} rijen"
        " verhuizen.", sum(len(ids) for ids in plan["moves"].values()))
    lines = [heading.format(n=sum(len(ids) for ids in plan["moves"].values()), **plan)]
    for table, ids in plan["moves"].items():
        if ids:
            lines.append(_("  {what}: {ids}").format(what=_rows(table, len(ids)), ids=", ".join(map(str, ids))))
    for field, value in plan["changes"].items():
        name = _(FIELDS[field]) if field in FIELDS else _("notities")
        lines.append(_("  deelnemer {keep} krijgt {field}: {value}").format(
            keep=plan["keep"], field=name, value=_value(field, value).replace("\n", " / ")))
    for conflict in plan["conflicts"]:
        lines.append(_("  verschil in {field}: {keep} (deelnemer {keep_id}) of {other} (deelnemer {other_id});"
                       " kies met --use-other {code} of --use-keep {code}").format(
            field=_(FIELDS[conflict["field"]]), keep=_value(conflict["field"], conflict["keep"]),
            other=_value(conflict["field"], conflict["other"]), keep_id=plan["keep"], other_id=plan["other"],
            code=typed(conflict["field"])))
    return lines


@commands.command()
def merge(
    keep: Annotated[int, id_argument(N_("De deelnemer die blijft."), "KEEP")],
    other: Annotated[int, id_argument(N_("De deelnemer die in KEEP opgaat."), "OTHER")],
    use_other: Annotated[FieldList, typer.Option(
        "--use-other", metavar=N_("VELD"),
        help=N_("Neem dit veld van OTHER waar ze verschillen (voornaam, familienaam, geboortedatum, postcode,"
                " gezinsleden, telefoon, e-mail); meermaals te geven."))] = None,
    use_keep: Annotated[FieldList, typer.Option(
        "--use-keep", metavar=N_("VELD"), help=N_("Houd dit veld van KEEP waar ze verschillen."))] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help=N_("Toon precies wat zou verhuizen en veranderen; er wordt niets gewijzigd."))] = False,
    yes: YesOption = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Voeg twee records van dezelfde persoon samen: alles van OTHER gaat naar KEEP.

    Statuten, toeleidingen, deelnames en waardebonnen verhuizen naar KEEP; lege velden van KEEP
    krijgen de waarde van OTHER, de notities worden samengevoegd. Waar beide een andere waarde
    hebben (twee geboortedatums…), kiest u met --use-other of --use-keep. OTHER verdwijnt, maar
    'participant show OTHER' zegt waar het heen ging. Ook over afgesloten jaren heen: hun
    bewaarde rapporten blijven zoals ze overgemaakt werden.
    """
    from vrijetijd_cli.render.output import confirm, message, to_json, write
    from vrijetijd_cli.render.words import capitalised
    from vrijetijd_cli.services import merging

    conn = session.db()
    plan = merging.plan(conn, keep, other, use_other or [], use_keep or [])
    for field in plan["unused"]:
        message(_("{field} verschilt niet: --use-other/--use-keep {code} verandert niets.").format(
            field=capitalised(_(merging.FIELDS[field])), code=merging.typed(field)))
    if dry_run:
        if fmt == OutputFormat.json:
            write(to_json(plan), None)
        else:
            write("\n".join(_plan_lines(plan)) + "\n", None)
        message(_("Proefdraai: er is niets gewijzigd."))
        return
    if plan["conflicts"]:
        raise merging.conflict_error(plan)
    question = _("Deelnemer {other} ({other_name}) samenvoegen met deelnemer {keep} ({keep_name})? {moved} gaan"
                 " naar deelnemer {keep}; deelnemer {other} verdwijnt.").format(moved=_moved(plan["moves"]), **plan)
    if not yes and not confirm(question):
        message(_("Niet samengevoegd; er is niets gewijzigd."))
        raise typer.Exit(1)
    done = merging.merge(conn, keep, other, use_other or [], use_keep or [])
    if fmt == OutputFormat.json:
        write(to_json(done), None)
    else:
        write("\n".join(_plan_lines(done)[1:]) + "\n", None)
    message(_("Deelnemer {other} samengevoegd met deelnemer {keep}: {moved} verplaatst.").format(
        other=other, keep=keep, moved=_moved(done["moves"])))
