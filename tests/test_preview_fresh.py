"""Previews that cannot go stale: `mkdocs serve` renders again each catalog page that
shows an edit, whatever linked data the edit is in, and keeps the others.

A page's fingerprint digests the data its last render read (generator/model/reads.py,
generator/site/fingerprint.py), so nothing says by hand what a template shows.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from test_render import _wait_report
from test_scale_and_serve import _fetch, _free_port, _wait_for

from generator import processes
from generator.adapter.site_reuse import SiteReuse
from generator.derive.match_results import Matches
from generator.derive.stats import CampaignStats
from generator.load.cache import LoadCache
from generator.model.catalog import Catalog, Entry, NewsItem
from generator.model.reads import recording
from generator.pipeline import loaded
from generator.site.fingerprint import Fingerprinter
from generator.site.page_plans import plan_pages

from conftest import BUILD_EPOCH, CAMPAIGN_FILES, mkdocs_build

DONE = "Reloading browsers"
"""What `mkdocs serve` logs when a build is over and the site in place."""

# (what is edited, file, text before, text after, pages that show it, a page that does not)
EDITS = [
    (
        "an organization's name",
        "catalog/organizations/acme-lab.yaml",
        "name: Acme Materials Lab",
        "name: Acme Composites Centre",
        # its entries' pages, a later listing page, a conference it took part in
        [
            "resources/composite-lab/",
            "demands/lake-demand/",
            "resources/page/2/",
            "conferences/acme-river-2020/",
        ],
        "projects/nav-chip/",
    ),
    (
        "a field's name",
        "catalog/taxonomy.yaml",
        "name: Composite materials",
        "name: Composite structures",
        ["resources/composite-lab/", "projects/river-coating/"],
        None,  # the taxonomy is part of every page's fingerprint (the build's epoch)
    ),
    (
        "a conference date",
        "catalog/conferences/acme-river-2019.yaml",
        "date: 2019-11-20",
        "date: 2019-11-23",
        # a project presented there; the conference's page
        ["projects/river-coating/", "conferences/acme-river-2019/"],
        "resources/river-data/",
    ),
    (
        "a news release's title",
        "content/news/2019-11-21-first.md",
        "title: Acme and River meet for the first time",
        "title: Acme and River sign a first agreement",
        # the conference and the organization that list it
        ["conferences/acme-river-2019/", "organizations/river-university/"],
        "resources/composite-lab/",
    ),
]


def _shown(after: str) -> str:
    """The text a page shows for a YAML value ('name: X' → 'X', a date in words)."""
    value = after.split(": ", 1)[1]
    return "23 November 2019" if value == "2019-11-23" else value


@contextmanager
def serving(root: Path, tmp_path: Path, **env: str) -> Iterator[tuple[str, Path, Path]]:
    """`mkdocs serve` on ``root``: its address, its log and the folder under which it
    builds the site (its TMPDIR), stopped at the end."""
    temp = tmp_path / "tmp"  # where `mkdocs serve` builds the site
    temp.mkdir()
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(temp), **env}
    with log.open("w", encoding="utf-8") as err:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
            text=True,
        )
    try:
        yield f"http://127.0.0.1:{port}", log, temp
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_preview_shows_every_kind_of_linked_data_edited(make_project, tmp_path):
    root = make_project(CAMPAIGN_FILES, page_size=2)
    with serving(root, tmp_path) as (base, log, temp):
        assert _wait_for(f"{base}/resources/composite-lab/", "Composite testing laboratory", 90)
        first, _, reports = _wait_report(log, 0)
        (site,) = temp.glob("mkdocs_*")
        for what, rel, before, after, showing, unrelated in EDITS:
            kept = site / (unrelated or "") / "index.html"
            stamp = kept.stat().st_mtime_ns if unrelated else None
            path = root / rel
            text = path.read_text(encoding="utf-8")
            assert before in text, rel
            path.write_text(text.replace(before, after), encoding="utf-8")
            rendered, unchanged, reports = _wait_report(log, reports)
            assert rendered + unchanged == first, what
            for page in showing:
                assert _wait_for(f"{base}/{page}", _shown(after), 5), f"{what}: {page}"
            if unrelated is None:
                assert unchanged == 0, what
                continue
            assert 0 < rendered < first, what
            # the unrelated page is served as the last build wrote it
            assert kept.stat().st_mtime_ns == stamp, f"{what}: {unrelated} rendered again"
            assert _shown(after) not in (_fetch(f"{base}/{unrelated}") or ""), what


SERVE_BUILD = """
import logging, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config

