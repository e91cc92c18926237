"""Issue #15, items 1–3: the campaign office settings, "Express interest" on every entry,
the landing home page and the Take part page, on real builds of the shipped project."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml

from conftest import REPO, article, html_page, mkdocs_build, serve, visible_text

DEMAND = "no25-institute-optical-design-consulting"
HIDDEN = "casicloud-data-engineer-talent"
OFFICE_EMAIL = "campaign-office@example.org"
REPOSITORY = "https://github.com/example/campaign-site"


def shipped_project(root: Path) -> Path:
    """A copy of the repository's own site: mkdocs.yml, catalog, content and theme."""
    root.mkdir(parents=True)
    for folder in ("catalog", "content", "theme", "schemas"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def hide_contact(root: Path, entry: str) -> str:
    """Hide the contact of demand ``entry``; returns its e-mail address."""
    path = root / "catalog/demands" / f"{entry}.yaml"
    text = path.read_text(encoding="utf-8")
    email = yaml.safe_load(text)["contact"]["email"]
    path.write_text(text.replace("contact:\n", "contact:\n  hidden: true\n"), encoding="utf-8")
    return email


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> tuple[Path, str]:
    root = shipped_project(tmp_path_factory.mktemp("contact") / "project")
    email = hide_contact(root, HIDDEN)
    result = mkdocs_build(root, env={"SITE_URL": "https://campaign.example.org/"})
    assert result.returncode == 0, result.stderr
    return root / "site", email


@pytest.fixture(scope="module")
def site(project) -> Path:
    return project[0]


def decode_mailto(href: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(href)
    assert parts.scheme == "mailto"
    assert "+" not in parts.query, "spaces must be %20 in a mailto: URL (RFC 6068)"
    return unquote(parts.path), {k: v[0] for k, v in parse_qs(parts.query).items()}


# --- Configuration ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "bad", "message"),
    [
        ("email", "office-at-example.org", "office.email: not a valid e-mail address"),
        ("repository", "github.com/example/x", "office.repository: not an http(s) address"),
        ("phon", "'123'", "office.phon: unknown setting"),
    ],
)
def test_a_malformed_office_setting_fails_the_build_naming_the_key(tmp_path, key, bad, message):
    root = shipped_project(tmp_path / "project")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    line = {
        "email": f"        email: {OFFICE_EMAIL}\n",
        "repository": f"        repository: {REPOSITORY}\n",
    }
    if key in line:
        assert line[key] in text
        text = text.replace(line[key], f"        {key}: {bad}\n")
    else:
        text = text.replace("      office:\n", f"      office:\n        {key}: {bad}\n")
    config.write_text(text, encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert "Config value 'plugins'" in result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_the_shipped_office_is_marked_as_a_placeholder():
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "PLACEHOLDERS" in config and "placeholder: true" in config
    assert f"email: {OFFICE_EMAIL}" in config


# --- Express interest -------------------------------------------------------------------


def test_every_resource_demand_and_project_page_offers_express_interest(site):
    catalog = REPO / "catalog"
    for plural in ("resources", "demands", "projects"):
        for path in sorted((catalog / plural).glob("*.yaml")):
            for prefix in ("", "zh/"):
                body = article(html_page(site, f"{prefix}{plural}/{path.stem}"))
                button = body.select_one("a[data-express-interest]")
                assert button is not None, f"{prefix}{plural}/{path.stem}"
                recipient, query = decode_mailto(button["href"])
                assert recipient == OFFICE_EMAIL
                assert path.stem in query["subject"]


@pytest.mark.parametrize(
    ("prefix", "button", "title", "words"),
    [
        (
            "",
            "Express interest",
            "Consulting on Compact Optical Design",
            ["Who I am:", "My organization:", "What I propose:"],
        ),
        (
            "zh/",
            "表达合作意向",
            "小型化光学设计咨询",
            ["我的姓名和职务：", "我的单位：", "我的合作设想："],
        ),
    ],
)
def test_express_interest_writes_to_the_office_in_the_pages_language(
    browser, site, prefix, button, title, words
):
    page = browser.new_page()
    try:
        with serve(site) as base:
            page.goto(f"{base}{prefix}demands/{DEMAND}/")
            link = page.get_by_role("link", name=button, exact=True)
            assert link.is_visible()
            recipient, query = decode_mailto(link.get_attribute("href"))
            assert recipient == OFFICE_EMAIL
            assert DEMAND in query["subject"] and title in query["subject"]
            for word in words:
                assert word in query["body"]
            assert f"https://campaign.example.org/{prefix}demands/{DEMAND}/" in query["body"]
            if prefix:
                assert "Who I am" not in query["body"]

            # The second route: the repository's issue form, pre-filled with the entry.
            captured: list[str] = []

            def github(route):
                captured.append(route.request.url)
                route.fulfill(
                    status=200, content_type="text/html", body="<title>issue form</title>"
                )

            page.route("https://github.com/**", github)
            page.locator("a[data-interest-issue]").click()
            page.wait_for_url("https://github.com/**")
            assert captured
            issue = urlsplit(captured[0])
            assert f"{issue.scheme}://{issue.netloc}{issue.path}" == f"{REPOSITORY}/issues/new"
            fields = {k: v[0] for k, v in parse_qs(issue.query).items()}
            assert fields["template"] == "express-interest.yml"
            assert fields["entry"] == DEMAND
            assert title in fields["title"]
    finally:
        page.close()


def test_the_issue_form_has_the_entry_field_the_link_fills_in():
    form = yaml.safe_load((REPO / ".github/ISSUE_TEMPLATE/express-interest.yml").read_text("utf-8"))
    ids = [item.get("id") for item in form["body"]]
    assert "entry" in ids


def test_a_hidden_contact_stays_hidden_and_the_office_is_the_route(project):
    site, email = project
    for prefix in ("", "zh/"):
        page = f"{prefix}demands/{HIDDEN}"
        raw = (site / page / "index.html").read_text(encoding="utf-8")
        assert email not in raw
        assert email.replace("@", " [at] ").replace(".", " [dot] ") not in raw
        body = article(html_page(site, page))
        recipient, query = decode_mailto(body.select_one("a[data-express-interest]")["href"])
        assert recipient == OFFICE_EMAIL and HIDDEN in query["subject"]


def test_show_address_still_reveals_a_public_contact(browser, site):
    address = yaml.safe_load((REPO / f"catalog/demands/{DEMAND}.yaml").read_text(encoding="utf-8"))[
        "contact"
    ]["email"]
    page = browser.new_page()
    try:
        with serve(site) as base:
            page.goto(f"{base}demands/{DEMAND}/")
            contact = page.locator(".catalog-contact [data-campaign-email]")
            assert address not in contact.inner_text()
            page.locator(".catalog-contact button.catalog-email__show").click()
            page.wait_for_function(
                "a => document.querySelector('[data-campaign-email]').textContent.includes(a)",
                arg=address,
            )
    finally:
        page.close()


# --- Home and Take part -----------------------------------------------------------------


def real_conferences() -> list[dict]:
    return [
        data
        for path in sorted((REPO / "catalog/conferences").glob("*.yaml"))
        if not (data := yaml.safe_load(path.read_text(encoding="utf-8"))).get("sample")
    ]


@pytest.mark.parametrize(
    ("prefix", "browse", "publish", "take_part"),
    [
        ("", "Browse open demands", "Publish your resource or demand", "take-part/"),
        ("zh/", "浏览开放的需求", "发布您的资源或需求", "take-part/"),
    ],
)
def test_home_page_leads_with_calls_to_action_figures_and_open_demands(
    site, prefix, browse, publish, take_part
):
    body = article(html_page(site, prefix))
    actions = {visible_text(a): a["href"] for a in body.select("[data-home-actions] a")}
    assert actions[browse].endswith("demands/?status=open")
    assert actions[publish].endswith(take_part)
    assert (site / prefix / "take-part/index.html").exists()

    conferences = real_conferences()
    today = dt.date.today()
    held = [c for c in conferences if c["date"] <= today]
    orgs = {o for c in held for o in (*c["hosts"], *c.get("participants", []))}
    pushed = sum(c.get("pushed_to_platform", 0) for c in held)
    figures = {s["data-figure"]: visible_text(s) for s in body.select("[data-figure]")}
    assert figures == {
        "conferences": str(len(held)),
        "organizations": str(len(orgs)),
        "pushed": f"{pushed}+",
    }
    assert figures["pushed"] == "500+"

    demands = [
        yaml.safe_load(p.read_text(encoding="utf-8")) | {"id": p.stem}
        for p in (REPO / "catalog/demands").glob("*.yaml")
    ]
    open_ = [
        d
        for d in demands
        if d.get("status", "open") == "open" and d.get("deadline", today) >= today
    ]
    real = [d for d in open_ if not d.get("sample")]
    expected = sorted(real or open_, key=lambda d: (d.get("deadline", dt.date.max), d["id"]))[:3]
    shown = [li["data-featured-demand"] for li in body.select("[data-featured-demand]")]
    assert shown == [d["id"] for d in expected]
    assert len(shown) >= 2
    if not real:
        assert body.select_one("[data-featured-sample]") is not None
        for li in body.select("[data-featured-demand]"):
            assert li.select_one(".catalog-badge--sample") is not None
    # the home page keeps its charts
    assert body.select_one(".catalog-charts") is not None


@pytest.mark.parametrize(
    ("prefix", "heading", "words"),
    [
        ("", "Take part", ["spreadsheet", "pull request", "Express interest"]),
        ("zh/", "参与方式", ["表格", "拉取请求", "表达合作意向"]),
    ],
)
def test_take_part_page_says_how_and_gives_the_office_contact(site, prefix, heading, words):
    soup = html_page(site, f"{prefix}take-part")
    body = article(soup)
    assert visible_text(body.h1) == heading
    text = visible_text(body)
    for word in words:
        assert word in text
    office = body.select_one("[data-office]")
    assert office.select_one("a[data-office-email]")["href"] == f"mailto:{OFFICE_EMAIL}"
    assert office.select_one("[data-office-placeholder]") is not None
    nav = [visible_text(a) for a in soup.select(".md-tabs a, .md-nav--primary a")]
    assert heading in nav
    if prefix:
        assert "Take part" not in visible_text(office)


@pytest.mark.parametrize("prefix", ["", "zh/"])
def test_about_page_speaks_to_the_public_not_to_contributors(site, prefix):
    text = visible_text(article(html_page(site, f"{prefix}about")))
    assert "YAML" not in text and "catalog/" not in text
    assert "pull request" not in text and "拉取请求" not in text
    contributing = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "## How the catalog is stored" in contributing
