"""Stage one of import: a spreadsheet file to a table of cells, each knowing its place.

A workbook (.xlsx) is read with openpyxl, which never evaluates formulas: a formula
cell comes back as its text and is refused. A CSV file is UTF-8 (with or without the
byte-order mark Excel writes), UTF-16 (Excel's "Unicode text"), or GB18030, the
superset of GBK that Excel uses on Chinese Windows. Anything else (a macro workbook, a
password-protected one, an old .xls, a file whose content is not what its name says, a
table too large) is refused with one message, before any row is read.

Here: which reader a file gets, and what is refused before it is opened; the readers
are ``csv_reader`` and ``workbook_reader``, the table they fill is ``table``.
"""

from __future__ import annotations

from pathlib import Path

from .csv_reader import read_csv
from .table import SheetError, Table
from .workbook_reader import read_xlsx

MAX_FILE_BYTES = 100_000_000
SUFFIXES = (".xlsx", ".csv")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File: .xls, encrypted .xlsx


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
        return read_csv(path, shown)
    if not head.startswith(_ZIP_MAGIC):
        raise SheetError(
            f"{shown}: this is not an Excel workbook (.xlsx) but "
            f"{'text' if _looks_like_text(path) else 'some other file'}; "
            "save the sheet as .xlsx, or name a CSV file .csv"
        )
    return read_xlsx(path, shown, sheet)


def _looks_like_text(path: Path) -> bool:
    with path.open("rb") as file:  # its start only: the file may be 100 MB
        return b"\x00" not in file.read(4096)
