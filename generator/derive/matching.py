"""Suggested partners: every active demand scored against every resource and project.

The score of a demand and an offer (a resource or a project) is

    score = 0.6 × text similarity + 0.4 × field similarity

both cosine similarities between 0 and 1 (``vectors``): text over TF-IDF vectors of the
title, keywords, summary and description, English and Chinese alike (``text``); fields
over the technical fields the two entries name. A pair scores when it reaches
``MIN_SCORE``; each suggestion keeps its reasons, the shared fields and the shared terms
that add most to the text similarity.

Who is matched with whom:

- only **active** demands (``expiry``): open or in negotiation, deadline not past.
  Expired, matched and closed demands get no suggestions and are suggested to no one;
- never an organization with itself, nor with the groups above it or the units below
  it (one party, whatever its units are called); sister units of one group may be
  matched, as they are separate parties that do work together.

Scores are rounded to six decimals and ties broken by id, so a catalog always gives the
same suggestions in the same order.

All demands are scored against all offers a block of demands at a time, with NumPy, never
pair by pair in Python: every pair gets a score (the work grows with demands × offers),
and only one block's scores are held at once (memory stays flat). Text similarities of
the few hundred terms most offers share come from dense matrix products; the long tail
of rarer terms goes through an inverted index (term → offers, ``vectors``): for a block
of demands, every (demand, offer, shared term) product is summed with ``numpy.bincount``.

Here: the scoring, and the selection of what each page lists. A match's reasons are
``match_reasons``; ``Match`` and ``Matches``, what the pages get, are ``match_results``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from functools import partial

import numpy as np

from generator.derive.expiry import is_active
from generator.derive.hierarchy import ancestors
from generator.derive.match_reasons import Why, nameable, reasons
from generator.derive.match_results import MIN_SCORE, Match, Matches
from generator.derive.vectors import SparseRows, Vocabulary, field_rows, ranges, terms_of, text_rows
from generator.model.catalog import Catalog, Entry

TEXT_WEIGHT = 0.6
FIELD_WEIGHT = 0.4
SUGGESTIONS = 5
"""Offers suggested on each demand's page."""
DEMANDS_PER_OFFER = 5
"""Demands listed on each resource's and project's page."""
CONFERENCE_PAIRS = 10
"""Best pairs listed on a conference page."""

_SCALE = 1_000_000  # scores as integers: six decimals, exact ties
_BLOCK_CELLS = 2_000_000  # demand × offer scores held at once (16 MB of float64)
_BLOCK_TERMS = 2_000_000  # (demand, offer, shared rare term) triples summed at once
_DENSE_TERMS = 256  # at most this many frequent terms go through dense products …
_DENSE_MIN_OFFERS = 32  # … each in at least this many offers


def _known(fields: list[str], columns: dict[str, int]) -> dict[str, None]:
    """An entry's fields that the taxonomy knows, once each, in its order."""
    return {f: None for f in fields if f in columns}


def _largest(keys: np.ndarray, k: int, axis: int) -> np.ndarray:
    """The ``k`` largest keys along ``axis`` (1: of each row, 0: of each column), in no
    particular order. Keys carry their own position (see ``Matcher.run``), so there is no
    need for the slower ``argpartition``."""
    n = keys.shape[axis]
    if n <= k:
        return keys
    if axis == 1:
        return np.partition(keys, n - k, axis=1)[:, n - k :]
    # Of each column: along the rows of a transposed copy, whose values lie side by side
    # in memory (along axis 0 numpy's partition takes twice as long).
    return np.partition(np.ascontiguousarray(keys.T), n - k, axis=1)[:, n - k :].T


