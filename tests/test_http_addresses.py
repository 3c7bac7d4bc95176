"""Refusal of loopback, private, link-local and metadata addresses, on every connection."""
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from collectors.http import FetchError
from collectors.http.transport import AddressPolicy, GuardedAdapter
from tests.http_helpers import fetcher
from tests.servers import html

PRIVATE = ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "100.64.0.1", "::1", "fd12::1",
           "::ffff:127.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::1", "::ffff:10.0.0.1"]
ALWAYS = ["169.254.169.254", "100.100.100.200", "fe80::1", "fd00:ec2::254", "0.0.0.0", "::",
          "::ffff:169.254.169.254"]
PUBLIC = ["93.184.216.34", "2606:4700:4700::1111"]


@pytest.mark.parametrize("addr", PRIVATE + ALWAYS)
def test_private_addresses_refused_by_default(addr):
    assert AddressPolicy().refused(addr)


@pytest.mark.parametrize("addr", PRIVATE)
def test_private_addresses_allowed_with_flag(addr):
    assert AddressPolicy(allow_private=True).refused(addr) is None


@pytest.mark.parametrize("addr", ALWAYS)
def test_link_local_and_metadata_refused_even_with_flag(addr):
    assert AddressPolicy(allow_private=True).refused(addr)


@pytest.mark.parametrize("addr", PUBLIC)
def test_public_addresses_allowed(addr):
    assert AddressPolicy().refused(addr) is None


def test_host_pinned_to_loopback_refused_without_flag(net):
    net.site("gemeente-a.nl", {"/": html("hi")})
    with fetcher(net, allow_private=False) as f, pytest.raises(FetchError) as info:
        f.get("https://gemeente-a.nl/", purpose="api")
    assert info.value.reason == "private_address"
    assert net.log == []


def test_host_pinned_to_ipv6_loopback_refused_without_flag(net):
    with fetcher(net, allow_private=False, resolve="six.nl:80:[::1]:80") as f, pytest.raises(FetchError) as info:
        f.get("http://six.nl/", purpose="api")
    assert info.value.reason == "private_address"


def test_metadata_address_refused_even_with_flag(net):
    with fetcher(net, allow_private=True, resolve="meta.nl:80:169.254.169.254:80") as f, \
            pytest.raises(FetchError) as info:
        f.get("http://meta.nl/latest/meta-data/", purpose="api")
    assert info.value.reason == "private_address"


def test_literal_loopback_url_refused_without_flag(net):
    with fetcher(net, allow_private=False, resolve="") as f, pytest.raises(FetchError) as info:
        f.get(f"http://127.0.0.1:{net.http_port}/", purpose="api")
    assert info.value.reason == "private_address"
    assert net.log == []


class _LabPolicy(AddressPolicy):
    """127.0.0.2 plays a public address; everything else follows the real rules."""

    def refused(self, addr):
        return None if addr == "127.0.0.2" else super().refused(addr)


class _RedirectToLoopback(BaseHTTPRequestHandler):
    target = ""

    def do_GET(self):  # noqa: N802
        self.send_response(302)
        self.send_header("Location", self.target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_redirect_to_loopback_refused_without_flag(net):
    net.route("127.0.0.1", "/secret", html("internal"))
    _RedirectToLoopback.target = f"http://127.0.0.1:{net.http_port}/secret"
    public = ThreadingHTTPServer(("127.0.0.2", 0), _RedirectToLoopback)
    threading.Thread(target=public.serve_forever, daemon=True).start()
    try:
        with fetcher(net, allow_private=False, resolve=f"public.nl:80:127.0.0.2:{public.server_port}") as f:
            f.layer.network = GuardedAdapter(_LabPolicy(resolve=f.settings.resolve_map()))
            with pytest.raises(FetchError) as info:
                f.get("http://public.nl/", purpose="api")
    finally:
        public.shutdown()
        public.server_close()
    assert info.value.reason == "private_address"
    assert "127.0.0.1" in info.value.detail
    assert net.hits("127.0.0.1", "/secret") == 0

