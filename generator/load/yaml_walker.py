"""Stage one's walk: composed YAML nodes to plain data, within the limits.

``Walker`` builds a document's data, noting the values it reports, the text as written
of values YAML typed, and where the placeholder is; ``Locator`` walks the same nodes in
the same order, stopping at the same limits, and notes only where each value and key
is (``load.yaml_source.YamlDoc`` asks for that the first time a problem is located).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import yaml

from generator.check.problems import Problem
from generator.model.source_doc import PLACEHOLDER, Loc, SourceDoc

try:  # libyaml is several times faster and still records node marks
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

# Aliases let a few lines expand into millions of nodes; no honest entry comes close.
MAX_NODES = 50_000
# The catalog nests three levels (taxonomy: fields → id → name); the limit keeps the
# walker's recursion far from Python's, while libyaml stops at 1000 levels by itself.
MAX_DEPTH = 20
# One value: a long description is a few thousand characters.
MAX_TEXT_CHARS = 20_000


class Rejected(Exception):
    """A document that stage one refuses whole: too many values, or nested too deep."""

    def __init__(self, line: int, col: int, message: str):
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


def codepoint(char: str) -> str:
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(char, "a control character")
    return f"U+{ord(char):04X} ({name})"


_CONTROL_NAMES = {"\x00": "NULL", "\x1b": "ESCAPE", "\x7f": "DELETE"}


# Characters that have no business in catalog text and that double-quoted YAML escapes
# ("\x00", "\u202e") can still produce: C0 and C1 controls other than tab and line
# breaks, and the bidirectional embeddings, overrides and isolates, which make text
# display in another order than it is stored ("Trojan Source").
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

_KINDS = {
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "timestamp": "a date",
    "null": "an empty value",
}


_STR_TAG = "tag:yaml.org,2002:str"
_ScalarNode, _SequenceNode, _MappingNode = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode


class _FastLoader(_Loader):  # type: ignore[misc, valid-type]
    """The same loader with quicker tag resolution, which libyaml calls back for every node.

    PyYAML's ``resolve`` also handles path resolvers and wildcard implicit resolvers;
    the safe loader has neither (checked below, else this class is not used), so only
    the implicit resolvers of a plain scalar's first character are tried, in the same
    order, and the path-resolver hooks do nothing.
    """

    _implicit = _Loader.yaml_implicit_resolvers

    _resolved: dict[str, str] = {}
    """Tags of short plain scalars already resolved (keys, ids, numbers, dates…)."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is _ScalarNode:
            if not implicit[0]:
                return _STR_TAG
            tag = self._resolved.get(value)
            if tag is None:
                tag = _STR_TAG
                for candidate, regexp in self._implicit.get(value[:1], ()):
                    if regexp.match(value):
                        tag = str(candidate)
                        break
                if len(value) <= 40 and len(self._resolved) < 100_000:
                    self._resolved[value] = tag
            return tag
        if kind is _SequenceNode:
            return "tag:yaml.org,2002:seq"
        return "tag:yaml.org,2002:map"

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


LOADER: Any = (
    _FastLoader
    if None not in _Loader.yaml_implicit_resolvers and not _Loader.yaml_path_resolvers
    else _Loader
)


_TOO_MANY = (
    f"document expands to more than {MAX_NODES} values "
    "(anchors and aliases used to multiply content are not allowed)"
)
_TOO_DEEP = (
    f"values are nested more than {MAX_DEPTH} levels deep; no catalog file needs more than a few"
)


def _usable_key(key_node: yaml.Node) -> bool:
    return key_node.tag != "tag:yaml.org,2002:merge" and type(key_node) is _ScalarNode


def _first_key(node: yaml.Node, key: str) -> yaml.Node:
    """The key node that first gave ``key`` in a mapping node."""
    return next(k for k, _ in node.value if _usable_key(k) and k.value == key)


class Locator:
    """Notes where each value and key of a document is: the walk of ``Walker``, over
    the same nodes in the same order and stopping at the same limits, without the data."""

    def __init__(self, loader: Any, doc: SourceDoc, offset: int):
        self.value_pos: dict[Loc, tuple[int, int]] = doc._value_pos  # type: ignore[assignment]
        self.key_pos: dict[Loc, tuple[int, int]] = doc._key_pos  # type: ignore[assignment]
        self.offset = offset + 1
        self.count = 0

    def walk(self, node: yaml.Node, loc: Loc, depth: int) -> None:
        self.count += 1
        mark = node.start_mark
        if self.count > MAX_NODES:
            raise Rejected(mark.line + self.offset, mark.column + 1, _TOO_MANY)
        kind = type(node)
        if kind is not _ScalarNode and depth > MAX_DEPTH:
            raise Rejected(mark.line + self.offset, mark.column + 1, _TOO_DEEP)
        self.value_pos[loc] = (mark.line + self.offset, mark.column + 1)
        if kind is _MappingNode:
            seen: set[str] = set()
            for key_node, value_node in node.value:
                if not _usable_key(key_node) or key_node.value in seen:
                    continue
                seen.add(key_node.value)
                at = (*loc, key_node.value)
                key_mark = key_node.start_mark
                self.key_pos[at] = (key_mark.line + self.offset, key_mark.column + 1)
                self.walk(value_node, at, depth + 1)
        elif kind is _SequenceNode:
            for i, item in enumerate(node.value):
                self.walk(item, (*loc, i), depth + 1)


