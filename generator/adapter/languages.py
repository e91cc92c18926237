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

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from generator.model.catalog import zh_uri
from generator.site.i18n import translate


def alternate_links() -> list[dict[str, str]]:
    """The language selector's entries, in the form of Material's ``extra.alternate``.
    Links are relative to the site root, so the site works under any path (GitHub
    Pages).

    The plugin hands them to the header (``language_links``) rather than setting
    ``extra.alternate``: from that setting Material's base template writes
    ``<link rel="alternate" hreflang>`` links to the language roots into every page,
    which say the English version of /demands/ is the Chinese home page, and are
    relative, which search engines reject. Each page's real counterpart is named in
    the sitemap instead (``hreflang_links``: ``site.urls.SiteUrls.versions``)."""
    return [
        {"name": "English", "link": "./", "lang": "en"},
        {"name": "中文", "link": "zh/", "lang": "zh"},
    ]


HOME = "index.md"
FALLBACK_META = "translation_fallback"
"""Front-matter key of a Chinese page generated from an English one (see
``fallback_home``): its templates show the missing-translation notice."""

# Relative targets of inline links/images and of reference definitions in Markdown.
_INLINE_TARGET = re.compile(r"(\]\(\s*<?)(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)")
_REFERENCE_TARGET = re.compile(r"^( {0,3}\[[^\]]+\]:\s*<?)(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)", re.M)


def fallback_home(files: Files, config: MkDocsConfig) -> File | None:
    """The Chinese home page when the site has none (no ``zh/index.md``): the English
    home's text, shown with the missing-translation notice. Every page's language
    selector and ``rel=alternate`` links lead to zh/, so it must exist. Relative links
    in the English text are moved up one folder so they reach the same pages as on the
    English home. None when there is a Chinese home already, or no English one."""
    home = files.get_file_from_path(HOME)
    if home is None or files.get_file_from_path(zh_uri(HOME)) is not None:
        return None
    text = home.content_string
    front, body = "", text
    if text.startswith("---"):
        end = re.search(r"^(?:---|\.\.\.)[ \t]*$", text[3:], re.M)
        if end is not None:
            front, body = text[: 3 + end.end()], text[3 + end.end() :]
    body = _REFERENCE_TARGET.sub(r"\1../", _INLINE_TARGET.sub(r"\1../", body))
    marker = f"{FALLBACK_META}: true\n"
    front = front[:3] + "\n" + marker + front[3:].lstrip("\n") if front else f"---\n{marker}---\n"
    return File.generated(
        config, zh_uri(HOME), content=front + body, inclusion=InclusionLevel.NOT_IN_NAV
    )


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
        # (the substring test first: splitting every address of a large site is slow)
        if (loc := _LOC.search(block))
        and under in loc.group(1)
        and urlsplit(loc.group(1)).path.startswith(under)
    ]
    tail = text[text.rfind("</urlset>") :] if "</urlset>" in text else "</urlset>\n"
    out = site_dir / prefix / "sitemap.xml"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(head + "".join(kept) + tail, encoding="utf-8")
    return out
