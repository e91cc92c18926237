"""Ids from what people write: an entry named by its id, name, short name or title, in
English or Chinese, with any case or spacing.

The reference check suggests ids from here ("did you mean 'casic-zju-2020'?") and the
spreadsheet import resolves names to ids through the same index, so a name that import
takes is one that validation would suggest.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from generator.model.catalog import Catalog

# The keys of each folder's files that name the entry, besides its id (a `zh.` prefix:
# inside the file's zh: block).
LABEL_KEYS: dict[str, tuple[str, ...]] = {
    "organizations": ("name", "short_name", "zh.name", "zh.short_name"),
    "conferences": ("title", "zh.title"),
    "projects": ("title", "zh.title"),
    "resources": ("title", "zh.title"),
    "demands": ("title", "zh.title"),
    "fields": ("name", "name_zh"),
}
_SPACING = re.compile(r"[\s_\-–—·•]+")


def normalized(text: str) -> str:
    """What two spellings of one name share: full-width letters as ASCII, case folded,
    every run of spaces, hyphens and underscores as one space ('CASIC  ZJU-2020' and
    'casic-zju-2020' are the same)."""
    return _SPACING.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def _value(data: dict[str, Any], key: str) -> Any:
    for part in key.split("."):
        data = data.get(part) if isinstance(data, dict) else None  # type: ignore[assignment]
    return data


class NameIndex:
    """Per folder ('organizations', 'fields', …): every id, and each normalized id,
    name, short name and title with the ids it names."""

    def __init__(self) -> None:
        self._ids: dict[str, set[str]] = defaultdict(set)
        self._labels: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))

    @classmethod
    def of(cls, catalog: Catalog) -> NameIndex:
        """The index of a loaded catalog, from every file's plain data (files with errors
        too, since a reference to them is not a missing one)."""
        index = cls()
        for folder, docs in catalog.docs.items():
            for doc in docs:
                index.add(folder, doc.id, doc.data)
        for field_id, field in catalog.fields.items():
            index.add("fields", field_id, field.model_dump())
        return index

    def add(self, folder: str, entry_id: str, data: Any) -> None:
        """Index ``entry_id`` under its own labels as ``data`` (a file's plain data) gives
        them."""
        self._ids[folder].add(entry_id)
        labels = self._labels[folder]
        labels[normalized(entry_id)].add(entry_id)
        if isinstance(data, dict):
            for key in LABEL_KEYS.get(folder, ()):
                if isinstance(value := _value(data, key), str) and value.strip():
                    labels[normalized(value)].add(entry_id)

    def ids(self, folder: str) -> set[str]:
        return self._ids[folder]

    def resolve(self, folder: str, text: str) -> str | None:
        """The id ``text`` names exactly (its id, or one entry's name, short name or
        title up to case and spacing); None when it names none or several."""
        if text in self._ids[folder]:
            return text
        found = self._labels[folder].get(normalized(text), set())
        return next(iter(found)) if len(found) == 1 else None

    def suggestions(self, folder: str, text: str) -> list[str]:
        """Ids ``text`` may have meant, best first: those it names exactly (up to case and
        spacing), else the closest id, else the closest names, short names or titles."""
        labels = self._labels[folder]
        key = normalized(text)
        if exact := labels.get(key):
            return sorted(exact)
        # a mistyped id first, as validation always suggested
        if close_id := difflib.get_close_matches(text, sorted(self._ids[folder]), n=1):
            return close_id
        close = difflib.get_close_matches(key, list(labels), n=2, cutoff=0.6)
        if len(close) == 2 and _ratio(key, close[0]) - _ratio(key, close[1]) >= 0.1:
            close = close[:1]  # the best is clearly better: name only it
        ordered: list[str] = []
        for label in close:
            ordered += [i for i in sorted(labels[label]) if i not in ordered]
        return ordered[:2]

    def hint(self, folder: str, text: str) -> str:
        """ "; did you mean 'x'?" (or "'x' or 'y'") for ``text``, else ''."""
        return did_you_mean(self.suggestions(folder, text))


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def did_you_mean(choices: Iterable[str]) -> str:
    choices = list(choices)
    if not choices:
        return ""
    return "; did you mean " + " or ".join(f"'{c}'" for c in choices) + "?"
