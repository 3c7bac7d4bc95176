"""tweepy's Client on `fetcher.session`: the same layer answers, records and replays its calls."""
import gzip

import pytest
import tweepy

from tests.http_helpers import fetcher, run_threads
from tests.servers import FakeInternet, json_reply

TOKEN = "AAAA-bearer-token-never-stored"
USER = {"data": {"id": "42", "name": "Gemeente A", "username": "gemeente_a"}}


def _client(f) -> tweepy.Client:
    client = tweepy.Client(bearer_token=TOKEN)
    client.session = f.session
    return client


def test_tweepy_call_is_recorded_without_its_token_and_replays(tmp_path):
    net = FakeInternet().start(str(tmp_path))
    net.route("api.twitter.com", "/2/users/by/username/gemeente_a", json_reply(USER))
    path = tmp_path / "x.warc.gz"
    try:
        with fetcher(net, record=str(path)) as f:
            live = _client(f).get_user(username="gemeente_a")
    finally:
        net.stop()
    assert TOKEN.encode() not in gzip.decompress(path.read_bytes())
    with fetcher(net, record="", replay=str(path)) as f:       # no server any more
        again = _client(f).get_user(username="gemeente_a")
    assert again.data.id == live.data.id == 42


def test_tweepy_calls_are_paced_at_the_x_api_rate(net):
    """tweepy's requests go through the fetch layer's API pacing like every other X request: the
    X API is held to its rate (here set with api_rates), not to per_host concurrent requests."""
    from tests.test_http_ratelimit import Arrivals

    api = Arrivals(hold=0.15, headers=lambda: {"content-type": "application/json"})
    api_reply = lambda req: (api(req), json_reply(USER))[1]   # noqa: E731 - note the arrival, answer the user
    net.route("api.twitter.com", "/2/users/by/username/gemeente_a", api_reply)
    with fetcher(net, per_host=1, api_rates="api.twitter.com=3/1") as f:
        client = _client(f)
        results = run_threads(lambda: client.get_user(username="gemeente_a").data.username, 6)
    assert results == ["gemeente_a"] * 6
    assert api.most_in(1.0) <= 3, "never more than the rate in any second"
    assert len(api.times) == 6


def test_tweepy_sees_a_replay_miss_as_a_connection_error(net, tmp_path):
    path = tmp_path / "empty.warc.gz"
    with fetcher(net, record=str(path)):
        pass
    with fetcher(net, record="", replay=str(path)) as f, pytest.raises(Exception) as info:
        _client(f).get_user(username="gemeente_a")
    from collectors.http import classify
    assert classify(info.value, "https://api.twitter.com/").reason == "not_in_archive"
