"""A listing's first filter choice answered from the build's file (publish/facet_files.py)
shows exactly what Pagefind shows for it: the same count, the same count beside every
option, the same first cards in the same order, in English and in Chinese; and it
fetches that one file, no Pagefind filter file. A real build of the small campaign with
entries whose titles sort in tricky ways, two entries a page (so "Show more" has work),
the search index in shards of eight pages; served locally and read in headless Chromium."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

from conftest import (
    BUILD_EPOCH,
    CAMPAIGN_FILES,
    REPO,
    add_plugin_options,
    create_project,
    mkdocs_build,
    results_shown,
    serve,
)

# Entries of one date, so that their titles decide the order: escaped characters
# (& ' <), digits, case, a Chinese translation; an organization with a Chinese name.
EXTRA_FILES = {
    "catalog/organizations/acme-lab.yaml": """\
        name: Acme Materials Lab
        kind: institute
        parent: acme
        zh:
          name: 艾克姆材料实验室
        """,
    "catalog/resources/amp-bench.yaml": """\
        title: R&D bench
        summary: A bench for R&D work <b>not bold</b>.
        organization: acme-lab
        fields: [composite-materials, optics]
        kind: equipment
        updated: 2020-09-01
        zh:
          title: 研发试验台
          summary: 研发用试验台。
        """,
    "catalog/resources/quote-bench.yaml": """\
        title: R'x bench
        summary: A bench with a quote.
        organization: acme-lab
        fields: [composite-materials]
        kind: equipment
        updated: 2020-09-01
        """,
    "catalog/resources/angle-bench.yaml": """\
        title: R<x> bench
        summary: A bench with brackets.
        organization: acme-sensors
        fields: [composite-materials]
        kind: facility
        updated: 2020-09-01
        """,
    "catalog/resources/bench-10.yaml": """\
        title: Bench 10
        summary: The tenth bench.
        organization: acme-lab
        fields: [optics]
        kind: equipment
        updated: 2020-09-01
        sample: true
        """,
    "catalog/resources/bench-2.yaml": """\
        title: bench 2
        summary: The second bench.
        organization: acme-lab
        fields: [optics, composite-materials]
        kind: facility
        conferences: [acme-lake-2021]
        updated: 2020-09-01
        """,
    "catalog/demands/optics-demand.yaml": """\
        title: Lens grinding
        summary: Grind lenses for a telescope.
        organization: acme-lab
        fields: [optics]
        cooperation: purchase
        deadline: 2022-06-30
        conferences: [acme-lake-2021]
        zh:
          title: 镜片研磨
          summary: 为望远镜研磨镜片。
        """,
    "catalog/demands/expired-demand.yaml": """\
        title: Expired call
        summary: Its deadline has passed.
        organization: acme
        fields: [optics, composite-materials]
        cooperation: testing
        deadline: 2021-01-31
        """,
    "catalog/projects/lens-project.yaml": """\
        title: Adaptive lens
        summary: A lens that changes its focus.
        organization: river-university
        fields: [optics]
        trl: 3
        seeking: [partner, testing]
        conferences: [acme-lake-2021]
        """,
}

LISTINGS = ("resources", "demands", "projects")
PAGEFIND = re.compile(r"/pagefind(-zh)?/")

# Everything a visitor reads of the results: the line above them, every option's count
# and whether it is greyed out, the cards, "Show more", the filter button's label.
READ_STATE = """() => ({
    summary: document.querySelector('[data-listing-summary]').textContent,
    counts: [...document.querySelectorAll('[data-facet] label')].map(l => [
        l.closest('[data-facet]').dataset.facet,
        l.querySelector('input').value,
        l.querySelector('input').checked,
        l.querySelector('[data-count]').textContent,
        l.classList.contains('catalog-facet__value--none')]),
    cards: [...document.querySelectorAll('[data-card-list] > li')].map(li => li.outerHTML),
    titles: [...document.querySelectorAll('[data-card-list] .catalog-card__title > a')].map(
        a => a.textContent),
    more: document.querySelector('[data-results-more]').hidden,
    toggle: document.querySelector('[data-filter-toggle]').textContent,
    address: location.search,
})"""


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory) -> Path:
    root = create_project(
        tmp_path_factory.mktemp("first-choice") / "project",
        {**CAMPAIGN_FILES, **EXTRA_FILES},
        page_size=2,
    )
    # shards of eight pages: Pagefind merges several, as on a large catalog
    add_plugin_options(root, {"search_shard_pages": "8"})
    result = mkdocs_build(root, env={"SOURCE_DATE_EPOCH": BUILD_EPOCH})
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def site_url(site_dir) -> Iterator[str]:
    with serve(site_dir) as url:
        yield url


def open_context(browser, *, pagefind_only: bool) -> Any:
    """A browser context with a fresh cache; ``pagefind_only`` blocks the first-choice
    files, so that its pages ask Pagefind as they do for any other choice."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    if pagefind_only:
        context.route("**/facets/**", lambda route: route.abort())
    return context


