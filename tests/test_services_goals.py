import pytest

from tests.conftest import table_counts
from vrijetijd_cli.errors import Conflict, InvalidInput, NotFound
from vrijetijd_cli.services import goals


def test_tree_from_config_depth_first(db):
    tree = goals.tree(db)
    assert [(g["code"], g["level"], g["parent"], g["depth"]) for g in tree] == [
        ("SD1", "strategic", None, 0),
        ("OD1.1", "operational", "SD1", 1),
        ("A1.1.1", "action", "OD1.1", 2),
        ("SD2", "strategic", None, 0),
        ("OD2.1", "operational", "SD2", 1),
        ("A2.1.1", "action", "OD2.1", 2),
        ("SD3", "strategic", None, 0),
        ("OD3.1", "operational", "SD3", 1),
        ("A3.1.1", "action", "OD3.1", 2),
    ]
    assert tree[5]["title"] == "Transparant aanbod"
    assert {g["state"] for g in tree} == {None}


def test_add_places_a_goal_under_its_parent_with_the_next_code(db):
    action = goals.add(db, None, "action", "Vrijetijdsbeurs in de wijk", "od2.1")
    assert (action["code"], action["level"], action["parent"]) == ("A2.1.2", "action", "OD2.1")
    strategic = goals.add(db, None, "strategisch", "Armoede in beeld")
    assert (strategic["code"], strategic["level"], strategic["parent"]) == (
        "SD4",
        "strategic",
        None,
    )
    operational = goals.add(db, "OD4.x", "operationeel", "Cijfers per wijk", "SD4")
    assert operational["code"] == "OD4.x"
    codes = [g["code"] for g in goals.tree(db)]
    assert codes[codes.index("A2.1.1") + 1] == "A2.1.2"
    assert codes[-2:] == ["SD4", "OD4.x"]
    audit = db.execute(
        "SELECT action, fields FROM audit_log WHERE entity = 'goal' ORDER BY id DESC"
    ).fetchone()
    assert tuple(audit) == ("add", "code,level,parent_id,title")


@pytest.mark.parametrize(
    ("args", "error", "text"),
    [
        (
            ("X1", "action", "Actie", "SD2"),
            InvalidInput,
            "ouder: SD2 is een strategische doelstelling, maar een actie hoort onder een"
            " operationele doelstelling",
        ),
        (
            ("X2", "operational", "Doel", "A1.1.1"),
            InvalidInput,
            "ouder: A1.1.1 is een actie, maar een operationele doelstelling hoort onder een"
            " strategische",
        ),
        (
            ("X3", "strategic", "Doel", "SD1"),
            InvalidInput,
            "ouder: een strategische doelstelling staat bovenaan en heeft geen ouder (niet 'SD1')",
        ),
        (
            ("X4", "operational", "Doel", None),
            InvalidInput,
            "ouder: een operationele doelstelling hoort onder een strategische doelstelling;"
            " geef die met --parent",
        ),
        (
            ("X5", "action", "Actie", "OD9"),
            NotFound,
            "doelstelling 'OD9' bestaat niet (gekende codes: SD1, OD1.1",
        ),
        (
            ("X6", "tactisch", "Doel", None),
            InvalidInput,
            "niveau: 'tactisch' is onbekend; kies uit strategic, operational, action",
        ),
        (("sd1", "strategic", "Dubbel", None), Conflict, "doelstelling 'SD1' bestaat al"),
        (("X 7", "strategic", "Doel", None), InvalidInput, "code: 'X 7' is geen geldige code"),
        (("X8", "strategic", "   ", None), InvalidInput, "titel: een doel heeft een titel nodig"),
    ],
)
def test_bad_goal_writes_nothing(db, args, error, text):
    before = table_counts(db)
    with pytest.raises(error) as raised:
        goals.add(db, *args)
    assert text in raised.value.message
    assert table_counts(db) == before


def test_evaluate_keeps_one_row_per_goal_and_year(db):
    first = goals.evaluate(db, "sd1", 2025, "lopend", "Advies gegeven")
    assert (first["code"], first["year"], first["state"], first["replaced"]) == (
        "SD1",
        2025,
        "lopend",
        False,
    )
    goals.evaluate(db, "SD1", 2024, "niet gestart")
    again = goals.evaluate(db, "SD1", 2025, "gerealiseerd", "Beleidsnota goedgekeurd")
    assert again["replaced"] is True
    rows = db.execute("SELECT year, state, comment FROM evaluations ORDER BY year").fetchall()
    assert [tuple(r) for r in rows] == [
        (2024, "niet_gestart", ""),
        (2025, "gerealiseerd", "Beleidsnota goedgekeurd"),
    ]
    audit = db.execute(
        "SELECT action, fields FROM audit_log WHERE entity = 'evaluation' ORDER BY id"
    ).fetchall()
    assert [tuple(r) for r in audit] == [
        ("add", "comment,evaluated_at,goal_id,state,year"),
        ("add", "comment,evaluated_at,goal_id,state,year"),
        ("edit", "comment,evaluated_at,state"),
    ]
    assert "Beleidsnota" not in str([tuple(r) for r in db.execute("SELECT * FROM audit_log")])


