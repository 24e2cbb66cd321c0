"""File headers -> fields, by the field spellings (importers/fields.py, the config's
`import_aliases`) and `--map "Kolom=veld"` (docs/architecture.md, "How to add: an import field").

Headers are compared case-, accent-, punctuation- and whitespace-insensitively, and what stands in
brackets is an explanation, not part of the name: `Geb. datum`, `GEBDATUM`, `Statuut (VT, OCMW, …)`
and `Statuut*` are one header each. A column that holds the national register number is never
read: it is recognised by its header or its values and set aside.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.i18n import _, ngettext
from vrijetijd_cli.importers.fields import NATIONAL_NUMBER, Field, FieldSet
from vrijetijd_cli.parse import normalize

_BRACKETS = re.compile(r"\([^)]*\)?|\[[^\]]*\]?|\{[^}]*\}?")
MAX_HEADER = 1000  # characters of a header that are compared; the rest cannot change a match
# 11 digits, as written on an eID: 85.07.03-123.45, 850703 123 45, 85070312345
_NATIONAL_NUMBER = re.compile(r"\d{2}[.\-/ ]?\d{2}[.\-/ ]?\d{2}[.\-/ ]?\d{3}[.\-/ ]?\d{2}")


def header_key(text: object) -> str:
    """'Geb. datum' -> 'gebdatum', 'Statuut (VT, OCMW, …)' -> 'statuut': what two spellings share."""
    raw = str(text)[:MAX_HEADER]
    key = normalize(_BRACKETS.sub(" ", raw)).replace(" ", "")
    return key or normalize(raw).replace(" ", "")


def looks_like_national_number(value: object) -> bool:
    """An 11-digit number as on an identity card (national register number, INSZ)."""
    return isinstance(value, str) and _NATIONAL_NUMBER.fullmatch(value.strip()) is not None


@dataclass(frozen=True)
class HeaderMap:
    """Which column holds which field; `unused` are the columns nobody reads, `private` the
    columns set aside because they hold national register numbers."""

    headers: tuple[str, ...]
    columns: Mapping[str, int]  # field -> column index
    unused: tuple[str, ...] = ()
    private: tuple[str, ...] = ()
    private_columns: tuple[int, ...] = field(default=())

    def header(self, code: str) -> str:
        """The file's own name of the column of `code`."""
        return self.headers[self.columns[code]]

    def __contains__(self, code: str) -> bool:
        return code in self.columns

    @property
    def unknown(self) -> tuple[str, ...]:
        return self.unused


def column_name(headers: Sequence[str], index: int) -> str:
    return headers[index] or _("(kolom {number} zonder naam)").format(number=index + 1)


def _shown(headers: Sequence[str]) -> str:
    return ", ".join(repr(h) for h in headers if h) or _("(geen)")


def field_by_name(fields: FieldSet, name: str) -> Field | None:
    """A field named by its code, its Dutch name or its name in the user's language."""
    key = header_key(name)
    for f in fields.fields:
        if key in (header_key(f.code), header_key(f.name), header_key(_(f.name))):
            return f
    return None


def parse_map_options(options: Iterable[str], fields: FieldSet) -> dict[str, str]:
    """`--map "Kolom=veld"` values -> {header key: field code}."""
    mapped: dict[str, str] = {}
    for option in options:
        column, sep, name = option.rpartition("=")
        name = name.strip()
        if not sep or not column.strip():
            raise InvalidInput(_("--map: {value!r} moet de vorm 'Kolom=veld' hebben").format(value=option))
        found = field_by_name(fields, name)
        if found is None:
            raise InvalidInput(_("--map: veld {field!r} is onbekend; kies uit {choices}").format(
                field=name, choices=", ".join(f"{f.code} ({_(f.name)})" for f in fields.fields)))
        mapped[header_key(column)] = found.code
    return mapped


