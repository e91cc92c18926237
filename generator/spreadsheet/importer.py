"""Stage four of import: rows to catalog files, checked as `campaign validate` checks
them, written all together or not at all.

Each row becomes the plain data of one file, with the cell of every value noted, and
goes through the loader's own stage two (``placeholders.checked``: the models, then the
placeholder check) and the cross-file reference check, against the catalog as it would
be after the import. So a problem reads as `campaign validate` would put it, located
at its cell: ``demands.xlsx:Demands!C7: status: 'opened' is not allowed; …``.
"""

from __future__ import annotations

import copy
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.check.names import NameIndex, did_you_mean, normalized
from generator.check.placeholders import checked
from generator.check.problems import Problem, errors
from generator.check.references import check_references
from generator.load.yaml_source import Loc, SourceDoc
from generator.model.catalog import Catalog, EntryType
from generator.model.formats import ID_PATTERN
from generator.pipeline import Options, check

from . import yaml_text
from .cells import PRECISION_OF, cell_value, kind_of, text_of
from .columns import columns, derived_names, header_table, type_named
from .read import Cell, SheetError, Table, read_table

ID_RE = re.compile(ID_PATTERN)
# Cells that name the entry, for references to it from other rows of the same import.
_LABELS = {"title", "name", "short_name", "zh.title", "zh.name", "zh.short_name"}


class ImportError_(Exception):
    """The import cannot start; the message says why."""


@dataclass
class Source:
    """One file to import: where it is, how messages name it, what it holds."""

    path: Path
    shown: str
    entry_type: EntryType | None = None


@dataclass
class Planned:
    """A file the import writes."""

    path: Path
    rel: str
    text: str
    old_text: str | None = None
    """The file's text before, for an update; None for a new file."""


@dataclass
class Outcome:
    planned: list[Planned] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows: int = 0


@dataclass
class _Row:
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


