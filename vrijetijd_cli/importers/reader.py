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
import re
import stat
from itertools import chain, compress, islice
from operator import itemgetter
from pathlib import Path

from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.i18n import N_, _
from vrijetijd_cli.importers.table import (
    CHUNK_ROWS,
    HEAD_ROWS,
    Chunk,
    Dialect,
    Scan,
    Score,
    Table,
    find_header,
    header_cells,
    trim,
)

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
DELIMITERS = (";", "\t", ",")  # the order breaks ties: Belgian Excel writes ';'
CHUNK = 1 << 20
MAX_INPUT_BYTES = 1 << 30  # a partner list of a million rows is about 60 MB
MAX_LINE = 131_072  # characters of one line, as the csv module allows in one field
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
    """Open a CSV or .xlsx file; options override what is detected. Raises InvalidInput.

    The header is taken to be the first row with something on it; `Table.locate` finds the
    real one below title rows."""
    path = Path(path)
    name = str(path)
    suffix = path.suffix.lower()
    size = regular_file(path)
    if suffix == ".xls":
        raise InvalidInput(
            _("{name!r} is een oud Excel-bestand (.xls); bewaar het in Excel als .xlsx of als CSV").format(name=name)
        )
    if suffix not in CSV_SUFFIXES + XLSX_SUFFIXES:
        raise InvalidInput(
            _("{name!r}: bestandstype {suffix!r} wordt niet ondersteund; gebruik .csv, .txt, .tsv of .xlsx").format(
                name=name, suffix=suffix or _("(geen)"))
        )
    if size == 0:
        raise InvalidInput(_("bestand {name!r} is leeg").format(name=name))
    scan = _scan(path)
    if suffix in XLSX_SUFFIXES:
        if not scan.head.startswith(b"PK\x03\x04"):
            raise InvalidInput(
                _("{name!r} is geen geldig Excel-bestand (.xlsx); is het een CSV met de verkeerde extensie?").format(
                    name=name)
            )
        from vrijetijd_cli.importers.xlsx import XlsxTable

        return XlsxTable(path, scan, sheet)
    return _CsvTable(path, scan, _encoding(name, scan, encoding), _delimiter_option(delimiter))