class Matcher:
    """The catalog's active demands and its offers as vectors, ready to be scored."""

    def __init__(self, catalog: Catalog, today: dt.date) -> None:
        self.catalog = catalog
        self.today = today
        self._explained: dict[tuple[int, int, int], Match] = {}
        everything = [
            e for plural in ("resources", "demands", "projects") for e in catalog.sorted(plural)
        ]
        counts = terms_of(everything)
        self.vocab = Vocabulary.build([counts[id(e)] for e in everything])
        self.demands: list[Entry] = sorted(
            (d for d in catalog.demands.values() if is_active(d, today)), key=lambda e: e.id
        )
        self.offers: list[Entry] = sorted(
            [*catalog.resources.values(), *catalog.projects.values()],
            key=lambda e: (e.id, e.type.name),
        )
        self.demand_row = {e.id: i for i, e in enumerate(self.demands)}
        self.offer_col = {(e.type.name, e.id): i for i, e in enumerate(self.offers)}
        self.text_d = text_rows([counts[id(e)] for e in self.demands], self.vocab)
        self.text_o = text_rows([counts[id(e)] for e in self.offers], self.vocab)
        self.postings: SparseRows = self.text_o.transpose()
        self._split_terms()
        columns = {field_id: i for i, field_id in enumerate(catalog.fields)}
        self.fields_d = field_rows(self.demands, columns)
        self.fields_o = field_rows(self.offers, columns)
        self._fields_d = [_known(e.model.fields, columns) for e in self.demands]
        self._fields_o = [_known(e.model.fields, columns) for e in self.offers]
        self.excluded = self._exclusions()
        self._reason_ok: dict[int, bool] = {}
        self._cache_d: dict[int, dict[int, float]] = {}
        self._cache_o: dict[int, dict[int, float]] = {}

    def _exclusions(self) -> list[np.ndarray]:
        """For each demand, the offer columns of its own organization, above and below."""
        orgs = self.catalog.organizations
        by_org: dict[str, list[int]] = defaultdict(list)
        for col, offer in enumerate(self.offers):
            by_org[offer.model.organization].append(col)
        family_cols: dict[str, np.ndarray] = {}
        result = []
        for demand in self.demands:
            org_id = demand.model.organization
            if org_id not in family_cols:
                family = {org_id}
                if org_id in orgs:
                    org = orgs[org_id]
                    family |= {o.id for o in ancestors(org)}
                    family |= {o.id for o in org.refs.get("units", [])}
                cols = sorted(c for o in family for c in by_org.get(o, []))
                family_cols[org_id] = np.array(cols, dtype=np.int64)
            result.append(family_cols[org_id])
        return result

    def _split_terms(self) -> None:
        """Split the vocabulary: the terms most offers share are summed as dense matrix
        products, the long tail through the inverted index."""
        lengths = np.diff(self.postings.indptr)
        longest = np.argsort(-lengths, kind="stable")[:_DENSE_TERMS]
        frequent = np.sort(longest[lengths[longest] >= _DENSE_MIN_OFFERS])
        self._dense_col = np.full(len(lengths), -1, dtype=np.int64)
        self._dense_col[frequent] = np.arange(len(frequent))
        self._rare_lengths = lengths.copy()
        self._rare_lengths[frequent] = 0
        self._text_o_dense = np.zeros((len(self.offers), len(frequent)))
        p = self.postings
        for j, term in enumerate(frequent.tolist()):
            start, end = p.indptr[term], p.indptr[term + 1]
            self._text_o_dense[p.indices[start:end], j] = p.data[start:end]

    def _text(self, rows: np.ndarray) -> np.ndarray:
        """Text similarity of demands ``rows`` with every offer (dense, rows × offers)."""
        n_o = len(self.offers)
        d, p = self.text_d, self.postings
        starts, lengths = d.indptr[rows], np.diff(d.indptr)[rows]
        at = ranges(starts, lengths)
        terms, weights = d.indices[at], d.data[at]
        local = np.repeat(np.arange(len(rows), dtype=np.int64), lengths)
        # frequent terms: (rows × terms) @ (terms × offers)
        dense = np.zeros((len(rows), self._text_o_dense.shape[1]))
        cols = self._dense_col[terms]
        dense[local[cols >= 0], cols[cols >= 0]] = weights[cols >= 0]
        result = dense @ self._text_o_dense.T
        # the others: every (demand, offer, shared term) product, summed per pair
        p_starts, p_lengths = p.indptr[terms], self._rare_lengths[terms]
        hits = ranges(p_starts, p_lengths)
        flat = np.repeat(local * n_o, p_lengths) + p.indices[hits]
        products = np.repeat(weights, p_lengths) * p.data[hits]
        result += np.bincount(flat, weights=products, minlength=len(rows) * n_o).reshape(
            len(rows), n_o
        )
        return result

    def scores(self, rows: np.ndarray) -> np.ndarray:
        """Scores of demands ``rows`` with every offer, as integers (millionths);
        excluded pairs and pairs under MIN_SCORE are 0."""
        total = self._text(rows)
        total *= TEXT_WEIGHT
        fields = self.fields_d[rows] @ self.fields_o.T
        fields *= FIELD_WEIGHT
        total += fields
        del fields
        total *= _SCALE
        ints = np.rint(total, out=total).astype(np.int64)
        del total
        ints[ints < round(MIN_SCORE * _SCALE)] = 0
        for i, row in enumerate(rows):
            ints[i, self.excluded[row]] = 0
        return ints

    def _blocks(self, rows: np.ndarray) -> list[np.ndarray]:
        """``rows`` cut into blocks small enough to score at once."""
        d = self.text_d
        per_term = self._rare_lengths[d.indices]  # offers sharing each (demand, rare term)
        cumulative = np.concatenate([[0], np.cumsum(per_term)])
        cost = (cumulative[d.indptr[1:]] - cumulative[d.indptr[:-1]])[rows].tolist()
        max_rows = max(1, _BLOCK_CELLS // max(1, len(self.offers)))
        blocks, start, spent = [], 0, 0
        for i, c in enumerate(cost):
            if i > start and (i - start >= max_rows or spent + c > _BLOCK_TERMS):
                blocks.append(rows[start:i])
                start, spent = i, 0
            spent += c
        if start < len(rows):
            blocks.append(rows[start:])
        return blocks

    def _weights(self, side: str, index: int) -> dict[int, float]:
        """A demand's (``side`` 'd') or offer's ('o') term weights, by column; cached."""
        cache = self._cache_d if side == "d" else self._cache_o
        if (found := cache.get(index)) is None:
            found = cache[index] = (self.text_d if side == "d" else self.text_o).row(index)
        return found

    def explain(self, row: int, col: int, score: int) -> Match:
        """The match of demand ``row`` and offer ``col``; its reasons come when asked."""
        # A pair is often asked for more than once: as a demand's suggestion, among an
        # offer's demands, among a conference's pairs.
        key = (row, col, score)
        known = self._explained.get(key)
        if known is None:
            known = self._explained[key] = Match(
                self.demands[row], self.offers[col], score / _SCALE, partial(self.why, row, col)
            )
        return known

    def _nameable(self, term: int) -> bool:
        """Whether the term of column ``term`` may be named as a reason; worked out when
        a page first asks (a preview's rebuild shows the reasons of a few pages only)."""
        found = self._reason_ok.get(term)
        if found is None:
            vocab = self.vocab
            found = nameable(vocab.df[term], vocab.documents, vocab.terms[term])
            self._reason_ok[term] = found
        return found

    def why(self, row: int, col: int) -> Why:
        """Why demand ``row`` and offer ``col`` match (``match_reasons``)."""
        return reasons(
            self._weights("d", row),
            self._weights("o", col),
            self.vocab.terms,
            self._nameable,
            self._fields_d[row],
            self._fields_o[col],
        )

    def suggest(
        self, rows: Sequence[int] | None = None, limit: int = SUGGESTIONS
    ) -> dict[str, list[Match]]:
        """Best offers for the demands ``rows`` (all active demands when None)."""
        return self.run(rows, limit=limit, per_offer=0, per_conference=0).suggestions

    def _conference_cells(self) -> dict[int, list[tuple[str, np.ndarray]]]:
        """Demand row → (conference id, offer columns presented there) for each
        conference the demand was presented at."""
        cells: dict[int, list[tuple[str, np.ndarray]]] = defaultdict(list)
        for conf in self.catalog.sorted("conferences"):
            refs = conf.refs
            offers = [*refs.get("resources", []), *refs.get("projects", [])]
            cols = np.array(sorted({self.offer_col[(e.type.name, e.id)] for e in offers}))
            if not cols.size:
                continue
            for demand in refs.get("demands", []):
                if demand.id in self.demand_row:
                    cells[self.demand_row[demand.id]].append((conf.id, cols))
        return cells

    def run(
        self,
        rows: Sequence[int] | None = None,
        *,
        limit: int = SUGGESTIONS,
        per_offer: int = DEMANDS_PER_OFFER,
        per_conference: int = CONFERENCE_PAIRS,
    ) -> Matches:
        """Suggestions for the demands ``rows`` (all when None), the best demands for each
        offer and the best pairs of each conference, in one pass over blocks of demands."""
        selected = np.arange(len(self.demands)) if rows is None else np.asarray(rows, np.int64)
        n_d, n_o = len(self.demands), len(self.offers)
        result = Matches(demands_scored=len(selected), offers_scored=n_o)
        if n_o == 0:
            result.suggestions = {self.demands[r].id: [] for r in selected.tolist()}
            return result
        # Scores become keys that also say where they come from: score × n_o + (n_o − 1 −
        # column) ranks a demand's offers, score × n_d + (n_d − 1 − row) an offer's
        # demands. Keys are unique, the larger key wins, of equal scores the lower
        # column or row (the lower id); -1 marks no match.
        best_keys = np.full((per_offer, n_o), -1, dtype=np.int64)
        conf_cells = self._conference_cells() if per_conference else {}
        conf_pairs: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        tiebreak_o = np.arange(n_o - 1, -1, -1, dtype=np.int64)  # lower column wins a tie
        for block in self._blocks(selected):
            ints = self.scores(block)
            empty = ints == 0
            keys = ints * n_o
            keys += tiebreak_o
            keys[empty] = -1
            best = np.sort(_largest(keys, limit, axis=1), axis=1)[:, ::-1].tolist()
            del keys
            for i, row_keys in enumerate(best):
                row = int(block[i])
                result.suggestions[self.demands[row].id] = [
                    self.explain(row, n_o - 1 - k % n_o, k // n_o) for k in row_keys if k >= 0
                ]
                for conf_id, conf_cols in conf_cells.get(row, []):
                    values = ints[i, conf_cols]
                    conf_pairs[conf_id] += [
                        (-int(values[j]), row, int(conf_cols[j])) for j in np.flatnonzero(values)
                    ]
            if per_offer:
                ints *= n_d
                ints += (n_d - 1 - block)[:, None]
                ints[empty] = -1
                stacked = np.vstack([best_keys, ints])
                del ints
                best_keys = _largest(stacked, per_offer, axis=0).copy()
        best_by_offer = np.sort(best_keys, axis=0)[::-1].T.tolist()
        for col, offer in enumerate(self.offers):
            found = [
                self.explain(n_d - 1 - k % n_d, col, k // n_d) for k in best_by_offer[col] if k >= 0
            ]
            if found:
                result.demands[(offer.type.name, offer.id)] = found
        for conf_id, pairs in conf_pairs.items():
            best = sorted(pairs)[:per_conference]
            result.conferences[conf_id] = [self.explain(r, c, -s) for s, r, c in best]
        return result


def compute_matches(catalog: Catalog, today: dt.date) -> Matches:
    """Every match the site shows, computed once per build."""
    return Matcher(catalog, today).run()
