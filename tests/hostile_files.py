"""Hostile files a user may hand over, made for real (no mocks): archives, spreadsheets, rule and
config files. Shared by the hardening tests and benchmarks/bench_hostile.py, which measures the
memory and time each one costs in a child process.

    warc_bomb(path, decoded=2 << 30)    # a few KB of .warc.gz whose body decodes to 2 GB
    xlsx_bomb(path, decoded=1 << 30)    # shared strings that inflate far past the file's size
    yaml_bomb(path)                     # "billion laughs" in 339 bytes of YAML aliases

Everything is written in pieces, so making a bomb never needs the memory it is meant to cost.
"""
from __future__ import annotations

import io
import struct
import zipfile
import zlib
from datetime import datetime, timezone
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

MB = 1 << 20
_GZIP: dict[int, bytes] = {}


def gzip_zeros(decoded: int) -> bytes:
    """A gzip stream of `decoded` zero bytes (about 1/1000 of that). After a full flush the
    compressor starts afresh, so every 4 MB piece compresses to the same bytes: compressed once,
    repeated, with the trailer's CRC computed piece by piece (a 2 GB bomb in about a second)."""
    if decoded not in _GZIP:
        piece = bytes(4 * MB)
        count, rest = divmod(decoded, len(piece))
        z = zlib.compressobj(9, zlib.DEFLATED, -15)
        block = z.compress(piece) + z.flush(zlib.Z_FULL_FLUSH)
        tail = z.compress(bytes(rest)) + z.flush(zlib.Z_FINISH)
        crc = 0
        for _ in range(count):
            crc = zlib.crc32(piece, crc)
        crc = zlib.crc32(bytes(rest), crc)
        header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
        trailer = struct.pack("<II", crc, decoded & 0xFFFFFFFF)
        _GZIP[decoded] = header + block * count + tail + trailer
    return _GZIP[decoded]


def _record(writer: WARCWriter, uri: str | None, body: bytes, headers: list[tuple[str, str]],
            date: str = "2026-03-01T10:00:00Z"):
    http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
    rec = writer.create_warc_record(uri or "", "response", payload=io.BytesIO(body), length=len(body),
                                    http_headers=http, warc_headers_dict={"WARC-Date": date})
    if uri is None:
        rec.rec_headers.remove_header("WARC-Target-URI")
    return rec


def warc(path: Path, records: list[tuple[str | None, bytes, list[tuple[str, str]], str]]) -> Path:
    """A .warc.gz of response records (uri or None, body, HTTP headers, WARC-Date)."""
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=str(path).endswith(".gz"), warc_version="1.1")
        for uri, body, headers, date in records:
            writer.write_record(_record(writer, uri, body, headers, date))
    return path


HTML = [("Content-Type", "text/html; charset=utf-8")]


def warc_bomb(path: Path, url: str, decoded: int = 2 << 30) -> Path:
    """One response for `url` whose body is a gzip'd `decoded` bytes (Content-Encoding: gzip), the
    whole record gzip'd again as every .warc.gz record is: a few KB on disk."""
    return warc(path, [(url, gzip_zeros(decoded), HTML + [("Content-Encoding", "gzip")], "2026-03-01T10:00:00Z")])


def warc_many(path: Path, url_prefix: str, count: int) -> Path:
    """`count` tiny response records (an archive that is all index, no content)."""
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=False, warc_version="1.1")
        for i in range(count):
            writer.write_record(_record(writer, f"{url_prefix}{i}", b"x", HTML))
    return path


def not_warc(path: Path, size: int = 64 * MB) -> Path:
    """`size` bytes of text that is no WARC, with a terminal title-setting escape near the start."""
    with open(path, "wb") as fh:
        fh.write(b"\x1b]0;owned\x07HELLO " + b"\x9b31m\xe2\x80\xae")
        line = b"lorem ipsum dolor sit amet " * 37 + b"\n"
        for _ in range(size // len(line)):
            fh.write(line)
    return path


def year_one(path: Path, url: str) -> Path:
    """A normal page whose record is dated 0001-01-01."""
    return warc(path, [(url, b"<html><body><h1>Oud</h1></body></html>", HTML, "0001-01-01T00:00:00Z")])


def no_target(path: Path, url: str) -> Path:
    """A record without WARC-Target-URI, then a normal one."""
    return warc(path, [(None, b"<html>nameless</html>", HTML, "2026-03-01T10:00:00Z"),
                       (url, b"<html><body>ok</body></html>", HTML, "2026-03-01T10:00:00Z")])


# --- spreadsheets ---------------------------------------------------------------------------------

_CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                  b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                  b'<Default Extension="xml" ContentType="application/xml"/>'
                  b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                  b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                  b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                  b'</Types>')
_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
         b'</Relationships>')
