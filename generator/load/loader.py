"""Load a whole project: catalog YAML and news front matter, parsed and validated."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from generator.check.problems import Problem
from generator.load.cache import LoadCache
from generator.load.read_files import Job, load_files
from generator.load.symlinks import escaping_links
from generator.load.validation import validate
from generator.load.yaml_source import load_yaml_file, parse_yaml, read_text
from generator.model import formats as models
from generator.model.catalog import (
    ENTRY_TYPES,
    ZH_PREFIX,
    Catalog,
    Entry,
    NewsItem,
    NewsTranslation,
)
from generator.model.ids import ID_RE, id_example, not_an_id
from generator.model.source_doc import SourceDoc
from generator.processes import collector_paused

YAML_SUFFIXES = (".yaml", ".yml")
FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _id_problem(stem: str, rel: str) -> Problem | None:
    if ID_RE.match(stem):
        return None
    return Problem(rel, 1, 1, not_an_id(f"file name '{stem}'", id_example(stem)))


def _yaml_files(folder: Path, skip: set[Path]) -> list[tuple[str, ...]]:
    """The YAML files under ``folder`` (not entering linked folders, leaving out
    ``skip``), as parts of their path relative to it, sorted as their paths sort."""
    if not folder.is_dir():
        return []
    skipped = {str(path) for path in skip}
    found: list[tuple[str, ...]] = []
    stack: list[tuple[str, tuple[str, ...]]] = [(str(folder), ())]
    while stack:
        top, parts = stack.pop()
        try:
            entries = os.scandir(top)
        except OSError:
            continue
        with entries:
            for entry in entries:
                name = entry.name
                try:
                    if entry.is_dir(follow_symlinks=False):
                        stack.append((entry.path, (*parts, name)))
                    elif (
                        _suffix(name) in YAML_SUFFIXES
                        and entry.path not in skipped
                        and entry.is_file()
                    ):
                        found.append((*parts, name))
                except OSError:
                    continue
    return sorted(found)


def _suffix(name: str) -> str:
    """``Path(name).suffix``: what follows the last dot, if that is not the first or
    the last character."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def load_catalog(
    root: Path | str,
    catalog_dir: str = "catalog",
    docs_dir: str = "content",
    news_dir: str | None = "news",
    *,
    cache: LoadCache | None = None,
    workers: int | None = None,
) -> tuple[Catalog, list[Problem]]:
    """Stages one and two for a whole project: every catalog file and news release
    parsed (with positions) and validated; returns the catalog and every problem.

    The checks across files (``check.references``) and the reverse links
    (``derive.reverse_links``) are later stages: ``generator.pipeline`` runs them.
    Paths in problems are relative to ``root``. Entries with errors are left out of the
    catalog, so a caller that renders anyway renders only what is valid.

    ``cache`` (kept by the caller between loads) skips parsing and validating files
    that have not changed since the last load with it. ``workers`` is how many processes
    parse and validate the catalog files: None decides by the number of files and cores,
    1 loads in this process only. Neither changes the result.
    """
    with collector_paused():
        return _load_catalog(Path(root), catalog_dir, docs_dir, news_dir, cache, workers)