def regular_file(path: Path, limit: int | None = None) -> int:
    """The size of `path`, which must be a regular file of at most `limit` bytes: never a folder, a
    device such as /dev/zero or a pipe, which would be read forever or wait for a writer."""
    name = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InvalidInput(_("bestand {name!r} bestaat niet").format(name=name)) from None
    except OSError as exc:
        raise InvalidInput(
            _("bestand {name!r} kan niet gelezen worden: {reason}").format(name=name, reason=exc.strerror)
        ) from None
    if stat.S_ISDIR(info.st_mode):
        raise InvalidInput(_("{name!r} is een map, geen bestand").format(name=name))
    if not stat.S_ISREG(info.st_mode):
        raise InvalidInput(_("{name!r} is geen gewoon bestand (maar een apparaat, pijp of socket)").format(name=name))
    limit = MAX_INPUT_BYTES if limit is None else limit
    if info.st_size > limit:
        raise InvalidInput(_("{name!r} is te groot ({size} MB; hoogstens {limit} MB)").format(
            name=name, size=info.st_size // 2**20, limit=limit // 2**20))
    return info.st_size


def open_regular(path: Path):
    """The file opened for reading, checked again after opening (it could have been swapped)."""
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise InvalidInput(_("{name!r} is geen gewoon bestand (maar een apparaat, pijp of socket)").format(
                name=str(path)))
        return os.fdopen(handle, "rb")
    except BaseException:
        os.close(handle)
        raise


def _scan(path: Path) -> Scan:
    """One pass over the bytes: SHA-256, whether it is valid UTF-8, the first undefined cp1252 byte,
    the longest line (so that the rows can be read without measuring each)."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8, size, lines, head, problem = True, 0, 0, b"", None
    tail, longest = 0, (0, 0)  # bytes since the last line break; (length, line) of the longest line
    try:
        with open_regular(path) as handle:
            while chunk := handle.read(CHUNK):
                if not head:
                    head = chunk[:65536]
                digest.update(chunk)
                size += len(chunk)
                parts = chunk.split(b"\n")
                lengths = list(map(len, parts))
                lengths[0] += tail
                tail = lengths[-1]
                most = max(lengths)
                if most > longest[0]:
                    longest = (most, lines + lengths.index(most) + 1)
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
    return Scan(size, digest.hexdigest(), head, utf8, problem, longest)


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
        length, line = scan.longest
        if length > MAX_LINE * 4:  # bytes: a character takes one to four
            raise _too_long(path, line)
        codec, bom = encoding
        self._codec, self._bom, self._option = codec, bom, delimiter
        self._raw = open_regular(path)
        text_codec = "utf-8-sig" if codec == "utf-8" and bom else codec
        self._text = io.TextIOWrapper(self._raw, encoding=text_codec, newline="")
        self._head: list[tuple[int, str]] = []  # every line read ahead, empty ones too
        self._line = 0
        self._read_ahead()
        self.locate(None)

    def _read_ahead(self) -> None:
        """The first lines, up to HEAD_ROWS with something on them; Excel's 'sep=;' hint line is
        taken as the delimiter and skipped."""
        filled = 0
        while filled < HEAD_ROWS:
            try:
                text = self._readline()
            except UnicodeDecodeError as exc:
                raise self._decode_error(exc, self._line) from None
            if not text:
                break
            self._line += 1
            hint = text.strip()
            if not filled and len(hint) == 5 and hint.lower().startswith("sep="):
                self._option = self._option or hint[4]
                self._head.append((self._line, ""))
                continue
            self._head.append((self._line, text))
            filled += bool(text.strip(" \t\r\n;,\""))
        if not filled:
            self.close()
            raise InvalidInput(_("bestand {name!r} is leeg").format(name=str(self.path)))

    def _readline(self) -> str:
        text = self._text.readline(MAX_LINE + 1)
        if len(text) > MAX_LINE:
            self.close()
            raise _too_long(self.path, self._line + 1)
        return text

    def locate(self, score: Score | None, header_row: int | None = None) -> int:
        filled = [(line, text) for line, text in self._head if text.strip(" \t\r\n;,\"")]
        first = filled[0][1]
        detected = detect_delimiter(first)
        candidates = [self._option] if self._option else [detected, *(d for d in DELIMITERS if d != detected)]
        best = None
        for delimiter in candidates:
            head = [(line, _split(text, delimiter)) for line, text in filled]
            position, found = find_header(head, score, header_row, str(self.path))
            if best is None or found > best[0]:
                best = (found, delimiter, position, head)
        found, delimiter, position, head = best
        self.dialect = Dialect("csv", delimiter, self._codec, self._bom)
        self.header_line = head[position][0]
        self.headers = header_cells(head[position][1])
        self.skipped_above = position
        self.blank_rows = 0
        return found

    def chunks(self, size: int = CHUNK_ROWS):
        width = len(self.headers)
        after = [text for line, text in self._head if line > self.header_line]
        reader = csv.reader(chain(after, self._text), delimiter=self.dialect.delimiter)
        base = self.header_line
        try:
            while True:
                before = reader.line_num
                rows = list(islice(reader, size))
                if not rows:
                    return
                if reader.line_num - before == len(rows):
                    lines = range(base + before + 1, base + reader.line_num + 1)
                else:  # a quoted value with a line break: number each row by the line it starts on
                    lines, at = [], base + before + 1
                    for cells in rows:
                        lines.append(at)
                        at += 1 + sum(cell.count("\n") for cell in cells)
                yield self._clean(lines, rows, width)
        except UnicodeDecodeError as exc:
            raise self._decode_error(exc, base + reader.line_num) from None
        except csv.Error as exc:
            raise InvalidInput(
                _("{name!r}, regel {line}: geen geldige CSV ({reason})").format(
                    name=str(self.path), line=base + reader.line_num, reason=exc)
            ) from None

    def _clean(self, lines, rows: list[list], width: int) -> Chunk:
        """Empty rows out (counted), surplus empty cells off, our exports' formula apostrophes off.
        Each check is first made on the whole chunk at once; a row is looked at only when needed."""
        if [] in rows or not all(map(str.strip, map(itemgetter(0), rows))):
            keep = [bool("".join(cells).strip()) for cells in rows]
            self.blank_rows += keep.count(False)
            lines = list(compress(lines, keep))
            rows = list(compress(rows, keep))
        if rows and max(map(len, rows)) > width:
            trim(rows, width)
        if _FORMULA_ANYWHERE.search("\x00".join(map("\x00".join, rows))):
            rows = [[restore_formula_text(c) for c in cells] if _FORMULA_ANYWHERE.search("\x00".join(cells)) else cells
                    for cells in rows]
        return Chunk(lines, rows)

    def _decode_error(self, exc: UnicodeDecodeError, line: int) -> InvalidInput:
        name = str(self.path)
        byte = exc.object[exc.start] if exc.start < len(exc.object) else 0
        return InvalidInput(
            _("{name!r} kan niet gelezen worden als {encoding} (byte 0x{byte:02X} na regel {line});"
              " geef de juiste codering met --encoding").format(name=name, encoding=self._codec, byte=byte,
                                                                line=line)
        )

    def progress(self) -> tuple[int, int]:
        return (self._raw.tell() if not self._raw.closed else self.size), self.size

    def close(self) -> None:
        self._text.close()


def _too_long(path: Path, line: int) -> InvalidInput:
    return InvalidInput(_("{name!r}, regel {line}: langer dan {limit} tekens; is dit wel een lijst?").format(
        name=str(path), line=line, limit=MAX_LINE))


def _split(text: str, delimiter: str) -> list[str]:
    return next(csv.reader([text], delimiter=delimiter), [])


_FORMULA_ANYWHERE = re.compile(r"'[=+\-@]")  # then a cell is checked: it must start with it


def restore_formula_text(cell: str) -> str:
    """Undo the apostrophe our CSV exports put before '=', '+', '-' or '@' (a corrected rejects file)."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@") else cell
