"""Build the Pagefind search indexes of a built site.

Two bundles: ``pagefind/`` indexes the English pages (everything outside zh/) as English
(stemming: "tests" finds "testing") and ``pagefind-zh/`` the Chinese pages under zh/ as
Chinese (dictionary word segmentation: 材料 finds 复合材料检测). The browser uses the
page's language's bundle, and the Chinese one for any query with Chinese characters
(theme/assets/javascripts/campaign-pagefind.js). Each bundle is then rewritten as
shards of at most SHARD_PAGES pages, which the browser searches side by side
(search_shards.py).
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from generator.processes import give_back_memory
from generator.publish.search_shards import BundleFormatError, shard_bundle

BUNDLES = {"pagefind": "en", "pagefind-zh": "zh"}
ZH_DIR = "zh"
# Pages per search shard (search_shards.py): at 4,000, a word found on a third of a
# 50,000-entry catalog is searched in 0.25 s instead of 2 s (BENCHMARKS.md).
SHARD_PAGES = 4000
# What the catalog's templates keep out of the index, by class instead of a
# data-pagefind-ignore on every element (about 200 bytes of each entry page): the type
# and status badges above a title, the labels of facts lists ("Organization",
# "Deadline"), the notice that a translation is missing and the suggested partners
# (other entries' titles). Pagefind leaves them out as it does elements marked
# data-pagefind-ignore, except that it still takes a page's first picture from them:
# the Share box, whose QR code would become every result's picture, keeps its
# data-pagefind-ignore="all".
EXCLUDE_SELECTORS = ", ".join(
    (
        ".catalog-kicker",
        ".catalog-facts > dt",
        ".catalog-translation-notice",
        ".catalog-suggestions",
    )
)


def page_glob(site_dir: Path, language: str) -> str:
    """Pagefind's --glob for one language's pages: zh/ for Chinese, every other top-level
    entry of the site for English (Pagefind has no exclusion pattern)."""
    if language == "zh":
        return f"{ZH_DIR}/**/*.html"
    parts = []
    for path in sorted(site_dir.iterdir()):
        if path.name == ZH_DIR or path.name in BUNDLES:
            continue
        if path.is_dir():
            parts.append(f"{path.name}/**/*.html")
        elif path.suffix == ".html":
            parts.append(path.name)
    return "{" + ",".join(parts) + "}" if len(parts) > 1 else (parts[0] if parts else "*.html")


class SearchIndexError(Exception):
    """Pagefind failed; the message carries its output."""


@dataclass(frozen=True)
class IndexReport:
    bundle: str
    language: str
    seconds: float
    files: int
    bytes: int
    shards: int


def build_search_index(site_dir: Path, shard_pages: int = SHARD_PAGES) -> list[IndexReport]:
    """Index ``site_dir`` with Pagefind (the extended build, for Chinese), each bundle
    split into shards of at most ``shard_pages`` pages."""
    reports = []
    give_back_memory()
    for bundle, language in BUNDLES.items():
        start = time.perf_counter()
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pagefind",
                "--site",
                str(site_dir),
                "--output-subdir",
                bundle,
                "--force-language",
                language,
                "--glob",
                page_glob(site_dir, language),
                "--exclude-selectors",
                EXCLUDE_SELECTORS,
                "--quiet",
            ],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise SearchIndexError(
                f"Pagefind failed building {bundle}/ (exit {result.returncode}): "
                f"{(result.stderr or result.stdout).strip()}"
            )
        out = site_dir / bundle
        try:
            shards = shard_bundle(out, shard_pages)
        except BundleFormatError as exc:
            raise SearchIndexError(f"cannot shard {bundle}/: {exc}") from None
        files = [p for p in out.rglob("*") if p.is_file()]
        reports.append(
            IndexReport(
                bundle,
                language,
                time.perf_counter() - start,
                len(files),
                sum(p.stat().st_size for p in files),
                shards,
            )
        )
    return reports
