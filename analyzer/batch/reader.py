"""Reading the list to score: CSV (delimiter, BOM and encoding detected) or XLSX.

    table = read_table(Path("gemeenten.csv"), column=None)
    for row_number, cells in table.rows(): ...

The domain column is found by its header (domain, website, url, site, e-mail, and the Dutch
domein, webadres, e-mailadres) or named with `column`. Row numbers are the spreadsheet's (the
header is row 1); empty rows are skipped. Every problem is a UsageError naming the file.
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import io
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterator

from analyzer.batch.xlsx_guard import check_cells, check_xlsx
from analyzer.core.errors import UsageError

log = logging.getLogger(__name__)

# Normalised header names (lowercase letters and digits only), most specific first.
DOMAIN_HEADERS = ("domain", "domainname", "domein", "domeinnaam", "website", "websiteurl", "webadres",
                  "webadresurl", "url", "site", "homepage", "web", "email", "emailaddress", "emailadres",
                  "mail", "mailadres")
DELIMITERS = (",", ";", "\t")
# Excel's own hint on a CSV's first line (`sep=;`): it names the delimiter and is not a row.
SEP_LINE = re.compile(r"^sep=(.)[ \t]*\r?$")
SNIFF_BYTES = 64 * 1024


def header_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.replace("\ufeff", "").strip().lower())


@dataclass(frozen=True)
class InputTable:
    path: Path
    kind: str                      # csv | xlsx
    columns: tuple[str, ...]
    domain_column: int
    digest: str                    # sha256 of the file's bytes
    delimiter: str = ","
    encoding: str = "utf-8-sig"
    sep_line: bool = False         # a `sep=X` first line, skipped: the header is still row 1

    @property
    def domain_header(self) -> str:
        return self.columns[self.domain_column]

    def rows(self) -> Iterator[tuple[int, tuple[str, ...]]]:
        """(row number, cells padded to the header's width) for every non-empty data row."""
        source = self._csv_records() if self.kind == "csv" else _xlsx_records(self.path)
        width = len(self.columns)
        for number, cells in source:
            if number == 1 or not any(c.strip() for c in cells):
                continue
            if len(cells) > width and any(c.strip() for c in cells[width:]):
                log.warning("%s row %d: %d cells beyond the header's %d columns are ignored",
                            self.path, number, len(cells) - width, width)
            yield number, tuple(cells[:width]) + ("",) * (width - len(cells))

    def _csv_records(self) -> Iterator[tuple[int, list[str]]]:
        with open(self.path, encoding=self.encoding, errors="replace", newline="") as fh:
            if self.sep_line:
                fh.readline()
            reader = csv.reader(fh, delimiter=self.delimiter)
            i = 0
            try:
                for i, cells in enumerate(reader, start=1):
                    yield i, cells
            except csv.Error as exc:   # e.g. a cell over the csv module's field size limit
                raise UsageError(f"{self.path}: row {i + 1} is not readable CSV ({exc})") from None


@dataclass(frozen=True)
class RecordsTable:
    """An input already in memory (the DataFrame of analyzer.api.score), read like an InputTable:
    rows numbered as in the CSV the frame would write (header = row 1), empty rows skipped."""

    columns: tuple[str, ...]
    domain_column: int
    digest: str                    # sha256 of the frame as CSV, so a run resumes as before
    records: tuple[tuple[str, ...], ...]
    kind: str = "frame"
    delimiter: str = ","

    @property
    def domain_header(self) -> str:
        return self.columns[self.domain_column]

    def rows(self) -> Iterator[tuple[int, tuple[str, ...]]]:
        for number, cells in enumerate(self.records, start=2):
            if any(c.strip() for c in cells):
                yield number, cells


def read_table(path: Path, column: str | None = None) -> InputTable:
    """Open and check the input file; the rows are read later, lazily."""
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        digest, _head, _utf8 = _scan_bytes(path)
        columns = _xlsx_header(path)
        return InputTable(path, "xlsx", columns, find_domain_column(path, columns, column), digest)
    if suffix in (".xls", ".ods", ".numbers"):
        raise UsageError(f"{path}: {suffix} files are not read; save it as .xlsx or .csv")
    digest, head, utf8 = _scan_bytes(path)
    encoding = "utf-8-sig" if utf8 else "cp1252"
    sample = head.decode(encoding, errors="replace")
    if not sample.strip():
        raise UsageError(f"{path}: the file is empty")
    first, _, rest = sample.partition("\n")
    hint = SEP_LINE.match(first)
    if hint:
        sample = rest
    delimiter = hint.group(1) if hint else _detect_delimiter(sample)
    try:   # newline="" as when the rows are read: a bare \r inside a cell is the cell's
        header = next(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter))
    except (csv.Error, StopIteration) as exc:
        raise UsageError(f"{path}: the header row is not readable CSV ({exc or 'no row'})") from None
    columns = tuple(h.strip() for h in header)
    return InputTable(path, "csv", columns, find_domain_column(path, columns, column), digest,
                      delimiter=delimiter, encoding=encoding, sep_line=bool(hint))


