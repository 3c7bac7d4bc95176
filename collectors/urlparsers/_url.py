"""Splitting a candidate URL into the parts the platform parsers read.

Candidate URLs come from the wild: protocol-relative, scheme-less (`www.facebook.com/x`),
HTML-escaped (`&amp;`), JSON-escaped (`\\/`), with `#!/` fragments, stray spaces or `%20`.
`split_url` cleans all of that once, so each parser only looks at host, path segments and query.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
_HOSTLIKE = re.compile(r"^(?:www\.|m\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/|$)", re.I)
_JUNK = " \t\r\n\"'<>()[]{}|,;`"


@dataclass(frozen=True)
class Url:
    """A cleaned absolute URL. `host` is lowercase without port or trailing dot; `segs` are the
    non-empty, percent-decoded path segments (a `#!/` fragment counts as the path)."""

    text: str
    scheme: str
    host: str
    path: str
    segs: tuple[str, ...]
    query: dict[str, str]
    fragment: str

    def sub(self, domain: str) -> str | None:
        """The subdomain part when host is `domain` or ends with `.domain`, else None."""
        if self.host == domain:
            return ""
        if self.host.endswith("." + domain):
            return self.host[: -len(domain) - 1]
        return None

    @property
    def seg0(self) -> str:
        return self.segs[0].lower() if self.segs else ""


def clean(raw: str) -> str:
    text = (raw or "").strip().strip(_JUNK)
    text = text.replace("\\/", "/").replace("&amp;", "&").replace("&#038;", "&").replace("&#x2F;", "/")
    text = re.sub(r"(%20|\s)+$", "", text)
    return text


def split_url(raw: str, base: str | None = None) -> Url | None:
    """Parse `raw` (resolved against `base` when relative); None when it is not an http(s) URL."""
    if not isinstance(raw, str) or len(raw) > 4000:
        return None
    text = clean(raw)
    if not text or text.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None
    if text.startswith("//"):
        text = "https:" + text
    elif not _SCHEME.match(text):
        if _HOSTLIKE.match(text):
            text = "https://" + text
        elif base:
            try:
                text = urljoin(base, text)
            except ValueError:
                return None
        else:
            return None
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    path = parts.path or "/"
    fragment = parts.fragment or ""
    query_text = parts.query
    if fragment.startswith("!/"):  # old hash-bang URLs: twitter.com/#!/name?lang=nl
        path, _, hash_query = fragment[1:].partition("?")
        query_text = hash_query or query_text
    decoded = unquote(path, errors="replace")
    segs = tuple(s.strip() for s in decoded.split("/") if s.strip())
    try:
        pairs = parse_qsl(query_text, keep_blank_values=True)
    except ValueError:
        pairs = []
    query: dict[str, str] = {}
    for key, value in pairs:
        query.setdefault(key.lower(), value.strip())
    return Url(text=text, scheme=parts.scheme.lower(), host=host.lower(), path=decoded, segs=segs,
               query=query, fragment=fragment)


def host_prefix(url: Url, domains: tuple[str, ...]) -> str | None:
    """The subdomain of the first of `domains` that `url` is on, or None."""
    for domain in domains:
        sub = url.sub(domain)
        if sub is not None:
            return sub
    return None
