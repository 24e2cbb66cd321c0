"""`vrijetijd budget show|set` and `budget expense add|list`."""

from typing import Annotated

import typer

from vrijetijd_cli.context import session
from vrijetijd_cli.options import FormatOption, OutputFormat, OutputOption, YearOption, noun_app
from vrijetijd_cli.render.output import Column

app = noun_app()
expense_app = noun_app(help="Uitgaven die geen deelname zijn (communicatie, vervoer, …).")
app.add_typer(expense_app, name="expense", help="Uitgaven die geen deelname zijn (communicatie, vervoer, …).")

Source = Annotated[str, typer.Option("--source", help="Budgetbron: trekkingsrecht, cofinanciering of ander.")]

SUMMARY = [
    Column("year", "budget.year"),
    Column("basis", "budget.basis"),
    Column("available_cents", "budget.available", "money"),
    Column("spent_cents", "budget.spent", "money"),
    Column("participations_cents", "budget.participations_spent", "money"),
    Column("expenses_cents", "budget.expenses_spent", "money"),
    Column("committed_cents", "budget.committed", "money"),
    Column("remaining_cents", "budget.remaining", "money"),
    Column("used_bp", "budget.used", "percent"),
]
BY_SOURCE = [
    Column("source", "budget.source", "label", "budget.source"),
    Column("available_cents", "budget.available", "money"),
    Column("spent_cents", "budget.spent", "money"),
    Column("committed_cents", "budget.committed", "money"),
    Column("remaining_cents", "budget.remaining", "money"),
]
BY_DOMAIN = [
    Column("domain", "common.domain", "label", "domain"),
    Column("participations", "budget.participations", "int"),
    Column("persons", "budget.persons", "int"),
    Column("spent_cents", "budget.spent", "money"),
]
BY_CATEGORY = [
    Column("category", "budget.category", "label", "budget.category"),
    Column("expenses", "budget.expense_count", "int"),
    Column("spent_cents", "budget.spent", "money"),
]
FLAT = [
    Column("part", "budget.part"),
    Column("item", "budget.item"),
    Column("amount_cents", "budget.amount", "money"),
]
BUDGET_ROW = [
    Column("year", "budget.year"),
    Column("trekkingsrecht_cents", "budget.trekkingsrecht", "money"),
    Column("cofinancing_cents", "budget.cofinancing", "money"),
    Column("other_cents", "budget.other", "money"),
    Column("basis", "budget.basis"),
]
EXPENSE = [
    Column("id", "common.id", "int"),
    Column("year", "budget.year"),
    Column("date", "common.date", "date"),
    Column("category", "budget.category", "label", "budget.category"),
    Column("amount_cents", "budget.amount", "money"),
    Column("funding_source", "budget.source", "label", "budget.source"),
    Column("description", "budget.description"),
]


def _year(year: int | None) -> int:
    from vrijetijd_cli import clock

    return year if year is not None else clock.today().year


def _basis(from_config: bool, lang: str) -> str:
    from vrijetijd_cli.render.i18n import label

    return label("budget.basis_config" if from_config else "budget.basis_set", lang)


@app.command()
def show(year: YearOption = None, fmt: FormatOption = OutputFormat.table, output: OutputOption = None) -> None:
    """Toon het budget van een jaar: beschikbaar, uitgegeven, vastgelegd, resterend en prognose."""
    from vrijetijd_cli.render.i18n import label
    from vrijetijd_cli.render.output import emit_list, emit_record, message, to_json, write
    from vrijetijd_cli.services import budget

    lang = session.lang
    data = budget.show(session.db(), session.config(), _year(year))
    data["basis"] = _basis(data["from_config"], lang)
    forecast_label = "budget.actual" if data["forecast_is_actual"] else "budget.forecast"
    fields = SUMMARY + [Column("forecast_cents", forecast_label, "money")]
    if fmt == OutputFormat.json:
        data.pop("basis")
        write(to_json(data), output)
    elif fmt == OutputFormat.csv:
        emit_list(_flat(data, fields, lang), FLAT, "csv", output, lang)
    else:
        emit_record(data, fields, "table", output, lang, title=label("budget.title", lang).format(year=data["year"]),
                    sections=[(label("budget.by_source", lang), BY_SOURCE, data["by_source"]),
                              (label("budget.by_domain", lang), BY_DOMAIN, data["by_domain"]),
                              (label("budget.by_category", lang), BY_CATEGORY, data["by_category"])])
    for warning in _warnings(data, lang):
        message(f"{label('common.warning', lang)}: {warning}")


