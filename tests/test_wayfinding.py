"""Issue 14, items 4–7 of the page frame: the active header tab and the breadcrumb of
every detail page, no failed request on any page (the news feed's link taken for a
language version), the tab links' contrast, and the frame's words in Chinese on /zh/."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from conftest import add_plugin_options, create_project, html_page, mkdocs_build, serve, with_frame

FILES: dict[str, str | None] = {
    # a three-level tree: ACME › Acme Materials Lab › Acme Sensor Workshop, with Chinese
    # names on two levels and a Chinese short name on the top one
    "catalog/organizations/acme.yaml": """\
        name: Acme Aerospace Group
        short_name: ACME
        kind: enterprise
        zh:
          name: 艾克米航天集团
          short_name: 艾克米
        """,
    "catalog/organizations/acme-lab.yaml": """\
        name: Acme Materials Lab
        kind: institute
        parent: acme
        zh:
          name: 艾克米材料实验室
        """,
    "catalog/organizations/acme-sensors.yaml": """\
        name: Acme Sensor Workshop
        short_name: Acme Sensors
        kind: institute
        parent: acme-lab
        """,
    "content/zh/index.md": """\
        ---
        title: 首页
        template: catalog/home.html
        ---

        # 测试活动首页
        """,
    "catalog/demands/sensor-calibration.yaml": """\
        title: Calibration of navigation sensors
        zh:
          title: 导航传感器标定
        summary: Looking for a lab to calibrate inertial navigation sensors.
        organization: acme-sensors
        fields: [satellite-navigation]
        cooperation: testing
        """,
}

# The repository's mkdocs.yml has tabs and colour scheme toggles; the test project
# gets the same.
THEME = """\
  features:
    - navigation.tabs
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: indigo
      toggle:
        icon: material/weather-night
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: indigo
      toggle:
        icon: material/weather-sunny
        name: Switch to light mode
