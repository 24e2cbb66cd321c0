"""One reader for every import: CSV as Excel in Belgium writes it, or .xlsx (DESIGN §8).

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
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from vrijetijd_cli.errors import InvalidInput

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
DELIMITERS = (";", "\t", ",")  # the order breaks ties: Belgian Excel writes ';'
DELIMITER_NAMES = {";": "';'", ",": "','", "\t": "tab", "|": "'|'"}
CHUNK = 1 << 20
# our messages use a few signs Windows-1252 lacks
PLAIN = str.maketrans({"≥": ">=", "≤": "<=", "→": "->"})
UTF8_BOM = codecs.BOM_UTF8
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
# what a file is when it is not text: (magic bytes, nl, en)
MAGIC = (
    (b"PK\x03\x04", "een zip- of Office-bestand", "a zip or Office file"),
    (b"%PDF", "een PDF-bestand", "a PDF file"),
    (b"\xd0\xcf\x11\xe0", "een oud Office-bestand (.xls of .doc)", "an old Office file (.xls or .doc)"),
    (b"\x89PNG", "een afbeelding", "an image"),
    (b"\xff\xd8\xff", "een afbeelding", "an image"),
)


@dataclass(frozen=True)
class Dialect:
    """How a file is written; the rejects file is written back the same way."""

    kind: str  # 'csv' or 'xlsx'
    delimiter: str = ""
    encoding: str = ""  # Python codec name: 'utf-8', 'cp1252', or what --encoding said
    bom: bool = False
    sheet: str = ""

    def describe(self, lang: str = "nl") -> str:
        """'Windows-1252, scheidingsteken ';'' or 'Excel, blad 'Deelnemers'' for the user."""
        en = lang == "en"
        if self.kind == "xlsx":
            return f"Excel, {'sheet' if en else 'blad'} {self.sheet!r}"
        name = {"utf-8": "UTF-8", "cp1252": "Windows-1252"}.get(self.encoding, self.encoding)
        bom = (" with BOM" if en else " met BOM") if self.bom else ""
        delimiter = DELIMITER_NAMES.get(self.delimiter, repr(self.delimiter))
        return f"{name}{bom}, {'delimiter' if en else 'scheidingsteken'} {delimiter}"


def _error(nl: str, en: str) -> InvalidInput:
    return InvalidInput(nl, en)


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
        raise _error(f"bestand {name!r} bestaat niet", f"file {name!r} does not exist")
    if path.is_dir():
        raise _error(f"{name!r} is een map, geen bestand", f"{name!r} is a folder, not a file")
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise _error(
            f"{name!r} is een oud Excel-bestand (.xls); bewaar het in Excel als .xlsx of als CSV",
            f"{name!r} is an old Excel file (.xls); save it in Excel as .xlsx or as CSV",
        )
    if suffix not in CSV_SUFFIXES + XLSX_SUFFIXES:
        shown = suffix or "(geen)"
        raise _error(
            f"{name!r}: bestandstype {shown!r} wordt niet ondersteund; gebruik .csv, .txt, .tsv of .xlsx",
            f"{name!r}: file type {suffix or '(none)'!r} is not supported; use .csv, .txt, .tsv or .xlsx",
        )
    scan = _scan(path)
    if scan.size == 0:
        raise _error(f"bestand {name!r} is leeg", f"file {name!r} is empty")
    if suffix in XLSX_SUFFIXES:
        if not scan.head.startswith(b"PK\x03\x04"):
            raise _error(
                f"{name!r} is geen geldig Excel-bestand (.xlsx); is het een CSV met de verkeerde extensie?",
                f"{name!r} is not a valid Excel file (.xlsx); is it a CSV with the wrong extension?",
            )
        from vrijetijd_cli.importers.xlsx import XlsxTable

        return XlsxTable(path, scan, sheet)
    return _CsvTable(path, scan, _encoding(name, scan, encoding), _delimiter_option(delimiter))


@dataclass
class Scan:
    size: int
    sha256: str
    head: bytes
    utf8: bool
    cp1252_problem: tuple[int, int] | None  # (line, byte) of a byte Windows-1252 does not define


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
        raise _error(
            f"bestand {str(path)!r} kan niet gelezen worden: {exc.strerror}",
            f"file {str(path)!r} cannot be read: {exc.strerror}",
        ) from None
    return Scan(size, digest.hexdigest(), head, utf8, problem)


def _refuse_binary(name: str, head: bytes) -> None:
    for magic, nl, en in MAGIC:
        if head.startswith(magic):
            hint = " (geef een Excel-bestand de extensie .xlsx)" if magic == b"PK\x03\x04" else ""
            hint_en = " (give an Excel file the extension .xlsx)" if magic == b"PK\x03\x04" else ""
            raise _error(f"{name!r} is {nl}, geen CSV-bestand{hint}", f"{name!r} is {en}, not a CSV file{hint_en}")
    if b"\x00" in head:
        raise _error(
            f"{name!r} is een binair bestand, geen CSV-bestand", f"{name!r} is a binary file, not a CSV file"
        )


def _encoding(name: str, scan: Scan, option: str | None) -> tuple[str, bool]:
    """(codec, bom): --encoding wins; else UTF-8 (with or without BOM) or Windows-1252, nothing else."""
    bom = scan.head.startswith(UTF8_BOM)
    if option:
        try:
            codec = codecs.lookup(option.strip()).name
        except LookupError:
            raise _error(
                f"--encoding: {option!r} is geen gekende codering (bv. utf-8, windows-1252)",
                f"--encoding: {option!r} is not a known encoding (e.g. utf-8, windows-1252)",
            ) from None
        if codec.startswith("utf-16") or codec.startswith("utf-32"):
            return codec, scan.head.startswith(UTF16_BOMS)
        _refuse_binary(name, scan.head)
        return codec, bom and codec == "utf-8"
    if scan.head.startswith(UTF16_BOMS):
        raise _error(
            f"{name!r} is in UTF-16 bewaard; bewaar het in Excel als 'CSV UTF-8' of geef --encoding utf-16",
            f"{name!r} is saved as UTF-16; save it in Excel as 'CSV UTF-8' or give --encoding utf-16",
        )
    _refuse_binary(name, scan.head)
    if bom or scan.utf8:
        return "utf-8", bom
    if scan.cp1252_problem is not None:
        line, byte = scan.cp1252_problem
        raise _error(
            f"{name!r} is geen UTF-8 en geen Windows-1252 (byte 0x{byte:02X} op regel {line});"
            " bewaar het als 'CSV UTF-8' of geef --encoding",
            f"{name!r} is neither UTF-8 nor Windows-1252 (byte 0x{byte:02X} on line {line});"
            " save it as 'CSV UTF-8' or give --encoding",
        )
    return "cp1252", False


def _delimiter_option(option: str | None) -> str | None:
    if option is None:
        return None
    text = {"tab": "\t", "\\t": "\t"}.get(option.strip().lower(), option)
    if len(text) != 1 or text in "\"\r\n" or text.isalnum():
        raise _error(
            f"--delimiter: {option!r} moet één teken zijn, bv. ';', ',' of tab",
            f"--delimiter: {option!r} must be one character, e.g. ';', ',' or tab",
        )
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


def is_blank(cells: list) -> bool:
    return not any(c.strip() if isinstance(c, str) else c is not None for c in cells)


def header_cells(cells: list) -> list[str]:
    headers = [str(c).strip() if c is not None else "" for c in cells]
    while headers and not headers[-1]:
        headers.pop()
    return headers


class Table(ABC):
    """An open file: `headers`, `dialect`, `sha256`, `header_line` and a streaming `rows()`."""

    path: Path
    dialect: Dialect
    headers: list[str]
    header_line: int
    sha256: str
    size: int

    @abstractmethod
    def rows(self) -> Iterator[tuple[int, list]]:
        """(line number, cells) of every non-empty row after the header.

        Trailing empty cells beyond the header's width are dropped, so `len(cells) !=
        len(headers)` means too many or too few fields.
        """

    @abstractmethod
    def progress(self) -> tuple[int, int]:
        """(done, total) in some unit, for a progress bar."""

    @abstractmethod
    def close(self) -> None:
        """Release the file."""

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


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
                raise _error(f"bestand {str(path)!r} is leeg", f"file {str(path)!r} is empty")
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
        return _error(
            f"{name!r} kan niet gelezen worden als {self._codec} (byte 0x{byte:02X} na regel"
            f" {self._line}); geef de juiste codering met --encoding",
            f"{name!r} cannot be read as {self._codec} (byte 0x{byte:02X} after line {self._line});"
            " give the right encoding with --encoding",
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
            raise _error(
                f"{str(self.path)!r}, regel {offset + reader.line_num}: geen geldige CSV ({exc})",
                f"{str(self.path)!r}, line {offset + reader.line_num}: not valid CSV ({exc})",
            ) from None

    def progress(self) -> tuple[int, int]:
        return (self._raw.tell() if not self._raw.closed else self.size), self.size

    def close(self) -> None:
        self._text.close()


def restore_formula_text(cell: str) -> str:
    """Undo the apostrophe our CSV exports put before '=', '+', '-' or '@' (a corrected rejects file)."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@") else cell
