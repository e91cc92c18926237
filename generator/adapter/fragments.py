"""Parts of a page rendered once and reused, for pages outside the navigation.

Material renders the tabs, the navigation sidebar, the footer and its JavaScript
configuration into every page. For a page that is not in the navigation these parts
depend only on the folder the page is in (links are relative to it), so the catalog's
own pages (``own_pages.py``; the memo is given their src_uris) render each once per
folder and reuse it: they are a large share of the time a page takes.
``theme/main.html`` says which parts. While `mkdocs serve` records what pages read
(``model/reads.py``), a part reused adds what it read when it was rendered.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from typing import Any

from markupsafe import Markup

from generator.model import reads


class FragmentMemo:
    def __init__(self, own: Iterable[str] = ()) -> None:
        self.own = frozenset(own)
        """The src_uris of the catalog's own pages, the only ones the memo serves."""
        self._store: dict[tuple[Any, ...], Markup] = {}
        self._reads: dict[tuple[Any, ...], set[reads.Key]] = {}

    def applies(self, page: Any, part: str) -> bool:
        """Whether ``part`` of ``page`` can be reused: the page is one of the catalog's
        own (rendered outside MkDocs's loop, and not in the navigation), and for the
        sidebars it has no table of contents of its own."""
        file = getattr(page, "file", None)
        if file is None or file.src_uri not in self.own:
            return False
        return part != "site_nav" or not list(page.toc or [])

    def drawer_from_tabs(self, page: Any, nav: Any, features: Iterable[str]) -> bool:
        """Whether the phone's navigation drawer of ``page`` can be left for the frame
        script to fill from the tabs (``theme/partials/campaign-frame.js``): the page is
        one of the catalog's own without a table of contents, the tabs are shown, and the
        navigation is one level of pages and links without icons, whose drawer entries
        are then the tabs' own, the active one lit alike."""
        if "navigation.tabs" not in features or not self.applies(page, "site_nav"):
            return False
        items = list(getattr(nav, "items", None) or [])
        return bool(items) and all(
            not getattr(item, "children", None)
            and not (getattr(item, "meta", None) or {}).get("icon")
            for item in items
        )

    def __call__(self, page: Any, part: str, caller: Callable[[], str]) -> Markup:
        # the sidebars a page hides (front matter `hide`) differ within a folder: a
        # year's news archive hides its table of contents, a release beside it not
        hide = tuple((page.meta or {}).get("hide") or ())
        key = (part, posixpath.dirname(page.url.rstrip("/")), page.file.dest_uri.count("/"), hide)
        found = self._store.get(key)
        if found is not None:
            reads.add(self._reads.get(key, set()))
        elif reads.active():
            with reads.recording() as read:
                found = self._store[key] = Markup(caller())
            self._reads[key] = read
        else:
            found = self._store[key] = Markup(caller())
        return found
