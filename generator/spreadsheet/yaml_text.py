"""Stage five of import: catalog files that look written by hand.

The schema comment first (editors then complete keys), keys in the order of the format
tables in README.md (the models' order) with ``description`` last, block style with
list items indented under their key, Chinese as UTF-8 text, descriptions as literal
blocks (``|``). An update rewrites only the keys it changes: the other lines of the
file, comments included, stay as they were.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

try:  # libyaml reads the written text back quickly, to check it
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]
from pydantic import BaseModel

from generator.model.catalog import OFFER_TYPES, EntryType
from generator.model.source_doc import SourceDoc

WIDTH = 76
FOLD_AT = 72
"""One-line texts longer than this are written folded (``>-``) over several lines."""
_TOP_KEY = re.compile(r"[^\s#-]")
_DEFAULTS_LEFT_OUT = {"sample": False, "hidden": False, "published_precision": "day"}


class _Literal(str):
    """Text written as a literal block (``|``): its lines as they are."""


class _Folded(str):
    """A long one-line text written folded (``>-``) over lines of at most WIDTH."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # list items indented under their key, as the shipped files write them
        return super().increase_indent(flow, False)


def _styled(style: str) -> Any:
    def represent(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
        # a plain str: libyaml's emitter takes no subclass
        return dumper.represent_scalar("tag:yaml.org,2002:str", str(text), style=style)

    return represent


_Dumper.add_representer(_Literal, _styled("|"))
_Dumper.add_representer(_Folded, _styled(">"))

try:  # libyaml writes ten times as fast as the Python emitter (10,000 rows: seconds)

    class _CDumper(yaml.CSafeDumper):
        """libyaml's emitter: list items at their key's indentation, which
        ``_indent_lists`` moves in (it has no ``increase_indent`` to override)."""

    _CDumper.add_representer(_Literal, _styled("|"))
    _CDumper.add_representer(_Folded, _styled(">"))
    _FAST: bool = True
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _FAST = False
_DUMP_OPTIONS: dict[str, Any] = {
    "allow_unicode": True,
    "sort_keys": False,
    "width": WIDTH,
    "default_flow_style": False,
}


def key_order(entry_type: EntryType) -> list[str]:
    """The keys of a file in the order of README.md's format tables: the keys of every
    entry, with the type's own keys after ``organization``; ``description`` last."""
    keys = list(entry_type.model.model_fields)
    common = set.intersection(*(set(t.model.model_fields) for t in OFFER_TYPES))
    shared = [k for k in keys if k in common]
    if len(shared) == len(common):
        own = [k for k in keys if k not in common]
        at = shared.index("organization") + 1
        keys = shared[:at] + own + shared[at:]
    return [k for k in keys if k != "description"] + ["description"]


def schema_line(entry_type: EntryType, depth: int = 0) -> str:
    """The first line of a file in ``catalog/<type>s/`` (``depth`` folders deeper)."""
    up = "../" * (2 + depth)
    return f"# yaml-language-server: $schema={up}schemas/{entry_type.name}.schema.json\n"


def _ordered(order: list[str], model: type[BaseModel] | None, data: Any, styled: bool) -> Any:
    """``data`` with its keys in ``order`` (nested mappings: their model's order), texts
    styled as hand-written files have them."""
    if isinstance(data, dict):
        rank = {k: i for i, k in enumerate(order)}
        keys = sorted(data, key=lambda k: rank.get(k, len(rank)))
        out = {}
        for k in keys:
            sub = _submodel(model, k)
            inner = list(sub.model_fields) if sub else []
            out[k] = _ordered(inner, sub, data[k], styled)
        return out
    if isinstance(data, list):
        return [_ordered([], None, v, styled) for v in data]
    if styled and isinstance(data, str):
        if "\n" in data:
            return _Literal(data)
        if len(data) > FOLD_AT and data == data.strip() and "  " not in data:
            return _Folded(data)
    return data


def _submodel(model: type[BaseModel] | None, key: str) -> type[BaseModel] | None:
    if model is None or key not in model.model_fields:
        return None
    for arg in (
        model.model_fields[key].annotation,
        *getattr(model.model_fields[key].annotation, "__args__", ()),
    ):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def dump(entry_type: EntryType, data: dict[str, Any]) -> str:
    """The keys of ``data`` as YAML, in the documented order. A styled text that would
    not read back exactly as it is (the emitter's corner cases) is written plainly.

    libyaml writes it where the data has lists only at the top (all the catalog's
    files) and its text reads back as the data; else the Python emitter does."""
    order = key_order(entry_type)
    expected = _without_defaults(data)
    fast = _FAST and _lists_at_top_only(data)
    for styled in (True, False):
        ordered = _ordered(order, entry_type.model, expected, styled)
        if fast:
            text = _indent_lists(yaml.dump(ordered, Dumper=_CDumper, **_DUMP_OPTIONS), ordered)
            try:
                if yaml.load(text, Loader=_Loader) == expected:
                    return text
            except yaml.YAMLError:
                pass  # a corner case of the indentation: the Python emitter writes it
        text = yaml.dump(ordered, Dumper=_Dumper, **_DUMP_OPTIONS)
        if not styled or yaml.load(text, Loader=_Loader) == expected:
            break
    return text


def _lists_at_top_only(data: dict[str, Any]) -> bool:
    """No list below the top level: the values are scalars, lists of scalars, or
    mappings of scalars."""

    def scalar(value: Any) -> bool:
        return not isinstance(value, dict | list)

    return all(
        scalar(v)
        or (isinstance(v, list) and all(scalar(i) for i in v))
        or (isinstance(v, dict) and all(scalar(i) for i in v.values()))
        for v in data.values()
    )


def _indent_lists(text: str, data: dict[str, Any]) -> str:
    """libyaml's ``key:\n- item`` as ``key:\n  - item``. Only top-level keys, list
    items and nothing else start a line at column 0 (the text of a value is indented
    under its key), so each non-empty line from a list's key to the next key moves."""
    lists = {key for key, value in data.items() if isinstance(value, list)}
    if not lists:
        return text
    out = []
    moving = False
    for line in text.split("\n"):  # not splitlines(): a text may hold U+2028 and the like
        if line[:1] not in (" ", "-", ""):  # a top-level key
            moving = line.split(":", 1)[0] in lists
        elif moving and line.strip(" "):
            line = "  " + line
        out.append(line)
    return "\n".join(out)


def _without_defaults(data: Any) -> Any:
    if isinstance(data, dict):
        return {
            k: _without_defaults(v) for k, v in data.items() if _DEFAULTS_LEFT_OUT.get(k, ...) != v
        }
    if isinstance(data, list):
        return [_without_defaults(v) for v in data]
    return data


def file_text(entry_type: EntryType, data: dict[str, Any]) -> str:
    """A new file holding ``data``."""
    return schema_line(entry_type) + dump(entry_type, data)


def updated_text(
    entry_type: EntryType, doc: SourceDoc, data: dict[str, Any], changed: set[str]
) -> str:
    """The text of the file ``doc`` with the top-level keys ``changed`` set to their
    values in ``data``: each rewritten where it stands, or a new one placed after the
    last key that comes before it in the documented order."""
    lines = (doc.text or "").splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    starts = _key_lines(lines)  # key → (first line, end) of its block, as written
    order = key_order(entry_type)
    replaced: dict[int, str] = {}
    inserted: dict[int, list[str]] = {}
    for key in [k for k in order if k in changed]:
        # a value left out as a default (`sample: false`) takes its key out of the file
        block = dump(entry_type, {key: data[key]}) if _without_defaults({key: data[key]}) else ""
        if key in starts:
            first, end = starts[key]
            replaced[first] = block
            for i in range(first + 1, end):
                replaced[i] = ""
            continue
        before = [k for k in order[: order.index(key)] if k in starts]
        at = starts[before[-1]][1] if before else _after_comments(lines)
        inserted.setdefault(at, []).append(block)
    out: list[str] = []
    for i in range(len(lines) + 1):
        out += inserted.get(i, [])
        if i < len(lines):
            out.append(replaced.get(i, lines[i]))
    return "".join(out)


def _key_lines(lines: list[str]) -> dict[str, tuple[int, int]]:
    """Each top-level key → the lines of its block: from its key line to the next
    key's (comments and blank lines just above a key belong to that key)."""
    keys = [
        (i, line.split(":", 1)[0].strip())
        for i, line in enumerate(lines)
        if _TOP_KEY.match(line) and ":" in line
    ]
    out: dict[str, tuple[int, int]] = {}
    for n, (i, key) in enumerate(keys):
        end = keys[n + 1][0] if n + 1 < len(keys) else len(lines)
        while end - 1 > i and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
            end -= 1
        out[key.strip("'\"")] = (i, end)
    return out


def _after_comments(lines: list[str]) -> int:
    i = 0
    while i < len(lines) and lines[i].startswith("#"):
        i += 1
    return i
