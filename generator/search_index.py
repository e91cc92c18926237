"""Build the Pagefind search indexes of a built site.

Two bundles are written from the same pages: ``pagefind/`` indexes them as English
(stemming: "tests" finds "testing") and ``pagefind-zh/`` as Chinese (dictionary word
segmentation: 材料 finds 复合材料检测). The browser sends a query with Chinese characters
to the second and any other query to the first (theme/assets/javascripts).
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BUNDLES = {"pagefind": "en", "pagefind-zh": "zh"}


class SearchIndexError(Exception):
    """Pagefind failed; the message carries its output."""


@dataclass(frozen=True)
class IndexReport:
    bundle: str
    language: str
    seconds: float
    files: int
    bytes: int


def build_search_index(site_dir: Path) -> list[IndexReport]:
    """Index ``site_dir`` with Pagefind (the extended build, for Chinese)."""
    reports = []
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
        files = [p for p in out.rglob("*") if p.is_file()]
        reports.append(
            IndexReport(
                bundle,
                language,
                time.perf_counter() - start,
                len(files),
                sum(p.stat().st_size for p in files),
            )
        )
    return reports
