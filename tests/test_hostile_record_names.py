"""Batch archive file names (`--record DIR`): unique per key, bounded, safe, and unchanged for plain
domains so earlier recordings still replay."""
from __future__ import annotations

from hypothesis import given, strategies as st

from collectors.http.shared import scan_file


def test_keys_that_used_to_share_a_file_do_not():
    pairs = [("x.nl/a/b", "x.nl/a_b"), ("x.nl", "x.nl/.."), ("x.nl/a b", "x.nl/a_b"), ("x.nl/é", "x.nl/è")]
    for a, b in pairs:
        assert scan_file("d", a) != scan_file("d", b), (a, b)


def test_plain_domains_keep_their_names():
    assert scan_file("d", "gemeente-a.nl").name == "gemeente-a.nl.warc.gz"


@given(st.text(min_size=1, max_size=400))
def test_every_name_is_bounded_safe_and_in_the_folder(key):
    path = scan_file("uit", key)
    assert path.parent.name == "uit" and len(path.name.encode()) <= 120
    assert path.name not in (".", "..") and "/" not in path.name and not path.name.startswith(".")
    assert all(c.isascii() and (c.isalnum() or c in "._-~") for c in path.name)


def test_a_300_character_path_is_recorded_and_replayed(tmp_path, net):
    from tests.http_helpers import fetcher
    from tests.servers import html

    long_path = "/" + "afdeling-" * 34
    net.site("gemeente-a.nl", {long_path: html("diep")})
    key = "gemeente-a.nl" + long_path
    # each scoped view is closed, as run_scan closes its own: its WARC writer is its file
    with fetcher(net, record=str(tmp_path / "warcs")) as f, f.scoped(name=key) as view:
        view.get("https://gemeente-a.nl" + long_path)
    assert scan_file(str(tmp_path / "warcs"), key).exists()
    with fetcher(net, record="", replay=str(tmp_path / "warcs")) as f, f.scoped(name=key) as view:
        assert view.get("https://gemeente-a.nl" + long_path).body == b"diep"
