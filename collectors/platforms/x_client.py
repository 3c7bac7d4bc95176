"""tweepy's Client on the project's session: our host, our timeouts, our User-Agent, quiet logs.

tweepy 4.x builds every URL as "https://api.twitter.com" + route, sends no timeout, and logs the
request headers (the bearer token included) at DEBUG on the "tweepy.client" logger. tweepy calls
only `client.session.request(...)`, so the client gets a thin session that hands every request to
the fetch layer's requests.Session (address guard, pinning, CA bundle, recording) after moving
it to `settings.x_api_base` and adding the timeouts. The tweepy logger is held at INFO, so those
DEBUG records are never even created.
"""
from __future__ import annotations

import logging

import tweepy

from analyzer.core.settings import Settings
from collectors.http import user_agent

TWEEPY_BASE = "https://api.twitter.com/2"
_TWEEPY_LOGGER = logging.getLogger("tweepy.client")


def quiet_tweepy() -> None:
    """Keep tweepy's request/response logging (which prints the Authorization header) off."""
    if _TWEEPY_LOGGER.getEffectiveLevel() < logging.INFO or _TWEEPY_LOGGER.level < logging.INFO:
        _TWEEPY_LOGGER.setLevel(logging.INFO)


class ApiSession:
    """What tweepy sees as its session: the fetch layer's session, on the configured API base."""

    def __init__(self, session, api_base: str, timeout: tuple[float, float]):
        self._session = session
        self._base = api_base.rstrip("/")
        self._timeout = timeout

    def request(self, method: str, url: str, **kwargs):
        if url.startswith(TWEEPY_BASE):
            url = self._base + url[len(TWEEPY_BASE):]
        kwargs["timeout"] = self._timeout
        return self._session.request(method, url, **kwargs)

    def close(self) -> None:
        """The fetch layer owns the underlying session and closes it."""


def make_client(settings: Settings, session) -> tweepy.Client:
    quiet_tweepy()
    client = tweepy.Client(bearer_token=settings.x_bearer_token, return_type=dict,
                           wait_on_rate_limit=False)
    client.session.close()  # tweepy's own session is never used
    client.session = ApiSession(session, settings.x_api_base,
                                (settings.connect_timeout, settings.read_timeout))
    client.user_agent = user_agent(settings)
    return client
