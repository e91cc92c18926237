"""Time `campaign import` of a large spreadsheet of demands, as .xlsx and as .csv.

    python benchmarks/import_bench.py                   # 10,000 rows
    python benchmarks/import_bench.py --rows 1000 --json import.json

Writes a spreadsheet of ``--rows`` demands against the shipped catalog (catalog/ of this
repository): organizations and fields by their names, a Chinese title, deadlines and
publication dates (real dates in the workbook, text in the CSV), cooperation and status
as values or as their English or Chinese labels, keywords, an e-mail address, a summary
of about 200 characters and a Markdown description of about 800. For each format it
copies the project (catalog/, content/, mkdocs.yml) into a temporary folder and times,
wall clock, a fresh ``python -m generator import FILE --root COPY`` process: first with
``--dry-run`` (everything but the writing), then for real, checking that one file per
row was written. Prints a table, then the results as JSON (also to ``--json``).
Target (BENCHMARKS.md): 10,000 rows in at most 10 s.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.site.i18n import label  # noqa: E402

TARGET_S = 10.0
COLUMNS = [
    "title",
    "zh.title",
    "summary",
    "organization",
    "fields",
    "keywords",
    "cooperation",
    "status",
    "deadline",
    "published",
    "contact_email",
    "description",
]
COOPERATION = ["joint-rd", "license", "purchase", "testing", "consulting", "talent"]
STATUS = ["open", "open", "open", "in-negotiation", "matched"]
_VOCABULARY = (
    "composite thermal sensor battery coating laser navigation receiver alloy "
    "testing inspection fatigue corrosion signal antenna module calibration fixture "
    "automation robot vision model dataset platform cloud edge gateway controller "
    "firmware housing bearing weld casting machining ceramic polymer fibre membrane "
    "cell pack charger"
)
WORDS = _VOCABULARY.split()
TOPICS_ZH = ["复合材料", "热防护", "传感器", "电池", "卫星导航", "检测", "工业互联网", "智能制造"]


def machine() -> str:
    from importlib.metadata import version

    return (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"openpyxl {version('openpyxl')}, {platform.system()} {platform.release()}"
    )


def _catalog_names() -> tuple[list[str], list[str]]:
    """The names of the shipped organizations and fields, as people would type them."""
    organizations = [
        yaml.safe_load(p.read_text(encoding="utf-8"))["name"]
        for p in sorted((REPO / "catalog/organizations").glob("*.yaml"))
    ]
    taxonomy = yaml.safe_load((REPO / "catalog/taxonomy.yaml").read_text(encoding="utf-8"))
    fields = [field["name"] for field in taxonomy["fields"].values()]
    return organizations, fields


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _text(rng: random.Random, chars: int) -> str:
    """Sentences up to about ``chars`` characters."""
    out = ""
    while len(out) < chars - 40:
        out += (" " if out else "") + _sentence(rng, rng.randint(6, 12))
    return out


def rows(n: int, seed: int = 7) -> list[dict[str, Any]]:
    """``n`` demands as a person fills in the sheet: each value as it is typed."""
    rng = random.Random(seed)
    organizations, fields = _catalog_names()
    out = []
    for i in range(1, n + 1):
        cooperation = rng.choice(COOPERATION)
        status = rng.choice(STATUS)
        how = i % 3  # the value, its English label, its Chinese label
        paragraphs = [_text(rng, 260) for _ in range(3)]
        out.append(
            {
                "title": f"{_sentence(rng, 4)[:-1]} request {i:05d}",
                "zh.title": f"{rng.choice(TOPICS_ZH)}合作需求（第{i}号）",
                "summary": _text(rng, 200),
                "organization": rng.choice(organizations),
                "fields": "; ".join(rng.sample(fields, rng.randint(1, 3))),
                "keywords": "; ".join(rng.sample(WORDS, 3) + [rng.choice(TOPICS_ZH)]),
                "cooperation": [cooperation, label(cooperation), label(cooperation, "zh")][how],
                "status": [status, label(status), label(status, "zh")][how],
                "deadline": dt.date(2027, 1, 1) + dt.timedelta(days=rng.randint(0, 700)),
                "published": dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 1800)),
                "contact_email": f"office{i}@example.com",
                "description": "\n\n".join(paragraphs),
            }
        )
    return out


def write_xlsx(path: Path, data: list[dict[str, Any]]) -> None:
    """Written as Excel writes it, with the sheet's size (``<dimension>``) ahead of
    its rows (openpyxl's write-only mode leaves it out: readers then scan the sheet
    once more to find it)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Demands"
    sheet.append(COLUMNS)
    for row in data:
        sheet.append([row[c] for c in COLUMNS])
    book.save(path)


def write_csv(path: Path, data: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as file:  # as Excel saves it
        writer = csv.writer(file)
        writer.writerow(COLUMNS)
        for row in data:
            writer.writerow([str(row[c]) for c in COLUMNS])


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in ("catalog", "content"):
        shutil.copytree(REPO / name, target / name)
    shutil.copy2(REPO / "mkdocs.yml", target / "mkdocs.yml")
    return target


def time_import(sheet: Path, root: Path, *extra: str) -> float:
    """Wall seconds of one `campaign import` process; exits on failure."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "generator", "import", str(sheet), "--root", str(root), *extra],
        cwd=REPO,  # `python -m` imports the generator package found there first
        stdout=subprocess.DEVNULL,  # the dry run prints every file: not what is timed
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"import of {sheet} {' '.join(extra)} failed:\n{result.stderr[-3000:]}")
    return wall


def bench(fmt: str, data: list[dict[str, Any]], work: Path, runs: int) -> dict[str, Any]:
    sheet = work / f"demands.{fmt}"
    (write_xlsx if fmt == "xlsx" else write_csv)(sheet, data)
    dry: list[float] = []
    real: list[float] = []
    for run in range(runs):
        root = copy_project(work / f"project-{fmt}-{run}")
        before = len(list((root / "catalog/demands").glob("*.yaml")))
        dry.append(time_import(sheet, root, "--dry-run"))
        if len(list((root / "catalog/demands").glob("*.yaml"))) != before:
            raise SystemExit("the dry run wrote files")
        real.append(time_import(sheet, root))
        written = len(list((root / "catalog/demands").glob("*.yaml"))) - before
        if written != len(data):
            raise SystemExit(f"{written} files written for {len(data)} rows")
        shutil.rmtree(root)
    return {
        "format": fmt,
        "rows": len(data),
        "file_bytes": sheet.stat().st_size,
        "dry_run_s": round(statistics.median(dry), 3),
        "import_s": round(statistics.median(real), 3),
        "files_written": len(data),
        "runs": runs,
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--formats", nargs="+", choices=("xlsx", "csv"), default=["xlsx", "csv"])
    parser.add_argument("--runs", type=int, default=1, help="imports of each format; medians")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)

    print(f"# {machine()}", flush=True)
    data = rows(args.rows)
    with tempfile.TemporaryDirectory(prefix="import-bench-") as tmp:
        results = [bench(fmt, data, Path(tmp), args.runs) for fmt in args.formats]
    print(f"{'format':<7} {'rows':>7} {'MB':>6} {'dry_run_s':>10} {'import_s':>9}")
    for r in results:
        print(
            f"{r['format']:<7} {r['rows']:>7} {r['file_bytes'] / 1e6:>6.1f} "
            f"{r['dry_run_s']:>10.2f} {r['import_s']:>9.2f}"
        )
    report = {"machine": machine(), "target_s": TARGET_S, "results": results}
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(json.dumps(report, indent=1))
    return report


if __name__ == "__main__":
    main()
