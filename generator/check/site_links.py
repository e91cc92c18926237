"""Check a built site's internal links: every target file exists, every #anchor is an id.

MkDocs validates links between Markdown pages, but not the links the catalog's templates
write, nor anchors into generated pages; this reads the HTML that visitors get.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Which attribute of which tag points somewhere a visitor's browser will go or load
# (an SVG <use>: a symbol of the site's icon sprite, ``site/icons.py``).
LINK_ATTRS = {
    "a": "href",
    "link": "href",
    "img": "src",
    "script": "src",
    "iframe": "src",
    "use": "href",
}
# Files whose ids an #anchor may name: pages, and SVG files (the icon sprite's symbols).
ANCHORED = (".html", ".svg")


@dataclass(frozen=True, order=True)
class BrokenLink:
    page: str
    """The page holding the link, relative to the site folder."""
    href: str
    reason: str

    def format(self) -> str:
        return f"{self.page}: broken link → {self.href} ({self.reason})"


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("name"):
            self.ids.add(str(values["name"]))
        target = values.get(LINK_ATTRS.get(tag, ""))
        if target is not None:
            self.links.append(target)


@dataclass
class _Page:
    ids: set[str]
    links: list[str]


class _Site:
    """Parses each page once, when it is first needed."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.pages: dict[str, _Page] = {}

    def page(self, rel: str) -> _Page:
        if rel not in self.pages:
            parser = _PageParser()
            parser.feed((self.root / rel).read_text(encoding="utf-8", errors="replace"))
            parser.close()
            self.pages[rel] = _Page(parser.ids, parser.links)
        return self.pages[rel]

    def resolve(self, rel: str) -> str | None:
        """The file a site path is served from (a folder serves its index.html)."""
        path = self.root / rel
        if path.is_dir():
            rel = posixpath.join(rel, "index.html") if rel else "index.html"
            path = self.root / rel
        return rel if path.is_file() else None


def _check_link(site: _Site, page: str, href: str, base_path: str) -> str | None:
    """Why ``href`` on ``page`` is broken, or None when it is fine or not internal."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not (parts.path or parts.fragment):
        return None  # another site, mailto:, data:, or a bare '#'
    path = unquote(parts.path)
    rel = page
    if path:
        if path.startswith("/"):
            if not path.startswith(base_path):
                return f"outside the site's base path {base_path}"
            joined = path[len(base_path) :]
        else:
            joined = posixpath.join(posixpath.dirname(page), path)
        normal = posixpath.normpath(joined) if joined else "."
        if normal == ".." or normal.startswith("../"):
            return "points outside the site"
        found = site.resolve("" if normal == "." else normal)
        if found is None:
            return f"no file {normal}"
        rel = found
    fragment = unquote(parts.fragment)
    if fragment and rel.endswith(ANCHORED) and fragment not in site.page(rel).ids:
        return f"no id '{fragment}' in {rel}"
    return None


def check_links(site_dir: Path, base_path: str = "/") -> tuple[list[BrokenLink], int]:
    """Every broken internal link in the HTML under ``site_dir``, and the number of pages.

    Links starting with '/' are read as under ``base_path``: the path of the site's URL,
    '/' when it is served at the root of its domain.
    """
    base_path = base_path if base_path.endswith("/") else f"{base_path}/"
    site = _Site(site_dir)
    pages = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))
    broken = []
    for page in pages:
        for href in site.page(page).links:
            if reason := _check_link(site, page, href.strip(), base_path):
                broken.append(BrokenLink(page, href, reason))
    return sorted(set(broken)), len(pages)
