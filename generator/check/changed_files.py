"""Validate what a pull request touches: the changed files and the files that name them.

The whole catalog is still loaded (a reference can only be checked against all ids), but
only the problems of the selected files are reported. A file is selected when it changed,
or when it names an id whose file changed: deleting or renaming an organization breaks
the entries that name it, and they are reported although nobody edited them.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.check.problems import Problem
from generator.check.references import named_ids
from generator.load.loader import YAML_SUFFIXES
from generator.model.catalog import ENTRY_TYPES, Catalog
from generator.model.source_doc import SourceDoc


class GitError(Exception):
    """Git could not list the changed files; the message says why."""


def _git(root: Path, *args: str) -> list[str]:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except FileNotFoundError as exc:
        raise GitError("git is not installed or not on PATH") from exc
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[0] if message else f"git {args[0]} failed")
    return [p for p in result.stdout.decode("utf-8", "surrogateescape").split("\0") if p]


def changed_since(root: Path, ref: str) -> list[str]:
    """Paths under ``root`` changed on this branch since it left ``ref``, plus uncommitted
    and untracked ones; deleted files are included, renames count as delete plus add."""
    try:
        _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except GitError as exc:
        raise GitError(
            f"cannot compare with '{ref}': git does not know that commit "
            "(fetch it first; in GitHub Actions give actions/checkout 'fetch-depth: 0')"
        ) from exc
    # --relative: paths relative to root, which need not be the repository's top folder
    diff = ("diff", "--name-only", "--no-renames", "--relative", "-z")
    paths = _git(root, *diff, f"{ref}...HEAD", "--")
    paths += _git(root, *diff, "HEAD", "--")
    paths += _git(root, "ls-files", "--others", "--exclude-standard", "-z")
    return sorted(set(paths))


@dataclass(frozen=True)
class Selection:
    problems: list[Problem]
    files_checked: int


def _own_id(path: str, catalog_dir: str) -> tuple[str, str] | None:
    """(folder, id) of a catalog entry file, ('fields', '*') for the taxonomy, else None."""
    pure = PurePosixPath(path)
    if not pure.is_relative_to(catalog_dir):
        return None
    parts = pure.relative_to(catalog_dir).parts
    if parts == ("taxonomy.yaml",):
        return ("fields", "*")
    folders = {t.folder for t in ENTRY_TYPES}
    if len(parts) >= 2 and parts[0] in folders and pure.suffix in YAML_SUFFIXES:
        return (parts[0], pure.stem)
    return None


def select(
    catalog: Catalog, problems: list[Problem], paths: Iterable[str], catalog_dir: str = "catalog"
) -> Selection:
    """The problems of ``paths`` (files or folders, relative to the project root) and of
    every file that names an entry among them or shares an id with one."""
    docs: list[tuple[str, SourceDoc]] = [
        (plural, doc) for plural, found in catalog.docs.items() for doc in found
    ]
    docs += [("news", doc) for doc in catalog.news_docs]
    known = {doc.path for _, doc in docs} | {p.path for p in problems}
    if catalog.taxonomy is not None:  # an invalid one is known by its problems
        known.add(f"{catalog_dir}/taxonomy.yaml")

    chosen = {p.rstrip("/") for p in paths}
    # a folder stands for every file in it
    chosen |= {k for k in known for p in chosen if p in ("", ".") or k.startswith(f"{p}/")}
    changed = {own for p in chosen if (own := _own_id(p, catalog_dir))}
    all_fields = ("fields", "*") in changed

    affected = {
        doc.path
        for plural, doc in docs
        if (plural, doc.id) in changed  # a duplicate id is reported on either file
        or any(
            (folder, named) in changed or (all_fields and folder == "fields")
            for folder, named in named_ids(doc, plural)
        )
    }
    selected = chosen | affected
    return Selection(
        [p for p in problems if p.path in selected],
        len(known & selected),
    )
