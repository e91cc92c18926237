"""Organizations as a tree: CASIC → Second Academy → No. 25 Institute.

A group's page speaks for its units too, so each organization gets the entries of all
its descendants rolled up. Each entry is added once to each of its ancestors: the work
is entries × depth, and depth is small (three or four levels in practice).
"""

from __future__ import annotations

from typing import Literal

from generator.model.catalog import OFFER_TYPES, Catalog, Entry

Side = Literal["enterprise", "university", "other"]


def ancestors(org: Entry) -> list[Entry]:
    """Parent, grandparent, … of ``org``, nearest first; stops at a cycle.

    Cycles are reported by validation, but ``links.derive`` also runs on a catalog with
    errors (for ``campaign validate``), so the walk must still end.
    """
    chain: list[Entry] = []
    seen = {org.id}
    current = org
    while current.refs.get("parent"):
        current = current.refs["parent"][0]
        if current.id in seen:
            break
        seen.add(current.id)
        chain.append(current)
    return chain


def side(org: Entry) -> Side:
    """Which side of the cooperation an organization is on.

    The nearest organization in its chain that is a university or an enterprise
    decides: a university's institute is on the university side, an academy's
    institute on the enterprise side, a university's spin-off company on the enterprise
    side. Government bodies and stand-alone institutes are 'other'.
    """
    for unit in [org, *ancestors(org)]:
        if unit.model.kind in ("university", "enterprise"):
            return unit.model.kind  # type: ignore[no-any-return]
    return "other"


def roll_up(catalog: Catalog) -> None:
    """Fill ``refs['units']`` (all descendants) and ``refs['all_<plural>']`` on organizations.

    ``all_resources`` etc. hold the organization's own entries and those of every unit
    below it, in listing order. Expects ``refs['parent']`` and the per-organization
    entry lists from ``links.derive``.
    """
    orgs = catalog.organizations
    up = {org.id: ancestors(org) for org in orgs.values()}
    units: dict[str, list[Entry]] = {org_id: [] for org_id in orgs}
    for org in orgs.values():
        for parent in up[org.id]:
            units[parent.id].append(org)
    for entry_type in OFFER_TYPES:
        key = f"all_{entry_type.plural}"
        rolled: dict[str, list[Entry]] = {org_id: [] for org_id in orgs}
        for org in orgs.values():
            own = org.refs.get(entry_type.plural, [])
            if not own:
                continue
            rolled[org.id] += own
            for parent in up[org.id]:
                rolled[parent.id] += own
        for org_id, items in rolled.items():
            orgs[org_id].refs[key] = sorted(items, key=lambda e: e.sort_key)
    for org_id, found in units.items():
        orgs[org_id].refs["units"] = sorted(found, key=lambda e: e.sort_key)


def roots(catalog: Catalog) -> list[Entry]:
    """Organizations that belong to no other, in listing order: the tops of the tree."""
    return [org for org in catalog.sorted("organizations") if not org.refs.get("parent")]


def tree_order(catalog: Catalog) -> dict[str, int]:
    """Each organization's position in a depth-first walk of the tree: a parent before
    its units, siblings in listing order (``refs['children']`` from ``links.derive``)."""
    order: dict[str, int] = {}
    stack = list(reversed(roots(catalog)))
    while stack:
        org = stack.pop()
        if org.id in order:
            continue  # a cycle (reported by validation)
        order[org.id] = len(order)
        stack.extend(reversed(org.refs.get("children", [])))
    for org in catalog.sorted("organizations"):
        order.setdefault(org.id, len(order))  # only in a cycle
    return order
