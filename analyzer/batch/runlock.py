"""One process per batch run: a second `footprint batch` on a run in progress is refused in one line.

Two batches on one run once both scanned every row (double traffic for every site) or died with an
IntegrityError. The lock is an OS file lock (flock) on `<store>.<run hash>.lock`, which the kernel
releases when its process ends however it ends: a run killed with kill -9 is never "in progress",
so resume needs no stale-lock clean-up. Where flock does not exist (Windows) there is no lock.
"""
from __future__ import annotations

import hashlib
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from analyzer.core.errors import UsageError
from analyzer.core.printable import one_line


def lock_path(db: Path, run: str) -> Path:
    return db.with_name(f"{db.name}.run-{hashlib.sha256(run.encode('utf-8')).hexdigest()[:16]}.lock")


@contextmanager
def run_lock(db: Path, run: str) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:          # no flock: the journal still never loses a row
        yield
        return
    path = lock_path(db, run)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            raise UsageError(f"run {one_line(run, 100)!r} is in progress in another process (pid {holder}); "
                             "wait for it to finish, or give another --run") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        yield
    finally:
        os.close(fd)           # closing releases the lock