def visit(
    browser, url: str, *, pagefind_only: bool, more: bool = True, context: Any = None
) -> dict[str, Any]:
    """Open ``url`` (in ``context``, else in a context of its own with a fresh cache):
    what it shows once the results are in, what it fetched until then, and (``more``)
    what it shows after "Show more" until every card is in."""
    own = context is None
    if context is None:
        context = open_context(browser, pagefind_only=pagefind_only)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    page.goto(url)
    results_shown(page)
    shown: dict[str, Any] = page.evaluate(READ_STATE)
    shown["fetched"] = list(fetched)
    if more:
        while page.is_visible("[data-results-more]"):
            before = page.locator("[data-card-list] > li").count()
            page.click("[data-results-more]")
            page.wait_for_function(
                "n => document.querySelectorAll('[data-card-list] > li').length > n"
                " && !document.querySelector('[data-card-list]').hasAttribute('aria-busy')",
                arg=before,
            )
        shown["all"] = page.evaluate(READ_STATE)
    page.close()
    if own:
        context.close()
    assert errors == [], errors
    return shown


def choices(browser, url: str) -> list[tuple[str, str]]:
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    found = page.eval_on_selector_all("[data-facet] input", "bs => bs.map(b => [b.name, b.value])")
    context.close()
    return [(key, value) for key, value in found]


@pytest.mark.parametrize("language", ["", "zh/"])
@pytest.mark.parametrize("listing", LISTINGS)
def test_a_first_choice_shows_what_pagefind_shows(browser, site_url, listing, language):
    listing_url = site_url + language + listing + "/"
    found = choices(browser, listing_url)
    assert len({key for key, _ in found}) >= 4
    lang = "zh" if language else "en"
    pagefind = open_context(browser, pagefind_only=True)
    for n, (key, value) in enumerate(found):
        url = f"{listing_url}?{key}={quote(value)}"
        expected = visit(browser, url, pagefind_only=True, context=pagefind)
        shown = visit(browser, url, pagefind_only=False)
        if n == 0:  # the page asked Pagefind when the file was blocked
            assert any(path.endswith(".pf_filter") for path in expected["fetched"]), url
        # and the file alone otherwise: no filter file, nothing of Pagefind's
        file = f"/facets/{lang}/{listing}/{key}/{value}.json.gz"
        assert [p for p in shown["fetched"] if "/facets/" in p] == [file], url
        assert [p for p in shown["fetched"] if PAGEFIND.search(p)] == [], url
        for part in ("summary", "counts", "cards", "more", "toggle", "address"):
            assert shown[part] == expected[part], (url, part)
        # "Show more" goes on from the file's first page with Pagefind's results
        assert shown["all"] == expected["all"], url
    pagefind.close()


