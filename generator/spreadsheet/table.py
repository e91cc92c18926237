"""A spreadsheet read as a table of cells, each knowing its place (``Sheet!C7``, or row
and column in a CSV file), and the limits on rows and cells that every reader applies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from generator.check.problems import Problem
from generator.load.yaml_walker import MAX_TEXT_CHARS

MAX_ROWS = 50_000
"""Rows of entries one import may hold (the campaign's largest push was about 500)."""
_PLAIN_SHEET = re.compile(r"[^\W\d]\w*")
_CELL_LIKE = re.compile(r"[A-Za-z]{1,3}[0-9]+|[Rr][0-9]*[Cc][0-9]*")


class SheetError(ValueError):
    """The file cannot be read as a spreadsheet at all; the message says why."""


@dataclass(frozen=True)
class Cell:
    value: Any
    """Text, a number, a boolean, a date or datetime (never None: empty cells are left
    out)."""
    row: int
    col: int


@dataclass
class Table:
    """The non-empty rows of one sheet (or CSV file), each a list of its non-empty
    cells; rows and columns are numbered from 1 as the spreadsheet shows them."""

    path: str
    sheet: str | None = None
    """The sheet read, for a workbook; None for CSV."""
    rows: list[list[Cell]] = field(default_factory=list)
    note: str = ""
    """How the file was read, for the person importing: the encoding, the sheet."""
    problems: list[Problem] = field(default_factory=list)
    """Cells refused while reading (formulas, over-long text)."""
    refused: set[tuple[int, int]] = field(default_factory=set)
    """(row, column) of those cells: their row is checked without them, and no other
    problem is reported for their key (the value is not missing, it was refused)."""

    def place(self, row: int, col: int) -> str:
        """'Demands!C7' in a workbook; '7:3' (row:column) in a CSV file."""
        if self.sheet is None:
            return f"{row}:{col}"
        from openpyxl.utils import get_column_letter

        return f"{sheet_ref(self.sheet)}!{get_column_letter(col)}{row}"

    def problem(self, row: int, col: int, message: str) -> Problem:
        return Problem(self.path, row, col, message, cell=self.place(row, col))

    def refuse(self, row: int, col: int, message: str) -> None:
        self.problems.append(self.problem(row, col, message))
        self.refused.add((row, col))


def sheet_ref(name: str) -> str:
    """A sheet's name as a formula writes it: plain ('Demands', '需求') when it is a
    word that is not a cell address, else quoted, as in 'My demands'!C7.
    (openpyxl's quote_sheetname quotes every name.)"""
    if _PLAIN_SHEET.fullmatch(name) and not _CELL_LIKE.fullmatch(name):
        return name
    return "'" + name.replace("'", "''") + "'"


def add_row(table: Table, cells: list[Cell]) -> None:
    if len(table.rows) > MAX_ROWS:  # the header is one more
        raise SheetError(
            f"{table.path}: more than {MAX_ROWS:,} rows; split the file into smaller ones"
        )
    kept = []
    for cell in cells:
        if isinstance(cell.value, str) and len(cell.value) > MAX_TEXT_CHARS:
            table.refuse(
                cell.row,
                cell.col,
                f"the cell holds {len(cell.value):,} characters; at most "
                f"{MAX_TEXT_CHARS:,} are allowed",
            )
        else:
            kept.append(cell)
    table.rows.append(kept)


def refuse_formula(table: Table, row: int, col: int, text: str) -> None:
    table.refuse(
        row,
        col,
        f"the cell holds a formula ({_cut(text)}), which import does not run; type the "
        "value itself",
    )


def _cut(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."
