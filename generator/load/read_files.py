"""Stages one and two for every catalog file: read, parse, validate, on both cores.

Each file's outcome depends on that file alone, so a large catalog is split into
chunks that forked worker processes and this process load side by side; results come
back in file order, so everything after (the checks across files, the sorting of
problems) sees exactly what a serial load would see. A ``LoadCache`` skips the files
whose bytes it has seen before.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from generator.check.problems import Problem
from generator.load.cache import FileResult, LoadCache, Stat
from generator.load.placeholders import checked
from generator.load.yaml_source import decode_text, parse_yaml
from generator.model.catalog import ENTRY_TYPES
from generator.model.source_doc import SourceDoc
from generator.processes import can_fork, fork_pool, workers_for

PARALLEL_MIN_FILES = 2000
"""Below this many files to parse, starting worker processes costs more than it saves."""
CHUNK_FILES = 250
"""Files per task handed to a worker: small enough to share the work out evenly."""

Job = tuple[int, str, str]
"""(index into ENTRY_TYPES, path to read, path relative to the project root)."""


def load_file(job: Job, raw: bytes | None = None) -> FileResult:
    """Stages one and two for one catalog file (``raw``: its bytes, if already read)."""
    type_index, path, rel = job
    name = path.rpartition("/")[2]
    stem = name[: name.rfind(".")]  # Path(path).stem, as names end in .yaml or .yml
    if raw is None:
        try:
            with open(path, "rb") as file:
                raw = file.read()
        except OSError as exc:  # the message of sources.read_text
            unread = Problem(rel, 1, 1, f"cannot read file: {exc.strerror}")
            return FileResult(SourceDoc(rel, id=stem), None, (unread,))
    text, found = decode_text(raw, rel)
    doc = SourceDoc(rel)
    if text is not None:
        doc, found = parse_yaml(text, rel)
    doc.id = stem
    model = None
    # Duplicate keys still leave usable data; a syntax error leaves none.
    if doc.data is not None or not found:
        model, found = checked(ENTRY_TYPES[type_index].model, doc, found)
    return FileResult(doc, model, tuple(found))


def _load_chunk(chunk: list[tuple[Job, bytes | None]]) -> list[FileResult]:
    return [load_file(job, raw) for job, raw in chunk]


RACY_NS = 2_000_000_000
"""A file modified less than this long ago is read even if its stat looks unchanged."""


def load_files(
    jobs: list[Job], cache: LoadCache | None = None, workers: int | None = None
) -> list[FileResult]:
    """``load_file`` for each job, in order; ``workers`` processes (None: automatic,
    which stays serial below ``PARALLEL_MIN_FILES`` files)."""
    results: list[FileResult | None] = [None] * len(jobs)
    todo: list[tuple[Job, bytes | None]] = []
    where: list[int] = []
    digests: dict[int, bytes] = {}
    stats: dict[int, Stat] = {}
    for i, job in enumerate(jobs):
        raw = None
        if cache is not None:
            try:
                st = os.stat(job[1])
                stat = (st.st_mtime_ns, st.st_size, st.st_ino)
                if st.st_mtime_ns < time.time_ns() - RACY_NS:
                    # A file changed just now may change again within the file system's
                    # clock tick without its time moving; such a file is read (as git
                    # does with "racily clean" files).
                    stats[i] = stat
                if (hit := cache.unchanged(_key(job), stat)) is not None:
                    results[i] = hit
                    continue
                raw = Path(job[1]).read_bytes()
            except OSError:
                pass  # read again below, which reports why it cannot be read
            else:
                digests[i] = cache.digest(raw)
                if (hit := cache.get(_key(job), digests[i])) is not None:
                    results[i] = hit
                    cache.put(_key(job), digests[i], hit, stats.get(i))
                    continue
        todo.append((job, raw))
        where.append(i)
    if workers is None:
        workers = workers_for(len(todo), per_worker=CHUNK_FILES)
        if len(todo) < PARALLEL_MIN_FILES:
            workers = 1
    for i, result in zip(where, _run(todo, workers), strict=True):
        results[i] = result
        if cache is not None and i in digests:
            cache.put(_key(jobs[i]), digests[i], result, stats.get(i))
    if cache is not None:
        cache.keep_only(_key(job) for job in jobs)
    return [r for r in results if r is not None]


def _key(job: Job) -> tuple[str, str]:
    return (ENTRY_TYPES[job[0]].plural, job[2])


def _run(todo: list[tuple[Job, bytes | None]], workers: int) -> list[FileResult]:
    if workers <= 1 or len(todo) < 2 or not can_fork():
        return _load_chunk(todo)
    size = max(1, min(CHUNK_FILES, len(todo) // (workers * 4)))
    chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
    done: list[list[FileResult] | None] = [None] * len(chunks)
    try:
        with fork_pool(workers - 1) as pool:
            # The workers take chunks from the end while this process takes them from
            # the start, each chunk that no worker has begun: nobody waits for long.
            futures: dict[int, Future[list[FileResult]]] = {
                k: pool.submit(_load_chunk, chunks[k]) for k in reversed(range(len(chunks)))
            }
            for k in range(len(chunks)):
                if futures[k].cancel():
                    done[k] = _load_chunk(chunks[k])
            for k, future in futures.items():
                if done[k] is None:
                    done[k] = future.result()
    except BrokenProcessPool:
        pass  # a worker died (e.g. out of memory): its chunks are loaded here below
    results: list[FileResult] = []
    for chunk, loaded in zip(chunks, done, strict=True):
        results += loaded if loaded is not None else _load_chunk(chunk)
    return results