def _flat(data: dict, fields: list[Column], lang: str) -> list[dict]:
    """The whole overview as (part, item, amount) rows for a spreadsheet."""
    from vrijetijd_cli.render.i18n import label

    total = label("budget.total", lang)
    rows = [{"part": total, "item": label(c.label, lang), "amount_cents": data[c.key]}
            for c in fields if c.kind == "money"]
    for item in data["by_source"]:
        source = label(f"budget.source.{item['source']}", lang)
        rows += [{"part": source, "item": label(c.label, lang), "amount_cents": item[c.key]}
                 for c in BY_SOURCE if c.kind == "money"]
    rows += [{"part": label("budget.by_domain", lang), "item": label(f"domain.{d['domain']}", lang),
              "amount_cents": d["spent_cents"]} for d in data["by_domain"]]
    rows += [{"part": label("budget.by_category", lang), "item": label(f"budget.category.{c['category']}", lang),
              "amount_cents": c["spent_cents"]} for c in data["by_category"]]
    return rows


def _warnings(data: dict, lang: str) -> list[str]:
    from vrijetijd_cli.formats import money, percent
    from vrijetijd_cli.render.i18n import label

    texts = []
    for code in data["warnings"]:
        if code == "forecast_over" and data["forecast_is_actual"]:
            code = "actual_over"
        texts.append(label(f"budget.warn.{code}", lang).format(
            year=data["year"], used=percent(data["used_bp"], lang), limit=percent(data["warn_share_bp"], lang),
            forecast=money(data["forecast_cents"], lang), available=money(data["available_cents"], lang)))
    return texts


@app.command("set")
def set_(
    year: Annotated[int, typer.Option("--year", help="Jaar (jjjj).")],
    trekkingsrecht: Annotated[str | None, typer.Option("--trekkingsrecht", help="Trekkingsrecht in euro.")] = None,
    cofinancing: Annotated[str | None, typer.Option(
        "--cofinancing", help="Cofinanciering door de gemeente in euro.")] = None,
    other: Annotated[str | None, typer.Option("--other", help="Andere bronnen in euro.")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Leg het budget van een jaar vast (niet opgegeven bedragen: zoals bewaard of uit de config)."""
    from vrijetijd_cli.render.i18n import label
    from vrijetijd_cli.render.output import emit_record
    from vrijetijd_cli.services import budget

    lang = session.lang
    row = budget.set_budget(session.db(), session.config(), year, trekkingsrecht, cofinancing, other)
    emit_record({**row, "basis": _basis(row["from_config"], lang)}, BUDGET_ROW, fmt.value, None, lang,
                title=label("budget.title", lang).format(year=year), json_data=row)


@expense_app.command("add")
def expense_add(
    category: Annotated[str, typer.Option(
        "--category", help="communicatie, vervoer, materiaal, werking of andere.")],
    amount: Annotated[str, typer.Option("--amount", help="Bedrag in euro (bv. 125,50).")],
    description: Annotated[str, typer.Option("--description", help="Waarvoor de uitgave was.")],
    date: Annotated[str | None, typer.Option("--date", help="Datum (dd/mm/jjjj; standaard vandaag).")] = None,
    year: Annotated[int | None, typer.Option("--year", help="Budgetjaar (standaard het jaar van de datum).")] = None,
    source: Source = "trekkingsrecht",
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Registreer een uitgave die geen deelname is."""
    from vrijetijd_cli.parse import parse_date
    from vrijetijd_cli.render.i18n import label
    from vrijetijd_cli.render.output import emit_record
    from vrijetijd_cli.services import budget

    day = parse_date(date, "--date") if date else None
    row = budget.add_expense(session.db(), category, amount, description, day, year, source)
    emit_record(row, EXPENSE, fmt.value, None, session.lang,
                title=f"{label('budget.expense', session.lang)} {row['id']}", json_data=row)


@expense_app.command("list")
def expense_list(
    year: YearOption = None,
    category: Annotated[str | None, typer.Option("--category", help="Alleen deze categorie.")] = None,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Toon de uitgaven die geen deelname zijn."""
    from vrijetijd_cli.formats import money
    from vrijetijd_cli.render.i18n import label
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import budget

    lang = session.lang
    rows = budget.list_expenses(session.db(), year, category)
    footer = label("budget.expense_total", lang).format(
        n=len(rows), amount=money(sum(r["amount_cents"] for r in rows), lang))
    emit_list(rows, EXPENSE, fmt.value, output, lang, title=label("budget.expenses", lang), footer=footer)
