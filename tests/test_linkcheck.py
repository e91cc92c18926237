"""`campaign check-links`: missing pages and missing anchors in a built site are caught."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from conftest import campaign, mkdocs_build, write_files

PAGES = {
    "index.html": """\
        <html><body>
        <a id="top" href="#top">top</a>
        <a href="about/">about</a>
        <a href="about/#team">team</a>
        <a href="about/index.html#history">history</a>
        <a href="about/#board">board</a>
        <a href="missing/">missing</a>
        <a href="#nowhere">same page</a>
        <a href="/about/">absolute</a>
        <a href="../outside/">outside</a>
        <a href="https://example.com/x#y">external</a>
        <a href="mailto:office@example.com">mail</a>
        <a href="#">bare</a>
        <a href="caf%C3%A9/">encoded</a>
        <img src="assets/logo.png"><img src="assets/gone.png">
        <link rel="stylesheet" href="assets/site.css?v=2">
        </body></html>
        """,
    "about/index.html": """\
        <html><body><h2 id="team">Team</h2><a name="history"></a>
        <a href="../#top">home</a><a href="../index.html">home</a></body></html>
        """,
    "café/index.html": "<html><body>Café</body></html>\n",
    "assets/logo.png": "png",
    "assets/site.css": "body {}",
}


def make_site(root: Path, pages: dict[str, str]) -> Path:
    write_files(root, {rel: textwrap.dedent(text) for rel, text in pages.items()})
    return root


def test_broken_links_and_anchors_are_listed(tmp_path):
    site = make_site(tmp_path / "site", PAGES)
    result = campaign(["check-links", str(site)], tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "index.html: broken link → #nowhere (no id 'nowhere' in index.html)",
        "index.html: broken link → ../outside/ (points outside the site)",
        "index.html: broken link → about/#board (no id 'board' in about/index.html)",
        "index.html: broken link → assets/gone.png (no file assets/gone.png)",
        "index.html: broken link → missing/ (no file missing)",
        "3 pages checked: 5 broken links.",
    ]


def test_clean_site_passes(tmp_path):
    pages = dict(PAGES)
    pages["index.html"] = '<a id="top" href="about/#team">team</a><a href="/café/">café</a>\n'
    site = make_site(tmp_path / "site", pages)
    result = campaign(["check-links", str(site)], tmp_path)
    assert result.returncode == 0, result.stdout
    assert result.stdout == "3 pages checked, no broken links.\n"


def test_absolute_links_follow_the_base_url(tmp_path):
    pages = {
        **PAGES,
        "index.html": '<a id="top" href="/repo/about/#team">a</a><a href="/about/">b</a>\n',
    }
    site = make_site(tmp_path / "site", pages)
    result = campaign(
        ["check-links", str(site), "--base-url", "https://example.github.io/repo/"], tmp_path
    )
    assert result.stdout.splitlines() == [
        "index.html: broken link → /about/ (outside the site's base path /repo/)",
        "3 pages checked: 1 broken link.",
    ]


def test_not_a_site_is_a_clear_error(tmp_path):
    result = campaign(["check-links", str(tmp_path / "nope")], tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"campaign check-links: {tmp_path / 'nope'} is not a built site (no index.html)"
    )


def test_a_page_lost_from_a_real_build_is_caught(make_project):
    root = make_project()
    assert mkdocs_build(root).returncode == 0
    shutil.rmtree(root / "site/organizations/acme-lab")
    result = campaign(["check-links", "site"], root)
    assert result.returncode == 1
    broken = [line for line in result.stdout.splitlines() if "broken link →" in line]
    assert (
        "resources/composite-lab/index.html: broken link → ../../organizations/acme-lab/ "
        "(no file organizations/acme-lab)" in broken
    )
    assert all("acme-lab" in line for line in broken)
