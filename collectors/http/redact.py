"""What never reaches a WARC file: credentials in headers and token-bearing query parameters.

Header names are dropped when they are known secrets (Authorization, Cookie, Set-Cookie, ...) or
contain `token`, `secret`, `auth`, `api-key`/`apikey`, `session` or `password`. Query parameters
are dropped (name and value) on the same words and on short names that carry keys or signatures
(`key`, `sig`, `code`, ...), and so is user:password@ in the host part. The same redaction is
applied to a URL before it is looked up in an archive, so a replayed request with a fresh token
still finds its recording. Credentials the request sent are also scrubbed from what the server
answered (`scrub_response`, called once by the adapter), since a careless server may echo them back.
"""
from __future__ import annotations

from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from collectors.http.body import complete, cut_of

SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie", "set-cookie2",
                            "x-api-key", "x-csrf-token", "x-guest-token"})
SECRET_PARAMS = frozenset({"key", "api_key", "apikey", "access_token", "token", "sig", "signature",
                           "code", "client_secret", "password", "passwd", "pwd", "auth", "bearer",
                           "session", "sessionid", "sid", "jwt", "x-amz-credential", "x-amz-signature"})
# Paging cursors that happen to contain a secret word: they select a page, they grant nothing, and
# stripping them made every page of a paginated API replay as the last one recorded.
PAGING_PARAMS = frozenset({"pagination_token", "next_token", "page_token", "pagetoken", "nexttoken",
                           "continuation_token", "continuationtoken", "sync_token"})
SECRET_WORDS = ("token", "secret", "password", "auth", "apikey", "api-key", "api_key", "session",
                "signature", "credential")


def secret_header(name: str) -> bool:
    low = name.lower()
    return low in SECRET_HEADERS or any(w in low for w in SECRET_WORDS)


def secret_param(name: str) -> bool:
    low = name.lower()
    if low in PAGING_PARAMS:
        return False
    return low in SECRET_PARAMS or any(w in low for w in SECRET_WORDS)


def safe_headers(headers) -> list[tuple[str, str]]:
    """The headers fit to store: secrets left out."""
    return [(k, str(v)) for k, v in headers.items() if not secret_header(k)]


def sent_secrets(headers, url: str = "") -> list[str]:
    """The credential values a request carries (secret headers, with and without their scheme
    word, and secret query parameters), longest first; values under 8 characters are left alone."""
    values: list[str] = []
    for k, v in headers.items():
        if secret_header(k):
            values += [str(v), str(v).partition(" ")[2]]
    values += [v for k, v in parse_qsl(urlsplit(url).query, keep_blank_values=True) if secret_param(k)]
    return sorted({v.strip() for v in values if len(v.strip()) >= 8}, key=len, reverse=True)


def scrub(data: bytes, secrets: list[str]) -> bytes:
    """`data` with every secret (as sent, and URL-encoded) replaced by `***`: a server that echoes
    the token back in an error body must not get it into the archive."""
    for secret in secrets:
        for form in {secret, quote(secret, safe="")}:
            data = data.replace(form.encode("utf-8", "replace"), b"***")
    return data


def scrub_response(request, resp):
    """`resp` (finished, body decoded) with every credential `request` sent replaced by `***` in
    its body and headers. The one place echoes are removed: the adapter calls it on every answer
    (network or archive) before anything else sees it, so the WARC file, the HTTP cache, tweepy's
    `errors` details, evidence, the store, reports and JSON all get the scrubbed answer."""
    secrets = sent_secrets(request.headers, request.url or "")
    if not secrets:
        return resp
    changed = False
    for k, v in list(resp.headers.items()):
        clean = scrub(str(v).encode("utf-8", "replace"), secrets).decode("utf-8", "replace")
        if clean != str(v):
            resp.headers[k], changed = clean, True
    body = resp.content or b""
    clean_body = scrub(body, secrets)
    if cut_of(resp):
        clean_body = scrub_tail(clean_body, secrets)
    # A fresh raw response too: the HTTP cache copies raw headers and body, not resp.headers.
    return complete(resp, clean_body) if changed or clean_body != body else resp


def scrub_tail(data: bytes, secrets: list[str]) -> bytes:
    """`data` (a body cut at the size cap) without the start of a secret the cut left at its end."""
    for secret in secrets:
        for form in {secret, quote(secret, safe="")}:
            raw = form.encode("utf-8", "replace")
            for n in range(len(raw) - 1, 3, -1):
                if data.endswith(raw[:n]):
                    return data[:-n] + b"***"
    return data


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
