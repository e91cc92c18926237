"""schema.org descriptions of detail pages, embedded as JSON-LD for search engines.

Each page type has its schema.org type: organizations ``Organization`` (or the subtype
``CollegeOrUniversity``, ``ResearchOrganization``, ``GovernmentOrganization``),
conferences ``Event``, resources ``Offer``, demands ``Demand`` (the organization
``seeks`` it), projects ``ResearchProject`` and news releases ``NewsArticle``. This module
only builds the data; ``filters.json_ld`` serialises it for a ``<script>`` element, and
the templates decide where it goes.

A Chinese page describes itself: ``describe(..., language="zh")`` gives its Chinese
name and description, ``inLanguage: zh-CN``, and the ``url_of`` the plugin passes then
gives /zh/ addresses. Dates are no more precise than what is known ('2020' for a
conference known only by its year).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.model.catalog import Catalog, Entry, NewsItem
from generator.model.wording import iso_date

UrlOf = Callable[[str], str]
"""Absolute (or page-relative) address of a page, from its source path."""

CONTEXT = "https://schema.org"
ORGANIZATION_TYPES = {
    "university": "CollegeOrUniversity",
    "institute": "ResearchOrganization",
    "government": "GovernmentOrganization",
}
LANGUAGES = {"en": "en", "zh": "zh-CN"}
"""The page language as schema.org's ``inLanguage`` (BCP 47)."""
ATTENDANCE_MODES = {
    "online": "https://schema.org/OnlineEventAttendanceMode",
    "offline": "https://schema.org/OfflineEventAttendanceMode",
    "hybrid": "https://schema.org/MixedEventAttendanceMode",
}


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """Drop keys without a value, so the output names only what is known."""
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def _org(org: Entry, url_of: UrlOf, language: str = "en") -> dict[str, Any]:
    return _clean(
        {
            "@type": ORGANIZATION_TYPES.get(org.model.kind, "Organization"),
            "name": org.text(language).title,
            "url": url_of(org.src_uri),
        }
    )


def _ref(entry: Entry, url_of: UrlOf, schema_type: str, language: str = "en") -> dict[str, Any]:
    return {
        "@type": schema_type,
        "name": entry.text(language).title,
        "url": url_of(entry.src_uri),
    }


def _partial_date(entry: Entry) -> str:
    """ISO 8601 to the precision known: '2020', '2020-07' or '2020-07-08'."""
    return iso_date(entry.model.date, entry.model.date_precision)


def _locations(entry: Entry, url_of: UrlOf, language: str) -> list[dict[str, Any]]:
    """Where a conference took place, as Google's Event rich result asks for it.

    Online: a ``VirtualLocation`` with the ``online_url`` (or, when none is recorded,
    the conference page, which is where the event is announced). Offline or of unknown
    format: a ``Place`` named by the ``location`` and addressed by it; when the location
    is not recorded, the Place is the first host with the host's city as its address
    (the campaign's matchmaking events are held at the host). Hybrid: both.
    """
    m = entry.model
    texts = entry.text(language)
    found: list[dict[str, Any]] = []
    if m.format in ("online", "hybrid"):
        found.append(
            _clean(
                {
                    "@type": "VirtualLocation",
                    "name": texts.location if m.format == "online" else None,
                    "url": m.online_url or url_of(entry.src_uri),
                }
            )
        )
    if m.format != "online":
        hosts = entry.refs.get("hosts", [])
        host = hosts[0] if hosts else None
        host_texts = host.text(language) if host else None
        name = texts.location or (host_texts.title if host_texts else None)
        address = texts.location or (host_texts.location if host_texts else None) or name
        found.append(
            _clean(
                {
                    "@type": "Place",
                    "name": name,
                    "address": _clean({"@type": "PostalAddress", "addressLocality": address})
                    if address
                    else None,
                }
            )
        )
    return found


def _field_names(entry: Entry, catalog: Catalog) -> list[str]:
    return [catalog.fields[f].name for f in entry.model.fields if f in catalog.fields]


ENTRY_TYPES = {"resource": "Offer", "demand": "Demand", "project": "ResearchProject"}


def _head(schema_type: str, entry: Entry, url_of: UrlOf) -> dict[str, Any]:
    """The keys every page's object starts with: its type, and where it lives."""
    url = url_of(entry.src_uri)
    return {
        "@context": CONTEXT,
        "@type": schema_type,
        "@id": url + "#it",
        "identifier": entry.id,
        "url": url,
    }