"""


def make_site(root: Path) -> Path:
    """The project, with tabs and toggles, in ``root``; two demands on one-entry pages,
    so /demands/page/2/ exists."""
    create_project(root, FILES, page_size=1)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace("  font: false\n", "  font: false\n" + THEME)
    )
    add_plugin_options(root, {"site_name_zh": "测试活动"})
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = make_site(tmp_path_factory.mktemp("wayfinding") / "project")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return root / "site"


def words(node: Any) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ", strip=True))


def active_tabs(soup: BeautifulSoup) -> list[str]:
    return [words(li) for li in soup.select("nav.md-tabs li.md-tabs__item--active")]


def breadcrumb(soup: BeautifulSoup) -> list[tuple[str, str | None]]:
    """The breadcrumb's items: each one's text and link (None for the current page)."""
    nav = soup.select_one("nav.catalog-breadcrumb")
    assert nav is not None, "no breadcrumb"
    items = []
    for li in nav.select("ol > li"):
        link = li.find("a")
        items.append((words(li), link["href"] if link else None))
    return items


# Every kind of detail page: where it is, its section's tab and its title, in English
# and Chinese (an entry without a Chinese title shows its English one).
DETAIL_PAGES = [
    ("resources/composite-lab", "Resources", "资源", "Composite testing laboratory", None),
    (
        "demands/sensor-calibration",
        "Demands",
        "需求",
        "Calibration of navigation sensors",
        "导航传感器标定",
    ),
    ("projects/nav-chip", "Projects", "项目", "Low-power satellite navigation chip", None),
    (
        "conferences/acme-river-2020",
        "Conferences",
        "对接会",
        "Acme × River matchmaking conference",
        None,
    ),
    ("news/2020-07-08-meeting", "News", "新闻", "Acme and River University meet online", None),
    # a later page of a listing is outside the navigation too
    ("demands/page/2", "Demands", "需求", "Demands (page 2 of 2)", "需求（第 2 页，共 2 页）"),
]


@pytest.mark.parametrize(("path", "tab", "tab_zh", "title", "title_zh"), DETAIL_PAGES)
@pytest.mark.parametrize("language", ["en", "zh"])
def test_detail_page_has_its_tab_active_and_a_breadcrumb(
    site: Path, path: str, tab: str, tab_zh: str, title: str, title_zh: str | None, language: str
) -> None:
    prefix = "zh/" if language == "zh" else ""
    soup = html_page(site, prefix + path)
    section = tab_zh if language == "zh" else tab
    assert active_tabs(soup) == [section]
    current = (title_zh or title) if language == "zh" else title
    home = "首页" if language == "zh" else "Home"
    here = prefix + path
    home_url = posixpath.relpath(prefix or ".", here) + "/"
    section_url = posixpath.relpath(prefix + path.split("/")[0], here) + "/"
    # (MkDocs writes the link to the site's root without its final slash)
    crumbs = [(name, href.rstrip("/") if href else href) for name, href in breadcrumb(soup)]
    expected = [(home, home_url.rstrip("/")), (section, section_url.rstrip("/")), (current, None)]
    assert crumbs == expected
    nav = soup.select_one("nav.catalog-breadcrumb")
    assert nav["aria-label"] == ("面包屑导航" if language == "zh" else "Breadcrumb")
    assert nav.select_one("ol > li:last-child [aria-current=page]") is not None
    # each link leads to a page that exists
    for _, href in breadcrumb(soup)[:-1]:
        assert (site / here / href / "index.html").resolve().is_file()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            ["Home", "Organizations", "ACME", "Acme Materials Lab", "Acme Sensor Workshop"],
        ),
        # the Chinese short name, else the Chinese name; the unit without a Chinese
        # name keeps its English one
        ("zh", ["首页", "机构", "艾克米", "艾克米材料实验室", "Acme Sensor Workshop"]),
    ],
)
def test_organization_breadcrumb_shows_its_chain_of_parents(
    site: Path, language: str, expected: list[str]
) -> None:
    prefix = "zh/" if language == "zh" else ""
    soup = html_page(site, prefix + "organizations/acme-sensors")
    assert active_tabs(soup) == [expected[1]]
    crumbs = breadcrumb(soup)
    assert [name for name, _ in crumbs] == expected
    assert [href for _, href in crumbs[2:]] == ["../acme/", "../acme-lab/", None]
    # a top-level organization: section, then itself
    top = breadcrumb(html_page(site, prefix + "organizations/acme"))
    assert [name for name, _ in top][2:] == [
        "艾克米航天集团" if language == "zh" else "Acme Aerospace Group"
    ]


@pytest.mark.parametrize("path", ["", "demands", "zh", "zh/demands"])
def test_pages_in_the_navigation_have_their_own_tab_and_no_breadcrumb(
    site: Path, path: str
) -> None:
    soup = html_page(site, path)
    expected = {"": "Home", "demands": "Demands", "zh": "首页", "zh/demands": "需求"}[path]
    assert active_tabs(soup) == [expected]
    assert soup.select("nav.catalog-breadcrumb") == []


def test_feed_link_is_not_taken_for_a_language_version(site: Path) -> None:
    """Material's language script fetches sitemap.xml beside every link whose rel is
    exactly "alternate": there is none (the languages' versions are in the sitemap)."""
    soup = html_page(site, "demands/sensor-calibration")
    alternates = [link["href"] for link in soup.select("head link") if link["rel"] == ["alternate"]]
    assert alternates == []
    [feed] = soup.select('head link[type="application/atom+xml"]')
    assert "alternate" in feed["rel"] and feed["href"] == "../../news/feed.xml"


@pytest.mark.parametrize(
    ("path", "made_with"),
    [
        ("", "Made with Material for MkDocs"),
        ("zh", "由 Material for MkDocs 构建"),
        ("zh/demands/sensor-calibration", "由 Material for MkDocs 构建"),
    ],
)
def test_footer_speaks_the_page_language(site: Path, path: str, made_with: str) -> None:
    soup = html_page(site, path)
    assert words(soup.select_one(".md-copyright")) == made_with


def test_frame_strings_on_chinese_pages(site: Path) -> None:
    soup = BeautifulSoup(with_frame(site / "zh/resources/composite-lab/index.html"), "html.parser")
    toggles = [i["aria-label"] for i in soup.select("form[data-md-component=palette] input")]
    assert toggles == ["切换到深色模式", "切换到浅色模式"]
    drawer = soup.select_one(".md-nav--primary > .md-nav__title")
    assert words(drawer) == "测试活动"
    assert drawer.a["aria-label"] == "测试活动"
    # the headings' permalink marks (the description has a "## Equipment" heading)
    assert {a["title"] for a in soup.select("a.headerlink")} == {"永久链接"}
    assert {
        a["title"] for a in html_page(site, "resources/composite-lab").select("a.headerlink")
    } == {"Permanent link"}
    # the contact script's button label comes from the page
    script = soup.select_one("script[data-label-show]")
    assert re.search(r"assets/javascripts/campaign\.[0-9a-f]{8}\.js$", script["src"])
    assert script["data-label-show"] == "显示地址"


def test_no_english_left_in_the_chinese_frame(site: Path) -> None:
    """The header, tabs, drawer, breadcrumb and footer of every Chinese page: no text
    or label in English, but the language selector's "English", Material's name and
    the page's own title (an entry without a Chinese title keeps its English one)."""
    allowed = {"English", "Material for MkDocs"}
    pages = list((site / "zh").rglob("index.html"))
    assert len(pages) > 10
    for html in pages:
        soup = BeautifulSoup(with_frame(html), "html.parser")
        for title in soup.select("[data-md-component=header-topic], .catalog-breadcrumb__current"):
            title.decompose()
        frame = soup.select("header, .md-tabs, .md-sidebar--primary, .catalog-breadcrumb, footer")
        texts = [
            s.strip()
            for node in frame
            for s in node.find_all(string=True)
            if s.parent.name != "script"
        ]
        texts += [
            str(tag[attr])
            for node in frame
            for tag in node.find_all(True)
            for attr in ("aria-label", "title", "placeholder")
            if tag.get(attr)
        ]
        english = [
            t
            for t in texts
            if re.search(r"[A-Za-z]{3,}", t)
            and not re.search(r"[\u4e00-\u9fff]", t)
            and t not in allowed
        ]
        assert english == [], f"{html.relative_to(site)}: {english}"


# --- in the browser -------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture
def page(browser, served) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


BROWSED = [
    "",
    "demands/",
    "demands/sensor-calibration/",
    "organizations/acme-sensors/",
    "news/2020-07-08-meeting/",
    "zh/",
    "zh/demands/sensor-calibration/",
    "zh/organizations/acme-sensors/",
]


@pytest.mark.parametrize("path", BROWSED)
def test_no_failed_requests(page, served: str, path: str) -> None:
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(f"failed {request.url}"))
    page.on(
        "response",
        lambda response: (
            failed.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    page.goto(served + path, wait_until="networkidle")
    assert failed == []


@pytest.mark.parametrize(("language", "label"), [("", "Show address"), ("zh/", "显示地址")])
def test_show_address_button_in_the_page_language(
    page, served: str, language: str, label: str
) -> None:
    page.goto(served + language + "resources/composite-lab/")
    assert page.inner_text(".catalog-email__show") == label


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_tab_links_meet_wcag_aa_contrast(browser, served: str, scheme: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(served + "demands/sensor-calibration/")
    colours = page.eval_on_selector_all(
        ".md-tabs__item:not(.md-tabs__item--active) .md-tabs__link",
        """links => links.map(a => {
             const style = getComputedStyle(a);
             const back = getComputedStyle(a.closest('.md-tabs')).backgroundColor;
             return [style.color, style.opacity, back];
           })""",
    )
    context.close()
    assert colours
    for colour, opacity, back in colours:
        fg = [float(v) for v in re.findall(r"[\d.]+", colour)[:3]]
        bg = [float(v) for v in re.findall(r"[\d.]+", back)[:3]]
        alpha = float(opacity)
        shown = tuple(alpha * f + (1 - alpha) * b for f, b in zip(fg, bg, strict=True))
        light, dark = sorted([_luminance(shown), _luminance(tuple(bg))], reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, (colour, opacity, back)
