"""Any report in the chosen format, to stdout, a file, or (CSV) a folder of files."""

from __future__ import annotations

from pathlib import Path

from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.i18n import _, ngettext


def emit(report: dict, output_format: str, output: Path | None) -> None:
    """table | csv | json | md | html. CSV writes one file per section into a folder
    (`output`, or a folder named after the report in the current folder)."""
    from vrijetijd_cli.render.output import message, to_json, write

    if output_format == "json":
        write(to_json(report), output)
        return
    from vrijetijd_cli.render.report_document import document

    doc = document(report)
    if output_format == "table":
        from vrijetijd_cli.render.report_terminal import print_document

        print_document(doc, output)
    elif output_format == "csv":
        from vrijetijd_cli.render.report_csv import write_folder

        folder = output if output is not None else Path(doc.slug)
        files = write_folder(doc, folder)
        message(ngettext("{n} CSV-bestand geschreven in {folder}.", "{n} CSV-bestanden geschreven in {folder}.",
                         len(files)).format(n=len(files), folder=str(folder)))
    elif output_format == "md":
        from vrijetijd_cli.render.report_md import markdown

        write(markdown(doc), output)
    elif output_format == "html":
        from vrijetijd_cli.render.report_html import html

        write(html(doc), output)
    else:
        raise InvalidInput(_("onbekend formaat {format!r}").format(format=output_format))
