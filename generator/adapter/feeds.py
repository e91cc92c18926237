"""The news feeds (``publish/feed.py``), rendered through the theme's feed template
into the files ``site_files.py`` added, once the releases' pages have their HTML."""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from generator.adapter.config import CatalogPluginConfig
from generator.model.catalog import ZH_PREFIX, Catalog
from generator.publish.feed import FEED_TEMPLATE, Feed, build_feed
from generator.site import i18n
from generator.site.urls import SiteUrls


def render_feeds(
    feed_files: dict[str, File],
    env: Any,
    *,
    config: MkDocsConfig,
    options: CatalogPluginConfig,
    files: Files,
    urls: SiteUrls,
    catalog: Catalog,
    today: Any,
) -> dict[str, dict[str, str]]:
    """Fill in each language's feed file; returns, by language, the feed's ``src_uri``
    and ``title`` (the templates' ``campaign_feeds``)."""
    feeds = {}
    for language, feed_file in feed_files.items():
        name = _site_name(config, options, language)
        feed = build_feed(
            catalog.news_sorted(),
            site_url=str(config.site_url),
            title=i18n.translate("{site}: news", language, site=name),
            url_of=lambda src: urls.url(src) or src,
            content_of=lambda src: _content(files, src),
            limit=options.feed_size,
            today=today,
            language=language,
        )
        feed_file.content_string = _render(env, feed, config, options, language)
        feeds[language] = {"src_uri": feed.src_uri, "title": feed.title}
    return feeds


def _site_name(config: MkDocsConfig, options: CatalogPluginConfig, language: str) -> str:
    if language == "zh" and options.site_name_zh:
        return options.site_name_zh
    return config.site_name


def _content(files: Files, src_uri: str) -> str | None:
    """The rendered body of a release's page; a release without a Chinese version has
    its English text on its Chinese page."""
    file = files.get_file_from_path(src_uri)
    if (file is None or file.page is None) and src_uri.startswith(ZH_PREFIX):
        file = files.get_file_from_path(src_uri.removeprefix(ZH_PREFIX))
    return file.page.content if file and file.page else None


def _render(
    env: Any, feed: Feed, config: MkDocsConfig, options: CatalogPluginConfig, language: str
) -> str:
    author = (
        options.site_name_zh
        if language == "zh" and options.site_name_zh
        else config.site_author or config.site_name
    )
    return str(
        env.get_template(FEED_TEMPLATE).render(
            feed=feed, config=config, language=language, author=author
        )
    )