def _scan_bytes(path: Path) -> tuple[str, bytes, bool]:
    """sha256 of the file, its first bytes, and whether it is all valid UTF-8 (read once, streamed)."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    head = b""
    utf8 = True
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
            if len(head) < SNIFF_BYTES:
                head += chunk[: SNIFF_BYTES - len(head)]
            if utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    # A sample cut inside a multi-byte character must not look like bad UTF-8 later.
    return digest.hexdigest(), head, utf8


def _detect_delimiter(sample: str) -> str:
    """The delimiter that splits the first lines into the most columns, consistently."""
    lines = sample.splitlines()[:-1] or sample.splitlines()  # the last line may be cut short
    text = "\n".join(lines[:50])
    best, best_width = ",", 1
    for delim in DELIMITERS:
        records = [r for r in csv.reader(io.StringIO(text), delimiter=delim) if r]
        if not records:
            continue
        width = len(records[0])
        consistent = sum(1 for r in records if len(r) == width) >= 0.8 * len(records)
        if width > best_width and consistent:
            best, best_width = delim, width
    return best


def find_domain_column(path: Any, columns: tuple[str, ...], wanted: str | None) -> int:
    keys = [header_key(c) for c in columns]
    listing = ", ".join(repr(c) for c in columns) or "none"
    if wanted:
        for i, name in enumerate(columns):
            if name == wanted:
                return i
        for i, key in enumerate(keys):
            if key and key == header_key(wanted):
                return i
        raise UsageError(f"{path}: no column named {wanted!r} (columns: {listing})")
    for candidate in DOMAIN_HEADERS:
        if candidate in keys:
            return keys.index(candidate)
    raise UsageError(f"{path}: no domain column found (looked for a header named domain, website, url, "
                     f"site, e-mail, domein, webadres or e-mailadres; columns: {listing}); "
                     "name it with --column")


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value).strip()


def _open_xlsx(path: Path):
    import openpyxl

    check_xlsx(path)
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise UsageError(f"{path}: not a readable XLSX workbook ({type(exc).__name__}: {exc})") from None


def _xlsx_records(path: Path) -> Iterator[tuple[int, list[str]]]:
    wb = _open_xlsx(path)
    try:
        sheet = wb.worksheets[0]
        cells = 0
        rows = sheet.iter_rows(values_only=True)
        i = 0
        while True:
            try:
                values = next(rows, None)
            except Exception as exc:  # openpyxl and zlib fail in many ways on a broken sheet
                raise UsageError(f"{path}: row {i + 1} is not readable ({type(exc).__name__})") from None
            if values is None:
                return
            i += 1
            cells += len(values)
            check_cells(path, cells)
            yield i, [_cell_text(v) for v in values]
    finally:
        wb.close()


def _xlsx_header(path: Path) -> tuple[str, ...]:
    for number, cells in _xlsx_records(path):
        while cells and not cells[-1]:
            cells.pop()
        if number == 1:
            if not cells:
                raise UsageError(f"{path}: the first row of the first sheet must be a header row")
            return tuple(cells)
    raise UsageError(f"{path}: the first sheet is empty")
