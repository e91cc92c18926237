"""Keep the previous build's catalog folders while `mkdocs serve` rebuilds.

MkDocs empties the site folder before every build, and on a large catalog deleting and
re-creating tens of thousands of page folders takes longer than rendering the few pages
an edit changes. While serving, the plugin therefore moves the old site aside (one
rename), lets MkDocs build into the empty folder, and moves the catalog's folders and
the search index back (one rename each). Pages whose fingerprint did not change are
then left as they are; files the last build wrote and this one did not are removed at
the end.
The old site's remaining files are deleted in the background.

Only `mkdocs serve` does this: `mkdocs build` and `campaign build` start from nothing.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Iterable


class SiteReuse:
    def __init__(self) -> None:
        self.old: str | None = None
        self.moved: list[str] = []
        self.written: set[str] = set()
        """Every file the last finished build wrote or kept (``sweep``)."""
        self._back: tuple[str, ...] = ()
        """The folders moved back, as absolute paths ending in a separator."""

    def set_aside(self, site_dir: str) -> None:
        """Move the last build out of ``site_dir``, leaving it empty for MkDocs."""
        self.old, self.moved, self._back = None, [], ()
        if not os.path.isdir(site_dir) or not os.listdir(site_dir):
            return
        parent = os.path.dirname(os.path.abspath(site_dir))
        try:
            holder = tempfile.mkdtemp(prefix=".campaign-previous-", dir=parent)
            os.rename(site_dir, os.path.join(holder, "site"))
            os.mkdir(site_dir)
        except OSError:  # a read-only parent, another file system: build as MkDocs does
            return
        self.old = holder

    def bring_back(self, site_dir: str, folders: Iterable[str]) -> None:
        """Move ``folders`` (relative to the site) of the last build back into
        ``site_dir``."""
        if self.old is None:
            return
        for folder in sorted(set(folders)):
            src = os.path.join(self.old, "site", folder)
            dest = os.path.join(site_dir, folder)
            if os.path.isdir(src) and not os.path.lexists(dest):
                os.makedirs(os.path.dirname(dest), exist_ok=True)
                os.rename(src, dest)
                self.moved.append(folder)
        site = os.path.normpath(site_dir)  # as MkDocs's File.abs_dest_path has it
        self._back = tuple(os.path.join(site, f) + os.sep for f in self.moved)

    def kept(self, path: str) -> bool:
        """Whether the file ``path`` (absolute, in a folder of ``bring_back``) is in the
        site folder as the last build left it: that build wrote or kept it, and its
        folder came back. A preview asks for each of tens of thousands of pages, which
        asking the file system would make a good part of a rebuild."""
        return path in self.written and path.startswith(self._back)

    def bring_back_files(self, site_dir: str, paths: Iterable[str]) -> bool:
        """Move the files ``paths`` (relative to the site) of the last build back into
        ``site_dir``, where their folder did not come back with them already; whether
        all of them are back."""
        if self.old is None:
            return False
        for path in paths:
            src = os.path.join(self.old, "site", path)
            dest = os.path.join(site_dir, path)
            if os.path.lexists(dest):  # MkDocs wrote nothing yet: its folder came back
                continue
            if not os.path.isfile(src):
                return False
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            os.rename(src, dest)
        return True

    def sweep(self, site_dir: str, written: set[str]) -> int:
        """Remove the files of the moved-back folders that the last build wrote and this
        one did not (a deleted entry's page, a listing page that no longer exists).
        ``written``: every file this build wrote or kept."""
        folders = tuple(os.path.join(site_dir, f) + os.sep for f in self.moved)
        removed = 0
        for path in self.written - written:
            if path.startswith(folders):
                try:
                    os.remove(path)
                    removed += 1
                except OSError:
                    continue
        self.written = written
        return removed

    def discard(self) -> None:
        """Delete what is left of the last build, without making the rebuild wait."""
        old, self.old = self.old, None
        if old is not None:
            threading.Thread(target=shutil.rmtree, args=(old, True), daemon=True).start()
