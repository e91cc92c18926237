"""The sitemaps while `mkdocs serve` rebuilds: written again only when what they list
changed.

MkDocs renders the theme's sitemap.xml (``theme/sitemap.xml``: every page, with its
language versions) and gzips it at every build, and the plugin derives zh/sitemap.xml
from it (``languages.write_language_sitemap``; Material's language selector reads it).
On a large catalog that is half a second of every rebuild, although an edit to an
entry's text changes no address. While serving, the plugin therefore notes what the
sitemap is made of (``SitemapInputs``); when a rebuild's inputs are the same as those
of the sitemaps the last build left in the site folder, those files come back from the
last build (``site_reuse.py``) and MkDocs is not asked to render the template again.

Only `mkdocs serve` does this: `mkdocs build` renders the sitemap every time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from generator.adapter.languages import write_language_sitemap
from generator.adapter.site_reuse import SiteReuse
from generator.model.catalog import ZH_PREFIX
from generator.site.urls import SiteUrls

TEMPLATE = "sitemap.xml"
FILES = (TEMPLATE, TEMPLATE + ".gz", ZH_PREFIX + TEMPLATE)
"""MkDocs's sitemap, its gzipped copy, and the Chinese pages' sitemap."""


@dataclass(frozen=True)
class SitemapInputs:
    """Everything theme/sitemap.xml shows: the template itself, the site's address,
    MkDocs's pages (address, date), the catalog's own pages (``campaign_sitemap``) and
    every page's language versions (``hreflang_links``, from the build's addresses)."""

    template: str
    site_url: str
    pages: tuple[tuple[Any, ...], ...]
    own: tuple[str, ...]
    urls: SiteUrls


def sitemap_inputs(
    config: MkDocsConfig, files: Files, env: Any, own: list[str], urls: SiteUrls
) -> SitemapInputs:
    """This build's inputs of the sitemap (``own``: the URLs of the catalog's own
    pages, as the template gets them)."""
    source = env.loader.get_source(env, TEMPLATE)[0] if env.loader is not None else ""
    pages = tuple(
        (f.src_uri, f.url, page.is_link, page.abs_url, page.canonical_url, page.update_date)
        for f in files.documentation_pages()
        if (page := f.page) is not None
    )
    return SitemapInputs(source, str(config.site_url or ""), pages, tuple(own), urls)


class SitemapReuse:
    """The sitemaps of one `mkdocs serve` session."""

    def __init__(self) -> None:
        self.inputs: SitemapInputs | None = None
        """What the sitemaps in the site folder were made of; None when unknown (not
        written yet, or written by a build that did not finish)."""
        self.reused = False
        self._pending: SitemapInputs | None = None
        self._config: MkDocsConfig | None = None

    def before_templates(
        self, config: MkDocsConfig, inputs: SitemapInputs, reuse: SiteReuse
    ) -> None:
        """Before MkDocs renders its theme's templates (``on_env``): bring the last
        build's sitemaps back when this build's would be the same, and then leave the
        template out of this build."""
        same = inputs == self.inputs
        self.inputs, self._pending = None, inputs  # known again when this build is done
        self.reused = same and reuse.bring_back_files(config.site_dir, FILES)
        if self.reused:
            config.theme.static_templates.discard(TEMPLATE)
            self._config = config

    def write(self, site: Path, site_url: str) -> None:
        """Write zh/sitemap.xml (``on_post_build``), unless it came back; put the
        template back among the theme's (a build that shares the configuration renders
        it again)."""
        if not self.reused:
            write_language_sitemap(site, site_url, ZH_PREFIX)
        self.done()
        self.inputs, self._pending = self._pending, None

    def done(self) -> None:
        """Undo what ``before_templates`` changed in MkDocs's configuration."""
        if self._config is not None:
            self._config.theme.static_templates.add(TEMPLATE)
            self._config = None
