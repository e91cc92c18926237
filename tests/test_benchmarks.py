"""Smoke test of the benchmarks of issue #7 at a tiny size: they run and report sane
figures. No timing assertions: timings belong in BENCHMARKS.md, not in tests."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from compare_build import make_material, make_ours  # noqa: E402

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")


def test_material_twin_has_one_page_per_item_with_the_same_text(tmp_path):
    counts = make_ours(tmp_path / "ours", 30)
    assert "campaign-catalog" in (tmp_path / "ours/mkdocs.yml").read_text(encoding="utf-8")
    assert "  - search\n" not in (tmp_path / "ours/mkdocs.yml").read_text(encoding="utf-8")
    pages = make_material(tmp_path / "ours", tmp_path / "material")
    assert pages == sum(counts.values()) + 1  # and the home page
    docs = tmp_path / "material/docs"
    assert len(list(docs.rglob("*.md"))) == pages
    entry = json.loads(
        (tmp_path / "ours/catalog/demands/demand-000001.yaml").read_text(encoding="utf-8")
    )
    page = (docs / "demands/demand-000001.md").read_text(encoding="utf-8")
    assert page.startswith(f"# {entry['title']}\n\n{entry['summary']}\n")
    assert "- Organization: Industrial Unit " in page
    assert f"- Status: {entry['status']}" in page
    assert entry["description"] in page
    config = (tmp_path / "material/mkdocs.yml").read_text(encoding="utf-8")
    assert "  - search\n" in config and "nav:\n  - Home: index.md\n\nnot_in_nav" in config


def test_benchmarks_run_end_to_end_at_a_tiny_size(tmp_path):
    results = tmp_path / "results"
    run = subprocess.run(
        [
            str(REPO / "benchmarks/run"),
            *("--compare", "30", "--scale", "30,45", "--validate", "30", "--serve", "30"),
            *("--import", "30"),
            *("--results", str(results)),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr

    compare = json.loads((results / "compare.json").read_text(encoding="utf-8"))["results"][0]
    expected = sum(compare["counts"].values()) + 1  # entries, organizations, ...; home
    assert compare["material"]["pages"] == expected == compare["material_pages_written"]
    # ours also writes listings, timeline, statistics and the news archive
    assert compare["ours"]["pages"] > expected
    for build in (compare["ours"], compare["material"]):
        assert build["wall_s"] > 0 and build["peak_tree_mb"] > 0
    # the tree includes Pagefind's processes, so it is at least the largest single one
    # (less a margin: samples every 50 ms can miss a short peak)
    assert compare["ours"]["peak_tree_mb"] >= compare["ours"]["max_single_mb"] * 0.8
    assert "ratio ours/material: wall " in run.stdout

    scale = json.loads((results / "scale.json").read_text(encoding="utf-8"))["results"]
    assert [r["entries"] for r in scale] == [30, 45]
    assert scale[1]["ours"]["pages"] > scale[0]["ours"]["pages"]
    assert "ratio 45/30 entries: wall " in run.stdout

    validate = json.loads((results / "validate.json").read_text(encoding="utf-8"))
    assert validate["entries"] == 30 and validate["validate_s"] > 0

    serve = json.loads((results / "serve.json").read_text(encoding="utf-8"))["result"]
    assert len(serve["edits"]) == 3
    assert len({e["entry"] for e in serve["edits"]}) == 3
    assert all(e["title_seen"] and e["observed_s"] > 0 for e in serve["edits"])
    assert serve["median_build_log_s"] is not None

    imported = json.loads((results / "import.json").read_text(encoding="utf-8"))["results"]
    assert [(r["format"], r["rows"], r["files_written"]) for r in imported] == [
        ("xlsx", 30, 30),
        ("csv", 30, 30),
    ]
    assert all(r["import_s"] > 0 and r["dry_run_s"] > 0 for r in imported)

    summary = run.stdout.split("# Summary", 1)[1]
    assert "Target (issues #7, #17)" in summary
    assert sum(line.endswith(("PASS", "MISS")) for line in summary.splitlines()) == 10
    # the site's size, and its entry pages' against plain Material's
    for build in (compare["ours"], compare["material"]):
        assert build["site_mb"] > 0 and build["files"] > build["pages"]
        assert 1 < build["median_entry_page_kb"] < 100
    line = next(line for line in summary.splitlines() if "median entry page" in line)
    assert re.search(r" [\d.]+ KB \(Material [\d.]+ KB\) +≤ 12 KB ", line)
    line = next(line for line in summary.splitlines() if line.startswith("import 30 rows"))
    assert re.search(r" xlsx [\d.]+ s / csv [\d.]+ s \(dry run [\d.]+ s\) +≤ 10 s ", line)


def test_search_benchmark_finds_results_with_both_engines():
    """benchmarks/search_bench.py at 30 entries: both engines answer the English query
    (Material's index must hold the catalog pages), only Pagefind the Chinese one."""
    result = subprocess.run(
        [sys.executable, "benchmarks/search_bench.py", "--entries", "30", "--runs", "1"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    rows = {}
    for line in result.stdout.splitlines()[1:]:
        engine, *fields = line.split()
        values = dict(f.split("=", 1) for f in fields if "=" in f)
        rows[(engine, values["query"], values["mode"])] = values
    assert len(rows) == 8, result.stdout
    for (engine, query, _mode), values in rows.items():
        found = int(values["results_shown"]) > 0
        assert found == (engine == "pagefind" or query == "'composite'"), (engine, values)
        assert int(values["bytes_gzip"]) > 0
        if found:
            assert float(values["first_result_ms"]) > 0
        else:
            assert values["first_result_ms"] == "none"
