"""The fetch layer: the only code in footprint that touches the network."""
from collectors.http.fetcher import Fetcher, FetchError, Response, user_agent

__all__ = ["Fetcher", "FetchError", "Response", "user_agent"]
