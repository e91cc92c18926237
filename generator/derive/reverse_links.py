"""Derive the links a visitor follows backwards: organization → its entries, and so on.

Also: a conference's participants split by side, each news release's neighbours by
date, and every organization's entries rolled up from its units (``hierarchy``).

Forward references are resolved here too, so templates never look ids up themselves and
a dangling id (already reported by validation) simply shows no link.
"""

from __future__ import annotations

from collections import defaultdict

from generator.derive.hierarchy import roll_up, side
from generator.model.catalog import OFFER_TYPES, Catalog, Entry


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

    for conf in confs.values():
        # Split for the conference page: who came from industry, who from universities.
        for group in ("enterprise", "university", "other"):
            conf.refs[f"participants_{group}"] = []
        for org in conf.refs["participants"]:
            conf.refs[f"participants_{side(org)}"].append(org)

    # Oldest first, so each release's neighbours are the items beside it.
    chronological = sorted(catalog.news, key=lambda n: (n.date, n.id))
    for i, item in enumerate(chronological):
        conference = item.meta.conference
        item.refs = {
            "conference": [confs[conference]] if conference in confs else [],
            "organizations": [orgs[o] for o in item.meta.organizations if o in orgs],
            "older": chronological[i - 1 : i],
            "newer": chronological[i + 1 : i + 2],
        }
        for conf in item.refs["conference"]:
            back[conf]["news"].append(item)  # type: ignore[arg-type]
        for org in item.refs["organizations"]:
            back[org]["news"].append(item)  # type: ignore[arg-type]

    for entry, lists in back.items():
        for name, items in lists.items():
            if name in ("hosted", "participated"):
                entry.refs[name] = _by_date(items)
            elif name == "news":
                entry.refs[name] = sorted(items, key=lambda n: (n.date, n.id), reverse=True)
            else:
                entry.refs[name] = sorted(set(items), key=lambda e: e.sort_key)

    roll_up(catalog)
