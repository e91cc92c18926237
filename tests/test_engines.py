"""Either engine builds the same site: .ci/compare_engines.py (the engines job of the
pull-request workflow), and a small project built by MkDocs and by ProperDocs."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, create_project, run

COMPARE = REPO / ".ci/compare_engines.py"

PAGE = """<!doctype html>
<html><head><meta charset="utf-8">
<meta name="generator" content="{generator}">
<title>{title}</title></head><body><p>{title}</p></body></html>
"""


def write_site(root: Path, generator: str, title: str = "Home") -> Path:
    for rel, text in {
        "index.html": PAGE.format(generator=generator, title=title),
        "zh/index.html": PAGE.format(generator=generator, title="首页"),
        "assets/site.css": "body { margin: 0 }\n",
        "sitemap.xml": "<urlset></urlset>\n",
    }.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def compare(a: Path, b: Path):
    return run([str(COMPARE), str(a), str(b)], REPO)


def test_sites_that_differ_only_in_the_generator_tag_are_the_same(tmp_path):
    a = write_site(tmp_path / "mkdocs", "mkdocs-1.6.1, mkdocs-material-9.8.2")
    b = write_site(tmp_path / "properdocs", "mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.2")
    result = compare(a, b)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == f"4 files, the same in {a} and {b} (the generator tag aside)\n"


def test_any_other_difference_is_named(tmp_path):
    a = write_site(tmp_path / "mkdocs", "mkdocs-1.6.1, mkdocs-material-9.8.2")
    b = write_site(tmp_path / "properdocs", "mkdocs-ProperDocs 1.6.7", title="Start")
    (b / "sitemap.xml").unlink()
    (b / "extra.txt").write_text("x", encoding="utf-8")
    result = compare(a, b)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"only in {b}: extra.txt",
        "differs: index.html",
        f"only in {a}: sitemap.xml",
        f"3 files differ between {a} and {b} (the generator tag aside)",
    ]


def test_the_generator_tag_is_ignored_only_in_html(tmp_path):
    a = write_site(tmp_path / "a", "mkdocs-1.6.1")
    b = write_site(tmp_path / "b", "mkdocs-1.6.1")
    (a / "notes.txt").write_text('<meta name="generator" content="mkdocs-1.6.1">', "utf-8")
    (b / "notes.txt").write_text('<meta name="generator" content="ProperDocs">', "utf-8")
    result = compare(a, b)
    assert result.returncode == 1
    assert "differs: notes.txt" in result.stdout.splitlines()


def test_mkdocs_and_properdocs_build_the_same_site(tmp_path):
    """ProperDocs (a maintained fork of MkDocs 1.6) loads the plugin from the
    ``mkdocs.plugins`` entry points and Material from ``mkdocs.themes``, and reads
    mkdocs.yml: its site is MkDocs's, the generator tag aside."""
    root = create_project(tmp_path / "project")
    env = {"SOURCE_DATE_EPOCH": "1767225600"}
    sites = {}
    for engine in ("mkdocs", "properdocs"):
        site = tmp_path / engine
        result = run(["-m", engine, "build", "--strict", "-d", str(site)], root, env)
        assert result.returncode == 0, result.stderr
        assert "WARNING" not in result.stderr
        sites[engine] = site
    home = (sites["properdocs"] / "index.html").read_text(encoding="utf-8")
    assert '<meta name="generator" content="mkdocs-ProperDocs 1.' in home
    assert (sites["properdocs"] / "resources/composite-lab/index.html").exists()
    result = compare(sites["mkdocs"], sites["properdocs"])
    assert result.returncode == 0, result.stdout
