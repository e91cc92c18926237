"""Render the catalog's own pages (``site_files.CatalogFiles.own``) after MkDocs's loop.

``mkdocs build`` renders them all (``render.py``, on every core). ``mkdocs serve``
renders only the pages whose fingerprint (``site/fingerprint.py``) changed since the
last build and whose file the last build left in place (``serve_cache.py``).
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
from generator.site.fingerprint import Fingerprinter

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
    jobs, written, unchanged = [], {}, 0
    for uri in own:
        file = files.src_uris.get(uri)
        if file is None:
            continue
        plan = built.plans[uri]
        if fingerprints is not None:
            fingerprint = fingerprints.page(plan)
            if fingerprint is not None:
                written[uri] = fingerprint
                same = cache.page_fingerprints.get(uri) == fingerprint
                if same and os.path.exists(file.abs_dest_path):
                    unchanged += 1  # moved back from the last build, and still right
                    continue
        jobs.append(RenderJob(file, plan.title, plan.markdown, plan.template))
    cache.page_fingerprints = {}  # until the pages are written, none can be trusted
    try:
        report = render_pages(
            jobs, config=config, files=files, nav=nav, env=env, workers=options.workers
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
        cache.page_fingerprints = written
        cache.digests = fingerprints.digests


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
