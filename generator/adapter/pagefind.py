"""The Pagefind search index (``search: pagefind``), built from the written site.

Pagefind takes as long as the rest of a large build: a `mkdocs serve` session keeps its
first build's index (``site_reuse.py`` brings it back), and a preview's search may lag
behind its pages.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from generator.adapter.config import PLUGIN_NAME
from generator.adapter.serve_cache import ServeCache
from generator.publish.search_index import BUNDLES, SearchIndexError, build_search_index

log = get_plugin_logger(PLUGIN_NAME)


def index_site(site: Path, shard_pages: int, cache: ServeCache) -> None:
    """Index ``site``, unless a preview brought the last build's index back."""
    if cache.serving and all(b in cache.reuse.moved for b in BUNDLES):
        log.info(
            "Search index: kept from the first build of this `mkdocs serve` "
            "session; restart it to search the edits"
        )
        return
    try:
        reports = build_search_index(site, shard_pages)
    except SearchIndexError as exc:
        raise PluginError(str(exc)) from None
    for r in reports:
        log.info(
            f"Search index {r.bundle}/ ({r.language}): {r.shards} "
            f"shard{'s' if r.shards != 1 else ''}, {r.files} files, "
            f"{r.bytes / 1e6:.1f} MB in {r.seconds:.1f} s"
        )
