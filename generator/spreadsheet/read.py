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
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.check.problems import Problem
from generator.load.yaml_source import MAX_TEXT_CHARS

MAX_ROWS = 50_000
"""Rows of entries one import may hold (the campaign's largest push was about 500)."""
MAX_FILE_BYTES = 100_000_000
MAX_UNZIPPED_BYTES = 400_000_000
"""What a workbook may expand to: its parts are compressed XML, and a small file that
unpacks to gigabytes is an attack, not a catalog."""
SUFFIXES = (".xlsx", ".csv")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File: .xls, encrypted .xlsx
_PLAIN_SHEET = re.compile(r"[^\W\d]\w*")
_CELL_LIKE = re.compile(r"[A-Za-z]{1,3}[0-9]+|[Rr][0-9]*[Cc][0-9]*")
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
    with path.open("rb") as file:  # its start only: the file may be 100 MB
        return b"\x00" not in file.read(4096)


# -- CSV ----------------------------------------------------------------------------


def _decode(raw: bytes, shown: str) -> tuple[str, str]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            pass
    line = 1
    for codec, name in _ENCODINGS:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError as exc:
            if codec == "utf-8-sig":  # the line of the first byte that is not UTF-8
                line = raw.count(b"\n", 0, exc.start) + 1
            continue
        if codec == "utf-8-sig" and raw.startswith(b"\xef\xbb\xbf"):
            name = "UTF-8 with byte-order mark"
        return text, name
    raise SheetError(
        f"{shown}:{line}: the text is neither UTF-8 nor GB18030/GBK; save it as "
        "'CSV UTF-8 (comma delimited)'"
    )


def _read_csv(path: Path, shown: str) -> Table:
    text, encoding = _decode(path.read_bytes(), shown)
    if (nul := text.find("\x00")) >= 0:
        line = text.count("\n", 0, nul) + 1
        raise SheetError(f"{shown}:{line}: the file holds a NUL character, so it is not CSV text")
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    table = Table(shown, note=f"read {shown} as {encoding}")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, values in enumerate(reader, start=1):
            cells = []
            for col, value in enumerate(values, start=1):
                if not value.strip():
                    continue
                if value.startswith("="):  # as in a workbook; the export writes '=…
                    _formula(table, number, col, value)
                    continue
                cells.append(Cell(value, number, col))
            if cells:
                _add_row(table, cells)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise SheetError(
                f"{shown}:{reader.line_num}: a cell holds more than "
                f"{csv.field_size_limit():,} characters; at most {MAX_TEXT_CHARS:,} are allowed"
            ) from None
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
            table.refuse(
                cell.row,
                cell.col,
                f"the cell holds {len(cell.value):,} characters; at most "
                f"{MAX_TEXT_CHARS:,} are allowed",
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
            _add_row(table, cells)
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
                _formula(table, number, col, str(value))
                continue
            if (number, col) in starts:
                firsts[(number, col)] = value
            cells.append(Cell(value, number, col))
            own = own or origin is None
        if own:
            yield cells


def _formula(table: Table, row: int, col: int, text: str) -> None:
    table.refuse(
        row,
        col,
        f"the cell holds a formula ({_cut(text)}), which import does not run; type the "
        "value itself",
    )


def _cut(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


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
