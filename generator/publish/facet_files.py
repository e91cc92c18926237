"""A listing's first filter choice, answered at build time.

The choice visitors make most on a listing is the first: one value of one filter, no
text, the listing's own order. Pagefind answers it by reading every shard's filter
files whole (1.8 MB and 2–3 s at 50,000 entries: BENCHMARKS.md), while the build knows
the answer already. So for each listing with filters (``FIRST_CHOICE_LISTINGS``: resources,
demands, projects), each language and each filter value that entries have, the build
writes one small file with what that choice shows::

    facets/<language>/<listing>/<filter>/<value>.json.gz

    {"cards": [{"card": [...],         the first page of them (page_size) in the
                "url": "resources/x/"}, listing's first order: the card as the search
               ...],                    index holds it (Card.index_data), in the file's
                                        language, and its page's address relative to
                                        the site root
     "counts": {"kind": {"data": 671,   every other filter's values among them, as the
                         ...}, ...},    checkboxes show them (values with none left out)
     "total": 3332}                     entries with the value

``campaign-facets.js`` fetches the file for such a choice and asks Pagefind for
everything else: a second choice, text, another order, "Show more" (and any choice whose
file is missing). Both must show the same, so this module does as Pagefind does:

- the order is the listing's sort key (``cards.sort_values``, unique), compared as
  Pagefind compares text: code point by code point (Python's order of ``str``);
- an entry counts once for each value it has, as on Pagefind's filter index;
- the chosen filter's own counts stay those of the whole listing, which the page shows.

Files are gzip-compressed, like Pagefind's (the browser unpacks them), and two builds of
one commit write the same bytes (keys in a fixed order, no time stamp). A value that no entry has
gets no file (the script falls back to Pagefind, which shows that nothing matches), and
so does a value that is not a safe file name (``SAFE_VALUE``; ids always are).
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from collections import Counter
from collections.abc import Iterable
from itertools import chain
from typing import Any

from generator.model.catalog import LANGUAGES, ZH_PREFIX, Catalog, Entry
from generator.site.cards import SORTS, card, sort_values
from generator.site.facets import FACETS, FIRST_CHOICE_LISTINGS, entry_facets, first_choice_dir
from generator.site.urls import page_url

SAFE_VALUE = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
"""Values that name a file (``fullmatch``): lowercase letters, digits and hyphens, as
ids are; ``campaign-facets.js`` checks the same before it fetches."""
SUFFIX = ".json.gz"

Pair = tuple[str, str]
"""A filter and one of its values: ('field', 'optics')."""


def facet_files(
    catalog: Catalog, today: dt.date, *, page_size: int, directory_urls: bool = True
) -> dict[str, bytes]:
    """The first-choice file of every listing, language and filter value, by path
    relative to the site root, in path order."""
    files: dict[str, bytes] = {}
    for plural in FIRST_CHOICE_LISTINGS:
        files.update(listing_files(catalog, plural, today, page_size, directory_urls))
    return dict(sorted(files.items()))


def listing_files(
    catalog: Catalog, plural: str, today: dt.date, page_size: int, directory_urls: bool = True
) -> dict[str, bytes]:
    """The first-choice files of one listing, in every language."""
    keys = {key for key, _ in FACETS[plural]}
    entries = list(catalog.entries.get(plural, {}).values())
    values = {
        entry.id: tuple(p for p in dict.fromkeys(entry_facets(entry)) if p[0] in keys)
        for entry in entries
    }
    # who has each value, and the counts within them: the same in every language
    chosen: dict[Pair, list[Entry]] = {}
    for entry in entries:
        for pair in values[entry.id]:
            chosen.setdefault(pair, []).append(entry)
    counts = {
        pair: _counts((values[e.id] for e in matched), pair[0])
        for pair, matched in chosen.items()
        if SAFE_VALUE.fullmatch(pair[1])
    }
    order = f"{SORTS[plural][0]}-{plural}"
    files = {}
    for language in LANGUAGES:
        # the listing's first order, in this language (titles are part of the key)
        position = {
            entry.id: sort_values(entry, language, today, (SORTS[plural][0],))[order]
            for entry in entries
        }
        first: dict[Pair, list[Entry]] = {pair: [] for pair in counts}
        for entry in sorted(entries, key=lambda e: position[e.id]):
            for pair in values[entry.id]:
                page = first.get(pair)
                if page is not None and len(page) < page_size:
                    page.append(entry)
        prefix = ZH_PREFIX if language == "zh" else ""
        folder = first_choice_dir(plural, language)
        shown: dict[str, str] = {}  # each entry's card and address, as JSON
        for (key, value), counted in sorted(counts.items()):
            cards = []
            for entry in first[key, value]:
                if entry.id not in shown:
                    url = page_url(prefix + entry.src_uri, directory_urls=directory_urls)
                    data = card(entry, language, today, catalog.fields).index_data()
                    shown[entry.id] = f'{{"card":{data},"url":{_json(url)}}}'
                cards.append(shown[entry.id])
            total = len(chosen[key, value])
            # the keys in order, as _json writes them: cards, counts, total
            text = f'{{"cards":[{",".join(cards)}],"counts":{counted},"total":{total}}}'
            files[f"{folder}{key}/{value}{SUFFIX}"] = _gzip(text)
    return files


def _counts(matched: Iterable[tuple[Pair, ...]], chosen: str) -> str:
    """How many of ``matched`` (each entry's filter values) have each value of every
    filter but ``chosen``, as JSON: {"filter": {"value": count, ...}, ...}."""
    found: dict[str, dict[str, int]] = {}
    for (key, value), n in Counter(chain.from_iterable(matched)).items():
        if key != chosen:
            found.setdefault(key, {})[value] = n
    return _json(found)


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _gzip(text: str) -> bytes:
    """Gzip-compressed, without a time stamp: the same bytes from every build."""
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def decode(raw: bytes) -> Any:
    """A first-choice file's data (for tests and benchmarks)."""
    return json.loads(gzip.decompress(raw).decode("utf-8"))
