"""The frame's script-only parts come from one cached script per language (issue 17):
``generator/adapter/frame_script.py``, ``theme/partials/campaign-frame.js``.

One project is built twice, with the plugin's ``frame_script`` on (the default) and
off (the parts written into every page, as Material does). In Chromium, on a phone and
on a desk, in both languages, every page kind shows the same header and the same
navigation drawer once its scripts have run, the colour-scheme toggle works and is
remembered alike, search finds the same pages, and the page violates no
Content-Security-Policy. The pages are smaller by what moved.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_wayfinding import make_site

from conftest import add_plugin_options, mkdocs_build, serve

# one page of each way the frame is written: an entry and a later listing page (the
# catalog's own pages: the drawer comes from the tabs), a listing, the home page and a
# Markdown page (MkDocs's pages: the drawer stays in the page), and a news release
PAGES = [
    "resources/composite-lab/",
    "zh/resources/composite-lab/",
    "demands/page/2/",
    "zh/demands/",
    "",
    "zh/",
    "news/2020-07-08-meeting/",
]

# The header, the drawer, the back-to-top button, Material's configuration and its
# storage scope as a visitor's browser has them: without <script> elements
# (the frame script's own tag is the one difference meant), and with the white space
# between tags and around text left out (the drawer the script builds has none).
FRAME_DOM = """() => {
  const clean = (node) => {
    const copy = node.cloneNode(true);
    copy.querySelectorAll("script").forEach((s) => s.remove());
    const walker = document.createTreeWalker(copy, NodeFilter.SHOW_TEXT);
    const texts = [];
    while (walker.nextNode()) texts.push(walker.currentNode);
    for (const t of texts) {
      const text = t.data.replace(/\\s+/g, " ").trim();
      if (text) t.data = text; else t.remove();
    }
    return copy.outerHTML;
  };
  return {
    header: clean(document.querySelector(".md-header")),
    drawer: clean(document.querySelector(".md-sidebar--primary")),
    top: clean(document.querySelector(".md-top")),
    topPlace: document.querySelector(".md-top").previousElementSibling.className,
    config: document.getElementById("__config").textContent,
    scope: __md_scope.pathname,
    scheme: document.body.getAttribute("data-md-color-scheme"),
  };
}"""


QUERY_SHOWN = "q => document.querySelector('[data-campaign-search-results]').dataset.query === q"


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    root = make_site(tmp_path_factory.mktemp("frame") / "project")
    config = root / "mkdocs.yml"  # and the back-to-top button
    text = config.read_text("utf-8")
    assert "    - navigation.tabs\n" in text
    config.write_text(
        text.replace("    - navigation.tabs\n", "    - navigation.tabs\n    - navigation.top\n")
    )
    built = {}
    for name, option in (("script", None), ("inline", "false")):
        if option is not None:
            add_plugin_options(root, {"frame_script": option})
        result = mkdocs_build(root, "-d", f"site-{name}")
        assert result.returncode == 0, result.stderr
        built[name] = root / f"site-{name}"
    return built


@pytest.fixture(scope="module")
def servers(sites: dict[str, Path]) -> Iterator[dict[str, str]]:
    with serve(sites["script"]) as script, serve(sites["inline"]) as inline:
        yield {"script": script, "inline": inline}


def open_page(browser: Any, url: str, width: int) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="networkidle")
    return context, page, errors


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", PAGES)
def test_the_frame_is_the_same_with_the_script(browser, servers, path: str, width: int) -> None:
    seen = {}
    for name, url in servers.items():
        context, page, errors = open_page(browser, url + path, width)
        try:
            frame = page.evaluate(FRAME_DOM)
            assert errors == [], f"{name} {path}: {errors}"
            # the colour scheme: the visible toggle switches it, and a new visit keeps it
            page.locator("form[data-md-component=palette] label:not([hidden])").click()
            page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
            page.reload(wait_until="networkidle")
            frame["scheme after reload"] = page.evaluate("document.body.dataset.mdColorScheme")
            frame["toggle after reload"] = page.locator(
                "form[data-md-component=palette] label:not([hidden])"
            ).get_attribute("title")
            seen[name] = frame
        finally:
            context.close()
    assert seen["script"] == seen["inline"]
    # what the comparison covers is there: toggles, search box, drawer entries, the
    # button and the configuration with the page's way to the site root
    header, drawer = seen["script"]["header"], seen["script"]["drawer"]
    assert 'data-md-component="top"' in seen["script"]["top"]
    depth = path.count("/")
    assert json.loads(seen["script"]["config"])["base"] == ("/".join([".."] * depth) or ".")
    assert header.count('name="__palette"') == 2
    assert "data-campaign-search-input" in header
    assert drawer.count('class="md-nav__item') >= 5
    assert seen["script"]["scheme after reload"] == "slate"


def test_the_phone_drawer_opens_with_the_tabs_entries(browser, servers) -> None:
    for path, active, section in (
        ("zh/resources/composite-lab/", "资源", "zh/resources/"),
        ("demands/page/2/", "Demands", "demands/"),
    ):
        context, page, errors = open_page(browser, servers["script"] + path, 390)
        try:
            page.click("label.md-header__button[for=__drawer]")
            drawer = page.locator(".md-nav--primary > .md-nav__list")
            drawer.locator("li").first.wait_for(state="visible")
            labels = drawer.locator("li").all_inner_texts()
            tabs = page.locator(".md-tabs__item").all_text_contents()
            assert labels == [t.strip() for t in tabs]
            assert drawer.locator(".md-nav__item--active").inner_text() == active
            # an entry leads where its tab does
            drawer.locator(".md-nav__item--active a").click()
            page.wait_for_url(servers["script"] + section)
            assert errors == []
        finally:
            context.close()


def test_search_works_from_the_scripted_box(browser, servers) -> None:
    for path, query in (("resources/composite-lab/", "composite"), ("zh/demands/", "复合材料")):
        found = {}
        for name, url in servers.items():
            context, page, errors = open_page(browser, url + path, 1280)
            try:
                page.locator("[data-campaign-search-input]").fill(query)
                page.wait_for_function(QUERY_SHOWN, arg=query)
                found[name] = page.eval_on_selector_all(
                    "[data-campaign-search-results] li a", "as => as.map(a => a.pathname)"
                )
                assert errors == []
            finally:
                context.close()
        assert found["script"] and found["script"] == found["inline"], found


def test_the_catalog_scripts_come_in_one_file_named_by_its_content(
    sites: dict[str, Path],
) -> None:
    """generator/adapter/script_bundle.py: the four scripts of the theme every page
    loads, joined in their order into one file the page loads after Material's."""
    theme = Path(__file__).parents[1] / "theme/assets/javascripts"
    names = ["campaign-contact.js", "campaign-pagefind.js", "campaign-search.js"]
    names.append("campaign-facets.js")
    page = (sites["script"] / "demands/page/2/index.html").read_text("utf-8")
    tags = re.findall(r'<script src="([^"]+)"', page)
    assert "assets/javascripts/bundle." in tags[-2]
    assert re.fullmatch(r"\.\./\.\./\.\./assets/javascripts/campaign\.[0-9a-f]{8}\.js", tags[-1])
    assert not any(name in page for name in names)
    bundle = (sites["script"] / "demands/page/2" / tags[-1]).resolve().read_bytes()
    assert tags[-1].endswith(f".{hashlib.sha256(bundle).hexdigest()[:8]}.js")
    text = bundle.decode("utf-8")
    places = [text.index((theme / name).read_text("utf-8").strip()) for name in names]
    assert places == sorted(places)


