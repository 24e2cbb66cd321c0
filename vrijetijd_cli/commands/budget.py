"""`vrijetijd budget show|set` and `budget expense add|list`."""

from typing import Annotated

import typer

from vrijetijd_cli.context import session
from vrijetijd_cli.i18n import N_, NP_, _, ngettext
from vrijetijd_cli.options import (
    DateOption,
    FormatOption,
    OutputFormat,
    OutputOption,
    YearOption,
    noun_app,
    year_option,
)
from vrijetijd_cli.render.output import Column
from vrijetijd_cli.render.words import EXPENSE_CATEGORIES, FUNDING_SOURCES

app = noun_app()
expense_app = noun_app(help=N_("Uitgaven die geen deelname zijn (communicatie, vervoer, …)."))
app.add_typer(expense_app, name="expense", help=N_("Uitgaven die geen deelname zijn (communicatie, vervoer, …)."))

Source = Annotated[str, typer.Option("--source", help=N_("Budgetbron: trekkingsrecht, cofinanciering of ander."))]


BudgetYearOption = Annotated[int | None, year_option("--year", N_("Budgetjaar (standaard het jaar van de datum)."))]
# 'Uitgegeven' of money spent (a voucher 'uitgegeven' is issued)
SPENT = NP_("money spent", "Uitgegeven")
SUMMARY = [
    Column("year", N_("Jaar")),
    Column("basis", N_("Bedragen")),
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
    Column("year", N_("Jaar")),
    Column("trekkingsrecht_cents", N_("Trekkingsrecht"), "money"),
    Column("cofinancing_cents", N_("Cofinanciering"), "money"),
    Column("other_cents", N_("Andere bronnen"), "money"),
    Column("basis", N_("Bedragen")),
]
EXPENSE = [
    Column("id", N_("Id"), "id"),
    Column("year", N_("Jaar")),
    Column("date", N_("Datum"), "date"),
    Column("category", N_("Categorie"), "label", EXPENSE_CATEGORIES),
    Column("amount_cents", N_("Bedrag"), "money"),
    Column("funding_source", N_("Bron"), "label", FUNDING_SOURCES),
    Column("description", N_("Omschrijving")),
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
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Leg het budget van een jaar vast (niet opgegeven bedragen: zoals bewaard of uit de config)."""
    from vrijetijd_cli.render.output import emit_record
    from vrijetijd_cli.services import budget

    row = budget.set_budget(session.db(), session.config(), year, trekkingsrecht, cofinancing, other)
    emit_record({**row, "basis": _basis(row["from_config"])}, BUDGET_ROW, fmt.value, None,
                title=_("Budget {year}").format(year=year), json_data=row)


@expense_app.command("add")
def expense_add(
    category: Annotated[str, typer.Option(
        "--category", help=N_("communicatie, vervoer, materiaal, werking of andere."))],
    amount: Annotated[str, typer.Option("--amount", help=N_("Bedrag in euro (bv. 125,50)."))],
    description: Annotated[str, typer.Option("--description", help=N_("Waarvoor de uitgave was."))],
    date: DateOption = None,
    year: BudgetYearOption = None,
    source: Source = "trekkingsrecht",
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Registreer een uitgave die geen deelname is."""
    from vrijetijd_cli.parse import parse_date
    from vrijetijd_cli.render.output import emit_record
    from vrijetijd_cli.services import budget

    day = parse_date(date, "--date") if date else None
    row = budget.add_expense(session.db(), category, amount, description, day, year, source,
                             maximum=session.config().max_amount_cents)
    emit_record(row, EXPENSE, fmt.value, None, title=_("Uitgave {id}").format(id=row["id"]), json_data=row)


@expense_app.command("list")
def expense_list(
    year: YearOption = None,
    category: Annotated[str | None, typer.Option("--category", help=N_("Alleen deze categorie."))] = None,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Toon de uitgaven die geen deelname zijn."""
    from vrijetijd_cli.formats import money
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import budget

    rows = budget.list_expenses(session.db(), year, category)
    footer = ngettext("{n} uitgave, samen {amount}", "{n} uitgaven, samen {amount}", len(rows)).format(
        n=len(rows), amount=money(sum(r["amount_cents"] for r in rows)))
    emit_list(rows, EXPENSE, fmt.value, output, title=_("Uitgaven"), footer=footer)
