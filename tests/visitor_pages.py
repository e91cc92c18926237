"""One page of every kind on the shipped site, as a visitor opens it in Chromium.

Shared by tests/test_visitor.py (checks) and tests/screenshots.py (`make screenshots`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conftest import REPO, mkdocs_build


@dataclass(frozen=True)
class Kind:
    """A page kind: its id, its address under / and /zh/, and, for search, what to type."""

    id: str
    path: str
    query: str = ""
    query_zh: str = ""


KINDS = [
    Kind("home", ""),
    Kind("resources", "resources/"),
    Kind("demands", "demands/"),
    Kind("projects", "projects/"),
    Kind("organizations", "organizations/"),
    Kind("conferences", "conferences/"),
    Kind("resource", "resources/hunan-tianlu-composite-testing-lab/"),
    Kind("demand", "demands/hunan-tianlu-ai-defect-recognition/"),
    Kind("project", "projects/zju-chip-scale-lidar/"),
    Kind("organization-group", "organizations/casic/"),
    Kind("organization-unit", "organizations/casic-no25-institute/"),
    Kind("conference", "conferences/casic-zju-2020/"),
    Kind("conference-catalog", "conferences/casic-zju-2020/catalog/"),
    Kind("news", "news/"),
    Kind("news-year", "news/2020/"),
    Kind("news-release", "news/2020-07-08-casic-zju-matchmaking/"),
    Kind("timeline", "timeline/"),
    Kind("statistics", "statistics/"),
    Kind("about", "about/"),
    # the header search, opened from the home page with a query typed
    Kind("search", "", query="composite", query_zh="复合材料"),
]
LANGUAGES = {"en": "", "zh": "zh/"}
# a phone (the narrowest common one) and a desk
WIDTHS = {360: 780, 1280: 900}


def address(kind: Kind, lang: str) -> str:
    """The page's path below the site root, e.g. 'zh/demands/'."""
    return LANGUAGES[lang] + kind.path


def build_shipped_site(site: Path) -> Path:
    """A real strict `mkdocs build` of the repository's own catalog and content into ``site``."""
    result = mkdocs_build(REPO, "-d", str(site))
    assert result.returncode == 0, result.stderr
    return site


class Tab:
    """A browser tab that counts its requests still in flight, so that waiting for a page
    to be ready takes as long as its requests do (Playwright's 'networkidle' always adds
    half a second)."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.in_flight = 0
        page.on("request", lambda _: self._count(1))
        page.on("requestfinished", lambda _: self._count(-1))
        page.on("requestfailed", lambda _: self._count(-1))

    def _count(self, step: int) -> None:
        self.in_flight += step

    def open(self, base_url: str, kind: Kind, lang: str) -> None:
        """Open the page of ``kind`` in ``lang`` and wait until it is ready to be looked at:
        loaded, fonts in, no request in flight, and for search, its query's results shown."""
        page = self.page
        page.goto(base_url + address(kind, lang), wait_until="load")
        if kind.query:
            page.keyboard.press("/")
            page.keyboard.type(kind.query_zh if lang == "zh" else kind.query)
            page.wait_for_selector("[data-campaign-search-results] li", state="visible")
            # the dialog fades in: on a loaded machine axe could look mid-fade and
            # measure the contrast of half-transparent text
            page.evaluate(
                "Promise.race([Promise.all(document.getAnimations().map(a => a.finished)),"
                " new Promise(done => setTimeout(done, 2000))])"
            )
        page.evaluate("document.fonts.ready.then(() => true)")
        for _ in range(100):
            page.wait_for_timeout(50)  # a frame, for requests started by what just ran
            if self.in_flight <= 0:
                break
