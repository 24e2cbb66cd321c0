"""How an import's result is shown: the summary record with its duplicates, look-alikes and
preview (a few of each in a table, all of them in JSON and CSV), and its problems on stderr."""

from vrijetijd_cli.i18n import N_, _, ngettext
from vrijetijd_cli.options import OutputFormat
from vrijetijd_cli.render.output import Column, emit_record

TABLE_ROWS = 20  # duplicates or look-alikes listed in a table; all of them in JSON and CSV

# why two people may be one (importers/lookalike.py)
SIMILAR = {"typo": N_("naam één of twee letters verschillend"), "swapped": N_("voor- en familienaam omgewisseld"),
           "same": N_("zelfde naam, alleen het geboortejaar bekend")}

HEAD = [
    Column("file_name", N_("Bestand")),
    Column("dialect", N_("Gelezen als")),
]
READING = [
    Column("header_row", N_("Kopregel"), "id"),
    Column("unused_columns", N_("Niet gebruikte kolommen")),
    Column("skipped_columns", N_("Bewust overgeslagen kolommen")),
    Column("empty_rows", N_("Lege rijen overgeslagen"), "int"),
    Column("total_rows", N_("Totaalrijen overgeslagen"), "int"),
]
OPTIONAL = ("skipped_columns", "empty_rows", "total_rows", "names_by_order")
PARTICIPANT_SUMMARY = HEAD + [
    Column("partner", N_("Partner")),
    Column("rows_read", N_("Rijen gelezen"), "int"),
    Column("new", N_("Nieuwe personen"), "int"),
    Column("matched", N_("Bestaande personen (gekoppeld)"), "int"),
    Column("statuses_added", N_("Statuten toegevoegd"), "int"),
    Column("referrals_added", N_("Toeleidingen toegevoegd"), "int"),
    Column("duplicates_in_file", N_("Dubbels in het bestand"), "int"),
    Column("possible_duplicates", N_("Mogelijke dubbels (na te kijken)"), "int"),
    Column("rejected", N_("Afgewezen rijen"), "int"),
    *READING,
    Column("names_by_order", N_("Namen gesplitst volgens name_order"), "int"),
]
PARTNER_SUMMARY = HEAD + [
    Column("rows_read", N_("Rijen gelezen"), "int"),
    Column("new", N_("Nieuwe partners"), "int"),
    Column("matched", N_("Bestaande partners"), "int"),
    Column("updated", N_("Bijgewerkt"), "int"),
    Column("duplicates_in_file", N_("Dubbels in het bestand"), "int"),
    Column("rejected", N_("Afgewezen rijen"), "int"),
    *READING,
]
LINE = Column("line", N_("Regel"), "id")
# a row read twice: its line and the line it was first read on
LINES = [LINE, Column("first_line", N_("Eerst op regel"), "id")]
DUPLICATE_COLUMNS = [
    *LINES,
    Column("first_name", N_("Voornaam")),
    Column("last_name", N_("Familienaam")),
    Column("birth_date", N_("Geboortedatum")),
]
PARTNER_DUPLICATE_COLUMNS = [*LINES, Column("name", N_("Naam"))]
POSSIBLE_COLUMNS = [
    LINE,
    Column("name", N_("Naam")),
    Column("birth_date", N_("Geboren")),
    Column("other", N_("Lijkt op")),
    Column("reason", N_("Waarom"), "label", SIMILAR),
    Column("rejected", N_("Afgewezen"), "bool", priority=3),
    Column("participant_id", N_("Deelnemer-id"), "id", priority=4),
]
PREVIEW_COLUMNS = [
    LINE,
    Column("name", N_("Veld")),
    Column("column", N_("Kolom")),
    Column("cell", N_("In het bestand")),
    Column("value", N_("Gelezen als")),
]


def _title(result: dict) -> str:
    if result["dry_run"]:
        return _("Proefimport (er is niets geschreven)")
    return _("Import {id}").format(id=result["import_id"])


