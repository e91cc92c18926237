"""`campaign build`: a failed build never touches the last good site, a good one replaces
it whole, and two builds of one commit are byte for byte the same."""

from __future__ import annotations

import datetime as dt
import gzip
import os
import subprocess
import sys
from pathlib import Path

from conftest import commit_all, init_repo, mkdocs_build, write_files

# A Markdown link to a page that does not exist: MkDocs warns while writing pages, so in
# strict mode it fails after it has already emptied site/ and written part of it.
BROKEN_LINK = {"content/about.md": "# About\n\nSee [the plan](plan.md).\n"}


def build(root: Path, *args: str, epoch: str | None = "1600000000") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env |= {"NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    return subprocess.run(
        [sys.executable, "-m", "generator", "build", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site-"))


def previous_site(root: Path) -> dict[str, bytes]:
    write_files(
        root,
        {
            "site/index.html": "<p>last good build</p>",
            "site/resources/old-entry/index.html": "<p>an entry since removed</p>",
        },
    )
    return snapshot(root / "site")


def test_plain_mkdocs_leaves_a_half_written_site(make_project):
    # the hazard this command exists for, shown so the next test means something
    root = make_project(BROKEN_LINK)
    previous_site(root)
    result = mkdocs_build(root)
    assert result.returncode == 1
    assert not (root / "site/resources/old-entry").exists()
    assert (root / "site/assets").is_dir()


def test_failed_build_leaves_the_previous_site_untouched(make_project):
    root = make_project(BROKEN_LINK)
    before = previous_site(root)
    result = build(root, "--strict")
    assert result.returncode == 1
    assert "WARNING -  Doc file 'about.md' contains a link 'plan.md'" in result.stderr
    assert result.stderr.strip().endswith(
        "campaign build: Aborted with 1 warnings in strict mode! The previous site is unchanged."
    )
    assert "Traceback" not in result.stderr
    assert snapshot(root / "site") == before
    assert leftovers(root) == []


def test_invalid_catalog_fails_with_located_messages(make_project):
    root = make_project({"catalog/organizations/acme.yaml": "name: Acme\nkind: company\n"})
    before = previous_site(root)
    result = build(root)
    assert result.returncode == 1
    assert "catalog/organizations/acme.yaml:2:7: kind: 'company' is not allowed" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(root / "site") == before


def test_missing_config_is_a_clear_error(tmp_path):
    result = build(tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == "campaign build: no file mkdocs.yml"


def test_successful_build_replaces_the_whole_site(make_project):
    root = make_project()
    previous_site(root)
    result = build(root, "--strict")
    assert result.returncode == 0, result.stderr
    site = root / "site"
    assert not (site / "resources/old-entry").exists()  # nothing stale survives
    assert "last good build" not in (site / "index.html").read_text(encoding="utf-8")
    assert (site / "resources/composite-lab/index.html").is_file()
    assert oct(site.stat().st_mode & 0o777) == "0o755"
    assert leftovers(root) == []


def test_site_dir_option(make_project, tmp_path):
    root = make_project()
    result = build(root, "--site-dir", str(tmp_path / "out" / "public"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out/public/index.html").is_file()
    assert not (root / "site").exists()


def test_two_builds_are_byte_identical(make_project, tmp_path):
    root = make_project()
    for name in ("one", "two"):
        result = build(root, "--site-dir", str(tmp_path / name))
        assert result.returncode == 0, result.stderr
    one, two = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    assert len(one) > 50 and "sitemap.xml.gz" in one
    assert "facets/zh/resources/field/composite-materials.json.gz" in one  # facet_files.py
    assert list(one) == list(two)
    assert [path for path in one if one[path] != two[path]] == []


def test_build_date_comes_from_the_last_commit(make_project, tmp_path):
    root = make_project()
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("site_url: https://campaign.example.org/\n")
    init_repo(root)
    # a commit dated 4 March 2021, built on another day and with no SOURCE_DATE_EPOCH set
    (root / "content/about.md").write_text("# About\n", encoding="utf-8")
    commit_all(root, "dated", GIT_COMMITTER_DATE="2021-03-04T15:00:00+00:00")
    for name in ("one", "two"):
        result = build(root, "--site-dir", str(tmp_path / name), epoch=None)
        assert result.returncode == 0, result.stderr
    sitemap = (tmp_path / "one/sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>2021-03-04</lastmod>" in sitemap
    with gzip.open(tmp_path / "one/sitemap.xml.gz") as gz:
        assert gz.read().decode("utf-8") == sitemap
    header = (tmp_path / "one/sitemap.xml.gz").read_bytes()[4:8]  # gzip's MTIME field
    midnight = dt.datetime(2021, 3, 4, tzinfo=dt.UTC).timestamp()
    assert int.from_bytes(header, "little") == midnight
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")
