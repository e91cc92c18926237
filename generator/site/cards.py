"""What a listing card shows of an entry, and the keys listings sort by.

A card is data, not markup: ``theme/catalog/macros.html`` (macro ``card``) renders it
into the static listing, and the same card, written into each entry's page for the
search index (``Card.index_data``), is what ``campaign-facets.js`` fills into that very
macro's markup (a ``<template>`` on the listing page) for filtered results. So the
static list and the filtered results show the same badges and texts: both come from
here, through one template.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import pass_context

from generator.derive.expiry import is_active, is_expired
from generator.model.catalog import Entry, NewsItem
from generator.model.formats import FieldDef
from generator.site.facets import entry_facets
from generator.site.i18n import count, date_text, label, translate

BADGE_CLASSES = {"catalog-badge--": "", "catalog-status--": "="}
"""How the search index's cards write a badge's class (``Card.index_data``): its
modifier alone, marked by punctuation for a status (``catalog-status--open`` is
``=open``), which Pagefind drops from words; ``campaign-facets.js`` (``cardData``) turns
them back into classes."""


@dataclass(frozen=True)
class Badge:
    cls: str
    """The badge's modifier class, e.g. ``catalog-status--open``."""
    text: str
    title: str = ""


@dataclass(frozen=True)
class Card:
    type: str
    title: str
    organization: str
    badges: tuple[Badge, ...]
    fields: tuple[str, ...]
    summary: str
    lang: str = ""
    """``en`` when a Chinese page shows the English title (no translation)."""

    def index_data(self) -> str:
        """The card as JSON, for the search index's metadata (and the listings'
        first-choice files, publish/facet_files.py): ``campaign-facets.js`` reads it back
        (``cardData``).

        Pagefind indexes the words of metadata as it does the page's text, so the card is
        written to add as few words of its own as it can: a list by position rather than
        an object (no keys such as "title" or "badges" that every page would match), a
        badge's class as its modifier (``BADGE_CLASSES``: "catalog" or "badge" would be
        words of every entry), and a space after every separator, so that the words
        split where the page's own text does (joined into one token per page, they
        doubled the index's words and made Pagefind's indexer 300 MB larger at 10,000
        entries).

            [type, title, organization, summary,
             [[class, text], [class, text, title], ...], [field, ...], lang]
        """
        badges = [
            [_short_class(b.cls), b.text] + ([b.title] if b.title else []) for b in self.badges
        ]
        data: list[Any] = [self.type, self.title, self.organization, self.summary]
        data += [badges, list(self.fields), self.lang]
        return json.dumps(data, ensure_ascii=False, separators=(", ", ": "))


def _short_class(cls: str) -> str:
    for prefix, mark in BADGE_CLASSES.items():
        if cls.startswith(prefix):
            return mark + cls.removeprefix(prefix)
    raise ValueError(f"a badge class without a known prefix: {cls}")


def _badges(entry: Entry, language: str, today: dt.date) -> list[Badge]:
    name = entry.type.name
    out: list[Badge] = []
    if name in ("resource", "demand", "project"):
        out.append(Badge(f"catalog-badge--{name}", translate(entry.type.label, language)))
    if name == "resource":
        out.append(Badge("catalog-badge--kind", label(entry.kind, language)))
    elif name == "demand":
        out.append(Badge(f"catalog-status--{entry.status}", label(entry.status, language)))
        deadline = entry.deadline
        if is_expired(entry, today):
            when = date_text(deadline, "day", language)
            out.append(
                Badge(
                    "catalog-status--expired",
                    translate("Expired", language),
                    translate("The deadline ({date}) has passed", language, date=when),
                )
            )
        elif deadline is not None and is_active(entry, today):
            when = date_text(deadline, "day", language)
            out.append(
                Badge("catalog-badge--deadline", translate("Deadline {date}", language, date=when))
            )
    elif name == "project" and entry.trl:
        out.append(
            Badge(
                "catalog-badge--trl",
                translate("TRL {n}", language, n=entry.trl),
                translate("Technology readiness level", language),
            )
        )
    elif name == "organization":
        out.append(Badge(f"catalog-badge--{entry.kind}", label(entry.kind, language)))
    elif name == "conference":
        out.append(
            Badge("catalog-badge--date", date_text(entry.date, entry.date_precision, language))
        )
        if entry.format:
            out.append(Badge("catalog-badge--format", label(entry.format, language)))
        if entry.attendance:
            a = entry.attendance
            text = "about {n} attendees" if a.approximate else "{n} attendees"
            out.append(Badge("catalog-badge--attendees", translate(text, language, n=a.value)))
    if entry.sample:
        out.append(
            Badge(
                "catalog-badge--sample",
                translate("Sample", language),
                translate("Illustrative entry, not a real offer", language),
            )
        )
    return out