def test_back_to_top_appears_when_scrolling_back_up(browser, servers) -> None:
    for name, url in servers.items():
        context, page, errors = open_page(browser, url + "zh/conferences/acme-river-2020/", 390)
        try:
            # Material shows it by taking away `hidden` (the button only fades out)
            shown = "() => !document.querySelector('.md-top').hidden"
            assert page.evaluate(shown) is False
            page.mouse.move(200, 400)
            page.mouse.wheel(0, 3000)
            page.wait_for_timeout(300)
            page.mouse.wheel(0, -400)
            page.wait_for_function(shown)
            page.locator(".md-top").click()
            page.wait_for_function("() => window.scrollY === 0")
            assert errors == [], name
        finally:
            context.close()


def test_pages_are_smaller_by_what_moved(sites: dict[str, Path]) -> None:
    for rel in ("resources/composite-lab/index.html", "zh/resources/composite-lab/index.html"):
        script = (sites["script"] / rel).read_text(encoding="utf-8")
        inline = (sites["inline"] / rel).read_text(encoding="utf-8")
        assert len(inline.encode()) - len(script.encode()) > 3500, rel
        assert "md-search__input" not in script and "md-search__input" in inline
        # no inline script is left, so the policy names none
        assert not re.search(r"<script>", script) and "<script>" in inline
        assert "'sha256-" not in script and "'sha256-" in inline
        assert 'id="__config"' not in script and 'data-md-component="top"' not in script
        assert re.search(r'<script src="[./]*assets/javascripts/campaign-frame\.', script)
    # one script per language, named by its content, and none when the option is off
    scripts = sorted((sites["script"] / "assets/javascripts").glob("campaign-frame.*"))
    assert [p.name.split(".")[1] for p in scripts] == ["en", "zh"]
    for script in scripts:
        digest = hashlib.sha256(script.read_bytes()).hexdigest()[:8]
        assert script.name.endswith(f".{digest}.js")
    assert not list((sites["inline"] / "assets/javascripts").glob("campaign-frame.*"))