def _names(entry: Entry, language: str) -> dict[str, Any]:
    """name, alternateName (the other language's title), description, inLanguage."""
    texts = entry.text(language)
    other = entry.label if language == "zh" else entry.zh_title
    return {
        "name": texts.title,
        "alternateName": other if other != texts.title else None,
        "description": texts.summary,
        "inLanguage": LANGUAGES.get(language, language),
    }


def _common(entry: Entry, url_of: UrlOf, language: str) -> dict[str, Any]:
    return {**_head(ENTRY_TYPES[entry.type.name], entry, url_of), **_names(entry, language)}


def describe_entry(
    entry: Entry, catalog: Catalog, url_of: UrlOf, language: str = "en"
) -> dict[str, Any]:
    """The JSON-LD object of an entry's page in ``language``."""
    m = entry.model
    refs = entry.refs
    orgs = [_org(o, url_of, language) for o in refs.get("organization", [])]
    kind = entry.type.name
    if kind == "organization":
        parent = refs.get("parent", [])
        return _clean(
            {
                **_head(ORGANIZATION_TYPES.get(m.kind, "Organization"), entry, url_of),
                "name": entry.text(language).title,
                "alternateName": [
                    n
                    for n in (
                        entry.label if language == "zh" else entry.zh_title,
                        m.short_name,
                        m.zh and m.zh.short_name,
                    )
                    if n and n != entry.text(language).title
                ],
                "inLanguage": LANGUAGES.get(language, language),
                "sameAs": m.website,
                "address": m.location,
                "parentOrganization": _org(parent[0], url_of, language) if parent else None,
                "subOrganization": [_org(o, url_of, language) for o in refs.get("children", [])],
            }
        )
    if kind == "conference":
        locations = _locations(entry, url_of, language)
        return _clean(
            {
                **_head("Event", entry, url_of),
                **_names(entry, language),
                "startDate": _partial_date(entry),
                "eventAttendanceMode": ATTENDANCE_MODES.get(m.format or ""),
                "location": locations[0] if len(locations) == 1 else locations,
                "organizer": [_org(o, url_of, language) for o in refs.get("hosts", [])],
                "attendee": [_org(o, url_of, language) for o in refs.get("participants", [])],
            }
        )
    data = _common(entry, url_of, language)
    fields = _field_names(entry, catalog)
    if kind in ("resource", "demand"):
        # what is offered or sought: itemOffered covers both ("offered or demanded")
        service = {
            "@type": "Service",
            "name": entry.text(language).title,
            "serviceType": m.kind if kind == "resource" else m.cooperation,
            "category": fields,
        }
        data["itemOffered"] = _clean(service)
    if kind == "resource":
        data["offeredBy"] = orgs[0] if orgs else None
    elif kind == "demand":
        data.update(
            {
                "validThrough": m.deadline.isoformat() if m.deadline else None,
                "@reverse": {"seeks": orgs[0]} if orgs else None,
            }
        )
    else:
        data.update(
            {
                "parentOrganization": orgs[0] if orgs else None,
                "knowsAbout": fields,
                "keywords": ", ".join(m.keywords) or None,
            }
        )
    data["subjectOf"] = [_ref(c, url_of, "Event", language) for c in refs.get("conferences", [])]
    return _clean(data)


def describe_news(
    item: NewsItem, url_of: UrlOf, language: str = "en", publisher: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The JSON-LD object of a news release in ``language``.

    ``author`` (Google recommends one) is the organization that publishes the site,
    ``publisher``: a release is the campaign's own."""
    meta = item.meta
    image = item.image_src
    texts = item.text(language)
    src_uri = item.src_uri
    return _clean(
        {
            "@context": CONTEXT,
            "@type": "NewsArticle",
            "@id": url_of(src_uri) + "#it",
            "url": url_of(src_uri),
            "headline": texts.title,
            "inLanguage": LANGUAGES.get(language, language),
            "datePublished": meta.date.isoformat(),
            "description": texts.summary,
            "image": (image if "://" in image else url_of(image)) if image else None,
            "author": publisher,
            "publisher": publisher,
            "keywords": ", ".join(meta.tags) or None,
            "about": [_ref(c, url_of, "Event", language) for c in item.refs.get("conference", [])],
            "mentions": [_org(o, url_of, language) for o in item.refs.get("organizations", [])],
        }
    )


def describe(
    item: Entry | NewsItem,
    catalog: Catalog,
    url_of: UrlOf,
    language: str = "en",
    publisher: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The JSON-LD object of any detail page, as the page in ``language`` shows it;
    ``publisher`` is the site's publisher (``{"@type": "Organization", "name", "url"}``)."""
    if isinstance(item, NewsItem):
        return describe_news(item, url_of, language, publisher)
    return describe_entry(item, catalog, url_of, language)
