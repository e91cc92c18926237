"""What a page's template context gets from the catalog (``on_page_context``).

Its language; a catalog page's plan context (the entry, the listing…) or a release;
the Chinese navigation on a Chinese page; and, for a page outside the navigation, the
section it belongs to, lit up in the navigation while the page is rendered.
"""

from __future__ import annotations

import posixpath
from typing import Any

from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.adapter.catalog_build import BuiltCatalog
from generator.adapter.material_search import SearchTextSwap
from generator.model.catalog import language_of


class PageContext:
    def __init__(self) -> None:
        self.zh_nav: Navigation | None = None
        """This build's Chinese navigation (``languages.translated_nav``)."""
        self.search_text: SearchTextSwap | None = None
        """Set with ``search: material``: the entries' indexed text."""
        self._lit: Page | None = None
        """The section's page lit up in the navigation for the page being rendered."""

    def fill(self, context: Any, page: Page, built: BuiltCatalog, env: Any) -> Any:
        """``context`` with the catalog's part for ``page``; runs before the other
        plugins' ``on_page_context`` (Material's search among them)."""
        uri = page.file.src_uri
        language = language_of(uri)
        context["language"] = language
        if uri in built.plans:
            plan_context = built.plans[uri].context
            context.update(plan_context)
            if self.search_text is not None and "entry" in plan_context and env:
                self.search_text.show(page, env, plan_context)
        elif uri in built.news_by_uri:
            context["news_item"] = built.news_by_uri[uri]
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

    def done(self, page: Page) -> None:
        """After every plugin's ``on_page_context``."""
        if self.search_text is not None:
            self.search_text.restore(page)

    def rendered(self) -> None:
        """After the page's template (``on_post_page``): its section goes dark again."""
        if self._lit is not None:
            self._lit.active = False
            self._lit = None


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
