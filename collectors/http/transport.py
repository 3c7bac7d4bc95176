"""The socket level: host pinning (`--resolve`) and refusal of private addresses.

Every new connection resolves its host here and checks each address before connecting, so the check
holds after redirects and for host names that resolve to private ranges (DNS rebinding): we connect
to the very address we checked. IPv6 forms that embed an IPv4 address (IPv4-mapped, NAT64
64:ff9b::/96, 6to4, Teredo) are judged by the embedded address. Link-local and cloud-metadata
addresses stay refused even when private addresses are allowed.
"""
from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass, field

import requests
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.poolmanager import PoolManager

ALWAYS_REFUSED = [ipaddress.ip_network(n) for n in (
    "169.254.0.0/16", "fe80::/10", "100.100.100.200/32", "fd00:ec2::254/128", "0.0.0.0/8", "::/128",
)]
NAT64 = ipaddress.ip_network("64:ff9b::/96")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class AddressRefused(NewConnectionError):
    """The host resolved only to addresses we must not reach."""


def _embedded(ip: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 address carries (mapped, NAT64, 6to4, Teredo), else `ip` itself."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return ip.ipv4_mapped
        if ip in NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if ip.sixtofour:
            return ip.sixtofour
        if ip.teredo:
            return ip.teredo[1]
    return ip


@dataclass(frozen=True)
class AddressPolicy:
    allow_private: bool = False
    resolve: dict[tuple[str, int], tuple[str, int]] = field(default_factory=dict)

    def refused(self, addr: str) -> str | None:
        """Why `addr` may not be reached, or None when it may."""
        ip = _embedded(ipaddress.ip_address(addr.split("%", 1)[0]))
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
        """getaddrinfo() for `host`, after `--resolve` pinning."""
        name = host.strip("[]").rstrip(".").lower()
        pinned = self.resolve.get((name, port)) or self.resolve.get(("*", port))
        if pinned:
            return socket.getaddrinfo(pinned[0], pinned[1], type=socket.SOCK_STREAM)
        return socket.getaddrinfo(name, port, type=socket.SOCK_STREAM)


def _guarded_new_conn(conn: HTTPConnection, policy: AddressPolicy) -> socket.socket:
    try:
        infos = policy.addresses(conn.host, conn.port)
    except (socket.gaierror, UnicodeError) as exc:
        raise NameResolutionError(conn.host, conn, exc) from exc  # type: ignore[arg-type]
    reasons = []
    last_exc: OSError | None = None
    timeout = conn.timeout if isinstance(conn.timeout, (int, float)) else socket.getdefaulttimeout()
    for family, socktype, proto, _canon, sockaddr in infos:
        why = policy.refused(sockaddr[0])
        if why:
            reasons.append(why)
            continue
        sock = socket.socket(family, socktype, proto)
        try:
            for opt in conn.socket_options or ():
                sock.setsockopt(*opt)
            sock.settimeout(timeout)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            sock.close()
            last_exc = exc
    if reasons and last_exc is None:
        raise AddressRefused(conn, f"refused: {conn.host}: {reasons[0]}")
    if isinstance(last_exc, socket.timeout):
        raise ConnectTimeoutError(conn, f"Connection to {conn.host} timed out")
    raise NewConnectionError(conn, f"Failed to establish a new connection: {last_exc}") from last_exc


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
    """A requests adapter whose connections obey an AddressPolicy (one per process, shared)."""

    def __init__(self, policy: AddressPolicy, pool_maxsize: int = 16, **kw):
        self._policy = policy
        super().__init__(pool_connections=64, pool_maxsize=pool_maxsize, max_retries=0, **kw)

    def init_poolmanager(self, connections, maxsize, block=False, **pool_kwargs):
        self.poolmanager = PoolManager(num_pools=connections, maxsize=maxsize, block=block, **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = _connection_classes(self._policy)