_WB = (b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
       b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
       b'<sheet name="lijst" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WB_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            b'</Relationships>')
_SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               b'<sheetData>')
_SHEET = _SHEET_HEAD + (b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
                        b'<row r="2"><c r="A2" t="inlineStr"><is><t>gemeente.nl</t></is></c></row>'
                        b'</sheetData></worksheet>')


def _xlsx(path: Path, members: dict[str, bytes | list[bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in members.items():
            if isinstance(data, bytes):
                zf.writestr(name, data)
                continue
            with zf.open(name, "w", force_zip64=True) as out:   # written in pieces
                for piece in data:
                    out.write(piece)
    return path


def _base(shared: bytes | list[bytes], sheet: bytes | list[bytes] = _SHEET) -> dict[str, bytes | list[bytes]]:
    return {"[Content_Types].xml": _CONTENT_TYPES, "_rels/.rels": _RELS, "xl/workbook.xml": _WB,
            "xl/_rels/workbook.xml.rels": _WB_RELS, "xl/worksheets/sheet1.xml": sheet,
            "xl/sharedStrings.xml": shared}


def _plain_shared() -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'count="1" uniqueCount="1"><si><t>domain</t></si></sst>')


def xlsx_plain(path: Path) -> Path:
    """A well-formed one-column workbook: header `domain`, one row."""
    return _xlsx(path, _base(_plain_shared()))


def xlsx_bomb(path: Path, decoded: int = 1 << 30) -> Path:
    """Shared strings of `decoded` bytes (one huge string), deflated to about 1/1000."""
    head = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'count="1" uniqueCount="1"><si><t>domain')
    piece = b"a" * (4 * MB)

    def gen():
        yield head
        for _ in range(decoded // len(piece)):
            yield piece
        yield b"</t></si></sst>"
    return _xlsx(path, _base(list(gen())))


def xlsx_whitespace(path: Path, cells: int = 3_000_000) -> Path:
    """A sheet of `cells` empty (whitespace) inline-string cells over a few rows: tiny deflated."""
    cell = b'<c t="inlineStr"><is><t xml:space="preserve"> </t></is></c>'
    per_row = 16_000

    def gen():
        yield _SHEET_HEAD + b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        for r in range(2, 2 + cells // per_row):
            yield b'<row r="%d">' % r + cell * per_row + b"</row>"
        yield b"</sheetData></worksheet>"
    return _xlsx(path, _base(_plain_shared(), list(gen())))


def xlsx_dtd(path: Path, target: str) -> Path:
    """A workbook whose shared strings declare a DTD with an external entity pointing at `target`."""
    shared = (b'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE sst [<!ENTITY ext SYSTEM "' + target.encode() +
              b'"><!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
              b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
              b'<si><t>domain&ext;&b;</t></si></sst>')
    return _xlsx(path, _base(shared))


# --- rule and config files ------------------------------------------------------------------------

def yaml_bomb(path: Path, levels: int = 9) -> Path:
    """Nested YAML aliases under `phase`: each level refers to the previous nine times, so about 340
    bytes stand for 9**levels strings once anything walks or prints the value."""
    lines = [f"schema: 1\nid: {path.stem}\nphase:", '  - &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        lines.append(f"  - &a{i} [{','.join([f'*a{i - 1}'] * 9)}]")
    lines.append("weight: 0.5\nwhen: {signal: active_platforms, gte: 1}\n"
                 "reason: {en: a, nl: a}\nnext_step: {en: a, nl: a}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def deep_toml(path: Path, depth: int = 100_000) -> Path:
    """`x = [[[[...]]]]` nested `depth` deep."""
    path.write_text("[footprint]\nretries = " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    return path


def captured(year: int = 2026) -> datetime:
    return datetime(year, 3, 1, 10, tzinfo=timezone.utc)


# --- running what reads them ----------------------------------------------------------------------

def limited_python(code: str, limit_mb: int, timeout: float = 60) -> "subprocess.CompletedProcess[str]":
    """Run `code` in a child Python whose address space is capped at `limit_mb` (so a file that
    costs memory fails the test by MemoryError instead of taking the machine down)."""
    import os
    import resource
    import subprocess
    import sys

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit_mb << 20, limit_mb << 20))

    env = {**{k: v for k, v in os.environ.items() if not k.startswith("FOOTPRINT_")}, "MALLOC_ARENA_MAX": "2"}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout,
                          cwd=str(Path(__file__).resolve().parents[1]), env=env, preexec_fn=cap)


def cli(*args: str, env: dict[str, str] | None = None):
    """The real CLI in-process: (exit code, stdout, stderr)."""
    from click.testing import CliRunner

    from analyzer.cli import main

    r = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    return r.exit_code, r.stdout, r.stderr


def one_clean_line(text: str) -> bool:
    """One short line, no control characters (no terminal escape reaches a person)."""
    line = text.rstrip("\n")
    return bool(line) and "\n" not in line and len(line) < 400 and all(c.isprintable() for c in line)
