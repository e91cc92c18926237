"""Listings as a visitor meets them (issue #14): cards, filters that tell the truth,
filter addresses in both languages, sorting, a phone's "Filter" button. A real build of
the small campaign (two entries a page, so "Show more" and pagination have work),
served locally and read in headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import build_campaign, results_shown, serve

LISTINGS = ("resources", "demands", "projects", "organizations", "conferences", "news")

# Everything a card shows, read the same way from the static list and the results.
READ_CARDS = """els => els.map(li => ({
    cls: li.className,
    title: li.querySelector('.catalog-card__title > a').textContent,
    lang: li.querySelector('.catalog-card__title > a').lang,
    org: (li.querySelector('.catalog-card__org') || {}).textContent || null,
    badges: [...li.querySelectorAll('.catalog-badge')].map(b => [b.className, b.textContent,
        b.title]),
    summary: (li.querySelector('.catalog-card__summary') || {}).textContent || null,
    fields: [...li.querySelectorAll('.catalog-card__fields li')].map(f => f.textContent),
}))"""


@pytest.fixture(scope="module")
def site_url(tmp_path_factory) -> Iterator[str]:
    site = build_campaign(tmp_path_factory.mktemp("listings") / "project", page_size=2)
    with serve(site) as url:
        yield url


@pytest.fixture
def page(browser) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert errors == [], f"script errors on the page: {errors}"


def cards(page) -> list[dict[str, Any]]:
    return page.eval_on_selector_all("[data-card-list] > li", READ_CARDS)


def titles(page) -> list[str]:
    return [c["title"] for c in cards(page)]


def summary(page) -> str:
    return page.text_content("[data-listing-summary]").strip()


def show_all(page) -> None:
    """Press "Show more" until every result is shown."""
    while page.is_visible("[data-results-more]"):
        before = len(cards(page))
        page.click("[data-results-more]")
        page.wait_for_function(
            "n => document.querySelectorAll('[data-card-list] > li').length > n", arg=before
        )


def counts(page, facet: str) -> dict[str, int]:
    return dict(
        page.eval_on_selector_all(
            f"[data-facet={facet}] label",
            """ls => ls.map(l => [l.querySelector('input').value,
                Number(l.querySelector('.catalog-facet__count').textContent)])""",
        )
    )


def query(page) -> dict[str, list[str]]:
    return {k: sorted(v) for k, v in parse_qs(urlsplit(page.url).query).items()}


@pytest.mark.parametrize("language", ["", "zh/"])
@pytest.mark.parametrize("listing", LISTINGS)
def test_filtered_results_are_the_static_cards(page, site_url, listing, language):
    """The same partial makes both: every card of the static pages reappears, badge for
    badge, among the results of a filter that every entry passes."""
    static: list[dict[str, Any]] = []
    url: str | None = site_url + language + listing + "/"
    while url:
        page.goto(url)
        static += cards(page)
        nxt = page.query_selector(".catalog-pagination a[rel=next]")
        url = nxt.evaluate("a => a.href") if nxt else None
    assert len(static) >= 2
    assert all(c["badges"] for c in static)
    # every value of the first filter: every entry has one
    page.goto(site_url + language + listing + "/")
    first = page.query_selector("[data-facet]").get_attribute("data-facet")
    values = page.eval_on_selector_all(f"[data-facet={first}] input", "bs => bs.map(b => b.value)")
    page.goto(site_url + language + listing + "/?" + "&".join(f"{first}={v}" for v in values))
    results_shown(page)
    show_all(page)
    found = {c["title"]: c for c in cards(page)}
    assert sorted(found) == sorted(c["title"] for c in static)
    for card in static:
        assert found[card["title"]] == card


def test_counts_showing_and_show_more_follow_each_choice(page, site_url):
    page.goto(site_url + "resources/")
    assert summary(page) == "Showing 1–2 of 3 resources, page 1 of 2."
    assert counts(page, "field") == {"satellite-navigation": 2, "composite-materials": 2}
    assert page.is_hidden("[data-results-more]")

    page.check("[data-facet=field] input[value=satellite-navigation]")
    results_shown(page)
    assert summary(page) == "Showing 1–2 of 2 resources."
    assert page.is_hidden("[data-results-more]")
    assert page.is_hidden(".catalog-pagination")
    # the chosen facet keeps its alternatives; the others count within the choice
    assert counts(page, "field") == {"satellite-navigation": 2, "composite-materials": 2}
    assert counts(page, "kind") == {"testing": 0, "other": 2}
    assert page.eval_on_selector(
        "[data-facet=kind] input[value=testing]",
        "i => i.closest('.catalog-facet__value').classList.contains('catalog-facet__value--none')",
    )

    page.check("[data-facet=field] input[value=composite-materials]")
    page.wait_for_function(
        "() => document.querySelectorAll('[data-card-list] > li').length == 2"
        " && !document.querySelector('[data-results-more]').hidden"
    )
    assert summary(page) == "Showing 1–2 of 3 resources."
    page.click("[data-results-more]")
    page.wait_for_function("() => document.querySelector('[data-results-more]').hidden")
    assert summary(page) == "Showing 1–3 of 3 resources."
    assert len(cards(page)) == 3

    page.uncheck("[data-facet=field] input[value=satellite-navigation]")
    page.uncheck("[data-facet=field] input[value=composite-materials]")
    page.wait_for_function("() => !document.querySelector('[data-static-only]').hidden")
    assert summary(page) == "Showing 1–2 of 3 resources, page 1 of 2."
    assert counts(page, "field") == {"satellite-navigation": 2, "composite-materials": 2}


def test_a_choice_with_no_result_says_so(page, site_url):
    page.goto(site_url + "demands/?status=open")
    results_shown(page)
    assert summary(page) == "No demands match these filters."
    assert cards(page) == []


@pytest.mark.parametrize(
    ("path", "expected_query"),
    [
        ("demands/?status=matched", {"status": ["matched"]}),
        ("zh/demands/?status=matched", {"status": ["matched"]}),
        # older addresses wrote labels, in the page's language or the other
        ("zh/demands/?status=Matched", {"status": ["matched"]}),
        ("demands/?status=已对接", {"status": ["matched"]}),
        (
            "demands/?field=Composite+materials&status=MATCHED",
            {"field": ["composite-materials"], "status": ["matched"]},
        ),
    ],
)
def test_a_filter_address_works_in_both_languages(page, site_url, path, expected_query):
    page.goto(site_url + path)
    results_shown(page)
    assert query(page) == expected_query
    expected = {"Calibration of hot sensors", "Lightweight composite housing"}
    if "field" in expected_query:
        expected = {"Lightweight composite housing"}
    shown = titles(page)
    if path.startswith("zh/"):
        # Chinese pages show the English title where there is no Chinese one
        assert all(c["lang"] == "en" for c in cards(page))
    assert set(shown) == expected
    assert page.is_checked("[data-facet=status] input[value=matched]")


def test_news_filters_by_year_conference_and_organization(page, site_url):
    page.goto(site_url + "news/")
    assert summary(page) == "Showing 1–2 of 4 releases, page 1 of 2."
    assert counts(page, "year") == {"2021": 2, "2020": 1, "2019": 1}
    assert counts(page, "conference") == {"acme-river-2020": 1, "acme-river-2019": 1}
    assert counts(page, "organization") == {"acme": 2, "river-university": 2}
    page.check("[data-facet=year] input[value='2021']")
    results_shown(page)
    assert summary(page) == "Showing 1–2 of 2 releases."
    assert titles(page) == ["Spring call for entries", "Results & next steps"]
    assert counts(page, "organization") == {"acme": 1, "river-university": 0}
    badges = [b[1] for b in cards(page)[0]["badges"]]
    assert badges == ["News", "1 February 2021"]


def test_a_news_filter_address_works_in_chinese(page, site_url):
    page.goto(site_url + "zh/news/?conference=acme-river-2019")
    results_shown(page)
    shown = cards(page)
    assert [c["title"] for c in shown] == ["Acme and River meet for the first time"]
    assert shown[0]["lang"] == "en"
    assert [b[1] for b in shown[0]["badges"]] == ["新闻", "2019年11月21日"]
    assert page.is_checked("[data-facet=conference] input[value=acme-river-2019]")


def test_a_years_news_archive_lists_that_year_as_cards(page, site_url):
    page.goto(site_url + "news/2021/")
    assert titles(page) == ["Spring call for entries", "Results & next steps"]
    assert page.query_selector("[data-catalog-facets]") is None
    assert page.is_visible(".catalog-archive [aria-current]")


def test_sorting(page, site_url):
    page.goto(site_url + "demands/")
    static = titles(page)
    page.select_option("[data-sort]", "deadline")
    results_shown(page)
    show_all(page)
    assert query(page) == {"sort": ["deadline"]}
    # the one demand still looking for a partner first, then the others by title
    assert titles(page) == [
        "AI defect recognition for composite parts",
        "Archive digitisation",
        "Calibration of hot sensors",
        "Lightweight composite housing",
    ]
    page.select_option("[data-sort]", "title")
    page.wait_for_function(
        "() => document.querySelector('[data-card-list] > li .catalog-card__title > a').textContent"
        " === 'AI defect recognition for composite parts' && location.search === '?sort=title'"
    )
    show_all(page)
    assert titles(page) == sorted(titles(page), key=str.casefold)
    page.select_option("[data-sort]", "newest")
    page.wait_for_function("() => !document.querySelector('[data-static-only]').hidden")
    assert titles(page) == static
    assert query(page) == {}


def test_newest_first_is_the_static_order(page, site_url):
    page.goto(site_url + "resources/?sort=title")
    results_shown(page)
    page.goto(site_url + "resources/")
    first_page = titles(page)
    # river-data was updated 2021-02-10, sensor-rig presented 2020-07-08 and updated
    # 2020-09-01, composite-lab presented 2020-07-08
    assert first_page == ["River positioning data set", "Sensor calibration rig"]


def test_a_phone_gets_the_results_first_and_filters_behind_a_button(browser, site_url):
    context = browser.new_context(viewport={"width": 360, "height": 780})
    page = context.new_page()
    page.goto(site_url + "zh/demands/")
    toggle = page.locator("[data-filter-toggle]")
    assert toggle.text_content() == "筛选"
    assert page.is_hidden("[data-catalog-facets]")
    first_card = page.locator("[data-card-list] > li").first.bounding_box()
    assert first_card is not None and first_card["y"] < 780
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.is_visible("[data-catalog-facets]")
    page.check("[data-facet=status] input[value=closed]")
    results_shown(page)
    assert toggle.text_content() == "筛选（1）"
    page.click("[data-filter-done]")
    assert page.is_hidden("[data-catalog-facets]")
    assert titles(page) == ["Archive digitisation"]
    assert summary(page) == "显示第 1–1 项，共 1 项需求。"
    context.close()


def test_without_javascript_the_phone_link_opens_the_filters(browser, site_url):
    context = browser.new_context(viewport={"width": 360, "height": 780}, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "demands/")
    assert page.is_hidden("[data-catalog-facets]")
    page.click("[data-filter-toggle]")
    assert page.is_visible("[data-catalog-facets]")
    assert counts(page, "status")["matched"] == 2
    context.close()


def test_the_listing_uses_the_width_of_a_desk(page, site_url):
    page.goto(site_url + "demands/")
    # no sidebar of Material's beside the listing: the filters are the left column
    assert page.is_hidden(".md-sidebar--primary")
    assert page.is_hidden(".md-sidebar--secondary")
    filters = page.locator("[data-catalog-facets]").bounding_box()
    first = page.locator("[data-card-list] > li").first.bounding_box()
    assert filters is not None and first is not None
    assert filters["x"] + filters["width"] <= first["x"]
    assert first["width"] > 700
    # one result beside a column of filters much taller: it still sits under the toolbar
    page.goto(site_url + "demands/?status=closed")
    results_shown(page)
    toolbar = page.locator(".catalog-toolbar").bounding_box()
    first = page.locator("[data-card-list] > li").first.bounding_box()
    assert toolbar is not None and first is not None
    assert first["y"] - (toolbar["y"] + toolbar["height"]) < 40


def test_cards_show_type_status_deadline_sample_and_fields(site_url, tmp_path: Path, page):
    page.goto(site_url + "demands/")
    page.select_option("[data-sort]", "deadline")
    results_shown(page)
    card = cards(page)[0]
    assert card["title"] == "AI defect recognition for composite parts"
    assert card["org"] == "Acme Aerospace Group"
    assert [b[1] for b in card["badges"]] == ["Demand", "In negotiation", "Deadline 31 March 2027"]
    assert card["fields"] == ["Composite materials"]
    page.goto(site_url + "resources/")
    sample = [c for c in cards(page) if c["title"] == "Composite testing laboratory"]
    page.goto(site_url + "resources/page/2/")
    sample += [c for c in cards(page) if c["title"] == "Composite testing laboratory"]
    assert [b[1] for b in sample[0]["badges"]] == ["Resource", "Testing", "Sample"]


@pytest.mark.parametrize(("width", "language"), [(360, "zh/"), (1280, "")])
def test_a_later_page_links_to_the_filters_of_the_first(browser, site_url, width, language):
    """Pages 2… carry no filter form (with every organization a value it was most of the
    page): their Filter link opens the first page's filters, on a phone too."""
    context = browser.new_context(viewport={"width": width, "height": 780})
    page = context.new_page()
    page.goto(site_url + language + "resources/page/2/")
    assert page.locator("[data-catalog-facets]").count() == 0
    assert len(cards(page)) > 0  # the page's own cards, as before
    link = page.locator("a.catalog-filter-link")
    assert link.is_visible()
    assert link.text_content() == ("筛选" if language else "Filter")
    link.click()
    page.wait_for_load_state()
    assert page.url == site_url + language + "resources/#catalog-filters"
    assert page.is_visible("[data-catalog-facets]")
    page.check("[data-facet=field] input[value=composite-materials]")
    results_shown(page)
    assert "composite-materials" in page.url
    context.close()
