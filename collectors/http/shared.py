"""The state every scan of a process shares: connection pools, per-host gates, robots rules,
the HTTP cache and loaded replay archives. Per-scan state (deadline, recorder) lives in the view.

Record/replay paths: a setting that names a folder (an existing directory, or a name that does
not end in .warc/.warc.gz) holds one WARC per scan, `<folder>/<scan name>.warc.gz`, where the scan
name is the organisation key (a key with a path gets a readable prefix and a hash: `scan_file`).

The HTTP cache is keyed by the settings that decide which server a host name reaches
(`cache_key_fn`), and a cache file SQLite cannot read is set aside with a warning.
"""
from __future__ import annotations

import hashlib
import logging
import re
import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path

from analyzer.core.settings import Settings
from collectors.http.hostgate import ClusterSlots, HostGate
from collectors.http.ratelimit import ApiLimits
from collectors.http.replay import Archive
from collectors.http.robots import RobotsCache
from collectors.http.transport import AddressPolicy, GuardedAdapter

log = logging.getLogger(__name__)
CACHEABLE = (200, 203, 301, 308)   # never errors, 5xx, 429: failures are not answers


def is_folder(value: str) -> bool:
    """A directory, or a name that is neither an existing file (nor device) nor ends in .warc(.gz)."""
    path = Path(value)
    if path.is_dir():
        return True
    return not path.exists() and not value.lower().endswith((".warc", ".warc.gz"))


SIMPLE_NAME = re.compile(r"[A-Za-z0-9-][A-Za-z0-9._-]{0,99}")


def scan_file(folder: str, name: str) -> Path:
    """`<folder>/<name>.warc.gz` for a plain key (a domain: the names earlier recordings have);
    any other key (a path, `..`, over 100 characters) gets a readable prefix and a hash of the
    whole key, so `x.nl/a/b` and `x.nl/a_b` never share a file and no name is too long."""
    if SIMPLE_NAME.fullmatch(name) and not name.endswith("."):
        return Path(folder) / f"{name}.warc.gz"
    readable = re.sub(r"[^A-Za-z0-9.-]+", "_", name).strip("._")[:80] or "scan"
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]
    return Path(folder) / f"{readable}~{digest}.warc.gz"


def cache_key_fn(settings: Settings):
    """requests-cache's key, extended by the settings that decide which server a name reaches: an
    answer fetched with --allow-private or --resolve (a local mirror, a loopback address) must
    never be served to a scan without them. Plain scans keep requests-cache's own key."""
    from requests_cache import create_key

    reach = f"{settings.allow_private}|{settings.resolve}" if settings.allow_private or settings.resolve else ""
    if not reach:
        return create_key
    salt = hashlib.sha256(reach.encode("utf-8")).hexdigest()[:16]

    def key(request, **kwargs) -> str:
        return f"{create_key(request, **kwargs)}-{salt}"
    return key


def _set_aside_if_corrupt(path: Path) -> None:
    """A cache file SQLite cannot read is renamed (kept for a look) with a warning; scans go on
    with a fresh cache instead of every one failing with an internal error."""
    if not path.exists():
        return
    try:
        with closing(sqlite3.connect(str(path))) as conn:
            conn.execute("SELECT name FROM sqlite_master").fetchall()
        return
    except sqlite3.DatabaseError as exc:
        aside = path.with_name(f"{path.name}.corrupt-{int(time.time())}")
        for suffix in ("", "-wal", "-shm"):
            extra = Path(f"{path}{suffix}")
            if extra.exists():
                extra.rename(Path(f"{aside}{suffix}"))
        log.warning("HTTP cache %s could not be read (%s); set aside as %s, starting a fresh cache",
                    path, exc, aside.name)


class SharedLayer:
    def __init__(self, settings: Settings, cluster: ClusterSlots | None = None):
        self.settings = settings
        self.policy = AddressPolicy(allow_private=settings.allow_private, resolve=settings.resolve_map())
        self.network = GuardedAdapter(self.policy, pool_maxsize=max(4, settings.per_host * 2))
        self.gate = HostGate(settings.per_host, settings.retry_after_cap, cluster)
        self.api_limits = ApiLimits(settings)
        self.robots = RobotsCache()
        self._lock = threading.Lock()
        self._cache = None
        self._archives: dict[Path, Archive] = {}

    def cache_backend(self):
        """The SQLite HTTP cache, opened on first use."""
        with self._lock:
            if self._cache is None:
                from requests_cache import SQLiteCache

                path = self.settings.cache_file()
                path.parent.mkdir(parents=True, exist_ok=True)
                _set_aside_if_corrupt(path)
                self._cache = SQLiteCache(db_path=str(path), wal=True)
            return self._cache

    def archive(self, path: str | Path, missing_ok: bool = False) -> Archive:
        """The archive at `path`, read once per process."""
        key = Path(path).resolve()
        with self._lock:
            if key not in self._archives:
                self._archives[key] = Archive.load(key, missing_ok=missing_ok,
                                                    max_body=self.settings.max_body)
            return self._archives[key]

    def close(self) -> None:
        self.network.close()
        with self._lock:
            if self._cache is not None:
                self._cache.close()
                self._cache = None
