"""Stage one of import: a spreadsheet file to a table of cells, each knowing its place.

A workbook (.xlsx) is read with openpyxl, which never evaluates formulas: a formula
cell comes back as its text and is refused. A CSV file is UTF-8 (with or without the
byte-order mark Excel writes), UTF-16 (Excel's "Unicode text"), or GB18030, the
superset of GBK that Excel uses on Chinese Windows. Anything else (a macro workbook, a
password-protected one, an old .xls, a file whose content is not what its name says, a
table too large) is refused with one message, before any row is read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..problems import Problem
from ..sources import MAX_TEXT_CHARS

MAX_ROWS = 50_000
"""Rows of entries one import may hold (the campaign's largest push was about 500)."""
MAX_FILE_BYTES = 100_000_000
MAX_UNZIPPED_BYTES = 400_000_000
"""What a workbook may expand to: its parts are compressed XML, and a small file that
unpacks to gigabytes is an attack, not a catalog."""
SUFFIXES = (".xlsx", ".csv")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File: .xls, encrypted .xlsx
_ENCODINGS = (("utf-8-sig", "UTF-8"), ("gb18030", "GB18030 (GBK)"))


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

    def place(self, row: int, col: int) -> str:
        """'Demands!C7' in a workbook; '7:3' (row:column) in a CSV file."""
        if self.sheet is None:
            return f"{row}:{col}"
        from openpyxl.utils import get_column_letter, quote_sheetname

        return f"{quote_sheetname(self.sheet)}!{get_column_letter(col)}{row}"

    def problem(self, row: int, col: int, message: str) -> Problem:
        return Problem(self.path, row, col, message, cell=self.place(row, col))


def read_table(path: Path, shown: str, sheet: str | None = None) -> Table:
    """The cells of ``path`` (shown in messages as ``shown``); ``sheet`` picks a sheet of
    a workbook (default: the first visible one). Raises SheetError."""
    suffix = path.suffix.lower()
    if suffix == ".xlsm":
        raise SheetError(
            f"{shown}: a macro-enabled workbook (.xlsm) is refused; save it as an Excel "
            "workbook (.xlsx) without macros"
        )
    if suffix not in SUFFIXES:
        raise SheetError(
            f"{shown}: cannot read '{path.suffix or path.name}' files; save the sheet as "
            "an Excel workbook (.xlsx) or as CSV (.csv)"
        )
    try:
        size = path.stat().st_size
        with path.open("rb") as file:
            head = file.read(8)
    except OSError as exc:
        raise SheetError(f"{shown}: cannot read the file: {exc.strerror}") from None
    if size > MAX_FILE_BYTES:
        raise SheetError(f"{shown}: the file is {size:,} bytes; at most {MAX_FILE_BYTES:,}")
    if head.startswith(_OLE_MAGIC):
        raise SheetError(
            f"{shown}: this is a password-protected workbook or an old Excel 97–2003 file "
            "(.xls); remove the password, or save it as an Excel workbook (.xlsx)"
        )
    if suffix == ".csv":
        if head.startswith(_ZIP_MAGIC):
            raise SheetError(
                f"{shown}: this is a workbook, not CSV text; name it .xlsx, or save the "
                "sheet as CSV"
            )
        return _read_csv(path, shown)
    if not head.startswith(_ZIP_MAGIC):
        raise SheetError(
            f"{shown}: this is not an Excel workbook (.xlsx) but "
            f"{'text' if _looks_like_text(path) else 'some other file'}; "
            "save the sheet as .xlsx, or name a CSV file .csv"
        )
    return _read_xlsx(path, shown, sheet)


def _looks_like_text(path: Path) -> bool:
    return b"\x00" not in path.read_bytes()[:4096]


# -- CSV ----------------------------------------------------------------------------


def _decode(raw: bytes, shown: str) -> tuple[str, str]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            pass
    for codec, name in _ENCODINGS:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec == "utf-8-sig" and raw.startswith(b"\xef\xbb\xbf"):
            name = "UTF-8 with byte-order mark"
        return text, name
    raise SheetError(
        f"{shown}: the text is neither UTF-8 nor GB18030/GBK; save it as "
        "'CSV UTF-8 (comma delimited)'"
    )


def _read_csv(path: Path, shown: str) -> Table:
    text, encoding = _decode(path.read_bytes(), shown)
    if "\x00" in text:
        raise SheetError(f"{shown}: the file holds NUL characters, so it is not CSV text")
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    table = Table(shown, note=f"read {shown} as {encoding}")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, values in enumerate(reader, start=1):
            cells = [
                Cell(value, number, col)
                for col, value in enumerate(values, start=1)
                if value.strip()
            ]
            if cells:
                _add_row(table, cells)
    except csv.Error as exc:
        raise SheetError(f"{shown}:{reader.line_num}: not valid CSV: {exc}") from None
    return table


def _add_row(table: Table, cells: list[Cell]) -> None:
    if len(table.rows) > MAX_ROWS:  # the header is one more
        raise SheetError(
            f"{table.path}: more than {MAX_ROWS:,} rows; split the file into smaller ones"
        )
    kept = []
    for cell in cells:
        if isinstance(cell.value, str) and len(cell.value) > MAX_TEXT_CHARS:
            table.problems.append(
                table.problem(
                    cell.row,
                    cell.col,
                    f"the cell holds {len(cell.value):,} characters; at most "
                    f"{MAX_TEXT_CHARS:,} are allowed",
                )
            )
        else:
            kept.append(cell)
    table.rows.append(kept)


# -- Workbooks ------------------------------------------------------------------------


def _read_xlsx(path: Path, shown: str, sheet: str | None) -> Table:
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
        raise SheetError(f"{shown}: cannot read the workbook ({exc})") from None
    try:
        worksheet = _pick_sheet(workbook, shown, sheet)
        merged = _merged_ranges(path, workbook, worksheet.title)
        table = Table(shown, sheet=worksheet.title, note=f"read sheet '{worksheet.title}'")
        for cells in _sheet_rows(worksheet, table, merged):
            _add_row(table, cells)
    finally:
        workbook.close()
    return table


def _pick_sheet(workbook: Any, shown: str, sheet: str | None) -> Any:
    if sheet is not None:
        if sheet not in workbook.sheetnames:
            from ..names import did_you_mean

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


def _sheet_rows(worksheet: Any, table: Table, merged: dict[tuple[int, int], tuple[int, int]]):
    """Each non-empty row's cells; a cell inside a merged range takes the value of the
    range's first cell (a unit's name merged down over its rows is in each of them)."""
    firsts: dict[tuple[int, int], Any] = {}
    starts = set(merged.values())
    for row in worksheet.iter_rows():
        cells: list[Cell] = []
        for cell in row:
            number, col = getattr(cell, "row", None), getattr(cell, "column", None)
            if number is None or col is None:
                continue  # a gap in a row the streaming reader fills in
            value = cell.value
            if merged:
                if (number, col) in starts:
                    firsts[(number, col)] = value
                elif (origin := merged.get((number, col))) is not None:
                    value = firsts.get(origin)
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            if cell.data_type == "f" or (isinstance(value, str) and value.startswith("=")):
                table.problems.append(
                    table.problem(
                        number,
                        col,
                        f"the cell holds a formula ({_cut(str(value))}), which import does "
                        "not run; type the value itself",
                    )
                )
                continue
            cells.append(Cell(value, number, col))
        if cells:
            yield cells


def _cut(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+):([A-Z]+[0-9]+)"')


def _merged_ranges(path: Path, workbook: Any, title: str) -> dict[tuple[int, int], tuple[int, int]]:
    """(row, col) of every cell inside a merged range but its first → the first's.

    openpyxl's streaming reader does not report merged ranges; they are listed at the
    end of the sheet's XML (``<mergeCells>``, after the rows), so only its tail is read.
    """
    from openpyxl.utils.cell import coordinate_to_tuple

    member = _sheet_member(path, workbook, title)
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
    for first, last in _MERGE_RE.findall(data[start:]):
        r0, c0 = coordinate_to_tuple(first.decode())
        r1, c1 = coordinate_to_tuple(last.decode())
        if (r1 - r0 + 1) * (c1 - c0 + 1) > MAX_ROWS * 50:
            raise SheetError(f"{title}: a merged range covers too many cells")
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    out[(r, c)] = (r0, c0)
    return out


def _sheet_member(path: Path, workbook: Any, title: str) -> str | None:
    """The zip member that holds the sheet ``title``."""
    for ws, member in zip(workbook.worksheets, _sheet_parts(path), strict=False):
        if ws.title == title:
            return member
    return None


def _sheet_parts(path: Path) -> Iterator[str]:
    """The workbook's sheet parts, in the workbook's sheet order."""
    from openpyxl.reader.excel import ExcelReader

    reader = ExcelReader(str(path), read_only=True)
    reader.read_manifest()
    reader.read_workbook()
    for _, rel in reader.parser.find_sheets():
        yield rel.target.lstrip("/")
    reader.archive.close()


def date_of(value: Any) -> dt.date | None:
    """A workbook's date or datetime cell as a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None
