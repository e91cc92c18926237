"""Stage one of loading: YAML text to plain data, keeping where every node came from.

The validated models (stage two) never see YAML; they get plain dicts and lists, and
any error they raise is mapped back to a line and column through ``SourceDoc.where``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.check.problems import Problem

try:  # libyaml is several times faster and still records node marks
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Loc = tuple[str | int, ...]

PLACEHOLDER = "TODO"
"""What `campaign new` writes for every value to fill in (see ``placeholders``)."""

MAX_FILE_BYTES = 1_000_000
# Aliases let a few lines expand into millions of nodes; no honest entry comes close.
MAX_NODES = 50_000
# The catalog nests three levels (taxonomy: fields → id → name); the limit keeps the
# walker's recursion far from Python's, while libyaml stops at 1000 levels by itself.
MAX_DEPTH = 20
# One value: a long description is a few thousand characters.
MAX_TEXT_CHARS = 20_000


@dataclass
class SourceDoc:
    """A parsed YAML document and the position of each of its nodes.

    The positions (``value_pos``, ``key_pos``) are worked out from ``text`` the first
    time they are asked for: most documents have no problem, and so never need them.
    """

    path: str
    data: Any = None
    id: str = ""
    """The entry id (file stem) for catalog files, the file's stem for news."""
    text: str | None = field(default=None, repr=False)
    """The YAML text parsed, from which positions are worked out (None: no positions)."""
    line_offset: int = 0
    """Lines before ``text`` in its file (a Markdown file's front matter starts on 2)."""
    _value_pos: dict[Loc, tuple[int, int]] | None = field(default=None, repr=False)
    _key_pos: dict[Loc, tuple[int, int]] | None = field(default=None, repr=False)
    reported: set[Loc] = field(default_factory=set)
    """Values stage one already reported (a date that does not exist, an unknown tag):
    stage two does not report them again."""
    raw: dict[Loc, str] = field(default_factory=dict)
    """The text as written of unquoted values that YAML read as something other than
    text (`no` → false, `1:20` → 80, `2020-07-08` → a date), for messages and for fields
    that want text."""
    placeholders: list[Loc] | None = None
    """Where the data holds the placeholder text (see ``placeholders``), in document
    order; filled in by stage one, None for a document built otherwise."""

    @classmethod
    def located(
        cls, path: str, data: Any, entry_id: str, positions: dict[Loc, tuple[int, int]]
    ) -> SourceDoc:
        """A document that was not YAML text (a spreadsheet row), with the place of each
        value given: (row, column) of its cell; ``()`` is where the row starts."""
        return cls(path, data, entry_id, _value_pos=positions, _key_pos=positions)

    @property
    def value_pos(self) -> dict[Loc, tuple[int, int]]:
        """Line and column (1-based) of each value, by location."""
        if self._value_pos is None:
            self._locate()
        return self._value_pos  # type: ignore[return-value]

    @property
    def key_pos(self) -> dict[Loc, tuple[int, int]]:
        """Line and column (1-based) of each mapping key, by the location of its value."""
        if self._key_pos is None:
            self._locate()
        return self._key_pos  # type: ignore[return-value]

    def _locate(self) -> None:
        # The same walk over the same text as the first parse, noting positions; it
        # stops where that one stopped (a syntax error, too many values).
        self._value_pos, self._key_pos = {}, {}
        if self.text is not None:
            _parse(self.text, self.path, self.line_offset, self)

    def where(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Line and column of ``loc``, or of its nearest ancestor that has one."""
        table = self.key_pos if key else self.value_pos
        if loc in table:
            return table[loc]
        for end in range(len(loc) - 1, -1, -1):
            prefix = loc[:end]
            if prefix in self.value_pos:
                return self.value_pos[prefix]
        return (1, 1)

    def problem(self, loc: Loc, message: str, *, key: bool = False) -> Problem:
        line, col = self.where(loc, key=key)
        return Problem(self.path, line, col, message)


class _Rejected(Exception):
    """A document that stage one refuses whole: too many values, or nested too deep."""

    def __init__(self, line: int, col: int, message: str):
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


def parse_yaml(text: str, path: str, *, line_offset: int = 0) -> tuple[SourceDoc, list[Problem]]:
    """Parse one YAML document; every problem comes back as data, never raised."""
    doc = SourceDoc(path, text=text, line_offset=line_offset)
    return doc, _parse(text, path, line_offset, None, doc)


def _parse(
    text: str,
    path: str,
    line_offset: int,
    positions: SourceDoc | None,
    doc: SourceDoc | None = None,
) -> list[Problem]:
    """Parse ``text`` into ``doc`` (data, values reported, raw text, placeholders), or
    only note positions into ``positions``."""
    problems: list[Problem] = []
    loader = _LOADER(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return problems
        if positions is not None:
            _Locator(loader, positions, line_offset).walk(root, (), 1)
            return problems
        assert doc is not None
        walker = _Walker(loader, doc, problems, line_offset)
        doc.data = walker.walk(root, (), 1)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _clamped(text, mark.line if mark else 0, mark.column if mark else 0)
        line += line_offset
        what = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            what = f"{exc.context}: {exc.problem}"
        problems.append(Problem(path, line, col, f"YAML syntax error: {what}{_hint(what)}"))
        _clear(doc)
    except yaml.reader.ReaderError as exc:
        # raw control characters; libyaml reports a byte offset into the UTF-8 text
        line, col = _byte_position(text, exc.position)
        problems.append(
            Problem(
                path,
                line + line_offset,
                col,
                f"the invisible character {_codepoint(chr(exc.character))} is not allowed "
                "here; delete it",
            )
        )
        _clear(doc)
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml raises the two above
        problems.append(Problem(path, 1 + line_offset, 1, f"YAML error: {exc}"))
        _clear(doc)
    except _Rejected as exc:
        problems.append(Problem(path, exc.line, exc.col, exc.message))
        _clear(doc)
    finally:
        loader.dispose()
    return problems


def _clear(doc: SourceDoc | None) -> None:
    if doc is not None:
        doc.data = None


def _clamped(text: str, line: int, column: int) -> tuple[int, int]:
    """1-based position of libyaml's 0-based mark; the end of a text without a final
    line break is marked on a line after the last, which no editor can go to."""
    lines = text.split("\n")
    if line >= len(lines):
        return len(lines), len(lines[-1]) + 1
    return line + 1, column + 1


def _byte_position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset into ``text`` as UTF-8."""
    before = text.encode("utf-8")[:offset]
    line_start = before.rfind(b"\n") + 1
    return before.count(b"\n") + 1, len(before[line_start:].decode("utf-8", "ignore")) + 1


def _codepoint(char: str) -> str:
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(char, "a control character")
    return f"U+{ord(char):04X} ({name})"


_CONTROL_NAMES = {"\x00": "NULL", "\x1b": "ESCAPE", "\x7f": "DELETE"}

_HINTS = {
    "mapping values are not allowed": "put the value in quotes if it contains ': '",
    "cannot start any token": "indent with spaces, not tabs, and quote values starting with @ or `",
    "could not find expected ':'": "every line of a mapping needs 'key: value'",
    "exceeded maximum nesting depth": f"the catalog nests values at most {MAX_DEPTH} levels deep",
    "tab character": "indent with spaces, not tabs",
}


def _hint(what: str) -> str:
    for needle, hint in _HINTS.items():
        if needle in what:
            return f" ({hint})"
    return ""


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


_LOADER: Any = (
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


class _Locator:
    """Notes where each value and key of a document is: the walk of ``_Walker``, over
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
            raise _Rejected(mark.line + self.offset, mark.column + 1, _TOO_MANY)
        kind = type(node)
        if kind is not _ScalarNode and depth > MAX_DEPTH:
            raise _Rejected(mark.line + self.offset, mark.column + 1, _TOO_DEEP)
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


class _Walker:
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
            raise _Rejected(*self.pos(node), _TOO_MANY)
        kind = type(node)
        if kind is _ScalarNode:
            if node.tag == _STR_TAG:
                return self.text(node, node.value, loc)
            return self.scalar(node, loc)
        if depth > MAX_DEPTH:
            raise _Rejected(*self.pos(node), _TOO_DEEP)
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
                f"text contains the invisible character {_codepoint(bad.group())}; delete it",
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


def read_text(path: Path, rel: str) -> tuple[str | None, list[Problem]]:
    """Read a source file as UTF-8, reporting size and encoding problems."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(rel, 1, 1, f"cannot read file: {exc.strerror}")]
    return decode_text(raw, rel)


def decode_text(raw: bytes, rel: str) -> tuple[str | None, list[Problem]]:
    """A source file's bytes as text, reporting size and encoding problems."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            Problem(rel, 1, 1, f"file is {len(raw)} bytes; the limit is {MAX_FILE_BYTES}")
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        col = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1
        return None, [Problem(rel, line, col, "file is not valid UTF-8; save it as UTF-8")]
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, []


def load_yaml_file(path: Path, rel: str) -> tuple[SourceDoc, list[Problem]]:
    text, problems = read_text(path, rel)
    if text is None:
        return SourceDoc(rel), problems
    return parse_yaml(text, rel)
