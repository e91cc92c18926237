"""Honest numbers (issue 15, item 4): figures count real entries only, say how many
samples they left out, are captioned "sample data" when nothing else exists, count an
entry from its publication, and keep an approximate figure's qualifier everywhere.

Every expected number is counted here straight from the YAML files (yaml.safe_load),
not through generator.derive.stats."""

from __future__ import annotations

import csv
import io
import json
import textwrap
from pathlib import Path

import pytest
import yaml

from conftest import (
    BUILD_EPOCH,
    CAMPAIGN_FILES,
    article,
    campaign,
    create_project,
    html_page,
    mkdocs_build,
    visible_text,
)

OFFERS = ("resources", "demands", "projects")

# The campaign project, with an approximate and an exact head count (a plain number
# is an estimate, as the key always meant), and one entry
# whose publication date is known (before any conference of the campaign).
HONEST_FILES: dict[str, str | None] = {
    **CAMPAIGN_FILES,
    "catalog/conferences/acme-river-2020.yaml": """\
        title: Acme × River matchmaking conference
        zh:
          title: 阿克米—河流大学对接会
        date: 2020-07-08
        hosts: [acme, river-university]
        format: online
        attendees: 100
        participants: [acme-lab, acme-sensors, river-institute, city-office]
        projects: [nav-chip]
        pushed_to_platform: 12
        """,
    "catalog/conferences/acme-river-2019.yaml": """\
        title: First Acme × River meeting
        date: 2019-11-20
        hosts: [river-university]
        format: offline
        location: River campus
        attendees: {value: 40, approximate: false}
        pushed_to_platform: 5
        """,
    "catalog/demands/sample-housing.yaml": """\
        title: Sample sensor housing
        summary: An illustrative demand.
        organization: acme
        fields: [composite-materials]
        status: matched
        conferences: [acme-river-2020]
        sample: true
        """,
    "catalog/resources/river-data.yaml": """\
        title: River positioning data set
        summary: Ten years of positioning measurements.
        organization: river-university
        fields: [satellite-navigation]
        published: 2017-05-02
        updated: 2021-02-10
        """,
}


def read_offers(root: Path) -> dict[str, dict[str, dict]]:
    return {
        plural: {
            p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in sorted((root / "catalog" / plural).glob("*.yaml"))
        }
        for plural in (*OFFERS, "conferences")
    }


def build(root: Path, files: dict[str, str | None]) -> Path:
    create_project(root, files)
    result = mkdocs_build(root, env={"SOURCE_DATE_EPOCH": BUILD_EPOCH})
    assert result.returncode == 0, result.stderr
    return root / "site"


def bars(soup, chart_id: str) -> dict[str, int]:
    figure = soup.select_one(f"figure#{chart_id}")
    assert figure is not None, chart_id
    return {
        g.title.get_text().rsplit(": ", 1)[0]: int(g.title.get_text().rsplit(": ", 1)[1])
        for g in figure.select("g.catalog-chart__item")
    }


def note(soup, chart_id: str) -> str:
    found = soup.select_one(f"figure#{chart_id} .catalog-chart__note")
    return found.get_text(" ", strip=True) if found else ""


