"""Recording every exchange of a scan to a WARC file (warcio, records written by hand).

Each exchange that reaches the network is written as a `request` record and a `response` record
(linked by WARC-Concurrent-To), each redirect hop and each retry included. Bodies are stored
decoded, without Content-Encoding, so any WARC tool reads them as they are. A request that got no
answer (timeout, refused, private address, ...) is written as a `metadata` record holding the
coverage reason, so a replay reproduces the same gap. A body cut at the size cap (an HTML page read
in part) carries `WARC-Truncated: length` (WARC 1.1), so a replay reads it in part again. Credentials never reach the file (see
`collectors.http.redact`). Each record is flushed at once: a killed scan leaves a readable file.
"""
from __future__ import annotations

import io
import json
import logging
import threading
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import requests
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from analyzer import __version__
from analyzer.core.types import utcnow
from collectors.http.body import cut_of
from collectors.http.errors import ArchiveError
from collectors.http.redact import redact_url, safe_headers

log = logging.getLogger(__name__)
FAILURE_KEY = "footprint_fetch_error"


def warc_date(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class WarcRecorder:
    """Writes one scan's exchanges to `path` (.warc.gz); thread-safe."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = open(self.path, "wb")
        except OSError as exc:
            raise ArchiveError(f"record file {self.path}: cannot be written ({exc.strerror or exc})") from None
        self._writer = WARCWriter(self._file, gzip=True, warc_version="1.1")
        info = self._writer.create_warcinfo_record(self.path.name, {
            "software": f"footprint/{__version__}", "format": "WARC File Format 1.1",
            "description": "footprint scan capture; bodies decoded, credentials removed"})
        self._write(info)

    def exchange(self, request: requests.PreparedRequest, response: requests.Response,
                 when: datetime | None = None) -> None:
        """Write the request and its (finished, decoded) response."""
        when = when or utcnow()
        uri = redact_url(request.url or "")
        w = self._writer
        kept = safe_headers(response.headers)     # echoed credentials: already scrubbed by the adapter
        resp_headers = StatusAndHeaders(f"{response.status_code} {response.reason or ''}".strip(),
                                        kept, protocol="HTTP/1.1")
        body = response.content or b""
        warc_headers = {"WARC-Date": warc_date(when)}
        if cut := cut_of(response):
            warc_headers["WARC-Truncated"] = cut
        resp_rec = w.create_warc_record(uri, "response", payload=io.BytesIO(body), length=len(body),
                                        http_headers=resp_headers, warc_headers_dict=warc_headers)
        req_rec = w.create_warc_record(uri, "request", payload=io.BytesIO(b""), length=0,
                                       http_headers=self._request_headers(request, uri),
                                       warc_headers_dict={"WARC-Date": warc_date(when)})
        req_rec.rec_headers.add_header("WARC-Concurrent-To", resp_rec.rec_headers.get_header("WARC-Record-ID"))
        self._write(req_rec, resp_rec)

    def failure(self, request: requests.PreparedRequest, reason: str, detail: str = "",
                when: datetime | None = None) -> None:
        """Write that `request` got no answer, and why."""
        uri = redact_url(request.url or "")
        payload = json.dumps({FAILURE_KEY: reason, "detail": detail}).encode("utf-8")
        rec = self._writer.create_warc_record(uri, "metadata", payload=io.BytesIO(payload), length=len(payload),
                                              warc_content_type="application/json",
                                              warc_headers_dict={"WARC-Date": warc_date(when or utcnow())})
        self._write(rec)

    def close(self) -> None:
        with self._lock:
            if not self._file.closed:
                self._file.close()

    @staticmethod
    def _request_headers(request: requests.PreparedRequest, uri: str) -> StatusAndHeaders:
        parts = urlsplit(uri)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = [("Host", parts.netloc), *safe_headers(request.headers)]
        return StatusAndHeaders(f"{request.method or 'GET'} {target} HTTP/1.1", headers,
                                is_http_request=True)

    def _write(self, *records) -> None:
        with self._lock:
            if self._file.closed:
                log.warning("WARC %s already closed; exchange not recorded", self.path)
                return
            for rec in records:
                self._writer.write_record(rec)
            self._file.flush()
