"""A sheet's rows under its header, and each row as the plain data of one catalog file,
with the cell of every value noted, checked by the loader's own stage two
(``placeholders.checked``: the models, then the placeholder check).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from generator.check.names import NameIndex, normalized
from generator.check.problems import Problem
from generator.load.placeholders import checked
from generator.model.catalog import EntryType
from generator.model.source_doc import Loc, SourceDoc

from .cells import PRECISION_OF, cell_value, kind_of, text_of
from .columns import header_table
from .table import Cell, Table

# Cells that name the entry, for references to it from other rows of the same import.
_LABELS = {"title", "name", "short_name", "zh.title", "zh.name", "zh.short_name"}


@dataclass
class Row:
    table: Table
    entry_type: EntryType
    cells: list[tuple[str, Cell]]
    """(column key, cell) of each cell under a known column."""
    start: Cell
    id: str = ""
    doc: SourceDoc | None = None
    changed: set[str] = field(default_factory=set)
    existing: SourceDoc | None = None
    refused: list[str] = field(default_factory=list)
    """Keys whose cell was refused while reading (a formula, over-long text)."""


def rows_of(table: Table, entry_type: EntryType, header: dict[int, str]) -> list[Row]:
    rows = []
    body = table.rows[1:]
    if body and _is_label_row(body[0], header, entry_type):
        body = body[1:]  # the template's row of Chinese labels
    refused: dict[int, list[str]] = {}
    for row_number, col in table.refused:
        if col in header:
            refused.setdefault(row_number, []).append(header[col])
    for cells in body:
        keyed = [(header[c.col], c) for c in cells if c.col in header]
        if keyed:
            rows.append(
                Row(table, entry_type, keyed, cells[0], refused=refused.get(cells[0].row, []))
            )
    return rows


def _is_label_row(cells: list[Cell], header: dict[int, str], entry_type: EntryType) -> bool:
    table = header_table(entry_type)
    return all(
        c.col in header and table.get(normalized(str(c.value))) == header[c.col] for c in cells
    )


def label_data(row: Row) -> dict[str, Any]:
    data: dict[str, Any] = {"zh": {}}
    for key, cell in row.cells:
        if key in _LABELS:
            if key.startswith("zh."):
                data["zh"][key[3:]] = str(cell.value)
            else:
                data[key] = str(cell.value)
    return data


def row_document(row: Row, names: NameIndex) -> list[Problem]:
    """The row's file as plain data with the cell of each value, checked by the model."""
    data: dict[str, Any] = {}
    where: dict[Loc, tuple[int, int]] = {(): (row.start.row, row.start.col)}
    approximate: Cell | None = None
    given = {key for key, _ in row.cells}
    for key, cell in sorted(row.cells, key=lambda kc: kc[0] != "zh"):  # zh JSON first
        place = (cell.row, cell.col)
        if key == "id":
            continue
        value, precision = cell_value(kind_of(row.entry_type, key), cell.value, names)
        if precision in ("month", "year") and key not in PRECISION_OF:
            # a deadline of '2027-06' is no day; the 1st would be a guess: the model says so
            value = text_of(cell.value).strip()
        if key == "attendees_approximate":
            approximate = cell
            data.setdefault("attendees", {})
            _set(data, where, ("attendees", "approximate"), value, place)
        elif key == "attendees":
            _set(data, where, ("attendees", "value"), value, place)
        elif key.startswith("contact_"):
            _set(data, where, ("contact", key[8:]), value, place)
        elif key.startswith("zh."):
            _set(data, where, ("zh", key[3:]), value, place)
        elif key == "zh" and isinstance(value, dict):
            for sub, item in value.items():
                _set(data, where, ("zh", sub), item, place)
        else:
            _set(data, where, (key,), value, place)
            if isinstance(value, list):
                for i in range(len(value)):
                    where[(key, i)] = place
            implied = PRECISION_OF.get(key)
            if precision in ("month", "year") and implied and implied not in given:
                _set(data, where, (implied,), precision, place)
    _attendance(data, approximate)
    if row.existing is not None:
        row.changed = set(data)
        merged = copy.deepcopy(row.existing.data) if isinstance(row.existing.data, dict) else {}
        for key, value in data.items():
            if isinstance(value, dict) and isinstance(merged.get(key), dict):
                merged[key] = {**merged[key], **value}
            else:
                merged[key] = value
        data = merged
    else:
        row.changed = set(data)
    doc = SourceDoc.located(row.table.path, data, row.id, where)
    doc.reported.update(_loc(key) for key in row.refused)
    row.doc = doc
    _, problems = checked(row.entry_type.model, doc)
    return [at_cell(row.table, p) for p in problems]


def _loc(key: str) -> Loc:
    """Where a column's value sits in the file's data: ``contact_email`` →
    ('contact', 'email'), ``zh.title`` → ('zh', 'title')."""
    if key.startswith("contact_"):
        return ("contact", key[8:])
    if key.startswith("zh."):
        return ("zh", key[3:])
    return (key,)


def _set(
    data: dict[str, Any],
    where: dict[Loc, tuple[int, int]],
    loc: tuple[str, ...],
    value: Any,
    place: tuple[int, int],
) -> None:
    target = data
    for depth in range(1, len(loc)):
        target = target.setdefault(loc[depth - 1], {})
        where.setdefault(loc[:depth], place)
    target[loc[-1]] = value
    where[loc] = place


def _attendance(data: dict[str, Any], approximate: Cell | None) -> None:
    """``attendees`` as the files write it: a plain number for an estimate (the
    default), ``{value, approximate: false}`` for an exact count."""
    attendees = data.get("attendees")
    if not isinstance(attendees, dict):
        return
    if attendees.get("approximate", True) is True and "value" in attendees:
        data["attendees"] = attendees["value"]


def at_cell(table: Table, problem: Problem) -> Problem:
    return table.problem(problem.line, problem.col, problem.message)
