"""Cross-file checks: every id an entry names must exist, and parents must not loop.

The checks read each file's plain data rather than its model, so a file with other
errors still gets its references checked: a contributor sees every problem at once.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from .catalog import Catalog
from .models import ID_PATTERN
from .problems import Problem
from .sources import SourceDoc
from .validation import suggest

ID_RE = re.compile(ID_PATTERN)

ORGS = "no file catalog/organizations/{}.yaml"
CONFS = "no file catalog/conferences/{}.yaml"
PROJECTS = "no file catalog/projects/{}.yaml"
FIELDS = "not listed under fields: in catalog/taxonomy.yaml"

# (key, what it names, folder of the target, where a missing one would be, many?)
_REFS: dict[str, list[tuple[str, str, str, str, bool]]] = {
    "entry": [
        ("organization", "organization", "organizations", ORGS, False),
        ("fields", "field", "fields", FIELDS, True),
        ("conferences", "conference", "conferences", CONFS, True),
    ],
    "organizations": [("parent", "organization", "organizations", ORGS, False)],
    "conferences": [
        ("hosts", "organization", "organizations", ORGS, True),
        ("participants", "organization", "organizations", ORGS, True),
        ("projects", "project", "projects", PROJECTS, True),
    ],
    "news": [
        ("conference", "conference", "conferences", CONFS, False),
        ("organizations", "organization", "organizations", ORGS, True),
    ],
}


def _check(
    doc: SourceDoc, rules: list, targets: dict[str, Collection[str] | None]
) -> list[Problem]:
    problems: list[Problem] = []
    data = doc.data if isinstance(doc.data, dict) else {}
    for key, what, folder, home, many in rules:
        known = targets[folder]
        if known is None or key not in data:
            continue
        values = data[key] if many else [data[key]]
        if not isinstance(values, list):
            continue
        for i, value in enumerate(values):
            # malformed ids and non-text values already have an error of their own
            if not isinstance(value, str) or not ID_RE.match(value) or value in known:
                continue
            hint = suggest(value, set(known)) or f" ({home.format(value)})"
            loc = (key, i) if many else (key,)
            problems.append(doc.problem(loc, f"{what} '{value}' does not exist{hint}"))
    return problems


def check_references(catalog: Catalog) -> list[Problem]:
    """Report references to missing organizations, conferences, fields and projects."""
    targets: dict[str, Collection[str] | None] = {
        **catalog.file_ids,
        # without a valid taxonomy every field would look missing; its own error says enough
        "fields": catalog.fields if catalog.taxonomy else None,
    }
    problems: list[Problem] = []
    for plural, docs in catalog.docs.items():
        rules = _REFS.get(plural, _REFS["entry"])
        for doc in docs:
            problems += _check(doc, rules, targets)
    for doc in catalog.news_docs:
        problems += _check(doc, _REFS["news"], targets)
    problems += _parent_cycles(catalog.docs["organizations"])
    return problems


def _parent_cycles(docs: list[SourceDoc]) -> list[Problem]:
    by_id = {doc.id: doc for doc in docs}
    parent = {
        doc.id: doc.data.get("parent")
        for doc in docs
        if isinstance(doc.data, dict) and isinstance(doc.data.get("parent"), str)
    }
    problems = []
    reported: set[str] = set()
    for start in sorted(parent):
        chain: list[str] = []
        current: str | None = start
        while current in parent and current not in chain:
            chain.append(current)
            current = parent[current]
        if current is None or current not in chain:
            continue
        cycle = chain[chain.index(current) :]
        if reported.intersection(cycle):
            continue
        reported.update(cycle)
        loop = " → ".join([*cycle, cycle[0]])
        for org_id in cycle:
            problems.append(
                by_id[org_id].problem(("parent",), f"parent organizations form a cycle: {loop}")
            )
    return problems


def reference_folders(plural: str) -> dict[str, str]:
    """Key → folder of the ids it names, for one file kind ('news' for news releases);
    'fields' stands for the taxonomy."""
    return {key: folder for key, _, folder, _, _ in _REFS.get(plural, _REFS["entry"])}


def named_ids(doc: SourceDoc, plural: str) -> set[tuple[str, str]]:
    """(folder, id) for every id that ``doc`` names, e.g. ('organizations', 'casic')."""
    data = doc.data if isinstance(doc.data, dict) else {}
    named: set[tuple[str, str]] = set()
    for key, _, folder, _, many in _REFS.get(plural, _REFS["entry"]):
        values = data.get(key) if many else [data.get(key)]
        if isinstance(values, list):
            named.update((folder, value) for value in values if isinstance(value, str))
    return named
