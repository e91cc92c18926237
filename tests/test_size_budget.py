"""The size budget (``site_budget_mb``): GitHub Pages publishes at most 1 GB, so a build
of a larger site fails, naming the folders that make it large, and `campaign build`
then leaves the last good site in place."""

from __future__ import annotations

import re
from pathlib import Path

from test_build import leftovers, previous_site, snapshot

from generator.publish.size_budget import measure, over_budget, summary

from conftest import add_plugin_options, campaign, mkdocs_build

# bytes of each file of a small site
TREE = {
    "index.html": 15_000,
    "sitemap.xml": 5_000,
    "resources/index.html": 1_000_000,
    "resources/composite-lab/index.html": 1_000_000,
    "resources/composite-lab/photo.png": 500_000,
    "zh/index.html": 40_000,
    "zh/resources/index.html": 600_000,
    "zh/resources/composite-lab/index.html": 600_000,
    "pagefind/fragment/a.pf_fragment": 1_500_000,
    "pagefind/index/b.pf_index": 1_500_000,
    "assets/stylesheets/main.css": 300_000,
}


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    for rel, size in TREE.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * size)
    return site


def test_measure_counts_bytes_files_and_pages_per_folder(tmp_path):
    size = measure(_site(tmp_path))
    assert (size.bytes, size.files) == (7_060_000, 11)
    folders = {f.name: (f.bytes, f.files, f.pages) for f in size.folders.values()}
    assert folders == {
        "(top-level files)": (20_000, 2, 1),
        "resources/": (2_500_000, 3, 2),
        "zh/": (40_000, 1, 1),
        "zh/resources/": (1_200_000, 2, 2),
        "pagefind/": (3_000_000, 2, 0),
        "assets/": (300_000, 1, 0),
    }


def test_over_budget_names_the_five_largest_folders(tmp_path):
    size = measure(_site(tmp_path))
    assert over_budget(size, 7) == (
        "The site is 7.06 MB, over site_budget_mb (7 MB): GitHub Pages publishes at most "
        "1 GB. Largest folders: pagefind/ 3 MB in 2 files (1,500 KB a file), resources/ "
        "2.5 MB in 2 pages (1,250 KB a page), zh/resources/ 1.2 MB in 2 pages (600 KB a "
        "page), assets/ 0.3 MB in 1 file (300 KB a file), zh/ 0.04 MB in 1 page (40 KB a "
        "page)."
    )
    # a budget the site just fits (MB of 1,000,000 bytes)
    assert over_budget(size, 7.06) is None
    assert summary(size, 1000) == "Site: 7.06 MB in 11 files (budget 1,000 MB)"


def test_a_site_over_budget_fails_the_build_naming_its_largest_folders(make_project):
    root = make_project()
    add_plugin_options(root, {"site_budget_mb": "0.5"})
    result = mkdocs_build(root)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1, result.stderr
    # the theme's assets and the search index are the bulk of a small site
    assert re.fullmatch(
        r"ERROR   -  The site is \d\.\d+ MB, over site_budget_mb \(0\.5 MB\): GitHub Pages "
        r"publishes at most 1 GB\. Largest folders: assets/ [\d.]+ MB in \d+ files "
        r"\([\d.]+ KB a file\), pagefind/ [\d.]+ MB in \d+ files \([\d.]+ KB a file\), "
        r"(.+ in \d+ (files|pages) \([\d.]+ KB a (file|page)\), ){2}"
        r".+ in \d+ (files|pages) \([\d.]+ KB a (file|page)\)\.",
        errors[0],
    ), errors[0]


def test_campaign_build_over_budget_leaves_the_previous_site(make_project):
    root = make_project()
    good = campaign(["build"], root)
    assert good.returncode == 0, good.stderr
    # the default budget: the size is logged, at the very end of the build
    infos = [line for line in good.stderr.splitlines() if line.startswith("INFO")]
    assert re.fullmatch(
        r"INFO    -  campaign-catalog: Site: \d\.\d+ MB in \d+ files \(budget 1,000 MB\)",
        infos[-2],
    ), infos
    before = previous_site(root)
    add_plugin_options(root, {"site_budget_mb": "0.5"})
    result = campaign(["build"], root)
    assert result.returncode == 1
    budget = "over site_budget_mb (0.5 MB): GitHub Pages publishes at most 1 GB."
    assert budget in result.stderr
    assert result.stderr.strip().endswith("The previous site is unchanged.")
    assert "Traceback" not in result.stderr
    assert snapshot(root / "site") == before
    assert leftovers(root) == []


def test_a_budget_must_be_a_positive_number(make_project):
    root = make_project()
    add_plugin_options(root, {"site_budget_mb": "0"})
    result = mkdocs_build(root)
    assert result.returncode == 1
    assert "site_budget_mb" in result.stderr
    assert "must be more than 0, not 0" in result.stderr
