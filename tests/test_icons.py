"""The frame's icons come from one cached SVG sprite (issue 17, "Icons"):
``generator/site/icons.py``, ``generator/adapter/icon_sprite.py``,
``theme/partials/icon.html`` and ``icon-sprite.html``.

A project with the icons mkdocs.yml can change (logo, palette toggles, repository,
edit link, social link; back-to-top and footer arrows by feature) is built for real:
its pages carry no inline icon drawing in the frame, every ``<use>`` names a symbol of
the written sprite, the sprite holds exactly the icons the frame can show and is the
same file from build to build, an icon that cannot go into the sprite stays inline, and
in Chromium the icons are drawn, with no Content-Security-Policy violation.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from generator.site.icons import FrameSettings, Sprite, frame_icons, sprite_icon, sprite_icons

from conftest import REPO, campaign, create_project, mkdocs_build, serve, with_frame

# The test project's theme settings: the icons they name, and those Material's partials
# default to, are the sprite's.
THEME_SETTINGS = """\
  features:
    - navigation.tabs
    - navigation.top
    - navigation.footer
    - content.action.edit
  icon:
    logo: fontawesome/solid/rocket
    edit: material/pencil
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      toggle:
        icon: material/brightness-7
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      toggle:
        icon: material/brightness-4
        name: Switch to light mode
"""
EXTRA_SETTINGS = """\
repo_url: https://git.example.org/campaign/site
edit_uri: edit/main/content/
extra:
  social:
    - icon: fontawesome/brands/github
      link: https://github.com/example
"""
EXPECTED_SYMBOLS = {
    "fontawesome-solid-rocket",  # theme.icon.logo
    "material-menu",
    "material-brightness-7",  # the palette toggles
    "material-brightness-4",
    "material-translate",  # the language selector
    "material-magnify",  # the header search
    "material-arrow-left",  # the search's back arrow, the footer's previous page
    "material-close",
    "material-arrow-right",  # navigation.footer
    "material-arrow-up",  # navigation.top
    "fontawesome-brands-git-alt",  # repo_url, Material's default repository icon
    "material-pencil",  # content.action.edit with edit_uri, theme.icon.edit
    "fontawesome-brands-github",  # extra.social
}
PAGES = [
    "index.html",
    "demands/index.html",
    "demands/defect-ai/index.html",
    "zh/demands/defect-ai/index.html",
    "news/2020-07-08-meeting/index.html",
    "about/index.html",  # a Markdown page: Material's edit button
    "404.html",
]


def make_icon_project(root: Path, theme: str = THEME_SETTINGS) -> Path:
    """The base test project with ``theme`` settings and EXTRA_SETTINGS in mkdocs.yml."""
    create_project(root, {"content/about.md": "# About\n\nThe campaign.\n"})
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("  font: false\n", "  font: false\n" + theme, 1)
    config.write_text(text + EXTRA_SETTINGS, encoding="utf-8")
    return root


def build(root: Path, site: str = "site") -> Path:
    result = mkdocs_build(root, "-d", site)
    assert result.returncode == 0, result.stderr
    return root / site


def sprite_of(site: Path) -> Path:
    sprites = list((site / "assets").glob("icons.*.svg"))
    assert len(sprites) == 1, sprites
    return sprites[0]


def symbols(sprite: Path) -> dict[str, str]:
    """The sprite's symbols: id → viewBox."""
    soup = BeautifulSoup(sprite.read_text(encoding="utf-8"), "html.parser")
    return {s["id"]: s["viewbox"] for s in soup.find_all("symbol")}


def frame_svgs(page: Path) -> list[Any]:
    """The icons of the page's frame: every <svg> outside the article's text (the
    statistics charts and QR codes are content), with the edit button's."""
    soup = BeautifulSoup(with_frame(page), "html.parser")
    for article in soup.select("article.md-content__inner"):
        for button in article.select(".md-content__button"):
            article.insert_before(button.extract())
        article.decompose()
    return soup.find_all("svg")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return make_icon_project(tmp_path_factory.mktemp("icons") / "project")


@pytest.fixture(scope="module")
def site(project: Path) -> Path:
    return build(project)


def test_the_frame_has_no_inline_icon_drawing(site: Path) -> None:
    for rel in PAGES:
        svgs = frame_svgs(site / rel)
        assert len(svgs) >= 10, rel
        for svg in svgs:
            children = [c.name for c in svg.find_all(True)]
            assert children == ["use"], f"{rel}: {svg}"
            # the markup Material's CSS sizes: only the icon's viewBox, no drawing
            assert list(svg.attrs) == ["viewbox"], f"{rel}: {svg}"


