from vrijetijd_cli.render.text_table import cell_len, record, table, wrap


def test_table_is_drawn_like_a_rich_table_with_numbers_right_aligned():
    text = table(["Id", "Naam"], [["1", "Ann Peeters"], ["12", "Jef"]], [True, False], "Deelnemers", width=80)
    assert text == (
        "Deelnemers\n"
        "┏━━━━┳━━━━━━━━━━━━━┓\n"
        "┃ Id ┃ Naam        ┃\n"
        "┡━━━━╇━━━━━━━━━━━━━┩\n"
        "│  1 │ Ann Peeters │\n"
        "│ 12 │ Jef         │\n"
        "└────┴─────────────┘\n"
    )


def test_too_wide_tables_wrap_the_widest_text_column_to_fit():
    text = table(["Id", "Contact"], [["5", "vereniging waar armen het woord nemen"]], [True, False], width=30)
    lines = text.splitlines()
    assert all(cell_len(line) <= 30 for line in lines)
    assert lines[3] == "│  5 │ vereniging waar armen │"
    assert lines[4] == "│    │ het woord nemen       │"


def test_wide_and_combining_characters_are_measured_in_terminal_cells():
    assert cell_len("Nguyễn") == 6
    assert cell_len("e\u0301") == 1
    assert cell_len("日本") == 4
    text = table(["Naam"], [["日本"], ["Ann"]], width=40)
    assert "│ 日本 │" in text and "│ Ann  │" in text


def test_long_words_are_folded_and_indentation_is_kept():
    assert wrap("opvoedingsondersteuning", 10) == ["opvoedings", "ondersteun", "ing"]
    assert wrap("    A1.1.1", 20) == ["    A1.1.1"]


def test_markup_is_printed_as_typed():
    text = table(["Naam"], [["[bold]Ann[/bold]"]], width=40)
    assert "[bold]Ann[/bold]" in text


def test_record_aligns_values_and_wraps_under_themselves():
    text = record([("Id", "1"), ("Notities", "een twee drie vier vijf")], "Deelnemer 1", width=24)
    assert text == (
        "Deelnemer 1\n"
        "Id        1\n"
        "Notities  een twee drie\n"
        "          vier vijf\n"
    )
