"""Answering requests from a WARC file instead of the network.

URL matching rule: a request is looked up by its URL with the fragment and token-bearing query
parameters removed (`redact.redact_url`), exactly as recorded; failing that, by the loose key
(`redact.loose_key`: scheme and host lowercased, default port dropped, query parameters sorted).
Only the method GET is replayed. When a URL was recorded more than once (redirect hops revisited,
retries), the last record in the file wins. A recorded failure (a `metadata` record written by
`warc.WarcRecorder.failure`) replays as the same failure; a URL with no record is `not_in_archive`.

Archives written by other tools work too: `response` records are read through warcio's decoding
content stream, so chunked or compressed payloads come back decoded.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import requests
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from analyzer.core.errors import UsageError
from analyzer.core.types import COVERAGE_REASONS
from collectors.http.body import synthetic
from collectors.http.errors import LayerError
from collectors.http.redact import loose_key, redact_url
from collectors.http.warc import FAILURE_KEY

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recorded:
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    captured_at: datetime | None
    failure: str | None = None       # a coverage reason when the capture got no answer
    detail: str = ""


def _date(text: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


class Archive:
    """The exchanges of one WARC file, indexed by URL."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else None
        self._exact: dict[str, Recorded] = {}
        self._loose: dict[str, Recorded] = {}
        self.capture_time: datetime | None = None

    @classmethod
    def load(cls, path: str | Path, missing_ok: bool = False) -> "Archive":
        archive = cls(path)
        try:
            with open(path, "rb") as fh:
                for rec in ArchiveIterator(fh):
                    archive._add(rec)
        except FileNotFoundError:
            if missing_ok:
                log.warning("replay archive %s does not exist: every request is not_in_archive", path)
                return archive
            raise UsageError(f"replay file {path}: not found") from None
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
            raise UsageError(f"replay file {path}: not a readable WARC file ({exc})") from None
        log.info("replaying %d URLs from %s captured %s", len(archive._exact), path, archive.capture_time)
        return archive

    def __len__(self) -> int:
        return len(self._exact)

    def _add(self, rec) -> None:
        when = _date(rec.rec_headers.get_header("WARC-Date"))
        if when and (self.capture_time is None or when < self.capture_time):
            self.capture_time = when
        uri = rec.rec_headers.get_header("WARC-Target-URI")
        if not uri:
            return
        if rec.rec_type == "response" and rec.http_headers is not None:
            status_line = rec.http_headers.get_statuscode() or "0"
            entry = Recorded(status=int(status_line) if status_line.isdigit() else 0,
                             reason=rec.http_headers.statusline.partition(" ")[2],
                             headers=tuple(rec.http_headers.headers),
                             body=rec.content_stream().read(), captured_at=when)
        elif rec.rec_type == "metadata" and "json" in (rec.rec_headers.get_header("Content-Type") or ""):
            try:
                data = json.loads(rec.content_stream().read())
            except ValueError:
                return
            if not isinstance(data, dict) or FAILURE_KEY not in data:
                return
            reason = str(data[FAILURE_KEY])
            entry = Recorded(0, "", (), b"", when,
                             failure=reason if reason in COVERAGE_REASONS else "connection_error",
                             detail=str(data.get("detail") or ""))
        else:
            return
        self._exact[redact_url(uri)] = entry
        self._loose[loose_key(uri)] = entry

    def lookup(self, url: str) -> Recorded | None:
        return self._exact.get(redact_url(url)) or self._loose.get(loose_key(url))

    def answer(self, request: requests.PreparedRequest) -> requests.Response:
        """The recorded answer to `request`, or LayerError (not_in_archive or the recorded failure)."""
        url = request.url or ""
        entry = self.lookup(url) if request.method in ("GET", None) else None
        if entry is None:
            raise LayerError("not_in_archive", f"not in {self.path.name if self.path else 'the archive'}", url)
        if entry.failure:
            raise LayerError(entry.failure, f"as recorded: {entry.detail}".rstrip(": "), url)
        resp = synthetic(request, entry.status, entry.reason, list(entry.headers), entry.body)
        resp.footprint_captured_at = entry.captured_at  # type: ignore[attr-defined]
        return resp
