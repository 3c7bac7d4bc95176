"""The fetch layer: the only code in footprint that touches the network.

    Fetcher(settings)                   one per process; `.scoped(deadline=..., name=...)` per scan
    Fetcher.get(url, purpose=...)       -> Response, or FetchError(url, reason, detail, status)
    Fetcher.session                     a requests.Session obeying the same rules (for tweepy)
    classify(exc, url)                  FetchError for any exception raised through that session
    looks_like_wall(response)           "login_wall" | "bot_wall" | None
"""
from collectors.http import warcio_import  # noqa: F401 - first: warcio loads without fsspec
from collectors.http.errors import FetchError, classify
from collectors.http.fetcher import Fetcher, user_agent
from collectors.http.response import Response
from collectors.http.walls import looks_like_wall

__all__ = ["Fetcher", "FetchError", "Response", "classify", "looks_like_wall", "user_agent"]
