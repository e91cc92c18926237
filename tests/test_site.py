"""End to end: a real `mkdocs build` of a small project; asserts on every page type's HTML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.check.site_links import check_links

from conftest import REPO, campaign, create_project, mkdocs_build


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = create_project(tmp_path_factory.mktemp("site") / "project")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return root / "site"


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def main(soup: BeautifulSoup) -> BeautifulSoup:
    return soup.select_one("article.md-content__inner")


def text(node) -> str:
    """Visible text, without the permalink marks the toc extension adds to headings."""
    node = BeautifulSoup(str(node), "html.parser")
    for mark in node.select(".headerlink"):
        mark.decompose()
    return re.sub(r"\s+", " ", node.get_text(" ", strip=True))


def facts(soup: BeautifulSoup) -> dict[str, str]:
    dl = main(soup).select_one("dl.catalog-facts")
    return {text(dt): text(dt.find_next_sibling("dd")) for dt in dl.find_all("dt")}


def links(node) -> dict[str, str]:
    return {text(a): a["href"] for a in node.select("a[href]")}


def test_resource_page(site):
    soup = page(site, "resources/composite-lab")
    body = main(soup)
    assert text(body.h1) == "Composite testing laboratory"
    assert soup.title.string.startswith("Composite testing laboratory")
    assert text(body.select_one(".catalog-badge--sample")) == "Sample"
    assert text(body.select_one(".catalog-lead")) == (
        "Mechanical and thermal testing of fibre composites."
    )
    f = facts(soup)
    assert f["Organization"] == "ACME › Acme Materials Lab"
    assert f["Kind"] == "Testing"
    assert f["Fields"] == "Composite materials · 复合材料"
    assert f["Keywords"] == "复合材料 , CFRP"
    assert f["Presented at"] == "Acme × River matchmaking conference (8 July 2020)"
    found = links(body)
    assert found["Acme Materials Lab"] == "../../organizations/acme-lab/"
    assert found["ACME"] == "../../organizations/acme/"
    assert found["Acme × River matchmaking conference"] == "../../conferences/acme-river-2020/"
    # the Markdown description is rendered
    assert text(body.select_one(".catalog-description h2")) == "Equipment"
    contact = body.select_one(".catalog-contact")
    assert "Test office" in text(contact)
    # the address is written out for people, not as a harvestable mailto: link
    assert "lab [at] example [dot] com" in text(contact)
    assert "lab@example.com" not in str(contact)


def test_demand_page(site):
    soup = page(site, "demands/defect-ai")
    assert text(main(soup).h1) == "AI defect recognition for composite parts"
    assert main(soup).select_one(".catalog-badge--sample") is None
    f = facts(soup)
    assert f["Organization"] == "ACME"
    assert f["Status"] == "In negotiation"
    assert f["Cooperation sought"] == "Joint R&D"
    assert f["Deadline"] == "31 March 2027"


def test_project_page(site):
    soup = page(site, "projects/nav-chip")
    f = facts(soup)
    assert f["University"] == "River University"
    assert f["Team"] == "Navigation team"
    assert f["Leader"] == "Dr. Sample"
    assert f["TRL"] == "5 of 9"
    assert f["Seeking"] == "Investment, Application scenario"
    assert f["Fields"] == "Satellite navigation · 卫星导航"
    # named by the conference only: the forward link is not shown, the conference lists it
    assert "Presented at" not in f


def test_organization_page_lists_reverse_links(site):
    soup = page(site, "organizations/acme")
    body = main(soup)
    assert text(body.h1) == "Acme Aerospace Group"
    f = facts(soup)
    assert f["Short name"] == "ACME"
    assert f["Location"] == "Beijing"
    assert f["In the catalog"] == "0 resources, 1 demand, 0 projects"
    sections = {s.h2["id"]: s for s in body.select("section[aria-labelledby]") if s.h2}
    # issue #4: a group's page also lists its units' entries ('resources' comes from
    # Acme Materials Lab) and has charts of them ('statistics')
    assert set(sections) == {
        "sub-organizations",
        "resources",
        "demands",
        "conferences-hosted",
        "news",
        "statistics",
    }
    assert list(links(sections["sub-organizations"])) == ["Acme Materials Lab"]
    # the unit's entry, marked with its unit
    [card] = sections["resources"].select(".catalog-card")
    assert text(card.select_one(".catalog-card__title")) == "Composite testing laboratory"
    assert text(card.select_one(".catalog-card__org")) == "Acme Materials Lab"
    assert list(links(sections["demands"])) == ["AI defect recognition for composite parts"]
    assert list(links(sections["conferences-hosted"])) == ["Acme × River matchmaking conference"]
    assert list(links(sections["news"])) == ["Acme and River University meet online"]
    assert body.select_one('a[href="https://acme.example.com"]')["rel"] == [
        "noopener",
        "nofollow",
        "ugc",
    ]


def test_sub_organization_page(site):
    soup = page(site, "organizations/acme-lab")
    body = main(soup)
    assert facts(soup)["Part of"] == "ACME"
    sections = {s.h2["id"]: s for s in body.select("section[aria-labelledby]") if s.h2}
    assert list(links(sections["resources"])) == ["Composite testing laboratory"]
    assert list(links(sections["conferences-attended"])) == ["Acme × River matchmaking conference"]


def test_conference_page(site):
    soup = page(site, "conferences/acme-river-2020")
    body = main(soup)
    f = facts(soup)
    assert f["Date"] == "8 July 2020"
    assert f["Format"] == "Online"
    assert f["Hosts"] == "Acme Aerospace Group (ACME); River University"
    assert f["Attendees"] == "about 100"
    assert f["Pushed to the national platform"] == "More than 12 resources and demands"
    sections = {s.h2["id"]: s for s in body.select("section[aria-labelledby]") if s.h2}
    # 'statistics' (charts of what was presented) added by issue #4
    assert set(sections) == {
        "participants",
        "projects",
        "resources",
        "demands",
        "news",
        "statistics",
        "share",  # the QR code of the page (issue 15)
    }
    assert list(links(sections["participants"])) == ["Acme Materials Lab"]
    assert "Low-power satellite navigation chip" in links(sections["projects"])
    assert "Composite testing laboratory" in links(sections["resources"])
    assert "AI defect recognition for composite parts" in links(sections["demands"])
    assert list(links(sections["news"])) == ["Acme and River University meet online"]


def card_titles(body) -> list[str]:
    return [
        text(c.select_one(".catalog-card__title a")) for c in body.select("[data-card-list] > li")
    ]


@pytest.mark.parametrize(
    ("path", "heading", "summary", "titles"),
    [
        ("resources", "Resources", "Showing 1–1 of 1 resource.", ["Composite testing laboratory"]),
        (
            "demands",
            "Demands",
            "Showing 1–1 of 1 demand.",
            ["AI defect recognition for composite parts"],
        ),
        (
            "projects",
            "Projects",
            "Showing 1–1 of 1 project.",
            ["Low-power satellite navigation chip"],
        ),
        (
            "organizations",
            "Organizations",
            "Showing 1–3 of 3 organizations.",
            ["Acme Aerospace Group", "Acme Materials Lab", "River University"],
        ),
        (
            "conferences",
            "Conferences",
            "Showing 1–1 of 1 conference.",
            ["Acme × River matchmaking conference"],
        ),
        ("news", "News", "Showing 1–1 of 1 release.", ["Acme and River University meet online"]),
    ],
)
def test_listing_pages(site, path, heading, summary, titles):
    body = main(page(site, path))
    assert text(body.h1) == heading
    assert text(body.select_one(".catalog-summary-line")) == summary
    assert card_titles(body) == titles


def test_news_release_page(site):
    soup = page(site, "news/2020-07-08-meeting")
    body = main(soup)
    assert text(body.h1) == "Acme and River University meet online"
    assert "8 July 2020" in text(body.select_one(".catalog-meta"))
    assert links(body.select_one(".catalog-meta")) == {
        "Acme × River matchmaking conference": "../../conferences/acme-river-2020/"
    }
    assert "About one hundred people took part." in text(body)
    orgs = body.select_one("section[aria-labelledby=organizations]")
    assert [a.get_text() for a in orgs.select("a")] == ["Acme Aerospace Group", "River University"]


def test_home_page_shows_the_campaign_at_a_glance(site):
    body = main(page(site, ""))
    assert text(body.h1) == "Test campaign home"
    stats = {text(a.strong): text(a) for a in body.select(".catalog-stats a")}
    assert [text(a) for a in body.select(".catalog-stats a")] == [
        "0 Resources",  # its only resource is a sample
        "1 Demands",
        "1 Projects",
        "3 Organizations",
        "1 Conferences",
        "1 News",
    ]
    assert stats
    assert "1 sample entry is not counted." in text(body.select_one(".catalog-glance"))
    assert "Acme × River matchmaking conference" in text(body.select_one("#conferences + ul"))
    assert "Acme and River University meet online" in text(body.select_one("#latest-news + ul"))


def test_entries_stay_out_of_the_navigation(site):
    soup = page(site, "resources/composite-lab")
    nav_links = {a["href"] for a in soup.select("nav.md-nav--primary a.md-nav__link[href]")}
    assert not any("composite-lab" in href or "defect-ai" in href for href in nav_links)
    assert "../" in nav_links  # the Resources section itself is there


def test_every_internal_link_and_anchor_resolves(site):
    broken, pages = check_links(site)
    assert pages == len(list(site.rglob("*.html"))) > 10
    assert [link.format() for link in broken] == []


def test_pagination_splits_long_listings(make_project):
    root = make_project(page_size=1)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    first = main(page(site, "organizations"))
    assert text(first.select_one(".catalog-summary-line")) == (
        "Showing 1–1 of 3 organizations, page 1 of 3."
    )
    assert first.select_one("a[rel=next]")["href"] == "page/2/"
    assert first.select_one("a[rel=prev]") is None
    second = main(page(site, "organizations/page/2"))
    assert text(second.select_one(".catalog-summary-line")) == (
        "Showing 2–2 of 3 organizations, page 2 of 3."
    )
    assert card_titles(second) == ["Acme Materials Lab"]
    assert second.select_one("a[rel=prev]")["href"] == "../../"
    assert second.select_one("a[rel=next]")["href"] == "../3/"
    third = main(page(site, "organizations/page/3"))
    assert third.select_one("a[rel=next]") is None


def test_invalid_catalog_fails_the_build_with_located_messages(make_project):
    root = make_project({"catalog/organizations/river-university.yaml": "name: R\nkind: college\n"})
    (root / "site").mkdir()
    (root / "site" / "previous.html").write_text("last good build")
    result = mkdocs_build(root)
    assert result.returncode == 1
    assert (
        "catalog/organizations/river-university.yaml:2:7: kind: 'college' is not allowed"
        in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert "The catalog is invalid: 9 files checked: 1 error." in result.stderr
    # validation runs before MkDocs cleans site/: the last good build is still there
    assert (root / "site" / "previous.html").read_text() == "last good build"


def test_contributor_text_cannot_inject_script(make_project):
    root = make_project(
        {
            "catalog/resources/composite-lab.yaml": """\
                title: <script>alert('title')</script>
                summary: <img src=x onerror="alert('summary')">
                organization: acme-lab
                fields: [composite-materials]
                keywords: ["<b>bold</b>"]
                description: |
                  Hello <script>alert('description')</script>

                  <img src="x" onerror="alert('img')"> [click](javascript:alert('link'))

                  <iframe src="https://example.com"></iframe>
                """
        }
    )
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    for path in ("resources/composite-lab", "resources", "organizations/acme-lab"):
        soup = page(root / "site", path)
        # JSON-LD holds the text as data (tests/test_matching_site.py checks its escaping)
        scripts = [s for s in soup.select("script") if s.get("type") != "application/ld+json"]
        assert [s for s in scripts if "alert" in s.get_text()] == []
        assert soup.select("iframe") == []
        assert not [t for t in soup.find_all(True) if any(a.startswith("on") for a in t.attrs)]
        assert "javascript:" not in str(soup)
    soup = page(root / "site", "resources/composite-lab")
    assert text(main(soup).h1) == "<script>alert('title')</script>"
    assert soup.title.get_text().startswith("<script>alert('title')</script>")
    assert "<b>bold</b>" in text(main(soup))


def test_hand_written_listing_page_keeps_its_text(make_project):
    root = make_project({"content/resources/index.md": "Intro written by the campaign office.\n"})
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    body = main(page(root / "site", "resources"))
    assert "Intro written by the campaign office." in text(body)
    assert card_titles(body) == ["Composite testing laboratory"]


def test_shipped_site_builds_strictly(tmp_path):
    result = mkdocs_build(REPO, "-d", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    links = campaign(["check-links", str(tmp_path / "site")], REPO)
    assert links.returncode == 0, links.stdout
    assert links.stdout.strip().endswith("pages checked, no broken links.")
    assert (tmp_path / "site/conferences/casic-zju-2020/index.html").exists()
    home = main(page(tmp_path / "site", ""))
    assert "At a glance" in text(home)
