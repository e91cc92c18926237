"""Print the summary table of `benchmarks/run` from the JSON files its steps wrote.

    python benchmarks/run_summary.py RESULTS_DIR

Reads compare.json (compare_build.py), scale.json (compare_build.py --ours-only),
validate.json, serve.json (serve_rebuild.py) and import.json (import_bench.py); a
missing file shows as "not run". Targets are those of issues #7 and #17 (the later one
where both set one), for 10,000 / 20,000 / 50,000 entries, and 10,000 rows imported in
at most 10 s: at other sizes PASS and MISS are only indicative.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

FULL_SIZES = {"compare": 10000, "scale": 20000, "validate": 50000, "serve": 10000, "import": 10000}


def _load(path: Path) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def rows(results: Path) -> list[tuple[str, str, str, str]]:
    """(what, figure, target, verdict) for each target of issue #7."""
    compare = _load(results / "compare.json")
    scale = _load(results / "scale.json")
    validate = _load(results / "validate.json")
    serve = _load(results / "serve.json")
    imported = _load(results / "import.json")
    out: list[tuple[str, str, str, str]] = []

    def add(
        what: str, data: Any, figure: Callable[[Any], tuple[str, float]], target: str, limit: float
    ) -> None:
        if data is None:
            out.append((what, "not run (or failed)", target, "—"))
            return
        text, value = figure(data)
        out.append((what, text, target, "PASS" if value <= limit else "MISS"))

    c = compare["results"][0] if compare else None
    n = c["entries"] if c else FULL_SIZES["compare"]
    add(
        f"build {n:,}: ours / Material",
        c,
        lambda c: (
            f"{c['ratio_wall']:.2f} ({c['ours']['wall_s']:.1f} s / "
            f"{c['material']['wall_s']:.1f} s)",
            c["ratio_wall"],
        ),
        "≤ 1.0 (aim 0.5)",
        1.0,
    )
    add(
        f"build {n:,}: peak memory (tree)",
        c,
        lambda c: (
            f"{c['ours']['peak_tree_mb']:,.0f} MB (Material {c['material']['peak_tree_mb']:,.0f})",
            c["ours"]["peak_tree_mb"],
        ),
        "≤ 1,536 MB",
        1536,
    )
    add(
        f"site {n:,}: published size",
        c,
        lambda c: (
            f"{c['ours']['site_mb']:,.0f} MB in {c['ours']['files']:,} files "
            f"(Material {c['material']['site_mb']:,.0f} MB)",
            c["ours"]["site_mb"],
        ),
        "≤ 450 MB",
        450,
    )
    add(
        f"site {n:,}: median entry page",
        c,
        lambda c: (
            f"{c['ours']['median_entry_page_kb']:.1f} KB "
            f"(Material {c['material']['median_entry_page_kb']:.1f} KB)",
            c["ours"]["median_entry_page_kb"],
        ),
        "≤ 12 KB",
        12,
    )
    s = scale["results"] if scale and len(scale["results"]) >= 2 else None
    label = f"{s[-1]['entries']:,} / {s[0]['entries']:,}" if s else "20,000 / 10,000"
    add(
        f"build {label}: time ratio",
        s,
        lambda s: (
            f"{s[-1]['ours']['wall_s'] / s[0]['ours']['wall_s']:.2f} "
            f"({s[-1]['ours']['wall_s']:.1f} s / {s[0]['ours']['wall_s']:.1f} s; "
            f"peak {s[-1]['ours']['peak_tree_mb']:,.0f} MB)",
            s[-1]["ours"]["wall_s"] / s[0]["ours"]["wall_s"],
        ),
        "≤ 2.1",
        2.1,
    )
    big = s[-1]["entries"] if s else FULL_SIZES["scale"]
    add(
        f"build {big:,}: peak memory (tree)",
        s,
        lambda s: (f"{s[-1]['ours']['peak_tree_mb']:,.0f} MB", s[-1]["ours"]["peak_tree_mb"]),
        "≤ 2,560 MB",
        2560,
    )
    add(
        f"site {big:,}: published size",
        s,
        lambda s: (
            f"{s[-1]['ours']['site_mb']:,.0f} MB in {s[-1]['ours']['files']:,} files",
            s[-1]["ours"]["site_mb"],
        ),
        "≤ 900 MB",
        900,
    )
    r = serve["result"] if serve else None
    n = r["entries"] if r else FULL_SIZES["serve"]
    add(
        f"serve {n:,}: edit to page served",
        r,
        lambda r: (
            f"{r['median_observed_s']:.2f} s median of {len(r['edits'])} "
            f"(rebuild logged {r['median_build_log_s'] or float('nan'):.2f} s)",
            r["median_observed_s"],
        ),
        "≤ 2 s",
        2.0,
    )
    n = validate["entries"] if validate else FULL_SIZES["validate"]
    add(
        f"validate {n:,}, cold",
        validate,
        lambda v: (f"{v['validate_s']:.2f} s", v["validate_s"]),
        "≤ 5 s",
        5.0,
    )
    i = imported["results"] if imported else None
    n = i[0]["rows"] if i else FULL_SIZES["import"]
    add(
        f"import {n:,} rows, slowest format",
        i,
        lambda i: (
            " / ".join(f"{r['format']} {r['import_s']:.2f} s" for r in i)
            + f" (dry run {max(r['dry_run_s'] for r in i):.2f} s)",
            max(r["import_s"] for r in i),
        ),
        "≤ 10 s",
        10.0,
    )
    return out


def full_size(results: Path) -> bool:
    compare = _load(results / "compare.json")
    scale = _load(results / "scale.json")
    validate = _load(results / "validate.json")
    serve = _load(results / "serve.json")
    imported = _load(results / "import.json")
    return (
        (compare is None or compare["results"][0]["entries"] == FULL_SIZES["compare"])
        and (scale is None or scale["results"][-1]["entries"] == FULL_SIZES["scale"])
        and (validate is None or validate["entries"] == FULL_SIZES["validate"])
        and (serve is None or serve["result"]["entries"] == FULL_SIZES["serve"])
        and (imported is None or imported["results"][0]["rows"] == FULL_SIZES["import"])
    )


def main(argv: list[str] | None = None) -> None:
    results = Path((argv or sys.argv[1:])[0])
    table = rows(results)
    header = ("Figure", "Measured", "Target (issues #7, #17)", "")
    widths = [max(len(r[i]) for r in [header, *table]) for i in range(4)]
    loaded = [_load(results / f"{name}.json") for name in ("compare", "scale", "serve", "import")]
    machine = next((d["machine"] for d in loaded if d), None)
    print("\n# Summary" + (f" — {machine}" if machine else ""))
    print("Wall-clock times, one run each on a machine that may be shared: noisy.")
    if not full_size(results):
        print("Not the full sizes of issue #7: PASS / MISS are only indicative.")
    for row in [header, tuple("-" * w for w in widths), *table]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


if __name__ == "__main__":
    main()