def _load_catalog(
    root: Path,
    catalog_dir: str,
    docs_dir: str,
    news_dir: str | None,
    cache: LoadCache | None,
    workers: int | None,
) -> tuple[Catalog, list[Problem]]:
    base = root / catalog_dir
    catalog = Catalog()
    problems, skip = escaping_links(root, base)
    found, skip_docs = escaping_links(root, root / docs_dir)
    problems += found
    skip |= skip_docs

    taxonomy_path = base / "taxonomy.yaml"
    rel = _rel(taxonomy_path, root)
    if taxonomy_path.is_file() and taxonomy_path not in skip:
        doc, found = load_yaml_file(taxonomy_path, rel)
        problems += found
        catalog.files_checked += 1
        if not found:
            catalog.taxonomy_doc = doc
            catalog.taxonomy, found = validate(models.Taxonomy, doc)
            problems += found
    else:
        problems.append(
            Problem(rel, 1, 1, "taxonomy file is missing; it lists the technical fields")
        )

    jobs: list[Job] = []
    for index, entry_type in enumerate(ENTRY_TYPES):
        folder = base / entry_type.folder
        path_prefix, rel_prefix = f"{folder}/", f"{_rel(folder, root)}/"
        for parts in _yaml_files(folder, skip):
            name = "/".join(parts)
            jobs.append((index, path_prefix + name, rel_prefix + name))
    results = load_files(jobs, cache, workers)
    seen: dict[str, dict[str, str]] = {t.plural: {} for t in ENTRY_TYPES}
    for (index, _, _), result in zip(jobs, results, strict=True):
        entry_type, doc, model = ENTRY_TYPES[index], result.doc, result.model
        rel = doc.path
        catalog.files_checked += 1
        catalog.file_ids[entry_type.plural].add(doc.id)
        catalog.docs[entry_type.plural].append(doc)
        found = list(result.problems)
        if bad_id := _id_problem(doc.id, rel):
            found.append(bad_id)
        elif doc.id in seen[entry_type.plural]:
            found.append(
                Problem(
                    rel,
                    1,
                    1,
                    f"duplicate id '{doc.id}': {seen[entry_type.plural][doc.id]} has the same "
                    "file name; rename one of them",
                )
            )
        else:
            seen[entry_type.plural][doc.id] = rel
        if model is not None and not found:
            catalog.entries[entry_type.plural][doc.id] = Entry(
                entry_type, doc.id, model, doc, _texts=result.texts
            )
        problems += found

    if news_dir:
        catalog.news, catalog.news_docs, found, checked = _load_news(
            root, root / docs_dir, news_dir, skip
        )
        problems += found
        catalog.files_checked += checked
        found, checked = _load_news_zh(root, root / docs_dir, news_dir, skip, catalog)
        problems += found
        catalog.files_checked += checked
    problems += _check_pages(root, root / docs_dir, news_dir, skip)

    return catalog, sorted(set(problems))


def _load_news(
    root: Path, docs: Path, news_dir: str, skip: set[Path]
) -> tuple[list[NewsItem], list[SourceDoc], list[Problem], int]:
    folder = docs / news_dir
    items: list[NewsItem] = []
    parsed: list[SourceDoc] = []
    problems: list[Problem] = []
    paths = _release_paths(folder, skip)
    missing = "news release needs front matter between '---' lines with at least title and date"
    for path, rel, text, match in _releases(root, folder, paths, problems, missing):
        doc, found = parse_yaml(match.group(1) or "", rel, line_offset=1)
        doc.id = path.stem
        parsed.append(doc)
        if doc.data is not None or not found:
            meta, invalid = validate(models.NewsMeta, doc)
            found += invalid
            if meta is not None and not found:
                stem = path.relative_to(folder).with_suffix("").as_posix()
                body = text[match.end() :]
                item = NewsItem(stem, _rel(path, docs), meta, doc, body=body)
                found += _check_release(item, docs)
                if not found:
                    items.append(item)
        problems += found
    return items, parsed, problems, len(paths)


def _load_news_zh(
    root: Path, docs: Path, news_dir: str, skip: set[Path], catalog: Catalog
) -> tuple[list[Problem], int]:
    """Chinese versions of releases, content/zh/<news_dir>/<name>.md: each is attached to
    the English release of the same name, whose date, links and image it shares."""
    folder = docs / ZH_PREFIX / news_dir
    if not folder.is_dir():
        return [], 0
    by_id = {item.id: item for item in catalog.news}
    problems: list[Problem] = []
    paths = _release_paths(folder, skip)
    missing = "Chinese release needs front matter between '---' lines with title"
    for path, rel, _text, match in _releases(root, folder, paths, problems, missing):
        doc, found = parse_yaml(match.group(1) or "", rel, line_offset=1)
        stem = path.relative_to(folder).with_suffix("").as_posix()
        doc.id = stem
        meta = None
        if doc.data is not None or not found:
            meta, invalid = validate(models.NewsMetaZh, doc)
            found += invalid
        english = by_id.get(stem)
        if english is None:
            found.append(
                Problem(
                    rel,
                    1,
                    1,
                    f"no English release {news_dir}/{stem}.md for this Chinese version: add "
                    f"{_rel(docs / news_dir / (stem + '.md'), root)} (with date and title), "
                    "or move this file there",
                )
            )
        if meta is not None and english is not None and not found:
            english.zh = NewsTranslation(_rel(path, docs), meta, doc)
        problems += found
    return problems, len(paths)


