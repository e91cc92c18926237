"""What the catalog adds to MkDocs's files (``on_files``): its pages, its open data, its
news feeds, and the Chinese pages' place outside the English navigation.

Each catalog page is a virtual file (``File.generated``). A page in the navigation (a
listing, the timeline, the statistics) goes through MkDocs's own page loop; the others
(the entries, the releases, the later listing pages: most of a large site) are the
catalog's own pages: MkDocs keeps their files to resolve links and URLs, and
``own_pages.py`` renders them. ``CatalogFiles.own`` is the record of which they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from generator.adapter.config import PLUGIN_NAME
from generator.adapter.languages import fallback_home
from generator.adapter.serve_cache import ServeCache
from generator.model.catalog import ZH_PREFIX
from generator.publish.export import EXPORT_DIR
from generator.publish.feed import FEED_TEMPLATE, FEED_URI, FEED_URIS
from generator.site.page_plans import PagePlan
from generator.site.urls import SiteUrls

log = get_plugin_logger(PLUGIN_NAME)


@dataclass
class CatalogFiles:
    own: list[str] = field(default_factory=list)
    """The pages the catalog renders itself, outside MkDocs's loop, in plan order."""
    feeds: dict[str, File] = field(default_factory=dict)
    """Each language's feed (``feed.FEED_URIS``), when site_url is set; ``feeds.py``
    fills them in."""


def add_catalog_files(
    files: Files,
    config: MkDocsConfig,
    *,
    plans: Mapping[str, PagePlan],
    export: Mapping[str, bytes],
    facet_files: Mapping[str, bytes],
    own_loop: bool,
    cache: ServeCache,
) -> CatalogFiles:
    """Add the catalog's files to ``files``. ``own_loop`` False sends every page through
    MkDocs's loop (Material's search indexes only those, and the tests compare)."""
    for file in files.documentation_pages():
        # Chinese pages stay out of the English navigation; on_nav gives them their own.
        if file.src_uri.startswith(ZH_PREFIX) and file.inclusion is InclusionLevel.UNDEFINED:
            file.inclusion = InclusionLevel.NOT_IN_NAV
    if (zh_home := fallback_home(files, config)) is not None:
        files.append(zh_home)  # every page's language selector leads to zh/
    in_nav = set(_nav_paths(config.nav))
    added = CatalogFiles()
    for uri, plan in plans.items():
        if uri in files.src_uris:
            continue  # a hand-written page at the same path keeps its text
        if plan.navigable or uri in in_nav or not own_loop:
            files.append(File.generated(config, uri, content=plan.source()))
        else:
            added.own.append(uri)
            files.append(cache.own_file(config, uri))
    for name, content in export.items():
        if files.get_file_from_path(f"{EXPORT_DIR}/{name}") is None:
            files.append(File.generated(config, f"{EXPORT_DIR}/{name}", content=content))
    for path, content in facet_files.items():
        if files.get_file_from_path(path) is None:
            files.append(File.generated(config, path, content=content))
    # The feed template sits among the theme's files; it is not a file to publish.
    template = files.get_file_from_path(FEED_TEMPLATE)
    if template is not None and not template.is_documentation_page():
        files.remove(template)
    for language, feed_uri in FEED_URIS.items():
        if config.site_url and files.get_file_from_path(feed_uri) is None:
            # Filled in on_env, once the releases' pages have been rendered.
            added.feeds[language] = File.generated(config, feed_uri, content="")
            files.append(added.feeds[language])
    if not config.site_url:
        log.warning(
            f"site_url is not set in {Path(config.config_file_path or 'mkdocs.yml').name}, "
            f"so the news feed ({FEED_URI}) is not built: feed readers need absolute "
            "links. Set site_url to the address the site is published at."
        )
    return added


def site_urls(files: Files) -> SiteUrls:
    """This build's addresses (``site/urls.py``): every file's URL as MkDocs worked it
    out, the catalog's own pages' too."""
    pages = [f.src_uri for f in files.documentation_pages(inclusion=InclusionLevel.all)]
    return SiteUrls({f.src_uri: f.url for f in files}, pages)


def _nav_paths(nav: Any) -> list[str]:
    """Every page path named in the nav setting of mkdocs.yml."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in _nav_paths(value)]
    if isinstance(nav, list):
        return [p for value in nav for p in _nav_paths(value)]
    return []
