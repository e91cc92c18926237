"""Stage one of loading: YAML text to plain data, keeping where every node came from.

The validated models (stage two) never see YAML; they get plain dicts and lists, and
any error they raise is mapped back to a line and column through ``SourceDoc.where``.
Here: reading a file's text, parsing it, and syntax errors as problems; the walk over
the parsed nodes, and its limits, is ``yaml_walker``.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.check.problems import Problem
from generator.load.yaml_walker import LOADER, MAX_DEPTH, Locator, Rejected, Walker, codepoint
from generator.model.source_doc import SourceDoc

MAX_FILE_BYTES = 1_000_000


class YamlDoc(SourceDoc):
    """A document parsed from YAML text, which works out the position of each node from
    that text the first time one is asked for."""

    def _locate(self) -> None:
        # The same walk over the same text as the first parse, noting positions; it
        # stops where that one stopped (a syntax error, too many values).
        self._value_pos, self._key_pos = {}, {}
        if self.text is not None:
            _parse(self.text, self.path, self.line_offset, self)


def parse_yaml(text: str, path: str, *, line_offset: int = 0) -> tuple[SourceDoc, list[Problem]]:
    """Parse one YAML document; every problem comes back as data, never raised."""
    doc = YamlDoc(path, text=text, line_offset=line_offset)
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
    loader = LOADER(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return problems
        if positions is not None:
            Locator(loader, positions, line_offset).walk(root, (), 1)
            return problems
        assert doc is not None
        walker = Walker(loader, doc, problems, line_offset)
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
                f"the invisible character {codepoint(chr(exc.character))} is not allowed "
                "here; delete it",
            )
        )
        _clear(doc)
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml raises the two above
        problems.append(Problem(path, 1 + line_offset, 1, f"YAML error: {exc}"))
        _clear(doc)
    except Rejected as exc:
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
