"""Hostile entries built for real and opened in headless Chromium: no payload runs on any
page, in the header search results or in the listing facets; the Content-Security-
Policy holds on every normal page and blocks what the sanitizer would miss.

Every payload (tests/payloads.py) would set ``window.__pwned`` or put PWNED in the
title. Control pages written outside the generator show that the detection works.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO, create_project, mkdocs_build, results_shown, serve
from payloads import MARK, MARKDOWN_PAYLOADS, RUN, TEXT_PAYLOADS

# Predicates for wait_for_function are functions ("() => ..."): Playwright evaluates a
# bare expression with eval(), which the pages' policy rightly refuses.

# Runs before any script of the page: records CSP violations and dialogs.
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
});
window.alert = window.confirm = window.prompt = () => { window.__pwned = "dialog"; };
"""

# What a page must not contain once loaded: elements that load or run something, event
# handler attributes, script-capable URLs, and scripts carrying a payload.
DOM_CHECK = """() => {
  const bad = [];
  const allowedForms = "form[name=campaign-search], form[data-catalog-facets]";
  const forbidden = "iframe, frame, object, embed, base, style, link[rel~=stylesheet][href*='//'], "
    + "meta[http-equiv]:not([http-equiv='Content-Security-Policy']), form";
  for (const el of document.querySelectorAll(forbidden)) {
    if (!el.matches(allowedForms)) bad.push(el.outerHTML.slice(0, 100));
  }
  if (document.querySelectorAll("meta[http-equiv='Content-Security-Policy']").length !== 1) {
    bad.push("not exactly one CSP meta");
  }
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) {
      const value = a.value.replace(/[\\t\\n\\r]/g, "").trim().toLowerCase();
      if (a.name.startsWith("on")) bad.push(`${el.tagName}[${a.name}]`);
      if (/^(href|src|action|formaction|xlink:href|data|srcdoc)$/.test(a.name)
          && /^(javascript|data|vbscript):/.test(value)) bad.push(`${el.tagName}[${a.name}]`);
    }
  }
  for (const s of document.scripts) {
    // data (JSON, JSON-LD) may quote a payload as text; the browser never runs it
    if (s.type === "application/json" || s.type === "application/ld+json") continue;
    if (s.textContent.includes("__pwned")) bad.push("script: " + s.textContent.slice(0, 60));
  }
  return bad;
}"""


def entry(i: int, payload: str, markdown: list[str]) -> dict[str, Any]:
    return {
        "title": f"{MARK}{i} {payload}",
        "zh": {
            "title": f"{MARK}{i} zh {payload}",
            "summary": payload[:300],
            "description": "\n\n".join(reversed(markdown)),
        },
        "summary": payload[:300],
        "organization": "xss-org",
        "fields": ["composite-materials", "xss-field"],
        "keywords": [payload, MARK],
        "contact": {
            "name": payload,
            "email": f"xss{i}@example.com",
            "phone": payload,
            "url": "https://example.org/?q='onmouseover=__pwned=1",
        },
        "description": "\n\n".join(markdown),
    }


