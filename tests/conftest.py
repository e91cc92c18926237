"""Fixtures that write small real projects into temp dirs and run the real tools on them."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import json
import os
import re
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag

from generator.adapter.frame_script import ROOT_MARK

REPO = Path(__file__).resolve().parent.parent

# A CI machine sets CI=true, which makes every build one to publish, needing SITE_URL
# (generator/site/sharing.py). The suite's builds, servers and benchmarks are not deploys:
# they run without it (and every process they start inherits that); a test of the
# guard sets it explicitly.
for _flag in ("CI", "CAMPAIGN_DEPLOY", "CAMPAIGN_PREVIEW"):
    os.environ.pop(_flag, None)

MKDOCS_YML = """\
site_name: Test campaign
site_url: https://campaign.example.org/
docs_dir: content
theme:
  name: material
  custom_dir: {theme}
  font: false
plugins:
  - campaign-catalog:
      page_size: {page_size}
nav:
  - Home: index.md
  - Resources: resources/index.md
  - Demands: demands/index.md
  - Projects: projects/index.md
  - Organizations: organizations/index.md
  - Conferences: conferences/index.md
  - News: news/index.md
not_in_nav: |
  /news/**
markdown_extensions:
  - toc:
      permalink: true
"""

# A complete, valid project in which every page type has content.
BASE_FILES: dict[str, str] = {
    "catalog/taxonomy.yaml": """\
        fields:
          composite-materials:
            name: Composite materials
            name_zh: 复合材料
          satellite-navigation:
            name: Satellite navigation
            name_zh: 卫星导航
        """,
    "catalog/organizations/acme.yaml": """\
        name: Acme Aerospace Group
        short_name: ACME
        kind: enterprise
        location: Beijing
        website: https://acme.example.com
        description: A *sample* enterprise group.
        """,
    "catalog/organizations/acme-lab.yaml": """\
        name: Acme Materials Lab
        kind: institute
        parent: acme
        """,
    "catalog/organizations/river-university.yaml": """\
        name: River University
        kind: university
        """,
    "catalog/conferences/acme-river-2020.yaml": """\
        title: Acme × River matchmaking conference
        date: 2020-07-08
        hosts: [acme, river-university]
        format: online
        attendees: 100
        participants: [acme-lab]
        projects: [nav-chip]
        summary: Online matchmaking between Acme units and River University teams.
        pushed_to_platform: 12
        """,
    "catalog/resources/composite-lab.yaml": """\
        title: Composite testing laboratory
        summary: Mechanical and thermal testing of fibre composites.
        organization: acme-lab
        fields: [composite-materials]
        kind: testing
        keywords: [复合材料, CFRP]
        conferences: [acme-river-2020]
        contact:
          name: Test office
          email: lab@example.com
        description: |
          ## Equipment

          Tensile testers and a climate chamber.
        sample: true
        """,
    "catalog/demands/defect-ai.yaml": """\
        title: AI defect recognition for composite parts
        summary: We look for a team to detect defects in ultrasound scans automatically.
        organization: acme
        fields: [composite-materials]
        cooperation: joint-rd
        deadline: 2027-03-31
        status: in-negotiation
        conferences: [acme-river-2020]
        """,
    "catalog/projects/nav-chip.yaml": """\
        title: Low-power satellite navigation chip
        summary: A BeiDou/GNSS receiver chip for wearables.
        organization: river-university
        fields: [satellite-navigation]
        team: Navigation team
        leader: Dr. Sample
        trl: 5
        seeking: [investment, application-scenario]
        """,
    "content/index.md": """\
        ---
        template: catalog/home.html
        ---

        # Test campaign home
        """,
    "content/news/2020-07-08-meeting.md": """\
        ---
        title: Acme and River University meet online
        date: 2020-07-08
        conference: acme-river-2020
        organizations: [acme, river-university]
        summary: A short sample release.
        ---

        About one hundred people took part.
        """,
}


# The base project grown into a small campaign (issue #4): three conferences (one still
# to come on BUILD_DATE), a three-level organization tree, demands in every state,
# entries dated by conference, by `updated` and not at all, and four news releases
# over three years, one with an image and tags.
BUILD_DATE = "2021-03-15"
BUILD_EPOCH = "1615766400"  # SOURCE_DATE_EPOCH of BUILD_DATE, 00:00 UTC

CAMPAIGN_FILES: dict[str, str | None] = {
    "catalog/taxonomy.yaml": """\
        fields:
          composite-materials:
            name: Composite materials
          satellite-navigation:
            name: Satellite navigation
          optics:
            name: Optics
        """,
    "catalog/organizations/acme-sensors.yaml": """\
        name: Acme Sensor Workshop
        short_name: Acme Sensors
        kind: institute
        parent: acme-lab
        """,
    "catalog/organizations/river-institute.yaml": """\
        name: River Innovation Institute
        kind: institute
        parent: river-university
        """,
    "catalog/organizations/city-office.yaml": """\
        name: City Science Office
        kind: government
        """,
    "catalog/conferences/acme-river-2020.yaml": """\
        title: Acme × River matchmaking conference
        date: 2020-07-08
        hosts: [acme, river-university]
        format: online
        attendees: 100
        participants: [acme-lab, acme-sensors, river-institute, city-office]
        projects: [nav-chip]
        pushed_to_platform: 12
        """,
    "catalog/conferences/acme-river-2019.yaml": """\
        title: First Acme × River meeting
        date: 2019-11-20
        hosts: [river-university]
        format: offline
        location: River campus
        pushed_to_platform: 5
        """,
    "catalog/conferences/acme-lake-2021.yaml": """\
        title: Acme spring matchmaking
        date: 2021-03-01
        date_precision: month
        hosts: [acme]
        format: hybrid
        """,
    "catalog/resources/sensor-rig.yaml": """\
        title: Sensor calibration rig
        summary: A rig for calibrating navigation sensors.
        organization: acme-sensors
        fields: [satellite-navigation, composite-materials]
        conferences: [acme-river-2020]
        updated: 2020-09-01
        """,
    "catalog/resources/river-data.yaml": """\
        title: River positioning data set
        summary: Ten years of positioning measurements.
        organization: river-university
        fields: [satellite-navigation]
        updated: 2021-02-10
        """,
    "catalog/demands/sensor-calibration.yaml": """\
        title: Calibration of hot sensors
        summary: Calibrate pressure sensors at 800 °C.
        organization: acme-sensors
        fields: [satellite-navigation]
        status: matched
        conferences: [acme-river-2020]
        """,
    "catalog/demands/lake-demand.yaml": """\
        title: Lightweight composite housing
        summary: A housing for an outdoor sensor.
        organization: acme-lab
        fields: [composite-materials]
        status: matched
        conferences: [acme-lake-2021]
        """,
    "catalog/demands/old-demand.yaml": """\
        title: Archive digitisation
        summary: Scan paper test reports.
        organization: acme
        fields: [composite-materials]
        status: closed
        """,
    "catalog/projects/river-coating.yaml": """\
        title: Thermal coating
        summary: A coating against heat.
        organization: river-institute
        fields: [composite-materials]
        conferences: [acme-river-2019]
        """,
    "content/news/2019-11-21-first.md": """\
        ---
        title: Acme and River meet for the first time
        date: 2019-11-21
        conference: acme-river-2019
        organizations: [river-university]
        summary: The first meeting, on the River campus.
        ---

        See the [conference page](../conferences/acme-river-2019.md).
        """,
    "content/news/2021-01-10-results.md": """\
        ---
        title: "Results & next steps"
        date: 2021-01-10
        organizations: [acme]
        tags: [results, 成果]
        image: images/results.svg
        image_alt: Two demands matched after the conference
        ---

        Two demands were matched.
        """,
    "content/news/images/results.svg": """\
        <svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>
        """,
    "content/news/2021-02-01-call.md": """\
        ---
        title: Spring call for entries
        date: 2021-02-01
        ---

        Send your entries before the spring conference.
        """,
}


def write_files(root: Path, files: dict[str, str | None]) -> None:
    """Write ``files`` under ``root``; a value of None deletes that file."""
    for rel, text in files.items():
        path = root / rel
        if text is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def create_project(
    root: Path, files: dict[str, str | None] | None = None, *, page_size: int = 50
) -> Path:
    """Write the base project, changed by ``files``, into ``root``; return ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    write_files(root, {**BASE_FILES, **(files or {})})
    (root / "mkdocs.yml").write_text(
        MKDOCS_YML.format(theme=REPO / "theme", page_size=page_size), encoding="utf-8"
    )
    return root


def add_plugin_options(root: Path, options: dict[str, str], *, before: str = "") -> None:
    """Give the campaign-catalog plugin in ``root``'s mkdocs.yml ``options``; ``before``
    names a plugin to list ahead of it."""
    config = root / "mkdocs.yml"
    lines = "".join(f"      {key}: {value}\n" for key, value in options.items())
    head = f"  - {before}\n" if before else ""
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("  - campaign-catalog:\n", f"{head}  - campaign-catalog:\n{lines}"),
        encoding="utf-8",
    )


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Path]:
    """``create_project`` into this test's temp dir."""

    def make(files: dict[str, str | None] | None = None, *, page_size: int = 50) -> Path:
        return create_project(tmp_path / "project", files, page_size=page_size)

    return make


def run(
    args: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python args…`` in ``cwd``; ``env`` adds to (or, with '', unsets in) os.environ."""
    full = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    # A CI machine sets CI=true, which makes a build one to publish (it then needs
    # SITE_URL, generator/site/sharing.py); a test asks for that explicitly.
    full.pop("CI", None)
    full.pop("CAMPAIGN_DEPLOY", None)
    full.pop("CAMPAIGN_PREVIEW", None)
    for key, value in (env or {}).items():
        if value:
            full[key] = value
        else:
            full.pop(key, None)
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, capture_output=True, text=True, env=full, timeout=600
    )


def campaign(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the CLI as a contributor would (``python -m generator``)."""
    return run(["-m", "generator", *args], cwd)


def mkdocs_build(
    root: Path, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return run(["-m", "mkdocs", "build", "--strict", "-f", "mkdocs.yml", *extra], root, env)


def html_page(site: Path, path: str) -> BeautifulSoup:
    """The built page at ``path`` ('' for the home page), parsed."""
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


_FRAME_PARTS = re.compile(r"^  var parts = (\{.*\});$", re.M)


def with_frame(page: Path) -> str:
    """The page's HTML with the header's slots filled from its frame script
    (theme/partials/campaign-frame.js) as the script fills them in a browser, for tests
    that read the header from the file; ``tests/test_frame_script.py`` checks in
    Chromium that the script does the same."""
    html = page.read_text(encoding="utf-8")
    found = re.search(
        r'<script src="([^"]*assets/javascripts/campaign-frame\.[^"]+)"></script>', html
    )
    if found is None:
        return html
    src = found.group(1)
    if src.startswith("/"):  # 404.html, served anywhere, links from the site's root
        folder = next(d for d in page.parents if (d / src.lstrip("/")).exists())
        script = (folder / src.lstrip("/")).read_text(encoding="utf-8")
    else:
        script = (page.parent / src).resolve().read_text(encoding="utf-8")
    parts_found = _FRAME_PARTS.search(script)
    assert parts_found is not None, "no parts in the frame script"
    parts = json.loads(parts_found.group(1))
    root = src[: src.rindex("assets/")]
    for name, part in parts.items():
        html = html.replace(
            f'<div data-campaign-frame="{name}"></div>', part.replace(ROOT_MARK + "/", root)
        )
    return html


def search_record(site: Path, url: str) -> dict[str, Any]:
    """What Pagefind indexed of the page at ``url`` (as '/demands/x/' or '/zh/…'): its
    fragment, read from either language's bundle and its shards."""
    for path in site.glob("pagefind*/**/*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        record: dict[str, Any] = json.loads(data[data.index(b"{") :])
        if record["url"] == url:
            return record
    raise AssertionError(f"{url} is not in the search index")


def article(soup: BeautifulSoup) -> Tag:
    """The page's main content, without Material's header, navigation and footer."""
    node = soup.select_one("article.md-content__inner")
    assert node is not None
    return node


def visible_text(node: Tag | BeautifulSoup) -> str:
    """Text as read, without the permalink marks the toc extension adds to headings."""
    node = BeautifulSoup(str(node), "html.parser")
    for mark in node.select(".headerlink"):
        mark.decompose()
    return re.sub(r"\s+", " ", node.get_text(" ", strip=True))


def build_campaign(root: Path, *, page_size: int = 2) -> Path:
    """Build CAMPAIGN_FILES on BUILD_DATE into ``root``; returns the site folder."""
    create_project(root, CAMPAIGN_FILES, page_size=page_size)
    result = mkdocs_build(root, env={"SOURCE_DATE_EPOCH": BUILD_EPOCH})
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return root / "site"


GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(root: Path, *args: str, **env: str) -> str:
    """Run git in ``root`` with a fixed identity and no user configuration."""
    result = subprocess.run(
        ["git", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, **GIT_ENV, **env},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def commit_all(root: Path, message: str, **env: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, **env)


def init_repo(root: Path) -> Path:
    """Make ``root`` a git repository on branch main with everything committed."""
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "base")
    return root


# --- A real browser (Debian's chromium, driven by Playwright) on a locally served site ---

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(site: Path, port: int = 0) -> Iterator[str]:
    """Serve ``site`` on localhost, on ``port`` or a free one; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole run (its own download is not used)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# The listing script marks its list aria-busy from a choice until the cards are in.
_LISTING_SETTLED = """() => !document.querySelector('[data-card-list]').hasAttribute('aria-busy')
    && document.querySelector('[data-static-only]').hidden"""


def results_shown(page: Any) -> None:
    """Wait until a listing shows the results of a search, every card of the batch in
    place, rather than its static list or a search still on its way."""
    page.wait_for_function(_LISTING_SETTLED)
