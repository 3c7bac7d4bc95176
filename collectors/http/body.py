"""Reading a streamed answer, within the size cap and the time limit.

The body is decoded while it streams (gzip, deflate, br as urllib3 supports) and the cap counts
*decoded* bytes, so a decompression bomb stops after `max_body` bytes of output, not after it has
filled memory. An HTML page over the cap (declared or found while streaming) is read up to the cap
and kept, marked cut (`CUT_ATTR` = "length", the WARC-Truncated value): its header links are in the
first kilobytes. Any other answer over the cap (JSON, XML, text) is refused as too_large, since
only HTML can be read in part. Never more than `max_body` bytes of body are held.
The finished requests.Response carries the decoded body and headers without
Content-Encoding: what the HTTP cache stores, what the WARC records and what tweepy reads agree.
"""
from __future__ import annotations

import io
import time

import requests
from requests.structures import CaseInsensitiveDict
from urllib3 import HTTPHeaderDict, HTTPResponse

from collectors.http.errors import LayerError

CHUNK = 64 * 1024
DROPPED = ("content-encoding", "transfer-encoding")
PARTIAL_TYPES = ("text/html", "application/xhtml+xml")   # the answers that can be read in part
CUT_ATTR = "footprint_truncated"   # on a finished requests.Response: why its body is incomplete


def readable_in_part(content_type: str | None) -> bool:
    """Whether an answer of this Content-Type is worth reading up to the cap (HTML only)."""
    return (content_type or "").split(";")[0].strip().lower() in PARTIAL_TYPES


def cut_of(resp: requests.Response) -> str | None:
    """"length" when `resp`'s body was cut at the size cap (live or as recorded), else None."""
    value = getattr(resp, CUT_ATTR, None)
    return value if isinstance(value, str) and value else None


def read_capped(resp: requests.Response, max_body: int, stop_at: float) -> tuple[bytes, bool]:
    """(decoded body, cut) of a streamed response: an HTML body over `max_body` is cut there
    (cut=True); any other raises LayerError too_large; a body still streaming at `stop_at` raises
    LayerError timeout."""
    raw = resp.raw
    in_part = readable_in_part(resp.headers.get("content-type"))
    declared = resp.headers.get("content-length", "")
    encoded = resp.headers.get("content-encoding", "identity").strip().lower() not in ("", "identity")
    if not in_part and not encoded and declared.isdigit() and int(declared) > max_body:
        raw.close()
        raise LayerError("too_large", f"declared {declared} bytes, cap {max_body}", resp.url)
    body = bytearray()
    cut = False
    try:
        while True:
            room = max_body - len(body)
            chunk = raw.read1(min(CHUNK, room + 1), decode_content=True)   # one byte past: over?
            if not chunk:
                break
            if len(chunk) > room:
                if not in_part:
                    raise LayerError("too_large", f"over {max_body} bytes after decoding", resp.url)
                body += chunk[:room]
                cut = True
                break
            body += chunk
            if time.monotonic() > stop_at:
                # the whole request_timeout spent on a drip: a retry would spend it again
                raise LayerError("timeout", f"answer still streaming after the time limit "
                                 f"({len(body)} bytes)", resp.url, retryable=False)
    except BaseException:
        raw.close()
        raise
    if cut:
        raw.close()          # the rest is never read, so the connection cannot serve another request
    else:
        raw.release_conn()
    return bytes(body), cut


def complete(resp: requests.Response, body: bytes, cut: bool = False) -> requests.Response:
    """Turn a streamed response into a finished one holding `body` (decoded); `cut` marks a body
    read only up to the size cap (a mark set once stays: scrubbing completes the response again)."""
    headers = CaseInsensitiveDict({k: v for k, v in resp.headers.items() if k.lower() not in DROPPED})
    if "content-length" in headers or body:
        headers["Content-Length"] = str(len(body))
    old = resp.raw
    resp.raw = HTTPResponse(
        body=io.BytesIO(body), headers=HTTPHeaderDict(dict(headers)), status=resp.status_code,
        reason=resp.reason, version=getattr(old, "version", 11), preload_content=False,
        decode_content=False, original_response=getattr(old, "_original_response", None),
        request_url=resp.url)
    resp.headers = headers
    resp._content = body
    resp._content_consumed = True
    if cut:
        setattr(resp, CUT_ATTR, "length")
    return resp


def synthetic(request: requests.PreparedRequest, status: int, reason: str,
              headers: list[tuple[str, str]], body: bytes, cut: str | None = None) -> requests.Response:
    """A finished response built from stored parts (replay); `cut` is the record's WARC-Truncated."""
    resp = requests.Response()
    resp.status_code = status
    resp.reason = reason
    resp.url = request.url or ""
    resp.request = request
    resp.headers = CaseInsensitiveDict()
    for k, v in headers:
        if k.lower() in DROPPED:
            continue
        resp.headers[k] = f"{resp.headers[k]}, {v}" if k in resp.headers else v
    resp.headers["Content-Length"] = str(len(body))
    resp.encoding = requests.utils.get_encoding_from_headers(resp.headers)
    resp.raw = HTTPResponse(body=io.BytesIO(body), headers=HTTPHeaderDict(dict(resp.headers)),
                            status=status, reason=reason, preload_content=False, decode_content=False,
                            request_url=resp.url)
    resp._content = body
    resp._content_consumed = True
    if cut:
        setattr(resp, CUT_ATTR, cut)
    return resp
