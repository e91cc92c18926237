"""Fingerprints of rendered pages: a digest of everything a catalog page showed.

``mkdocs serve`` rebuilds the whole site after every edit; with fingerprints, only the
pages whose fingerprint changed are rendered again (``adapter/own_pages.py``,
``adapter/serve_cache.py``). A page's fingerprint is made of

- the build's *epoch*, what every page depends on: mkdocs.yml, the theme's files, the
  navigation, the taxonomy, the build date;
- its plan: address, template, title, Markdown, and the shape of its context (an entry
  or a release by its id, a listing by its items' ids and its numbers, plain values by
  value);
- the current data behind every key its last render read (``model/reads.py``): an
  entry's file, the ids its refs hold, a release's front matter, a list of matches, a
  statistic.

Nothing here knows what a template shows: the keys are whatever the last render read.
A page whose keys name an entry or release that is gone, or whose context holds a value
of a kind ``shape`` does not know, has no fingerprint, and is rendered.

``Fingerprints`` keeps them factored, as a rebuild compares them: the epoch once, each
page's plan part and the keys it read, and each key's part once however many pages read
it. A rebuild works out each key's part once, and the set of keys whose part changed;
a page is then still right when its epoch and plan part are the same and it read none
of those keys: the same verdict as comparing whole fingerprints, without going over
every page's keys. What a build worked out of objects the next build still has (a
model's digest, the shape of an entry's texts or of an organization's breakdown, a
plan's part from the same inputs) is taken over (``Memo``) instead of worked out again
for tens of thousands of pages.

``mkdocs build`` never uses fingerprints; a deploy always renders every page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.derive.match_results import Match, Matches
from generator.derive.stats import Breakdown, CampaignStats
from generator.model.catalog import Catalog, Entry, NewsItem, Texts
from generator.model.reads import Key
from generator.site.page_plans import PagePlan

_PLAIN = (str, int, float, bool, type(None), dt.date)
_FIELDS: dict[type, tuple[str, ...]] = {}
"""A dataclass's field names, by its type."""
_ABSENT = object()
_LASTING = frozenset({Texts, Breakdown})
"""Kinds whose objects never change once made (frozen, with plain values inside): an
object's shape is kept by its identity from one build to the next (``Memo.shapes``). An
entry's texts are the same objects while its file is unchanged (``Entry.text``); so is
the breakdown of an organization or a conference whose entries' files are unchanged
(``stats.compute``)."""


def _sha(*parts: str) -> str:
    text = "\0".join(parts).encode("utf-8", "surrogatepass")
    return hashlib.sha1(text, usedforsecurity=False).hexdigest()


