"""Stage three of import: a cell as people type it → the value the catalog format holds.

What this module cannot read it hands on as written, so the models and the reference
check report it in the words of `campaign validate` ('opened' is not allowed …; did you
mean 'open'?). What the CSV export writes reads back: the formula guard ``'`` is
removed, ``lab [at] example [dot] com`` is an address again, ``zh`` is JSON, and a date
written ``2020`` or ``2020-07`` is one known to the year or month.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from generator.check.names import NameIndex, normalized
from generator.check.references import reference_folders
from generator.model.catalog import EntryType
from generator.publish.export import email_from_text, unguard
from generator.site.i18n import label

STRONG_SPLIT = re.compile(r"[;；\n]+")
"""Between the items of a list cell: ; ； or a new line (the export writes '; ')."""
WEAK_SPLIT = re.compile(r"[、，,]+")
"""Also between items, in a cell that has none of the above: 、 ， and, except between
keywords, the ASCII comma (a name such as 'Co., Ltd.' or a keyword may hold one)."""
WEAK_TEXT_SPLIT = re.compile(r"[、，]+")
PRECISION_OF = {"date": "date_precision", "published": "published_precision"}
"""Date keys that may be known only to the month or year, and the key that says so."""
MARKDOWN = {"description", "zh.description"}
"""Kept as typed, spaces and line breaks included (Markdown)."""
_TRUE = {"true", "yes", "y", "1", "是", "对", "真", "x", "✓"}
_FALSE = {"false", "no", "n", "0", "否", "假", "不"}
_DATE_RE = re.compile(
    r"(?P<y>\d{4})(?:\s*[-/.年]\s*(?P<m>\d{1,2})(?:\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?)?\s*月?)?\s*年?"
)
_EXCEL_EPOCH = dt.date(1899, 12, 30)


@dataclass(frozen=True)
class Kind:
    """How the cells of one key are read."""

    name: Literal["text", "markdown", "date", "int", "bool", "enum", "ref", "json", "email"]
    many: bool = False
    choices: tuple[str, ...] = ()
    """Allowed values of an enum."""
    folder: str = ""
    """Where the ids of a reference are ('organizations', 'fields', …)."""


def _inner(annotation: Any) -> Any:
    """``X`` of ``X | None``, ``Annotated[X, …]``."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        else:
            return annotation


def kind_of(entry_type: EntryType, key: str) -> Kind:
    """How the column ``key`` (a column key of ``columns``) of ``entry_type`` is read."""
    if key in MARKDOWN:
        return Kind("markdown")
    if key == "zh":
        return Kind("json")
    if key == "contact_email":
        return Kind("email")
    if key in ("contact_hidden", "attendees_approximate"):
        return Kind("bool")
    if key == "attendees":
        return Kind("int")
    if key == "id" or key.startswith(("contact_", "zh.")):
        return Kind("text")
    folders = reference_folders(entry_type.plural)
    annotation = _inner(entry_type.model.model_fields[key].annotation)
    many = typing.get_origin(annotation) is list
    if many:
        annotation = _inner(typing.get_args(annotation)[0])
    if key in folders:
        return Kind("ref", many, folder=folders[key])
    if typing.get_origin(annotation) is Literal:
        return Kind("enum", many, choices=typing.get_args(annotation))
    if annotation is dt.date:
        return Kind("date")
    if annotation is bool:
        return Kind("bool")
    if annotation is int:
        return Kind("int")
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return Kind("json")
    return Kind("text", many)


def enum_value(text: str, choices: tuple[str, ...]) -> str:
    """The allowed value ``text`` names: itself, or its label in English or Chinese
    ('洽谈中' and 'In negotiation' → 'in-negotiation'); else ``text`` as written."""
    key = normalized(text)
    for choice in choices:
        if key in (normalized(choice), normalized(label(choice)), normalized(label(choice, "zh"))):
            return choice
    return text


def text_of(value: Any) -> str:
    """A cell as text: whole numbers without '.0', dates as YYYY-MM-DD."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def date_value(value: Any) -> tuple[Any, str | None]:
    """(date, precision) of a date cell: a workbook date, a serial number, a year, or
    text as '2027-06-30', '2027/6/30', '2027年6月30日', '2020-07', '2020年'. Anything
    else comes back as written, with precision None, for the model to refuse."""
    if isinstance(value, dt.datetime):
        return value.date(), "day"
    if isinstance(value, dt.date):
        return value, "day"
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 1000 <= value <= 9999:
            return dt.date(int(value), 1, 1), "year"  # a year typed as a number
        if 1 <= value < 2_958_466:  # a serial day number that lost its date format
            return _EXCEL_EPOCH + dt.timedelta(days=int(value)), "day"
        return text_of(value), None
    text = unguard(str(value)).strip()
    match = _DATE_RE.fullmatch(text)
    if not match:
        return text, None
    year, month, day = match.group("y"), match.group("m"), match.group("d")
    try:
        if day:
            return dt.date(int(year), int(month), int(day)), "day"
        if month:
            return dt.date(int(year), int(month), 1), "month"
        return dt.date(int(year), 1, 1), "year"
    except ValueError:
        return text, None


def bool_value(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    text = normalized(text_of(value))
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return text_of(value)


def int_value(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = unguard(text_of(value)).strip().replace(",", "")
    return int(text) if re.fullmatch(r"[+-]?\d+", text) else unguard(text_of(value)).strip()


def json_value(value: Any) -> Any:
    """A ``zh`` cell: the JSON object the export writes. Not JSON: a text the model
    refuses with 'input should be a valid dictionary'."""
    text = unguard(text_of(value)).strip()
    try:
        parsed = json.loads(text)
    except ValueError:
        return text
    return parsed


def cell_value(kind: Kind, value: Any, names: NameIndex) -> tuple[Any, str | None]:
    """(value for the file, precision for a date) of one cell."""
    if kind.name == "date":
        return date_value(value)
    if kind.name == "int":
        return int_value(value), None
    if kind.name == "bool":
        return bool_value(value), None
    if kind.name == "json":
        return json_value(value), None
    if kind.name == "markdown":
        return unguard(text_of(value)).replace("\r\n", "\n"), None
    text = unguard(text_of(value)).strip()
    if kind.name == "email":
        return email_from_text(text), None
    if kind.many:
        # the export guards each item, not the cell: only the items are unguarded
        # (else a lone keyword "'=x", written "''=x", would lose both quotes)
        items = list_items(kind, text_of(value).strip(), names)
        return [_one(kind, item, names) for item in items], None
    return _one(kind, text, names), None


def list_items(kind: Kind, text: str, names: NameIndex) -> list[str]:
    """The items of a list cell. Where the cell has a ; ； or line break, only those
    separate items; else 、 ， and (but for keywords) ','. A cell that is as a whole the
    name of one entry is that one item, commas and all."""
    if kind.name == "ref" and names.resolve(kind.folder, text):
        return [text]
    split = STRONG_SPLIT
    if not STRONG_SPLIT.search(text):
        split = WEAK_SPLIT if kind.name != "text" else WEAK_TEXT_SPLIT
    return [unguard(item.strip()) for item in split.split(text) if item.strip()]


def _one(kind: Kind, text: str, names: NameIndex) -> str:
    if kind.name == "ref":
        return names.resolve(kind.folder, text) or text
    if kind.name == "enum":
        return enum_value(text, kind.choices)
    return text
