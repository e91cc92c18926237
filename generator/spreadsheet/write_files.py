"""The files an import writes: each row's new file, or the update of an existing one in
its own layout (``yaml_text``), written all together or not at all.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from . import yaml_text
from .rows import Row


@dataclass
class Planned:
    """A file the import writes."""

    path: Path
    rel: str
    text: str
    old_text: str | None = None
    """The file's text before, for an update; None for a new file."""


def plan(row: Row, root: Path, catalog_dir: str) -> Planned:
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
