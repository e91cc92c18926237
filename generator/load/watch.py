"""Notice edits to the catalog during `mkdocs serve` without polling it.

MkDocs watches folders by polling: every half second it lists and stats every file
under them. For a catalog of ten thousand files that is a third of a core, taken from
the rebuild it is waiting for. Here the operating system reports changes instead
(inotify, FSEvents… through watchdog's native observer); each change is passed on to
MkDocs by touching one small file in a folder MkDocs polls.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

# Changes only: the build reads every catalog file, and being told of each read would keep
# the watching thread busy while the rebuild runs.
CHANGES: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileDeletedEvent,
    FileMovedEvent,
    FileClosedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]


class _Relay(FileSystemEventHandler):
    def __init__(self, signal: Path) -> None:
        self.signal = signal
        self.count = 0
        self.lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory and event.event_type == "modified":
            return
        with self.lock:
            self.count += 1
            # the size changes with each count, so a poll sees it however coarse the
            # file system's clock
            self.signal.write_text("changed " * (self.count % 7 + 1), encoding="utf-8")


class CatalogWatch:
    """Relays changes under ``folder`` to the file ``signal_dir / 'changed'``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.signal_dir = Path(tempfile.mkdtemp(prefix="campaign-watch-"))
        self._observer: Any = None

    def start(self) -> bool:
        """Start watching; False when the system cannot (then poll the folder)."""
        signal = self.signal_dir / "changed"
        signal.write_text("", encoding="utf-8")
        observer = Observer()
        try:
            observer.schedule(
                _Relay(signal), str(self.folder), recursive=True, event_filter=CHANGES
            )
            observer.daemon = True
            observer.start()
        except OSError:  # e.g. the limit on inotify watches is reached
            return False
        self._observer = observer
        return True

    def stop(self) -> None:
        if self._observer is not None:
            self._observer.stop()
            self._observer = None
        shutil.rmtree(self.signal_dir, ignore_errors=True)
