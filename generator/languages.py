"""The Chinese half of the site: navigation, language selector and sitemap.

English pages live at the site root, Chinese ones under zh/. MkDocs builds one
navigation; ``translated_nav`` derives the Chinese one from it once per build (the
plugin hands it to the Chinese pages), and ``write_language_sitemap`` writes the
zh/sitemap.xml that Material's language selector reads.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from .catalog import zh_uri
from .i18n import translate


def alternate_links() -> list[dict[str, str]]:
    """Material's ``extra.alternate``: the language selector's entries. Links are
    relative to the site root, so the site works under any path (GitHub Pages)."""
    return [
        {"name": "English", "link": "./", "lang": "en"},
        {"name": "中文", "link": "zh/", "lang": "zh"},
    ]


def translated_nav(nav: Navigation, files: Files) -> Navigation:
    """The Chinese navigation: each page replaced by its zh/ counterpart (or, without
    one, a link to the English page), section titles translated."""
    pages: list[Page] = []

    def convert(item: Any) -> Any:
        if isinstance(item, Page):
            file = files.get_file_from_path(zh_uri(item.file.src_uri))
            if file is None or file.page is None:
                return Link(translate(item.title or "", "zh"), item.file.url)
            pages.append(file.page)
            return file.page
        if isinstance(item, Section):
            section = Section(
                translate(item.title, "zh"), [c for c in map(convert, item.children) if c]
            )
            for child in section.children:
                child.parent = section
            return section
        if isinstance(item, Link):
            return Link(translate(item.title, "zh"), item.url)
        return None

    items = [c for c in map(convert, nav.items) if c is not None]
    zh_nav = Navigation(items, pages)
    for previous, page in zip([None, *pages], pages, strict=False):
        page.previous_page = previous
        if previous is not None:
            previous.next_page = page
    if pages:
        pages[-1].next_page = None
    home = files.get_file_from_path(zh_uri("index.md"))
    if home is not None and home.page is not None:
        zh_nav.homepage = home.page
    return zh_nav


_URL = re.compile(r"<url>.*?</url>\s*", re.S)
_LOC = re.compile(r"<loc>\s*([^<]*?)\s*</loc>")


def write_language_sitemap(site_dir: Path, site_url: str, prefix: str) -> Path | None:
    """Write ``<prefix>sitemap.xml`` listing the pages under ``prefix`` (from the site's
    sitemap.xml, which lists every page). Returns its path, None without a sitemap."""
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file():
        return None
    text = sitemap.read_text(encoding="utf-8")
    root = (urlsplit(site_url).path or "/") if site_url else "/"
    under = root.rstrip("/") + "/" + prefix
    first = _URL.search(text)
    head = text[: first.start()] if first else text
    kept = [
        block
        for block in _URL.findall(text)
        if (loc := _LOC.search(block)) and urlsplit(loc.group(1)).path.startswith(under)
    ]
    tail = text[text.rfind("</urlset>") :] if "</urlset>" in text else "</urlset>\n"
    out = site_dir / prefix / "sitemap.xml"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(head + "".join(kept) + tail, encoding="utf-8")
    return out
