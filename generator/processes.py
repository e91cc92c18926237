"""Worker processes and the cycle collector: one policy for loading, rendering and search.

**Processes.** Loading and rendering share work out to forked processes, which inherit
what the parent has built (the catalog, the Jinja environment) without pickling it.
Forking is only safe on Linux, and only while this process runs no other thread: a
thread that holds a lock when the fork happens leaves that lock held forever in the
child (`mkdocs serve` runs a file watcher and an HTTP server). So: fork when it is safe,
else do the work in this process. ``fork_pool`` is the only place a pool is made.

**The cycle collector.** The catalog and the search index are millions of small objects
with no reference cycles; every pass of the collector walks them all again, which made
loading several times slower at 10,000 entries. ``collector_paused`` turns it off for
such a stretch and back on after (if it was on); ``collect_later`` runs it once a
preview server is idle.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

MAX_WORKERS = 8


def can_fork() -> bool:
    """Whether forking this process is safe: Linux (macOS's frameworks are not
    fork-safe), and no thread but this one."""
    return (
        sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def workers_for(tasks: int, *, per_worker: int, wanted: int = 0) -> int:
    """Processes for ``tasks`` items: ``wanted`` (0: one per core, as long as each gets
    at least ``per_worker`` items), and 1 where forking is unsafe."""
    if not can_fork() or tasks < 2:
        return 1
    if wanted <= 0:
        return max(1, min(cores(), MAX_WORKERS, -(-tasks // per_worker)))
    return max(1, min(wanted, tasks))


def fork_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` forked processes; only call it when ``can_fork()``."""
    if not can_fork():
        raise RuntimeError("forking is unsafe here (threads are running, or not Linux)")
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector off while building many objects without cycles."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_pauses = 0
"""How many times ``pause_collector`` was called."""


def pause_collector() -> None:
    """The collector off until ``collect_later`` (a preview's rebuild, or a command that
    ends after one pass: collecting what the process exits with only costs time)."""
    global _pauses
    _pauses += 1
    gc.disable()


def collect_later(delay: float = 1.0) -> None:
    """The collector on again, with one collection, ``delay`` seconds from now, when a
    preview server has sent its pages. Not at once: after a rebuild that allocated with
    the collector off, the next allocation would start a full collection before the
    server sends a page. Not at all if another rebuild has paused it since."""
    pauses = _pauses

    def collect() -> None:
        if _pauses == pauses:
            gc.enable()
            gc.collect()

    timer = threading.Timer(delay, collect)
    timer.daemon = True
    timer.start()


def give_back_memory() -> None:
    """Return the memory this process has freed to the system, before it waits on a
    large child (Pagefind, which indexes the written site). Python's allocator keeps
    freed blocks for reuse, and what rendering freed would otherwise count against the
    build's peak while the indexer runs: 40 MB of 390 at 10,000 entries. Only glibc
    has ``malloc_trim``; elsewhere this does nothing."""
    import ctypes
    import ctypes.util

    gc.collect()
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return
