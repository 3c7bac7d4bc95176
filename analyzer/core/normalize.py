"""Input normalisation: a domain, URL or e-mail address -> a `Target`.

Lowercase, IDN to punycode (shown in Unicode to people), a leading `www.` stripped for the key,
public-suffix check with tldextract's bundled snapshot only (never fetched at run time). A URL with
a path scans from that page and keys on host + path. Free-mail addresses are refused.
"""
from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

import idna

from analyzer.core.errors import InvalidInput
from analyzer.core.suffixes import extractor
from analyzer.core.types import Target

RESERVED_TLDS = {"test", "example", "invalid", "localhost", "local", "internal", "lan", "home", "corp"}
FREE_MAIL = {
    "gmail.com", "googlemail.com", "hotmail.com", "hotmail.nl", "outlook.com", "outlook.nl",
    "live.com", "live.nl", "msn.com", "yahoo.com", "yahoo.co.uk", "ymail.com", "icloud.com",
    "me.com", "mac.com", "aol.com", "gmx.de", "gmx.net", "gmx.com", "web.de", "proton.me",
    "protonmail.com", "mail.com", "zoho.com", "yandex.ru", "kpnmail.nl", "ziggo.nl", "planet.nl",
    "home.nl", "xs4all.nl", "hetnet.nl", "casema.nl", "upcmail.nl", "telfort.nl", "freemail.nl",
    "t-online.de", "orange.fr", "free.fr", "laposte.net", "libero.it", "qq.com", "163.com",
}
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def _to_ascii_host(host: str, raw: str) -> str:
    host = host.strip().rstrip(".").lower()
    if not host:
        raise InvalidInput(raw, "no host name in it")
    try:
        ascii_host = idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError as exc:
        raise InvalidInput(raw, f"not a valid host name ({exc})") from None
    labels = ascii_host.split(".")
    if any(not _LABEL.match(label) for label in labels):
        raise InvalidInput(raw, "not a valid host name (labels may hold letters, digits and inner hyphens)")
    return ascii_host


def _unicode_host(host: str) -> str:
    try:
        return idna.decode(host)
    except idna.IDNAError:
        return host


def normalize(raw: str, *, allow_private: bool = False) -> Target:
    """Parse one user input into a Target, or raise InvalidInput naming it and the problem."""
    text = (raw or "").strip()
    if not text:
        raise InvalidInput(raw or "", "empty input: give a domain such as example.nl")
    if any(c.isspace() for c in text):
        raise InvalidInput(raw, "contains spaces: give one domain, URL or e-mail address")
    kind = "domain"
    path = ""
    if "@" in text and "://" not in text:
        local, _, host = text.rpartition("@")
        if not local or not host:
            raise InvalidInput(raw, "not a valid e-mail address")
        kind = "email"
    else:
        candidate = text if "://" in text else "//" + text
        try:
            parts = urlsplit(candidate)
            parts.port  # noqa: B018 - raises on a bad port
        except ValueError as exc:
            raise InvalidInput(raw, f"not a valid URL ({exc})") from None
        if parts.scheme and parts.scheme.lower() not in ("http", "https"):
            raise InvalidInput(raw, f"scheme {parts.scheme!r} is not http or https")
        if parts.username or parts.password:
            raise InvalidInput(raw, "URLs with a user name or password are not scanned")
        host = parts.hostname or ""
        path = parts.path.rstrip("/")
        if path or parts.scheme:
            kind = "url"
        if not path:
            kind = "domain" if not parts.scheme else "url"
    try:
        ipaddress.ip_address(host.strip("[]"))
        raise InvalidInput(raw, "an IP address is not an organisation's domain")
    except ValueError:
        pass
    host = _to_ascii_host(host, raw)
    tld = host.rsplit(".", 1)[-1]
    if "." not in host:
        raise InvalidInput(raw, "not a domain: it has no public suffix (e.g. example.nl)")
    if tld in RESERVED_TLDS and not allow_private:
        raise InvalidInput(raw, f".{tld} is a reserved name, not a public domain")
    if tld not in RESERVED_TLDS:
        ext = extractor()(host)
        if not ext.suffix:
            raise InvalidInput(raw, f"'.{tld}' is not a known public suffix")
        if not ext.domain:
            raise InvalidInput(raw, "a bare public suffix is not an organisation's domain")
    if kind == "email":
        reg = host[4:] if host.startswith("www.") else host
        if reg in FREE_MAIL:
            raise InvalidInput(raw, f"{reg} is a free-mail provider, not the organisation's domain; give its website")
    bare = host[4:] if host.startswith("www.") and host.count(".") >= 2 else host
    key = bare + path if path else bare
    start = f"https://{host}{path or '/'}" if kind == "url" and path else f"https://{host}/"
    display = _unicode_host(bare) + path
    return Target(input=raw, key=key, host=host, display=display, start_url=start, path=path, kind=kind)
