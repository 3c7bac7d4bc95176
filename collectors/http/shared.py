"""The state every scan of a process shares: connection pools, per-host gates, robots rules,
the HTTP cache and loaded replay archives. Per-scan state (deadline, recorder) lives in the view.

Record/replay paths: a setting that names a folder (an existing directory, or a name that does
not end in .warc/.warc.gz) holds one WARC per scan, `<folder>/<scan name>.warc.gz`, where the scan
name is the organisation key with characters outside [A-Za-z0-9._-] turned into `_`.
"""
from __future__ import annotations

import re
import threading
from pathlib import Path

from analyzer.core.settings import Settings
from collectors.http.hostgate import ClusterSlots, HostGate
from collectors.http.replay import Archive
from collectors.http.robots import RobotsCache
from collectors.http.transport import AddressPolicy, GuardedAdapter

CACHEABLE = (200, 203, 301, 308)   # never errors, 5xx, 429: failures are not answers


def is_folder(value: str) -> bool:
    """A directory, or a name that is neither an existing file (nor device) nor ends in .warc(.gz)."""
    path = Path(value)
    if path.is_dir():
        return True
    return not path.exists() and not value.lower().endswith((".warc", ".warc.gz"))


def scan_file(folder: str, name: str) -> Path:
    return Path(folder) / (re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") + ".warc.gz")


class SharedLayer:
    def __init__(self, settings: Settings, cluster: ClusterSlots | None = None):
        self.settings = settings
        self.policy = AddressPolicy(allow_private=settings.allow_private, resolve=settings.resolve_map())
        self.network = GuardedAdapter(self.policy, pool_maxsize=max(4, settings.per_host * 2))
        self.gate = HostGate(settings.per_host, settings.retry_after_cap, cluster)
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
