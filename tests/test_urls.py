"""generator/site/urls.py: the site's URL rules, the same as MkDocs's own."""

from __future__ import annotations

import itertools

import pytest
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url

from generator.site.urls import SiteUrls, absolute_url, page_url, relative_url

SOURCES = [
    "index.md",
    "about.md",
    "README.md",
    "demands/index.md",
    "demands/defect-ai.md",
    "demands/page/2.md",
    "news/2020/index.md",
    "news/2020-07-08-meeting.md",
    "zh/index.md",
    "zh/demands/defect-ai.md",
    "conferences/acme-river-2020/catalog.md",
    "news/images/results.svg",
    "export/catalog.json",
    "a b/ü.md",
]


def _file(src: str, directory_urls: bool) -> File:
    return File(src, src_dir=None, dest_dir="/site", use_directory_urls=directory_urls)


@pytest.mark.parametrize("directory_urls", [True, False])
def test_page_url_is_mkdocss_file_url(directory_urls):
    for src in SOURCES:
        file = _file(src, directory_urls)
        assert page_url(src, directory_urls=directory_urls) == file.url, src


def test_page_url_examples():
    assert page_url("demands/x.md") == "demands/x/"
    assert page_url("demands/index.md") == "demands/"
    assert page_url("index.md") == "./"


TARGETS = [
    "./",
    "",
    ".",
    "demands/",
    "demands/defect-ai/",
    "zh/demands/defect-ai/",
    "news/images/results.svg",
    "export/catalog.json",
    "../outside/",
    "../../up/two.html",
    "a/../b/",
    "#top",
    "/absolute/path/",
    "https://example.org/x/",
    "mailto:office@example.org",
    "demands/defect-ai/#contact",
    "demands/?status=open",
]
FROM_PAGES = ["index.md", "demands/index.md", "demands/page/2.md", "zh/news/2020/index.md"]


@pytest.mark.parametrize("directory_urls", [True, False])
def test_relative_url_is_mkdocss_normalize_url(directory_urls):
    for target, src in itertools.product(TARGETS, FROM_PAGES):
        page = Page(None, _file(src, directory_urls), {})  # type: ignore[arg-type]
        assert relative_url(target, page.url) == normalize_url(target, page), (target, src)
    for target in TARGETS:
        assert relative_url(target, None) == normalize_url(target), target


def test_absolute_url():
    assert absolute_url("https://example.org/campaign/", "demands/x/") == (
        "https://example.org/campaign/demands/x/"
    )
    assert absolute_url("https://example.org/campaign/", "./") == "https://example.org/campaign/"
    assert absolute_url("https://example.org/campaign", "a/") == "https://example.org/campaign/a/"
    assert absolute_url(None, "demands/x/") == "/demands/x/"


def test_site_urls_in_the_pages_language():
    urls = SiteUrls.for_paths(
        ["index.md", "zh/index.md", "demands/x.md", "zh/demands/x.md", "demands/y.md"]
    )
    # a Chinese page links to the Chinese version where there is one
    assert urls.link("demands/x.md", "zh", "zh/demands/") == "x/"
    assert urls.link("demands/y.md", "zh", "zh/demands/") == "../../demands/y/"
    assert urls.link("demands/x.md", "en", "demands/y/") == "../x/"
    assert urls.link("demands/./x.md", "en", "demands/") == "x/"
    assert urls.link("nowhere.md", "en", "demands/") == "../nowhere.md"
    assert urls.address("demands/x.md", "zh", "https://e.org/") == "https://e.org/zh/demands/x/"
    assert urls.translation("demands/x.md", "zh", "demands/x/") == "../../zh/demands/x/"
    assert urls.translation("demands/y.md", "zh", "demands/y/") is None
    assert urls.versions("demands/x/") == [
        ("en", "demands/x/"),
        ("zh", "zh/demands/x/"),
        ("x-default", "demands/x/"),
    ]
    assert urls.versions("./") == [("en", ""), ("zh", "zh/"), ("x-default", "")]
    assert urls.versions("demands/y/") == []


def test_site_urls_are_equal_when_every_lookup_answers_the_same():
    """A preview keeps its sitemaps when this build's table equals the last one's
    (adapter/sitemaps.py): the order the pages are listed in does not count, the page
    a URL leads to does."""
    paths = ["index.md", "demands/a.md", "demands/b.md", "zh/demands/a.md"]
    table = SiteUrls.for_paths(paths)
    assert table == SiteUrls.for_paths(reversed(paths))
    assert table != SiteUrls.for_paths(paths[:-1])
    # two pages at one address: the one listed last is the page there
    both = {"index.md": "./", "README.md": "./"}
    first = SiteUrls(both, ["index.md", "README.md"])
    second = SiteUrls(both, ["README.md", "index.md"])
    assert first != second
    assert first == SiteUrls(both, ["index.md", "README.md"])
