"""The built site's size against a budget: GitHub Pages publishes sites of at most 1 GB.

Sizes are decimal, as GitHub states its limit: 1 MB is 1,000,000 bytes and 1 KB is
1,000 bytes, in ``site_budget_mb`` and in every figure here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

MB = 1_000_000
"""Bytes in a megabyte (decimal, as GitHub Pages' 1 GB limit)."""
KB = 1_000
"""Bytes in a kilobyte."""
TOP_LEVEL = "(top-level files)"
"""The name given to the files directly in the site folder."""
LARGEST = 5
"""Folders named when the site is over budget."""
SPLIT = "zh"
"""A top-level folder measured by its subfolders (the Chinese site mirrors the English)."""


@dataclass
class FolderSize:
    """What one folder of the site holds, subfolders included."""

    name: str
    """``resources/``, ``zh/resources/``; ``zh/`` for the files directly in zh/."""
    bytes: int = 0
    files: int = 0
    pages: int = 0
    """HTML pages: the folder's ``index.html`` files."""


@dataclass
class SiteSize:
    """A built site's size: in all, and per folder (top-level, and second-level in zh/)."""

    bytes: int = 0
    files: int = 0
    folders: dict[str, FolderSize] = field(default_factory=dict)

    def largest(self, n: int = LARGEST) -> list[FolderSize]:
        """The ``n`` largest folders, largest first (by name when the same size)."""
        return sorted(self.folders.values(), key=lambda f: (-f.bytes, f.name))[:n]


def _folder_of(parts: tuple[str, ...]) -> str:
    if len(parts) == 1:
        return TOP_LEVEL
    if parts[0] == SPLIT and len(parts) > 2:
        return f"{parts[0]}/{parts[1]}/"
    return f"{parts[0]}/"


def measure(site_dir: Path) -> SiteSize:
    """Bytes, files and pages of the site in ``site_dir``, in all and per folder."""
    size = SiteSize()
    for path in site_dir.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        parts = path.relative_to(site_dir).parts
        name = _folder_of(parts)
        folder = size.folders.setdefault(name, FolderSize(name))
        count = path.stat().st_size
        size.bytes += count
        size.files += 1
        folder.bytes += count
        folder.files += 1
        if parts[-1] == "index.html":
            folder.pages += 1
    return size


def _figure(value: float) -> str:
    """Three significant figures, whole numbers from 100 up: 1,234; 41.3; 0.412."""
    if value >= 100:
        return f"{value:,.0f}"
    if value == 0:
        return "0"
    if value < 0.001:
        return "<0.001"
    return f"{value:.3g}"


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def describe(folder: FolderSize) -> str:
    """``resources/ 412 MB in 10,000 pages (41.2 KB a page)``: per page where the
    folder has pages, else per file."""
    unit, count = ("page", folder.pages) if folder.pages else ("file", folder.files)
    each = folder.bytes / count / KB if count else 0
    return (
        f"{folder.name} {_figure(folder.bytes / MB)} MB in {_plural(count, unit)} "
        f"({_figure(each)} KB a {unit})"
    )


def summary(size: SiteSize, budget_mb: float) -> str:
    """``Site: 12.3 MB in 1,234 files (budget 1,000 MB)``."""
    return (
        f"Site: {_figure(size.bytes / MB)} MB in {_plural(size.files, 'file')} "
        f"(budget {budget_mb:,g} MB)"
    )


def over_budget(size: SiteSize, budget_mb: float) -> str | None:
    """The message when the site is larger than ``budget_mb`` megabytes, else None."""
    if size.bytes <= budget_mb * MB:
        return None
    largest = ", ".join(describe(f) for f in size.largest())
    return (
        f"The site is {_figure(size.bytes / MB)} MB, over site_budget_mb "
        f"({budget_mb:,g} MB): GitHub Pages publishes at most 1 GB. "
        f"Largest folders: {largest}."
    )