def hostile_files() -> dict[str, str]:
    chunks = [MARKDOWN_PAYLOADS[i :: len(TEXT_PAYLOADS)] for i in range(len(TEXT_PAYLOADS))]
    files = {
        f"catalog/resources/xss-{i}.yaml": yaml.safe_dump(
            entry(i, payload, chunks[i]), allow_unicode=True
        )
        for i, payload in enumerate(TEXT_PAYLOADS)
    }
    everything = "\n\n".join(MARKDOWN_PAYLOADS)
    first, second = TEXT_PAYLOADS[0], TEXT_PAYLOADS[4]
    files |= {
        "catalog/taxonomy.yaml": yaml.safe_dump(
            {
                "fields": {
                    "composite-materials": {"name": "Composite materials"},
                    "satellite-navigation": {"name": "Satellite navigation"},
                    "xss-field": {
                        "name": f"{MARK} {first}",
                        "name_zh": second,
                        "description": second,
                    },
                }
            },
            allow_unicode=True,
        ),
        "catalog/organizations/xss-org.yaml": yaml.safe_dump(
            {
                "name": f"{MARK} org {second}",
                "short_name": first,
                "zh": {
                    "name": f"{MARK} org zh {first}",
                    "short_name": second,
                    "description": everything,
                },
                "kind": "enterprise",
                "location": second,
                "website": "https://example.org/?a='onmouseover=__pwned=1",
                "description": everything,
            },
            allow_unicode=True,
        ),
        "catalog/conferences/xss-conference.yaml": yaml.safe_dump(
            {
                "title": f"{MARK} conference {first}",
                "zh": {
                    "title": second,
                    "location": first,
                    "summary": second[:300],
                    "description": everything,
                },
                "date": "2020-08-01",
                "hosts": ["xss-org"],
                "location": second,
                "summary": first,
                "description": everything,
            },
            allow_unicode=True,
        ),
        "catalog/demands/xss-demand.yaml": yaml.safe_dump(
            entry(99, second, MARKDOWN_PAYLOADS), allow_unicode=True
        ),
        "catalog/projects/xss-project.yaml": yaml.safe_dump(
            {**entry(98, first, MARKDOWN_PAYLOADS), "team": second, "leader": first},
            allow_unicode=True,
        ),
        "content/news/2020-08-02-xss.md": "---\n"
        + yaml.safe_dump(
            {
                "title": f"{MARK} news {first}",
                "date": "2020-08-02",
                "conference": "xss-conference",
                "organizations": ["xss-org"],
                "summary": second,
                "tags": [first, second],
                "description": f'"><script>{RUN}</script>',
            },
            allow_unicode=True,
        )
        + "---\n\n"
        + everything
        + "\n",
        "content/zh/news/2020-08-02-xss.md": "---\n"
        + yaml.safe_dump(
            {
                "title": f"{MARK} news zh {second}",
                "summary": first,
                "tags": [second],
                "description": f'"><script>{RUN}</script>',
            },
            allow_unicode=True,
        )
        + "---\n\n"
        + everything
        + "\n",
        "content/xss-page.md": "---\n"
        + yaml.safe_dump(
            {
                "title": f"{MARK} page {first}",
                "description": f'"><script>{RUN}</script>',
                "subtitle": second,
            },
            allow_unicode=True,
        )
        + "---\n\n"
        + everything
        + "\n",
    }
    return files


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Iterator[tuple[str, list[str]]]:
    root = create_project(tmp_path_factory.mktemp("hostile") / "project", hostile_files())
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    pages = sorted(
        p.parent.relative_to(site).as_posix() + "/"
        for p in site.rglob("index.html")
        if not p.relative_to(site).parts[0].startswith("pagefind")
    )
    write_control_pages(site)
    with serve(site) as url:
        yield url, [p.removeprefix("./") for p in pages]


def write_control_pages(site: Path) -> None:
    """Pages built outside the generator: the payloads as they are, with and without
    the site's policy. They prove that the checks below see a payload that runs."""
    home = (site / "index.html").read_text(encoding="utf-8")
    meta = re.search(r'<meta http-equiv="Content-Security-Policy"[^>]*>', home)
    assert meta is not None
    payloads = f"<img src=x onerror={RUN}><script>document.title='PWNED'</script>"
    (site / "control").mkdir()
    (site / "control/unsafe.html").write_text(f"<!doctype html><p>{payloads}", "utf-8")
    (site / "control/with-csp.html").write_text(
        f"<!doctype html><head>{meta.group(0)}</head><p>{payloads}", "utf-8"
    )


@pytest.fixture
def page(browser) -> Iterator[Any]:
    context = browser.new_context()
    context.add_init_script(WATCH)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()


