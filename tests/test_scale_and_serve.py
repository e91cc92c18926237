"""A generated 500-entry catalog builds cleanly; `mkdocs serve` picks up catalog edits."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qsl

from bs4 import BeautifulSoup

from conftest import REPO, campaign, mkdocs_build

sys.path.insert(0, str(REPO / "benchmarks"))
from generate_catalog import generate  # noqa: E402


def test_generated_500_entry_catalog_builds_without_warnings(tmp_path):
    counts = generate(tmp_path, 500)
    assert counts["resources"] + counts["demands"] + counts["projects"] == 500
    check = campaign(["validate"], tmp_path)
    assert check.returncode == 0, check.stdout
    result = mkdocs_build(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    site = tmp_path / "site"
    assert len(list((site / "resources").glob("resource-*/index.html"))) == counts["resources"]
    # 167 resources at 50 a page: the listing has pages 1 (index) to 4
    assert sorted(p.name for p in (site / "resources/page").iterdir()) == ["2", "3", "4"]
    check_large_organization_pages(site)
    check_large_conference_pages(site)


def check_large_organization_pages(site: Path) -> None:
    """An organization with more than 12 entries of a kind shows the first 12, in the
    listing's order, and links to the listing filtered to it and its units."""
    listing_order = [
        a["href"].strip("./").rsplit("/", 1)[-1]
        for n in ["", "page/2/", "page/3/", "page/4/"]
        for a in BeautifulSoup(
            (site / "resources" / n / "index.html").read_text(encoding="utf-8"), "html.parser"
        ).select("ol[data-card-list] .catalog-card__title a")
    ]
    seen = 0
    for language in ("", "zh/"):
        for page in sorted((site / language / "organizations").glob("group-*/index.html")):
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            section = soup.select_one("section[aria-labelledby=resources]")
            if section is None:
                continue
            total = int(section.select_one(".catalog-count").get_text())
            cards = section.select(".catalog-card__title a")
            more = section.select_one(".catalog-more a")
            if total <= 12:
                assert len(cards) == total and more is None
                continue
            seen += 1
            assert len(cards) == 12
            shown = [a["href"].strip("./").rsplit("/", 1)[-1] for a in cards]
            assert shown == [i for i in listing_order if i in set(shown)]
            path, _, query = more["href"].partition("?")
            assert (page.parent / path).resolve() == (site / language / "resources").resolve()
            orgs = {v for k, v in parse_qsl(query) if k == "organization"}
            # the entries' own organizations: the group's units that have resources
            owners = set()
            for a in cards:
                entry = BeautifulSoup(
                    (page.parent / a["href"] / "index.html").read_text(encoding="utf-8"),
                    "html.parser",
                )
                owner = entry.select(".catalog-facts dd a[href*='organizations/']")[-1]["href"]
                owners.add(owner.rstrip("/").rsplit("/", 1)[-1])
            assert owners <= orgs
            assert str(total) in more.get_text()
            assert ("全部" in more.get_text()) == (language == "zh/")
    assert seen >= 2


def check_large_conference_pages(site: Path) -> None:
    """A conference where more than 12 entries of a kind were presented shows the newest
    12 and links to the listing filtered to the conference; its printable catalog still
    has every one."""
    seen = 0
    for language in ("", "zh/"):
        for page in sorted((site / language / "conferences").glob("conference-*/index.html")):
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            printed = BeautifulSoup(
                (page.parent / "catalog/index.html").read_text(encoding="utf-8"), "html.parser"
            )
            presented = 0
            for kind in ("projects", "resources", "demands"):
                section = soup.select_one(f"section[aria-labelledby={kind}]")
                if section is None:
                    continue
                total = int(section.select_one(".catalog-count").get_text())
                presented += total
                cards = section.select(".catalog-card__title a")
                more = section.select_one(".catalog-more a")
                if total <= 12:
                    assert len(cards) == total and more is None
                    continue
                seen += 1
                assert len(cards) == 12
                path, _, query = more["href"].partition("?")
                assert (page.parent / path).resolve() == (site / language / kind).resolve()
                assert parse_qsl(query) == [("conference", page.parent.name)]
                assert str(total) in more.get_text()
            assert len(printed.select(".catalog-print__entry")) == presented
    assert seen >= 6


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return None


def _wait_for(url: str, needle: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = _fetch(url)
        if body is not None and needle in body:
            return True
        time.sleep(0.3)
    return False


def test_serve_rebuilds_when_a_catalog_file_changes(make_project):
    root = make_project()
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/resources/composite-lab/"
    try:
        assert _wait_for(url, "Composite testing laboratory", 60)
        path = root / "catalog/resources/composite-lab.yaml"
        path.write_text(
            path.read_text(encoding="utf-8").replace(
                "Composite testing laboratory", "Renamed composite laboratory"
            ),
            encoding="utf-8",
        )
        assert _wait_for(url, "Renamed composite laboratory", 60)
    finally:
        server.terminate()
        server.wait(timeout=30)
