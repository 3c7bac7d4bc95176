"""The socket level: host pinning (`--resolve`) and refusal of private addresses.

Every new connection resolves its host here and checks each address before connecting, so the check
holds after redirects and for host names that resolve to private ranges (DNS rebinding): we connect
to the very address we checked. Link-local and cloud-metadata addresses stay refused even when
private addresses are allowed.
"""
from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass, field

import requests
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NameResolutionError, NewConnectionError
from urllib3.poolmanager import PoolManager

ALWAYS_REFUSED = [ipaddress.ip_network(n) for n in (
    "169.254.0.0/16", "fe80::/10", "100.100.100.200/32", "fd00:ec2::254/128", "0.0.0.0/8", "::/128",
)]


class AddressRefused(NewConnectionError):
    """The host resolved only to addresses we must not reach."""


@dataclass(frozen=True)
class AddressPolicy:
    allow_private: bool = False
    resolve: dict[tuple[str, int], tuple[str, int]] = field(default_factory=dict)

    def refused(self, addr: str) -> str | None:
        """Why `addr` may not be reached, or None when it may."""
        ip = ipaddress.ip_address(addr.split("%", 1)[0])
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        if any(ip in net for net in ALWAYS_REFUSED if net.version == ip.version):
            return f"{addr} is a link-local or metadata address"
        if self.allow_private:
            return None
        if ip.is_loopback or ip.is_private or ip.is_reserved or ip.is_multicast or ip.is_unspecified:
            return f"{addr} is a loopback or private address (set FOOTPRINT_ALLOW_PRIVATE=1 to allow)"
        if not ip.is_global:
            return f"{addr} is not a public address"
        return None

    def addresses(self, host: str, port: int) -> list[tuple]:
        pinned = self.resolve.get((host.lower(), port)) or self.resolve.get(("*", port))
        if pinned:
            infos = socket.getaddrinfo(pinned[0], pinned[1], type=socket.SOCK_STREAM)
        else:
            try:
                ipaddress.ip_address(host.strip("[]"))
                infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
            except ValueError:
                infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        return infos


def _guarded_new_conn(conn: HTTPConnection, policy: AddressPolicy) -> socket.socket:
    try:
        infos = policy.addresses(conn.host, conn.port)
    except socket.gaierror as exc:
        raise NameResolutionError(conn.host, conn, exc) from exc
    reasons = []
    last_exc: OSError | None = None
    for family, socktype, proto, _canon, sockaddr in infos:
        why = policy.refused(sockaddr[0])
        if why:
            reasons.append(why)
            continue
        sock = socket.socket(family, socktype, proto)
        try:
            for opt in conn.socket_options or ():
                sock.setsockopt(*opt)
            sock.settimeout(conn.timeout if isinstance(conn.timeout, (int, float)) else None)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            sock.close()
            last_exc = exc
    if reasons and last_exc is None:
        raise AddressRefused(conn, f"refused: {conn.host}: {reasons[0]}")
    if isinstance(last_exc, socket.timeout):
        from urllib3.exceptions import ConnectTimeoutError

        raise ConnectTimeoutError(conn, f"Connection to {conn.host} timed out")
    raise NewConnectionError(conn, f"Failed to establish a new connection: {last_exc}")


def _connection_classes(policy: AddressPolicy):
    class GuardedHTTPConnection(HTTPConnection):
        def _new_conn(self) -> socket.socket:
            return _guarded_new_conn(self, policy)

    class GuardedHTTPSConnection(HTTPSConnection):
        def _new_conn(self) -> socket.socket:
            return _guarded_new_conn(self, policy)

    class GuardedHTTPPool(HTTPConnectionPool):
        ConnectionCls = GuardedHTTPConnection

    class GuardedHTTPSPool(HTTPSConnectionPool):
        ConnectionCls = GuardedHTTPSConnection

    return {"http": GuardedHTTPPool, "https": GuardedHTTPSPool}


class GuardedAdapter(requests.adapters.HTTPAdapter):
    """A requests adapter whose connections obey an AddressPolicy."""

    def __init__(self, policy: AddressPolicy, pool_maxsize: int = 16, **kw):
        self._policy = policy
        super().__init__(pool_connections=64, pool_maxsize=pool_maxsize, max_retries=0, **kw)

    def init_poolmanager(self, connections, maxsize, block=False, **pool_kwargs):
        self.poolmanager = PoolManager(num_pools=connections, maxsize=maxsize, block=block, **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = _connection_classes(self._policy)
        self.poolmanager.key_fn_by_scheme = dict(self.poolmanager.key_fn_by_scheme)