def ran(page) -> dict[str, Any]:
    """What a payload would have left behind, and what the policy blocked."""
    return page.evaluate(
        "() => ({pwned: window.__pwned ?? null, title: document.title.includes('PWNED'),"
        " csp: window.__csp})"
    )


CLEAN = {"pwned": None, "title": False, "csp": []}


def test_control_page_without_the_policy_runs_the_payload(page, hostile_site):
    url, _ = hostile_site
    page.goto(url + "control/unsafe.html")
    page.wait_for_function("() => window.__pwned === 1")
    assert ran(page)["title"] is True


def test_control_page_with_the_policy_blocks_the_payload(page, hostile_site):
    url, _ = hostile_site
    page.goto(url + "control/with-csp.html")
    page.wait_for_function("() => window.__csp.length >= 2")
    state = ran(page)
    assert state["pwned"] is None and state["title"] is False
    assert all(v.startswith("script-src-") for v in state["csp"]), state["csp"]


def test_no_payload_runs_on_any_page(page, hostile_site):
    url, pages = hostile_site
    assert len(pages) > 30
    assert "resources/xss-0/" in pages and "news/2020-08-02-xss/" in pages
    assert "xss-page/" in pages
    assert "zh/resources/xss-0/" in pages and "zh/news/2020-08-02-xss/" in pages
    for path in pages:
        page.goto(url + path)
        page.wait_for_load_state("load")
        assert ran(page) == CLEAN, path
        assert page.evaluate(DOM_CHECK) == [], path
    assert page.errors == []


def test_payloads_arrive_as_text(page, hostile_site):
    url, _ = hostile_site
    page.goto(url + "resources/xss-0/")
    assert page.locator("article h1").first.text_content() == f"{MARK}0 {TEXT_PAYLOADS[0]}"
    assert page.title().startswith(f"{MARK}0 {TEXT_PAYLOADS[0]}")
    # the Chinese page shows the zh: block's hostile title, as text too
    page.goto(url + "zh/resources/xss-0/")
    assert page.locator("article h1").first.text_content() == f"{MARK}0 zh {TEXT_PAYLOADS[0]}"
    page.goto(url + "xss-page/")
    content = page.locator("meta[name=description]").get_attribute("content")
    assert content == f'"><script>{RUN}</script>'


def test_an_injected_inline_handler_is_blocked_on_a_real_page(page, hostile_site):
    # what the policy does should the sanitizer ever miss something
    url, _ = hostile_site
    page.goto(url + "resources/xss-1/")
    page.evaluate(
        f"""() => {{
            document.body.insertAdjacentHTML('beforeend', '<img src=x onerror="{RUN}">');
            const s = document.createElement('script');
            s.textContent = '{RUN}';
            document.body.appendChild(s);
        }}"""
    )
    page.wait_for_function("() => window.__csp.length >= 2")
    assert ran(page)["pwned"] is None


def test_search_results_show_hostile_entries_as_text(page, hostile_site):
    url, _ = hostile_site
    page.goto(url)
    page.keyboard.press("/")
    page.keyboard.type(MARK)
    page.wait_for_function(
        "q => document.querySelector('[data-campaign-search-results]').dataset.query === q",
        arg=MARK,
    )
    assert len(page.query_selector_all("[data-campaign-search-results] li")) >= 10
    titles = page.eval_on_selector_all(
        "[data-campaign-search-results] h1", "hs => hs.map(h => h.textContent)"
    )
    assert any("<script>" in t or "onerror" in t for t in titles), titles
    assert ran(page) == CLEAN
    assert page.evaluate(DOM_CHECK) == []
    assert page.errors == []


