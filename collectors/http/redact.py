"""What never reaches a WARC file: credentials in headers and token-bearing query parameters.

Header names are dropped when they are known secrets (Authorization, Cookie, Set-Cookie, ...) or
contain `token`, `secret`, `auth`, `api-key`/`apikey`, `session` or `password`. Query parameters
are dropped (name and value) on the same words and on short names that carry keys or signatures
(`key`, `sig`, `code`, ...), and so is user:password@ in the host part. The same redaction is applied to a URL before it is looked up in an
archive, so a replayed request with a fresh token still finds its recording.
"""
from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie", "set-cookie2",
                            "x-api-key", "x-csrf-token", "x-guest-token"})
SECRET_PARAMS = frozenset({"key", "api_key", "apikey", "access_token", "token", "sig", "signature",
                           "code", "client_secret", "password", "passwd", "pwd", "auth", "bearer",
                           "session", "sessionid", "sid", "jwt", "x-amz-credential", "x-amz-signature"})
SECRET_WORDS = ("token", "secret", "password", "auth", "apikey", "api-key", "api_key", "session",
                "signature", "credential")


def secret_header(name: str) -> bool:
    low = name.lower()
    return low in SECRET_HEADERS or any(w in low for w in SECRET_WORDS)


def secret_param(name: str) -> bool:
    low = name.lower()
    return low in SECRET_PARAMS or any(w in low for w in SECRET_WORDS)


def safe_headers(headers) -> list[tuple[str, str]]:
    """The headers fit to store: secrets left out."""
    return [(k, str(v)) for k, v in headers.items() if not secret_header(k)]


def redact_url(url: str) -> str:
    """`url` without fragment and without token-bearing query parameters (order kept)."""
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not secret_param(k)]
    query = parts.query if len(kept) == len(pairs) else urlencode(kept)
    netloc = parts.netloc.rpartition("@")[2]      # never user:password@
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


def loose_key(url: str) -> str:
    """The second-chance replay key: redacted, scheme and host lowercased, default port and
    trailing `?` dropped, empty path as `/`, query parameters sorted."""
    parts = urlsplit(redact_url(url))
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))
