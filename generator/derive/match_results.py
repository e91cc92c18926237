"""What matching gives the pages: a ``Match`` (a demand, an offer, their score, its
strength in words and, when first asked for, the reasons), and the ``Matches`` of one
build, looked up by the pages that show them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from generator.derive.match_reasons import Why
from generator.model import reads
from generator.model.catalog import Entry

MIN_SCORE = 0.1
"""Pairs below this are no suggestion: e.g. one shared field of three each (0.13) with
no word in common passes, a few common words and no field in common (< 0.1) do not."""
STRENGTHS: tuple[tuple[float, str], ...] = ((0.5, "strong"), (0.3, "good"), (MIN_SCORE, "possible"))
"""A match's strength in words, from its score: the pages show the word, `campaign match`
and the export the score. Strong needs shared fields and shared wording; identical
fields alone (0.4) are a good match."""


class Match:
    """A demand and an offer that could work together, and why.

    The reasons are worked out when first asked for: a build asks only on the pages it
    renders, in the processes that render them, and `mkdocs serve` only on the pages an
    edit changed.
    """

    __slots__ = ("demand", "offer", "score", "_explain", "_why")

    def __init__(self, demand: Entry, offer: Entry, score: float, explain: Callable[[], Why]):
        self.demand = demand
        self.offer = offer
        self.score = score
        """Between 0 and 1: TEXT_WEIGHT × text + FIELD_WEIGHT × fields (``matching``)."""
        self._explain: Callable[[], Why] | None = explain
        self._why: Why | None = None

    @property
    def why(self) -> Why:
        if self._why is None:
            assert self._explain is not None
            self._why, self._explain = self._explain(), None
        return self._why

    @property
    def text(self) -> float:
        return self.why.text

    @property
    def fields(self) -> float:
        return self.why.fields

    @property
    def shared_fields(self) -> tuple[str, ...]:
        return self.why.shared_fields

    @property
    def shared_terms(self) -> tuple[str, ...]:
        return self.why.shared_terms

    @property
    def strength(self) -> str:
        """'strong', 'good' or 'possible' (see ``STRENGTHS``)."""
        return strength(self.score)

    def other(self, entry: Entry) -> Entry:
        """The partner of ``entry`` in this match."""
        return self.offer if entry is self.demand else self.demand

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Match):
            return NotImplemented
        return (self.demand, self.offer, self.score, self.why) == (
            other.demand,
            other.offer,
            other.score,
            other.why,
        )

    def __hash__(self) -> int:
        return hash((id(self.demand), id(self.offer), self.score))

    def __repr__(self) -> str:
        return (
            f"Match({self.demand.type.name}:{self.demand.id} ↔ "
            f"{self.offer.type.name}:{self.offer.id}, score={self.score}, {self.why})"
        )


def strength(score: float) -> str:
    """The strength of a match of ``score`` in words: 'strong', 'good' or 'possible'."""
    for threshold, name in STRENGTHS:
        if score >= threshold:
            return name
    return STRENGTHS[-1][1]


@dataclass
class Matches:
    """The matches of one build, looked up by the pages that show them."""

    suggestions: dict[str, list[Match]] = field(default_factory=dict)
    """Demand id → its best offers."""
    demands: dict[tuple[str, str], list[Match]] = field(default_factory=dict)
    """(type, id) of a resource or project → the active demands it could serve best."""
    conferences: dict[str, list[Match]] = field(default_factory=dict)
    """Conference id → best pairs among the entries presented there."""
    demands_scored: int = 0
    """Active demands scored."""
    offers_scored: int = 0
    """Resources and projects they were scored against."""

    def for_demand(self, entry: Entry) -> list[Match]:
        return self.suggestions.get(entry.id, [])

    def for_offer(self, entry: Entry) -> list[Match]:
        return self.demands.get((entry.type.name, entry.id), [])

    def for_conference(self, entry: Entry) -> list[Match]:
        return self.conferences.get(entry.id, [])


# A page depends on the matches it looks up (``model/reads.py``): ``for_demand`` reads
# ``suggestions[id]``, which names that demand's list alone.
reads.track(Matches, lambda matches, name: ("matches", name))
