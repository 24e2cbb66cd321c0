"""Reading the files partners send: one reader for every import.

- `reader.open_table(path, delimiter=None, encoding=None, sheet=None) -> Table`: CSV (UTF-8 with
  or without BOM, or Windows-1252; `;`, `,` or tab) or `.xlsx` (xlsx.py); `.headers`, `.dialect`,
  `.sha256` and a streaming `.rows()` of `(line_number, cells)`.
- `headers.map_headers(...)`: file headers -> fields, by the config's `import_aliases` and `--map`.
- `rows.RowError`: one problem of one row (line, column, value, reason); imports collect them all.
- `participant_rows.ParticipantRules`: the checks of a participant list, row by row.
"""
