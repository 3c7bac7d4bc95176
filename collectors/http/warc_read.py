"""Reading a WARC file a user handed over, within the caps the network has.

A replayed archive is untrusted input: a few KB of .warc.gz can hold a body that decodes to 2 GB,
a file can be no WARC at all (or /dev/zero), records can lack their target URI or carry a date
of year 1. So, before and while reading:

- only a regular file that begins with a WARC/1.x record (gzip'd or not) is read at all;
- each body is read after decoding up to `max_body` bytes, as a live answer is: a longer HTML
  page is kept cut at `max_body` (as if WARC-Truncated: length), any longer other body as a
  `too_large` failure; none is held whole;
- at most MAX_RECORDS records and MAX_BODIES_FACTOR * max_body bytes of bodies are kept; past
  that (or at the first malformed record) reading stops with one warning: the rest of the scan is
  `not_in_archive`, a partial scan, unless nothing was read (then it is a usage error);
- a WARC-Date outside 1991 .. tomorrow is no capture time (year 1 would make "now" year 1);
- warcio's warnings, which print raw lines of the file, are counted instead of printed.
Messages never quote the file's content.
"""
from __future__ import annotations

import gzip
import logging
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from analyzer.core.types import utcnow
from collectors.http.body import readable_in_part
from collectors.http.errors import ArchiveError

log = logging.getLogger(__name__)
MAX_RECORDS = 20_000          # a scan writes a few hundred; a batch folder has one file per scan
MAX_BODIES_FACTOR = 20        # bodies kept in memory: 20 pages at the size cap
EARLIEST = datetime(1991, 1, 1, tzinfo=timezone.utc)   # the first web page
MAGIC = b"WARC/1."


@dataclass(frozen=True)
class RawRecord:
    rec_type: str
    uri: str
    date: datetime | None
    content_type: str
    status_line: str                  # "200 OK" for a response, "" otherwise
    headers: tuple[tuple[str, str], ...]
    body: bytes | None                # None: over max_body after decoding (and not HTML)
    truncated: str = ""               # WARC-Truncated ("length", ...): the body is not whole


class _QuietIterator(ArchiveIterator):
    """warcio writes a warning with the raw line (escape sequences included) to stderr for every
    record not followed by a blank line; count them instead (a 64 MB junk file gave 37 MB)."""

    def _consume_blanklines(self):  # overrides warcio's, same logic minus the raw print
        empty_size, first = 0, True
        while True:
            line = self.reader.readline()
            if not line:
                return None, empty_size
            stripped = line.rstrip()
            if not stripped or first:
                empty_size += len(line)
                if stripped:
                    self.err_count += 1
                first = False
                continue
            return line, empty_size


def check_file(path: Path) -> None:
    """ArchiveError unless `path` is a regular file beginning with a (possibly gzip'd) WARC record."""
    if not path.is_file():
        raise ArchiveError(f"replay file {path}: not a regular file")
    with open(path, "rb") as fh:
        head = fh.read(4096)
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(31).decompress(head, 16)
        except zlib.error:
            head = b""
    if not head.startswith(MAGIC):
        raise ArchiveError(f"replay file {path}: not a WARC file (it does not begin with a WARC/1.x record)")


def plausible(text: str | None) -> datetime | None:
    """A WARC-Date as an aware datetime, or None when missing, malformed or implausible."""
    try:
        when = datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
    if when is None:
        return None
    when = when if when.tzinfo else when.replace(tzinfo=timezone.utc)
    return when if EARLIEST <= when <= utcnow() + timedelta(days=1) else None


def read_records(path: Path, max_body: int) -> Iterator[RawRecord]:
    """The response and metadata records of `path`, bounded as the module docstring says."""
    check_file(path)
    kept = bodies = 0
    stop = ""
    with open(path, "rb") as fh:
        it = _QuietIterator(fh)
        try:
            for rec in it:
                if rec.rec_type not in ("response", "metadata"):
                    continue
                if kept >= MAX_RECORDS or bodies > MAX_BODIES_FACTOR * max_body:
                    stop = f"over {MAX_RECORDS} records or {MAX_BODIES_FACTOR * max_body} bytes of bodies"
                    break
                raw = _raw(rec, max_body)
                kept += 1
                bodies += len(raw.body or b"")
                yield raw
        except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error, gzip.BadGzipFile,
                AttributeError, TypeError, IndexError) as exc:
            # warcio fails in these ways on broken records (AttributeError on a missing
            # WARC-Target-URI); the message may quote the file, so only the type is shown.
            stop = f"record {kept + 1} is malformed ({type(exc).__name__})"
            if not kept:
                raise ArchiveError(f"replay file {path}: not a readable WARC file: {stop}") from None
    if stop:
        log.warning("replay file %s: stopped reading after %d records: %s; the rest is not_in_archive",
                    path, kept, stop)
    if it.err_count:
        log.warning("replay file %s: %d records were not followed by a blank line (wrong Content-Length?)",
                    path, it.err_count)


def _raw(rec, max_body: int) -> RawRecord:
    http = rec.http_headers if rec.rec_type == "response" else None
    body: bytes | None = _read_up_to(rec.content_stream(), max_body + 1)
    truncated = (rec.rec_headers.get_header("WARC-Truncated") or "").strip()
    if len(body) > max_body:
        if http is not None and readable_in_part(http.get_header("Content-Type")):
            body, truncated = body[:max_body], truncated or "length"
        else:
            body = None
    return RawRecord(
        rec_type=rec.rec_type, uri=rec.rec_headers.get_header("WARC-Target-URI") or "",
        date=plausible(rec.rec_headers.get_header("WARC-Date")),
        content_type=rec.rec_headers.get_header("Content-Type") or "",
        status_line=http.statusline if http is not None else "",
        headers=tuple(http.headers) if http is not None else (),
        body=body, truncated=truncated)


def _read_up_to(stream, limit: int) -> bytes:
    """At most `limit` bytes of `stream` (warcio's readers return a block per read())."""
    out = bytearray()
    while len(out) < limit:
        chunk = stream.read(min(limit - len(out), 1 << 16))
        if not chunk:
            break
        out += chunk
    return bytes(out)
