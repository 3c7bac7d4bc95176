"""Reading a streamed answer completely, within the size cap and the time limit.

The body is decoded while it streams (gzip, deflate, br as urllib3 supports) and the cap counts
*decoded* bytes, so a decompression bomb stops after `max_body` bytes of output, not after it has
filled memory. The finished requests.Response carries the decoded body and headers without
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


def read_capped(resp: requests.Response, max_body: int, stop_at: float) -> bytes:
    """The decoded body of a streamed response; LayerError too_large / timeout past the limits."""
    raw = resp.raw
    declared = resp.headers.get("content-length", "")
    encoded = resp.headers.get("content-encoding", "identity").strip().lower() not in ("", "identity")
    if not encoded and declared.isdigit() and int(declared) > max_body:
        raw.close()
        raise LayerError("too_large", f"declared {declared} bytes, cap {max_body}", resp.url)
    body = bytearray()
    try:
        while True:
            chunk = raw.read1(CHUNK, decode_content=True)
            if not chunk:
                break
            body += chunk
            if len(body) > max_body:
                raise LayerError("too_large", f"over {max_body} bytes after decoding", resp.url)
            if time.monotonic() > stop_at:
                # the whole request_timeout spent on a drip: a retry would spend it again
                raise LayerError("timeout", f"answer still streaming after the time limit "
                                 f"({len(body)} bytes)", resp.url, retryable=False)
    except BaseException:
        raw.close()
        raise
    raw.release_conn()
    return bytes(body)


def complete(resp: requests.Response, body: bytes) -> requests.Response:
    """Turn a streamed response into a finished one holding `body` (decoded)."""
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
    return resp


def synthetic(request: requests.PreparedRequest, status: int, reason: str,
              headers: list[tuple[str, str]], body: bytes) -> requests.Response:
    """A finished response built from stored parts (replay)."""
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
    return resp
