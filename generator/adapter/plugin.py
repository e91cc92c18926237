"""The MkDocs plugin: MkDocs's events, each handed to the module that does the work.

on_pre_build   catalog_build.py   the catalog's stages (generator/pipeline.py)
on_files       site_files.py      the catalog's pages, open data and feeds
on_nav         languages.py       the Chinese navigation
on_env         template_env.py    filters and globals; feeds.py the news feeds;
               icon_sprite.py     the frame's icons; frame_script.py its
                                  script-only parts; script_bundle.py the
                                  catalog's scripts
on_page_*      page_context.py    language, plan context, section; sanitize.py
on_post_build  own_pages.py       the pages rendered outside MkDocs's loop;
               pagefind.py        the search index; size_check.py the size budget
serve          serve_cache.py     what `mkdocs serve` keeps between builds;
               sitemaps.py        the sitemaps, written again when their pages change
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.adapter import template_env
from generator.adapter.catalog_build import BuiltCatalog, build_catalog, project_root
from generator.adapter.config import CatalogPluginConfig
from generator.adapter.feeds import render_feeds
from generator.adapter.frame_script import add_frame_script
from generator.adapter.icon_sprite import add_icon_sprite
from generator.adapter.languages import translated_nav, write_language_sitemap
from generator.adapter.log_filter import QuietOwnPageLinks
from generator.adapter.material_search import SearchTextSwap
from generator.adapter.own_pages import render_own_pages
from generator.adapter.page_context import PageContext
from generator.adapter.pagefind import index_site
from generator.adapter.script_bundle import add_script_bundle
from generator.adapter.serve_cache import ServeCache
from generator.adapter.site_files import CatalogFiles, add_catalog_files, site_urls
from generator.adapter.sitemaps import sitemap_inputs
from generator.adapter.size_check import check_size
from generator.derive.words import release_segmenter
from generator.load.watch import CatalogWatch
from generator.model.catalog import ZH_PREFIX, language_of
from generator.processes import collect_later, pause_collector
from generator.publish.search_index import BUNDLES
from generator.site import i18n
from generator.site.html_whitespace import collapse_whitespace
from generator.site.sanitize import clean_html, clean_title, escape_meta
from generator.site.sharing import deploy_problem

PERMALINK_TITLE = "Permanent link"
"""Python-Markdown's toc extension's default ``permalink_title``."""


class CatalogPlugin(BasePlugin[CatalogPluginConfig]):
    def __init__(self) -> None:
        self.built = BuiltCatalog()
        self.added = CatalogFiles()
        self.files: Files | None = None
        self.nav: Navigation | None = None
        self.env: Any = None
        self.command = "build"
        self.cache = ServeCache()
        self.page_context = PageContext()
        self.watch: CatalogWatch | None = None
        self._permalink_title = PERMALINK_TITLE
        self._quiet_links = QuietOwnPageLinks().install()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # The plugin object lives as long as `mkdocs serve`: what one build worked out
        # is kept for the next.
        self.cache.serving = command == "serve"
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
        self.page_context.search_text = (
            SearchTextSwap() if self.config.search == "material" else None
        )
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.cache.serving:
            # A rebuild spends a fifth of its time in the cycle collector walking what
            # the session keeps (the loaded catalog, the caches); it runs after the
            # rebuild instead, while the browser reloads.
            pause_collector()
        # Every stage before rendering, before MkDocs cleans site/: a bad catalog leaves
        # the last site intact.
        self.built = build_catalog(config, self.config, self.cache, self.built)
        if self.cache.serving:
            self.cache.reuse.set_aside(config.site_dir)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.added = add_catalog_files(
            files,
            config,
            plans=self.built.plans,
            export=self.built.export,
            facet_files=self.built.facet_files,
            # Material's search plugin indexes the pages of MkDocs's own loop only.
            own_loop=self.config.own_loop and self.config.search != "material",
            cache=self.cache,
        )
        self._quiet_links.quiet(self.added.own)
        self.files = files
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        self.page_context.zh_nav = translated_nav(nav, files)
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
        if uri in self.built.plans:
            plan = self.built.plans[uri]
            page.meta.setdefault("template", plan.template)
            page.meta.setdefault("hide", list(plan.hide))
        elif uri in self.built.news_by_uri:
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
        urls = site_urls(files)
        own = self.added.own
        template_env.install(
            env, config=config, options=self.config, built=self.built, urls=urls, own=own
        )
        add_icon_sprite(env, config=config, files=files)
        if self.config.frame_script:
            add_frame_script(env, config=config, files=files)
        add_script_bundle(env, config=config, files=files, search=self.config.search)
        env.bytecode_cache = self.cache.bytecode
        if self.cache.serving:
            # MkDocs writes nothing before this point; the catalog's folders of the last
            # build come back before it does (site_reuse.py).
            pages = (files.src_uris.get(uri) for uri in own)
            folders = {f.dest_uri.split("/", 1)[0] for f in pages if f is not None}
            self.cache.reuse.bring_back(config.site_dir, folders | set(BUNDLES))
            inputs = sitemap_inputs(config, files, env, env.globals["campaign_sitemap"], urls)
            self.cache.sitemaps.before_templates(config, inputs, self.cache.reuse)
        # Templates do not change during a build (`mkdocs serve` makes a new environment
        # for each), so Jinja need not check their files at every include.
        env.auto_reload = False
        self.env = env
        feeds = render_feeds(
            self.added.feeds,
            env,
            config=config,
            options=self.config,
            files=files,
            urls=urls,
            catalog=self.built.catalog,
            today=self.built.today,
        )
        # feed-link.html and the news index pick the page's language's feed
        env.globals["campaign_feeds"] = feeds
        env.globals["campaign_feed"] = feeds.get("en")
        return env

    @event_priority(100)  # before Material's search plugin reads the page
    def _page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        return self.page_context.fill(context, page, self.built, self.env)

    @event_priority(-100)  # after every other plugin, Material's search among them
    def _page_context_done(
        self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> Any:
        self.page_context.done(page)
        return context

    on_page_context = CombinedEvent(_page_context, _page_context_done)

    @event_priority(-100)  # after every other plugin: the page is complete
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        self.page_context.rendered()
        return collapse_whitespace(output)

    @event_priority(-100)
    def on_post_template(self, output: str, *, template_name: str, config: MkDocsConfig) -> str:
        # the theme's own pages (404.html); sitemap.xml is left as it is
        return collapse_whitespace(output) if template_name.endswith(".html") else output

    def _post_build(self, *, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        if self.files is not None and self.nav is not None and self.env is not None:
            render_own_pages(
                self.added.own,
                self.built,
                config=config,
                options=self.config,
                files=self.files,
                nav=self.nav,
                env=self.env,
                cache=self.cache,
            )
        # Material's language selector looks the page up in <language root>/sitemap.xml.
        if self.cache.serving:
            self.cache.sitemaps.write(site, str(config.site_url or ""))
        else:
            write_language_sitemap(site, str(config.site_url or ""), ZH_PREFIX)
        if self.config.search == "pagefind":
            if not self.cache.serving:
                # Nothing segments Chinese after rendering; a preview's next rebuild does.
                release_segmenter()
            index_site(site, self.config.search_shard_pages, self.cache)
        if self.cache.serving:
            # every file of this build: MkDocs's, and the catalog pages (in Files too)
            written = {f.abs_dest_path for f in self.files or [] if f.abs_dest_path}
            written.add(str(site / ZH_PREFIX / "sitemap.xml"))
            self.cache.reuse.sweep(str(site), written)
            self.cache.reuse.discard()
            collect_later()

    @event_priority(-100)  # after every other plugin: the site is complete
    def _size_budget(self, *, config: MkDocsConfig) -> None:
        if not self.cache.serving:  # a preview is not published
            check_size(Path(config.site_dir), self.config.site_budget_mb)

    on_post_build = CombinedEvent(_post_build, _size_budget)

    def on_build_error(self, *, error: Exception) -> None:
        if self.cache.serving:
            self.cache.sitemaps.done()
            collect_later()

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        catalog = project_root(config) / self.config.catalog_dir
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