def tree_state(folders: Iterable[str | Path]) -> str:
    """Digest of the names, sizes and times of every file under ``folders``."""
    rows = []
    for folder in folders:
        for base, dirs, names in os.walk(folder):
            dirs.sort()
            for name in sorted(names):
                path = os.path.join(base, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                rows.append(f"{path}\t{st.st_size}\t{st.st_mtime_ns}")
    return _sha(*rows)


class Unknown(Exception):
    """A value ``shape`` cannot describe."""


def shape(value: Any, memo: dict[int, tuple[Any, str]] | None = None) -> str:
    """A value described by what names it: an entry or a release by its id (what it
    holds has keys of its own), a match by its score and its two entries, containers
    and dataclasses by their parts, a pydantic model by its JSON, plain values by value.
    Raises ``Unknown`` for anything else. ``memo`` keeps the shapes of tuples (a
    listing's filters are one tuple shared by its pages) and of lasting objects
    (``_LASTING``)."""
    # A rebuild shapes every page's context and every key's data: a kind seen before
    # goes straight to its shaper (``_SHAPERS``); the tests below decide a new kind's.
    shaper = _SHAPERS.get(type(value))
    if shaper is not None:
        return shaper(value, memo)
    if isinstance(value, _PLAIN):
        return repr(value)
    if isinstance(value, Entry):
        return f"<{value.type.plural}/{value.id}>"
    if isinstance(value, NewsItem):
        return f"<{value.src_uri}>"
    if isinstance(value, Match):
        return _match(value)
    if isinstance(value, tuple) and memo is not None:
        return _tuple(value, memo)
    if isinstance(value, (list, tuple)):
        return _items(value, memo)
    if isinstance(value, dict):
        return _dict(value, memo)
    if isinstance(value, BaseModel):
        _SHAPERS[type(value)] = _model
        return _model(value, memo)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # what a dataclass holds is shaped by its fields whatever else it is: its kind
        # may skip the tests above from now on
        _SHAPERS[type(value)] = _fields_shape
        return _fields_shape(value, memo)
    raise Unknown(type(value).__name__)


def _plain(value: Any, memo: dict[int, tuple[Any, str]] | None) -> str:
    return repr(value)


def _entry(value: Entry, memo: dict[int, tuple[Any, str]] | None = None) -> str:
    return f"<{value.type.plural}/{value.id}>"


def _match(value: Match, memo: dict[int, tuple[Any, str]] | None = None) -> str:
    demand, offer = value.demand, value.offer
    if type(demand) is Entry and type(offer) is Entry:
        return (
            f"({value.score!r} <{demand.type.plural}/{demand.id}> <{offer.type.plural}/{offer.id}>)"
        )
    return f"({value.score!r} {shape(demand)} {shape(offer)})"


def _remembered(
    value: Any, memo: dict[int, tuple[Any, str]] | None, shaper: Callable[..., str]
) -> str:
    """``shaper(value, memo)``, kept in ``memo`` by the object's identity."""
    if memo is None:
        return shaper(value, memo)
    known = memo.get(id(value))
    if known is None or known[0] is not value:
        known = memo[id(value)] = (value, shaper(value, memo))
    return known[1]


def _tuple(value: tuple[Any, ...], memo: dict[int, tuple[Any, str]] | None) -> str:
    return _remembered(value, memo, _items)


def _lasting(value: Any, memo: dict[int, tuple[Any, str]] | None) -> str:
    return _remembered(value, memo, _fields_shape)


def _dict(value: dict[Any, Any], memo: dict[int, tuple[Any, str]] | None) -> str:
    # Most are pages' contexts, which hold an entry and plain values: written here
    # rather than by a call each.
    parts = [
        f"{k!r}:<{v.type.plural}/{v.id}>"
        if type(v) is Entry
        else f"{k!r}:{v!r}"
        if type(v) is str
        else f"{k!r}:{shape(v, memo)}"
        for k, v in value.items()
    ]
    return "{" + ",".join(parts) + "}"


def _model(value: BaseModel, memo: dict[int, tuple[Any, str]] | None) -> str:
    return value.model_dump_json()


def _items(values: list[Any] | tuple[Any, ...], memo: dict[int, tuple[Any, str]] | None) -> str:
    """The shape of a list or tuple. Most hold entries (reverse links, listings,
    conference groups), whose shape is written here rather than by a call each."""
    parts = [
        f"<{v.type.plural}/{v.id}>"
        if type(v) is Entry
        else _match(v)
        if type(v) is Match
        else shape(v, memo)
        for v in values
    ]
    return "[" + ",".join(parts) + "]"


def _fields_shape(value: Any, memo: dict[int, tuple[Any, str]] | None) -> str:
    """The shape of a dataclass's object: its kind and its fields' shapes."""
    kind = type(value)
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(value))
    parts = [shape(getattr(value, name), memo) for name in names]
    return f"{kind.__name__}(" + ",".join(parts) + ")"


_SHAPERS: dict[type, Any] = {
    **{kind: _plain for kind in _PLAIN},
    Entry: _entry,
    Match: _match,
    list: _items,
    tuple: _tuple,
    dict: _dict,
    **{kind: _lasting for kind in _LASTING},
}
"""The shaper of each kind met so far, by exact type (a subclass is tested again, and
added when it is a model or a dataclass)."""


@dataclass
class Memo:
    """What one build's ``Fingerprinter`` worked out that the next build's takes over
    where the objects are the same (``mkdocs serve`` keeps it between builds). Each
    table holds only what its build used, so it does not grow with the session."""

    digests: dict[int, tuple[Any, str]] = field(default_factory=dict)
    """id(model) → (model, digest of its JSON): the loader keeps the model of an
    unchanged file, and so its digest."""
    shapes: dict[int, tuple[Any, str]] = field(default_factory=dict)
    """id(value) → (value, shape) of the objects of a lasting kind (``_LASTING``)."""
    plans: dict[str, tuple[tuple[str, ...], str]] = field(default_factory=dict)
    """src_uri → (the template, title, Markdown and context shape of the page's plan;
    the plan's part worked out from them): the same inputs need no new digest."""


