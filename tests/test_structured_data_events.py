"""Structured data (issue 15, item 8): JSON-LD read back with extruct, as a search engine
would, and checked against what Google's rich results require: every Event has a name,
a startDate no more precise than what is known and a location (a Place with an address,
or a VirtualLocation with a url); a NewsArticle a headline, datePublished and author; an
Organization a name and url. Chinese pages describe the Chinese page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import extruct
import pytest

from conftest import BUILD_EPOCH, CAMPAIGN_FILES, REPO, create_project, mkdocs_build

SITE_URL = "https://campaign.example.org/"

FILES: dict[str, str | None] = {
    **CAMPAIGN_FILES,
    "catalog/conferences/acme-river-2020.yaml": """\
        title: Acme × River matchmaking conference
        zh:
          title: 阿克米—河流大学对接会
          location: 线上视频会议
          summary: 阿克米与河流大学的线上对接会。
        date: 2020-07-08
        hosts: [acme, river-university]
        format: online
        location: Online video conference
        attendees: {value: 100, approximate: true}
        participants: [acme-lab, acme-sensors, river-institute, city-office]
        projects: [nav-chip]
        """,
    "catalog/conferences/acme-lake-2021.yaml": """\
        title: Acme spring matchmaking
        date: 2021-03-01
        date_precision: month
        hosts: [acme]
        format: hybrid
        location: Acme hall, Beijing
        online_url: https://meet.example.org/acme-spring
        """,
    "catalog/conferences/river-2020.yaml": """\
        title: River University matchmaking event
        date: 2020-01-01
        date_precision: year
        hosts: [river-university]
        """,
    "content/zh/news/2021-02-01-call.md": """\
        ---
        title: 春季征集条目
        summary: 请在春季对接会前提交条目。
        ---

        请在春季对接会前提交条目。
        """,
}

ISO_REDUCED = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("jsonld") / "project"
    create_project(root, FILES)
    result = mkdocs_build(root, env={"SOURCE_DATE_EPOCH": BUILD_EPOCH})
    assert result.returncode == 0, result.stderr
    return root / "site"


def json_ld(site: Path, path: str) -> dict[str, Any]:
    """The page's one JSON-LD object, as extruct reads it."""
    html = (site / path / "index.html").read_text(encoding="utf-8")
    found = extruct.extract(html, base_url=SITE_URL + path, syntaxes=["json-ld"])["json-ld"]
    assert len(found) == 1, found
    return found[0]


def check_event(event: dict[str, Any]) -> None:
    """Google's Event rich result: name, startDate, location (required)."""
    assert event["@type"] == "Event"
    assert event["name"]
    assert ISO_REDUCED.match(event["startDate"]), event["startDate"]
    locations = event["location"] if isinstance(event["location"], list) else [event["location"]]
    assert locations
    for location in locations:
        if location["@type"] == "VirtualLocation":
            assert location["url"].startswith("https://")
        else:
            assert location["@type"] == "Place"
            assert location["name"]
            address = location["address"]
            assert address["@type"] == "PostalAddress" and address["addressLocality"]


def test_every_event_has_a_location_and_an_honest_date(site):
    online = json_ld(site, "conferences/acme-river-2020")
    check_event(online)
    assert online["startDate"] == "2020-07-08"
    assert online["location"] == {
        "@type": "VirtualLocation",
        "name": "Online video conference",
        # no address of the video call is recorded: the page announcing it stands in
        "url": SITE_URL + "conferences/acme-river-2020/",
    }
    offline = json_ld(site, "conferences/acme-river-2019")
    check_event(offline)
    assert offline["location"] == {
        "@type": "Place",
        "name": "River campus",
        "address": {"@type": "PostalAddress", "addressLocality": "River campus"},
    }
    hybrid = json_ld(site, "conferences/acme-lake-2021")
    check_event(hybrid)
    assert hybrid["startDate"] == "2021-03"  # month known, not the 1st
    assert {loc["@type"] for loc in hybrid["location"]} == {"VirtualLocation", "Place"}
    assert "https://meet.example.org/acme-spring" in [loc.get("url") for loc in hybrid["location"]]
    year_only = json_ld(site, "conferences/river-2020")
    check_event(year_only)
    assert year_only["startDate"] == "2020"  # not 2020-01-01
    # no location recorded: the host, where the campaign's events are held
    assert year_only["location"]["name"] == "River University"


def test_year_only_dates_are_not_written_as_the_first_of_january(site):
    html = (site / "conferences/river-2020/index.html").read_text(encoding="utf-8")
    assert "2020-01-01" not in html
    assert '<time datetime="2020">' in html
    assert "2020-01-01" not in (site / "timeline/index.html").read_text(encoding="utf-8")


def test_news_article_and_organization_have_googles_properties(site):
    article = json_ld(site, "news/2021-01-10-results")
    assert article["@type"] == "NewsArticle"
    assert article["headline"] == "Results & next steps"
    assert article["datePublished"] == "2021-01-10"
    assert article["author"]["name"] == "Test campaign"
    assert article["author"]["url"] == SITE_URL
    assert article["image"].startswith(SITE_URL)
    org = json_ld(site, "organizations/acme")
    assert org["@type"] == "Organization"
    assert org["name"] == "Acme Aerospace Group"
    assert org["url"] == SITE_URL + "organizations/acme/"
    university = json_ld(site, "organizations/river-university")
    assert university["@type"] == "CollegeOrUniversity" and university["name"]


def test_chinese_pages_describe_the_chinese_page(site):
    event = json_ld(site, "zh/conferences/acme-river-2020")
    check_event(event)
    assert event["inLanguage"] == "zh-CN"
    assert event["url"] == SITE_URL + "zh/conferences/acme-river-2020/"
    assert event["@id"].startswith(SITE_URL + "zh/")
    assert event["name"] == "阿克米—河流大学对接会"
    assert event["alternateName"] == "Acme × River matchmaking conference"
    assert event["description"] == "阿克米与河流大学的线上对接会。"
    assert event["location"]["name"] == "线上视频会议"
    assert event["location"]["url"] == SITE_URL + "zh/conferences/acme-river-2020/"
    assert all(o["url"].startswith(SITE_URL + "zh/") for o in event["organizer"])
    english = json_ld(site, "conferences/acme-river-2020")
    assert english["inLanguage"] == "en" and "/zh/" not in english["url"]
    news = json_ld(site, "zh/news/2021-02-01-call")
    assert news["inLanguage"] == "zh-CN"
    assert news["headline"] == "春季征集条目"
    assert news["url"] == SITE_URL + "zh/news/2021-02-01-call/"
    assert news["author"]["url"] == SITE_URL + "zh/"
    resource = json_ld(site, "zh/resources/sensor-rig")
    assert resource["inLanguage"] == "zh-CN"
    assert resource["url"].startswith(SITE_URL + "zh/")


def test_shipped_conferences_all_have_a_location_and_honest_dates(tmp_path):
    result = mkdocs_build(
        REPO,
        "-d",
        str(tmp_path / "site"),
        env={"SOURCE_DATE_EPOCH": BUILD_EPOCH, "SITE_URL": SITE_URL},
    )
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    conferences = sorted(p.stem for p in (REPO / "catalog/conferences").glob("*.yaml"))
    assert len(conferences) == 5
    for conf_id in conferences:
        for prefix in ("", "zh/"):
            event = json_ld(site, f"{prefix}conferences/{conf_id}")
            check_event(event)
            assert not event["startDate"].endswith("-01-01"), conf_id
            assert event["inLanguage"] == ("zh-CN" if prefix else "en")
