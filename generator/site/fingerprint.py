"""Fingerprints of rendered pages: a digest of everything a catalog page shows.

``mkdocs serve`` rebuilds the whole site after every edit; with fingerprints, only the
pages whose fingerprint changed are rendered again (``adapter/own_pages.py``,
``adapter/serve_cache.py``).
What a page shows is worked out from how the templates in ``theme/catalog/`` are
written:

- a detail page shows its entry, every entry or release its ``refs`` point to (its
  organization, conferences, units, participants, news…), the parent chain of each
  organization among them, its matches (the partners and their organizations) and its
  statistics;
- a listing page shows its items, their organizations and its place among the pages.

Everything else a page depends on goes into the build's *epoch*, which changes every
fingerprint at once: mkdocs.yml, the theme's files, the navigation, the taxonomy, the
build date. A context value of a kind not listed here makes the page's fingerprint None,
so it is always rendered: being slow is better than being stale.

``mkdocs build`` never uses fingerprints; a deploy always renders every page.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator.derive.hierarchy import ancestors
from generator.derive.match_results import Match, Matches
from generator.derive.stats import CampaignStats
from generator.model.catalog import Catalog, Entry, NewsItem, Texts
from generator.site.page_plans import Listing, PagePlan, YearArchive


def _sha(*parts: str) -> str:
    text = "\0".join(parts).encode("utf-8", "surrogatepass")
    return hashlib.sha1(text, usedforsecurity=False).hexdigest()


def tree_state(folders: Iterable[str | Path]) -> str:
    """Digest of the names, sizes and times of every file under ``folders``."""
    rows = []
    for folder in folders:
        for base, dirs, names in os.walk(folder):
            dirs.sort()
            for name in sorted(names):
                path = os.path.join(base, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                rows.append(f"{path}\t{st.st_size}\t{st.st_mtime_ns}")
    return _sha(*rows)


class Fingerprinter:
    """Digests of one build's pages. ``digests`` may be carried over from the previous
    build: entries that were not reloaded keep their model objects, and their digest."""

    def __init__(
        self,
        epoch: str,
        catalog: Catalog,
        matches: Matches,
        stats: CampaignStats | None,
        digests: dict[int, tuple[Any, str]] | None = None,
    ) -> None:
        self.epoch = _sha(epoch)
        self.catalog = catalog
        self.matches = matches
        self.stats = stats
        self._old = digests or {}
        self.digests: dict[int, tuple[Any, str]] = {}
        self._shown: dict[int, str] = {}
        self._entries: dict[int, str] = {}

    def digest(self, item: Entry | NewsItem) -> str:
        """Digest of what a page can print about ``item`` itself."""
        # Entries: their model, which the loader reuses for an unchanged file. Releases
        # are read again on every build, so their digest is never carried over.
        model = item.model if isinstance(item, Entry) else item
        key = id(model)
        known = self.digests.get(key) or self._old.get(key)
        if known is None or known[0] is not model:
            if isinstance(item, Entry):
                name, text = f"{item.type.name}:{item.id}", item.model.model_dump_json()
            else:
                name, text = item.src_uri, item.meta.model_dump_json()
                if item.zh is not None:  # its Chinese version
                    text += item.zh.meta.model_dump_json()
            known = (model, _sha(name, text))
        self.digests[key] = known
        return known[1]

    def _match(self, match: Match, parts: list[str]) -> None:
        # The reasons follow from the score and the two entries; asking for them here
        # would work them out for every match of the catalog.
        parts.append(repr(match.score))
        for side in (match.demand, match.offer):
            self._neighbour(side, parts)

    def _neighbour(self, item: Entry | NewsItem, parts: list[str]) -> None:
        """An item shown on another page: its own digest, its organization's and the
        organizations above that (an organization: the ones above it)."""
        shown = self._shown.get(id(item))
        if shown is None:
            digests = [self.digest(item)]
            if isinstance(item, Entry):
                orgs = item.refs.get("organization", [])
                if item.type.name == "organization":
                    orgs = [item]
                for org in orgs:
                    digests += [self.digest(org), *(self.digest(a) for a in ancestors(org))]
            shown = self._shown[id(item)] = _sha(*digests)
        parts.append(shown)

    def _entry(self, entry: Entry, out: list[str]) -> None:
        # Worked out once for the entry's pages in both languages.
        known = self._entries.get(id(entry))
        if known is None:
            parts: list[str] = []
            self._entry_parts(entry, parts)
            known = self._entries[id(entry)] = _sha(*parts)
        out.append(known)

    def _entry_parts(self, entry: Entry, parts: list[str]) -> None:
        parts.append(self.digest(entry))
        for key in sorted(entry.refs):
            parts.append(key)
            for item in entry.refs[key]:
                self._neighbour(item, parts)
        self._neighbour(entry, parts)
        for found in (
            self.matches.for_demand(entry),
            self.matches.for_offer(entry),
            self.matches.for_conference(entry),
        ):
            for match in found:
                self._match(match, parts)
        if self.stats is not None:  # the charts of organization and conference pages
            if entry.type.name == "organization":
                parts.append(repr(self.stats.organizations.get(entry.id)))
            elif entry.type.name == "conference":
                parts.append(repr(self.stats.conferences.get(entry.id)))

    def _listing(self, listing: Listing, parts: list[str]) -> None:
        parts.append(repr((listing.name, listing.total, listing.number, listing.pages)))
        # the filters count over every entry of the listing, not only this page's
        parts.append(repr((listing.facets, listing.sorts)))
        for item in listing.items:
            self._neighbour(item, parts)

    def page(self, plan: PagePlan) -> str | None:
        """The fingerprint of a planned page, or None if it must always be rendered."""
        parts = [self.epoch, plan.src_uri, plan.template, plan.title, plan.markdown]
        for key in sorted(plan.context):
            value = plan.context[key]
            parts.append(key)
            if isinstance(value, Entry):
                self._entry(value, parts)
            elif isinstance(value, Listing):
                self._listing(value, parts)
            elif isinstance(value, (int, str, Texts)):
                parts.append(repr(value))
            elif isinstance(value, list) and all(isinstance(v, YearArchive) for v in value):
                parts.extend(repr((v.year, v.count, v.src_uri)) for v in value)
            else:
                return None
        return _sha(*parts)
