"""warcio, imported once without fsspec.

warcio.utils tries `import fsspec` at its first import, only so that warcio's own command-line tools
can open remote paths; footprint always hands warcio files it opened itself. fsspec is installed
(dask needs it) and its import pulls in asyncio: 20 ms and some 80 modules on every scan. With
fsspec hidden while warcio loads, warcio takes its documented path for an environment without it
(HAS_FSSPEC False, builtin open), and fsspec stays importable for whatever else wants it.

Hidden only while this is the process's only thread: a thread importing fsspec at that moment
would see it missing, so with other threads running warcio imports as it is (and pays the 20 ms).
"""
from __future__ import annotations

import sys
import threading


def _load() -> None:
    hide = "fsspec" not in sys.modules and threading.active_count() == 1
    if hide:
        sys.modules["fsspec"] = None  # type: ignore[assignment]  # `import fsspec` -> ImportError
    try:
        import warcio.utils  # noqa: F401
    finally:
        if hide and sys.modules.get("fsspec", 0) is None:
            del sys.modules["fsspec"]


_load()
