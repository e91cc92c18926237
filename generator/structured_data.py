"""schema.org descriptions of detail pages, embedded as JSON-LD for search engines.

Each page type has its schema.org type: organizations ``Organization`` (or the subtype
``CollegeOrUniversity``, ``ResearchOrganization``, ``GovernmentOrganization``),
conferences ``Event``, resources ``Offer``, demands ``Demand`` (the organization
``seeks`` it), projects ``ResearchProject`` and news releases ``NewsArticle``. This module
only builds the data; ``filters.json_ld`` serialises it for a ``<script>`` element, and
the templates decide where it goes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .catalog import Catalog, Entry, NewsItem

UrlOf = Callable[[str], str]
"""Absolute (or page-relative) address of a page, from its source path."""

CONTEXT = "https://schema.org"
ORGANIZATION_TYPES = {
    "university": "CollegeOrUniversity",
    "institute": "ResearchOrganization",
    "government": "GovernmentOrganization",
}
ATTENDANCE_MODES = {
    "online": "https://schema.org/OnlineEventAttendanceMode",
    "offline": "https://schema.org/OfflineEventAttendanceMode",
    "hybrid": "https://schema.org/MixedEventAttendanceMode",
}


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """Drop keys without a value, so the output names only what is known."""
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def _org(org: Entry, url_of: UrlOf) -> dict[str, Any]:
    return _clean(
        {
            "@type": ORGANIZATION_TYPES.get(org.model.kind, "Organization"),
            "name": org.model.name,
            "url": url_of(org.src_uri),
        }
    )


def _ref(entry: Entry, url_of: UrlOf, schema_type: str) -> dict[str, Any]:
    return {"@type": schema_type, "name": entry.label, "url": url_of(entry.src_uri)}


def _partial_date(entry: Entry) -> str:
    """ISO 8601 to the precision known: '2020', '2020-07' or '2020-07-08'."""
    iso = entry.model.date.isoformat()
    return {"year": iso[:4], "month": iso[:7]}.get(entry.model.date_precision, iso)


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


def _common(entry: Entry, url_of: UrlOf) -> dict[str, Any]:
    m = entry.model
    return {
        **_head(ENTRY_TYPES[entry.type.name], entry, url_of),
        "name": m.title,
        "alternateName": entry.zh_title,
        "description": m.summary,
    }


def describe_entry(entry: Entry, catalog: Catalog, url_of: UrlOf) -> dict[str, Any]:
    """The JSON-LD object of an entry's page."""
    m = entry.model
    refs = entry.refs
    orgs = [_org(o, url_of) for o in refs.get("organization", [])]
    kind = entry.type.name
    if kind == "organization":
        parent = refs.get("parent", [])
        return _clean(
            {
                **_head(ORGANIZATION_TYPES.get(m.kind, "Organization"), entry, url_of),
                "name": m.name,
                "alternateName": [
                    n for n in (entry.zh_title, m.short_name, m.zh and m.zh.short_name) if n
                ],
                "sameAs": m.website,
                "address": m.location,
                "parentOrganization": _org(parent[0], url_of) if parent else None,
                "subOrganization": [_org(o, url_of) for o in refs.get("children", [])],
            }
        )
    if kind == "conference":
        online = m.format == "online"
        location = (
            {"@type": "VirtualLocation", "name": m.location}
            if online
            else {"@type": "Place", "name": m.location}
            if m.location
            else None
        )
        return _clean(
            {
                **_head("Event", entry, url_of),
                "name": m.title,
                "alternateName": entry.zh_title,
                "description": m.summary,
                "startDate": _partial_date(entry),
                "eventAttendanceMode": ATTENDANCE_MODES.get(m.format or ""),
                "location": _clean(location) if location else None,
                "organizer": [_org(o, url_of) for o in refs.get("hosts", [])],
                "attendee": [_org(o, url_of) for o in refs.get("participants", [])],
            }
        )
    data = _common(entry, url_of)
    fields = _field_names(entry, catalog)
    if kind in ("resource", "demand"):
        # what is offered or sought: itemOffered covers both ("offered or demanded")
        service = {
            "@type": "Service",
            "name": m.title,
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
    data["subjectOf"] = [_ref(c, url_of, "Event") for c in refs.get("conferences", [])]
    return _clean(data)


def describe_news(item: NewsItem, url_of: UrlOf) -> dict[str, Any]:
    """The JSON-LD object of a news release."""
    meta = item.meta
    image = item.image_src
    return _clean(
        {
            "@context": CONTEXT,
            "@type": "NewsArticle",
            "@id": url_of(item.src_uri) + "#it",
            "url": url_of(item.src_uri),
            "headline": meta.title,
            "datePublished": meta.date.isoformat(),
            "description": meta.summary,
            "image": (image if "://" in image else url_of(image)) if image else None,
            "keywords": ", ".join(meta.tags) or None,
            "about": [_ref(c, url_of, "Event") for c in item.refs.get("conference", [])],
            "mentions": [_org(o, url_of) for o in item.refs.get("organizations", [])],
        }
    )


def describe(item: Entry | NewsItem, catalog: Catalog, url_of: UrlOf) -> dict[str, Any]:
    """The JSON-LD object of any detail page."""
    if isinstance(item, NewsItem):
        return describe_news(item, url_of)
    return describe_entry(item, catalog, url_of)