class Fingerprinter:
    """Digests of one build's pages. ``last``: the previous build's ``memo()``: entries
    that were not reloaded keep their model objects and texts, and their digests."""

    def __init__(
        self,
        epoch: str,
        catalog: Catalog,
        matches: Matches,
        stats: CampaignStats | None,
        last: Memo | None = None,
    ) -> None:
        self.epoch = _sha(epoch)
        self.catalog = catalog
        self.roots: dict[str, Any] = {"catalog": catalog, "matches": matches, "stats": stats}
        self._last = last or Memo()
        self._old = self._last.digests
        self.digests: dict[int, tuple[Any, str]] = {}
        """id(model) → (model, digest of its JSON), for the next build."""
        self._news = {item.src_uri: item for item in catalog.news}
        self._known: dict[Key, str | None] = {}
        self._shapes: dict[int, tuple[Any, str]] = dict(self._last.shapes)
        self._plans: dict[str, tuple[tuple[str, ...], str]] = {}

    def memo(self) -> Memo:
        """What the next build's ``Fingerprinter`` may take over."""
        lasting = {i: known for i, known in self._shapes.items() if type(known[0]) in _LASTING}
        return Memo(self.digests, lasting, self._plans)

    def _model(self, model: BaseModel) -> str:
        # The loader reuses the model of an unchanged file, and so its digest.
        known = self.digests.get(id(model)) or self._old.get(id(model))
        if known is None or known[0] is not model:
            known = (model, _sha(model.model_dump_json()))
        self.digests[id(model)] = known
        return known[1]

    def _item(self, node: Any) -> Entry | NewsItem | None:
        if node[0] == "entry":
            return self.catalog.entries.get(node[1], {}).get(node[2])
        return self._news.get(node[1])

    def _current(self, key: Key) -> str | None:
        """The digest of the data ``key`` names in this build; None if it is gone."""
        kind = key[0]
        if kind in ("entry", "news"):
            item = self._item(key)
            if item is None:
                return None
            if isinstance(item, Entry):
                return self._model(item.model)
            zh = item.zh.meta.model_dump_json() if item.zh is not None else ""
            return _sha(item.meta.model_dump_json(), zh, item.body)
        if kind == "refs":
            item = self._item(key[1])
            if item is None:
                return None
            value = item.refs if len(key) == 2 else item.refs.get(str(key[2]), _ABSENT)
        else:  # an attribute of the catalog, the statistics or the matches, or its item
            value = getattr(self.roots.get(str(kind)), str(key[1]), _ABSENT)
            if len(key) == 3:
                value = value.get(key[2], _ABSENT) if isinstance(value, dict) else _ABSENT
        return "absent" if value is _ABSENT else shape(value, self._shapes)

    def current(self, key: Key) -> str | None:
        """The digest of the data ``key`` names, as the key's part of a fingerprint;
        None if the data is gone."""
        if key not in self._known:
            try:
                self._known[key] = self._current(key)
            except Unknown:
                self._known[key] = None
        return self._known[key]

    def plan(self, plan: PagePlan) -> str | None:
        """A planned page's own part of its fingerprint: address, template, title,
        Markdown and the shape of its context; None if it must be rendered."""
        try:
            context = shape(plan.context, self._shapes)
        except Unknown:
            return None
        inputs = (plan.template, plan.title, plan.markdown, context)
        known = self._plans.get(plan.src_uri) or self._last.plans.get(plan.src_uri)
        if known is None or known[0] != inputs:
            known = (inputs, _sha(plan.src_uri, *inputs))
        self._plans[plan.src_uri] = known
        return known[1]

    def changed(self, parts: Mapping[Key, str]) -> set[Key]:
        """The keys of ``parts`` (each key's part of the fingerprints, as the last build
        worked it out) whose data is different now, or gone."""
        # (what ``current`` does, for tens of thousands of keys each seen once here)
        known, found = self._known, set()
        for key, part in parts.items():
            try:
                now = self._current(key)
            except Unknown:
                now = None
            known[key] = now
            if now != part:
                found.add(key)
        return found


@dataclass
class Fingerprints:
    """One build's fingerprints of the pages it left in the site folder, factored
    (``Fingerprinter``), for the next build to compare with."""

    epoch: str = ""
    pages: dict[str, tuple[str, frozenset[Key]]] = field(default_factory=dict)
    """src_uri → (the plan's part, the keys its render read) of each page."""
    parts: dict[Key, str] = field(default_factory=dict)
    """Each key some page read → its part, as this build worked it out."""

    def still_right(
        self, fingerprinter: Fingerprinter, changed: set[Key] | None, uri: str, plan: PagePlan
    ) -> bool:
        """Whether the page this build left at ``uri`` shows what ``plan`` would now:
        the same epoch and plan, and none of what it read among ``changed``
        (``fingerprinter.changed(self.parts)``; None: compared with another epoch)."""
        known = self.pages.get(uri)
        return (
            known is not None
            and changed is not None
            and changed.isdisjoint(known[1])
            and fingerprinter.plan(plan) == known[0]
        )

    def add(self, fingerprinter: Fingerprinter, plan: PagePlan, read: Iterable[Key]) -> bool:
        """Keep the fingerprint of a page just rendered from ``plan`` that read ``read``;
        False when it has none (it is rendered again next time)."""
        own = fingerprinter.plan(plan)
        if own is None:
            return False
        keys = frozenset(read)
        parts = {}
        for key in keys:
            part = fingerprinter.current(key)
            if part is None:
                return False
            parts[key] = part
        self.pages[plan.src_uri] = (own, keys)
        self.parts.update(parts)
        return True
