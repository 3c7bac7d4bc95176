"""Joining a running Dask cluster, and refusing one that cannot run this batch.

`connect(address)` first knocks on a tcp:// address itself: a Dask scheduler speaks first (its
handshake names its pickle protocol and compression), so an address where something else
listens (a web server, SSH) is a one-line usage error within seconds instead of Dask's silent
wait. `check_versions(client)` asks every worker for its footprint version: a worker that runs
another version (or cannot import footprint at all) is refused before any organisation is sent.
"""
from __future__ import annotations

import socket
import struct
from urllib.parse import urlsplit

from typing import Any

from analyzer import __version__
from analyzer.core.errors import UsageError

KNOCK_TIMEOUT = 5.0
CONNECT_TIMEOUT = "20s"
MAX_HANDSHAKE = 1 << 20
WORKER_WAIT = 60.0


def knock(address: str, timeout: float | None = None) -> None:
    """Raise UsageError unless a Dask scheduler answers at the tcp:// `address`."""
    timeout = KNOCK_TIMEOUT if timeout is None else timeout
    parts = urlsplit(address if "://" in address else "tcp://" + address)
    if parts.scheme != "tcp":
        return                         # tls://, ws://: the handshake is Dask's own to check
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        host = port = None
    if not host or not port:
        raise UsageError(f"--scheduler {address}: expected tcp://HOST:PORT")
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.settimeout(timeout)
            head = _read(sock, 8)
            (size,) = struct.unpack("<Q", head)
            if not 0 < size < MAX_HANDSHAKE or b"pickle-protocol" not in _read(sock, size):
                raise ValueError("no Dask handshake")
    except OSError as exc:
        if isinstance(exc, (TimeoutError, socket.timeout)):
            raise UsageError(f"--scheduler {address}: no Dask scheduler answers there "
                             f"(nothing said within {timeout:g} s)") from None
        raise UsageError(f"--scheduler {address}: cannot reach the Dask scheduler "
                         f"({exc.strerror or exc})") from None
    except (ValueError, struct.error):
        raise UsageError(f"--scheduler {address}: something else than a Dask scheduler listens there") from None


def _read(sock: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ValueError("closed")
        data += chunk
    return data


def connect(address: str) -> Any:
    import distributed

    knock(address)
    try:
        return distributed.Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(f"--scheduler {address}: cannot join the Dask cluster ({exc})") from None


def _version() -> str:
    from analyzer import __version__ as version

    return version


def check_versions(client: Any, where: str) -> None:
    """Every worker runs this footprint version, or the batch is refused with one line."""
    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT)
    except TimeoutError:
        raise UsageError(f"{where}: no Dask worker joined within {WORKER_WAIT:g} s") from None
    try:
        versions = client.run(_version)
    except (ImportError, AttributeError) as exc:
        raise UsageError(f"{where}: a worker cannot run footprint ({exc}); install footprint {__version__} "
                         "on every worker") from None
    other = {addr: v for addr, v in versions.items() if v != __version__}
    if other:
        addr, version = sorted(other.items())[0]
        raise UsageError(f"{where}: worker {addr} runs footprint {version}, this is {__version__}; "
                         f"every worker needs the same version ({len(other)} differ)")
