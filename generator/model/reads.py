"""What a page reads while it renders: the recorder behind `mkdocs serve`'s fingerprints.

The classes that hand the catalog's data to the templates (an entry, a release, the
catalog, the statistics, the matches) are ``track``-ed by the module that defines them,
with a function naming the *key* an attribute read of one of their objects stands for:
``("entry", "organizations", "acme")``, ``("stats", "organizations")``… While
``recording()`` is active, every such read adds its key to the recording's set, and a
plain ``dict`` read through a tracked attribute comes wrapped, so that looking an item up
adds the item's key (``("stats", "organizations", "acme")``): a page then depends on the
numbers of its own organization, not on every organization's. Methods add nothing of
their own; what they read inside does.

The hooks (a ``__getattribute__`` on each tracked class) are installed when the outermost
recording starts and removed when it ends, so a build that does not record (``mkdocs
build``) pays nothing. ``site/fingerprint.py`` turns the keys into digests of the data they
name; ``adapter/own_pages.py`` records each page `mkdocs serve` renders.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from types import MethodType
from typing import Any

Key = tuple[Hashable, ...]
"""What a read depends on: a kind ('entry', 'refs', 'news', 'catalog', 'stats',
'matches'), then what names the object, then the attribute or item."""

KeyOf = Callable[[Any, str], Key | None]

_keys: set[Key] | None = None
"""The active recording's keys; None when nothing records."""
_tracked: list[tuple[type, KeyOf]] = []
_saved: list[tuple[type, Any]] = []


def track(cls: type, key_of: KeyOf) -> None:
    """Record the attribute reads of ``cls``'s objects: ``key_of(obj, name)`` names the
    key a read stands for (None: nothing). It must read ``obj`` with
    ``object.__getattribute__``, not through the hook."""
    _tracked.append((cls, key_of))


def active() -> bool:
    """Whether a recording is active."""
    return _keys is not None


def add(keys: Iterable[Key]) -> None:
    """Add keys read earlier (a part of a page rendered once and reused) to the active
    recording, if any."""
    if _keys is not None:
        _keys.update(keys)


@contextmanager
def recording() -> Iterator[set[Key]]:
    """The keys read while the ``with`` block runs. Recordings nest: an inner one's keys
    are also the outer one's."""
    global _keys
    outer = _keys
    keys: set[Key] = set()
    _keys = keys
    if outer is None:
        _install()
    try:
        yield keys
    finally:
        _keys = outer
        if outer is None:
            _uninstall()
        else:
            outer |= keys


class ReadMapping(Mapping[Any, Any]):
    """A ``dict`` read through a tracked attribute, while recording: looking an item up
    (present or not) adds ``key + (item,)``; going over all of it adds ``key``."""

    __slots__ = ("_key", "_data")

    def __init__(self, key: Key, data: dict[Any, Any]) -> None:
        self._key = key
        self._data = data

    def _add(self, key: Key) -> None:
        if _keys is not None:
            try:
                _keys.add(key)
            except TypeError:  # an item that cannot be a key: the whole mapping
                _keys.add(self._key)

    def __getitem__(self, item: Any) -> Any:
        self._add((*self._key, item))
        return self._data[item]

    def __contains__(self, item: object) -> bool:
        self._add((*self._key, item))
        return item in self._data

    def __iter__(self) -> Iterator[Any]:
        self._add(self._key)
        return iter(self._data)

    def __len__(self) -> int:
        self._add(self._key)
        return len(self._data)

    def __repr__(self) -> str:
        return f"ReadMapping({self._key!r}, {self._data!r})"


def _hook(key_of: KeyOf) -> Callable[[Any, str], Any]:
    get = object.__getattribute__

    def __getattribute__(self: Any, name: str) -> Any:
        value = get(self, name)
        keys = _keys
        if keys is None or name[:2] == "__" or type(value) is MethodType:
            return value
        key = key_of(self, name)
        if key is None:
            return value
        if type(value) is dict and name[:1] != "_":
            return ReadMapping(key, value)
        keys.add(key)
        return value

    return __getattribute__


def _install() -> None:
    for cls, key_of in _tracked:
        _saved.append((cls, cls.__dict__.get("__getattribute__")))
        cls.__getattribute__ = _hook(key_of)  # type: ignore[method-assign,assignment]


def _uninstall() -> None:
    while _saved:
        cls, before = _saved.pop()
        if before is None:
            del cls.__getattribute__
        else:
            cls.__getattribute__ = before  # type: ignore[method-assign]
