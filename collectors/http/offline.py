"""Telling "this machine has no network" from "this organisation cannot be reached".

Every request of a scan view is tallied by the adapter. A scan none of whose requests got an
answer, and all of whose failures were a temporary name-lookup failure or an unreachable network,
may still be one organisation whose name servers are down: `machine_offline` then asks the
resolver for one other, always-present name. Only when that lookup fails too is the machine
offline (an unreachable network needs no second opinion).
"""
from __future__ import annotations

import errno
import socket
import threading
from dataclasses import dataclass, field

from collectors.http.errors import chain

# A name that resolves whenever DNS works at all (the root servers' own zone).
PROBE_NAME = "a.root-servers.net"
UNREACHABLE = frozenset({errno.ENETUNREACH, errno.ENETDOWN})
LOOKUP_TEMPORARY = frozenset({socket.EAI_AGAIN, getattr(socket, "EAI_FAIL", socket.EAI_AGAIN)})


def offline_cause(exc: BaseException) -> str | None:
    """"lookup" (temporary DNS failure), "unreachable" (no route), or None for any other failure."""
    for e in chain(exc):
        if isinstance(e, socket.gaierror):
            return "lookup" if e.errno in LOOKUP_TEMPORARY else None
        if isinstance(e, OSError) and e.errno in UNREACHABLE:
            return "unreachable"
    return None


@dataclass
class Tally:
    """What the requests of one scan view met on the network (thread-safe)."""

    answered: int = 0
    lookup: int = 0
    unreachable: int = 0
    other: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def answer(self) -> None:
        with self._lock:
            self.answered += 1

    def failure(self, exc: BaseException) -> None:
        cause = offline_cause(exc)
        with self._lock:
            if cause == "lookup":
                self.lookup += 1
            elif cause == "unreachable":
                self.unreachable += 1
            else:
                self.other += 1

    def only_offline_failures(self) -> bool:
        return not self.answered and not self.other and bool(self.lookup or self.unreachable)


def resolver_down() -> bool:
    """True when the resolver cannot answer for a name that always exists."""
    try:
        socket.getaddrinfo(PROBE_NAME, 443, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        return exc.errno in LOOKUP_TEMPORARY or exc.errno == getattr(socket, "EAI_SYSTEM", None)
    except OSError:
        return True
    return False


def machine_offline(tally: Tally) -> bool:
    """Whether a view's failures mean the machine has no network at all."""
    if not tally.only_offline_failures():
        return False
    return bool(tally.unreachable and not tally.lookup) or resolver_down()
