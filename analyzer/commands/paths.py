"""Where a command will write, checked before any work: a batch that scanned every row and then
finds its --out unwritable has wasted the whole run, and a --db under a file is a typo."""
from __future__ import annotations

import errno
import os
import sqlite3
import tempfile
from pathlib import Path

from analyzer.core.errors import UsageError
from analyzer.core.printable import one_line


def _existing_parent(path: Path) -> Path:
    for parent in path.parents:
        if parent.exists():
            return parent
    return Path(".")


def _placed(path: Path, flag: str, kind: str) -> str:
    """`path` shown for messages; UsageError when it is a folder or lies under a non-folder."""
    shown = one_line(str(path), 200)
    if path.is_dir():
        raise UsageError(f"{flag} {shown}: is a folder, not {kind}")
    parent = _existing_parent(path)
    if not parent.is_dir():
        raise UsageError(f"{flag} {shown}: {one_line(str(parent), 200)} is not a folder")
    return shown


def check_db(path: Path) -> None:
    """UsageError when the store path is a folder or lies under something that is not a folder."""
    _placed(path, "--db", "a database file")


def check_out(path: Path) -> None:
    """UsageError unless a file can be created next to `path` (the output is renamed into place)."""
    shown = _placed(path, "--out", "a file")
    target = path.parent if path.parent.exists() else _existing_parent(path)
    try:
        fd, probe = tempfile.mkstemp(prefix=".footprint-probe-", dir=target)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise UsageError(f"--out {shown}: cannot be written ({exc.strerror or type(exc).__name__})") from None


DISK_ERRORS = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT, errno.EIO, errno.EROFS)
SQLITE_DISK = ("disk i/o error", "database or disk is full", "attempt to write a readonly database")


def disk_failure(exc: BaseException) -> bool:
    """Whether `exc` says the machine cannot write (full disk, quota, read-only, I/O error): an
    outside-world fault to report in one line, not a bug."""
    if isinstance(exc, sqlite3.OperationalError):
        return str(exc).lower() in SQLITE_DISK
    return isinstance(exc, OSError) and exc.errno in DISK_ERRORS
