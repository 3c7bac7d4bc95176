"""tweepy's Client on `fetcher.session`: the same layer answers, records and replays its calls."""
import gzip

import pytest
import tweepy

from tests.http_helpers import Concurrency, fetcher, run_threads
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


def test_tweepy_calls_obey_the_per_host_limit(net):
    slow = Concurrency(hold=0.15, reply=json_reply(USER))
    net.route("api.twitter.com", "/2/users/by/username/gemeente_a", slow)
    with fetcher(net, per_host=2) as f:
        client = _client(f)
        results = run_threads(lambda: client.get_user(username="gemeente_a").data.username, 6)
    assert results == ["gemeente_a"] * 6
    assert slow.peak == 2


def test_tweepy_sees_a_replay_miss_as_a_connection_error(net, tmp_path):
    path = tmp_path / "empty.warc.gz"
    with fetcher(net, record=str(path)):
        pass
    with fetcher(net, record="", replay=str(path)) as f, pytest.raises(Exception) as info:
        _client(f).get_user(username="gemeente_a")
    from collectors.http import classify
    assert classify(info.value, "https://api.twitter.com/").reason == "not_in_archive"