def test_cards_are_in_the_page_language_and_in_the_listing_order(browser, site_url):
    en = visit(browser, site_url + "resources/?field=composite-materials", pagefind_only=False)
    zh = visit(browser, site_url + "zh/resources/?field=composite-materials", pagefind_only=False)
    assert en["summary"] == "Showing 1–2 of 6 resources."
    assert zh["summary"] == "显示第 1–2 项，共 6 项资源。"
    # newest first; entries of one date by title, code point by code point (& ' <),
    # with the title in the page's language
    assert en["all"]["titles"] == [
        "bench 2",
        "R&D bench",
        "R'x bench",
        "R<x> bench",
        "Sensor calibration rig",
        "Composite testing laboratory",
    ]
    assert zh["all"]["titles"][:3] == ["bench 2", "R'x bench", "R<x> bench"]
    assert "研发试验台" in zh["all"]["titles"]
    zh_cards = "".join(zh["all"]["cards"])
    assert '<a href="/zh/resources/amp-bench/">研发试验台</a>' in zh_cards
    assert "艾克姆材料实验室" in zh_cards
    # text, never markup: the summary's <b> is text
    assert "&lt;b&gt;not bold&lt;/b&gt;" in "".join(en["all"]["cards"])


def test_an_address_with_a_label_uses_the_file_in_both_languages(browser, site_url):
    for language, label in (("", "Composite+materials"), ("zh/", "艾克姆材料实验室")):
        key = "field" if language == "" else "organization"
        shown = visit(browser, f"{site_url}{language}resources/?{key}={label}", pagefind_only=False)
        assert [p for p in shown["fetched"] if "/facets/" in p], shown["fetched"]
        assert [p for p in shown["fetched"] if PAGEFIND.search(p)] == []
        value = "composite-materials" if key == "field" else "acme-lab"
        assert shown["address"] == f"?{key}={value}"


@pytest.mark.parametrize(
    ("path", "summary"),
    [
        # a value the listing has no entry with: no file, Pagefind says nothing matches
        ("projects/?organization=acme", "No projects match these filters."),
        ("resources/?field=not-a-field", "No resources match these filters."),
        # two values, text, another order: Pagefind, as before
        ("resources/?field=optics&field=satellite-navigation", "Showing 1–2 of 5 resources."),
        ("resources/?field=optics&q=bench", "Showing 1–2 of 3 resources."),
        ("resources/?field=optics&sort=title", "Showing 1–2 of 3 resources."),
    ],
)
def test_other_choices_ask_pagefind(browser, site_url, path, summary):
    shown = visit(browser, site_url + path, pagefind_only=False, more=False)
    assert shown["summary"] == summary
    assert [p for p in shown["fetched"] if "/facets/" in p] == []
    assert [p for p in shown["fetched"] if PAGEFIND.search(p)]


def test_a_second_choice_after_a_first_asks_pagefind(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    page.goto(site_url + "demands/")
    page.check("[data-facet=field] input[value=optics]")
    results_shown(page)
    assert page.text_content("[data-listing-summary]") == "Showing 1–2 of 2 demands."
    assert "/facets/en/demands/field/optics.json.gz" in fetched
    assert [p for p in fetched if PAGEFIND.search(p)] == []
    page.check("[data-facet=cooperation] input[value=purchase]")
    page.wait_for_function(
        "() => document.querySelector('[data-listing-summary]').textContent"
        " === 'Showing 1–1 of 1 demand.'"
    )
    assert page.text_content("[data-card-list] .catalog-card__title > a") == "Lens grinding"
    assert any(p.endswith(".pf_filter") for p in fetched)
    page.go_back()
    page.wait_for_function(
        "() => document.querySelector('[data-listing-summary]').textContent"
        " === 'Showing 1–2 of 2 demands.'"
    )
    context.close()


def test_the_facet_benchmark_measures_both_paths(browser, site_url):
    """benchmarks/facet_bench.py at a tiny size: it runs and counts what it should."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from facet_bench import measure

    url = site_url + "resources/"
    for how in ("click", "address"):
        file = measure(browser, url, "field", "optics", how=how, path="file")
        assert (file["files"], file["first_choice_files"]) == (1, 1), file
        assert file["summary"] == "Showing 1–2 of 3 resources." and file["cards"] == 2
        assert 0 < file["ms"] < 30_000
        pagefind = measure(browser, url, "field", "optics", how=how, path="pagefind")
        assert pagefind["first_choice_files"] == 0 and pagefind["files"] > 5, pagefind
        assert pagefind["summary"] == file["summary"]
