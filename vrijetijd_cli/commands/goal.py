"""`vrijetijd goal list|show|add|evaluate`: objectives and actions, evaluated every year."""

from enum import StrEnum
from typing import Annotated

import typer

from vrijetijd_cli.context import session
from vrijetijd_cli.i18n import N_, NP_, _, ngettext
from vrijetijd_cli.options import (
    FormatOption,
    OutputFormat,
    OutputOption,
    WideOption,
    YearOption,
    choice_option,
    noun_app,
    year_option,
)
from vrijetijd_cli.render.output import Column
from vrijetijd_cli.render.words import GOAL_LEVELS, GOAL_STATES, word

app = noun_app()


class GoalLevel(StrEnum):
    strategic = "strategic"
    operational = "operational"
    action = "action"


class GoalState(StrEnum):
    niet_gestart = "niet_gestart"
    lopend = "lopend"
    gerealiseerd = "gerealiseerd"
    bijgestuurd = "bijgestuurd"
    geschrapt = "geschrapt"


# Dutch words accepted next to the codes (as services/goals.py accepts them)
LEVEL_WORDS = {"strategisch": "strategic", "operationeel": "operational", "actie": "action"}
STATE_WORDS = {"niet gestart": "niet_gestart"}

TREE_COLUMNS = [
    Column("tree_code", N_("Code"), "code"),
    Column("level", N_("Niveau"), "label", GOAL_LEVELS, priority=3),
    Column("title", N_("Titel")),
    Column("state", N_("Evaluatie"), "label", GOAL_STATES),
    Column("comment", NP_("a goal's evaluation", "Opmerking"), priority=2),
]
FLAT_COLUMNS = [Column("code", N_("Code"), "code"), Column("parent", N_("Valt onder"), "code"), *TREE_COLUMNS[1:]]
YEAR_COLUMN = Column("year", N_("Jaar"), "id", priority=2)
GOAL_FIELDS = [
    Column("code", N_("Code"), "code"),
    Column("level", N_("Niveau"), "label", GOAL_LEVELS, priority=3),
    Column("title", N_("Titel")),
    Column("parent", N_("Valt onder"), "code"),
]
EVALUATION_COLUMNS = [
    Column("year", N_("Jaar"), "id"),
    Column("state", N_("Evaluatie"), "label", GOAL_STATES),
    Column("comment", NP_("a goal's evaluation", "Opmerking")),
    Column("evaluated_at", N_("Geëvalueerd op"), "date", priority=3),
]
CodeArg = Annotated[str, typer.Argument(help=N_("Code van de doelstelling of actie (bv. OD1.1)."))]
JSON_KEYS = ("code", "level", "title", "parent", "year", "state", "comment")


@app.command("list")
def list_(
    year: YearOption = None, fmt: FormatOption = OutputFormat.table, output: OutputOption = None,
    wide: WideOption = False,
) -> None:
    """Toon de doelstellingen en acties als boom, met hun evaluatie (van --year of de laatste)."""
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import goals

    rows = goals.tree(session.db(), year)
    for row in rows:
        row["tree_code"] = "  " * row["depth"] + row["code"]
    if year is None:
        columns = [*TREE_COLUMNS[:3], YEAR_COLUMN, *TREE_COLUMNS[3:]]
        title, footer = _("Doelstellingen en acties, laatste evaluatie"), None
    else:
        columns = TREE_COLUMNS
        title = _("Doelstellingen en acties, evaluatie {year}").format(year=year)
        evaluated = sum(row["state"] is not None for row in rows)
        footer = ngettext("{evaluated} van {total} doel geëvalueerd voor {year}",
                          "{evaluated} van {total} doelen geëvalueerd voor {year}", len(rows)).format(
            evaluated=evaluated, total=len(rows), year=year)
    if fmt is OutputFormat.csv:
        columns = [FLAT_COLUMNS[0], FLAT_COLUMNS[1], *columns[1:]]
    emit_list(
        rows, columns, fmt.value, output, wide=wide, title=title, footer=footer,
        json_rows=lambda row: {key: row[key] for key in JSON_KEYS},
    )


@app.command()
def show(
    code: CodeArg, fmt: FormatOption = OutputFormat.table, output: OutputOption = None, wide: WideOption = False
) -> None:
    """Toon een doelstelling met de evaluaties van elk jaar."""
    from vrijetijd_cli.render.output import emit_record
    from vrijetijd_cli.services import goals

    goal = goals.history(session.db(), code)
    sections = [(_("Evaluaties"), EVALUATION_COLUMNS, goal["evaluations"])]
    record = {**goal, "children": ", ".join(goal["children"])}
    fields = [*GOAL_FIELDS, Column("children", N_("Daaronder"))]
    emit_record(record, fields, fmt.value, output, wide=wide, title=goal["title"], sections=sections, json_data=goal)


@app.command()
def add(
    title: Annotated[str, typer.Option("--title", help=N_("Titel van de doelstelling of actie."))],
    level: Annotated[
        GoalLevel, choice_option("--level", GoalLevel, N_("Niveau: strategic, operational of action."), LEVEL_WORDS)
    ],
    parent: Annotated[
        str | None, typer.Option("--parent", help=N_("Code van de doelstelling één niveau hoger."))
    ] = None,
    code: Annotated[
        str | None, typer.Option("--code", help=N_("Eigen code (standaard de volgende vrije)."))
    ] = None,
) -> None:
    """Voeg een doelstelling of actie toe onder een doelstelling één niveau hoger."""
    from vrijetijd_cli.render.output import emit_record, message
    from vrijetijd_cli.services import goals

    goal = goals.add(session.db(), code, level, title, parent)
    message(_("Doel {code} toegevoegd.").format(code=goal["code"]))
    emit_record(goal, GOAL_FIELDS, "table", None, title=goal["title"])


@app.command()
def evaluate(
    code: CodeArg,
    year: Annotated[
        int, year_option("--year", N_("Geëvalueerd jaar (jjjj)."))
    ],
    state: Annotated[
        GoalState,
        choice_option(
            "--state", GoalState, N_("niet_gestart, lopend, gerealiseerd, bijgestuurd of geschrapt."), STATE_WORDS
        ),
    ],
    comment: Annotated[str, typer.Option("--comment", help=N_("Toelichting."))] = "",
) -> None:
    """Leg de evaluatie van een doelstelling voor een jaar vast (vervangt die van dat jaar)."""
    from vrijetijd_cli.render.output import emit_record, message
    from vrijetijd_cli.services import goals

    result = goals.evaluate(session.db(), code, year, state, comment)
    shown = {"year": result["year"], "code": result["code"], "state": word(GOAL_STATES, result["state"])}
    if result["replaced"]:
        message(
            _("Evaluatie {year} van {code}: {state} (de vorige evaluatie van {year} is vervangen).").format(**shown)
        )
    else:
        message(_("Evaluatie {year} van {code}: {state}.").format(**shown))
    fields = [*GOAL_FIELDS[:3], *EVALUATION_COLUMNS[:3]]
    emit_record(result, fields, "table", None, title=result["title"])
