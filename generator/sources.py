"""Stage one of loading: YAML text to plain data, keeping where every node came from.

The validated models (stage two) never see YAML; they get plain dicts and lists, and
any error they raise is mapped back to a line and column through ``SourceDoc.where``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

try:  # libyaml is several times faster and still records node marks
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Loc = tuple[str | int, ...]

MAX_FILE_BYTES = 1_000_000
# Aliases let a few lines expand into millions of nodes; no honest entry comes close.
MAX_NODES = 50_000


@dataclass
class SourceDoc:
    """A parsed YAML document and the position of each of its nodes."""

    path: str
    data: Any = None
    id: str = ""
    """The entry id (file stem) for catalog files, the file's stem for news."""
    value_pos: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_pos: dict[Loc, tuple[int, int]] = field(default_factory=dict)

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


class _TooLarge(Exception):
    pass


def parse_yaml(text: str, path: str, *, line_offset: int = 0) -> tuple[SourceDoc, list[Problem]]:
    """Parse one YAML document; syntax problems come back as data, never raised."""
    doc = SourceDoc(path)
    problems: list[Problem] = []
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return doc, problems
        walker = _Walker(loader, doc, problems, line_offset)
        doc.data = walker.walk(root, ())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        col = mark.column + 1 if mark else 1
        what = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            what = f"{exc.context}: {exc.problem}"
        problems.append(Problem(path, line, col, f"YAML syntax error: {what}{_hint(what)}"))
        doc.data = None
    except yaml.YAMLError as exc:
        problems.append(Problem(path, 1 + line_offset, 1, f"YAML error: {exc}"))
        doc.data = None
    except _TooLarge:
        problems.append(
            Problem(
                path,
                1 + line_offset,
                1,
                f"document expands to more than {MAX_NODES} values "
                "(anchors and aliases used to multiply content are not allowed)",
            )
        )
        doc.data = None
    finally:
        loader.dispose()
    return doc, problems


_HINTS = {
    "mapping values are not allowed": "put the value in quotes if it contains ': '",
    "cannot start any token": "indent with spaces, not tabs, and quote values starting with @ or `",
    "could not find expected ':'": "every line of a mapping needs 'key: value'",
}


def _hint(what: str) -> str:
    for needle, hint in _HINTS.items():
        if needle in what:
            return f" ({hint})"
    return ""


class _Walker:
    def __init__(self, loader: Any, doc: SourceDoc, problems: list[Problem], offset: int):
        self.loader = loader
        self.doc = doc
        self.problems = problems
        self.offset = offset
        self.count = 0

    def pos(self, node: yaml.Node) -> tuple[int, int]:
        return (node.start_mark.line + 1 + self.offset, node.start_mark.column + 1)

    def walk(self, node: yaml.Node, loc: Loc) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooLarge
        self.doc.value_pos[loc] = self.pos(node)
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = self.loader.construct_object(key_node)
                line, col = self.pos(key_node)
                if key == "<<":
                    self.problems.append(
                        Problem(self.doc.path, line, col, "merge keys ('<<') are not supported")
                    )
                    continue
                if not isinstance(key, str):
                    self.problems.append(
                        Problem(
                            self.doc.path,
                            line,
                            col,
                            f"key {key_node.value!r} must be text; "
                            "YAML read it as "
                            f"{type(key).__name__}, so quote it",
                        )
                    )
                    continue
                if key in result:
                    first = self.doc.key_pos[(*loc, key)]
                    self.problems.append(
                        Problem(
                            self.doc.path,
                            line,
                            col,
                            f"duplicate key '{key}' (first given at line {first[0]}); "
                            "keep only one",
                        )
                    )
                    continue
                self.doc.key_pos[(*loc, key)] = (line, col)
                result[key] = self.walk(value_node, (*loc, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, (*loc, i)) for i, item in enumerate(node.value)]
        return self.loader.construct_object(node)


def read_text(path: Path, rel: str) -> tuple[str | None, list[Problem]]:
    """Read a source file as UTF-8, reporting size and encoding problems."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(rel, 1, 1, f"cannot read file: {exc.strerror}")]
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            Problem(rel, 1, 1, f"file is {len(raw)} bytes; the limit is {MAX_FILE_BYTES}")
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Problem(rel, line, col, "file is not valid UTF-8; save it as UTF-8")]
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, []


def load_yaml_file(path: Path, rel: str) -> tuple[SourceDoc, list[Problem]]:
    text, problems = read_text(path, rel)
    if text is None:
        return SourceDoc(rel), problems
    return parse_yaml(text, rel)
