"""`vrijetijd goal list|show|add|evaluate`: objectives and actions, evaluated every year."""

from typing import Annotated

import typer

from vrijetijd_cli.context import session
from vrijetijd_cli.options import FormatOption, OutputFormat, OutputOption, YearOption, noun_app
from vrijetijd_cli.render.output import Column

app = noun_app()

TREE_COLUMNS = [
    Column("tree_code", "goal.code"),
    Column("level", "goal.level", "label", "goal.level"),
    Column("title", "goal.title"),
    Column("state", "goal.state", "label", "goal.state"),
    Column("comment", "goal.comment"),
]
FLAT_COLUMNS = [Column("code", "goal.code"), Column("parent", "goal.parent"), *TREE_COLUMNS[1:]]
YEAR_COLUMN = Column("year", "goal.year")
GOAL_FIELDS = [
    Column("code", "goal.code"),
    Column("level", "goal.level", "label", "goal.level"),
    Column("title", "goal.title"),
    Column("parent", "goal.parent"),
]
EVALUATION_COLUMNS = [
    Column("year", "goal.year"),
    Column("state", "goal.state", "label", "goal.state"),
    Column("comment", "goal.comment"),
    Column("evaluated_at", "goal.evaluated_at", "date"),
]
CodeArg = Annotated[str, typer.Argument(help="Code van de doelstelling of actie (bv. OD1.1).")]
JSON_KEYS = ("code", "level", "title", "parent", "year", "state", "comment")


def _text(key: str, **values) -> str:
    from vrijetijd_cli.render.i18n import label

    return label(key, session.lang).format(**values)


@app.command("list")
def list_(
    year: YearOption = None, fmt: FormatOption = OutputFormat.table, output: OutputOption = None
) -> None:
    """Toon de doelstellingen en acties als boom, met hun evaluatie (van --year of de laatste)."""
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import goals

    rows = goals.tree(session.db(), year)
    for row in rows:
        row["tree_code"] = "  " * row["depth"] + row["code"]
    if year is None:
        columns = [*TREE_COLUMNS[:3], YEAR_COLUMN, *TREE_COLUMNS[3:]]
        title, footer = _text("goal.goals_latest"), None
    else:
        columns = TREE_COLUMNS
        title = _text("goal.goals_year", year=year)
        evaluated = sum(row["state"] is not None for row in rows)
        footer = _text("goal.footer", evaluated=evaluated, total=len(rows), year=year)
    if fmt is OutputFormat.csv:
        columns = [FLAT_COLUMNS[0], FLAT_COLUMNS[1], *columns[1:]]
    emit_list(
        rows, columns, fmt.value, output, session.lang, title, footer,
        json_rows=lambda row: {key: row[key] for key in JSON_KEYS},
    )


@app.command()
def show(code: CodeArg, fmt: FormatOption = OutputFormat.table, output: OutputOption = None) -> None:
    """Toon een doelstelling met de evaluaties van elk jaar."""
    from vrijetijd_cli.render.output import emit_record
    from vrijetijd_cli.services import goals

    goal = goals.history(session.db(), code)
    sections = [(_text("goal.evaluations"), EVALUATION_COLUMNS, goal["evaluations"])]
    record = {**goal, "children": ", ".join(goal["children"])}
    fields = [*GOAL_FIELDS, Column("children", "goal.children")]
    emit_record(record, fields, fmt.value, output, session.lang, goal["title"], sections, goal)


@app.command()
def add(
    title: Annotated[str, typer.Option("--title", help="Titel van de doelstelling of actie.")],
    level: Annotated[
        str, typer.Option("--level", help="Niveau: strategic, operational of action.")
    ],
    parent: Annotated[
        str | None, typer.Option("--parent", help="Code van de doelstelling één niveau hoger.")
    ] = None,
    code: Annotated[
        str | None, typer.Option("--code", help="Eigen code (standaard de volgende vrije).")
    ] = None,
) -> None:
    """Voeg een doelstelling of actie toe onder een doelstelling één niveau hoger."""
    from vrijetijd_cli.render.output import emit_record, message
    from vrijetijd_cli.services import goals

    goal = goals.add(session.db(), code, level, title, parent)
    message(_text("goal.added", code=goal["code"]))
    emit_record(goal, GOAL_FIELDS, "table", None, session.lang, goal["title"])


@app.command()
def evaluate(
    code: CodeArg,
    year: Annotated[int, typer.Option("--year", help="Geëvalueerd jaar (jjjj).")],
    state: Annotated[
        str,
        typer.Option(
            "--state",
            help="niet_gestart, lopend, gerealiseerd, bijgestuurd of geschrapt.",
        ),
    ],
    comment: Annotated[str, typer.Option("--comment", help="Toelichting.")] = "",
) -> None:
    """Leg de evaluatie van een doelstelling voor een jaar vast (vervangt die van dat jaar)."""
    from vrijetijd_cli.render.i18n import label
    from vrijetijd_cli.render.output import emit_record, message
    from vrijetijd_cli.services import goals

    result = goals.evaluate(session.db(), code, year, state, comment)
    key = "goal.replaced" if result["replaced"] else "goal.evaluated"
    shown_state = label(f"goal.state.{result['state']}", session.lang)
    message(_text(key, year=result["year"], code=result["code"], state=shown_state))
    fields = [*GOAL_FIELDS[:3], *EVALUATION_COLUMNS[:3]]
    emit_record(result, fields, "table", None, session.lang, result["title"])
