"""MkDocs plugin: hands the catalog's pages to MkDocs. All the work is in the library."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import posixpath
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from jinja2 import BytecodeCache, pass_context
from jinja2.bccache import Bucket
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url

from generator.adapter.fragments import FragmentMemo
from generator.adapter.languages import (
    alternate_links,
    fallback_home,
    hreflang_links,
    translated_nav,
    write_language_sitemap,
)
from generator.adapter.render import RenderError, RenderJob, render_pages
from generator.adapter.site_reuse import SiteReuse
from generator.check.problems import Severity, errors, summary
from generator.check.translations import LEVELS
from generator.derive.expiry import is_expired
from generator.derive.matching import Matches
from generator.derive.stats import CampaignStats
from generator.load.build_date import BuildDateError
from generator.load.cache import LoadCache
from generator.load.watch import CatalogWatch
from generator.model.catalog import ZH_PREFIX, Catalog, NewsItem, language_of, zh_uri
from generator.pipeline import CatalogInvalid, Checked, Options, build
from generator.processes import collect_later, pause_collector
from generator.publish.export import EXPORT_DIR
from generator.publish.feed import FEED_TEMPLATE, FEED_URI, FEED_URIS, Feed, build_feed
from generator.publish.search_index import (
    BUNDLES,
    SHARD_PAGES,
    SearchIndexError,
    build_search_index,
)
from generator.site import filters, i18n
from generator.site.cards import template_helpers
from generator.site.csp import content_security_policy
from generator.site.fingerprint import Fingerprinter, tree_state
from generator.site.landing import featured_demands, headline, spotlight_conference
from generator.site.office import Office, OfficeError, interest_routes, parse_office
from generator.site.page_plans import PagePlan
from generator.site.sanitize import clean_html, clean_title, escape_meta
from generator.site.sharing import absolute, deploy_problem, sharing_globals
from generator.site.structured_data import describe

log = get_plugin_logger("campaign-catalog")


def _autoescape(template_name: str | None) -> bool:
    return template_name is not None and template_name.startswith("catalog/")


PERMALINK_TITLE = "Permanent link"
"""Python-Markdown's toc extension's default ``permalink_title``."""

# What Material's search plugin indexes of a catalog page besides its description.
MATERIAL_SEARCH_TEXT = "catalog/material-search-text.html"


class _AtLeastOne(c.Type):
    def __init__(self, default: int) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        number = super().run_validation(value)
        if number < 1:
            raise c.ValidationError(f"must be at least 1, not {number}")
        return number


class _OfficeOption(c.Type):
    """The campaign office's settings, checked by generator/site/office.py."""

    def __init__(self) -> None:
        super().__init__(dict, default={})

    def run_validation(self, value: object) -> Office | None:
        try:
            return parse_office(super().run_validation(value))
        except OfficeError as error:
            raise c.ValidationError(str(error)) from None


class CatalogPluginConfig(base.Config):
    catalog_dir = c.Type(str, default="catalog")
    """Folder of the YAML catalog, relative to mkdocs.yml."""
    news_dir = c.Type(str, default="news")
    """Folder of the news releases, relative to docs_dir."""
    page_size = c.Type(int, default=50)
    """Entries per listing page."""
    search = c.Choice(("pagefind", "material"), default="pagefind")
    """Search engine: 'pagefind' (this project's, in the header and listing facets) or
    'material' (Material's own search plugin, which must then be listed in plugins)."""
    search_shard_pages = _AtLeastOne(default=SHARD_PAGES)
    """Pages per Pagefind search shard; the browser searches the shards side by side,
    which keeps queries that match many pages fast (see search_shards.py)."""
    feed_size = c.Type(int, default=20)
    """Newest news releases in the Atom feed (news/feed.xml)."""
    workers = c.Type(int, default=0)
    """Processes that render the catalog's pages: 0 (default) for one per core on a
    catalog large enough to gain from it, 1 for MkDocs's own process only. Extra
    processes are forked, so they are used on Linux only, and not by `mkdocs serve`
    (generator/processes.py)."""
    missing_translation = c.Choice(LEVELS, default="off")
    """How the build reports entries, releases and pages without a Chinese version:
    'off' (default; `campaign validate` reports them as warnings), 'warning' (fails
    `mkdocs build --strict`) or 'error'. The Chinese pages show the English text with
    a notice either way."""
    site_name_zh = c.Optional(c.Type(str))
    """The site's name on the Chinese pages (default: site_name)."""
    office = _OfficeOption()
    """The campaign office (generator/site/office.py lists its settings): its contact on
    the home and Take part pages, and the "Express interest" route on every entry."""


