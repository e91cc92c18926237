"""Quiet MkDocs's note about links to the pages the catalog renders itself.

MkDocs reports a link to a page left out of its own loop as a link to a page "excluded
from the built site" (``mkdocs/structure/pages.py``, at INFO level at most); the
catalog's own pages are built, by ``page_loop.py``. The filter reads MkDocs's message
text: tests/test_adapter_internals.py fails if a new MkDocs words it differently.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

MESSAGE = "excluded from the built site"
LOGGER = "mkdocs.structure.pages"


class QuietOwnPageLinks(logging.Filter):
    """Drops MkDocs's "excluded from the built site" notes about links to ``own``."""

    def __init__(self) -> None:
        super().__init__()
        self.own: frozenset[str] = frozenset()

    def install(self) -> QuietOwnPageLinks:
        logging.getLogger(LOGGER).addFilter(self)
        return self

    def quiet(self, own: Iterable[str]) -> None:
        """The pages whose links are not reported (this build's own pages)."""
        self.own = frozenset(own)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.levelno > logging.INFO or MESSAGE not in message:
            return True
        target = message.split("contains a link to '", 1)[-1].split("'", 1)[0]
        return target not in self.own
