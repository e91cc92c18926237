"""What loading each catalog file gave, remembered for the next load (`mkdocs serve`).

``load_catalog(root, cache=LoadCache())`` keeps, per catalog file, the outcome of the
two per-file stages (parsed document, validated model, the file's own problems), keyed
by a hash of the file's bytes. The next load with the same cache reads every file again
but parses and validates only those whose bytes changed; the checks across files
(references, duplicate ids, parent cycles, reverse links) always run over everything, so
the result is the same as a load without the cache.

The remembered documents and models are shared by the catalogs of successive loads and
must not be changed: models are frozen, and nothing after loading writes to a
``SourceDoc``. ``Entry`` objects, whose reverse links ``links.derive`` fills in, are
created afresh by every load; the texts worked out from a model (``FileResult.texts``)
stay with it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from generator.check.problems import Problem
from generator.model.source_doc import SourceDoc


@dataclass(frozen=True)
class FileResult:
    """The outcome of stages one and two for one catalog file."""

    doc: SourceDoc
    model: Any
    """The validated model, or None when the file has problems of its own."""
    problems: tuple[Problem, ...]
    texts: dict[str, Any] = field(default_factory=dict, compare=False)
    """The entry's texts in each language (``Entry.text``), worked out from ``model``
    alone: the entries of successive loads that share the model share them too, so a
    preview's rebuild neither works them out again nor gets new objects for them (the
    fingerprints of its pages know an unchanged text by its identity)."""


Stat = tuple[int, int, int]
"""A file's modification time (ns), size and inode."""

Key = tuple[str, str]
"""(file kind, path relative to the project root), e.g. ('resources', 'catalog/…')."""


class LoadCache:
    """Per-file results of earlier loads, keyed by the file's content."""

    def __init__(self) -> None:
        self._files: dict[Key, tuple[bytes, FileResult]] = {}
        self._stats: dict[Key, Stat] = {}
        self.hits = 0
        """Files taken from the cache by the loads so far (for tests and logs)."""
        self.misses = 0
        """Files parsed and validated by the loads so far."""

    @staticmethod
    def digest(raw: bytes) -> bytes:
        return hashlib.blake2b(raw, digest_size=16).digest()

    def get(self, key: Key, digest: bytes) -> FileResult | None:
        found = self._files.get(key)
        if found is not None and found[0] == digest:
            self.hits += 1
            return found[1]
        self.misses += 1
        return None

    def unchanged(self, key: Key, stat: Stat) -> FileResult | None:
        """The result for a file whose size, time and inode are as when it was last
        read: reading it again to compare its bytes would be the slowest part of a
        reload."""
        if self._stats.get(key) == stat and key in self._files:
            self.hits += 1
            return self._files[key][1]
        return None

    def put(self, key: Key, digest: bytes, result: FileResult, stat: Stat | None = None) -> None:
        self._files[key] = (digest, result)
        if stat is None:
            self._stats.pop(key, None)
        else:
            self._stats[key] = stat

    def keep_only(self, keys: Iterable[Key]) -> None:
        """Forget the files that the last load did not find (deleted or renamed)."""
        wanted = set(keys)
        for key in [k for k in self._files if k not in wanted]:
            del self._files[key]
            self._stats.pop(key, None)

    def __len__(self) -> int:
        return len(self._files)
