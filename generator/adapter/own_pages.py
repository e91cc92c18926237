"""Render the catalog's own pages (``site_files.CatalogFiles.own``) after MkDocs's loop.

``mkdocs build`` renders them all (``render.py``, on every core). ``mkdocs serve``
renders only the pages whose fingerprint (``site/fingerprint.py``) changed since the
last build and whose file the last build left in place (``serve_cache.py``), and records
what each page it renders reads (``model/reads.py``): the next build's fingerprint of
the page digests that data as it is then.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

from generator.adapter.catalog_build import BuiltCatalog
from generator.adapter.config import PLUGIN_NAME, CatalogPluginConfig
from generator.adapter.render import RenderError, RenderJob, render_pages
from generator.adapter.serve_cache import ServeCache, epoch
from generator.model.reads import Key
from generator.site.fingerprint import Fingerprinter
from generator.site.page_plans import PagePlan

log = get_plugin_logger(PLUGIN_NAME)


def render_own_pages(
    own: Sequence[str],
    built: BuiltCatalog,
    *,
    config: MkDocsConfig,
    options: CatalogPluginConfig,
    files: Files,
    nav: Navigation,
    env: Any,
    cache: ServeCache,
) -> None:
    """Write the pages of ``own``. Raises ``PluginError`` naming a page that could not
    be rendered."""
    fingerprints = _fingerprinter(config, options, nav, built, cache) if cache.serving else None
    jobs, kept, unchanged = [], {}, 0
    for uri in own:
        file = files.src_uris.get(uri)
        if file is None:
            continue
        plan = built.plans[uri]
        last = cache.pages.get(uri)
        if fingerprints and last and _still_right(fingerprints, plan, last, file.abs_dest_path):
            kept[uri] = last
            unchanged += 1  # moved back from the last build, and still right
            continue
        jobs.append(RenderJob(file, plan.title, plan.markdown, plan.template))
    cache.pages = {}  # until the pages are written, none can be trusted
    try:
        report = render_pages(
            jobs,
            config=config,
            files=files,
            nav=nav,
            env=env,
            workers=options.workers,
            record_reads=fingerprints is not None,
        )
    except RenderError as exc:
        raise PluginError(str(exc)) from None
    log.info(
        f"Catalog pages: {report.rendered} rendered"
        + (f", {unchanged} unchanged since the last build" if unchanged else "")
        + f" ({report.workers} process{'es' if report.workers > 1 else ''}) "
        f"in {report.seconds:.1f} s"
    )
    if fingerprints is not None:
        for uri, read in report.reads.items():
            fingerprint = fingerprints.page(built.plans[uri], read)
            if fingerprint is not None:  # else rendered again next time
                kept[uri] = (fingerprint, read)
        cache.pages = kept
        cache.digests = fingerprints.digests


def _still_right(
    fingerprints: Fingerprinter,
    plan: PagePlan,
    last: tuple[str, tuple[Key, ...]],
    path: str | None,
) -> bool:
    """Whether the last build's page, moved back to ``path``, shows what it would now:
    its fingerprint over what it read then is the same."""
    return bool(path and os.path.exists(path)) and fingerprints.page(plan, last[1]) == last[0]


def _fingerprinter(
    config: MkDocsConfig,
    options: CatalogPluginConfig,
    nav: Navigation,
    built: BuiltCatalog,
    cache: ServeCache,
) -> Fingerprinter:
    catalog = built.catalog
    taxonomy = catalog.taxonomy.model_dump_json() if catalog.taxonomy else ""
    when = epoch(config, options, nav, taxonomy, built.today.isoformat())
    return Fingerprinter(when, catalog, built.matches, built.stats, cache.digests)
