"""Reading the files partners send, for the one import pipeline (docs/architecture.md, "The import pipeline").

- `reader.open_table(path, delimiter=None, encoding=None, sheet=None) -> Table`: CSV (UTF-8 with
  or without BOM, or Windows-1252; `;`, `,` or tab) or `.xlsx` (xlsx.py); `Table.locate` finds the
  header below title rows, `Table.chunks()` streams the rows after it.
- `fields`: the fields of each kind of list; `headers.map_headers(...)`: file headers -> fields.
- `columns.Checker`: a chunk of rows checked a column at a time by one `Rule` per field;
  `rows.RowError`: one problem of one row (line, column, value, reason).
- `participant_rules`: the rules of a participant (one rule set with `participant add`), with
  `names` (a name column split in two) and `phone`; `lookalike`: duplicates and look-alikes.
- `uitdatabank`: UiTdatabank JSON-LD events; `writer.TableWriter`: the rejects file.
"""