def _report(result: dict) -> None:
    """Problems of a --skip-invalid import and where the rejected rows went, on stderr."""
    from vrijetijd_cli.render.output import message

    if not result["rejected"]:
        return
    for problem in result["problems"]:
        message(_("Waarschuwing: {message}").format(message=problem["text"]))
    more = result["problem_count"] - len(result["problems"])
    if more:
        message(_("Waarschuwing: {message}").format(message=_("… en nog {count}").format(count=more)))
    rows = result["rejected"]
    where = result["rejects_file"] or result.get("would_reject_to")
    if not where:
        return
    if result["rejects_file"]:
        text = ngettext(
            "{count} afgewezen rij bewaard in {path!r}, met de reden per rij: verbeter ze daar en lees dat"
            " bestand in.",
            "{count} afgewezen rijen bewaard in {path!r}, met de reden per rij: verbeter ze daar en lees dat"
            " bestand in.", rows)
    else:
        text = ngettext(
            "{count} afgewezen rij zou bewaard worden in {path!r}, met de reden per rij: verbeter ze daar en"
            " lees dat bestand in.",
            "{count} afgewezen rijen zouden bewaard worden in {path!r}, met de reden per rij: verbeter ze daar"
            " en lees dat bestand in.", rows)
    message(text.format(count=rows, path=where))


def _born(value: str | None) -> str | None:
    """A birth date as dd/mm/jjjj, or the year alone when only that is known."""
    from vrijetijd_cli.formats import day

    return day(value) if value and len(value) == 10 else value


def _other(row: dict) -> str:
    """Whom a look-alike resembles: a stored participant or an earlier line of the file."""
    if row["other_participant_id"] is not None:
        return _("deelnemer {id}: {name}").format(id=row["other_participant_id"], name=row["other_name"])
    return _("regel {line}: {name}").format(line=row["other_line"], name=row["other_name"])


def emit_summary(result: dict, summary: list[Column], duplicates: list[Column], fmt: OutputFormat, output) -> None:
    sections = []
    if result["duplicates"]:
        listed = [dict(row, birth_date=_born(row.get("birth_date"))) for row in result["duplicates"]]
        sections.append(_few(_("Dubbels in het bestand (één keer ingelezen)"), duplicates, listed, fmt))
    possible = [dict(row, other=_other(row), birth_date=_born(row["birth_date"]),
                     name=f"{row['first_name']} {row['last_name']}") for row in result.get("possible") or []]
    if possible:
        sections.append(_few(_("Mogelijke dubbels: niet samengevoegd, kijk ze na"), POSSIBLE_COLUMNS, possible, fmt))
    preview = [dict(cell, line=row["line"]) for row in result.get("preview") or [] for cell in row["cells"]]
    if preview:
        sections.append((_("Zo werden de eerste rijen gelezen (veld ← kolom)"), PREVIEW_COLUMNS, preview))
    record = dict(result, header_row=_("regel {line}").format(line=result["header_row"]),
                  unused_columns=", ".join(result["unused_columns"]) or _("(geen)"))
    # the counts of what was skipped only when something was
    shown = [c for c in summary if c.key not in OPTIONAL or result.get(c.key)]
    emit_record(record, shown, fmt.value, output, title=_title(result), sections=sections, json_data=result)
    _report(result)


def _few(title: str, columns: list[Column], rows: list[dict], fmt: OutputFormat) -> tuple:
    """A section of the summary: in a table the first TABLE_ROWS rows and how many more there are
    (a long list is read in JSON or CSV, or in the rejects file), in JSON and CSV every row."""
    if fmt != OutputFormat.table or len(rows) <= TABLE_ROWS:
        return title, columns, rows
    more = _("{title}: de eerste {shown} van {count}; --format json toont ze allemaal")
    return more.format(title=title, shown=TABLE_ROWS, count=len(rows)), columns, rows[:TABLE_ROWS]
