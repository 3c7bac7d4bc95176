"""Where a command will write, checked before any work: a batch that scanned every row and then
finds its --out unwritable has wasted the whole run, and a --db under a file is a typo."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from analyzer.core.errors import UsageError
from analyzer.core.printable import one_line


def _existing_parent(path: Path) -> Path:
    for parent in path.parents:
        if parent.exists():
            return parent
    return Path(".")


def check_db(path: Path) -> None:
    """UsageError when the store path is a folder or lies under something that is not a folder."""
    shown = one_line(str(path), 200)
    if path.is_dir():
        raise UsageError(f"--db {shown}: is a folder, not a database file")
    parent = _existing_parent(path)
    if not parent.is_dir():
        raise UsageError(f"--db {shown}: {one_line(str(parent), 200)} is not a folder")


def check_out(path: Path) -> None:
    """UsageError unless a file can be created next to `path` (the output is renamed into place)."""
    shown = one_line(str(path), 200)
    if path.is_dir():
        raise UsageError(f"--out {shown}: is a folder, not a file")
    parent = _existing_parent(path)
    if not parent.is_dir():
        raise UsageError(f"--out {shown}: {one_line(str(parent), 200)} is not a folder")
    target = path.parent if path.parent.exists() else parent
    try:
        fd, probe = tempfile.mkstemp(prefix=".footprint-probe-", dir=target)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise UsageError(f"--out {shown}: cannot be written ({exc.strerror or type(exc).__name__})") from None