def test_every_use_names_a_symbol_of_the_written_sprite(site: Path) -> None:
    sprite = sprite_of(site)
    known = symbols(sprite)
    uses = 0
    for page in site.rglob("*.html"):
        rel = page.relative_to(site).as_posix()
        soup = BeautifulSoup(with_frame(page), "html.parser")
        for use in soup.find_all("use"):
            path, _, symbol = use["href"].partition("#")
            # relative to the page; 404.html is served anywhere and links from the root
            base = "" if path.startswith("/") else posixpath.dirname(rel)
            target = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
            assert target == sprite.relative_to(site).as_posix(), f"{rel}: {use}"
            assert symbol in known, f"{rel}: {use}"
            # drawn in the icon's own viewBox, as the inline icon was
            assert use.parent["viewbox"] == known[symbol], f"{rel}: {use.parent}"
            uses += 1
    assert uses > 100


def test_the_sprite_holds_exactly_the_icons_the_frame_can_show(site: Path) -> None:
    known = symbols(sprite_of(site))
    assert set(known) == EXPECTED_SYMBOLS
    assert known["fontawesome-solid-rocket"] == "0 0 512 512"
    used = {
        use["href"].partition("#")[2]
        for rel in PAGES
        for use in BeautifulSoup(with_frame(site / rel), "html.parser")("use")
    }
    assert used == EXPECTED_SYMBOLS  # none of them unused


def test_the_sprite_is_named_by_its_content_and_the_same_in_every_build(
    project: Path, site: Path
) -> None:
    sprite = sprite_of(site)
    data = sprite.read_bytes()
    assert sprite.name == f"icons.{hashlib.sha256(data).hexdigest()[:8]}.svg"
    assert data.startswith(b'<svg xmlns="http://www.w3.org/2000/svg">')
    again = sprite_of(build(project, "site-again"))
    assert again.name == sprite.name
    assert again.read_bytes() == data


def test_a_changed_icon_setting_gives_a_new_sprite_name(tmp_path: Path, site: Path) -> None:
    other = make_icon_project(
        tmp_path / "project", THEME_SETTINGS.replace("fontawesome/solid/rocket", "material/school")
    )
    sprite = sprite_of(build(other))
    assert sprite.name != sprite_of(site).name
    assert "material-school" in symbols(sprite)
    assert "fontawesome-solid-rocket" not in symbols(sprite)


def test_an_icon_that_does_not_fit_the_sprite_stays_inline(tmp_path: Path) -> None:
    # A custom icon (Material reads them from the custom_dir's .icons/) whose <svg>
    # styles its drawing itself would look different drawn from a <symbol>.
    theme = tmp_path / "theme"
    shutil.copytree(REPO / "theme", theme)
    styled = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none">'
    styled += '<path d="M2 2h20v20H2z"/></svg>'
    (theme / ".icons/custom").mkdir(parents=True)
    (theme / ".icons/custom/styled.svg").write_text(styled, encoding="utf-8")
    root = make_icon_project(
        tmp_path / "project", THEME_SETTINGS.replace("fontawesome/solid/rocket", "custom/styled")
    )
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(str(REPO / "theme"), str(theme)),
        encoding="utf-8",
    )
    site = build(root)
    page = (site / "demands/index.html").read_text(encoding="utf-8")
    assert page.count(styled) == 2  # the header's logo and the drawer's
    assert "custom-styled" not in symbols(sprite_of(site))
    assert "#material-menu" in page  # the other icons still come from the sprite


def test_check_links_reads_the_sprite(project: Path, site: Path) -> None:
    result = campaign(["check-links", "site"], project)
    assert result.returncode == 0, result.stdout
    sprite = sprite_of(site)
    text = sprite.read_text(encoding="utf-8")
    sprite.write_text(text.replace('id="material-menu"', 'id="gone"'), encoding="utf-8")
    try:
        result = campaign(["check-links", "site"], project)
    finally:
        sprite.write_text(text, encoding="utf-8")
    rel = sprite.relative_to(site).as_posix()
    broken = [line for line in result.stdout.splitlines() if "broken link →" in line]
    assert broken
    assert all(line.endswith(f"#material-menu (no id 'material-menu' in {rel})") for line in broken)


# --- the library, without a build ----------------------------------------------------

SHIPPED_THEME = {
    "features": ["navigation.tabs", "navigation.top", "navigation.footer", "search.suggest"],
    "palette": [
        {"scheme": "default", "toggle": {"icon": "material/weather-night", "name": "Dark"}},
        {"scheme": "slate", "toggle": {"icon": "material/weather-sunny", "name": "Light"}},
    ],
    "icon": None,
    "logo": None,
}


def test_frame_icons_of_the_shipped_settings() -> None:
    settings = FrameSettings(SHIPPED_THEME, search="pagefind", language_selector=True)
    assert frame_icons(settings) == [
        "material/arrow-left",
        "material/arrow-right",
        "material/arrow-up",
        "material/close",
        "material/library",
        "material/magnify",
        "material/menu",
        "material/translate",
        "material/weather-night",
        "material/weather-sunny",
    ]