logging.basicConfig(level=logging.INFO, format="%(message)s")
config = load_config("mkdocs.yml", site_dir=sys.argv[1])
config.plugins.on_startup(command="serve", dirty=False)
build(config)
plugin = config.plugins["campaign-catalog"]
assert len(plugin.cache.fingerprints.pages) == len(plugin.added.own) > 10, "pages were not recorded"
"""


def test_recording_what_pages_read_changes_no_page(make_project, tmp_path):
    """A build as `mkdocs serve` makes it (every page's reads recorded) writes the same
    catalog pages as `mkdocs build`. Its first build, before the server's threads start,
    renders in several processes, which send what their pages read back."""
    root = make_project(CAMPAIGN_FILES, page_size=2)
    env = {"SOURCE_DATE_EPOCH": BUILD_EPOCH}
    built = mkdocs_build(root, "-d", str(tmp_path / "built"), env=env)
    assert built.returncode == 0, built.stderr
    served = subprocess.run(
        [sys.executable, "-c", SERVE_BUILD, str(tmp_path / "served")],
        cwd=root,
        env={**os.environ, **env, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
    )
    assert served.returncode == 0, served.stderr
    if sys.platform.startswith("linux") and processes.cores() > 1:  # it forks
        assert "(2 processes)" in served.stderr
    pages = sorted(
        p.relative_to(tmp_path / "built").as_posix()
        for p in (tmp_path / "built").rglob("index.html")
    )
    assert "resources/page/2/index.html" in pages and "zh/news/2020/index.html" in pages

    def text(site: str, page: str) -> str:
        # a preview writes no first-choice files (publish/facet_files.py), so its
        # listings do not name them: their filters ask Pagefind for every choice
        html = (tmp_path / site / page).read_text(encoding="utf-8")
        return re.sub(r' data-first-choice="[^"]*"', "", html)

    different = [p for p in pages if text("built", p) != text("served", p)]
    assert different == []
    assert 'data-first-choice="' in (tmp_path / "built/resources/index.html").read_text("utf-8")


def test_reads_are_recorded_only_while_recording():
    catalog = Catalog()
    with recording() as read:
        assert "__getattribute__" in Catalog.__dict__
        assert catalog.organizations.get("acme") is None
        with recording() as inner:
            assert len(catalog.news) == 0
    assert inner == {("catalog", "news")}
    assert read == {
        ("catalog", "entries", "organizations"),  # what the property reads
        ("catalog", "organizations", "acme"),  # an item looked up, found or not
        ("catalog", "news"),  # the inner recording's too
    }
    # outside a recording, nothing is hooked: `mkdocs build` pays nothing
    for cls in (Catalog, Entry, NewsItem, CampaignStats, Matches):
        assert "__getattribute__" not in cls.__dict__
    assert isinstance(catalog.organizations, dict)


NEW_RESOURCE = """\
title: Salt spray chamber
summary: Corrosion tests for coatings.
organization: acme-lab
fields: [composite-materials]
"""


def test_the_preview_sitemaps_list_the_pages_there_are(make_project, tmp_path):
    """While serving, the sitemaps are written again only when the pages they list
    change (generator/adapter/sitemaps.py): an edit to a title keeps them, an added or
    deleted entry is in them, or out of them, at once, in both languages."""
    root = make_project(CAMPAIGN_FILES)
    with serving(root, tmp_path, SOURCE_DATE_EPOCH=BUILD_EPOCH) as (base, log, temp):
        _sitemaps_follow_the_pages(root, base, log, temp)


def _sitemaps_follow_the_pages(root: Path, base: str, log: Path, temp: Path) -> None:
    def sitemaps() -> tuple[str, str]:
        text = (site / "sitemap.xml").read_text(encoding="utf-8")
        # MkDocs's gzipped copy says the same
        assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode() == text
        return text, (site / "zh/sitemap.xml").read_text(encoding="utf-8")

    def rebuilt(rel: str, text: str | None) -> None:
        path = root / rel
        if text is None:
            path.unlink()
        else:
            path.write_text(text, encoding="utf-8")
        nonlocal reports
        _, _, reports = _wait_report(log, reports)
        deadline = time.monotonic() + 30  # the report comes before the build's end
        while time.monotonic() < deadline and log.read_text("utf-8").count(DONE) < reports - 1:
            time.sleep(0.2)

    assert _wait_for(f"{base}/resources/composite-lab/", "Composite testing laboratory", 90)
    _, _, reports = _wait_report(log, 0)
    (site,) = temp.glob("mkdocs_*")
    first = sitemaps()
    assert f"{base}/zh/resources/composite-lab/" in first[1]
    assert f"<loc>{base}/resources/composite-lab/</loc>" not in first[1]
    stamp = (site / "sitemap.xml").stat().st_mtime_ns

    # a title: the same pages, the same sitemaps, not written again, although the
    # entry moves from first to last in its listing (the sitemap lists the catalog's
    # pages in the order of their addresses)
    rel = "catalog/resources/composite-lab.yaml"
    edited = (
        (root / rel)
        .read_text(encoding="utf-8")
        .replace("Composite testing laboratory", "Zinc-plated composite laboratory")
    )
    rebuilt(rel, edited)
    assert _wait_for(f"{base}/resources/composite-lab/", "Zinc-plated composite laboratory", 5)
    assert sitemaps() == first
    assert (site / "sitemap.xml").stat().st_mtime_ns == stamp

    # an entry added: in both languages' sitemaps
    rebuilt("catalog/resources/salt-spray.yaml", NEW_RESOURCE)
    added = sitemaps()
    assert f"<loc>{base}/resources/salt-spray/</loc>" in added[0]
    assert f'hreflang="zh" href="{base}/zh/resources/salt-spray/"' in added[0]
    assert f"<loc>{base}/zh/resources/salt-spray/</loc>" in added[1]
    assert f"{base}/zh/resources/salt-spray/" in (_fetch(f"{base}/zh/sitemap.xml") or "")

    # and deleted again: the sitemaps are the first build's
    rebuilt("catalog/resources/salt-spray.yaml", None)
    assert sitemaps() == first


def test_plan_parts_taken_over_from_the_last_build_are_those_worked_out_afresh(make_project):
    """A rebuild takes over the last build's plan parts and the shapes of unchanged
    texts (``fingerprint.Memo``); each part is still the one a fingerprinter without
    them works out, the edited entry's is new, and the others are the last build's."""
    root = make_project(CAMPAIGN_FILES, page_size=2)
    cache = LoadCache()

    def parts(catalog: Catalog, last: Fingerprinter | None) -> tuple[Fingerprinter, dict]:
        fingerprinter = Fingerprinter("epoch", catalog, Matches(), None, last and last.memo())
        plans = plan_pages(catalog, page_size=2)
        return fingerprinter, {p.src_uri: fingerprinter.plan(p) for p in plans}

    first, before = parts(loaded(root, cache=cache)[0], None)
    path = root / "catalog/resources/composite-lab.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("fibre composites", "carbon fibre parts"),
        encoding="utf-8",
    )
    second, after = parts(loaded(root, cache=cache)[0], first)
    assert after == parts(loaded(root)[0], None)[1]
    assert len(second.memo().shapes) > 10  # the unchanged texts were known by identity
    changed = {uri for uri in after if after[uri] != before.get(uri)}
    # the entry's pages in both languages; the others name it by its id
    assert {"resources/composite-lab.md", "zh/resources/composite-lab.md"} <= changed
    assert "resources/sensor-rig.md" not in changed and len(changed) < len(after) / 4


def test_a_page_counts_as_kept_when_its_file_and_folder_came_back(tmp_path):
    """``SiteReuse.kept``: the last build wrote the file and its folder was moved back
    (the preview asks this instead of the file system for every page)."""
    site = tmp_path / "site"
    for page in ("resources/a/index.html", "demands/b/index.html"):
        (site / page).parent.mkdir(parents=True)
        (site / page).write_text("page", encoding="utf-8")
    reuse = SiteReuse()
    reuse.sweep(
        str(site), {str(site / "resources/a/index.html"), str(site / "demands/b/index.html")}
    )
    reuse.set_aside(str(site))
    reuse.bring_back(str(site), ["resources"])
    assert reuse.kept(str(site / "resources/a/index.html"))
    assert (site / "resources/a/index.html").is_file()
    assert not reuse.kept(str(site / "demands/b/index.html"))  # its folder stayed behind
    assert not (site / "demands/b/index.html").exists()
    assert not reuse.kept(str(site / "resources/c/index.html"))  # not written last time
    reuse.discard()
