"""A workbook (.xlsx) to a table, read with openpyxl, which never evaluates formulas (a
formula cell comes back as its text and is refused): macros, a size that unpacks to
gigabytes, XML entities and a damaged file are refused with one message; merged cells
give every cell of their range the first one's value.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .table import MAX_ROWS, Cell, SheetError, Table, add_row, refuse_formula

MAX_UNZIPPED_BYTES = 400_000_000
"""What a workbook may expand to: its parts are compressed XML, and a small file that
unpacks to gigabytes is an attack, not a catalog."""


def read_xlsx(path: Path, shown: str, sheet: str | None) -> Table:
    import openpyxl  # only import needs it

    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            unzipped = sum(info.file_size for info in archive.infolist())
            if "xl/workbook.xml" not in names:
                raise SheetError(f"{shown}: this zip file is not an Excel workbook")
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                raise SheetError(
                    f"{shown}: the workbook holds macros; save it as an Excel workbook "
                    "(.xlsx) without them"
                )
            if unzipped > MAX_UNZIPPED_BYTES:
                raise SheetError(
                    f"{shown}: the workbook unpacks to {unzipped:,} bytes; at most "
                    f"{MAX_UNZIPPED_BYTES:,}"
                )
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except SheetError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise _unreadable(shown, exc, f"cannot read the workbook ({exc})") from None
    title = sheet
    try:
        worksheet = _pick_sheet(workbook, shown, sheet)
        title = worksheet.title
        # read the cells the sheet holds, not the size it claims (up to XFD1048576)
        worksheet.reset_dimensions()
        merged = _merged_ranges(path, shown, worksheet.title)
        table = Table(shown, sheet=worksheet.title, note=f"read sheet '{worksheet.title}'")
        for cells in _sheet_rows(worksheet, table, merged):
            add_row(table, cells)
    except SheetError:
        raise
    except Exception as exc:  # a damaged sheet shows only as it is read
        raise _unreadable(shown, exc, f"cannot read the sheet '{title}' ({exc})") from None
    finally:
        workbook.close()
    return table


def _unreadable(shown: str, exc: BaseException, message: str) -> SheetError:
    """``message``, or the refusal of XML entities where defusedxml (which openpyxl
    parses with) refused them, however deep in the chain of exceptions."""
    from defusedxml import DefusedXmlException

    seen: BaseException | None = exc
    for _ in range(20):
        if seen is None:
            break
        if isinstance(seen, DefusedXmlException):
            return SheetError(
                f"{shown}: the workbook's XML declares entities, which import refuses (a few "
                "lines of them can expand to gigabytes); save it again from Excel"
            )
        seen = seen.__cause__ or seen.__context__
    return SheetError(f"{shown}: {message}")


def _pick_sheet(workbook: Any, shown: str, sheet: str | None) -> Any:
    if sheet is not None:
        if sheet not in workbook.sheetnames:
            from generator.check.names import did_you_mean

            close = [n for n in workbook.sheetnames if n.casefold() == sheet.casefold()]
            raise SheetError(
                f"{shown}: no sheet '{sheet}'{did_you_mean(close)} (sheets: "
                + ", ".join(f"'{n}'" for n in workbook.sheetnames)
                + ")"
            )
        return workbook[sheet]
    visible = [ws for ws in workbook.worksheets if ws.sheet_state == "visible"]
    if not visible:
        raise SheetError(f"{shown}: the workbook has no visible sheet")
    return visible[0]


def _sheet_rows(
    worksheet: Any, table: Table, merged: dict[tuple[int, int], tuple[int, int]]
) -> Iterator[list[Cell]]:
    """Each row's cells, a row with none of its own left out. A cell inside a merged
    range takes the value of the range's first cell (a unit's name merged down over its
    rows is in each of them), whether or not the file lists the cell: Excel lists it,
    openpyxl and others leave it out."""
    firsts: dict[tuple[int, int], Any] = {}
    starts = set(merged.values())
    fills: dict[int, dict[int, tuple[int, int]]] = {}
    for (r, c), start in merged.items():
        fills.setdefault(r, {})[c] = start
    # rows come one by one from row 1, a missing row as (); the cells of a row sit at
    # their column, a gap as EMPTY_CELL (value None)
    for number, row in enumerate(worksheet.iter_rows(), start=1):
        fill = fills.get(number, {})
        width = max(len(row), max(fill, default=0))
        cells: list[Cell] = []
        own = False
        for col in range(1, width + 1):
            cell = row[col - 1] if col <= len(row) else None
            origin = fill.get(col)
            value = firsts.get(origin) if origin is not None else getattr(cell, "value", None)
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            if origin is None and (
                getattr(cell, "data_type", None) == "f"
                or (isinstance(value, str) and value.startswith("="))
            ):
                refuse_formula(table, number, col, str(value))
                continue
            if (number, col) in starts:
                firsts[(number, col)] = value
            cells.append(Cell(value, number, col))
            own = own or origin is None
        if own:
            yield cells


_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+):([A-Z]+[0-9]+)"')
MAX_MERGED_CELLS = MAX_ROWS * 50
"""Cells that the merged ranges of one sheet may cover, all together."""


def _merged_ranges(path: Path, shown: str, title: str) -> dict[tuple[int, int], tuple[int, int]]:
    """(row, col) of every cell inside a merged range but its first → the first's.

    openpyxl's streaming reader does not report merged ranges; they are listed at the
    end of the sheet's XML (``<mergeCells>``, after the rows), so only its tail is read.
    """
    from openpyxl.utils.cell import coordinate_to_tuple

    member = _sheet_member(path, title)
    if member is None:
        return {}
    with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
        data = stream.read()
    start = data.rfind(b"<mergeCells")
    if start < 0:
        start = data.rfind(b":mergeCells")
    if start < 0:
        return {}
    out: dict[tuple[int, int], tuple[int, int]] = {}
    covered = 0
    for first, last in _MERGE_RE.findall(data[start:]):
        r0, c0 = coordinate_to_tuple(first.decode())
        r1, c1 = coordinate_to_tuple(last.decode())
        covered += max(r1 - r0 + 1, 0) * max(c1 - c0 + 1, 0)
        if covered > MAX_MERGED_CELLS:
            raise SheetError(
                f"{shown}: the merged cells of sheet '{title}' cover more than "
                f"{MAX_MERGED_CELLS:,} cells; unmerge them"
            )
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    out[(r, c)] = (r0, c0)
    return out


def _sheet_member(path: Path, title: str) -> str | None:
    """The zip member that holds the sheet ``title`` (found by name: the workbook's
    list of sheets also holds chart sheets, which openpyxl's worksheets leave out)."""
    from openpyxl.reader.excel import ExcelReader

    reader = ExcelReader(str(path), read_only=True)
    try:
        reader.read_manifest()
        reader.read_workbook()
        for sheet, rel in reader.parser.find_sheets():
            if sheet.name == title:
                return str(rel.target).lstrip("/")
    finally:
        reader.archive.close()
    return None
