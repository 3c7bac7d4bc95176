"""The socket guard itself: a test that tries to leave the machine fails loudly."""
import socket

import pytest

from tests.conftest import NetworkLeak


@pytest.mark.parametrize("address", [("8.8.8.8", 53), ("10.0.0.1", 80), ("example.com", 80)])
def test_non_loopback_connect_fails_loudly(address):
    with socket.socket() as sock, pytest.raises(NetworkLeak):
        sock.connect(address)


def test_loopback_is_allowed(net):
    with socket.create_connection(("127.0.0.1", net.http_port), timeout=2):
        pass
