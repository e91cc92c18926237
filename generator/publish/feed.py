"""The news feed: which releases go into it, with the absolute links feed readers need.

The Atom XML itself is the Jinja template ``theme/catalog/feed.xml`` (autoescaped).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from generator.model.catalog import NewsItem
from generator.site.urls import absolute_url

FEED_URI = "news/feed.xml"
"""Where the feed is published, relative to the site root."""
FEED_URIS = {"en": FEED_URI, "zh": "zh/" + FEED_URI}
"""Each language's feed: the Chinese one links to the Chinese pages."""
FEED_TEMPLATE = "catalog/feed.xml"


def timestamp(date: dt.date) -> str:
    """A release date as an RFC 3339 timestamp (midnight UTC), as Atom requires."""
    return f"{date.isoformat()}T00:00:00Z"


@dataclass(frozen=True)
class FeedEntry:
    item: NewsItem
    url: str
    """Absolute URL of the release page; also its Atom id."""
    updated: str
    content: str | None
    """The release's rendered, sanitized HTML, links relative to ``url``."""


@dataclass(frozen=True)
class Feed:
    title: str
    url: str
    """Absolute URL of the feed itself; also its Atom id."""
    src_uri: str
    """Where it is published, relative to the site root."""
    language: str
    home: str
    """Absolute URL of the news index."""
    updated: str
    entries: list[FeedEntry]


def build_feed(
    news: list[NewsItem],
    *,
    site_url: str,
    title: str,
    url_of: Callable[[str], str],
    content_of: Callable[[str], str | None],
    limit: int,
    today: dt.date,
    language: str = "en",
) -> Feed:
    """The ``limit`` newest releases of ``news`` (sorted newest first).

    ``url_of`` maps a source path to its site-relative URL, ``content_of`` to the
    rendered page body. The feed's own date is its newest release's, not the build
    time, so rebuilding unchanged content gives a byte-identical feed; ``today`` is
    only used when there are no releases at all. A Chinese feed (``language`` "zh")
    links to the releases' Chinese pages and the Chinese news index; ``url_of`` and
    ``content_of`` get their zh/ paths.
    """
    prefix = "zh/" if language == "zh" else ""
    feed_uri = FEED_URIS[language]
    entries = [
        FeedEntry(
            item,
            absolute_url(site_url, url_of(prefix + item.src_uri)),
            timestamp(item.date),
            content_of(prefix + item.src_uri),
        )
        for item in news[:limit]
    ]
    return Feed(
        title=title,
        url=absolute_url(site_url, feed_uri),
        src_uri=feed_uri,
        language=language,
        home=absolute_url(site_url, url_of(prefix + "news/index.md")),
        updated=entries[0].updated if entries else timestamp(today),
        entries=entries,
    )
