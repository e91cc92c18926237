"""Keep the previous build's catalog folders while `mkdocs serve` rebuilds.

MkDocs empties the site folder before every build, and on a large catalog deleting and
re-creating tens of thousands of page folders takes longer than rendering the few pages
an edit changes. While serving, the plugin therefore moves the old site aside (one
rename), lets MkDocs build into the empty folder, and moves the catalog's folders and
the search index back (one rename each). Pages whose fingerprint did not change are
then left as they are; files that no longer belong to the site are removed at the end.
The old site's remaining files are deleted in the background.

Only `mkdocs serve` does this: `mkdocs build` and `campaign build` start from nothing.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterable


class SiteReuse:
    def __init__(self) -> None:
        self.old: str | None = None
        self.moved: list[str] = []
        self.started = 0.0

    def set_aside(self, site_dir: str) -> None:
        """Move the last build out of ``site_dir``, leaving it empty for MkDocs."""
        self.old, self.moved, self.started = None, [], time.time()
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

    def bring_back(self, site_dir: str, folders: Iterable[str]) -> list[str]:
        """Move ``folders`` (relative to the site) of the last build back into
        ``site_dir``; returns those that were moved."""
        if self.old is None:
            return []
        for folder in sorted(set(folders)):
            src = os.path.join(self.old, "site", folder)
            dest = os.path.join(site_dir, folder)
            if os.path.isdir(src) and not os.path.lexists(dest):
                os.makedirs(os.path.dirname(dest), exist_ok=True)
                os.rename(src, dest)
                self.moved.append(folder)
        return list(self.moved)

    def sweep(self, site_dir: str, keep: set[str]) -> int:
        """Remove the files of the moved-back folders that this build neither wrote nor
        kept (a deleted entry's page, a listing page that no longer exists)."""
        removed = 0
        for folder in self.moved:
            for base, _dirs, names in os.walk(os.path.join(site_dir, folder)):
                for name in names:
                    path = os.path.join(base, name)
                    if path in keep:
                        continue
                    try:
                        if os.stat(path).st_mtime < self.started:
                            os.remove(path)
                            removed += 1
                    except OSError:
                        continue
        return removed

    def discard(self) -> None:
        """Delete what is left of the last build, without making the rebuild wait."""
        old, self.old = self.old, None
        if old is not None:
            threading.Thread(target=shutil.rmtree, args=(old, True), daemon=True).start()
