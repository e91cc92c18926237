"""Page addresses: where each docs path is published, and how one page links to another.

The site's URL rules in one place, for the pages (the adapter's template filters, the
feeds, the sitemap, schema.org data) and the open-data export alike. No MkDocs here:

- ``page_url``: a docs path's address relative to the site root, by MkDocs's rules with
  ``use_directory_urls`` (``demands/x.md`` → ``demands/x/``, ``demands/index.md`` →
  ``demands/``, ``index.md`` → ``./``). The export uses it: it runs before MkDocs has
  worked out any address.
- ``counterpart``: a page's path in the other language (``zh/`` prefix).
- ``relative_url``: the URL from one page to another, exactly as MkDocs's
  ``mkdocs.utils.normalize_url(url, page)`` gives it (``tests/test_adapter_internals.py``
  compares them).
- ``absolute_url``: an address from ``site_url``.
- ``SiteUrls``: one build's table of docs path → URL, as the engine published each file
  (the adapter makes it from MkDocs's ``Files`` once per build), and the lookups the
  templates make of it: a page's URL in the language of the page linking to it, its
  address, its translation, its language versions.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath
from urllib.parse import quote, urljoin, urlsplit

from generator.model.catalog import ZH_PREFIX, zh_uri

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")


def page_url(src_uri: str, *, directory_urls: bool = True) -> str:
    """The address of the page of ``src_uri`` relative to the site root, as MkDocs's
    ``File.url`` gives it: 'demands/x.md' → 'demands/x/', 'demands/index.md' (or
    'README.md') → 'demands/', 'index.md' → './'. A file that is not Markdown keeps its
    path."""
    parent, filename = posixpath.split(src_uri)
    stem, ext = posixpath.splitext(filename)
    if not src_uri.endswith(MARKDOWN_SUFFIXES):
        dest = src_uri
    else:
        stem = "index" if stem == "README" else stem
        if not directory_urls or stem == "index":
            dest = posixpath.join(parent, stem + ".html")
        else:
            dest = posixpath.join(parent, stem, "index.html")
    folder, name = posixpath.split(dest)
    if directory_urls and name == "index.html":
        dest = (folder or ".") + "/"
    return quote(dest)


def counterpart(src_uri: str, language: str) -> str:
    """The docs path of ``src_uri``'s page in ``language`` ('en' or 'zh')."""
    return zh_uri(src_uri) if language == "zh" else src_uri.removeprefix(ZH_PREFIX)


@functools.cache
def _parts(path: str) -> list[str]:
    if not path.startswith("/"):
        path = "/" + path
    path = posixpath.normpath(path)[1:]
    return path.split("/") if path else []


@functools.cache
def _levels_up(path: str) -> int:
    """-1 for a URL that is not relative (a scheme, a host, '/…' or '#…'), else how many
    folders it starts by going up."""
    split = urlsplit(path)
    if split.scheme or split.netloc or path.startswith(("/", "#")):
        return -1
    norm = posixpath.normpath(path) + "/"
    level = 0
    while norm.startswith("../", level * 3):
        level += 1
    return level


def _relative(url: str, other: str) -> str:
    """MkDocs's ``get_relative_url``: ``url`` seen from ``other`` (both site-relative)."""
    folder, _, name = other.rpartition("/")
    if "." in name:
        other = folder
    other_parts, dest_parts = _parts(other), _parts(url)
    common = 0
    for a, b in zip(other_parts, dest_parts, strict=False):
        if a != b:
            break
        common += 1
    rel = "/".join([".."] * (len(other_parts) - common) + dest_parts[common:]) or "."
    return rel + "/" if url.endswith("/") else rel


def relative_url(url: str, from_url: str | None) -> str:
    """``url`` (relative to the site root) as a link on the page at ``from_url``; a URL
    that is not relative, or no page, gives ``url`` as it is. MkDocs's
    ``normalize_url(url, page)``."""
    path = (url or ".").replace("\\", "/")
    level = _levels_up(path)
    if level == -1 or from_url is None:
        return path
    result = _relative(path, from_url)
    return "../" * level + result if level > 0 else result


