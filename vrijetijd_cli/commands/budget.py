"""`vrijetijd budget show|set` and `budget expense add|list|edit|delete`."""

from typing import Annotated

import typer

from vrijetijd_cli.context import session
from vrijetijd_cli.i18n import N_, NP_, _, ngettext
from vrijetijd_cli.options import (
    DateOption,
    FormatOption,
    MunicipalityOption,
    OutputFormat,
    OutputOption,
    WideOption,
    YearOption,
    YesOption,
    id_argument,
    noun_app,
    year_option,
)
from vrijetijd_cli.render.output import Column
from vrijetijd_cli.render.words import EXPENSE_CATEGORIES, FUNDING_SOURCES, code_of

app = noun_app()
expense_app = noun_app(help=N_("Uitgaven die geen deelname zijn (communicatie, vervoer, …)."))
app.add_typer(expense_app, name="expense", help=N_("Uitgaven die geen deelname zijn (communicatie, vervoer, …)."))

Source = Annotated[str, typer.Option("--source", help=N_("Budgetbron: trekkingsrecht, cofinanciering of ander."))]


BudgetYearOption = Annotated[int | None, year_option("--year", N_("Budgetjaar (standaard het jaar van de datum)."))]
# 'Uitgegeven' of money spent (a voucher 'uitgegeven' is issued)
SPENT = NP_("money spent", "Uitgegeven")
SUMMARY = [
    Column("year", N_("Jaar"), "id"),
    Column("basis", N_("Bedragen"), priority=2),
    Column("available_cents", N_("Beschikbaar"), "money"),
    Column("spent_cents", SPENT, "money"),
    Column("participations_cents", N_("waarvan deelnames"), "money"),
    Column("expenses_cents", N_("waarvan andere uitgaven"), "money"),
    Column("committed_cents", N_("Vastgelegd (open waardebonnen)"), "money"),
    Column("remaining_cents", N_("Resterend"), "money"),
    Column("used_bp", N_("Gebruikt (uitgegeven + vastgelegd)"), "percent"),
]
BY_SOURCE = [
    Column("source", N_("Bron"), "label", FUNDING_SOURCES),
    Column("available_cents", N_("Beschikbaar"), "money"),
    Column("spent_cents", SPENT, "money"),
    Column("committed_cents", N_("Vastgelegd (open waardebonnen)"), "money"),
    Column("remaining_cents", N_("Resterend"), "money"),
]
BY_DOMAIN = [
    Column("domain", N_("Domein"), "label", "domain"),
    Column("participations", N_("Deelnames"), "int"),
    Column("persons", N_("Personen"), "int"),
    Column("spent_cents", SPENT, "money"),
]
BY_CATEGORY = [
    Column("category", N_("Categorie"), "label", EXPENSE_CATEGORIES),
    Column("expenses", N_("Aantal"), "int"),
    Column("spent_cents", SPENT, "money"),
]
FLAT = [
    Column("part", N_("Onderdeel")),
    Column("item", N_("Post")),
    Column("amount_cents", N_("Bedrag"), "money"),
]
BUDGET_ROW = [
    Column("year", N_("Jaar"), "id"),
    Column("trekkingsrecht_cents", N_("Trekkingsrecht"), "money"),
    Column("cofinancing_cents", N_("Cofinanciering"), "money"),
    Column("other_cents", N_("Andere bronnen"), "money"),
    Column("basis", N_("Bedragen")),
]
EXPENSE = [
    Column("id", N_("Id"), "id"),
    Column("year", N_("Jaar"), "id"),
    Column("date", N_("Datum"), "date"),
    Column("category", N_("Categorie"), "label", EXPENSE_CATEGORIES),
    Column("amount_cents", N_("Bedrag"), "money"),
    Column("funding_source", N_("Bron"), "label", FUNDING_SOURCES, priority=3),
    Column("description", N_("Omschrijving"), priority=2),
]
# the warnings of services.budget.show by code; 'actual_over' is 'forecast_over' of a past year
WARNINGS = {
    "above_warn_share": N_("{used} van het budget {year} is gebruikt (uitgegeven + vastgelegd),"
                           " meer dan de drempel van {limit}"),
    "forecast_over": N_("de verwachte uitgaven tegen het jaareinde ({forecast}) zijn hoger dan het budget"
                        " {year} ({available})"),
    "actual_over": N_("de uitgaven van {year} ({forecast}) zijn hoger dan het budget ({available})"),
    "no_budget": N_("er is geld uitgegeven in {year}, maar het budget van dat jaar is € 0"),
}


def _year(year: int | None) -> int:
    from vrijetijd_cli import clock

    return year if year is not None else clock.today().year


def _basis(from_config: bool) -> str:
    return _("standaard uit de config") if from_config else _("ingesteld voor dit jaar")


