"""Retries with backoff on 5xx, 429 and broken connections; Retry-After honoured up to a cap."""
import time
from email.utils import formatdate

import pytest

from collectors.http import FetchError
from collectors.http.retry import backoff, exhausted_window, retry_after
from tests.http_helpers import fetcher, sequence
from tests.servers import html, json_reply


def test_500s_then_success_is_retried(net):
    net.site("wobbly.nl", {"/": sequence(html("err", 500), html("err", 502), html("ok"))})
    with fetcher(net, retries=2) as f:
        assert f.get("https://wobbly.nl/").body == b"ok"
    assert net.hits("wobbly.nl", "/") == 3


def test_500s_give_up_after_retries(net):
    net.site("down.nl", {"/": html("err", 500)})
    with fetcher(net, retries=2) as f, pytest.raises(FetchError) as info:
        f.get("https://down.nl/")
    assert (info.value.reason, info.value.status) == ("http_error", 500)
    assert net.hits("down.nl", "/") == 3


def test_backoff_doubles_between_tries(net):
    net.site("down.nl", {"/": html("err", 503)})
    with fetcher(net, retries=2, backoff=0.2) as f:
        start = time.monotonic()
        with pytest.raises(FetchError):
            f.get("https://down.nl/")
    assert time.monotonic() - start >= 0.2 + 0.4


def test_404_is_not_retried(net):
    net.site("gone.nl", {})
    with fetcher(net) as f, pytest.raises(FetchError) as info:
        f.get("https://gone.nl/page")
    assert info.value.reason == "not_found"
    assert net.hits("gone.nl", "/page") == 1


def test_429_retry_after_seconds_is_waited_out(net):
    net.site("busy.nl", {"/": sequence(html("slow down", 429, headers={"Retry-After": "1"}), html("ok"))})
    with fetcher(net, retry_after_cap=2) as f:
        start = time.monotonic()
        assert f.get("https://busy.nl/").body == b"ok"
    assert time.monotonic() - start >= 0.95
    assert net.hits("busy.nl", "/") == 2


def test_retry_after_over_cap_gives_up_at_once(net):
    net.site("busy.nl", {"/": html("come back tomorrow", 429, headers={"Retry-After": "3600"})})
    with fetcher(net, retry_after_cap=1) as f:
        start = time.monotonic()
        with pytest.raises(FetchError) as info:
            f.get("https://busy.nl/")
    assert info.value.reason == "rate_limited"
    assert time.monotonic() - start < 0.5
    assert net.hits("busy.nl", "/") == 1


def test_rate_limited_host_is_not_asked_again(net):
    net.site("busy.nl", {"/": html("no", 429, headers={"Retry-After": "3600"}), "/b": html("b")})
    with fetcher(net, retry_after_cap=1) as f:
        with pytest.raises(FetchError):
            f.get("https://busy.nl/")
        with pytest.raises(FetchError) as info:
            f.get("https://busy.nl/b")
    assert info.value.reason == "rate_limited"
    assert net.hits("busy.nl", "/b") == 0


def test_api_exhausted_window_holds_further_calls(net):
    reset = str(int(time.time()) + 900)
    net.route("api.x.com", "/2/a", json_reply({}, headers={"x-rate-limit-remaining": "0",
                                                           "x-rate-limit-reset": reset}))
    net.route("api.x.com", "/2/b", json_reply({}))
    with fetcher(net) as f:
        assert f.get("https://api.x.com/2/a", purpose="api").status == 200
        with pytest.raises(FetchError) as info:
            f.get("https://api.x.com/2/b", purpose="api")
    assert info.value.reason == "rate_limited"
    assert net.hits("api.x.com", "/2/b") == 0


def test_retry_after_http_date_is_read():
    now = time.time()
    assert retry_after({"retry-after": formatdate(now + 120, usegmt=True)}, now=now) == pytest.approx(120, abs=1)


def test_rate_limit_reset_epoch_is_read():
    now = time.time()
    assert retry_after({"x-rate-limit-reset": str(int(now) + 60)}, now=now) == pytest.approx(60, abs=1)
    assert exhausted_window({"x-rate-limit-remaining": "3"}) is None


def test_backoff_is_exponential():
    assert [backoff(0.5, n) for n in range(3)] == [0.5, 1.0, 2.0]