class _QuietExcludedLinks(logging.Filter):
    """MkDocs reports a link to a page left out of its own loop as a link to a page
    "excluded from the built site"; the catalog's pages are built, by ``render.py``."""

    def __init__(self) -> None:
        super().__init__()
        self.ours: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.levelno > logging.INFO or "excluded from the built site" not in message:
            return True
        target = message.split("contains a link to '", 1)[-1].split("'", 1)[0]
        return target not in self.ours


class CatalogPlugin(BasePlugin[CatalogPluginConfig]):
    def __init__(self) -> None:
        self.catalog = Catalog()
        self.plans: dict[str, PagePlan] = {}
        self.news_by_uri: dict[str, NewsItem] = {}
        self.files: Files | None = None
        self.stats: CampaignStats | None = None
        self.today = dt.date.today()
        self.feed_files: dict[str, File] = {}
        """Each language's feed (feed.FEED_URIS), when site_url is set."""
        self.command = "build"
        self.matches = Matches()
        self.export: dict[str, bytes] = {}
        self.own: list[str] = []
        """Pages rendered by ``render.py`` instead of MkDocs's loop."""
        self._shown_content: dict[str, str] = {}
        self.nav: Navigation | None = None
        self.env: Any = None
        self.serving = False
        self.reuse = SiteReuse()
        self.digests: dict[int, tuple[Any, str]] = {}
        self.page_fingerprints: dict[str, str] = {}
        """While serving: src_uri → fingerprint of each catalog page in the site folder."""
        self.bytecode = _MemoryBytecodeCache()
        self.load_cache = LoadCache()
        self._export_kept = False
        self.watch: CatalogWatch | None = None
        self._own_files: dict[tuple[str, str, bool], File] = {}
        self.zh_nav: Navigation | None = None
        self._permalink_title = PERMALINK_TITLE
        self._lit: Page | None = None
        """The section's page lit up in the navigation for the page being rendered."""
        self._links_filter = _QuietExcludedLinks()
        logging.getLogger("mkdocs.structure.pages").addFilter(self._links_filter)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # The plugin object lives as long as `mkdocs serve`: what one build worked out
        # is kept for the next.
        self.serving = command == "serve"
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Before anything is written: a site to publish needs its public address.
        if self.command != "serve":
            problem = deploy_problem(config.site_url)
            if problem:
                raise PluginError(problem)
        toc = config.mdx_configs.get("toc")
        if toc is not None:
            self._permalink_title = str(toc.get("permalink_title", PERMALINK_TITLE))
        return config

    def _root(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path or ".").resolve().parent

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.serving:
            # A rebuild spends a fifth of its time in the cycle collector walking what
            # the session keeps (the loaded catalog, the caches); it runs after the
            # rebuild instead, while the browser reloads.
            pause_collector()
        # Every stage before rendering, before MkDocs cleans site/: a bad catalog leaves
        # the last site intact.
        root = self._root(config)
        docs_dir = Path(config.docs_dir).resolve()
        try:
            docs_rel = docs_dir.relative_to(root).as_posix()
        except ValueError:
            docs_rel = str(docs_dir)
        # A preview need not rewrite the whole catalog's open data after every edit
        # (like the search index): the first build's stays.
        keep_export = self.serving and bool(self.export)
        options = Options(
            catalog_dir=self.config.catalog_dir,
            docs_dir=docs_rel,
            news_dir=self.config.news_dir,
            missing_translation=self.config.missing_translation,
            page_size=self.config.page_size,
            # while serving, an edit re-reads the edited files only
            cache=self.load_cache if self.serving else None,
            export=not keep_export,
        )
        try:
            site = build(root, options)
        except CatalogInvalid as exc:
            self._report(exc.checked)
            checked = exc.checked
            if errors(checked.problems):
                found = summary(checked.problems, checked.catalog.files_checked)
                raise PluginError(
                    f"The catalog is invalid: {found} Run `campaign validate` for the same list."
                ) from None
            raise PluginError(
                f"{len(checked.translations)} Chinese translations are missing (listed "
                "above) and missing_translation is 'error'. Add them, or set "
                "missing_translation to 'warning' or 'off' in mkdocs.yml."
            ) from None
        except BuildDateError as exc:
            raise PluginError(str(exc)) from None
        catalog = site.catalog
        log.info(
            f"Catalog: {sum(len(e) for e in catalog.entries.values())} entries and "
            f"{len(catalog.news)} news releases loaded in {site.seconds['load']:.1f} s"
        )
        self._report(site.checked)
        self.catalog, self.today, self.stats = catalog, site.today, site.stats
        self.plans = {p.src_uri: p for p in site.plans}
        self.news_by_uri = {n.src_uri: n for n in catalog.news}
        self.news_by_uri.update({n.zh.src_uri: n for n in catalog.news if n.zh is not None})
        assert site.matches is not None
        self.matches = site.matches
        log.info(
            f"Matching: {self.matches.demands_scored} open demands × "
            f"{self.matches.offers_scored} resources and projects in "
            f"{site.seconds['matches']:.1f} s"
        )
        if not keep_export:
            self.export = site.export
        elif not self._export_kept:
            log.info(
                f"Open data ({EXPORT_DIR}/): kept from the first build of this "
                "`mkdocs serve` session; restart it to export the edits"
            )
            self._export_kept = True
        if self.serving:
            self.reuse.set_aside(config.site_dir)

    @staticmethod
    def _report(checked: Checked) -> None:
        """Every problem and missing translation, through MkDocs's log (--strict counts
        the warnings)."""
        for problem in [*checked.problems, *checked.translations]:
            (log.error if problem.severity is Severity.ERROR else log.warning)(
                problem.format_text()
            )

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for file in files.documentation_pages():
            # Chinese pages stay out of the English navigation; on_nav gives them their own.
            if file.src_uri.startswith(ZH_PREFIX) and file.inclusion is InclusionLevel.UNDEFINED:
                file.inclusion = InclusionLevel.NOT_IN_NAV
        if (zh_home := fallback_home(files, config)) is not None:
            files.append(zh_home)  # every page's language selector leads to zh/
        in_nav = set(_nav_paths(config.nav))
        # Material's search plugin indexes the pages of MkDocs's own loop only.
        mkdocs_renders_all = self.config.search == "material"
        self.own = []
        for uri, plan in self.plans.items():
            if uri in files.src_uris:
                continue  # a hand-written page at the same path keeps its text
            if plan.navigable or uri in in_nav or mkdocs_renders_all:
                files.append(File.generated(config, uri, content=plan.source()))
            else:
                # Built by render.py; MkDocs keeps the file for links and URLs only.
                self.own.append(uri)
                files.append(self._own_file(config, uri))
        self._links_filter.ours = set(self.own)
        for name, content in self.export.items():
            if files.get_file_from_path(f"{EXPORT_DIR}/{name}") is None:
                files.append(File.generated(config, f"{EXPORT_DIR}/{name}", content=content))
        # The feed template sits among the theme's files; it is not a file to publish.
        template = files.get_file_from_path(FEED_TEMPLATE)
        if template is not None and not template.is_documentation_page():
            files.remove(template)
        self.feed_files = {}
        for language, feed_uri in FEED_URIS.items():
            if config.site_url and files.get_file_from_path(feed_uri) is None:
                # Filled in on_env, once the releases' pages have been rendered.
                self.feed_files[language] = File.generated(config, feed_uri, content="")
                files.append(self.feed_files[language])
        if not config.site_url:
            log.warning(
                f"site_url is not set in {Path(config.config_file_path or 'mkdocs.yml').name}, "
                f"so the news feed ({FEED_URI}) is not built: feed readers need absolute "
                "links. Set site_url to the address the site is published at."
            )
        self.files = files
        return files

    def _own_file(self, config: MkDocsConfig, uri: str) -> File:
        """The File of a page render.py writes. MkDocs never reads it, so it has no
        content; while serving, the same object serves every build (making tens of
        thousands of them is a good part of a rebuild)."""
        key = (uri, config.site_dir, config.use_directory_urls)
        file = self._own_files.get(key) if self.serving else None
        if file is None:
            file = File.generated(config, uri, content="", inclusion=InclusionLevel.EXCLUDED)
            if self.serving:
                self._own_files[key] = file
        file.page = None
        return file

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        self.zh_nav = translated_nav(nav, files)
        return nav

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        # Material prints page.meta.title (and description…) as HTML in <title>, <meta>
        # and the header; front matter is contributors' plain text.
        escape_meta(page.meta)
        uri = page.file.src_uri
        toc = config.mdx_configs.get("toc")
        if toc is not None:
            # the title of the headings' permalink marks, in the page's language
            toc["permalink_title"] = i18n.translate(self._permalink_title, language_of(uri))
        if uri in self.plans:
            plan = self.plans[uri]
            page.meta.setdefault("template", plan.template)
            page.meta.setdefault("hide", list(plan.hide))
        elif uri in self.news_by_uri:
            page.meta.setdefault("template", "catalog/news.html")
        return markdown

    def on_page_content(
        self, content: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if "title" not in page.meta and page.title:
            # a title taken from the first heading is HTML rendered from Markdown
            page.meta["title"] = clean_title(page.title)
        return clean_html(content, config.site_url)

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        # Material's own templates expect autoescape off; the catalog's templates get it on.
        env.autoescape = _autoescape
        env.filters.update(filters.FILTERS)
        env.filters.update(i18n.FILTERS)
        env.globals["t"] = i18n.t
        env.globals["translation_url"] = self._translation_url
        env.globals["campaign_site_name"] = self._site_name
        env.filters["link"] = self._link
        env.filters["address"] = self._address
        env.globals["catalog"] = self.catalog
        env.globals["campaign_search"] = self.config.search
        env.globals["stats"] = self.stats
        env.globals["content_security_policy"] = content_security_policy
        env.globals["matches"] = self.matches
        env.globals["campaign_office"] = self.config.office
        env.globals["interest_routes"] = self._interest_routes
        env.globals["campaign_headline"] = headline(self.catalog, self.today)
        env.globals["campaign_spotlight"] = spotlight_conference(self.catalog, self.today)
        env.globals["featured_demands"] = featured_demands(self.catalog, self.today)
        env.tests["expired"] = functools.partial(is_expired, today=self.today)
        env.filters["schema_org"] = self._schema_org
        helpers = template_helpers(self.today, self.catalog.fields)
        env.filters.update(helpers["filters"])
        env.globals.update(helpers["globals"])
        env.globals["campaign_sitemap"] = self._sitemap(files)
        env.globals["hreflang_links"] = hreflang_links(files)
        # the language selector; a site's own extra.alternate wins (alternate_links)
        env.globals["language_links"] = config.extra.get("alternate") or alternate_links()
        env.globals["campaign_memo"] = FragmentMemo()
        env.globals.update(sharing_globals())
        env.bytecode_cache = self.bytecode
        if self.serving:
            # MkDocs writes nothing before this point; the catalog's folders of the last
            # build come back before it does (site_reuse.py).
            own = (files.src_uris.get(uri) for uri in self.own)
            folders = {f.dest_uri.split("/", 1)[0] for f in own if f is not None}
            self.reuse.bring_back(config.site_dir, folders | set(BUNDLES))
        # Templates do not change during a build (`mkdocs serve` makes a new environment
        # for each), so Jinja need not check their files at every include.
        env.auto_reload = False
        self.env = env
        feeds = {}
        for language, feed_file in self.feed_files.items():
            feed = self._feed(config, files, language)
            feed_file.content_string = env.get_template(FEED_TEMPLATE).render(
                feed=feed,
                config=config,
                language=language,
                author=self.config.site_name_zh
                if language == "zh" and self.config.site_name_zh
                else config.site_author or config.site_name,
            )
            feeds[language] = {"src_uri": feed.src_uri, "title": feed.title}
        # feed-link.html and the news index pick the page's language's feed
        env.globals["campaign_feeds"] = feeds
        env.globals["campaign_feed"] = feeds.get("en")
        return env

    def _sitemap(self, files: Files) -> list[str]:
        """Addresses of the pages render.py writes, for theme/sitemap.xml (MkDocs lists
        only the pages of its own loop)."""
        urls = []
        for uri in self.own:
            file = files.src_uris.get(uri)
            if file is not None:
                urls.append(file.url)
        return urls

    def _feed(self, config: MkDocsConfig, files: Files, language: str = "en") -> Feed:
        def url_of(src_uri: str) -> str:
            file = files.get_file_from_path(src_uri)
            return file.url if file else src_uri

        def content_of(src_uri: str) -> str | None:
            file = files.get_file_from_path(src_uri)
            if (file is None or file.page is None) and src_uri.startswith(ZH_PREFIX):
                # a release without a Chinese version: its English text, as its page
                file = files.get_file_from_path(src_uri.removeprefix(ZH_PREFIX))
            return file.page.content if file and file.page else None

        return build_feed(
            self.catalog.news_sorted(),
            site_url=str(config.site_url),
            title=i18n.translate(
                "{site}: news",
                language,
                site=self.config.site_name_zh
                if language == "zh" and self.config.site_name_zh
                else config.site_name,
            ),
            url_of=url_of,
            content_of=content_of,
            limit=self.config.feed_size,
            today=self.today,
            language=language,
        )

    @pass_context
    def _link(self, context: Any, target: Any) -> str:
        """Relative URL from the page being rendered to an entry, news item or src path;
        on a Chinese page, to its Chinese version when there is one."""
        src = target if isinstance(target, str) else target.src_uri
        file = None
        if self.files is not None:
            # src_uris: paths here are already in MkDocs's form, no need to normalize
            if context.get("language") == "zh":
                file = self.files.src_uris.get(zh_uri(src))
            file = file or self.files.src_uris.get(src) or self.files.get_file_from_path(src)
        return normalize_url(file.url if file else src, page=context.get("page"))

    @pass_context
    def _address(self, context: Any, target: Any) -> str:
        """Absolute address of an entry, news item or src path, in the page's language
        (the QR codes of the printed conference catalog)."""
        src = target if isinstance(target, str) else target.src_uri
        file = None
        if self.files is not None:
            if context.get("language") == "zh":
                file = self.files.src_uris.get(zh_uri(src))
            file = file or self.files.src_uris.get(src)
        config = context.get("config")
        return absolute(config.site_url if config else None, file.url if file else src)

    @pass_context
    def _translation_url(self, context: Any, language: str) -> str | None:
        """URL of the page being rendered in ``language``, None when it has none."""
        page = context.get("page")
        if page is None or page.file is None or self.files is None:
            return None
        src = page.file.src_uri
        other = zh_uri(src) if language == "zh" else src.removeprefix(ZH_PREFIX)
        file = self.files.src_uris.get(other)
        return normalize_url(file.url, page=page) if file else None

    @pass_context
    def _interest_routes(self, context: Any, entry: Any, title: str) -> dict[str, str] | None:
        """The "Express interest" addresses of ``entry`` on the page being rendered."""
        page = context.get("page")
        config = context.get("config")
        url = None
        if page is not None and page.file is not None and config and config.site_url:
            url = urljoin(config.site_url, page.file.url)
        language = str(context.get("language") or "en")
        return interest_routes(self.config.office, entry.id, title, url, language)

    @pass_context
    def _site_name(self, context: Any) -> str:
        config = context.get("config")
        name = str(config.site_name) if config else ""
        if context.get("language") == "zh" and self.config.site_name_zh:
            return self.config.site_name_zh
        return name

    @pass_context
    def _schema_org(self, context: Any, item: Any) -> dict[str, Any]:
        """schema.org data of an entry or news release, with absolute addresses when
        site_url is set."""
        config = context.get("config")
        site_url = config.site_url if config else None
        language = str(context.get("language") or "en")

        def url_of(src_uri: str) -> str:
            # a Chinese page links to the Chinese version of a page, where there is one
            files = self.files.src_uris if self.files else {}
            file = (files.get(zh_uri(src_uri)) if language == "zh" else None) or files.get(src_uri)
            url = file.url if file else src_uri
            if site_url:
                # MkDocs ends site_url with '/', and page URLs are relative to it (the
                # home page's is './')
                url = url.removeprefix("./")
                return site_url + url if site_url.endswith("/") else urljoin(site_url, url)
            return normalize_url(url, page=context.get("page"))

        home = url_of("index.md")
        publisher = {"@type": "Organization", "name": self._site_name(context), "url": home}
        return describe(item, self.catalog, url_of, language, publisher)

    @event_priority(100)  # before Material's search plugin reads the page
    def _page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        uri = page.file.src_uri
        language = language_of(uri)
        context["language"] = language
        if uri in self.plans:
            plan_context = self.plans[uri].context
            context.update(plan_context)
            if self.config.search == "material" and "entry" in plan_context and self.env:
                # Material's search indexes page.content, which holds an entry's
                # description only: the summary and keywords are in the template.
                self._shown_content[page.file.src_uri] = page.content or ""
                extra = self.env.get_template(MATERIAL_SEARCH_TEXT).render(plan_context)
                page.content = extra + (page.content or "")
        elif uri in self.news_by_uri:
            context["news_item"] = self.news_by_uri[uri]
        if language == "zh" and self.zh_nav is not None:
            context["nav"] = self.zh_nav
        # A page outside the navigation (an entry, a release, a later listing page)
        # belongs to its folder's section: Material marks that tab active, and the
        # breadcrumb (theme/catalog/breadcrumb.html) leads back to it.
        section = section_page(page, context.get("nav"))
        context["campaign_section"] = section
        if section is not None:
            section.active = True
            self._lit = section
        return context

    @event_priority(-100)  # after every other plugin, Material's search among them
    def _page_context_done(
        self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> Any:
        shown = self._shown_content.pop(page.file.src_uri, None)
        if shown is not None:
            page.content = shown
        return context

    on_page_context = CombinedEvent(_page_context, _page_context_done)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self._lit is not None:
            self._lit.active = False
            self._lit = None
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        self._render_own(config)
        # Material's language selector looks the page up in <language root>/sitemap.xml.
        write_language_sitemap(site, str(config.site_url or ""), ZH_PREFIX)
        if self.config.search == "pagefind":
            if self.serving and all(b in self.reuse.moved for b in BUNDLES):
                # Pagefind takes as long as the rest of a large build; a preview's search
                # may lag behind its pages.
                log.info(
                    "Search index: kept from the first build of this `mkdocs serve` "
                    "session; restart it to search the edits"
                )
            else:
                self._search_index(site)
        if self.serving:
            # every file of this build: MkDocs's, and the catalog pages (in Files too)
            written = {f.abs_dest_path for f in self.files or [] if f.abs_dest_path}
            written.add(str(site / ZH_PREFIX / "sitemap.xml"))
            self.reuse.sweep(str(site), written)
            self.reuse.discard()
            collect_later()

    def on_build_error(self, *, error: Exception) -> None:
        if self.serving:
            collect_later()

    def _search_index(self, site: Path) -> None:
        try:
            reports = build_search_index(site, self.config.search_shard_pages)
        except SearchIndexError as exc:
            raise PluginError(str(exc)) from None
        for r in reports:
            log.info(
                f"Search index {r.bundle}/ ({r.language}): {r.shards} "
                f"shard{'s' if r.shards != 1 else ''}, {r.files} files, "
                f"{r.bytes / 1e6:.1f} MB in {r.seconds:.1f} s"
            )

    def _render_own(self, config: MkDocsConfig) -> None:
        """Render the pages left out of MkDocs's loop."""
        if self.files is None or self.nav is None or self.env is None:
            return
        fingerprints = None
        if self.serving:
            fingerprints = Fingerprinter(
                self._epoch(config), self.catalog, self.matches, self.stats, self.digests
            )
        jobs, written, unchanged = [], {}, 0
        for uri in self.own:
            file = self.files.src_uris.get(uri)
            if file is None:
                continue
            plan = self.plans[uri]
            if fingerprints is not None:
                fingerprint = fingerprints.page(plan)
                if fingerprint is not None:
                    written[uri] = fingerprint
                    same = self.page_fingerprints.get(uri) == fingerprint
                    if same and os.path.exists(file.abs_dest_path):
                        unchanged += 1  # moved back from the last build, and still right
                        continue
            jobs.append(RenderJob(file, plan.title, plan.markdown, plan.template))
        self.page_fingerprints = {}  # until the pages are written, none can be trusted
        try:
            report = render_pages(
                jobs,
                config=config,
                files=self.files,
                nav=self.nav,
                env=self.env,
                workers=self.config.workers,
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
            self.page_fingerprints = written
            self.digests = fingerprints.digests

    def _epoch(self, config: MkDocsConfig) -> str:
        """What every catalog page depends on (see fingerprint.py)."""
        nav = self.nav
        pages = [(p.title, p.url) for p in nav.pages] if nav is not None else []
        taxonomy = self.catalog.taxonomy.model_dump_json() if self.catalog.taxonomy else ""
        return "\n".join(
            [
                Path(config.config_file_path or "").read_text(encoding="utf-8")
                if config.config_file_path
                else "",
                str(config.site_url),
                repr(dict(self.config)),
                tree_state([config.theme.custom_dir] if config.theme.custom_dir else []),
                repr(pages),
                taxonomy,
                self.today.isoformat(),
            ]
        )

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        catalog = self._root(config) / self.config.catalog_dir
        if self.watch is None and catalog.is_dir():
            watch = CatalogWatch(catalog)
            if watch.start():
                self.watch = watch
        # MkDocs polls what it watches; with the relay it polls one file, not the catalog
        server.watch(str(self.watch.signal_dir if self.watch else catalog))
        return server

    def on_shutdown(self) -> None:
        if self.watch is not None:
            self.watch.stop()
            self.watch = None


def section_page(page: Page, nav: Navigation | None) -> Page | None:
    """The navigation's page of the section a page outside the navigation is in: the
    nearest index page of a folder above it (``demands/index.md`` for
    ``demands/lab.md`` or ``demands/page/2.md``). None for a page in the navigation, or
    one in no section (the home page's folder is none)."""
    if nav is None or page.file is None or any(p is page for p in nav.pages):
        return None
    src = page.file.src_uri
    best: Page | None = None
    for candidate in nav.pages:
        if candidate.file is None or posixpath.basename(candidate.file.src_uri) != "index.md":
            continue
        folder = posixpath.dirname(candidate.file.src_uri)
        if not folder or candidate is nav.homepage or not src.startswith(folder + "/"):
            continue
        if best is None or len(folder) > len(posixpath.dirname(best.file.src_uri)):
            best = candidate
    return best


def _nav_paths(nav: Any) -> list[str]:
    """Every page path named in the nav setting of mkdocs.yml."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in _nav_paths(value)]
    if isinstance(nav, list):
        return [p for value in nav for p in _nav_paths(value)]
    return []


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept between the builds of one `mkdocs serve` session (MkDocs
    makes a new Jinja environment for each build). Jinja checks each template's source
    against its checksum, so an edited template is compiled again."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._store:
            bucket.bytecode_from_string(self._store[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()
