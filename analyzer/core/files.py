"""Output files people hand on: written whole or not at all, with the user's usual permissions.

A temporary file beside the target is renamed onto it when complete, so a killed run never leaves
half a file. mkstemp creates it private (0600); a report or a spreadsheet is meant to be shared, so
before the rename it gets the mode any new file of the user gets (0666 less the umask). The store and
the log stay private: they are not written through here.
"""
from __future__ import annotations

import os
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

_umask_lock = threading.Lock()


def user_file_mode() -> int:
    """0666 less the process's umask (reading the umask means setting it: hence the lock)."""
    with _umask_lock:
        mask = os.umask(0o022)
        os.umask(mask)
    return 0o666 & ~mask


@contextmanager
def atomic_path(out: Path) -> Iterator[Path]:
    """A temporary path beside `out`, renamed onto it when the block ends without error."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, user_file_mode())
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str) -> Path:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")
    return path


def write_bytes_atomic(path: Path, data: bytes) -> Path:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return path