def test_tree_shows_the_state_of_a_year_or_the_latest(db):
    goals.evaluate(db, "SD1", 2024, "lopend")
    goals.evaluate(db, "SD1", 2025, "bijgestuurd", "Minder ambitieus")
    goals.evaluate(db, "A2.1.1", 2024, "gerealiseerd")
    by_year = {g["code"]: g for g in goals.tree(db, 2024)}
    assert (by_year["SD1"]["state"], by_year["A2.1.1"]["state"], by_year["SD2"]["state"]) == (
        "lopend",
        "gerealiseerd",
        None,
    )
    assert by_year["SD2"]["comment"] is None and by_year["SD2"]["year"] == 2024
    latest = {g["code"]: g for g in goals.tree(db)}
    assert (latest["SD1"]["state"], latest["SD1"]["year"], latest["SD1"]["comment"]) == (
        "bijgestuurd",
        2025,
        "Minder ambitieus",
    )
    assert (latest["A2.1.1"]["state"], latest["A2.1.1"]["year"]) == ("gerealiseerd", 2024)
    assert (latest["SD3"]["state"], latest["SD3"]["year"]) == (None, None)


@pytest.mark.parametrize(
    ("args", "error", "text"),
    [
        (("ZZ9", 2025, "lopend"), NotFound, "doelstelling 'ZZ9' bestaat niet (gekende codes: SD1"),
        (
            ("SD1", 2025, "klaar"),
            InvalidInput,
            "toestand: 'klaar' is onbekend; kies uit niet_gestart, lopend, gerealiseerd,"
            " bijgestuurd, geschrapt",
        ),
        (("SD1", 2027, "lopend"), InvalidInput, "jaar: 2027 ligt in de toekomst"),
        (("SD1", 1999, "lopend"), InvalidInput, "jaar: 1999 is te vroeg"),
    ],
)
def test_bad_evaluation_writes_nothing(db, args, error, text):
    before = table_counts(db)
    with pytest.raises(error) as raised:
        goals.evaluate(db, *args)
    assert text in raised.value.message
    assert table_counts(db) == before


def test_history_lists_children_and_every_year(db):
    goals.evaluate(db, "OD2.1", 2025, "lopend")
    goals.evaluate(db, "OD2.1", 2024, "niet_gestart", "Start uitgesteld")
    history = goals.history(db, "od2.1")
    assert (history["code"], history["parent"], history["children"]) == ("OD2.1", "SD2", ["A2.1.1"])
    assert [(e["year"], e["state"], e["comment"]) for e in history["evaluations"]] == [
        (2024, "niet_gestart", "Start uitgesteld"),
        (2025, "lopend", ""),
    ]


def test_errors_in_english(db):
    from vrijetijd_cli import i18n

    i18n.set_language("en")
    with pytest.raises(InvalidInput) as raised:
        goals.add(db, "X4", "operational", "Doel", None)
    assert raised.value.message == (
        "parent: an operational objective belongs under a strategic objective; give it with --parent"
    )
    with pytest.raises(InvalidInput, match=r"^parent: a strategic objective is at the top and has no parent"):
        goals.add(db, "X3", "strategic", "Doel", "SD1")
    with pytest.raises(Conflict, match="^goal 'SD1' already exists$"):
        goals.add(db, "sd1", "strategic", "Dubbel")
    with pytest.raises(NotFound) as unknown:
        goals.evaluate(db, "ZZ9", 2025, "lopend")
    assert unknown.value.message.startswith("goal 'ZZ9' does not exist (known codes: SD1, OD1.1,")
    with pytest.raises(InvalidInput, match="^state: 'klaar' is unknown; choose from niet_gestart, lopend"):
        goals.evaluate(db, "SD1", 2025, "klaar")
    with pytest.raises(InvalidInput, match="^year: 1999 is too early$"):
        goals.evaluate(db, "SD1", 1999, "lopend")
    with pytest.raises(InvalidInput, match="^title: a goal needs a title$"):
        goals.add(db, "X8", "strategic", " ")
