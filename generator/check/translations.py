"""Missing Chinese translations, reported at a configurable level.

``campaign validate --missing-translation off|warning|error`` and the plugin's
``missing_translation`` setting choose the level. A missing translation never stops the
site from working: the Chinese page shows the English text with a notice.
"""

from __future__ import annotations

from pathlib import Path

from generator.check.problems import Problem, Severity
from generator.model.catalog import ENTRY_TYPES, ZH_PREFIX, Catalog

LEVELS = ("off", "warning", "error")

HELP = "see CONTRIBUTING.md, 'Adding a Chinese translation'"


def _keys(keys: tuple[str, ...]) -> str:
    quoted = [f"{k}:" for k in keys]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def missing_translations(
    catalog: Catalog, level: str, *, docs_dir: Path | None = None, docs_rel: str = "content"
) -> list[Problem]:
    """One problem per file whose Chinese text is missing or incomplete.

    ``docs_dir`` (the folder of the hand-written pages) adds the pages that have no
    counterpart under zh/; ``docs_rel`` is that folder as paths in problems show it.
    """
    if level not in LEVELS:
        raise ValueError(f"missing_translation must be one of {', '.join(LEVELS)}, not {level!r}")
    if level == "off":
        return []
    severity = Severity.ERROR if level == "error" else Severity.WARNING
    found: list[Problem] = []
    for entry_type in ENTRY_TYPES:
        for entry in catalog.entries[entry_type.plural].values():
            texts = entry.text("zh")
            if not texts.missing:
                continue
            doc = entry.source
            if entry.model.zh is None:
                wanted = (entry.title_key, *[k for k in texts.missing if k != entry.title_key])
                problem = doc.problem(
                    (entry.title_key,),
                    f"no Chinese translation: add a 'zh:' block with {_keys(wanted)} "
                    f"indented under it ({HELP})",
                    key=True,
                )
            else:
                problem = doc.problem(
                    ("zh",),
                    f"zh: the Chinese {' and '.join(k.replace('_', ' ') for k in texts.missing)} "
                    f"{'is' if len(texts.missing) == 1 else 'are'} missing: add "
                    f"{_keys(texts.missing)} under 'zh:' ({HELP})",
                    key=True,
                )
            found.append(_with(problem, severity))
    for field_id, definition in catalog.fields.items():
        if definition.name_zh is None and catalog.taxonomy_doc is not None:
            problem = catalog.taxonomy_doc.problem(
                ("fields", field_id),
                f"field '{field_id}' has no Chinese name: add 'name_zh:' under it ({HELP})",
                key=True,
            )
            found.append(_with(problem, severity))
    for item in catalog.news:
        rel = item.source.path
        if item.zh is None:
            found.append(
                Problem(
                    rel,
                    1,
                    1,
                    f"no Chinese version of this release: add {docs_rel}/{ZH_PREFIX}"
                    f"{item.src_uri} with a title (and summary) in its front matter and the "
                    f"Chinese text ({HELP})",
                    severity,
                )
            )
        elif item.meta.summary and not item.zh.meta.summary:
            problem = item.zh.source.problem(
                ("title",), f"no Chinese summary: add 'summary:' to the front matter ({HELP})"
            )
            found.append(_with(problem, severity))
    if docs_dir is not None and docs_dir.is_dir():
        found += _pages_without_zh(catalog, docs_dir, docs_rel, severity)
    return found


def _pages_without_zh(
    catalog: Catalog, docs_dir: Path, docs_rel: str, severity: Severity
) -> list[Problem]:
    """Hand-written pages (home, about…) with no Chinese counterpart under zh/."""
    releases = {item.src_uri for item in catalog.news}
    found = []
    for path in sorted(docs_dir.rglob("*.md")):
        uri = path.relative_to(docs_dir).as_posix()
        if uri.startswith(ZH_PREFIX) or uri in releases:
            continue
        if not (docs_dir / ZH_PREFIX / uri).is_file():
            found.append(
                Problem(
                    f"{docs_rel}/{uri}",
                    1,
                    1,
                    f"no Chinese version of this page: add {docs_rel}/{ZH_PREFIX}{uri} ({HELP})",
                    severity,
                )
            )
    return found


def _with(problem: Problem, severity: Severity) -> Problem:
    return Problem(problem.path, problem.line, problem.col, problem.message, severity)
