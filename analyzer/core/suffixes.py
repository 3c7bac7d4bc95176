"""The public-suffix list, set up once: tldextract's bundled snapshot, never fetched.

Input normalisation (is this a public domain?), the website collector's site boundary and its
brand labels all read suffixes here, so they can never disagree about where a domain starts.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def extractor() -> Any:
    """tldextract with the bundled snapshot only: suffix_list_urls=() and cache_dir=None keep it
    off the network and off the disk (DESIGN.md, input normalisation)."""
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=False)


@lru_cache(maxsize=1024)  # host names: a batch meets thousands once each, its scans in flight a few each
def registered_domain(host: str) -> str:
    """The registrable domain of `host` (www.a.example.co.uk -> example.co.uk); `host` itself when
    it has none (a reserved name such as .test, or a bare public suffix)."""
    host = (host or "").lower().strip(".")
    try:
        parts = extractor()(host)
    except Exception:  # tldextract on odd input; fall back to the last two labels
        return ".".join(host.split(".")[-2:])
    return f"{parts.domain}.{parts.suffix}" if parts.suffix and parts.domain else host
