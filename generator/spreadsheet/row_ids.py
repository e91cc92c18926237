"""Each imported row's id: its id column, else a slug of its English title or name;
bad, repeated and (without ``--update``) existing ids are refused with the id rule's
message (``model.ids``).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from generator.check.problems import Problem
from generator.model.catalog import Catalog
from generator.model.ids import ID_RE, not_an_id

from .rows import Row


def slug(text: str) -> str:
    """An id made of the Latin letters and digits of ``text`` ('' when it has none)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(words) > 80:
        words = words[:81].rsplit("-", 1)[0]
    return words


def assign_ids(rows: list[Row], catalog: Catalog, root: Path, update: bool) -> list[Problem]:
    """Give each row its id (the id column, else a slug of the English title or name);
    refuse bad, repeated and (without ``update``) existing ones."""
    problems: list[Problem] = []
    first: dict[tuple[str, str], Row] = {}
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
                problems.append(table.problem(at.row, at.col, not_an_id(f"id '{row.id}'", fixed)))
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