def absolute_url(site_url: str | None, url: str) -> str:
    """``url`` (relative to the site root, as MkDocs's page.url) made absolute; without a
    ``site_url``, an address from the server's root."""
    if not site_url:
        return "/" + url.lstrip("/")
    base = site_url if site_url.endswith("/") else site_url + "/"
    return urljoin(base, url)


class SiteUrls:
    """One build's addresses: docs path → URL relative to the site root, as the engine
    published each file. A path the table does not know stands for itself."""

    def __init__(self, urls: Mapping[str, str] | None = None, pages: Iterable[str] = ()) -> None:
        """``urls``: every file's; ``pages``: the docs paths of the pages among them
        (the language versions of a URL are looked up among pages only)."""
        self._urls = dict(urls or {})
        self._pages = list(pages)
        self._by_url: dict[str, str] | None = None

    def __eq__(self, other: object) -> bool:
        """Two tables are equal when they give every path the same URL and every URL
        of a page the same path: every lookup gives the same answer, in whatever order
        the pages were listed (an edited title moves an entry in the order of the
        catalog's pages, and a preview then keeps its sitemaps)."""
        if not isinstance(other, SiteUrls):
            return NotImplemented
        return self._urls == other._urls and self._page_by_url() == other._page_by_url()

    def _page_by_url(self) -> dict[str, str]:
        """URL → the docs path of the page there (the last one listed, if several)."""
        if self._by_url is None:
            self._by_url = {self._urls[p]: p for p in self._pages if p in self._urls}
        return self._by_url

    @classmethod
    def for_paths(cls, paths: Iterable[str], *, directory_urls: bool = True) -> SiteUrls:
        """A table made by the rules alone (``page_url``), where no engine has run."""
        paths = list(paths)
        urls = {p: page_url(p, directory_urls=directory_urls) for p in paths}
        return cls(urls, [p for p in paths if p.endswith(MARKDOWN_SUFFIXES)])

    def url(self, src_uri: str) -> str | None:
        """The URL of ``src_uri`` (also written 'a/./b.md' or 'a//b.md'); None when
        there is no such file."""
        found = self._urls.get(src_uri)
        if found is None:
            found = self._urls.get(PurePosixPath(src_uri).as_posix())
        return found

    def in_language(self, src_uri: str, language: str) -> str:
        """The URL of ``src_uri``'s page as a page in ``language`` links to it: a
        Chinese page to the Chinese version where there is one."""
        found = self._urls.get(zh_uri(src_uri)) if language == "zh" else None
        return found or self.url(src_uri) or src_uri

    def link(self, src_uri: str, language: str, from_url: str | None) -> str:
        """Relative URL from the page at ``from_url`` to ``src_uri``'s page, in
        ``language``."""
        return relative_url(self.in_language(src_uri, language), from_url)

    def address(self, src_uri: str, language: str, site_url: str | None) -> str:
        """Absolute address of ``src_uri``'s page, in ``language``."""
        return absolute_url(site_url, self.in_language(src_uri, language))

    def translation(self, src_uri: str, language: str, from_url: str | None) -> str | None:
        """Relative URL from the page at ``from_url`` to the page of ``src_uri`` in
        ``language``; None when there is no such page."""
        found = self._urls.get(counterpart(src_uri, language))
        return relative_url(found, from_url) if found is not None else None

    def versions(self, url: str) -> list[tuple[str, str]]:
        """The language versions of the page at ``url`` as (hreflang, URL) pairs,
        English also as ``x-default``; none for a page in one language only."""
        src = self._page_by_url().get(url)
        if src is None:
            return []
        english = src.removeprefix(ZH_PREFIX)
        en, zh = self._urls.get(english), self._urls.get(zh_uri(english))
        if en is None or zh is None:
            return []
        home = en.removeprefix("./")  # the home page's URL is './'
        return [("en", home), ("zh", zh), ("x-default", home)]
