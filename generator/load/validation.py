"""Stage two of loading: plain data to models, with pydantic's errors turned into Problems."""

from __future__ import annotations

import copy
import difflib
import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.check.problems import Problem
from generator.model.formats import ID_PATTERN, REFERENCE_KEYS
from generator.model.source_doc import Loc, SourceDoc

M = TypeVar("M", bound=BaseModel)


def suggest(word: str, choices: list[str] | set[str] | Any) -> str:
    """' (did you mean 'x'?)' when a choice is close to ``word``, else ''."""
    close = difflib.get_close_matches(str(word), sorted(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def short(value: Any) -> str:
    """A value as messages show it: its repr, cut to 60 characters."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that owns the mapping at ``loc`` (to list its allowed keys)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(str(part))
        if field is None:
            return None
        current = _unwrap(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    for arg in getattr(annotation, "__args__", ()) or ():
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
        inner = _unwrap(arg)
        if inner is not None:
            return inner
    return annotation if isinstance(annotation, type) else None


# Keys of the first catalog format, replaced by the zh: block (issue #9).
MOVED_TO_ZH = {"title_zh": "title", "name_zh": "name"}


def invalid_id(name: str, shown: str) -> str:
    """The message for a value that should be an id and is not."""
    return (
        f"{name}: {shown} is not a valid id "
        "(lowercase letters a-z, digits and hyphens, starting with a letter or digit)"
    )


def _is_reference(loc: Loc) -> bool:
    """True at a key that names another entry (``organization``, ``fields[2]``)."""
    return (
        bool(loc)
        and loc[0] in REFERENCE_KEYS
        and (len(loc) == 1 or (len(loc) == 2 and isinstance(loc[1], int)))
    )


def _message(model: type[BaseModel], err: Any, doc: SourceDoc) -> Problem | None:
    loc: Loc = tuple(err["loc"])
    kind = err["type"]
    name = dotted(loc)
    value = err.get("input")
    ctx = err.get("ctx") or {}
    # a value YAML typed is shown as written too: `no` is clearer than False
    written = doc.raw.get(loc)
    shown = (
        short(value)
        if written is None or written == str(value)
        else f"{written!r}, which YAML reads as {value!r},"
    )
    if kind == "missing":
        return doc.problem(loc[:-1], f"missing required key '{name}'")
    if kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        allowed = sorted(owner.model_fields) if owner else []
        key = str(loc[-1])
        hint = suggest(key, allowed)
        if key == "id" and not loc[:-1]:
            hint = "; the id is the file name, so leave this key out"
        elif key in MOVED_TO_ZH and not loc[:-1]:
            new = MOVED_TO_ZH[key]
            hint = (
                f"; the Chinese {new} now goes in the zh: block: replace "
                f"'{key}: …' with 'zh:' and, on the next line indented by two spaces, "
                f"'{new}: …'"
            )
        tail = f" (allowed keys: {', '.join(allowed)})" if allowed and not hint else ""
        return doc.problem(loc, f"unknown key '{name}'{hint}{tail}", key=True)
    if kind == "literal_error":
        hint = suggest(
            written or value,
            [v.strip("'") for v in str(ctx.get("expected", "")).replace(" or ", ", ").split(", ")],
        )
        return doc.problem(
            loc, f"{name}: {shown} is not allowed; use one of {ctx.get('expected')}{hint}"
        )
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == ID_PATTERN:
        if _is_reference(loc):
            return None  # the reference check reports it, with the id it may mean
        return doc.problem(loc, invalid_id(name, shown))
    if kind == "string_pattern_mismatch":
        what = (
            "an e-mail address"
            if "@" in str(ctx.get("pattern"))
            else "an http:// or https:// address"
        )
        return doc.problem(loc, f"{name}: {shown} is not {what}")
    if kind == "string_too_long":
        return doc.problem(
            loc,
            f"{name}: is {len(str(value))} characters long; "
            f"at most {ctx.get('max_length')} are allowed",
        )
    if kind in ("too_short",) and isinstance(value, list | dict):
        return doc.problem(loc, f"{name}: needs at least {ctx.get('min_length')} item(s)")
    if kind == "string_type" and value is None:
        return doc.problem(loc, f"{name}: has no value; write one, or delete the key")
    if kind == "string_type" and isinstance(value, bool | int | float):
        return doc.problem(
            loc,
            f"{name}: expected text but YAML read {shown} as "
            f"{type(value).__name__}; put it in quotes",
        )
    msg = str(err["msg"])
    if kind.startswith(("date", "datetime")):
        msg = "expected a date written as YYYY-MM-DD"
    return doc.problem(loc, f"{name}: {msg[0].lower()}{msg[1:]} (got {shown.rstrip(',')})")


def validate(model: type[M], doc: SourceDoc) -> tuple[M | None, list[Problem]]:
    """Validate a parsed document against ``model``; every error is located.

    YAML 1.1 reads some unquoted words as other types: `no` and `on` as booleans,
    `1:20` as the number 80, `2020-07-08` as a date. Where the model wants text, the
    text as written is what was meant, so it is used instead (and ``doc.data`` is
    updated, for the reference checks that read it).
    """
    if not isinstance(doc.data, dict):
        got = "an empty file" if doc.data is None else f"a {type(doc.data).__name__}"
        return None, [doc.problem((), f"expected a mapping of keys to values, got {got}")]
    result, errors = _attempt(model, doc.data)
    as_text = {
        loc: doc.raw[loc]
        for err in errors
        if err["type"] == "string_type" and (loc := tuple(err["loc"])) in doc.raw
    }
    if as_text:
        doc.data = _replaced(doc.data, as_text)
        for loc in as_text:
            del doc.raw[loc]
        result, errors = _attempt(model, doc.data)
    problems = [
        problem
        for err in errors
        if tuple(err["loc"]) not in doc.reported and (problem := _message(model, err, doc))
    ]
    problems += _surprising_numbers(doc, {tuple(err["loc"]) for err in errors})
    # a model is None with no problem when only references were wrong (reported later)
    return (None, problems) if problems else (result, [])


def _attempt(model: type[M], data: Any) -> tuple[M | None, list[Any]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, list(exc.errors())


def _replaced(data: Any, values: dict[Loc, Any]) -> Any:
    """A copy of ``data`` with the value at each location of ``values`` replaced."""
    data = copy.deepcopy(data)
    for loc, value in values.items():
        parent = data
        for part in loc[:-1]:
            parent = parent[part]
        parent[loc[-1]] = value
    return data


_PLAIN_INTEGER = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")


def _surprising_numbers(doc: SourceDoc, located: set[Loc]) -> list[Problem]:
    """Whole numbers that YAML 1.1 reads otherwise than a person (or YAML 1.2) would:
    `010` is 8 (octal), `1:20` is 80 (base 60), `0b11` is 3, `1_000` is 1000."""
    problems = []
    for loc, text in doc.raw.items():
        value = _value_at(doc.data, loc)
        if loc in located or type(value) is not int or _PLAIN_INTEGER.fullmatch(text):
            continue
        problems.append(
            doc.problem(
                loc,
                f"{dotted(loc)}: YAML reads `{text}` as the number {value}; write numbers "
                f"in plain digits (like {value}), or put text in quotes",
            )
        )
    return problems


def _value_at(data: Any, loc: Loc) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data
