"""One reader for every import: CSV as Excel in Belgium writes it, or .xlsx (docs/architecture.md, "Layers").

    with open_table(path, delimiter=None, encoding=None, sheet=None) as table:
        table.headers, table.dialect, table.sha256
        for line, cells in table.rows(): ...

The file is read once up front (SHA-256 and encoding), then streamed row by row: no list of
all rows is ever kept. Cells are text, except date cells of an .xlsx, which are `date`s.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import os
from collections.abc import Iterator
from pathlib import Path

from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.i18n import N_, _
from vrijetijd_cli.importers.table import Dialect, Scan, Table, header_cells

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
DELIMITERS = (";", "\t", ",")  # the order breaks ties: Belgian Excel writes ';'
CHUNK = 1 << 20
# our messages use a few signs Windows-1252 lacks
PLAIN = str.maketrans({"≥": ">=", "≤": "<=", "→": "->"})
UTF8_BOM = codecs.BOM_UTF8
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
# what a file is when it is not text: (magic bytes, what it is)
MAGIC = (
    (b"PK\x03\x04", N_("een zip- of Office-bestand")),
    (b"%PDF", N_("een PDF-bestand")),
    (b"\xd0\xcf\x11\xe0", N_("een oud Office-bestand (.xls of .doc)")),
    (b"\x89PNG", N_("een afbeelding")),
    (b"\xff\xd8\xff", N_("een afbeelding")),
)


def open_table(
    path: str | os.PathLike,
    delimiter: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
) -> Table:
    """Open a CSV or .xlsx file; options override what is detected. Raises InvalidInput."""
    path = Path(path)
    name = str(path)
    if not path.exists():
        raise InvalidInput(_("bestand {name!r} bestaat niet").format(name=name))
    if path.is_dir():
        raise InvalidInput(_("{name!r} is een map, geen bestand").format(name=name))
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise InvalidInput(
            _("{name!r} is een oud Excel-bestand (.xls); bewaar het in Excel als .xlsx of als CSV").format(name=name)
        )
    if suffix not in CSV_SUFFIXES + XLSX_SUFFIXES:
        raise InvalidInput(
            _("{name!r}: bestandstype {suffix!r} wordt niet ondersteund; gebruik .csv, .txt, .tsv of .xlsx").format(
                name=name, suffix=suffix or _("(geen)"))
        )
    scan = _scan(path)
    if scan.size == 0:
        raise InvalidInput(_("bestand {name!r} is leeg").format(name=name))
    if suffix in XLSX_SUFFIXES:
        if not scan.head.startswith(b"PK\x03\x04"):
            raise InvalidInput(
                _("{name!r} is geen geldig Excel-bestand (.xlsx); is het een CSV met de verkeerde extensie?").format(
                    name=name)
            )
        from vrijetijd_cli.importers.xlsx import XlsxTable

        return XlsxTable(path, scan, sheet)
    return _CsvTable(path, scan, _encoding(name, scan, encoding), _delimiter_option(delimiter))


def _scan(path: Path) -> Scan:
    """One pass over the bytes: SHA-256, whether it is valid UTF-8, the first undefined cp1252 byte."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8, size, lines, head, problem = True, 0, 0, b"", None
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                if not head:
                    head = chunk[:65536]
                digest.update(chunk)
                size += len(chunk)
                if utf8:
                    try:
                        decoder.decode(chunk)
                    except UnicodeDecodeError:
                        utf8 = False
                if problem is None:
                    found = [i for i in (chunk.find(b) for b in CP1252_UNDEFINED) if i >= 0]
                    if found:
                        at = min(found)
                        problem = (lines + chunk.count(b"\n", 0, at) + 1, chunk[at])
                lines += chunk.count(b"\n")
            if utf8:
                try:
                    decoder.decode(b"", final=True)
                except UnicodeDecodeError:
                    utf8 = False
    except OSError as exc:
        raise InvalidInput(
            _("bestand {name!r} kan niet gelezen worden: {reason}").format(name=str(path), reason=exc.strerror)
        ) from None
    return Scan(size, digest.hexdigest(), head, utf8, problem)


def _refuse_binary(name: str, head: bytes) -> None:
    for magic, what in MAGIC:
        if head.startswith(magic):
            if magic == b"PK\x03\x04":
                text = _("{name!r} is {what}, geen CSV-bestand (geef een Excel-bestand de extensie .xlsx)")
            else:
                text = _("{name!r} is {what}, geen CSV-bestand")
            raise InvalidInput(text.format(name=name, what=_(what)))
    if b"\x00" in head:
        raise InvalidInput(_("{name!r} is een binair bestand, geen CSV-bestand").format(name=name))