def test_facets_and_filtered_results_show_hostile_values_as_text(page, hostile_site):
    url, _ = hostile_site
    page.goto(url + f"resources/?q={MARK}")
    results_shown(page)
    assert len(page.query_selector_all("[data-card-list] > li")) > 5
    labels = page.eval_on_selector_all(
        "[data-catalog-facets] .catalog-facet__label", "ss => ss.map(s => s.textContent)"
    )
    assert f"{MARK} org {TEXT_PAYLOADS[4]}" in labels
    page.check("[data-facet=field] input[value=xss-field]")
    results_shown(page)
    # the results the script wrote from the index show the payloads as text
    titles = page.eval_on_selector_all(
        "[data-card-list] > li .catalog-card__title > a", "as => as.map(a => a.textContent)"
    )
    assert f"{MARK}0 {TEXT_PAYLOADS[0]}" in titles
    assert ran(page) == CLEAN
    assert page.evaluate(DOM_CHECK) == []
    assert page.errors == []


def test_a_first_choice_from_the_builds_file_shows_hostile_values_as_text(page, hostile_site):
    """One value alone: the cards and counts come from the build's first-choice file
    (publish/facet_files.py), not from Pagefind, and are text too."""
    url, _ = hostile_site
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(url + "resources/?field=xss-field")
    results_shown(page)
    assert any(u.endswith("/facets/en/resources/field/xss-field.json.gz") for u in fetched)
    assert not any(u.endswith(".pf_filter") for u in fetched)
    titles = page.eval_on_selector_all(
        "[data-card-list] > li .catalog-card__title > a", "as => as.map(a => a.textContent)"
    )
    assert f"{MARK}0 {TEXT_PAYLOADS[0]}" in titles
    assert ran(page) == CLEAN
    assert page.evaluate(DOM_CHECK) == []
    assert page.errors == []


def test_contact_email_is_revealed_on_request(page, hostile_site):
    url, _ = hostile_site
    page.goto(url + "resources/xss-2/")
    email = page.locator("[data-campaign-email]")
    assert email.text_content() == "xss2 [at] example [dot] com"
    assert page.locator("a[href^=mailto]").count() == 0
    page.get_by_role("button", name="Show address").click()
    assert page.locator("[data-campaign-email] a").get_attribute("href") == (
        "mailto:xss2@example.com"
    )
    assert ran(page) == CLEAN


def test_without_javascript_the_address_is_readable(browser, hostile_site):
    url, _ = hostile_site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url + "resources/xss-2/")
    assert page.locator("[data-campaign-email]").text_content() == "xss2 [at] example [dot] com"
    assert page.get_by_role("button", name="Show address").count() == 0
    context.close()


# --- The shipped site under its policy ---


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory) -> Iterator[tuple[str, list[str]]]:
    site = tmp_path_factory.mktemp("shipped") / "site"
    result = mkdocs_build(REPO, "-d", str(site))
    assert result.returncode == 0, result.stderr
    pages = sorted(
        p.parent.relative_to(site).as_posix() + "/"
        for p in site.rglob("index.html")
        if not p.relative_to(site).parts[0].startswith("pagefind")
    )
    with serve(site) as url:
        yield url, [p.removeprefix("./") for p in pages] + ["404.html"]


def test_every_shipped_page_passes_its_own_policy(page, shipped_site):
    url, pages = shipped_site
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    for path in pages:
        page.goto(url + path)
        page.wait_for_load_state("load")
        assert ran(page) == CLEAN, path
    assert [m for m in console if "Content Security Policy" in m] == []
    assert page.errors == []


def test_search_and_facets_work_under_the_policy(page, shipped_site):
    url, _ = shipped_site
    page.goto(url + "demands/")
    page.wait_for_selector("[data-facet=status] label")
    page.check("[data-facet=status] input[value=open]")
    results_shown(page)
    assert page.query_selector("[data-card-list] > li")
    # Material's "/" shortcut is for the page, not for a focused form control
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("/")
    page.keyboard.type("composite")
    page.wait_for_selector("[data-campaign-search-results] li")
    page.goto(url + "projects/zju-chip-scale-lidar/")
    page.get_by_role("button", name="Show address").click()
    assert page.locator("[data-campaign-email] a").count() == 1
    assert ran(page) == CLEAN
    assert page.errors == []