def _organization(entry: Entry, language: str) -> str:
    refs = entry.refs
    name = entry.type.name
    if name == "organization":
        chain: list[str] = []
        parent = refs.get("parent")
        while parent and len(chain) < 10:
            texts = parent[0].text(language)
            chain.append(texts.short_name or texts.title)
            parent = parent[0].refs.get("parent")
        return " › ".join(reversed(chain))
    orgs = refs.get("hosts" if name == "conference" else "organization", [])
    return "; ".join(org.text(language).title for org in orgs)


def _summary(entry: Entry, language: str) -> str:
    texts = entry.text(language)
    if entry.type.name != "organization":
        return texts.summary or ""
    refs = entry.refs
    parts = [
        count(len(refs.get("all_" + plural, [])), singular, language=language)
        for plural, singular in (
            ("resources", "resource"),
            ("demands", "demand"),
            ("projects", "project"),
        )
    ]
    if texts.location:
        parts.append(texts.location)
    return " · ".join(parts)


def _news_card(item: NewsItem, language: str) -> Card:
    texts = item.text(language)
    refs = item.refs.get("conference") or item.refs.get("organizations", [])
    badges = [
        Badge("catalog-badge--news", translate("News", language)),
        Badge("catalog-badge--date", date_text(item.date, "day", language)),
    ]
    if item.sample:
        badges.append(
            Badge(
                "catalog-badge--sample",
                translate("Sample", language),
                translate("Illustrative entry, not a real offer", language),
            )
        )
    return Card(
        "news",
        texts.title,
        # the conference says more than the list of its units, which the release names
        "; ".join(ref.text(language).title for ref in refs),
        tuple(badges),
        (),
        texts.summary or "",
        "en" if language != "en" and texts.untranslated else "",
    )


def card(
    entry: Entry | NewsItem, language: str, today: dt.date, taxonomy: Mapping[str, FieldDef]
) -> Card:
    """The card of ``entry`` (or a news release) on a listing in ``language`` on the
    build date ``today``; ``taxonomy`` names the technical fields."""
    if isinstance(entry, NewsItem):
        return _news_card(entry, language)
    texts = entry.text(language)
    fields: tuple[str, ...] = ()
    if entry.type.name in ("resource", "demand", "project"):
        fields = tuple(_field_name(taxonomy, f, language) for f in entry.fields)
    return Card(
        entry.type.name,
        texts.title,
        _organization(entry, language),
        tuple(_badges(entry, language, today)),
        fields,
        _summary(entry, language),
        "en" if language != "en" and texts.untranslated else "",
    )


def _field_name(taxonomy: Mapping[str, FieldDef], field_id: str, language: str) -> str:
    found = taxonomy.get(field_id)
    if found is None:
        return field_id
    return (found.name_zh or found.name) if language == "zh" else found.name


# --- sorting ---

SORTS: dict[str, tuple[str, ...]] = {
    "resources": ("newest", "title"),
    "demands": ("newest", "deadline", "title"),
    "projects": ("newest", "title"),
    "conferences": ("newest", "title"),
    "organizations": (),
    "news": ("newest", "title"),
}
"""The orders a visitor can choose on each listing; the first is the static list's."""