def _encoding(name: str, scan: Scan, option: str | None) -> tuple[str, bool]:
    """(codec, bom): --encoding wins; else UTF-8 (with or without BOM) or Windows-1252, nothing else."""
    bom = scan.head.startswith(UTF8_BOM)
    if option:
        try:
            codec = codecs.lookup(option.strip()).name
        except LookupError:
            raise InvalidInput(
                _("--encoding: {value!r} is geen gekende codering (bv. utf-8, windows-1252)").format(value=option)
            ) from None
        if codec.startswith("utf-16") or codec.startswith("utf-32"):
            return codec, scan.head.startswith(UTF16_BOMS)
        _refuse_binary(name, scan.head)
        return codec, bom and codec == "utf-8"
    if scan.head.startswith(UTF16_BOMS):
        raise InvalidInput(
            _("{name!r} is in UTF-16 bewaard; bewaar het in Excel als 'CSV UTF-8' of geef --encoding utf-16").format(
                name=name)
        )
    _refuse_binary(name, scan.head)
    if bom or scan.utf8:
        return "utf-8", bom
    if scan.cp1252_problem is not None:
        line, byte = scan.cp1252_problem
        raise InvalidInput(
            _("{name!r} is geen UTF-8 en geen Windows-1252 (byte 0x{byte:02X} op regel {line});"
              " bewaar het als 'CSV UTF-8' of geef --encoding").format(name=name, byte=byte, line=line)
        )
    return "cp1252", False


def _delimiter_option(option: str | None) -> str | None:
    if option is None:
        return None
    text = {"tab": "\t", "\\t": "\t"}.get(option.strip().lower(), option)
    if len(text) != 1 or text in "\"\r\n" or text.isalnum():
        raise InvalidInput(_("--delimiter: {value!r} moet één teken zijn, bv. ';', ',' of tab").format(value=option))
    return text


def detect_delimiter(header_line: str) -> str:
    """The most frequent of ';', tab and ',' outside quotes; ';' when there is none (one column)."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])  # max keeps the first on a tie
    return best if counts[best] else ";"


class _CsvTable(Table):
    def __init__(self, path: Path, scan: Scan, encoding: tuple[str, bool], delimiter: str | None):
        self.path, self.sha256, self.size = path, scan.sha256, scan.size
        codec, bom = encoding
        self._codec = codec
        self._raw = path.open("rb")
        text_codec = "utf-8-sig" if codec == "utf-8" and bom else codec
        self._text = io.TextIOWrapper(self._raw, encoding=text_codec, newline="")
        self._line = 0
        first = self._first_line(path)
        hint = first.strip()
        if len(hint) == 5 and hint.lower().startswith("sep="):
            # Excel's own hint line, e.g. 'sep=;', comes before the header
            delimiter = delimiter or hint[4]
            first = self._first_line(path)
        self.header_line = self._line
        chosen = delimiter or detect_delimiter(first)
        self.dialect = Dialect("csv", chosen, codec, bom)
        self.headers = header_cells(next(csv.reader([first], delimiter=chosen)))

    def _first_line(self, path: Path) -> str:
        """The next line with something on it."""
        while True:
            line = self._readline()
            if not line:
                self.close()
                raise InvalidInput(_("bestand {name!r} is leeg").format(name=str(path)))
            self._line += 1
            if line.strip(" \t\r\n;,\""):
                return line

    def _readline(self) -> str:
        try:
            return self._text.readline()
        except UnicodeDecodeError as exc:
            raise self._decode_error(exc) from None

    def _decode_error(self, exc: UnicodeDecodeError) -> InvalidInput:
        name = str(self.path)
        byte = exc.object[exc.start] if exc.start < len(exc.object) else 0
        return InvalidInput(
            _("{name!r} kan niet gelezen worden als {encoding} (byte 0x{byte:02X} na regel {line});"
              " geef de juiste codering met --encoding").format(name=name, encoding=self._codec, byte=byte,
                                                                line=self._line)
        )

    def rows(self) -> Iterator[tuple[int, list]]:
        width = len(self.headers)
        reader = csv.reader(self._text, delimiter=self.dialect.delimiter)
        offset, previous = self.header_line, 0
        try:
            for cells in reader:
                line, previous = offset + previous + 1, reader.line_num
                # a row with a first value is not empty: the usual case, decided without a join
                if not cells or not (cells[0].strip() or "".join(cells).strip()):
                    continue
                if len(cells) > width:
                    while len(cells) > width and not cells[-1].strip():
                        cells.pop()
                if any(cell[:1] == "'" for cell in cells):
                    cells = [restore_formula_text(cell) for cell in cells]
                yield line, cells
        except UnicodeDecodeError as exc:
            self._line = offset + previous  # the last line read in full
            raise self._decode_error(exc) from None
        except csv.Error as exc:
            raise InvalidInput(
                _("{name!r}, regel {line}: geen geldige CSV ({reason})").format(
                    name=str(self.path), line=offset + reader.line_num, reason=exc)
            ) from None

    def progress(self) -> tuple[int, int]:
        return (self._raw.tell() if not self._raw.closed else self.size), self.size

    def close(self) -> None:
        self._text.close()


def restore_formula_text(cell: str) -> str:
    """Undo the apostrophe our CSV exports put before '=', '+', '-' or '@' (a corrected rejects file)."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@") else cell
