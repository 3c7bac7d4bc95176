"""Every failure gets a coverage reason, including those hard to provoke on 127.0.0.1 (DNS, TLS)."""
import socket
import ssl
import time

import pytest
import requests
from urllib3.connection import HTTPConnection
from urllib3.exceptions import MaxRetryError, NameResolutionError, ProtocolError

from analyzer.core.types import COVERAGE_REASONS
from collectors.http import FetchError, classify
from collectors.http.errors import LayerError
from tests.http_helpers import fetcher
from tests.servers import html

URL = "https://gemeente-a.nl/"


def _wrapped(inner: BaseException) -> requests.ConnectionError:
    """The shape requests gives: ConnectionError(MaxRetryError(reason=inner))."""
    return requests.ConnectionError(MaxRetryError(None, URL, reason=inner))


def test_dns_failure_is_dns_error():
    conn = HTTPConnection("nergens.invalid", 80)
    err = NameResolutionError("nergens.invalid", conn, socket.gaierror(-2, "Name or service not known"))
    assert classify(_wrapped(err), URL).reason == "dns_error"


def test_certificate_failure_is_tls_error():
    assert classify(requests.exceptions.SSLError(ssl.SSLCertVerificationError("bad cert")), URL).reason == "tls_error"


def test_broken_stream_is_connection_error():
    assert classify(ProtocolError("Connection broken", ConnectionResetError()), URL).reason == "connection_error"


def test_layer_reason_wins():
    assert classify(LayerError("not_in_archive", "", URL), URL).reason == "not_in_archive"


def test_unknown_reason_is_refused_at_construction():
    with pytest.raises(AssertionError):
        FetchError(URL, "no_such_reason")


def test_every_reason_the_layer_raises_is_a_coverage_reason():
    raised = {"timeout", "refused", "dns_error", "tls_error", "blocked_by_robots", "rate_limited", "http_error",
              "not_found", "too_large", "private_address", "not_in_archive", "redirect_loop",
              "too_many_redirects", "unsupported_content", "budget_exhausted", "connection_error",
              "malformed", "login_wall", "bot_wall"}
    assert raised <= set(COVERAGE_REASONS)


def test_scoped_view_inherits_the_parent_deadline(net):
    net.site("a.nl", {"/": html("a")})
    with fetcher(net) as root:
        scan = root.scoped(deadline=time.monotonic() - 1)
        inner = scan.scoped()
        with pytest.raises(FetchError) as info:
            inner.get("https://a.nl/", purpose="api")
    assert info.value.reason == "budget_exhausted"


def test_live_fetcher_has_no_capture_time(net):
    with fetcher(net) as f:
        assert f.capture_time is None
