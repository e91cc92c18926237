"""Symbolic links in the project's source folders, which must not lead out of them.

MkDocs copies every file of the docs folder into the site and follows symbolic links
(also into linked folders), and the loader reads every YAML file of the catalog. A
pull request can add a link, so a link to `/proc/self/environ` or to `.git/config`
(where a CI checkout keeps its token) would publish that file, or print parts of it in
validation messages. A link is fine only when it stays inside the folder it is in.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.check.problems import Problem


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def escaping_links(root: Path, folder: Path) -> tuple[list[Problem], set[Path]]:
    """Links under ``folder`` that resolve outside it (or nowhere), as problems, and
    their paths, which callers skip. Linked folders are reported, never walked."""
    problems: list[Problem] = []
    bad: set[Path] = set()
    if not folder.is_dir():
        return problems, bad
    inside = folder.resolve()
    for path in map(Path, _links(str(folder))):
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):  # dangling, or a loop of links
            target = None
        if target is not None and target.is_relative_to(inside):
            continue
        bad.add(path)
        where = "to nothing" if target is None else f"outside {_rel(folder, root)}/"
        problems.append(
            Problem(
                _rel(path, root),
                1,
                1,
                f"symbolic link to {os.readlink(path)!r} leads {where}; the site uses "
                "only files inside that folder, so put the file itself here",
            )
        )
    return problems, bad


def _links(folder: str) -> list[str]:
    """Paths of the symbolic links under ``folder``; linked folders are not entered.

    The walk of ``os.walk(folder)``, but a directory entry tells whether it is a link
    without a system call per file, which counts at tens of thousands of files.
    """
    links: list[str] = []
    stack = [folder]
    while stack:
        try:
            entries = os.scandir(stack.pop())
        except OSError:
            continue  # as os.walk: a folder that cannot be listed is left out
        with entries:
            for entry in entries:
                try:
                    if entry.is_symlink():
                        links.append(entry.path)
                    elif entry.is_dir():
                        stack.append(entry.path)
                except OSError:
                    continue
    return sorted(links)
