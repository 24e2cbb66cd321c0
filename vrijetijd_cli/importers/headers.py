"""File headers -> fields, by the config's `import_aliases` and `--map "Kolom=field"`
(docs/architecture.md, "How to add").

Headers are compared case-, accent-, punctuation- and whitespace-insensitively, so `Geb. datum`,
`geb datum` and `GEBDATUM` are the same header.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.i18n import _, ngettext
from vrijetijd_cli.parse import normalize


def header_key(text: object) -> str:
    """'Geb. datum' -> 'gebdatum': what two spellings of one header have in common."""
    return normalize(text).replace(" ", "")


@dataclass(frozen=True)
class HeaderMap:
    """Which column holds which field; `unknown` are the headers that are ignored."""

    headers: tuple[str, ...]
    columns: Mapping[str, int]  # field -> column index
    unknown: tuple[str, ...]

    def header(self, field: str) -> str:
        """The file's own name of the column of `field`."""
        return self.headers[self.columns[field]]

    def __contains__(self, field: str) -> bool:
        return field in self.columns


def _shown(headers: Sequence[str]) -> str:
    return ", ".join(repr(h) for h in headers if h) or _("(geen)")


def parse_map_options(options: Iterable[str], fields: Sequence[str]) -> dict[str, str]:
    """`--map "Kolom=field"` values -> {header key: field}."""
    mapped: dict[str, str] = {}
    for option in options:
        column, sep, field = option.rpartition("=")
        field = field.strip()
        if not sep or not column.strip():
            raise InvalidInput(_("--map: {value!r} moet de vorm 'Kolom=veld' hebben").format(value=option))
        if field not in fields:
            raise InvalidInput(_("--map: veld {field!r} is onbekend; kies uit {choices}").format(
                field=field, choices=", ".join(fields)))
        mapped[header_key(column)] = field
    return mapped


def map_headers(
    headers: Sequence[str],
    aliases: Mapping[str, Sequence[str]],
    fields: Sequence[str],
    required: Sequence[str],
    overrides: Iterable[str] = (),
    ignore: Iterable[str] = (),
    labels: Mapping[str, str] | None = None,
) -> HeaderMap:
    """Map the file's headers to `fields`.

    `aliases` is the config's import_aliases (field -> spellings); a field's own code also
    counts. `overrides` are --map options and win over aliases. `ignore` are headers that are
    skipped without a word (the reason column of a rejects file). `labels` names fields in
    messages. A missing required field or a field claimed by two columns is an error.
    """
    forced = parse_map_options(overrides, fields)
    table: dict[str, str] = {}
    for field in fields:
        for spelling in (field, *aliases.get(field, ())):
            table.setdefault(header_key(spelling), field)
    skipped = {header_key(h) for h in ignore}
    present = {header_key(h) for h in headers}
    for key in forced:
        if key not in present:
            column = next(o.rpartition("=")[0] for o in overrides if header_key(o.rpartition("=")[0]) == key)
            raise InvalidInput(
                _("--map: kolom {column!r} staat niet in het bestand (kolommen: {columns})").format(
                    column=column.strip(), columns=_shown(headers))
            )
    columns: dict[str, int] = {}
    by_alias: dict[str, list[int]] = {}
    unknown: list[str] = []
    for index, header in enumerate(headers):
        key = header_key(header)
        if key in forced:
            field = forced[key]
            if field in columns:
                raise _twice(field, [headers[columns[field]], header], labels)
            columns[field] = index
        elif key in table:
            by_alias.setdefault(table[key], []).append(index)
        elif key not in skipped:
            unknown.append(header or _("(kolom {number} zonder naam)").format(number=index + 1))
    for field, indexes in by_alias.items():
        if field in columns:
            unknown.extend(headers[i] for i in indexes)  # --map chose another column
        elif len(indexes) > 1:
            raise _twice(field, [headers[i] for i in indexes], labels)
        else:
            columns[field] = indexes[0]
    missing = [f for f in required if f not in columns]
    if missing:
        raise InvalidInput(
            ngettext("verplichte kolom ontbreekt: {names}; gevonden kolommen: {columns}"
                     " (wijs een kolom toe met --map 'Kolom={field}')",
                     "verplichte kolommen ontbreken: {names}; gevonden kolommen: {columns}"
                     " (wijs een kolom toe met --map 'Kolom={field}')", len(missing)).format(
                names=", ".join(_name(f, labels) for f in missing), columns=_shown(headers), field=missing[0])
        )
    return HeaderMap(tuple(headers), columns, tuple(unknown))


def _name(field: str, labels: Mapping[str, str] | None) -> str:
    label = (labels or {}).get(field)
    return f"{label} ({field})" if label else field


def _twice(field: str, headers: list[str], labels: Mapping[str, str] | None) -> InvalidInput:
    shown = repr(headers[0])
    for header in headers[1:]:
        shown = _("{first} en {second}").format(first=shown, second=repr(header))
    return InvalidInput(
        _("kolommen {columns} betekenen allebei {name}; kies er een met --map 'Kolom={field}'").format(
            columns=shown, name=_name(field, labels), field=field)
    )
