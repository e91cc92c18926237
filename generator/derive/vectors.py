"""Entries as vectors: sparse TF-IDF rows over their words, dense rows over their fields.

Each resource, demand and project becomes one row. A term's weight is
``(1 + ln tf) × idf``, where ``tf`` counts the term in the title and keywords twice and
in the summary and description once (the Chinese title, summary and description of the
``zh:`` block count as the English ones), and ``idf = ln(1 + (N − df + 0.5) / (df + 0.5))``
over all N resources, demands and projects (a word in every entry weighs almost
nothing). Rows are scaled to length 1, so the dot product of two rows is their cosine
similarity, between 0 (no word in common) and 1 (the same words in the same
proportions). Field rows are the same with one column per field of the taxonomy.

Sparse rows are kept in compressed form (``SparseRows``: offsets, columns, weights), with
NumPy only; ``transpose`` turns the offers' rows into an inverted index (term → offers).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from generator.derive.words import weighted_terms
from generator.model.catalog import Entry

# How many times a word counts, by where it appears. The Chinese title, summary and
# description (the entry's ``zh:`` block) count as the English ones.
ZONE_WEIGHTS = {"title": 2, "keywords": 2, "summary": 1, "description": 1}


def entry_terms(entry: Entry) -> Counter[str]:
    """Weighted term counts of a resource, demand or project (see ``ZONE_WEIGHTS``), over
    its English text and the Chinese text of its ``zh:`` block."""
    model = entry.model
    zones: list[tuple[str | None, int]] = [
        (model.title, ZONE_WEIGHTS["title"]),
        (" ; ".join(model.keywords), ZONE_WEIGHTS["keywords"]),
        (model.summary, ZONE_WEIGHTS["summary"]),
        (model.description, ZONE_WEIGHTS["description"]),
    ]
    zh = model.zh
    if zh is not None:
        zones += [
            (zh.title, ZONE_WEIGHTS["title"]),
            (zh.summary, ZONE_WEIGHTS["summary"]),
            (zh.description, ZONE_WEIGHTS["description"]),
        ]
    return weighted_terms(zones)


_known_terms: dict[int, tuple[object, Counter[str]]] = {}


def terms_of(entries: list[Entry]) -> dict[int, Counter[str]]:
    """``entry_terms`` of each entry, by ``id(entry)``.

    Word segmentation is most of the time matching takes. Between the builds of one
    `mkdocs serve` session the loader hands back the same model object for a file that
    did not change, so its terms are taken from the last build instead of segmented again.
    """
    global _known_terms
    known: dict[int, tuple[object, Counter[str]]] = {}
    result = {}
    for entry in entries:
        hit = _known_terms.get(id(entry.model))
        if hit is None or hit[0] is not entry.model:
            hit = (entry.model, entry_terms(entry))
        known[id(entry.model)] = hit
        result[id(entry)] = hit[1]
    _known_terms = known
    return result


@dataclass
class Vocabulary:
    """Term ↔ column, with each term's inverse document frequency."""

    columns: dict[str, int] = field(default_factory=dict)
    terms: list[str] = field(default_factory=list)
    idf: np.ndarray = field(default_factory=lambda: np.zeros(0))
    df: list[int] = field(default_factory=list)
    """Number of documents each term appears in."""
    documents: int = 0

    @classmethod
    def build(cls, documents: Sequence[Counter[str]]) -> Vocabulary:
        """Columns in first-seen order over ``documents`` (deterministic for one catalog)."""
        vocab = cls()
        df: Counter[str] = Counter()
        for counts in documents:
            for term in counts:
                if term not in vocab.columns:
                    vocab.columns[term] = len(vocab.terms)
                    vocab.terms.append(term)
            df.update(counts.keys())
        n = vocab.documents = len(documents)
        vocab.df = [df[t] for t in vocab.terms]
        vocab.idf = np.array(
            [math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5)) for t in vocab.terms],
            dtype=np.float64,
        )
        return vocab


def ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """``arange(s, s + n)`` for each start and length, concatenated, without a loop."""
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    shift = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
    return shift + np.arange(total, dtype=np.int64)


@dataclass(frozen=True)
class SparseRows:
    """Rows of a sparse matrix: row ``i`` has ``indices[indptr[i]:indptr[i+1]]`` as its
    columns (ascending) and ``data[…]`` as their values."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    n_cols: int

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def row(self, i: int) -> dict[int, float]:
        """The non-zero values of row ``i``, by column."""
        start, end = self.indptr[i], self.indptr[i + 1]
        columns, values = self.indices[start:end].tolist(), self.data[start:end].tolist()
        return dict(zip(columns, values, strict=True))

    def transpose(self) -> SparseRows:
        """Columns as rows: for a term matrix, each term's postings (rows, weights)."""
        rows = np.repeat(np.arange(len(self), dtype=np.int64), np.diff(self.indptr))
        order = np.argsort(self.indices, kind="stable")
        counts = np.bincount(self.indices, minlength=self.n_cols)
        indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        return SparseRows(indptr, rows[order], self.data[order], len(self))


def text_rows(documents: Sequence[Counter[str]], vocab: Vocabulary) -> SparseRows:
    """One unit-length TF-IDF row per document; terms unknown to ``vocab`` are ignored."""
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    for counts in documents:
        row = sorted(
            (vocab.columns[t], 1.0 + math.log(c)) for t, c in counts.items() if t in vocab.columns
        )
        indices += [col for col, _ in row]
        data += [tf for _, tf in row]
        indptr.append(len(indices))
    ptr = np.array(indptr, dtype=np.int64)
    cols = np.array(indices, dtype=np.int64)
    values = np.array(data, dtype=np.float64) * vocab.idf[cols]
    # scale each row to length 1
    row_of = np.repeat(np.arange(len(documents), dtype=np.int64), np.diff(ptr))
    norms = np.sqrt(np.bincount(row_of, weights=values * values, minlength=len(documents)))
    values /= np.where(norms == 0, 1.0, norms)[row_of]
    return SparseRows(ptr, cols, values, len(vocab.terms))


def field_rows(entries: Sequence[Entry], columns: dict[str, int]) -> np.ndarray:
    """One unit-length dense row per entry with a 1 for each of its fields."""
    matrix = np.zeros((len(entries), max(1, len(columns))), dtype=np.float64)
    for i, entry in enumerate(entries):
        for field_id in entry.model.fields:
            if field_id in columns:
                matrix[i, columns[field_id]] = 1.0
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)