@app.command()
def show(year: YearOption = None, fmt: FormatOption = OutputFormat.table, output: OutputOption = None) -> None:
    """Toon het budget van een jaar: beschikbaar, uitgegeven, vastgelegd, resterend en prognose."""
    from vrijetijd_cli.render.output import emit_list, emit_record, message, to_json, write
    from vrijetijd_cli.services import budget

    data = budget.show(session.db(), session.config(), _year(year))
    data["basis"] = _basis(data["from_config"])
    forecast_label = N_("Uitgaven van het jaar") if data["forecast_is_actual"] else N_("Prognose jaareinde")
    fields = SUMMARY + [Column("forecast_cents", forecast_label, "money")]
    if fmt == OutputFormat.json:
        data.pop("basis")
        write(to_json(data), output)
    elif fmt == OutputFormat.csv:
        emit_list(_flat(data, fields), FLAT, "csv", output)
    else:
        emit_record(data, fields, "table", output, title=_("Budget {year}").format(year=data["year"]),
                    sections=[(_("Per bron"), BY_SOURCE, data["by_source"]),
                              (_("Deelnames per domein"), BY_DOMAIN, data["by_domain"]),
                              (_("Andere uitgaven per categorie"), BY_CATEGORY, data["by_category"])])
    for warning in _warnings(data):
        message(_("Waarschuwing: {message}").format(message=warning))


def _flat(data: dict, fields: list[Column]) -> list[dict]:
    """The whole overview as (part, item, amount) rows for a spreadsheet."""
    from vrijetijd_cli.render.output import header_of
    from vrijetijd_cli.render.words import word

    total = _("Totaal")
    rows = [{"part": total, "item": header_of(c), "amount_cents": data[c.key]}
            for c in fields if c.kind == "money"]
    for item in data["by_source"]:
        source = word(FUNDING_SOURCES, item["source"])
        rows += [{"part": source, "item": header_of(c), "amount_cents": item[c.key]}
                 for c in BY_SOURCE if c.kind == "money"]
    by_domain, by_category = _("Deelnames per domein"), _("Andere uitgaven per categorie")
    rows += [{"part": by_domain, "item": word("domain", d["domain"]), "amount_cents": d["spent_cents"]}
             for d in data["by_domain"]]
    rows += [{"part": by_category, "item": word(EXPENSE_CATEGORIES, c["category"]), "amount_cents": c["spent_cents"]}
             for c in data["by_category"]]
    return rows


def _warnings(data: dict) -> list[str]:
    from vrijetijd_cli.formats import money, percent

    texts = []
    for code in data["warnings"]:
        if code == "forecast_over" and data["forecast_is_actual"]:
            code = "actual_over"
        texts.append(_(WARNINGS[code]).format(
            year=data["year"], used=percent(data["used_bp"]), limit=percent(data["warn_share_bp"]),
            forecast=money(data["forecast_cents"]), available=money(data["available_cents"])))
    return texts


