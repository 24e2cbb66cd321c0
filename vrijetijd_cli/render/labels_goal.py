"""Labels of goals (strategic, operational, action) and their yearly evaluation."""

LABELS = {
    "goal.goals": ("Doelstellingen en acties", "Objectives and actions"),
    "goal.goals_year": (
        "Doelstellingen en acties, evaluatie {year}",
        "Objectives and actions, evaluation {year}",
    ),
    "goal.goals_latest": (
        "Doelstellingen en acties, laatste evaluatie",
        "Objectives and actions, latest evaluation",
    ),
    "goal.code": ("Code", "Code"),
    "goal.level": ("Niveau", "Level"),
    "goal.level.strategic": ("strategisch", "strategic"),
    "goal.level.operational": ("operationeel", "operational"),
    "goal.level.action": ("actie", "action"),
    "goal.title": ("Titel", "Title"),
    "goal.parent": ("Valt onder", "Under"),
    "goal.children": ("Daaronder", "Below it"),
    "goal.year": ("Jaar", "Year"),
    "goal.state": ("Evaluatie", "Evaluation"),
    "goal.state.niet_gestart": ("niet gestart", "not started"),
    "goal.state.lopend": ("lopend", "ongoing"),
    "goal.state.gerealiseerd": ("gerealiseerd", "achieved"),
    "goal.state.bijgestuurd": ("bijgestuurd", "adjusted"),
    "goal.state.geschrapt": ("geschrapt", "dropped"),
    "goal.comment": ("Opmerking", "Comment"),
    "goal.evaluated_at": ("Geëvalueerd op", "Evaluated on"),
    "goal.evaluations": ("Evaluaties", "Evaluations"),
    "goal.footer": (
        "{evaluated} van {total} doelen geëvalueerd voor {year}",
        "{evaluated} of {total} goals evaluated for {year}",
    ),
    "goal.added": ("Doel {code} toegevoegd.", "Goal {code} added."),
    "goal.evaluated": (
        "Evaluatie {year} van {code}: {state}.",
        "Evaluation {year} of {code}: {state}.",
    ),
    "goal.replaced": (
        "Evaluatie {year} van {code}: {state} (de vorige evaluatie van {year} is vervangen).",
        "Evaluation {year} of {code}: {state} (the earlier evaluation of {year} was replaced).",
    ),
}
