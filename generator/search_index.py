"""Build the Pagefind search indexes of a built site.

Two bundles: ``pagefind/`` indexes the English pages (everything outside zh/) as English
(stemming: "tests" finds "testing") and ``pagefind-zh/`` the Chinese pages under zh/ as
Chinese (dictionary word segmentation: 材料 finds 复合材料检测). The browser uses the
page's language's bundle, and the Chinese one for any query with Chinese characters
(theme/assets/javascripts/campaign-pagefind.js).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cbor2

BUNDLES = {"pagefind": "en", "pagefind-zh": "zh"}
ZH_DIR = "zh"


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
                "--glob",
                page_glob(site_dir, language),
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
        normalize_bundle(out)
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


# Pagefind writes each filter's values, and the list of filters, in hash-map order,
# which changes from run to run (Pagefind issue #638), so two builds of one commit
# differ. normalize_bundle() sorts them and renames the files after their new content.
# It also renames the page fragments after their position: the metadata every first
# search downloads names each page's fragment, and short sequential names compress to
# half the size of hashes (measured at 50,000 pages: 154 KB against 310 KB gzipped).
# It knows the layout of Pagefind 1.x bundles and refuses any other.
_SIGNATURE = b"pagefind_dcd"


def _read(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(_SIGNATURE):
        raise SearchIndexError(f"{path} is not a Pagefind data file")
    return cbor2.loads(raw[len(_SIGNATURE) :])


def _write(folder: Path, stem_prefix: str, suffix: str, data: Any, digits: int) -> str:
    """Write ``data`` as Pagefind does; the name is the content's hash. Returns it."""
    raw = _SIGNATURE + cbor2.dumps(data)
    name = f"{stem_prefix}{hashlib.sha256(raw).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(raw, mtime=0))
    return name


def _rename_fragments(folder: Path, language: str, pages: list[Any]) -> list[Any]:
    """Rename fragment files to ``<language>_<position in hex>``; returns the new list."""
    renamed: dict[str, str] = {}
    out = []
    for position, (old, *rest) in enumerate(pages):
        if old not in renamed:  # pages with identical content share one fragment
            new = f"{language}_{position:x}"
            target = folder / f"{new}.pf_fragment"
            if target.exists():
                raise SearchIndexError(f"{target} exists; cannot rename {old} to it")
            (folder / f"{old}.pf_fragment").rename(target)
            renamed[old] = new
        out.append([renamed[old], *rest])
    return out


def normalize_bundle(bundle_dir: Path) -> None:
    """Make a Pagefind bundle's filter files and metadata byte-for-byte reproducible."""
    entry_path = bundle_dir / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    if not str(entry.get("version", "")).startswith("1."):
        raise SearchIndexError(f"unsupported Pagefind bundle version {entry.get('version')}")
    for language, info in entry["languages"].items():
        meta_path = bundle_dir / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        if not (isinstance(meta, list) and len(meta) > 3 and isinstance(meta[3], list)):
            raise SearchIndexError(f"{meta_path} does not have the expected layout")
        filters = []
        for name, file_hash in meta[3]:
            path = bundle_dir / "filter" / f"{file_hash}.pf_filter"
            key, values = _read(path)
            values = sorted([value, sorted(pages)] for value, pages in values)
            path.unlink()
            new_hash = _write(path.parent, f"{language}_", ".pf_filter", [key, values], 7)
            filters.append([name, new_hash])
        meta[3] = sorted(filters)
        meta[1] = _rename_fragments(bundle_dir / "fragment", language, meta[1])
        meta_path.unlink()
        meta_name = _write(bundle_dir, f"pagefind.{language}_", ".pf_meta", meta, 10)
        info["hash"] = meta_name.removeprefix("pagefind.")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")
