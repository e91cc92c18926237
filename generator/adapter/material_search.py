"""What Material's search plugin indexes of a catalog entry (``search: material``).

Material's search indexes ``page.content``, which holds an entry's description only:
the summary and keywords are in the template. ``show`` puts them in front of the
content before Material's plugin reads it (in ``on_page_context``, which the plugin
runs first); ``restore`` puts the page's own content back after every plugin has run,
before the template renders it.
"""

from __future__ import annotations

from typing import Any

MATERIAL_SEARCH_TEXT = "catalog/material-search-text.html"
"""The template of the text indexed besides the description."""


class SearchTextSwap:
    def __init__(self) -> None:
        self._shown: dict[str, str] = {}

    def show(self, page: Any, env: Any, plan_context: dict[str, Any]) -> None:
        """Put the entry's indexed text in front of ``page.content``."""
        self._shown[page.file.src_uri] = page.content or ""
        extra = env.get_template(MATERIAL_SEARCH_TEXT).render(plan_context)
        page.content = extra + (page.content or "")

    def restore(self, page: Any) -> None:
        """The page's own content back, if ``show`` changed it."""
        shown = self._shown.pop(page.file.src_uri, None)
        if shown is not None:
            page.content = shown