def _release_paths(folder: Path, skip: set[Path]) -> list[Path]:
    return [p for p in sorted(folder.rglob("*.md")) if p.name != "index.md" and p not in skip]


def _releases(
    root: Path, folder: Path, paths: list[Path], problems: list[Problem], missing: str
) -> Iterator[tuple[Path, str, str, re.Match[str]]]:
    """(path, path for messages, text, front matter match) of each release in ``paths``
    that has a valid name, can be read and has front matter; what is wrong with the
    others goes into ``problems`` (``missing``: the message for no front matter)."""
    for path in paths:
        rel = _rel(path, root)
        if bad_name := _news_name_problem(path.relative_to(folder), rel):
            problems.append(bad_name)
            continue
        text, found = read_text(path, rel)
        if text is None:
            problems += found
            continue
        match = FRONT_MATTER_RE.match(text)
        if not match:
            problems.append(Problem(rel, 1, 1, missing))
            continue
        yield path, rel, text, match


def _news_name_problem(name: Path, rel: str) -> Problem | None:
    """A release's file name (and folders) becomes its address, so it follows the id
    rules: an odd name (`README.md`, spaces, `#`, capitals) would clash with another
    page or make an address that breaks."""
    parts = name.with_suffix("").parts
    if all(ID_RE.match(part) for part in parts):
        return None
    fixed = "/".join(
        re.sub(r"[^a-z0-9]+", "-", part.lower()).strip("-")[:80] or "news" for part in parts
    )
    return Problem(
        rel,
        1,
        1,
        f"file name '{name.as_posix()}' becomes the release's address, so use lowercase "
        "letters a-z, digits and hyphens, starting with a letter or digit "
        f"(e.g. '{fixed}.md')",
    )


def _check_pages(root: Path, docs: Path, news_dir: str | None, skip: set[Path]) -> list[Problem]:
    """Stage one for the other Markdown pages: MkDocs reads their front matter itself,
    with PyYAML's full constructor, so a YAML bomb or an oversized file is stopped here."""
    folders = [docs / news_dir, docs / ZH_PREFIX / news_dir] if news_dir else []
    problems: list[Problem] = []
    for path in sorted(docs.rglob("*.md")) if docs.is_dir() else []:
        release = path.name != "index.md" and any(path.is_relative_to(f) for f in folders)
        if path in skip or release:  # releases are read by _load_news
            continue
        rel = _rel(path, root)
        text, found = read_text(path, rel)
        problems += found
        if text is not None and (match := FRONT_MATTER_RE.match(text)):
            problems += parse_yaml(match.group(1) or "", rel, line_offset=1)[1]
    return problems


# Addresses the news pages use themselves: /news/2020/ (a year's archive) and
# /news/page/2/, /news/2020/page/2/ (later pages of a listing).
RESERVED_NEWS_RE = re.compile(r"(?:\d{4}|(?:\d{4}/)?page/\d+)")


def _check_release(item: NewsItem, docs: Path) -> list[Problem]:
    """Checks on a release's front matter that need more than its own values."""
    problems: list[Problem] = []
    doc, meta = item.source, item.meta
    if RESERVED_NEWS_RE.fullmatch(item.id):
        problems.append(
            doc.problem(
                (),
                f"the name '{item.id}' is reserved for the site's own news pages "
                f"(/news/{item.id}/); use a longer name such as "
                "'2020-07-08-short-title.md'",
            )
        )
    if meta.image is None:
        return problems
    if meta.image_alt is None:
        problems.append(
            doc.problem(
                ("image",),
                "image needs image_alt: a short description of the picture for visitors "
                "who cannot see it",
                key=True,
            )
        )
    src = item.image_src or ""
    if "://" in src:
        if not src.startswith(("http://", "https://")):
            problems.append(
                doc.problem(("image",), f"image: {src!r} is not an http:// or https:// address")
            )
    elif src == ".." or src.startswith("../") or not (docs / src).is_file():
        problems.append(
            doc.problem(
                ("image",),
                f"image: no file {src!r} in the docs folder "
                "(the path is relative to the release file, or to the docs folder with a "
                "leading '/')",
            )
        )
    return problems
