"""The TODO placeholders `campaign new` writes, and the check that none is left behind.

A placeholder is plain text, so without this check a forgotten ``title: TODO`` would
validate and be published. Where a placeholder also breaks a model rule (``date: TODO``,
``organization: TODO``) this message replaces the model's, which would only confuse.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

from generator.check.problems import Problem
from generator.load.validation import dotted, validate
from generator.model.source_doc import PLACEHOLDER, Loc, SourceDoc

__all__ = ["PLACEHOLDER", "checked", "placeholder_problems", "with_placeholders"]

M = TypeVar("M", bound=BaseModel)


def _locs(data: Any, loc: Loc) -> list[Loc]:
    if isinstance(data, dict):
        return [found for key, value in data.items() for found in _locs(value, (*loc, key))]
    if isinstance(data, list):
        return [found for i, value in enumerate(data) for found in _locs(value, (*loc, i))]
    if isinstance(data, str) and data.strip() == PLACEHOLDER:
        return [loc]
    return []


def placeholder_problems(doc: SourceDoc) -> list[Problem]:
    """One problem for each value of ``doc`` that is still the placeholder."""
    return [
        doc.problem(
            loc,
            f"{dotted(loc) or 'value'}: replace the placeholder {PLACEHOLDER} with a real "
            "value (the comment above the key says what goes there)",
        )
        for loc in _placeholder_locs(doc)
    ]


def _placeholder_locs(doc: SourceDoc) -> list[Loc]:
    # stage one notes them while it walks the document; validation only ever replaces
    # values that were not text, so the notes stay true
    if doc.placeholders is not None and doc.data is not None:
        return doc.placeholders
    return _locs(doc.data, ())


def with_placeholders(doc: SourceDoc, problems: list[Problem]) -> list[Problem]:
    """``problems`` plus placeholder problems, dropping model errors at the same place."""
    marks = placeholder_problems(doc)
    if not marks:
        return problems
    at = {(p.line, p.col) for p in marks}
    return [p for p in problems if (p.line, p.col) not in at] + marks


def checked(
    model: type[M], doc: SourceDoc, earlier: list[Problem] | None = None
) -> tuple[M | None, list[Problem]]:
    """Stage two of one catalog file, as every reader runs it (the loader, and import
    for a spreadsheet row): the model's checks, then the placeholder check, which also
    covers ``earlier`` problems (stage one's)."""
    result, problems = validate(model, doc)
    return result, with_placeholders(doc, [*(earlier or []), *problems])