class Walker:
    """Turns composed nodes into plain data, recording every node's position.

    It never calls PyYAML's recursive constructor on a collection: only scalars are
    constructed, one at a time, so nesting depth and size are checked here first. Text,
    by far the most common value, is taken as composed (PyYAML's constructor for it
    returns the node's value unchanged); other scalars go through the constructors.
    """

    def __init__(self, loader: Any, doc: SourceDoc, problems: list[Problem], offset: int):
        self.loader = loader
        self.constructors = loader.yaml_constructors
        self.doc = doc
        self.problems = problems
        self.offset = offset + 1
        self.count = 0
        doc.placeholders = []

    def pos(self, node: yaml.Node) -> tuple[int, int]:
        mark = node.start_mark
        return (mark.line + self.offset, mark.column + 1)

    def report(self, node: yaml.Node, message: str, loc: Loc | None = None) -> None:
        self.problems.append(Problem(self.doc.path, *self.pos(node), message))
        if loc is not None:
            self.doc.reported.add(loc)

    def walk(self, node: yaml.Node, loc: Loc, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise Rejected(*self.pos(node), _TOO_MANY)
        kind = type(node)
        if kind is _ScalarNode:
            if node.tag == _STR_TAG:
                return self.text(node, node.value, loc)
            return self.scalar(node, loc)
        if depth > MAX_DEPTH:
            raise Rejected(*self.pos(node), _TOO_DEEP)
        if node.tag not in self.constructors:
            self.report(node, f"the tag '{node.tag}' is not supported; remove it", loc)
        if kind is _MappingNode:
            return self.mapping(node, loc, depth)
        walk = self.walk
        return [walk(item, (*loc, i), depth + 1) for i, item in enumerate(node.value)]

    def mapping(self, node: yaml.Node, loc: Loc, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        walk = self.walk
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.report(key_node, "merge keys ('<<') are not supported")
                continue
            if type(key_node) is not _ScalarNode:
                self.report(key_node, "a key must be text, not a list or a mapping")
                continue
            # A key is always its text as written: YAML 1.1 would read `on:` or `no:`
            # as a boolean and `2020:` as a number, which no key of the catalog means.
            key = key_node.value
            if key in result:
                first = self.pos(_first_key(node, key))
                self.report(
                    key_node,
                    f"duplicate key '{key}' (first given at line {first[0]}); keep only one",
                )
                continue
            result[key] = walk(value_node, (*loc, key), depth + 1)
        return result

    def text(self, node: yaml.Node, value: str, loc: Loc) -> str:
        if len(value) > MAX_TEXT_CHARS:
            self.report(
                node,
                f"text is {len(value)} characters long; the limit is {MAX_TEXT_CHARS}",
            )
        if bad := _FORBIDDEN.search(value):
            self.report(
                node,
                f"text contains the invisible character {codepoint(bad.group())}; delete it",
            )
        if PLACEHOLDER in value and value.strip() == PLACEHOLDER:
            self.doc.placeholders.append(loc)  # type: ignore[union-attr]
        return value

    def fallback(self, node: yaml.Node, text: str, loc: Loc, message: str) -> str:
        """Report a value that cannot be used as typed and keep its text as written."""
        self.report(node, message, loc)
        if PLACEHOLDER in text and text.strip() == PLACEHOLDER:
            self.doc.placeholders.append(loc)  # type: ignore[union-attr]
        return text

    def scalar(self, node: yaml.Node, loc: Loc) -> Any:
        text = str(node.value)
        tag = str(node.tag)
        if tag not in self.constructors:  # `!foo`, `!!python/object:…`
            return self.fallback(node, text, loc, f"the tag '{tag}' is not supported; remove it")
        kind = _KINDS.get(tag.rsplit(":", 1)[-1], "a value")
        try:
            value = self.loader.construct_object(node)
        except Exception as exc:  # noqa: BLE001 - PyYAML's constructors on hostile input
            # e.g. `2020-02-30` (a date that does not exist), `!!int abc`, a number with
            # more digits than Python converts, `!!timestamp x` (AttributeError in PyYAML)
            message = f"cannot read {_quote(text)} as {kind}: {_reason(exc)}"
            return self.fallback(node, text, loc, message)
        if isinstance(value, bytes):
            message = "binary values (!!binary) are not supported; write text"
            return self.fallback(node, text, loc, message)
        if isinstance(value, str):
            return self.text(node, value, loc)
        if getattr(node, "style", None) in (None, "") and value is not None:
            self.doc.raw[loc] = text
        return value


def _quote(text: str) -> str:
    return f"`{text}`" if len(text) <= 40 else f"`{text[:37]}...`"


def _reason(exc: Exception) -> str:
    if isinstance(exc, yaml.MarkedYAMLError):
        return str(exc.problem or exc)
    return str(exc).split(";")[0] if str(exc) else type(exc).__name__
