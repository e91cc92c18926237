"""Search and faceted browsing as a visitor meets them: a real build, headless Chromium."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import cbor2
import pytest
from bs4 import BeautifulSoup

from conftest import (
    REPO,
    add_plugin_options,
    article,
    create_project,
    html_page,
    mkdocs_build,
    results_shown,
    serve,
    visible_text,
)

SEARCH_FILES = {
    "catalog/demands/sensor-calibration.yaml": """\
        title: Calibration of navigation sensors
        summary: Looking for a lab to calibrate inertial navigation sensors every quarter.
        organization: acme-lab
        fields: [satellite-navigation]
        keywords: [导航传感器标定]
        cooperation: testing
        status: open
        """,
    "catalog/demands/closed-tender.yaml": """\
        title: Antenna radome supply
        summary: A finished tender for composite radomes.
        organization: acme
        fields: [composite-materials]
        cooperation: purchase
        status: closed
        """,
    "catalog/resources/coating-platform.yaml": """\
        title: 热防护涂层测试平台
        summary: 为复合材料热防护涂层提供高温烧蚀测试服务。
        organization: acme-lab
        fields: [composite-materials]
        kind: platform
        """,
    # Two words, one the start of the other, on pages that land in different shards.
    "catalog/resources/rig-x7100.yaml": """\
        title: Vibration test rig X7100
        summary: A shaker table for satellite parts.
        organization: acme-lab
        fields: [satellite-navigation]
        kind: equipment
        """,
    "catalog/resources/rig-x71.yaml": """\
        title: Vibration test rig X71
        summary: The smaller shaker table.
        organization: acme-lab
        fields: [satellite-navigation]
        kind: equipment
        """,
}

RESULTS = "[data-campaign-search-results] li"
LISTINGS = {"", "resources", "demands", "projects", "organizations", "conferences", "news"}


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory) -> Path:
    root = create_project(tmp_path_factory.mktemp("search") / "project", SEARCH_FILES)
    # One page per shard: every test below searches a bundle split as a large catalog's
    # is, so merging the shards' results and facet counts is part of what they check.
    add_plugin_options(root, {"search_shard_pages": "1"})
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    for bundle in ("pagefind", "pagefind-zh"):
        assert (root / "site" / bundle / "pagefind.js").is_file()
        shards = json.loads((root / "site" / bundle / "shards.json").read_text("utf-8"))
        assert len(shards["shards"]) >= 3, shards
        for path in shards["shards"]:
            assert (root / "site" / bundle / path / "pagefind-entry.json").is_file()
    return root / "site"


@pytest.fixture(scope="module")
def site_url(site_dir) -> Iterator[str]:
    with serve(site_dir) as url:
        yield url


@pytest.fixture
def page(browser, site_url) -> Iterator[Any]:
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert errors == [], f"script errors on the page: {errors}"


def search(page, query: str) -> list[dict[str, str]]:
    """Type ``query`` into the header search; the results as a visitor reads them."""
    page.locator("[data-campaign-search-input]").fill(query)
    # the script marks which query the list answers once its results are in
    page.wait_for_function(
        "q => document.querySelector('[data-campaign-search-results]').dataset.query === q",
        arg=query,
    )
    return page.eval_on_selector_all(
        RESULTS,
        """items => items.map(li => ({
            type: li.querySelector('.catalog-search-type').textContent,
            title: li.querySelector('h1').textContent,
            organization: (li.querySelector('.catalog-search-organization') || {}).textContent
                || '',
            snippet: li.querySelector('.catalog-search-snippet').innerHTML,
            href: li.querySelector('a').getAttribute('href'),
        }))""",
    )


def titles(results: list[dict[str, str]]) -> list[str]:
    return [r["title"] for r in results]


def test_keyboard_shortcut_opens_the_header_search(page, site_url):
    page.goto(site_url + "organizations/")
    page.keyboard.press("/")
    assert page.evaluate("document.getElementById('__search').checked") is True
    assert page.evaluate("document.activeElement.matches('[data-campaign-search-input]')")
    page.keyboard.type("calib")
    page.wait_for_selector(RESULTS)
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('li') !== null")
    page.keyboard.press("Escape")
    assert page.evaluate("document.getElementById('__search').checked") is False


def test_english_prefix_and_stem(page, site_url):
    page.goto(site_url)
    page.keyboard.press("s")
    assert "Calibration of navigation sensors" in titles(search(page, "calib"))
    # "tests" shares no prefix with "testing": only stemming finds it
    assert "Composite testing laboratory" in titles(search(page, "tests"))


def test_a_word_finds_only_its_pages_in_every_shard(page, site_url):
    """A shard without X7100 must not answer with X71, the longest word it knows."""
    page.goto(site_url)
    results = search(page, "x7100")
    titles = [r["title"] for r in results]
    assert "Vibration test rig X7100" in titles
    assert "Vibration test rig X71" not in titles
    # the others are the pages that list the rig (its organization's), hit highlighted
    for r in results:
        assert re.search(r"<mark>X7100\W*</mark>", r["snippet"]), r
    titles = [r["title"] for r in search(page, "x71")]
    assert {"Vibration test rig X71", "Vibration test rig X7100"} <= set(titles)


def test_the_cards_in_the_index_add_no_words_of_their_own(page, site_url, site_dir):
    """Pagefind indexes metadata words too: the listing card's data (Card.index_data)
    must not make every entry match the words of its own layout: as a JSON object with
    no spaces, its keys and values made one long word per page, which "badges" or "cls"
    found by prefix on every entry, as "badges" found "badge--kind" after."""
    page.goto(site_url)
    for word in ("badges", "cls"):
        assert search(page, word) == [], word
    # the card's own texts are words of the page already: nothing new to find
    assert "Vibration test rig X71" in titles(search(page, "equipment"))
    record = BeautifulSoup(
        (site_dir / "resources/rig-x71/index.html").read_text("utf-8"), "html.parser"
    ).select_one("[data-pagefind-meta*='card[']")
    assert record is not None
    # Pagefind's syntax: "type[data-m1],card[data-m2]" names each value's attribute
    names = dict(re.findall(r"(\w+)\[([\w-]+)\]", record["data-pagefind-meta"]))
    card = json.loads(record[names["card"]])
    assert card[:2] == ["resource", "Vibration test rig X71"]
    assert ["kind", "Equipment"] in card[4]


def test_result_shows_type_title_organization_and_highlighted_snippet(page, site_url):
    page.goto(site_url)
    results = search(page, "composite")
    [lab] = [r for r in results if r["title"] == "Composite testing laboratory"]
    assert lab["type"] == "Resource"
    assert lab["organization"] == "Acme Materials Lab"
    assert "<mark>" in lab["snippet"].lower()
    # listings would repeat every entry in the results: only detail pages are indexed
    assert not [r for r in results if r["href"].rstrip("/").split("/")[-1] in LISTINGS]
    page.click(f"{RESULTS} a[href='{lab['href']}']")
    page.wait_for_url("**/resources/composite-lab/")
    assert page.locator("article h1").first.text_content() == "Composite testing laboratory"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("卫星导航", "Low-power satellite navigation chip"),  # a field's Chinese name
        ("复合材料", "Composite testing laboratory"),  # a keyword
        ("涂层", "热防护涂层测试平台"),  # a word inside a longer run of Chinese text
        ("标定", "Calibration of navigation sensors"),
    ],
)
def test_chinese_queries(page, site_url, query, expected):
    page.goto(site_url)
    assert expected in titles(search(page, query))


def test_every_kind_of_page_is_searchable(page, site_url):
    page.goto(site_url)
    kinds = {r["title"]: r["type"] for r in search(page, "acme")}
    assert kinds["Acme Aerospace Group"] == "Organization"
    assert kinds["Acme Materials Lab"] == "Organization"
    assert kinds["Acme × River matchmaking conference"] == "Conference"
    assert kinds["Acme and River University meet online"] == "News"


def facet_counts(page, facet: str) -> dict[str, int]:
    """The counts a facet shows, by value id; values counting 0 are left out."""
    counts = dict(
        page.eval_on_selector_all(
            f"[data-facet={facet}] label",
            """labels => labels.map(l => [l.querySelector('input').value,
                Number(l.querySelector('.catalog-facet__count').textContent)])""",
        )
    )
    return {value: n for value, n in counts.items() if n}


def listed(page) -> list[str]:
    return page.eval_on_selector_all(
        "[data-card-list] > li .catalog-card__title > a", "as => as.map(a => a.textContent)"
    )


def wait_for_results(page, expected: list[str]) -> None:
    """Wait until the listing shows filtered results, exactly ``expected`` (titles, in
    order)."""
    page.wait_for_function(
        """titles => document.querySelector('[data-static-only]').hidden
            && JSON.stringify([...document.querySelectorAll(
                '[data-card-list] > li .catalog-card__title > a')]
                .map(a => a.textContent)) === JSON.stringify(titles)""",
        arg=expected,
    )


def url_state(page) -> dict[str, list[str]]:
    return {k: sorted(v) for k, v in parse_qs(urlsplit(page.url).query).items()}


def test_facets_filter_the_listing_with_counts_and_url_state(page, site_url):
    page.goto(site_url + "demands/")
    static = listed(page)
    assert static == [
        "AI defect recognition for composite parts",
        "Antenna radome supply",
        "Calibration of navigation sensors",
    ]
    # the counts over the whole listing are on the page before any search
    assert facet_counts(page, "status") == {"open": 1, "in-negotiation": 1, "closed": 1}
    assert facet_counts(page, "field") == {"composite-materials": 2, "satellite-navigation": 1}

    page.check("[data-facet=status] input[value=open]")
    wait_for_results(page, ["Calibration of navigation sensors"])
    assert url_state(page) == {"status": ["open"]}
    assert page.text_content("[data-listing-summary]") == "Showing 1–1 of 1 demand."
    # other facets count within the selection; the chosen facet keeps its alternatives
    assert facet_counts(page, "field") == {"satellite-navigation": 1}
    assert facet_counts(page, "status") == {"open": 1, "in-negotiation": 1, "closed": 1}
    assert page.is_hidden("[data-results-more]")

    page.check("[data-facet=status] input[value=closed]")
    # in the listing's order: newest first, undated ones by title
    wait_for_results(page, ["Antenna radome supply", "Calibration of navigation sensors"])
    assert url_state(page) == {"status": ["closed", "open"]}
    assert page.text_content("[data-listing-summary]") == "Showing 1–2 of 2 demands."

    page.go_back()
    wait_for_results(page, ["Calibration of navigation sensors"])
    assert url_state(page) == {"status": ["open"]}
    assert page.is_checked("[data-facet=status] input[value=open]")
    assert not page.is_checked("[data-facet=status] input[value=closed]")

    page.go_back()
    # a function, not an expression: Playwright would eval() that, which the CSP refuses
    page.wait_for_function("() => !document.querySelector('[data-static-only]').hidden")
    assert not page.is_checked("[data-facet=status] input[value=open]")
    assert listed(page) == static
    assert page.text_content("[data-listing-summary]") == "Showing 1–3 of 3 demands."


def test_filters_alone_fetch_no_words_of_the_index(page, site_url, site_dir):
    """Pagefind looks a search without words up as the word "", which every chunk of the
    index matches as a prefix; each shard's empty chunk must be all it fetches. (Two
    choices: the build answers a single one from a file of its own.)"""
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if r.url.endswith(".pf_index") else None)
    page.goto(site_url + "demands/?status=open&cooperation=testing")
    wait_for_results(page, ["Calibration of navigation sensors"])
    page.wait_for_load_state("networkidle")
    assert fetched
    for url in fetched:
        path = site_dir / urlsplit(url).path.lstrip("/")
        raw = gzip.decompress(path.read_bytes())
        assert raw == b"pagefind_dcd" + cbor2.dumps([[]]), (url, raw[:80])


def test_free_text_filter_and_shared_link(page, site_url):
    page.goto(site_url + "demands/?q=radome")
    wait_for_results(page, ["Antenna radome supply"])
    assert page.input_value("[data-catalog-facets] input[name=q]") == "radome"
    page.fill("[data-catalog-facets] input[name=q]", "ultrasound")
    wait_for_results(page, ["AI defect recognition for composite parts"])
    assert url_state(page) == {"q": ["ultrasound"]}
    page.click("[data-card-list] > li .catalog-card__title > a")
    page.wait_for_url("**/demands/defect-ai/")


def test_chinese_free_text_in_facets(page, site_url):
    page.goto(site_url + "resources/?q=" + "涂层")
    wait_for_results(page, ["热防护涂层测试平台"])


def test_without_javascript_a_listing_shows_its_cards_and_counts(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "demands/")
    assert listed(page) == [
        "AI defect recognition for composite parts",
        "Antenna radome supply",
        "Calibration of navigation sensors",
    ]
    # on a desk the filters and their counts are there, with a word on what they need
    assert facet_counts(page, "status") == {"open": 1, "in-negotiation": 1, "closed": 1}
    assert page.is_visible("[data-catalog-facets] noscript p") or "JavaScript" in (
        page.text_content("[data-catalog-facets] noscript") or ""
    )
    context.close()


def test_shipped_site_makes_no_third_party_requests(browser, tmp_path):
    result = mkdocs_build(REPO, "-d", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    context = browser.new_context()
    page = context.new_page()
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    with serve(tmp_path / "site") as site_url:
        page.goto(site_url + "demands/?status=open")
        results_shown(page)
        page.keyboard.press("/")
        page.keyboard.type("composite")
        page.wait_for_selector(RESULTS)
        context.close()
        assert hosts == {site_url.split("/")[2]}


def test_material_search_setting_indexes_every_catalog_page(tmp_path):
    """`search: material` hands the search to Material's plugin, which indexes only the
    pages of MkDocs's own loop: every catalog page must be one of them."""
    root = create_project(tmp_path / "project", SEARCH_FILES)
    add_plugin_options(root, {"search": "material"}, before="search")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    index = json.loads((root / "site/search/search_index.json").read_text("utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    for kind in ("resources", "demands", "organizations"):
        for path in (root / "catalog" / kind).glob("*.yaml"):
            assert f"{kind}/{path.stem}/" in locations, (kind, path.stem)
    titles = {doc["title"] for doc in index["docs"]}
    assert "Vibration test rig X7100" in titles
    assert any("A shaker table for satellite parts." in doc["text"] for doc in index["docs"])
    assert not (root / "site/pagefind").exists()
    # the text given to Material's index is not shown on the page
    shown = visible_text(article(html_page(root / "site", "resources/rig-x7100")))
    assert shown.count("A shaker table for satellite parts.") == 1, shown
    # the catalog's script bundle holds the contact button's script, not Pagefind's
    bundles = list((root / "site/assets/javascripts").glob("campaign.*.js"))
    assert len(bundles) == 1
    bundle = bundles[0].read_text("utf-8")
    assert "/* campaign-contact.js */" in bundle and "campaign-pagefind.js" not in bundle


def test_shard_size_below_one_is_a_config_error(tmp_path):
    root = create_project(tmp_path / "project")
    add_plugin_options(root, {"search_shard_pages": "0"})
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert "search_shard_pages" in result.stderr and "at least 1, not 0" in result.stderr
    assert "Traceback" not in result.stderr