@pytest.fixture(scope="module")
def honest(tmp_path_factory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("honest") / "project"
    site = build(root, HONEST_FILES)
    return site, read_offers(root)


# --- Real entries only ----------------------------------------------------------------


def test_charts_count_real_entries_and_say_how_many_samples_are_left_out(honest):
    site, data = honest
    real = {p: [e for e in data[p].values() if not e.get("sample")] for p in OFFERS}
    samples = sum(1 for p in OFFERS for e in data[p].values() if e.get("sample"))
    assert samples == 2  # the fixture's composite-lab, and sample-housing
    stats = html_page(site, "statistics")
    assert bars(stats, "chart-by-kind")["Resources"] == len(real["resources"])
    assert bars(stats, "chart-by-kind")["Demands"] == len(real["demands"])
    statuses = [e.get("status", "open") for e in real["demands"]]
    assert bars(stats, "chart-by-status") == {
        "Open": statuses.count("open"),
        "In negotiation": statuses.count("in-negotiation"),
        "Matched": statuses.count("matched"),
        "Closed": statuses.count("closed"),
    }
    for chart_id in ("chart-by-field", "chart-by-status", "chart-growth"):
        assert note(stats, chart_id) == "2 sample entries are not counted."
    home = html_page(site, "")
    for chart_id in ("home-by-field", "home-by-status", "home-by-conference", "home-growth"):
        assert note(home, chart_id) == "2 sample entries are not counted.", chart_id
    glance = home.select_one(".catalog-glance")
    figures = {
        a.get_text(" ", strip=True).split(" ", 1)[1]: int(a.strong.get_text())
        for a in glance.select("a")
    }
    assert figures["Resources"] == len(real["resources"])
    assert figures["Demands"] == len(real["demands"])
    assert figures["Projects"] == len(real["projects"])
    assert "2 sample entries are not counted." in glance.get_text(" ", strip=True)
    zh = html_page(site, "zh/statistics")
    assert note(zh, "chart-by-field") == "未计入 2 项示例条目。"
    assert "示例数据" not in visible_text(article(zh))


def test_conference_outcomes_count_real_entries_presented(honest):
    site, data = honest
    presented = [
        e
        for p in OFFERS
        for name, e in data[p].items()
        if "acme-river-2020" in e.get("conferences", [])
        or name in data["conferences"]["acme-river-2020"].get("projects", [])
    ]
    real_demands = [
        e
        for e in data["demands"].values()
        if "acme-river-2020" in e.get("conferences", []) and not e.get("sample")
    ]
    matched = sum(1 for e in real_demands if e.get("status") == "matched")
    left_out = sum(1 for e in presented if e.get("sample"))
    assert left_out == 2
    sample_demands = sum(
        1
        for e in data["demands"].values()
        if "acme-river-2020" in e.get("conferences", []) and e.get("sample")
    )
    assert sample_demands == 1
    body = article(html_page(site, "conferences/acme-river-2020"))
    text = visible_text(body)
    assert (
        f"Demands matched {matched} of {len(real_demands)} demands presented "
        f"(1 sample demand not counted)"
    ) in text
    by_type = bars(body, "conference-by-type")
    assert by_type["Resources"] == sum(
        1
        for e in data["resources"].values()
        if "acme-river-2020" in e.get("conferences", []) and not e.get("sample")
    )
    assert note(body, "conference-by-type") == "2 sample entries are not counted."


def test_export_counts_real_entries_and_samples_apart(honest):
    site, data = honest
    export = json.loads((site / "export/catalog.json").read_text(encoding="utf-8"))
    for plural in OFFERS:
        real = sum(1 for e in data[plural].values() if not e.get("sample"))
        assert export["counts"][plural] == real
        assert export["sample_counts"][plural] == len(data[plural]) - real
    assert len(export["resources"]) == len(data["resources"])  # samples stay in the data


# --- Over time: from the publication date --------------------------------------------


def test_published_date_drives_the_over_time_chart(honest):
    site, data = honest
    assert data["resources"]["river-data"]["published"].year == 2017
    growth = bars(html_page(site, "statistics"), "chart-growth")
    # 2017 to 2021 is more than 12 quarters: counted by year, from the publication
    assert list(growth)[0] == "2017"
    assert growth["2017"] == 1
    assert growth["2018"] == 1  # nothing else was published before the first conference
    named = {pid for c in data["conferences"].values() for pid in c.get("projects", [])}
    dated = [
        name
        for p in OFFERS
        for name, e in data[p].items()
        if not e.get("sample")
        and (e.get("published") or e.get("conferences") or e.get("updated") or name in named)
    ]
    assert growth["2021"] == len(dated)


# --- Approximate figures keep their qualifier -----------------------------------------


def test_approximate_attendees_keep_their_qualifier_in_pages_and_exports(honest):
    site, _ = honest
    approx = article(html_page(site, "conferences/acme-river-2020"))
    assert approx.select_one(".catalog-attendees").get_text(strip=True) == "about 100"
    exact = article(html_page(site, "conferences/acme-river-2019"))
    assert exact.select_one(".catalog-attendees").get_text(strip=True) == "40 people"
    zh = article(html_page(site, "zh/conferences/acme-river-2020"))
    assert zh.select_one(".catalog-attendees").get_text(strip=True) == "约 100 人"
    timeline = visible_text(article(html_page(site, "timeline")))
    assert "about 100 attendees" in timeline and "40 attendees" in timeline
    assert "about 40" not in timeline
    listing = (site / "conferences/index.html").read_text(encoding="utf-8")
    assert "about 100 attendees" in listing
    raw = (site / "export/conferences.csv").read_bytes()[3:].decode("utf-8")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(raw, newline=""))}
    assert (
        rows["acme-river-2020"]["attendees"],
        rows["acme-river-2020"]["attendees_approximate"],
    ) == ("100", "true")
    assert (
        rows["acme-river-2019"]["attendees"],
        rows["acme-river-2019"]["attendees_approximate"],
    ) == ("40", "false")
    export = json.loads((site / "export/catalog.json").read_text(encoding="utf-8"))
    confs = {c["id"]: c for c in export["conferences"]}
    assert confs["acme-river-2020"]["attendees"] == 100
    assert confs["acme-river-2020"]["attendees_approximate"] is True


