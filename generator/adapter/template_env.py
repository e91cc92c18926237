"""What the catalog puts into the theme's Jinja environment (``on_env``).

The library's filters and globals (``site/filters.py``, ``site/i18n.py``,
``site/cards.py``, ``site/sharing.py``…), the build's catalog, statistics and matches,
and the filters that depend on the page being rendered: links and addresses in the
page's language (``site/urls.py`` over this build's ``SiteUrls``), its translation, its
"Express interest" routes, its schema.org data.
"""

from __future__ import annotations

import functools
from typing import Any

from jinja2 import pass_context
from mkdocs.config.defaults import MkDocsConfig

from generator.adapter.catalog_build import BuiltCatalog
from generator.adapter.config import CatalogPluginConfig
from generator.adapter.fragments import FragmentMemo
from generator.adapter.languages import alternate_links
from generator.derive.expiry import is_expired
from generator.site import filters, i18n
from generator.site.cards import template_helpers
from generator.site.csp import content_security_policy
from generator.site.landing import featured_demands, headline, spotlight_conference
from generator.site.office import interest_routes
from generator.site.sharing import sharing_globals
from generator.site.structured_data import describe
from generator.site.urls import SiteUrls, absolute_url, relative_url


def _autoescape(template_name: str | None) -> bool:
    # Material's own templates expect autoescape off; the catalog's templates get it on.
    return template_name is not None and template_name.startswith("catalog/")


def install(
    env: Any,
    *,
    config: MkDocsConfig,
    options: CatalogPluginConfig,
    built: BuiltCatalog,
    urls: SiteUrls,
    own: list[str],
) -> None:
    """Give ``env`` the catalog's filters, tests and globals for this build; ``own``:
    the pages the catalog renders itself (for the sitemap and the fragment memo)."""
    catalog, today = built.catalog, built.today
    page = PageFilters(options, built, urls)
    env.autoescape = _autoescape
    env.filters.update(filters.FILTERS)
    env.filters.update(i18n.FILTERS)
    env.globals["t"] = i18n.t
    env.globals["translation_url"] = page.translation_url
    env.globals["campaign_site_name"] = page.site_name
    env.filters["link"] = page.link
    env.filters["address"] = page.address
    env.globals["catalog"] = catalog
    env.globals["campaign_search"] = options.search
    env.globals["stats"] = built.stats
    env.globals["content_security_policy"] = content_security_policy
    env.globals["matches"] = built.matches
    env.globals["campaign_office"] = options.office
    env.globals["interest_routes"] = page.interest_routes
    env.globals["campaign_headline"] = headline(catalog, today)
    env.globals["campaign_spotlight"] = spotlight_conference(catalog, today)
    env.globals["featured_demands"] = featured_demands(catalog, today)
    env.tests["expired"] = functools.partial(is_expired, today=today)
    env.filters["schema_org"] = page.schema_org
    helpers = template_helpers(today, catalog.fields)
    env.filters.update(helpers["filters"])
    env.globals.update(helpers["globals"])
    # theme/sitemap.xml: MkDocs lists only the pages of its own loop. The others in the
    # order of their addresses, not of the listings (by title): an edited title leaves
    # the sitemap as it is, and a preview need not write it again (adapter/sitemaps.py).
    env.globals["campaign_sitemap"] = sorted(u for u in map(urls.url, own) if u is not None)
    env.globals["hreflang_links"] = urls.versions
    # the language selector; a site's own extra.alternate wins (alternate_links)
    env.globals["language_links"] = config.extra.get("alternate") or alternate_links()
    env.globals["campaign_memo"] = FragmentMemo(own)
    env.globals.update(sharing_globals())


def _page_url(context: Any) -> str | None:
    page = context.get("page")
    return page.url if page is not None else None


def _language(context: Any) -> str:
    return str(context.get("language") or "en")


def _site_url(context: Any) -> str | None:
    config = context.get("config")
    return config.site_url if config else None


class PageFilters:
    """The filters and globals that depend on the page being rendered (its language,
    its address), bound to one build."""

    def __init__(self, options: CatalogPluginConfig, built: BuiltCatalog, urls: SiteUrls):
        self.options, self.built, self.urls = options, built, urls

    @pass_context
    def link(self, context: Any, target: Any) -> str:
        """Relative URL from the page being rendered to an entry, news item or src path;
        on a Chinese page, to its Chinese version when there is one."""
        src = target if isinstance(target, str) else target.src_uri
        return self.urls.link(src, _language(context), _page_url(context))

    @pass_context
    def address(self, context: Any, target: Any) -> str:
        """Absolute address of an entry, news item or src path, in the page's language
        (the QR codes of the printed conference catalog)."""
        src = target if isinstance(target, str) else target.src_uri
        return self.urls.address(src, _language(context), _site_url(context))

    @pass_context
    def translation_url(self, context: Any, language: str) -> str | None:
        """URL of the page being rendered in ``language``, None when it has none."""
        page = context.get("page")
        if page is None or page.file is None:
            return None
        return self.urls.translation(page.file.src_uri, language, page.url)

    @pass_context
    def interest_routes(self, context: Any, entry: Any, title: str) -> dict[str, str] | None:
        """The "Express interest" addresses of ``entry`` on the page being rendered."""
        page = context.get("page")
        site_url = _site_url(context)
        url = None
        if page is not None and page.file is not None and site_url:
            url = absolute_url(site_url, page.file.url)
        return interest_routes(self.options.office, entry.id, title, url, _language(context))

    @pass_context
    def site_name(self, context: Any) -> str:
        config = context.get("config")
        name = str(config.site_name) if config else ""
        if context.get("language") == "zh" and self.options.site_name_zh:
            return self.options.site_name_zh
        return name

    @pass_context
    def schema_org(self, context: Any, item: Any) -> dict[str, Any]:
        """schema.org data of an entry or news release, with absolute addresses when
        site_url is set (else relative to the page)."""
        site_url, language = _site_url(context), _language(context)
        page_url = _page_url(context)

        def url_of(src_uri: str) -> str:
            # a Chinese page links to the Chinese version of a page, where there is one
            url = self.urls.in_language(src_uri, language)
            return absolute_url(site_url, url) if site_url else relative_url(url, page_url)

        home = url_of("index.md")
        publisher = {"@type": "Organization", "name": self.site_name(context), "url": home}
        return describe(item, self.built.catalog, url_of, language, publisher)
