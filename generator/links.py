"""Derive the links a visitor follows backwards: organization → its entries, and so on.

Forward references are resolved here too, so templates never look ids up themselves and
a dangling id (already reported by validation) simply shows no link.
"""

from __future__ import annotations

from collections import defaultdict

from .catalog import OFFER_TYPES, Catalog, Entry


def _by_date(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.model.date, e.id), reverse=True)


def derive(catalog: Catalog) -> None:
    """Fill ``Entry.refs`` on every entry of ``catalog`` (idempotent)."""
    orgs, confs, projects = catalog.organizations, catalog.conferences, catalog.projects
    back: dict[Entry, dict[str, list[Entry]]] = defaultdict(lambda: defaultdict(list))

    for entry_type in OFFER_TYPES:
        for entry in catalog.entries[entry_type.plural].values():
            entry.refs = {
                "organization": [orgs[i] for i in [entry.model.organization] if i in orgs],
                "conferences": _by_date([confs[i] for i in entry.model.conferences if i in confs]),
            }
            for org in entry.refs["organization"]:
                back[org][entry_type.plural].append(entry)
            for conf in entry.refs["conferences"]:
                back[conf][entry_type.plural].append(entry)

    for org in orgs.values():
        parent = org.model.parent
        org.refs = {"parent": [orgs[parent]] if parent in orgs else []}
        if parent in orgs and parent != org.id:
            back[orgs[parent]]["children"].append(org)

    for conf in confs.values():
        m = conf.model
        conf.refs = {
            "hosts": [orgs[i] for i in m.hosts if i in orgs],
            "participants": [orgs[i] for i in m.participants if i in orgs],
        }
        for org in conf.refs["hosts"]:
            back[org]["hosted"].append(conf)
        for org in conf.refs["participants"]:
            back[org]["participated"].append(conf)
        for project_id in m.projects:
            if project_id in projects and conf not in projects[project_id].refs["conferences"]:
                back[conf]["projects"].append(projects[project_id])

    for item in catalog.news:
        if item.meta.conference in confs:
            back[confs[item.meta.conference]]["news"].append(item)  # type: ignore[arg-type]
        for org_id in item.meta.organizations:
            if org_id in orgs:
                back[orgs[org_id]]["news"].append(item)  # type: ignore[arg-type]

    for entry, lists in back.items():
        for name, items in lists.items():
            if name in ("hosted", "participated"):
                entry.refs[name] = _by_date(items)
            elif name == "news":
                entry.refs[name] = sorted(items, key=lambda n: (n.date, n.id), reverse=True)
            else:
                entry.refs[name] = sorted(set(items), key=lambda e: e.sort_key)
