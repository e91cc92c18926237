"""The filters of each listing: which values an entry has, and how many entries have each.

An entry's filter values are ids, never labels (``status=open``, ``field=composite-
materials``, ``organization=casic``), so one filter address works on the English and
the Chinese listing alike. The search index records the same ids
(``entry_facets``, written into each page by ``theme/catalog/macros.html``), and the
listing pages get the labels and the counts over the whole catalog at build time
(``listing_facets``): the filters are on the page before any script runs, and a visitor
without JavaScript still reads the counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import get_args

from generator.model import formats as models
from generator.model.catalog import LANGUAGES, Catalog, Entry, NewsItem
from generator.site.i18n import label

# Each listing's filters, in the order the form shows them: (key, English heading).
FACETS: dict[str, tuple[tuple[str, str], ...]] = {
    "resources": (
        ("field", "Field"),
        ("organization", "Organization"),
        ("conference", "Conference"),
        ("kind", "Kind"),
    ),
    "demands": (
        ("field", "Field"),
        ("organization", "Organization"),
        ("conference", "Conference"),
        ("status", "Status"),
        ("cooperation", "Cooperation"),
    ),
    "projects": (
        ("field", "Field"),
        ("organization", "University"),
        ("conference", "Conference"),
        ("trl", "Readiness (TRL)"),
        ("seeking", "Seeking"),
    ),
    "organizations": (("kind", "Kind"), ("parent", "Part of")),
    "conferences": (("year", "Year"), ("format", "Format"), ("host", "Host")),
    "news": (("year", "Year"), ("conference", "Conference"), ("organization", "Organization")),
}

# The listings whose first choice (one value of one filter, no text, the first order) the
# build answers with a file of its own (publish/facet_files.py), in this folder.
FIRST_CHOICE_LISTINGS = ("resources", "demands", "projects")
FIRST_CHOICE_DIR = "facets"


def first_choice_dir(plural: str, language: str) -> str:
    """The folder of a listing's first-choice files in ``language``, relative to the
    site root ('facets/zh/demands/'); '' for a listing without them."""
    if plural not in FIRST_CHOICE_LISTINGS:
        return ""
    return f"{FIRST_CHOICE_DIR}/{language}/{plural}/"


# Values with an order of their own keep it (open before closed); the others are shown
# most frequent first.
_ORDERED: dict[str, tuple[str, ...]] = {
    "status": get_args(models.DemandStatus),
    "cooperation": get_args(models.Cooperation),
    "seeking": get_args(models.Seeking),
    "format": get_args(models.ConferenceFormat),
}
_ENUM_KINDS = {
    "resources": get_args(models.ResourceKind),
    "organizations": get_args(models.OrganizationKind),
}


@dataclass(frozen=True)
class FacetValue:
    """One choice of a filter: its id (in the address and the index), its label in the
    page's language, how many entries of the listing have it, and the labels of every
    language (an address written with labels, as older links were, still works)."""

    id: str
    label: str
    count: int
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Facet:
    key: str
    heading: str
    """English; the template translates it."""
    values: tuple[FacetValue, ...]


def entry_facets(entry: Entry | NewsItem) -> Iterator[tuple[str, str]]:
    """The (filter, value id) pairs of an entry or a news release, as the search index
    records them."""
    if isinstance(entry, NewsItem):
        yield "year", str(entry.date.year)
        for conf in entry.refs.get("conference", []):
            yield "conference", conf.id
        for org in entry.refs.get("organizations", []):
            yield "organization", org.id
        return
    name = entry.type.name
    refs = entry.refs
    if name in ("resource", "demand", "project"):
        for field_id in entry.fields:
            yield "field", field_id
        for org in refs.get("organization", []):
            yield "organization", org.id
        for conf in refs.get("conferences", []):
            yield "conference", conf.id
    if name in ("resource", "organization"):
        yield "kind", entry.kind
    elif name == "demand":
        yield "status", entry.status
        yield "cooperation", entry.cooperation
    elif name == "project":
        if entry.trl:
            yield "trl", str(entry.trl)
        for seeking in entry.seeking:
            yield "seeking", seeking
    if name == "organization":
        for parent in refs.get("parent", []):
            yield "parent", parent.id
    elif name == "conference":
        yield "year", str(entry.date.year)
        if entry.format:
            yield "format", entry.format
        for host in refs.get("hosts", []):
            yield "host", host.id


def value_label(catalog: Catalog, key: str, value: str, language: str) -> str:
    """What a visitor reads for a filter value."""
    if key == "field":
        found = catalog.fields.get(value)
        if found is None:
            return value
        return (found.name_zh or found.name) if language == "zh" else found.name
    if key in ("organization", "parent", "host"):
        org = catalog.organizations.get(value)
        return org.text(language).title if org else value
    if key == "conference":
        conf = catalog.conferences.get(value)
        return conf.text(language).title if conf else value
    if key == "trl":
        return f"TRL {value}"
    if key == "year":
        return value
    return label(value, language)


def _order(plural: str, key: str, counts: Counter[str], labels: dict[str, str]) -> list[str]:
    known = _ENUM_KINDS.get(plural) if key == "kind" else _ORDERED.get(key)
    if known:
        return [v for v in known if v in counts]
    if key == "trl":
        return sorted(counts, key=int)
    if key == "year":
        return sorted(counts, reverse=True)
    return sorted(counts, key=lambda v: (-counts[v], labels[v].casefold(), v))


def facet_counts(catalog: Catalog, plural: str) -> dict[str, Counter[str]]:
    """How many entries of a listing have each value of each of its filters."""
    counts: dict[str, Counter[str]] = {key: Counter() for key, _ in FACETS.get(plural, ())}
    items = catalog.news if plural == "news" else catalog.entries[plural].values()
    for entry in items:
        for key, value in entry_facets(entry):
            if key in counts:
                counts[key][value] += 1
    return counts


def listing_facets(
    catalog: Catalog,
    plural: str,
    language: str,
    counts: dict[str, Counter[str]] | None = None,
) -> tuple[Facet, ...]:
    """The filters of a listing with the counts over all its entries (``counts``: its
    ``facet_counts``, which are the same in every language, if already counted)."""
    if counts is None:
        counts = facet_counts(catalog, plural)
    out = []
    for key, heading in FACETS.get(plural, ()):
        found = counts[key]
        labels = {v: value_label(catalog, key, v, language) for v in found}
        values = tuple(
            FacetValue(v, labels[v], found[v], _aliases(catalog, key, v))
            for v in _order(plural, key, found, labels)
        )
        out.append(Facet(key, heading, values))
    return tuple(out)


def _aliases(catalog: Catalog, key: str, value: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(value_label(catalog, key, value, lang) for lang in LANGUAGES))
