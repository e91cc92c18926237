"""Render the catalog's own pages on every core.

MkDocs builds pages one after another, and every page pays for a fresh Markdown parser
and a full pass through the theme. The catalog's detail pages (and the later pages of
each listing) are most of a large site, so the plugin takes them out of that loop
(``site_files.py``) and they are rendered here instead:

- each one by ``page_loop.render_page``, with the same plugin events, context and theme
  templates MkDocs would use, so a page comes out as it would from MkDocs's own loop;
- on every core, in forked workers that inherit the loaded catalog and the Jinja
  environment (nothing is pickled but the list of pages each worker writes), where
  forking is safe (``generator/processes.py``: not while `mkdocs serve` runs its
  threads).

While serving, ``own_pages.py`` passes only the pages whose fingerprint changed, and has
what each page reads recorded (``model/reads.py``); a worker sends its pages' reads back.

Warnings a worker logs (a broken link in a description…) are sent back and logged again
by the main process, so ``--strict`` still counts them.
"""

from __future__ import annotations

import logging
import os
import pickle
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

from generator.adapter.page_loop import DocumentationPages, PageLoop, RenderJob, render_page
from generator.model.reads import Key, recording
from generator.processes import fork_pool, workers_for

MIN_PAGES_PER_WORKER = 50
"""Pages per worker, at least: fewer cost more to start a process for than they save."""


class RenderError(Exception):
    """A page could not be rendered; the message names it."""


@dataclass
class RenderReport:
    rendered: int = 0
    workers: int = 1
    seconds: float = 0.0
    reads: dict[str, tuple[Key, ...]] = field(default_factory=dict)
    """src_uri → what the page read, when recorded."""


@dataclass
class _Task(PageLoop):
    """What a worker inherits from the process that forked it."""

    jobs: Sequence[RenderJob] = ()
    reads: dict[str, tuple[Key, ...]] | None = None
    """Filled in with what each page reads, when recording."""


_TASK: _Task | None = None


def _write(path: str, data: bytes) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as out:
        out.write(data)


def _run(indices: Sequence[int]) -> tuple[int, str | None]:
    """Render and write some of ``_TASK``'s pages; returns how many, and the error that
    stopped it, if any."""
    task = _TASK
    assert task is not None
    done = 0
    for i in indices:
        job = task.jobs[i]
        try:
            if task.reads is None:
                html = render_page(job, task)
            else:
                with recording() as read:
                    html = render_page(job, task)
                task.reads[job.file.src_uri] = tuple(read)
        except Exception as exc:  # reported with the page's name, like MkDocs does
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            return done, f"Error building page '{job.file.src_uri}': {detail}"
        _write(job.file.abs_dest_path, html)
        done += 1
    return done, None


class _Collect(logging.Handler):
    """Keeps a worker's log records to hand back to the main process."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None
        record.exc_info = record.exc_text = None
        self.records.append(record)


_Result = tuple[int, list[logging.LogRecord], str | None, dict[str, tuple[Key, ...]]]


def _worker(indices: Sequence[int]) -> _Result:
    # A forked worker inherits MkDocs's handlers; its records go back to the parent
    # instead, which logs them through those handlers (and counts them for --strict).
    collect = _Collect()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.handlers = [collect]
    mkdocs_log.propagate = False
    done, error = _run(indices)
    records = [r for r in collect.records if _picklable(r)]
    assert _TASK is not None
    return done, records, error, _TASK.reads or {}


def _picklable(record: logging.LogRecord) -> bool:
    try:
        pickle.dumps(record)
    except Exception:
        return False
    return True


def render_pages(
    jobs: Sequence[RenderJob],
    *,
    config: MkDocsConfig,
    files: Files,
    nav: Navigation,
    env: Any,
    workers: int = 0,
    record_reads: bool = False,
) -> RenderReport:
    """Write every job's page into ``config.site_dir``; raises ``RenderError``.

    ``workers``: processes to render with; 0 for one per core once there are enough
    pages to make it worth starting them. ``record_reads``: note what each page reads
    (``report.reads``)."""
    global _TASK
    start = time.perf_counter()
    report = RenderReport()
    todo = list(range(len(jobs)))
    reads = report.reads if record_reads else None
    _TASK = _Task(config, files, nav, env, DocumentationPages(files), jobs, reads)
    try:
        count = workers_for(len(todo), per_worker=MIN_PAGES_PER_WORKER, wanted=workers)
        report.workers = count
        results: list[_Result]
        if count == 1:  # logs and reads go straight to MkDocs's handlers and the report
            done, error = _run(todo)
            results = [(done, [], error, {})]
        else:
            # Interleaved slices: listings and detail pages of every kind spread evenly.
            slices = [todo[w::count] for w in range(count)]
            with fork_pool(count) as pool:
                results = list(pool.map(_worker, slices))
    finally:
        _TASK = None
    for done, records, error, read in results:
        report.rendered += done
        report.reads.update(read)
        for record in records:
            logging.getLogger(record.name).handle(record)
        if error:
            raise RenderError(error)
    report.seconds = time.perf_counter() - start
    return report
