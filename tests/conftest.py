"""Shared fixtures: a socket guard (no test leaves the machine) and the fake internet."""
from __future__ import annotations

import ipaddress
import os
import socket

import pytest
from hypothesis import HealthCheck, settings as hyp_settings

from tests.servers import FakeInternet

hyp_settings.register_profile("ci", max_examples=60, deadline=None,
                              suppress_health_check=[HealthCheck.too_slow])
hyp_settings.register_profile("dev", max_examples=30, deadline=None)
hyp_settings.register_profile("long", max_examples=20000, deadline=None)
hyp_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


class NetworkLeak(AssertionError):
    pass


def _check(sock: socket.socket, address) -> None:
    if sock.family == getattr(socket, "AF_UNIX", None):
        return
    host = address[0] if isinstance(address, tuple) else address
    try:
        ip = ipaddress.ip_address(str(host).split("%")[0])
    except ValueError:
        raise NetworkLeak(f"test tried to connect to host name {host!r}; tests never touch the internet")
    if not ip.is_loopback:
        raise NetworkLeak(f"test tried to reach {address!r}; tests never leave the machine")


def _guarded_connect(self, address):
    _check(self, address)
    return _real_connect(self, address)


def _guarded_connect_ex(self, address):
    _check(self, address)
    return _real_connect_ex(self, address)


socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]


@pytest.fixture
def net(tmp_path):
    """A started FakeInternet, stopped after the test."""
    fake = FakeInternet().start(str(tmp_path))
    yield fake
    fake.stop()


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """Keep the user's data directory, cache and store out of every test."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for name in list(os.environ):
        if name.startswith("FOOTPRINT_") or name == "X_BEARER_TOKEN":
            monkeypatch.delenv(name, raising=False)