_NO_DATE = dt.date(1, 1, 1)


def entry_date(entry: Entry | NewsItem) -> dt.date | None:
    """When an entry was last heard of: its ``updated`` date or the latest conference
    that presented it, whichever is later (a conference's or a release's own date)."""
    if isinstance(entry, NewsItem) or entry.type.name == "conference":
        return entry.date
    dates = [c.model.date for c in entry.refs.get("conferences", [])]
    updated = getattr(entry.model, "updated", None)
    if updated is not None:
        dates.append(updated)
    return max(dates) if dates else None


def sort_values(
    entry: Entry | NewsItem, language: str, today: dt.date, orders: tuple[str, ...] | None = None
) -> dict[str, str]:
    """The entry's key for each order of its listing, named ``<order>-<listing>``: text
    that sorts as meant in ascending order, unique (it ends with the id), so the search
    index never has to break a tie.

    Newest first: later dates first, then by title, as on the static list. Deadline
    soonest: demands still looking for a partner with the nearest deadline first, then
    those still looking without a deadline, then the expired, matched and closed ones.

    ``orders`` limits them to those orders (of the listing's)."""
    title = entry.text(language).title.casefold()
    plural = "news" if isinstance(entry, NewsItem) else entry.type.plural
    values: dict[str, str] = {}
    for order in SORTS.get(plural, ()) if orders is None else orders:
        if order == "newest":
            found = entry_date(entry) or _NO_DATE
            key = f"{(dt.date.max - found).days:07d}"
        elif order == "deadline" and isinstance(entry, Entry):
            deadline = entry.deadline
            group = 2 if not is_active(entry, today) else (0 if deadline else 1)
            key = f"{group}-{deadline.isoformat() if deadline else '9999-12-31'}"
        else:
            key = ""
        values[f"{order}-{plural}"] = f"{key} {title} {entry.id}".lstrip()
    return values


def static_order(entries: list[Entry], plural: str) -> list[Entry]:
    """A listing's entries in its first order (newest first, then by title)."""
    orders = SORTS.get(plural, ())
    if not orders or orders[0] != "newest":
        return entries
    dated = [(entry_date(e), e) for e in entries]
    # sorting is stable (reverse=True too): entries of one date keep their title order
    with_date = sorted(((d, e) for d, e in dated if d), key=lambda p: p[0], reverse=True)
    return [e for _, e in with_date] + [e for d, e in dated if d is None]


SORT_LABELS = {"newest": "Newest first", "deadline": "Deadline soonest", "title": "Title"}

BLANK_CARD = Card("", "", " ", (Badge("catalog-badge--slot", " "),), (" ",), " ")
"""The card filtered results are made from: one of each part, to be filled in."""


def template_helpers(today: dt.date, taxonomy: Mapping[str, FieldDef]) -> dict[str, Any]:
    """The filters and globals the listing templates use, for the build date ``today``."""

    def language(context: Any) -> str:
        return str(context.get("language") or "en")

    @pass_context
    def card_filter(context: Any, entry: Entry | NewsItem) -> Card:
        return card(entry, language(context), today, taxonomy)

    @pass_context
    def sort_filter(context: Any, entry: Entry | NewsItem) -> dict[str, str]:
        return sort_values(entry, language(context), today)

    @pass_context
    def plural_patterns(context: Any, singular: str) -> tuple[str, str]:
        lang = language(context)
        return (
            count(1, singular, language=lang).replace("1", "{n}", 1),
            count(2, singular, language=lang).replace("2", "{n}", 1),
        )

    return {
        "filters": {
            "card": card_filter,
            "sort_values": sort_filter,
            "facet_values": lambda entry: list(entry_facets(entry)),
            "listing_order": static_order,
        },
        "globals": {
            "blank_card": BLANK_CARD,
            "plural_patterns": plural_patterns,
            "sort_labels": SORT_LABELS,
        },
    }
