"""Render the catalog's own pages outside MkDocs's page loop.

MkDocs builds pages one after another, and every page pays for a fresh Markdown parser
and a full pass through the theme. The catalog's detail pages (and the later pages of
each listing) are most of a large site, so the plugin takes them out of that loop
(``InclusionLevel.EXCLUDED``: MkDocs still resolves links to them but builds nothing)
and renders them here instead:

- with the same plugin events, context and theme templates MkDocs would use, so a page
  comes out as it would from MkDocs's own loop;
- on every core, in forked workers that inherit the loaded catalog and the Jinja
  environment (nothing is pickled but the list of pages each worker writes), where
  forking is safe (``generator/processes.py``: not while `mkdocs serve` runs its
  threads).

While serving, the plugin passes only the pages whose fingerprint changed
(``fingerprint.py``, ``site_reuse.py``).

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
from dataclasses import dataclass
from typing import Any

from mkdocs.commands.build import get_context as page_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.processes import fork_pool, workers_for

MIN_PAGES_PER_WORKER = 50
"""Pages per worker, at least: fewer cost more to start a process for than they save."""


class RenderError(Exception):
    """A page could not be rendered; the message names it."""


@dataclass
class RenderJob:
    """One page to write: its file, title, Markdown body and template."""

    file: File
    title: str
    markdown: str
    template: str


@dataclass
class RenderReport:
    rendered: int = 0
    workers: int = 1
    seconds: float = 0.0


@dataclass
class _Task:
    """What a worker inherits from the process that forked it."""

    jobs: Sequence[RenderJob]
    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: Any
    pages: Sequence[File]
    """MkDocs's documentation pages (the template context's ``pages``), listed once."""


_TASK: _Task | None = None


def render_page(job: RenderJob, task: _Task) -> bytes:
    """The page's HTML, through the same events and context as MkDocs's own loop."""
    config, files, nav = task.config, task.files, task.nav
    plugins = config.plugins
    page = Page(job.title, job.file, config)
    config._current_page = page
    try:
        page = plugins.on_pre_page(page, config=config, files=files)
        page.markdown = job.markdown
        page.meta = {"title": job.title, "template": job.template}
        page.markdown = plugins.on_page_markdown(
            page.markdown, page=page, config=config, files=files
        )
        # MkDocs turns the warnings of a page it leaves out (a broken link in a
        # description) into notes; the catalog's pages are published, so they warn.
        job.file.inclusion = InclusionLevel.NOT_IN_NAV
        try:
            page.render(config, files)
        finally:
            job.file.inclusion = InclusionLevel.EXCLUDED
        page.content = plugins.on_page_content(
            page.content or "", page=page, config=config, files=files
        )
        page.active = True
        context = page_context(nav, task.pages, config, page)
        template = task.env.get_template(page.meta.get("template", job.template))
        context = plugins.on_page_context(context, page=page, config=config, nav=nav)
        output = plugins.on_post_page(template.render(context), page=page, config=config)
        page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
    finally:
        page.active = False
        config._current_page = None
        # Reverse links would keep every rendered page alive through the file.
        job.file.page = None
    return output.encode("utf-8", errors="xmlcharrefreplace")


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
            html = render_page(job, task)
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


def _worker(indices: Sequence[int]) -> tuple[int, list[logging.LogRecord], str | None]:
    # A forked worker inherits MkDocs's handlers; its records go back to the parent
    # instead, which logs them through those handlers (and counts them for --strict).
    collect = _Collect()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.handlers = [collect]
    mkdocs_log.propagate = False
    done, error = _run(indices)
    records = [r for r in collect.records if _picklable(r)]
    return done, records, error


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
) -> RenderReport:
    """Write every job's page into ``config.site_dir``; raises ``RenderError``.

    ``workers``: processes to render with; 0 for one per core once there are enough
    pages to make it worth starting them."""
    global _TASK
    start = time.perf_counter()
    report = RenderReport()
    todo = list(range(len(jobs)))
    _TASK = _Task(jobs, config, files, nav, env, files.documentation_pages())
    try:
        count = workers_for(len(todo), per_worker=MIN_PAGES_PER_WORKER, wanted=workers)
        report.workers = count
        results: list[tuple[int, list[logging.LogRecord], str | None]]
        if count == 1:  # logs go straight to MkDocs's handlers
            done, error = _run(todo)
            results = [(done, [], error)]
        else:
            # Interleaved slices: listings and detail pages of every kind spread evenly.
            slices = [todo[w::count] for w in range(count)]
            with fork_pool(count) as pool:
                results = list(pool.map(_worker, slices))
    finally:
        _TASK = None
    for done, records, error in results:
        report.rendered += done
        for record in records:
            logging.getLogger(record.name).handle(record)
        if error:
            raise RenderError(error)
    report.seconds = time.perf_counter() - start
    return report