def test_a_malformed_head_count_is_reported_by_key(tmp_path):
    root = create_project(
        tmp_path / "project",
        {
            "catalog/conferences/acme-river-2020.yaml": textwrap.dedent(
                """\
                title: Acme × River matchmaking conference
                date: 2020-07-08
                hosts: [acme]
                attendees:
                  value: 100
                  approximate: maybe
                """
            )
        },
    )
    result = campaign(["validate"], root)
    assert result.returncode != 0
    out = result.stdout + result.stderr
    assert "catalog/conferences/acme-river-2020.yaml" in out
    assert "attendees" in out and "approximate" in out
    assert "Traceback" not in out


# --- Everything sample: counted, and captioned ----------------------------------------


def test_all_sample_catalog_captions_every_figure_as_sample_data(tmp_path):
    root = tmp_path / "project"
    create_project(root, HONEST_FILES)
    for plural in OFFERS:
        for path in (root / "catalog" / plural).glob("*.yaml"):
            text = path.read_text(encoding="utf-8")
            if "sample: true" not in text:
                path.write_text(text.rstrip("\n") + "\nsample: true\n", encoding="utf-8")
    data = read_offers(root)
    assert all(e.get("sample") for p in OFFERS for e in data[p].values())
    result = mkdocs_build(root, env={"SOURCE_DATE_EPOCH": BUILD_EPOCH})
    assert result.returncode == 0, result.stderr
    site = root / "site"
    stats = html_page(site, "statistics")
    figures = stats.select("figure.catalog-chart")
    assert figures
    for figure in figures:
        assert note(stats, figure["id"]).startswith("Sample data"), figure["id"]
    # the samples are counted, then
    assert bars(stats, "chart-by-kind")["Demands"] == len(data["demands"])
    assert "(sample data)" in visible_text(article(stats))
    conf = visible_text(article(html_page(site, "conferences/acme-river-2020")))
    assert "(sample data)" in conf and "not counted" not in conf
    zh = html_page(site, "zh/statistics")
    assert note(zh, "chart-by-field").startswith("示例数据")
    home = html_page(site, "")
    for figure in home.select("figure.catalog-chart"):
        assert note(home, figure["id"]).startswith("Sample data"), figure["id"]
    assert "Sample data" in home.select_one(".catalog-glance").get_text(" ", strip=True)
