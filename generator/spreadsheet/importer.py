"""Stage four of import: rows to catalog files, checked as `campaign validate` checks
them, written all together or not at all.

Each row becomes the plain data of one file, with the cell of every value noted, and
goes through the loader's own stage two (``placeholders.checked``: the models, then the
placeholder check) and the cross-file reference check, against the catalog as it would
be after the import. So a problem reads as `campaign validate` would put it, located
at its cell: ``demands.xlsx:Demands!C7: status: 'opened' is not allowed; …``.

Here: the steps in order, the header row and the reference check; each row's document
is ``rows``, its id ``row_ids``, the writing ``write_files``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.check.names import NameIndex, did_you_mean, normalized
from generator.check.problems import Problem, errors
from generator.check.references import check_references
from generator.model.catalog import Catalog, EntryType
from generator.model.source_doc import SourceDoc
from generator.pipeline import Options, check

from .columns import columns, derived_names, header_table, type_named
from .read import read_table
from .row_ids import assign_ids
from .rows import Row, at_cell, label_data, row_document, rows_of
from .table import Cell, SheetError, Table
from .write_files import Planned, plan


class ImportError_(Exception):
    """The import cannot start; the message says why."""


@dataclass
class Source:
    """One file to import: where it is, how messages name it, what it holds."""

    path: Path
    shown: str
    entry_type: EntryType | None = None


@dataclass
class Outcome:
    planned: list[Planned] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows: int = 0


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
    rows = [row for t in tables for row in rows_of(*t)]
    outcome.rows = len(rows)
    names = NameIndex.of(catalog)
    outcome.problems += assign_ids(rows, catalog, root, update)
    for row in rows:
        if row.id:
            names.add(row.entry_type.plural, row.id, label_data(row))
    # every row, one without a usable id too, and the references of rows with other
    # errors: every problem is reported at once, as `campaign validate` does
    for row in rows:
        outcome.problems += row_document(row, names)
    outcome.problems += _references(rows, catalog)
    if errors(outcome.problems):
        return outcome
    outcome.planned = [plan(row, root, catalog_dir) for row in rows]
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
                hint = did_you_mean(_close(text, known))
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


def _close(text: str, known: dict[str, str]) -> list[str]:
    import difflib

    close = difflib.get_close_matches(normalized(text), list(known), n=1, cutoff=0.6)
    return [known[close[0]]] if close else []


def _references(rows: list[Row], catalog: Catalog) -> list[Problem]:
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
    return [at_cell(by_path[p.path], p) if p.path in by_path else p for p in problems]