def test_frame_icons_follow_what_the_partials_test() -> None:
    bare = {"features": [], "palette": {"scheme": "slate"}, "icon": {}, "logo": "logo.png"}
    # an image logo, no palette toggles (a single palette), no search, no selector
    assert frame_icons(FrameSettings(bare)) == ["material/menu"]
    share = {**bare, "features": ["search.share"], "icon": {"share": "material/export"}}
    assert "material/export" in frame_icons(FrameSettings(share, search="material"))
    assert "material/export" not in frame_icons(FrameSettings(share, search="pagefind"))
    view = {**bare, "features": ["content.action.view"]}
    assert "material/file-eye-outline" in frame_icons(FrameSettings(view, edit_uri=True))
    assert "material/file-eye-outline" not in frame_icons(FrameSettings(view))


MENU = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M3 6h18v2H3z"/></svg>'


def test_sprite_icon_keeps_the_drawing_and_its_view_box() -> None:
    icon = sprite_icon("material/menu", MENU)
    assert icon is not None
    assert (icon.id, icon.view_box, icon.body) == (
        "material-menu",
        "0 0 24 24",
        '<path d="M3 6h18v2H3z"/>',
    )
    licensed = MENU.replace("<path", "<!--! Font Awesome, style and id= in a comment --><path")
    icon = sprite_icon("fontawesome/solid/x", licensed)
    assert icon is not None and icon.body.startswith("<!--! Font Awesome")


@pytest.mark.parametrize(
    "source",
    [
        MENU.replace('viewBox="0 0 24 24"', 'viewBox="0 0 24 24" fill="none"'),
        MENU.replace('viewBox="0 0 24 24"', 'viewBox="0 0 24 24" aria-hidden="true"'),
        MENU.replace(' viewBox="0 0 24 24"', ""),
        MENU.replace('"0 0 24 24"', '"0 0 24 24\\" onload=\\"x"'),
        MENU.replace("<path", '<path id="a"'),
        MENU.replace("<path", '<path style="opacity: .5"'),
        MENU.replace("<path", "<style>path{}</style><path"),
        MENU.replace("<path", '<use href="#a"/><path'),
        MENU.replace("</svg>", "<script>1</script></svg>"),
        "<svg><path/>",
    ],
)
def test_sprite_icon_refuses_what_a_symbol_would_draw_differently(source: str) -> None:
    assert sprite_icon("material/menu", source) is None


def test_sprite_icons_skip_missing_icons_and_repeated_ids() -> None:
    files = {"material/menu": MENU, "material-menu": MENU}
    icons = sprite_icons(["material/menu", "material/gone", "material-menu"], files.get)
    assert [i.name for i in icons] == ["material/menu"]
    sprite = Sprite.of(icons, "<svg/>")
    assert sprite.get("material/menu") is icons[0]
    assert sprite.get("material-menu") is None
    assert re.fullmatch(r"assets/icons\.[0-9a-f]{8}\.svg", sprite.url)


# --- in the browser -------------------------------------------------------------------

# Runs before any script of the page: records Content-Security-Policy violations.
WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
});
"""

# Each icon of the header that is shown: its symbol, the size of the <svg> and of the
# drawing <use> put in it (zero until the sprite has loaded and the symbol is found).
HEADER_ICONS = """() => [...document.querySelectorAll('.md-header svg')]
  .filter(svg => svg.getBoundingClientRect().width > 0)
  .map(svg => {
    const box = svg.getBoundingClientRect(), use = svg.querySelector('use');
    const drawn = use ? use.getBBox() : {width: 0, height: 0};
    return {icon: use && use.getAttribute('href').split('#')[1], width: box.width,
            height: box.height, drawn: drawn.width * drawn.height};
  })"""


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


# The header's icons laid out at each width (besides the palette toggle of the page's
# scheme): on a phone the menu, the search button and the search's back arrow; on a
# desk the logo, the search box's magnifier and the repository's icon; the search's
# reset button at both.
SHOWN = {
    390: {"material-menu", "material-translate", "material-magnify", "material-arrow-left"},
    1280: {
        "fontawesome-solid-rocket",
        "material-translate",
        "material-magnify",
        "fontawesome-brands-git-alt",
    },
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", ["demands/", "zh/demands/defect-ai/", "404.html"])
def test_icons_are_drawn_with_no_policy_violation(
    browser, served: str, path: str, width: int, scheme: str
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.add_init_script(WATCH_CSP)
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("requestfailed", lambda r: problems.append(f"failed {r.url}"))
        page.on(
            "response",
            lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )
        page.goto(served + path, wait_until="networkidle")
        # first, so that a file that did not load is named (without Material's script,
        # the page keeps its no-js class, and the header shows only two icons)
        assert problems == []
        icons = page.evaluate(HEADER_ICONS)
        # the palette toggle shown is the current scheme's
        toggle = "material-brightness-4" if scheme == "dark" else "material-brightness-7"
        shown = SHOWN[width] | {toggle, "material-close"}
        assert sorted(i["icon"] for i in icons) == sorted(shown), icons
        for icon in icons:
            assert icon["width"] > 0 and icon["height"] > 0 and icon["drawn"] > 0, icon
        assert page.evaluate("window.__csp") == []
        assert problems == []
    finally:
        context.close()
