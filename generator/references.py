"""Cross-file checks: every id an entry names must exist, and parents must not loop."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .catalog import Catalog, Entry
from .problems import Problem
from .sources import Loc, SourceDoc
from .validation import suggest


def _missing(
    doc: SourceDoc, loc: Loc, what: str, ref: str, known: Iterable[str], home: str
) -> Problem:
    hint = suggest(ref, set(known)) or f" ({home.format(ref)})"
    return doc.problem(loc, f"{what} '{ref}' does not exist{hint}")


ORGS = "no file catalog/organizations/{}.yaml"
CONFS = "no file catalog/conferences/{}.yaml"
PROJECTS = "no file catalog/projects/{}.yaml"
FIELDS = "not listed under fields: in catalog/taxonomy.yaml"


def check_references(catalog: Catalog) -> list[Problem]:
    """Report references to missing organizations, conferences, fields and projects."""
    problems: list[Problem] = []
    orgs, confs, projects = (
        catalog.file_ids["organizations"],
        catalog.file_ids["conferences"],
        catalog.file_ids["projects"],
    )
    # Without a valid taxonomy every field would look missing; its own error says enough.
    fields = catalog.fields if catalog.taxonomy else None

    def one(doc: SourceDoc, key: str, value: str | None, table: Any, what: str, home: str) -> None:
        if value is not None and value not in table:
            problems.append(_missing(doc, (key,), what, value, table, home))

    def many(doc: SourceDoc, key: str, values: list[str], table: Any, what: str, home: str) -> None:
        if table is None:
            return
        for i, value in enumerate(values):
            if value not in table:
                problems.append(_missing(doc, (key, i), what, value, table, home))

    for plural in ("resources", "demands", "projects"):
        for entry in catalog.entries[plural].values():
            doc, m = entry.source, entry.model
            one(doc, "organization", m.organization, orgs, "organization", ORGS)
            many(doc, "fields", m.fields, fields, "field", FIELDS)
            many(doc, "conferences", m.conferences, confs, "conference", CONFS)

    for entry in catalog.organizations.values():
        one(entry.source, "parent", entry.model.parent, orgs, "organization", ORGS)

    for entry in catalog.conferences.values():
        doc, m = entry.source, entry.model
        many(doc, "hosts", m.hosts, orgs, "organization", ORGS)
        many(doc, "participants", m.participants, orgs, "organization", ORGS)
        many(doc, "projects", m.projects, projects, "project", PROJECTS)

    for item in catalog.news:
        doc, meta = item.source, item.meta
        one(doc, "conference", meta.conference, confs, "conference", CONFS)
        many(doc, "organizations", meta.organizations, orgs, "organization", ORGS)

    problems += _parent_cycles(catalog.organizations)
    return problems


def _parent_cycles(orgs: dict[str, Entry]) -> list[Problem]:
    problems = []
    reported: set[str] = set()
    for start in sorted(orgs):
        chain: list[str] = []
        current: str | None = start
        while current in orgs and current not in chain:
            chain.append(current)
            current = orgs[current].model.parent
        if current is None or current not in chain:
            continue
        cycle = chain[chain.index(current) :]
        if reported.intersection(cycle):
            continue
        reported.update(cycle)
        loop = " → ".join([*cycle, cycle[0]])
        for org_id in cycle:
            problems.append(
                orgs[org_id].source.problem(
                    ("parent",), f"parent organizations form a cycle: {loop}"
                )
            )
    return problems
