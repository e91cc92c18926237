"""Render the catalog's own pages (``site_files.CatalogFiles.own``) after MkDocs's loop.

``mkdocs build`` renders them all (``render.py``, on every core). ``mkdocs serve``
renders only the pages whose fingerprint (``site/fingerprint.py``) changed since the
last build and whose file the last build left in place (``serve_cache.py``), and records
what each page it renders reads (``model/reads.py``): the next build's fingerprint of
the page digests that data as it is then. The keys every page read are digested once
each, not once per page that read them (``Fingerprints``).
"""

from __future__ import annotations

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
from generator.site.fingerprint import Fingerprinter, Fingerprints

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
    fingerprinter = _fingerprinter(config, options, nav, built, cache) if cache.serving else None
    last = cache.fingerprints
    changed = None
    if fingerprinter is not None and last.epoch == fingerprinter.epoch:
        changed = fingerprinter.changed(last.parts)  # each key once, for every page
    jobs, kept, unchanged = [], Fingerprints(), 0
    for uri in own:
        file = files.src_uris.get(uri)
        if file is None:
            continue
        plan = built.plans[uri]
        if (
            fingerprinter is not None
            and last.still_right(fingerprinter, changed, uri, plan)
            and cache.reuse.kept(file.abs_dest_path)
        ):
            kept.pages[uri] = last.pages[uri]
            unchanged += 1  # moved back from the last build, and still right
            continue
        jobs.append(RenderJob(file, plan.title, plan.markdown, plan.template))
    cache.fingerprints = Fingerprints()  # until the pages are written, none is right
    try:
        report = render_pages(
            jobs,
            config=config,
            files=files,
            nav=nav,
            env=env,
            workers=options.workers,
            record_reads=fingerprinter is not None,
        )
    except RenderError as exc:
        raise PluginError(str(exc)) from None
    log.info(
        f"Catalog pages: {report.rendered} rendered"
        + (f", {unchanged} unchanged since the last build" if unchanged else "")
        + f" ({report.workers} process{'es' if report.workers > 1 else ''}) "
        f"in {report.seconds:.1f} s"
    )
    if fingerprinter is not None:
        # the kept pages read no changed key: their keys' parts are as in the last build
        kept.epoch = fingerprinter.epoch
        if changed is not None:
            kept.parts = {k: part for k, part in last.parts.items() if k not in changed}
        for uri, read in report.reads.items():
            kept.add(fingerprinter, built.plans[uri], read)  # if not, rendered next time
        cache.fingerprints = kept
        cache.memo = fingerprinter.memo()


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
    return Fingerprinter(when, catalog, built.matches, built.stats, cache.memo)
