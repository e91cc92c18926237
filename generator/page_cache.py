"""Rendered pages kept between the builds of one ``mkdocs serve`` session.

A page is stored under its fingerprint (``fingerprint.py``): the next build links the
stored file into the fresh site folder instead of rendering the page again. Files are
written once and never changed, so the site and the cache may share them (hard links);
MkDocs removes the site's names before each build, never the shared data.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


class PageCache:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or Path(tempfile.mkdtemp(prefix="campaign-pages-"))
        self.folder.mkdir(parents=True, exist_ok=True)

    def _path(self, fingerprint: str) -> Path:
        return self.folder / fingerprint[:2] / f"{fingerprint}.html"

    def put(self, fingerprint: str, html: bytes) -> None:
        path = self._path(fingerprint)
        path.parent.mkdir(exist_ok=True)
        # Written under another name, then renamed: a reader never sees half a page.
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(html)
        os.replace(tmp, path)

    def restore(self, fingerprint: str, dest: str) -> bool:
        """Put the stored page at ``dest``; False when there is none."""
        src = self._path(fingerprint)
        if not src.is_file():
            return False
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        if os.path.lexists(dest):
            os.remove(dest)
        try:
            os.link(src, dest)
        except OSError:  # another file system, or links not allowed
            shutil.copyfile(src, dest)
        return True

    def prune(self, keep: set[str]) -> int:
        """Remove stored pages no longer in use; returns how many."""
        removed = 0
        for path in self.folder.glob("*/*.html"):
            if path.stem not in keep:
                path.unlink(missing_ok=True)
                removed += 1
        return removed

    def clear(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
