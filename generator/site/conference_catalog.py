"""The printable catalog of a conference (/conferences/<id>/catalog/): every resource,
demand and project presented there, grouped by organization, the groups in the order
of the organization tree (a group before its units, siblings in listing order)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.derive.hierarchy import tree_order
from generator.model.catalog import OFFER_TYPES, Catalog, Entry

CATALOG_PLURALS = ("resources", "demands", "projects")


def catalog_uri(conference: Entry) -> str:
    """The source path of a conference's printable catalog (English; the ``link``
    filter leads a Chinese page to zh/)."""
    return f"conferences/{conference.id}/catalog.md"


@dataclass(frozen=True)
class Group:
    """One organization's entries presented at the conference."""

    organization: Entry | None
    """None for entries that name no organization (listed last)."""
    entries: tuple[Entry, ...] = ()


def catalog_groups(
    conference: Entry, catalog: Catalog, order: dict[str, int] | None = None
) -> list[Group]:
    """The entries presented at ``conference``, grouped by their (first) organization,
    in tree order; within a group resources, then demands, then projects, each in
    listing order. ``order``: ``tree_order(catalog)``, when the caller has it (it sorts
    every organization: worked out once for all the conferences, not once each)."""
    if order is None:
        order = tree_order(catalog)
    type_rank = {t.plural: i for i, t in enumerate(OFFER_TYPES)}
    members: dict[str | None, tuple[Entry | None, list[Entry]]] = {}
    for plural in CATALOG_PLURALS:
        for entry in conference.refs.get(plural, []):
            orgs = entry.refs.get("organization") or []
            org = orgs[0] if orgs else None
            key = org.id if org is not None else None
            members.setdefault(key, (org, []))[1].append(entry)
    groups = [
        Group(
            org,
            tuple(
                sorted(
                    entries,
                    key=lambda e: (type_rank.get(e.type.plural, len(type_rank)), e.sort_key),
                )
            ),
        )
        for org, entries in members.values()
    ]
    return sorted(
        groups,
        key=lambda g: (
            g.organization is None,
            order.get(g.organization.id, 0) if g.organization else 0,
        ),
    )
