"""Issue #4 end to end: news index and archives, the Atom feed, conference pages, the
timeline and organizations as a tree, on a real `mkdocs build --strict`."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup

from generator import load_catalog

from conftest import (
    BUILD_EPOCH,
    REPO,
    article,
    build_campaign,
    create_project,
    html_page,
    mkdocs_build,
    run,
    visible_text,
)

SITE_URL = "https://campaign.example.org/"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_campaign(tmp_path_factory.mktemp("campaign") / "project")


def sections(body) -> dict:
    return {s.h2["id"]: s for s in body.select("section[aria-labelledby]") if s.h2}


def link_texts(node) -> list[str]:
    return [visible_text(a) for a in node.select("a[href]")]


def resolve(site: Path, page_path: str, href: str) -> Path:
    """The file a relative link on ``page_path`` leads to."""
    target = (site / page_path / urlsplit(href).path).resolve()
    return target / "index.html" if target.is_dir() else target


# --- News -------------------------------------------------------------------------


def teasers(body) -> list[str]:
    return [visible_text(a) for a in body.select("[data-card-list] > li .catalog-card__title > a")]


def test_news_index_is_newest_first_and_paginated(site):
    first = article(html_page(site, "news"))
    assert visible_text(first.h1) == "News"
    assert visible_text(first.select_one(".catalog-summary-line")) == (
        "Showing 1–2 of 4 releases, page 1 of 2."
    )
    assert teasers(first) == ["Spring call for entries", "Results & next steps"]
    assert first.select_one("a[rel=next]")["href"] == "page/2/"
    second = article(html_page(site, "news/page/2"))
    assert teasers(second) == [
        "Acme and River University meet online",
        "Acme and River meet for the first time",
    ]
    # a card names the release's conference, else its organizations, and its date
    cards = second.select("[data-card-list] > li")
    assert [visible_text(c.select_one(".catalog-card__org")) for c in cards] == [
        "Acme × River matchmaking conference",
        "First Acme × River meeting",
    ]
    assert "8 July 2020" in visible_text(cards[0].select_one(".catalog-card__badges"))


def test_news_archive_by_year(site):
    body = article(html_page(site, "news"))
    years = body.select_one("nav.catalog-archive")
    assert visible_text(years.select_one("[aria-current]")) == "All years"
    assert {visible_text(a): a["href"] for a in years.select("a[href$='/']")} == {
        "2021": "2021/",
        "2020": "2020/",
        "2019": "2019/",
    }
    assert "2021 (2)" in visible_text(years) and "2019 (1)" in visible_text(years)

    archive = article(html_page(site, "news/2021"))
    assert visible_text(archive.h1) == "News from 2021"
    assert teasers(archive) == ["Spring call for entries", "Results & next steps"]
    assert visible_text(archive.select_one("nav.catalog-archive [aria-current]")) == "2021"
    assert teasers(article(html_page(site, "news/2019"))) == [
        "Acme and River meet for the first time"
    ]
    assert html_page(site, "news/2019").title.get_text().startswith("News from 2019")


def test_release_links_its_neighbours_conference_and_organizations(site):
    body = article(html_page(site, "news/2020-07-08-meeting"))
    pager = body.select_one("nav.catalog-pager")
    older, newer = pager.select_one("a[rel=prev]"), pager.select_one("a[rel=next]")
    assert visible_text(older) == "← Older Acme and River meet for the first time"
    assert older["href"] == "../2019-11-21-first/"
    assert visible_text(newer) == "Newer → Results & next steps"
    assert newer["href"] == "../2021-01-10-results/"
    assert {visible_text(a): a["href"] for a in body.select(".catalog-meta a")} == {
        "Acme × River matchmaking conference": "../../conferences/acme-river-2020/"
    }
    orgs = body.select_one("section[aria-labelledby=organizations]")
    assert link_texts(orgs) == ["Acme Aerospace Group", "River University"]

    oldest = article(html_page(site, "news/2019-11-21-first"))
    assert oldest.select_one("a[rel=prev]") is None
    newest = article(html_page(site, "news/2021-02-01-call"))
    assert newest.select_one("a[rel=next]") is None
    assert newest.select_one("a[rel=prev]")["href"] == "../2021-01-10-results/"


def test_release_image_and_tags(site):
    body = article(html_page(site, "news/2021-01-10-results"))
    img = body.select_one("figure.catalog-news__image img")
    assert img["alt"] == "Two demands matched after the conference"
    assert resolve(site, "news/2021-01-10-results", img["src"]).is_file()
    assert visible_text(body.select_one(".catalog-tags")) == "results , 成果"


def test_releases_are_listed_on_their_conference_and_organizations(site):
    conf = sections(article(html_page(site, "conferences/acme-river-2019")))
    assert link_texts(conf["news"]) == ["Acme and River meet for the first time"]
    acme = sections(article(html_page(site, "organizations/acme")))
    assert link_texts(acme["news"]) == [
        "Results & next steps",
        "Acme and River University meet online",
    ]


# --- Feed -------------------------------------------------------------------------


def test_feed_is_valid_atom_with_every_release(site):
    raw = (site / "news/feed.xml").read_bytes()
    root = ET.fromstring(raw)  # well-formed XML, or this raises
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    for entry in root.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{required}") is not None, required

    feed = feedparser.parse(raw)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Test campaign: news"
    assert feed.feed.link == f"{SITE_URL}news/"
    assert feed.feed.updated == "2021-02-01T00:00:00Z"
    assert [e.title for e in feed.entries] == [
        "Spring call for entries",
        "Results & next steps",
        "Acme and River University meet online",
        "Acme and River meet for the first time",
    ]
    assert [e.link for e in feed.entries] == [
        f"{SITE_URL}news/2021-02-01-call/",
        f"{SITE_URL}news/2021-01-10-results/",
        f"{SITE_URL}news/2020-07-08-meeting/",
        f"{SITE_URL}news/2019-11-21-first/",
    ]
    assert [e.id for e in feed.entries] == [e.link for e in feed.entries]
    assert [e.updated_parsed[:3] for e in feed.entries] == [
        (2021, 2, 1),
        (2021, 1, 10),
        (2020, 7, 8),
        (2019, 11, 21),
    ]
    meeting, first = feed.entries[2], feed.entries[3]
    assert meeting.summary == "A short sample release."
    assert [t.term for t in meeting.tags] == ["acme-river-2020"]
    assert [t.term for t in feed.entries[1].tags] == ["results", "成果"]
    assert "About one hundred people took part." in meeting.content[0].value
    # the release's relative link still leads to the right page from a feed reader
    assert f'href="{SITE_URL}conferences/acme-river-2019/"' in first.content[0].value


def test_every_page_announces_the_feed(site):
    pages = list(site.rglob("index.html"))
    assert len(pages) > 30
    for html in pages:
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        # feed readers look for the token "alternate"; Material's language selector
        # takes a link whose rel is exactly "alternate" for a language version
        [link] = soup.select('head link[rel~=alternate][type="application/atom+xml"]')
        assert link["rel"] != ["alternate"]
        # each language's pages announce that language's feed (issue 15)
        chinese = html.relative_to(site).parts[0] == "zh"
        feed = "zh/news/feed.xml" if chinese else "news/feed.xml"
        assert resolve(html.parent, "", link["href"]) == (site / feed).resolve()
        assert link["title"] == ("Test campaign：新闻" if chinese else "Test campaign: news")
    # 404.html is served at any depth, so its links are absolute
    not_found = (site / "404.html").read_text(encoding="utf-8")
    assert 'type="application/atom+xml" title="Test campaign: news" href="/news/feed.xml"' in (
        not_found
    )
    news = article(html_page(site, "news"))
    assert news.select_one('a[type="application/atom+xml"]')["href"] == "feed.xml"


def test_without_site_url_the_feed_is_skipped_with_a_warning(make_project):
    root = make_project()
    yml = root / "mkdocs.yml"
    yml.write_text(yml.read_text().replace("site_url: https://campaign.example.org/\n", ""))
    strict = mkdocs_build(root)
    assert strict.returncode == 1
    assert (
        "WARNING -  campaign-catalog: site_url is not set in mkdocs.yml, so the news feed "
        "(news/feed.xml) is not built: feed readers need absolute links." in strict.stderr
    )
    assert "Traceback" not in strict.stderr
    lenient = run(["-m", "mkdocs", "build", "-f", "mkdocs.yml"], root)
    assert lenient.returncode == 0, lenient.stderr
    assert not (root / "site/news/feed.xml").exists()
    home = html_page(root / "site", "")
    assert home.select('link[type="application/atom+xml"]') == []
    assert (root / "site/news/2020-07-08-meeting/index.html").exists()


def test_feed_escapes_contributor_text(make_project):
    root = make_project(
        {
            "content/news/2020-07-08-meeting.md": """\
                ---
                title: "<script>alert(1)</script> & <b>bold</b>"
                date: 2020-07-08
                summary: "]]> </summary><entry>"
                ---

                Body with a form feed \f and <script>alert(2)</script>.
                """
        }
    )
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    raw = (root / "site/news/feed.xml").read_bytes()
    feed = feedparser.parse(raw)
    assert feed.bozo == 0, feed.get("bozo_exception")
    [entry] = feed.entries
    assert entry.title == "<script>alert(1)</script> & <b>bold</b>"
    assert entry.summary == "]]> </summary><entry>"
    assert "alert(2)" not in entry.content[0].value  # sanitized like the page
    assert len(ET.fromstring(raw).findall(f"{ATOM}entry")) == 1


# --- Conferences and the timeline --------------------------------------------------


def facts(body) -> dict[str, str]:
    dl = body.select_one("dl.catalog-facts")
    return {visible_text(dt): visible_text(dt.find_next_sibling("dd")) for dt in dl.select("dt")}


def test_conference_page_shows_outcomes_and_splits_participants(site):
    body = article(html_page(site, "conferences/acme-river-2020"))
    f = facts(body)
    assert f["Format"] == "Online"
    assert f["Attendees"] == "about 100"
    assert f["Pushed to the national platform"] == "More than 12 resources and demands"
    # defect-ai (in negotiation) and sensor-calibration (matched) were presented there
    assert f["Demands matched"] == "1 of 2 demands presented"
    found = sections(body)
    participants = found["participants"]
    groups = {
        visible_text(h3).rsplit(" ", 1)[0]: link_texts(h3.find_next_sibling("ul"))
        for h3 in participants.select("h3")
    }
    assert groups == {
        "Enterprise units": ["Acme Materials Lab", "Acme Sensor Workshop"],
        "University teams and offices": ["River Innovation Institute"],
        "Other organizations": ["City Science Office"],
    }
    assert link_texts(found["resources"]) == [
        "Composite testing laboratory",
        "Sensor calibration rig",
    ]
    assert link_texts(found["projects"])[0] == "Low-power satellite navigation chip"
    assert link_texts(found["news"]) == ["Acme and River University meet online"]


def test_timeline_splits_past_and_upcoming_at_the_build_date(site):
    body = article(html_page(site, "timeline"))
    assert visible_text(body.h1) == "Campaign timeline"
    assert visible_text(body.select_one(".catalog-summary-line")) == (
        "3 conferences in date order, as of 15 March 2021 ."
    )
    found = sections(body)

    def titles(section) -> list[str]:
        return [visible_text(h.a) for h in section.select(".catalog-timeline__title")]

    assert titles(found["past"]) == [
        "First Acme × River meeting",
        "Acme × River matchmaking conference",
    ]
    # dated March 2021 to the month: not over on 15 March
    assert titles(found["upcoming"]) == ["Acme spring matchmaking"]
    item = found["upcoming"].select_one(".catalog-timeline__item")
    assert visible_text(item.select_one("time")) == "March 2021"
    assert "1 demand" in visible_text(item.select_one(".catalog-timeline__counts"))
    assert [t["datetime"] for t in body.select(".catalog-timeline__date time")] == sorted(
        t["datetime"] for t in body.select(".catalog-timeline__date time")
    )


def test_timeline_follows_source_date_epoch(tmp_path):
    root = create_project(tmp_path / "p", {"catalog/conferences/later.yaml": LATER})
    result = mkdocs_build(root, env={"SOURCE_DATE_EPOCH": "1262304000"})  # 2010-01-01
    assert result.returncode == 0, result.stderr
    body = article(html_page(root / "site", "timeline"))
    assert visible_text(body.select_one("#past + p")) == "None yet."
    assert len(body.select("section[aria-labelledby=upcoming] li")) == 2


LATER = """\
    title: A later conference
    date: 2031-05-01
    hosts: [acme]
    """


def test_bad_source_date_epoch_is_a_clear_error(make_project):
    root = make_project()
    result = mkdocs_build(root, env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert result.returncode == 1
    assert "SOURCE_DATE_EPOCH='yesterday' is not a number of seconds since 1970-01-01" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr


# --- Organizations as a tree ------------------------------------------------------


def test_group_page_rolls_up_its_units(site):
    body = article(html_page(site, "organizations/acme"))
    f = facts(body)
    assert f["In the catalog"] == "0 resources, 2 demands, 0 projects"
    assert f["ACME and its units"] == "2 resources, 4 demands, 0 projects (with 2 units)"
    found = sections(body)
    # the units' entries are listed, each marked with its unit

    def rows(section) -> list[tuple[str, str]]:
        return [
            (
                visible_text(card.select_one(".catalog-card__title a")),
                visible_text(card.select_one(".catalog-card__org")),
            )
            for card in section.select(".catalog-card")
        ]

    assert rows(found["resources"]) == [
        ("Composite testing laboratory", "Acme Materials Lab"),
        ("Sensor calibration rig", "Acme Sensor Workshop"),
    ]
    assert rows(found["demands"]) == [
        ("AI defect recognition for composite parts", "Acme Aerospace Group"),
        ("Archive digitisation", "Acme Aerospace Group"),
        ("Calibration of hot sensors", "Acme Sensor Workshop"),
        ("Lightweight composite housing", "Acme Materials Lab"),
    ]
    # the tree of units: the workshop is nested under the lab
    tree = found["sub-organizations"].select_one("ul.catalog-tree")
    [lab] = tree.find_all("li", recursive=False)
    assert visible_text(lab.a) == "Acme Materials Lab"
    assert link_texts(lab.select_one("ul.catalog-tree")) == ["Acme Sensor Workshop"]


def test_unit_page_names_its_whole_chain(site):
    body = article(html_page(site, "organizations/acme-sensors"))
    assert facts(body)["Part of"] == "ACME › Acme Materials Lab"


def test_organizations_listing_shows_the_tree(site):
    body = article(html_page(site, "organizations"))
    tree = body.select_one("section[aria-labelledby=hierarchy] > ul.catalog-tree")
    roots = [visible_text(li.a) for li in tree.find_all("li", recursive=False)]
    assert roots == ["Acme Aerospace Group", "City Science Office", "River University"]
    nested = tree.select("ul.catalog-tree ul.catalog-tree ul.catalog-tree a")
    assert [visible_text(a) for a in nested] == ["Acme Sensor Workshop"]
    # only on the first page of the listing
    assert html_page(site, "organizations/page/2").select_one("#hierarchy") is None


# --- Validation of the new front matter -------------------------------------------


def problems_of(root: Path) -> list[str]:
    _, problems = load_catalog(root)
    return [p.format_text() for p in problems]


def test_release_image_needs_alt_text_and_an_existing_file(make_project):
    root = make_project(
        {
            "content/news/2020-07-08-meeting.md": """\
                ---
                title: A release
                date: 2020-07-08
                image: pictures/missing.png
                ---
                """
        }
    )
    assert problems_of(root) == [
        "content/news/2020-07-08-meeting.md:4:1: image needs image_alt: a short description "
        "of the picture for visitors who cannot see it",
        "content/news/2020-07-08-meeting.md:4:8: image: no file 'news/pictures/missing.png' "
        "in the docs folder (the path is relative to the release file, or to the docs folder "
        "with a leading '/')",
    ]
    result = mkdocs_build(root)
    assert result.returncode == 1
    assert "content/news/2020-07-08-meeting.md:4:1: image needs image_alt" in result.stderr
    assert "Traceback" not in result.stderr


def test_release_names_that_would_hide_archive_pages_are_refused(make_project):
    root = make_project({"content/news/2020.md": "---\ntitle: T\ndate: 2020-01-01\n---\n"})
    assert problems_of(root) == [
        "content/news/2020.md:2:1: the name '2020' is reserved for the site's own news pages "
        "(/news/2020/); use a longer name such as '2020-07-08-short-title.md'"
    ]


def test_shipped_site_has_feed_timeline_and_statistics(tmp_path):
    out = tmp_path / "site"
    result = mkdocs_build(
        REPO,
        "-d",
        str(out),
        env={"SOURCE_DATE_EPOCH": BUILD_EPOCH, "SITE_URL": ""},
    )
    assert result.returncode == 0, result.stderr
    feed = feedparser.parse((out / "news/feed.xml").read_bytes())
    assert feed.bozo == 0
    assert len(feed.entries) == len(list(REPO.glob("content/news/*.md")))
    assert all(e.link.startswith(urljoin(feed.feed.link, "/")) for e in feed.entries)
    timeline = article(html_page(out, "timeline"))
    assert len(timeline.select(".catalog-timeline__item")) == len(
        list((REPO / "catalog/conferences").glob("*.yaml"))
    )
    assert "15 March 2021" in visible_text(timeline.select_one(".catalog-summary-line"))
    assert article(html_page(out, "statistics")).select("svg[role=img]")
