"""Entries as sparse vectors: TF-IDF over their words, and their technical fields.

Each resource, demand and project becomes one row of a sparse matrix. A term's weight is
``(1 + ln tf) × idf``, where ``tf`` counts the term in the title and keywords twice and
in the summary and description once, and ``idf = ln(1 + (N − df + 0.5) / (df + 0.5))``
over all N resources, demands and projects (a word in every entry weighs almost
nothing). Rows are scaled to length 1, so the product of two rows is their cosine
similarity, between 0 (no word in common) and 1 (the same words in the same
proportions). Field vectors are the same with one column per field of the taxonomy.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from .catalog import Entry
from .text import weighted_terms

# How many times a word counts, by where it appears.
ZONE_WEIGHTS = {"title": 2, "title_zh": 2, "keywords": 2, "summary": 1, "description": 1}


def entry_terms(entry: Entry) -> Counter[str]:
    """Weighted term counts of a resource, demand or project (see ``ZONE_WEIGHTS``)."""
    model = entry.model
    return weighted_terms(
        [
            (model.title, ZONE_WEIGHTS["title"]),
            (model.title_zh, ZONE_WEIGHTS["title_zh"]),
            (" ; ".join(model.keywords), ZONE_WEIGHTS["keywords"]),
            (model.summary, ZONE_WEIGHTS["summary"]),
            (model.description, ZONE_WEIGHTS["description"]),
        ]
    )


@dataclass
class Vocabulary:
    """Term ↔ column, with each term's inverse document frequency."""

    columns: dict[str, int] = field(default_factory=dict)
    terms: list[str] = field(default_factory=list)
    idf: np.ndarray = field(default_factory=lambda: np.zeros(0))

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
        n = len(documents)
        vocab.idf = np.array(
            [math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5)) for t in vocab.terms],
            dtype=np.float64,
        )
        return vocab


def _normalised(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)


def text_matrix(documents: Sequence[Counter[str]], vocab: Vocabulary) -> sparse.csr_matrix:
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
    matrix = sparse.csr_matrix(
        (np.array(data, dtype=np.float64), np.array(indices, dtype=np.int32), indptr),
        shape=(len(documents), len(vocab.terms)),
    )
    return _normalised(sparse.csr_matrix(matrix @ sparse.diags(vocab.idf)))


def field_matrix(entries: Sequence[Entry], columns: dict[str, int]) -> sparse.csr_matrix:
    """One unit-length row per entry with a 1 for each of its fields."""
    rows, cols = [], []
    for i, entry in enumerate(entries):
        for field_id in dict.fromkeys(entry.model.fields):
            if field_id in columns:
                rows.append(i)
                cols.append(columns[field_id])
    matrix = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(entries), max(1, len(columns)))
    )
    return _normalised(matrix)


def row_weights(matrix: sparse.csr_matrix, row: int) -> dict[int, float]:
    """The non-zero weights of one row, by column."""
    start, end = matrix.indptr[row], matrix.indptr[row + 1]
    return dict(
        zip(matrix.indices[start:end].tolist(), matrix.data[start:end].tolist(), strict=True)
    )
