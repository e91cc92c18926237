"""The catalog's pages rendered outside MkDocs's loop (generator/adapter/render.py): in several
processes, with their warnings counted, logged per phase, and re-rendered by
`mkdocs serve` only where an edit shows."""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from test_scale_and_serve import _fetch, _free_port, _wait_for

from conftest import REPO, campaign, html_page, mkdocs_build

EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}  # 2026-01-01, for byte-identical builds


def _workers(root: Path, n: int) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"\n      workers: \d+", "", text)
    config.write_text(
        text.replace("  - campaign-catalog:\n", f"  - campaign-catalog:\n      workers: {n}\n"),
        encoding="utf-8",
    )


def _tree(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def test_several_processes_write_the_same_site_as_one(make_project, tmp_path):
    root = make_project()
    sites = []
    for n in (1, 2):
        _workers(root, n)
        result = mkdocs_build(root, "-d", str(tmp_path / f"site-{n}"), env=EPOCH)
        assert result.returncode == 0, result.stderr
        assert f"({n} process" in result.stderr
        sites.append(tmp_path / f"site-{n}")
    one, two = sites
    assert _tree(one) == _tree(two)
    different = [f for f in _tree(one) if not filecmp.cmp(one / f, two / f, shallow=False)]
    assert different == []
    # the pages taken out of MkDocs's loop are there, and in the sitemap
    assert (one / "resources/composite-lab/index.html").is_file()
    assert "resources/composite-lab/" in (one / "sitemap.xml").read_text(encoding="utf-8")


def test_a_warning_in_a_worker_still_fails_a_strict_build(make_project):
    root = make_project()
    path = root / "catalog/resources/composite-lab.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("a climate chamber.", "a climate chamber ([plan](../nowhere-at-all.md))."),
        encoding="utf-8",
    )
    _workers(root, 2)
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert "nowhere-at-all.md" in result.stderr
    # the English page and its Chinese counterpart, both rendered by the workers
    assert "(2 processes)" in result.stderr
    assert "Aborted with 2 warnings in strict mode" in result.stdout + result.stderr


def test_a_template_error_names_the_page(make_project):
    root = make_project()
    theme = root / "theme-copy"
    shutil.copytree(REPO / "theme", theme)
    template = theme / "catalog/resource.html"
    text = template.read_text(encoding="utf-8")
    assert "{% block facts %}" in text
    template.write_text(
        text.replace("{% block facts %}", "{% block facts %}{{ entry.no_such_field.x }}"),
        encoding="utf-8",
    )
    config = root / "mkdocs.yml"
    config.write_text(
        re.sub(r"custom_dir: .*", f"custom_dir: {theme}", config.read_text("utf-8")),
        encoding="utf-8",
    )
    _workers(root, 2)
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert "Error building page 'resources/" in result.stderr
    assert "no_such_field" in result.stderr
    assert "Traceback" not in result.stderr


def test_each_phase_is_logged_and_quiet_hides_it(make_project):
    root = make_project()
    loud = campaign(["build"], root)
    assert loud.returncode == 0, loud.stderr
    for phase in ("Catalog: ", "Matching: ", "Catalog pages: ", "Search index pagefind/"):
        assert phase in loud.stderr, phase
    assert re.search(r"Catalog pages: \d+ rendered \(\d process(es)?\) in \d+\.\d s", loud.stderr)
    quiet = campaign(["build", "-q"], root)
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stderr == "" and quiet.stdout == ""
    assert html_page(root / "site", "resources/composite-lab").title is not None


def _rendered(log: Path, after: int) -> tuple[int, int, int]:
    """(rendered, unchanged, how many reports) of the latest 'Catalog pages' report."""
    reports = re.findall(
        r"Catalog pages: (\d+) rendered(?:, (\d+) unchanged since the last build)?",
        log.read_text(encoding="utf-8"),
    )
    if len(reports) <= after:
        return (-1, -1, len(reports))
    rendered, unchanged = reports[-1]
    return int(rendered), int(unchanged or 0), len(reports)


def _wait_report(log: Path, count: int, seconds: float = 60) -> tuple[int, int, int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = _rendered(log, count)
        if found[2] > count:
            return found
        time.sleep(0.2)
    raise AssertionError(f"no rebuild reported:\n{log.read_text(encoding='utf-8')}")


def test_serve_renders_again_only_the_pages_an_edit_shows(make_project, tmp_path):
    root = make_project()
    port = _free_port()
    log = tmp_path / "serve.log"
    base = f"http://127.0.0.1:{port}"
    with log.open("w", encoding="utf-8") as err:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=root,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            stdout=subprocess.DEVNULL,
            stderr=err,
            text=True,
        )
    try:
        assert _wait_for(f"{base}/resources/composite-lab/", "Composite testing laboratory", 90)
        first, unchanged, reports = _wait_report(log, 0)
        assert first > 10 and unchanged == 0

        # An edit: the entry's own pages, its organization, its listing and its matches
        # change; the rest is kept from the last build.
        path = root / "catalog/resources/composite-lab.yaml"
        path.write_text(
            path.read_text(encoding="utf-8").replace(
                "Composite testing laboratory", "Renamed composite laboratory"
            ),
            encoding="utf-8",
        )
        rendered, unchanged, reports = _wait_report(log, reports)
        assert 0 < rendered < first and unchanged > 0
        assert rendered + unchanged == first
        for page in ("resources/composite-lab/", "organizations/acme-lab/"):
            assert _wait_for(f"{base}/{page}", "Renamed composite laboratory", 5), page
        # an unrelated page is still served, as it was
        assert "Renamed composite laboratory" not in (
            _fetch(f"{base}/organizations/river-university/") or "missing"
        )

        # A deleted entry's page is gone after the next build; nothing else is lost.
        (root / "catalog/resources/composite-lab.yaml").unlink()
        # the demand that named it as a partner would now be invalid: leave it be, and
        # check the page disappears once the catalog is valid again
        _, _, reports = _wait_report(log, reports)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and _fetch(f"{base}/resources/composite-lab/"):
            time.sleep(0.3)
        assert _fetch(f"{base}/resources/composite-lab/") is None
        assert _fetch(f"{base}/organizations/acme-lab/") is not None
        assert "Renamed composite laboratory" not in (
            _fetch(f"{base}/organizations/acme-lab/") or ""
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
