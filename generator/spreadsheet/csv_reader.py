"""A CSV file to a table: UTF-8 (with or without the byte-order mark Excel writes),
UTF-16 (Excel's "Unicode text") or GB18030, the superset of GBK that Excel uses on
Chinese Windows; the delimiter is the one the header row uses most.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from generator.load.yaml_walker import MAX_TEXT_CHARS

from .table import Cell, SheetError, Table, add_row, refuse_formula

_ENCODINGS = (("utf-8-sig", "UTF-8"), ("gb18030", "GB18030 (GBK)"))


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


def read_csv(path: Path, shown: str) -> Table:
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
                    refuse_formula(table, number, col, value)
                    continue
                cells.append(Cell(value, number, col))
            if cells:
                add_row(table, cells)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise SheetError(
                f"{shown}:{reader.line_num}: a cell holds more than "
                f"{csv.field_size_limit():,} characters; at most {MAX_TEXT_CHARS:,} are allowed"
            ) from None
        raise SheetError(f"{shown}:{reader.line_num}: not valid CSV: {exc}") from None
    return table