def slug(text: str) -> str:
    """An id made of the Latin letters and digits of ``text`` ('' when it has none)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(words) > 80:
        words = words[:81].rsplit("-", 1)[0]
    return words


def import_sheets(
    sources: list[Source],
    root: Path,
    *,
    catalog_dir: str = "catalog",
    docs_dir: str = "content",
    news_dir: str = "news",
    sheet: str | None = None,
    update: bool = False,
) -> Outcome:
    """Read, convert and check every row of ``sources``; the files to write, or the
    problems (then nothing is to be written). Raises ImportError_ when it cannot start."""
    checked = check(root, Options(catalog_dir=catalog_dir, docs_dir=docs_dir, news_dir=news_dir))
    catalog, found = checked.catalog, checked.problems
    if errors(found):
        raise ImportError_(
            "the catalog has errors; fix them first (`campaign validate` lists them):\n"
            + "\n".join(p.format_text() for p in errors(found)[:20])
        )
    outcome = Outcome()
    tables: list[tuple[Table, EntryType, dict[int, str]]] = []
    for source in sources:
        try:
            table = read_table(source.path, source.shown, sheet)
        except SheetError as exc:
            raise ImportError_(str(exc)) from None
        entry_type = source.entry_type or type_named(source.path.name)
        if entry_type is None and table.sheet:
            entry_type = type_named(table.sheet)
        if entry_type is None:
            raise ImportError_(
                f"{source.shown}: which type of entry does it hold? Say so with --type "
                "(resources, demands, projects, organizations or conferences)"
            )
        outcome.notes.append(f"{table.note}: {entry_type.plural}")
        outcome.problems += table.problems
        header, found = _header(table, entry_type)
        outcome.problems += found
        tables.append((table, entry_type, header))
    # the rows are checked under the columns that are known, whatever is wrong with
    # the others: every problem is reported at once
    rows = [row for t in tables for row in _rows(*t)]
    outcome.rows = len(rows)
    names = NameIndex.of(catalog)
    outcome.problems += _ids(rows, catalog, root, update)
    for row in rows:
        if row.id:
            names.add(row.entry_type.plural, row.id, _label_data(row))
    # every row, one without a usable id too, and the references of rows with other
    # errors: every problem is reported at once, as `campaign validate` does
    for row in rows:
        outcome.problems += _document(row, names)
    outcome.problems += _references(rows, catalog)
    if errors(outcome.problems):
        return outcome
    outcome.planned = [_plan(row, root, catalog_dir) for row in rows]
    return outcome


def _header(table: Table, entry_type: EntryType) -> tuple[dict[int, str], list[Problem]]:
    """Column number → key; unknown and repeated columns are problems."""
    problems: list[Problem] = []
    if not table.rows:
        return {}, [table.problem(1, 1, "the sheet is empty: it needs a header row")]
    known = header_table(entry_type)
    derived = {normalized(n) for n in derived_names(entry_type)}
    header: dict[int, str] = {}
    seen: dict[str, Cell] = {}
    for cell in table.rows[0]:
        text = str(cell.value).strip()
        key = known.get(normalized(text))
        if key is None:
            if normalized(text) not in derived:
                allowed = [c.key for c in columns(entry_type)]
                hint = did_you_mean(_close(text, known, allowed))
                tail = "" if hint else f" (columns of {entry_type.plural}: {', '.join(allowed)})"
                problems.append(
                    table.problem(cell.row, cell.col, f"unknown column '{text}'{hint}{tail}")
                )
            continue
        if key in seen:
            other = table.place(seen[key].row, seen[key].col)
            problems.append(
                table.problem(cell.row, cell.col, f"column '{key}' appears twice (also at {other})")
            )
            continue
        seen[key] = cell
        header[cell.col] = key
    return header, problems


def _close(text: str, known: dict[str, str], allowed: list[str]) -> list[str]:
    import difflib

    close = difflib.get_close_matches(normalized(text), list(known), n=1, cutoff=0.6)
    return [known[close[0]]] if close else []


def _rows(table: Table, entry_type: EntryType, header: dict[int, str]) -> list[_Row]:
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
                _Row(table, entry_type, keyed, cells[0], refused=refused.get(cells[0].row, []))
            )
    return rows


def _is_label_row(cells: list[Cell], header: dict[int, str], entry_type: EntryType) -> bool:
    table = header_table(entry_type)
    return all(
        c.col in header and table.get(normalized(str(c.value))) == header[c.col] for c in cells
    )


def _label_data(row: _Row) -> dict[str, Any]:
    data: dict[str, Any] = {"zh": {}}
    for key, cell in row.cells:
        if key in _LABELS:
            if key.startswith("zh."):
                data["zh"][key[3:]] = str(cell.value)
            else:
                data[key] = str(cell.value)
    return data


def _ids(rows: list[_Row], catalog: Catalog, root: Path, update: bool) -> list[Problem]:
    """Give each row its id (the id column, else a slug of the English title or name);
    refuse bad, repeated and (without ``update``) existing ones."""
    problems: list[Problem] = []
    first: dict[tuple[str, str], _Row] = {}
    existing = {(plural, doc.id): doc for plural, docs in catalog.docs.items() for doc in docs}
    for row in rows:
        by_key = dict(row.cells)
        table = row.table
        id_cell = by_key.get("id")
        title_key = "name" if "name" in row.entry_type.model.model_fields else "title"
        title_cell = by_key.get(title_key)
        at = id_cell or title_cell or row.start
        if id_cell is not None:
            row.id = str(id_cell.value).strip()
            if not ID_RE.match(row.id):
                fixed = slug(row.id) or "my-entry"
                problems.append(
                    table.problem(
                        at.row,
                        at.col,
                        f"id '{row.id}' is not a valid id: use lowercase letters a-z, digits "
                        "and hyphens, starting with a letter or digit, at most 80 characters "
                        f"(e.g. '{fixed}')",
                    )
                )
                row.id = ""
                continue
        elif title_cell is not None:
            row.id = slug(str(title_cell.value))
            if not row.id:
                problems.append(
                    table.problem(
                        at.row,
                        at.col,
                        f"no id: the {title_key} has no Latin letters or digits to make one "
                        "from; add an 'id' column and give this row an id (lowercase letters "
                        "a-z, digits and hyphens, e.g. 'unit-sensor-calibration')",
                    )
                )
                continue
        else:
            problems.append(
                table.problem(
                    at.row,
                    at.col,
                    f"no id: add an 'id' column, or a '{title_key}' to make the id from",
                )
            )
            continue
        key = (row.entry_type.plural, row.id)
        if key in first:
            other = first[key]
            where = f"{other.table.path}:{other.table.place(other.start.row, other.start.col)}"
            problems.append(
                table.problem(at.row, at.col, f"id '{row.id}' is also the id of the row at {where}")
            )
            row.id = ""
            continue
        first[key] = row
        if key in existing:
            # checked as the update it would be, so its other problems show too
            row.existing = existing[key]
            if not update:
                problems.append(
                    table.problem(
                        at.row,
                        at.col,
                        f"id '{row.id}' already exists: {existing[key].path}; use --update "
                        "to change that entry, or give this row another id",
                    )
                )
                row.id = ""  # refused: nothing planned for it, nothing named by it
    return problems


def _document(row: _Row, names: NameIndex) -> list[Problem]:
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
    return [_at_cell(row.table, p) for p in problems]


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


def _at_cell(table: Table, problem: Problem) -> Problem:
    return table.problem(problem.line, problem.col, problem.message)


def _references(rows: list[_Row], catalog: Catalog) -> list[Problem]:
    """The reference check of `campaign validate`, on the imported rows, against the
    catalog as it would be after the import."""
    after = Catalog(taxonomy=catalog.taxonomy, taxonomy_doc=catalog.taxonomy_doc)
    replaced = {(r.entry_type.plural, r.id) for r in rows if r.existing is not None}
    imported: dict[str, list[SourceDoc]] = {}
    for plural, docs in catalog.docs.items():
        after.docs[plural] = [d for d in docs if (plural, d.id) not in replaced]
        after.file_ids[plural] = set(catalog.file_ids[plural])
    by_path: dict[str, Table] = {}
    for row in rows:
        assert row.doc is not None
        if row.id:  # a row without a usable id is checked, but names nothing
            after.docs[row.entry_type.plural].append(row.doc)
            after.file_ids[row.entry_type.plural].add(row.id)
        imported.setdefault(row.entry_type.plural, []).append(row.doc)
        by_path[row.table.path] = row.table
    problems = check_references(after, imported)
    return [_at_cell(by_path[p.path], p) if p.path in by_path else p for p in problems]


def _plan(row: _Row, root: Path, catalog_dir: str) -> Planned:
    assert row.doc is not None
    data = row.doc.data
    if row.existing is not None:
        path = root / row.existing.path
        old = path.read_text(encoding="utf-8")
        text = yaml_text.updated_text(row.entry_type, row.existing, data, row.changed)
        return Planned(path, row.existing.path, text, old)
    rel = f"{catalog_dir}/{row.entry_type.folder}/{row.id}.yaml"
    return Planned(root / rel, rel, yaml_text.file_text(row.entry_type, data))


def write_all(planned: list[Planned]) -> None:
    """Write every planned file, or none: each is first written next to its place,
    then all are moved into place; if one move fails, the others are undone."""
    temps: list[tuple[Planned, Path]] = []
    try:
        for item in planned:
            item.path.parent.mkdir(parents=True, exist_ok=True)
            temp = item.path.with_name(f".{item.path.name}.importing")
            temp.write_text(item.text, encoding="utf-8")
            temps.append((item, temp))
        done: list[Planned] = []
        try:
            for item, temp in temps:
                os.replace(temp, item.path)
                done.append(item)
        except OSError:
            for item in done:
                if item.old_text is None:
                    item.path.unlink(missing_ok=True)
                else:
                    item.path.write_text(item.old_text, encoding="utf-8")
            raise
    finally:
        for _, temp in temps:
            temp.unlink(missing_ok=True)
