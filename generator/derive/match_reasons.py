"""Why a demand and an offer match: the fields both name, and the shared terms that
add most to their text similarity, as the pages list them.

A term is named as a reason only when it adds enough (``MIN_TERM_SHARE``), is not too
common in the catalog (``COMMON_TERM_SHARE``) and is not a word of any call for
partners (``GENERIC_TERMS``); every shared term still counts in the score.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

REASON_TERMS = 3
"""Shared terms named as reasons, at most."""
MIN_TERM_SHARE = 0.01
"""A shared term is named as a reason when it adds at least this much to the text
similarity, is not too common (``COMMON_TERM_SHARE``) and is not a ``GENERIC_TERMS``."""
COMMON_TERM_SHARE = 0.2
"""A term found in more than this share of all resources, demands and projects is never
named as a reason: it says little about why two of them match ('sample' in every file
of an illustrative catalog, 'team' in every project, 数据 in many)."""
COMMON_TERM_MIN = 4
"""… but in a small catalog, a term in this many entries or fewer may always be named
(in 10 entries, a fifth would leave only the terms of two entries)."""
_GENERIC = """
    joint industry industrial technology technical application solution system service
    development cooperation partner
    联合 工业 产业 行业 技术 应用 方案 系统 服务 研发 开发 合作 联合开发
"""
GENERIC_TERMS = frozenset(_GENERIC.split())
"""Words of any call for partners, too vague to be a reason even where they are rare in
the catalog; they still count in the score."""


@dataclass(frozen=True, slots=True)
class Why:
    """Why a demand and an offer match."""

    text: float
    """Cosine similarity of the two entries' words."""
    fields: float
    """Cosine similarity of the two entries' technical fields."""
    shared_fields: tuple[str, ...]
    """Ids of the fields both name, in the demand's order."""
    shared_terms: tuple[str, ...]
    """The shared terms that add most to ``text``, strongest first."""


def nameable(df: int, documents: int, term: str) -> bool:
    """Whether a shared term in ``df`` of ``documents`` entries may be named as a reason:
    not in more than ``COMMON_TERM_SHARE`` of them (or ``COMMON_TERM_MIN``, whichever is
    more), and not one of the ``GENERIC_TERMS``."""
    if term in GENERIC_TERMS:
        return False
    return df <= max(COMMON_TERM_MIN, COMMON_TERM_SHARE * documents)


def reasons(
    mine: dict[int, float],
    theirs: dict[int, float],
    names: list[str],
    named: Callable[[int], bool],
    demand_fields: dict[str, None],
    offer_fields: dict[str, None],
) -> Why:
    """Why a demand and an offer match, from their term weights by column (``mine``,
    ``theirs``: either may be the demand's), the vocabulary's ``names``, whether each
    term (by column) may be ``named`` as a reason (``nameable``), and the fields each
    names."""
    if len(mine) > len(theirs):
        mine, theirs = theirs, mine
    shared = [(w * theirs[t], t) for t, w in mine.items() if t in theirs]
    candidates = sorted(
        ((w, t) for w, t in shared if w >= MIN_TERM_SHARE and named(t)),
        key=lambda pair: (-pair[0], names[pair[1]]),
    )
    # Chinese words come with their parts (传感器: 传感, 感器): name the longest
    # shared word once, in the place of its strongest part
    chinese = [names[t] for _, t in candidates if not names[t].isascii()]
    terms: list[str] = []
    for _, column in candidates:
        term = names[column]
        if not term.isascii():
            term = max((w for w in chinese if term in w), key=lambda w: (len(w), w))
        if term not in terms:
            terms.append(term)
        if len(terms) == REASON_TERMS:
            break
    shared_fields = tuple(f for f in demand_fields if f in offer_fields)
    return Why(
        text=sum(w for w, _ in shared),
        fields=len(shared_fields) / math.sqrt(len(demand_fields) * len(offer_fields) or 1),
        shared_fields=shared_fields,
        shared_terms=tuple(terms),
    )
