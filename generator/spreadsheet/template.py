"""`campaign import --template TYPE OUT.xlsx`: an empty workbook to fill in.

Three sheets. The first, named after the type ('demands'), has the column keys in row 1
and their Chinese names in row 2 (the import skips that row as a label row), a note on
each header cell, and drop-down lists. The second, 'lists', holds what the drop-downs
offer: the ids and names of the catalog's organizations, fields, conferences and
projects, and the allowed values of each choice. The third explains how to fill it in.

The drop-downs only suggest: a name or a label may be typed instead, and a list cell
may hold several values, so Excel is told not to refuse other text; the import reads
and checks every cell.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.check.problems import errors
from generator.model.catalog import Catalog, EntryType
from generator.pipeline import Options, check

from . import template_text as words
from .cells import kind_of
from .columns import Column, columns

FIRST_ROW, LAST_ROW = 3, 1002
"""The rows a person fills in, which the drop-downs cover."""
LISTS = "lists"
INSTRUCTIONS = "instructions"
_GREY = "808080"
_WIDE = {"title", "name", "summary", "zh.title", "zh.name", "zh.summary"}


class TemplateError(Exception):
    """The template cannot be written; the message says why."""


def template_columns(entry_type: EntryType) -> list[Column]:
    """The columns of the template: every column but ``zh`` (the export's JSON of the
    Chinese texts), whose keys have a column each (``zh.title`` …)."""
    return [c for c in columns(entry_type) if c.key != "zh"]


def write_template(entry_type: EntryType, out: Path, *, root: Path, catalog_dir: str) -> None:
    """Write the workbook for ``entry_type`` to ``out`` (an .xlsx file that must not
    exist yet), with the lists of the catalog at ``root``. Raises TemplateError."""
    from openpyxl import Workbook

    if out.suffix.lower() != ".xlsx":
        raise TemplateError(f"{out}: the template is an Excel workbook; name it .xlsx")
    if out.exists():
        raise TemplateError(f"{out} exists; remove it or give another file name")
    checked = check(root, Options(catalog_dir=catalog_dir))
    catalog, found = checked.catalog, checked.problems
    if errors(found):
        raise TemplateError(
            "the catalog has errors, so its lists would be incomplete; fix them first "
            "(`campaign validate` lists them)"
        )
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = entry_type.plural
    ranges = _write_lists(workbook.create_sheet(LISTS), entry_type, catalog)
    _write_entries(sheet, entry_type, ranges)
    _write_instructions(workbook.create_sheet(INSTRUCTIONS), entry_type)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        workbook.save(out)
    except OSError as exc:
        raise TemplateError(f"cannot write {out}: {exc.strerror}") from None


def _list_rows(entry_type: EntryType, key: str, catalog: Catalog) -> tuple[str, list[tuple]]:
    """(name of the list, its rows of value, English, Chinese) for a column; ('', [])
    for a column without a drop-down."""
    kind = kind_of(entry_type, key)
    if kind.name == "ref":
        if kind.folder == "fields":
            return "fields", [(i, f.name, f.name_zh or "") for i, f in catalog.fields.items()]
        entries = sorted(catalog.entries[kind.folder].values(), key=lambda e: e.id)
        rows = []
        for entry in entries:
            zh = getattr(entry.model, "zh", None)
            english = getattr(entry.model, "name", None) or entry.model.title
            chinese = (getattr(zh, "name", None) or getattr(zh, "title", None)) if zh else None
            rows.append((entry.id, english, chinese or ""))
        return kind.folder, rows
    return (key, words.choices(entry_type, key)) if kind.name in ("enum", "bool") else ("", [])


def _write_lists(sheet: Any, entry_type: EntryType, catalog: Catalog) -> dict[str, str]:
    """One block of three columns (value, English, 中文) per list the type's columns use;
    column key → the range of values its drop-down offers."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter, quote_sheetname

    ranges: dict[str, str] = {}
    placed: dict[str, str] = {}
    col = 1
    for key in (c.key for c in template_columns(entry_type)):
        name, rows = _list_rows(entry_type, key, catalog)
        if not rows:
            continue
        if name not in placed:
            heads = (f"{name} (id)" if name in words.FOLDERS else name, "English", "中文")
            for offset, head in enumerate(heads):
                sheet.cell(1, col + offset, head).font = Font(bold=True)
                width = 22 if offset == 0 else 44 if name in words.FOLDERS else 22
                sheet.column_dimensions[get_column_letter(col + offset)].width = width
            for number, row in enumerate(rows, start=2):
                for offset, value in enumerate(row):
                    sheet.cell(number, col + offset, value)
            letter = get_column_letter(col)
            placed[name] = f"{quote_sheetname(LISTS)}!${letter}$2:${letter}${len(rows) + 1}"
            col += 4  # three columns and a gap
        ranges[key] = placed[name]
    sheet.freeze_panes = "A2"
    return ranges


def _write_entries(sheet: Any, entry_type: EntryType, ranges: dict[str, str]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    for col, column in enumerate(template_columns(entry_type), start=1):
        key, letter = column.key, get_column_letter(col)
        head = sheet.cell(1, col, key)
        head.font = Font(bold=True)
        text = words.comment(entry_type, key)
        note = Comment(text, "campaign")
        note.width, note.height = 420, 40 + 18 * (len(text) // 60 + text.count("\n"))
        head.comment = note
        alias = sheet.cell(2, col, column.aliases[0] if column.aliases else None)
        alias.font = Font(italic=True, color=_GREY)
        alias.alignment = Alignment(vertical="top")
        kind = kind_of(entry_type, key)
        wide = kind.name == "markdown" or key in _WIDE
        width = 48 if wide else 30 if kind.many else max(14, len(key) + 4)
        sheet.column_dimensions[letter].width = width
        if key in ranges:
            check = DataValidation(
                type="list",
                formula1=ranges[key],
                allow_blank=True,
                # a name, a label or several values may be typed: the import checks them
                showErrorMessage=False,
                showInputMessage=True,
                promptTitle=key[:32],
                prompt=words.prompt(entry_type, key),
            )
            check.add(f"{letter}{FIRST_ROW}:{letter}{LAST_ROW}")
            sheet.add_data_validation(check)
    sheet.freeze_panes = f"A{FIRST_ROW}"


def _write_instructions(sheet: Any, entry_type: EntryType) -> None:
    from openpyxl.styles import Alignment, Font

    sheet.column_dimensions["A"].width = 80
    sheet.column_dimensions["B"].width = 60
    for number, (english, chinese) in enumerate(words.instructions(entry_type), start=1):
        for col, text in ((1, english), (2, chinese)):
            cell = sheet.cell(number, col, text)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if number == 1:
                cell.font = Font(bold=True, size=13)
