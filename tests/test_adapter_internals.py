"""The MkDocs internals the adapter relies on (generator/adapter/page_loop.py,
log_filter.py), each behind a test that fails when a MkDocs release changes it.

The catalog renders most of its pages with its own copy of MkDocs's page loop. The same
project is built twice: with that loop, and with every page sent through MkDocs's own
(the plugin's test-only ``own_loop: false``). Every page must come out byte for byte the
same. What legitimately differs is the sitemap: MkDocs lists the pages of its loop with
a ``<lastmod>`` date, in its order, and the catalog's own pages after them without one
(theme/sitemap.xml); it is compared as the set of addresses and their language links.
"""

from __future__ import annotations

import filecmp
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import (
    BUILD_EPOCH,
    CAMPAIGN_FILES,
    REPO,
    add_plugin_options,
    create_project,
    mkdocs_build,
)

LINKS = {
    # a hand-written page linking to one of the catalog's own pages, and to a page the
    # site excludes (exclude_docs)
    "content/about.md": """\
        # About

        See the [laboratory](resources/composite-lab.md) and the [draft](drafts/plan.md).
        """,
    "content/drafts/plan.md": "# A plan not published yet\n",
}

SAMPLE = [
    # one page of each kind the catalog renders itself, in both languages
    "resources/composite-lab/",
    "demands/defect-ai/",
    "projects/nav-chip/",
    "organizations/acme/",
    "conferences/acme-river-2020/",
    "conferences/acme-river-2020/catalog/",
    "resources/page/2/",
    "news/2020/",
    *(
        f"zh/{page}"
        for page in (
            "resources/composite-lab/",
            "demands/defect-ai/",
            "projects/nav-chip/",
            "organizations/acme/",
            "conferences/acme-river-2020/",
            "conferences/acme-river-2020/catalog/",
            "resources/page/2/",
            "news/2020/",
            "news/2020-07-08-meeting/",
        )
    ),
]
SITEMAPS = {"sitemap.xml", "sitemap.xml.gz", "zh/sitemap.xml"}


def _build(root: Path, site: Path) -> str:
    result = mkdocs_build(root, "-d", str(site), env={"SOURCE_DATE_EPOCH": BUILD_EPOCH})
    assert result.returncode == 0, result.stderr
    return result.stderr


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    """(site, log) of the catalog's loop ('own') and of MkDocs's loop ('mkdocs')."""
    base = tmp_path_factory.mktemp("loops")
    root = create_project(base / "project", {**CAMPAIGN_FILES, **LINKS}, page_size=2)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "exclude_docs: |\n  drafts/\n", encoding="utf-8"
    )
    own = _build(root, base / "own")
    add_plugin_options(root, {"own_loop": "false"})
    mkdocs = _build(root, base / "mkdocs")
    return {"own": (base / "own", own), "mkdocs": (base / "mkdocs", mkdocs)}


def _files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def test_the_catalogs_page_loop_writes_what_mkdocss_own_loop_writes(builds):
    (own, own_log), (mkdocs, mkdocs_log) = builds["own"], builds["mkdocs"]
    rendered = re.search(r"Catalog pages: (\d+) rendered", own_log)
    assert rendered and int(rendered.group(1)) > len(SAMPLE)
    assert "Catalog pages: 0 rendered" in mkdocs_log
    assert _files(own) == _files(mkdocs)
    for page in SAMPLE:
        assert (own / page / "index.html").is_file(), page
    different = [
        f
        for f in _files(own)
        if f not in SITEMAPS and not filecmp.cmp(own / f, mkdocs / f, shallow=False)
    ]
    assert different == []


def _sitemap(site: Path, name: str) -> list[str]:
    text = (site / name).read_text(encoding="utf-8")
    return sorted(
        re.sub(r"\s*<lastmod>[^<]*</lastmod>", "", url)
        for url in re.findall(r"<url>.*?</url>", text, re.S)
    )


def test_the_sitemaps_list_the_same_pages_in_either_loop(builds):
    own, mkdocs = builds["own"][0], builds["mkdocs"][0]
    for name in ("sitemap.xml", "zh/sitemap.xml"):
        listed = _sitemap(own, name)
        assert listed and listed == _sitemap(mkdocs, name)
    assert "resources/composite-lab/</loc>" in (own / "sitemap.xml").read_text("utf-8")


def test_links_to_the_catalogs_own_pages_are_not_reported_as_excluded(builds):
    own_log = builds["own"][1]
    # MkDocs's note about a link to an excluded page, worded as log_filter.py expects …
    assert (
        "Doc file 'about.md' contains a link to 'drafts/plan.md' which is excluded from "
        "the built site." in own_log
    )
    # … is quiet for the pages the catalog renders itself
    assert "resources/composite-lab.md' which is excluded" not in own_log
    assert "resources/composite-lab.md' which is excluded" not in builds["mkdocs"][1]


def test_mkdocs_internals_are_used_in_the_adapter_only():
    found = subprocess.run(
        ["grep", "-rlE", r"mkdocs\.commands|_current_page|_build_page|_populate_page", "generator"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    files = found.stdout.split()
    assert files, found.stderr
    assert [f for f in files if not f.startswith("generator/adapter/")] == []


def test_the_pipeline_imports_no_mkdocs():
    code = (
        "import sys, generator.pipeline\n"
        "print(sorted(m for m in sys.modules if m == 'mkdocs' or m.startswith('mkdocs.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
