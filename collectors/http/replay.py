"""Answering requests from a WARC file instead of the network.

URL matching rule: a request is looked up by its URL with the fragment and token-bearing query
parameters removed (`redact.redact_url`), exactly as recorded; failing that, by the loose key
(`redact.loose_key`: scheme and host lowercased, default port dropped, query parameters sorted).
Only the method GET is replayed. When a URL was recorded more than once (redirect hops revisited,
retries), the last record in the file wins. A recorded failure (a `metadata` record written by
`warc.WarcRecorder.failure`) replays as the same failure; a URL with no record is `not_in_archive`.

Archives written by other tools work too: `response` records are read through warcio's decoding
content stream, so chunked or compressed payloads come back decoded. Reading is bounded as a live
answer is (`warc_read`): an HTML body over max_body after decoding replays cut at max_body, any
other as `too_large`. A record with WARC-Truncated (ours say `length`: a page cut at the size cap)
replays marked cut, so the scan reads it in part again and reports `too_large` as it did live.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import requests
from analyzer.core.settings import Settings
from analyzer.core.types import COVERAGE_REASONS
from collectors.http.body import synthetic
from collectors.http.errors import ArchiveError, LayerError
from collectors.http.redact import loose_key, redact_url
from collectors.http.warc import FAILURE_KEY
from collectors.http.warc_read import RawRecord, read_records

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
    truncated: str = ""              # WARC-Truncated: the body is only the first part


class Archive:
    """The exchanges of one WARC file, indexed by URL."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else None
        self._exact: dict[str, Recorded] = {}
        self._loose: dict[str, Recorded] = {}
        self.capture_time: datetime | None = None

    @classmethod
    def load(cls, path: str | Path, missing_ok: bool = False, max_body: int = Settings.max_body) -> "Archive":
        """Read `path` within the caps of `warc_read` (bodies over `max_body` are too_large)."""
        archive = cls(path)
        if missing_ok and not Path(path).exists():
            log.warning("replay archive %s does not exist: every request is not_in_archive", path)
            return archive
        if not Path(path).exists():
            raise ArchiveError(f"replay file {path}: not found")
        try:
            for rec in read_records(Path(path), max_body):
                archive._add(rec, max_body)
        except OSError as exc:
            raise ArchiveError(f"replay file {path}: cannot be read ({exc.strerror or type(exc).__name__})") from None
        if len(archive) and archive.capture_time is None:
            log.warning("replay file %s: no record has a plausible WARC-Date; 'now' is the current time "
                        "(give --as-of for results that do not drift)", path)
        log.info("replaying %d URLs from %s captured %s", len(archive._exact), path, archive.capture_time)
        return archive

    def __len__(self) -> int:
        return len(self._exact)

    def _add(self, rec: RawRecord, max_body: int) -> None:
        when = rec.date
        if when and (self.capture_time is None or when < self.capture_time):
            self.capture_time = when
        if not rec.uri:
            return
        if rec.rec_type == "response" and rec.status_line:
            code = rec.status_line.partition(" ")[0]
            if rec.body is None:
                entry = Recorded(0, "", (), b"", when, failure="too_large",
                                 detail=f"over {max_body} bytes after decoding")
            else:
                entry = Recorded(status=int(code) if code.isdigit() else 0,
                                 reason=rec.status_line.partition(" ")[2], headers=rec.headers,
                                 body=rec.body, captured_at=when, truncated=rec.truncated)
        elif rec.rec_type == "metadata" and "json" in rec.content_type and rec.body is not None:
            try:
                data = json.loads(rec.body)
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
        self._exact[redact_url(rec.uri)] = entry
        self._loose[loose_key(rec.uri)] = entry

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
        resp = synthetic(request, entry.status, entry.reason, list(entry.headers), entry.body,
                         cut=entry.truncated or None)
        resp.footprint_captured_at = entry.captured_at  # type: ignore[attr-defined]
        return resp