@app.command("set")
def set_(
    year: YearOption,
    trekkingsrecht: Annotated[str | None, typer.Option("--trekkingsrecht", help=N_("Trekkingsrecht in euro."))] = None,
    cofinancing: Annotated[str | None, typer.Option(
        "--cofinancing", help=N_("Cofinanciering door de gemeente in euro."))] = None,
    other: Annotated[str | None, typer.Option("--other", help=N_("Andere bronnen in euro."))] = None,
    municipality: MunicipalityOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Leg het budget van een jaar vast (niet opgegeven bedragen: zoals bewaard of uit de config).

    Een regionaal netwerk legt het budget per gemeente vast (--municipality, of 'regio' voor het deel
    van de regio); het budget van het netwerk is hun som.
    """
    from vrijetijd_cli.formats import money
    from vrijetijd_cli.render.output import emit_record, message
    from vrijetijd_cli.services import budget

    row = budget.set_budget(session.db(), session.config(), year, trekkingsrecht, cofinancing, other, municipality)
    total = money(row["trekkingsrecht_cents"] + row["cofinancing_cents"] + row["other_cents"])
    if "municipality" in row:  # a regional network: one municipality's part
        title = _("Budget {year} van {municipality}").format(year=year, municipality=row["municipality"])
        emit_record({**row, "basis": _basis(row["from_config"])}, BUDGET_ROW, fmt.value, None, title=title,
                    json_data=row)
        message(_("Budget {year} van {municipality} vastgelegd: {total}.").format(
            year=year, municipality=row["municipality"], total=total))
        return
    emit_record({**row, "basis": _basis(row["from_config"])}, BUDGET_ROW, fmt.value, None,
                title=_("Budget {year}").format(year=year), json_data=row)
    message(_("Budget {year} vastgelegd: {total}.").format(year=year, total=total))


@expense_app.command("add")
def expense_add(
    category: Annotated[str, typer.Option(
        "--category", help=N_("communicatie, vervoer, materiaal, werking of andere."))],
    amount: Annotated[str, typer.Option("--amount", help=N_("Bedrag in euro (bv. 125,50)."))],
    description: Annotated[str, typer.Option("--description", help=N_("Waarvoor de uitgave was."))],
    date: DateOption = None,
    year: BudgetYearOption = None,
    source: Source = "trekkingsrecht",
    municipality: MunicipalityOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Registreer een uitgave die geen deelname is.

    In een regionaal netwerk gaat ze ten laste van het budget van de regio, of van een gemeente met
    --municipality.
    """
    from vrijetijd_cli.formats import money
    from vrijetijd_cli.parse import parse_date
    from vrijetijd_cli.render.output import emit_record, message
    from vrijetijd_cli.services import budget

    day = parse_date(date, "--date") if date else None
    row = budget.add_expense(session.db(), code_of(EXPENSE_CATEGORIES, category), amount, description, day, year,
                             code_of(FUNDING_SOURCES, source), municipality, session.config())
    emit_record(row, EXPENSE, fmt.value, None, title=_("Uitgave {id}").format(id=row["id"]), json_data=row)
    config = session.config()
    if config.regional:
        from vrijetijd_cli.region import label

        message(_("Uitgave {id} geregistreerd: {amount} op het budget {year} van {municipality}.").format(
            id=row["id"], amount=money(row["amount_cents"]), year=row["year"],
            municipality=label(config.municipalities, row["municipality"])))
        return
    message(_("Uitgave {id} geregistreerd: {amount} op het budget {year}.").format(
        id=row["id"], amount=money(row["amount_cents"]), year=row["year"]))


ExpenseArg = Annotated[int, id_argument(N_("Id van de uitgave."))]
# the fields of an expense in a message
EXPENSE_FIELDS = {"category": N_("categorie"), "amount_cents": N_("bedrag"), "description": N_("omschrijving"),
                  "date": N_("datum"), "year": N_("budgetjaar"), "funding_source": N_("bron"),
                  "municipality": N_("gemeente")}


@expense_app.command("edit")
def expense_edit(
    expense: ExpenseArg,
    category: Annotated[str | None, typer.Option("--category", help=N_("De juiste categorie."))] = None,
    amount: Annotated[str | None, typer.Option("--amount", help=N_("Het juiste bedrag in euro."))] = None,
    description: Annotated[str | None, typer.Option("--description", help=N_("De juiste omschrijving."))] = None,
    date: Annotated[str | None, typer.Option("--date", metavar=N_("DATUM"), help=N_("De juiste datum."))] = None,
    year: BudgetYearOption = None,
    source: Annotated[str | None, typer.Option(
        "--source", help=N_("Budgetbron: trekkingsrecht, cofinanciering of ander."))] = None,
    municipality: MunicipalityOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Verbeter een uitgave; een nieuwe datum brengt ze naar het budget van dat jaar."""
    from vrijetijd_cli.errors import InvalidInput
    from vrijetijd_cli.parse import parse_date
    from vrijetijd_cli.render.output import emit_record, message
    from vrijetijd_cli.services import budget

    if all(value is None for value in (category, amount, description, date, year, source, municipality)):
        raise InvalidInput(_("geef wat verandert: --category, --amount, --description, --date, --year, --source"
                             " of --municipality"))
    day = parse_date(date, "--date") if date else None
    row = budget.edit_expense(session.db(), expense, category, amount, description, day, year, source,
                              municipality, session.config())
    changed = row.pop("changed")
    emit_record(row, EXPENSE, fmt.value, None, title=_("Uitgave {id}").format(id=row["id"]), json_data=row)
    if changed:
        message(_("Uitgave {id} gewijzigd ({fields}).").format(
            id=expense, fields=", ".join(_(EXPENSE_FIELDS[f]) for f in changed)))
    else:
        message(_("Uitgave {id} is ongewijzigd.").format(id=expense))


@expense_app.command("delete")
def expense_delete(expense: ExpenseArg, yes: YesOption = False) -> None:
    """Verwijder een uitgave; het bedrag gaat terug naar het budget van haar jaar."""
    from vrijetijd_cli.formats import day, money
    from vrijetijd_cli.render.output import confirm, message
    from vrijetijd_cli.services import budget

    conn = session.db()
    row = budget.expense_deletion(conn, expense)
    question = _("Uitgave {id} verwijderen ({amount}, {date}: {description})? Het bedrag gaat terug naar het"
                 " budget {year}.").format(id=row["id"], amount=money(row["amount_cents"]), date=day(row["date"]),
                                           description=row["description"], year=row["year"])
    if not yes and not confirm(question):
        message(_("Niet verwijderd; er is niets gewijzigd."))
        raise typer.Exit(1)
    budget.delete_expense(conn, expense)
    message(_("Uitgave {id} verwijderd; {amount} gaat terug naar het budget {year}.").format(
        id=row["id"], amount=money(row["amount_cents"]), year=row["year"]))


@expense_app.command("list")
def expense_list(
    year: YearOption = None,
    category: Annotated[str | None, typer.Option("--category", help=N_("Alleen deze categorie."))] = None,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None, wide: WideOption = False,
) -> None:
    """Toon de uitgaven die geen deelname zijn."""
    from vrijetijd_cli.formats import money
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import budget

    rows = budget.list_expenses(session.db(), year, code_of(EXPENSE_CATEGORIES, category))
    footer = ngettext("{n} uitgave, samen {amount}", "{n} uitgaven, samen {amount}", len(rows)).format(
        n=len(rows), amount=money(sum(r["amount_cents"] for r in rows)))
    emit_list(rows, EXPENSE, fmt.value, output, wide=wide, title=_("Uitgaven"), footer=footer)
