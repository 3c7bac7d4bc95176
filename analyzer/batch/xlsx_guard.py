"""An XLSX file is checked before openpyxl reads it: a 1.4 MB workbook can declare shared strings
of 1.5 GB, a 2.9 MB sheet can hold millions of whitespace cells, and an XML part can declare a DTD
(entities that expand, or point at files). The zip's declared sizes are what Python's zipfile
holds each member to (a member that inflates past its declared size fails its CRC), so checking
them bounds what reading can cost. Every refusal is one line naming the file.
"""
from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from analyzer.core.errors import UsageError

MAX_MEMBER = 64 << 20        # bytes of one unpacked part (a 10,000-row list is about 5 MB)
MAX_TOTAL = 128 << 20        # bytes of all unpacked parts
MAX_MEMBERS = 10_000
MAX_CELLS = 2_000_000        # cells read from the first sheet
PROLOG = 4096                # a DOCTYPE must come before the root element
_DOCTYPE = re.compile(rb"<!\s*DOCTYPE", re.I)


def check_xlsx(path: Path) -> None:
    """UsageError unless `path` is a zip whose parts are within the caps and declare no DTD."""
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
            if len(members) > MAX_MEMBERS:
                raise UsageError(f"{path}: {len(members)} parts in the workbook, more than {MAX_MEMBERS}")
            total = 0
            for info in members:
                total += info.file_size
                if info.file_size > MAX_MEMBER or total > MAX_TOTAL:
                    raise UsageError(f"{path}: the workbook unpacks to more than "
                                     f"{(MAX_MEMBER if info.file_size > MAX_MEMBER else MAX_TOTAL) >> 20} MB "
                                     f"({_name(info.filename)}); save a smaller list (.xlsx or .csv)")
            for info in members:
                if info.filename.endswith((".xml", ".rels", ".vml")) and _declares_dtd(zf, info):
                    raise UsageError(f"{path}: {_name(info.filename)} declares a DTD, which a workbook never "
                                     "needs; it is not read (save the list again from a spreadsheet program)")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, zlib.error,
            NotImplementedError, RuntimeError) as exc:
        raise UsageError(f"{path}: not a readable XLSX workbook ({type(exc).__name__})") from None


def _declares_dtd(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    with zf.open(info) as fh:
        head = fh.read(PROLOG)
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):        # UTF-16 parts
        head = head.decode("utf-16", "ignore").encode("utf-8")
    return bool(_DOCTYPE.search(head))


def _name(member: str) -> str:
    return "".join(c if c.isprintable() else "?" for c in member)[:80]


def check_cells(path: Path, cells: int) -> None:
    if cells > MAX_CELLS:
        raise UsageError(f"{path}: the first sheet has more than {MAX_CELLS} cells; keep the domain column "
                         "and a few others (or save it as .csv)")