def spelling_table(fields: FieldSet, aliases: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Header key -> field code; the first field that claims a spelling has it."""
    table: dict[str, str] = {}
    for code, spellings in fields.aliases(aliases).items():
        for spelling in spellings:
            table.setdefault(header_key(spelling), code)
    return table


def known_count(cells: Sequence, table: Mapping[str, str], forced: Iterable[str] = ()) -> int:
    """How many cells of a row name a field: a header row names at least two."""
    keys = set(table) | set(forced)
    return len({header_key(c) for c in cells if isinstance(c, str) and c.strip()} & keys)


def map_headers(
    headers: Sequence[str],
    fields: FieldSet,
    aliases: Mapping[str, Sequence[str]],
    overrides: Iterable[str] = (),
    ignore: Iterable[str] = (),
    sample: Sequence[Sequence] = (),
) -> HeaderMap:
    """Map the file's headers to `fields`.

    `aliases` is the config's import_aliases; `overrides` are --map options and win over
    spellings. `ignore` are headers skipped without a word (the reason column of a rejects file).
    `sample` (the first rows) shows which unnamed columns hold national register numbers. A
    missing required field or a field claimed by two columns is an error.
    """
    overrides = list(overrides)
    forced = parse_map_options(overrides, fields)
    table = spelling_table(fields, aliases)
    private_keys = {header_key(s) for s in (NATIONAL_NUMBER.code, NATIONAL_NUMBER.name,
                                             *aliases.get(NATIONAL_NUMBER.code, ()), *NATIONAL_NUMBER.aliases)}
    present = {header_key(h) for h in headers}
    for key in forced:
        if key not in present:
            column = next(o.rpartition("=")[0] for o in overrides if header_key(o.rpartition("=")[0]) == key)
            raise InvalidInput(
                _("--map: kolom {column!r} staat niet in het bestand (kolommen: {columns})").format(
                    column=column.strip(), columns=_shown(headers))
            )
        if key in private_keys:
            raise InvalidInput(_("--map: kolom {column!r} bevat rijksregisternummers; die worden nooit"
                                 " ingelezen").format(column=next(h for h in headers if header_key(h) == key)))
    skipped = {header_key(h) for h in ignore}
    columns: dict[str, int] = {}
    by_alias: dict[str, list[int]] = {}
    unused: list[int] = []
    private: list[int] = []
    for index, header in enumerate(headers):
        key = header_key(header)
        if key in forced:
            code = forced[key]
            if code in columns:
                raise _twice(fields.field(code), [headers[columns[code]], header])
            columns[code] = index
        elif key in private_keys or _private_values(sample, index):
            private.append(index)
        elif key in table:
            by_alias.setdefault(table[key], []).append(index)
        elif key not in skipped or not key:
            unused.append(index)
    _shared_spellings(fields, table, headers, by_alias, columns)
    for code, indexes in by_alias.items():
        if code in columns:
            unused.extend(indexes)  # --map chose another column
        elif len(indexes) > 1:
            raise _twice(fields.field(code), [headers[i] for i in indexes])
        else:
            columns[code] = indexes[0]
    missing = [group for group in fields.required if not any(code in columns for code in group)]
    if missing:
        names = [_either([fields.field(code).label() for code in group]) for group in missing]
        raise InvalidInput(
            ngettext("verplichte kolom ontbreekt: {names}; gevonden kolommen: {columns}"
                     " (wijs een kolom toe met --map 'Kolom={field}')",
                     "verplichte kolommen ontbreken: {names}; gevonden kolommen: {columns}"
                     " (wijs een kolom toe met --map 'Kolom={field}')", len(missing)).format(
                names=", ".join(names), columns=_shown(headers), field=missing[0][0])
        )
    return HeaderMap(tuple(headers), columns, tuple(column_name(headers, i) for i in sorted(unused)),
                     tuple(column_name(headers, i) for i in private), tuple(private))


def _either(names: list[str]) -> str:
    """'geboortedatum (birth_date) of geboortejaar (birth_year)'."""
    shown = names[0]
    for name in names[1:]:
        shown = _("{first} of {second}").format(first=shown, second=name)
    return shown


def _private_values(sample: Sequence[Sequence], index: int) -> bool:
    """A column whose filled cells in the first rows are all 11-digit numbers."""
    values = [row[index] for row in sample if index < len(row) and str(row[index]).strip()]
    return bool(values) and all(looks_like_national_number(str(v)) for v in values)


def _shared_spellings(fields: FieldSet, table: Mapping[str, str], headers: Sequence[str],
                      by_alias: dict[str, list[int]], columns: Mapping[str, int]) -> None:
    """`Naam` is the last name beside a first-name column, and the whole name without one."""
    if fields.kind != "participants" or "first_name" in by_alias or "first_name" in columns:
        return
    if "full_name" in by_alias or "full_name" in columns:
        return
    whole = {header_key(s) for s in fields.aliases({})["full_name"]}
    for index in list(by_alias.get("last_name", ())):
        if header_key(headers[index]) in whole:
            by_alias["last_name"].remove(index)
            by_alias.setdefault("full_name", []).append(index)
            if not by_alias["last_name"]:
                del by_alias["last_name"]
            return


def _twice(f: Field, headers: list[str]) -> InvalidInput:
    shown = repr(headers[0])
    for header in headers[1:]:
        shown = _("{first} en {second}").format(first=shown, second=repr(header))
    return InvalidInput(
        _("kolommen {columns} betekenen allebei {name}; kies er een met --map 'Kolom={field}'").format(
            columns=shown, name=f.label(), field=f.code)
    )
