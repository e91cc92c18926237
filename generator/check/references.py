"""Cross-file checks: every id an entry names must exist, and parents must not loop.

The checks read each file's plain data rather than its model, so a file with other
errors still gets its references checked: a contributor sees every problem at once.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from functools import cache

from generator.check.names import NameIndex
from generator.check.problems import Problem
from generator.load.validation import dotted, invalid_id, short
from generator.model.catalog import Catalog
from generator.model.ids import ID_RE
from generator.model.source_doc import PLACEHOLDER, SourceDoc

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
    doc: SourceDoc,
    rules: list,
    targets: dict[str, Collection[str] | None],
    names: Callable[[], NameIndex],
) -> list[Problem]:
    problems: list[Problem] = []
    data = doc.data if isinstance(doc.data, dict) else {}
    for key, what, folder, home, many in rules:
        if key not in data:
            continue
        known = targets[folder]
        values = data[key] if many else [data[key]]
        if not isinstance(values, list):
            continue
        for i, value in enumerate(values):
            # a value of another type, or a placeholder, has an error of its own
            if not isinstance(value, str) or value.strip() == PLACEHOLDER:
                continue
            loc = (key, i) if many else (key,)
            if not ID_RE.match(value):
                hint = names().hint(folder, value) if known is not None else ""
                problems.append(doc.problem(loc, invalid_id(dotted(loc), short(value)) + hint))
            elif known is not None and value not in known:
                hint = names().hint(folder, value) or f" ({home.format(value)})"
                problems.append(doc.problem(loc, f"{what} '{value}' does not exist{hint}"))
    return problems


def check_references(
    catalog: Catalog, docs: dict[str, list[SourceDoc]] | None = None
) -> list[Problem]:
    """Report references to missing organizations, conferences, fields and projects, and
    references that are not ids (with the id they may name: 'did you mean …?').

    ``docs`` (folder → parsed files, 'news' for releases) are the files to check; by
    default every file of ``catalog``. Their ids must be among ``catalog.file_ids``."""
    targets: dict[str, Collection[str] | None] = {
        **catalog.file_ids,
        # without a valid taxonomy every field would look missing; its own error says enough
        "fields": catalog.fields if catalog.taxonomy else None,
    }
    # indexed at the first wrong reference: a catalog without one never needs it
    names = cache(lambda: NameIndex.of(catalog))
    if docs is None:
        docs = {**catalog.docs, "news": catalog.news_docs}
    problems: list[Problem] = []
    for plural, folder_docs in docs.items():
        rules = _REFS.get(plural, _REFS["entry"])
        for doc in folder_docs:
            problems += _check(doc, rules, targets, names)
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
