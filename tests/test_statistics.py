"""Charts: every number drawn must equal a count made here, straight from the YAML files
(not through generator.derive.stats), and every chart must be an accessible static SVG."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
import yaml

from generator.derive.stats import growth
from generator.load.build_date import BuildDateError, build_date

from conftest import (
    BUILD_EPOCH,
    REPO,
    article,
    build_campaign,
    html_page,
    mkdocs_build,
    visible_text,
)

OFFERS = ("resources", "demands", "projects")
STATUS_LABELS = {
    "open": "Open",
    "in-negotiation": "In negotiation",
    "matched": "Matched",
    "closed": "Closed",
}


# --- Counting from the source files ------------------------------------------------


def read_project(root: Path) -> dict:
    """Every catalog file as plain YAML data, by folder and id, plus the news count."""
    data: dict = {
        plural: {
            path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
            for path in (root / "catalog" / plural).rglob("*.yaml")
        }
        for plural in ("organizations", "conferences", *OFFERS)
    }
    taxonomy = yaml.safe_load((root / "catalog/taxonomy.yaml").read_text(encoding="utf-8"))
    data["fields"] = {k: v["name"] for k, v in taxonomy["fields"].items()}
    data["news"] = len([p for p in (root / "content/news").rglob("*.md") if p.name != "index.md"])
    # Honest numbers: figures count real entries only, unless every resource, demand and
    # project is a sample (then they count the samples, captioned as sample data).
    everything = [e for plural in OFFERS for e in data[plural].values()]
    data["sample_data"] = bool(everything) and all(e.get("sample") for e in everything)
    data["left_out"] = 0
    if not data["sample_data"]:
        for plural in ("organizations", "conferences", *OFFERS):
            real = {k: v for k, v in data[plural].items() if not v.get("sample")}
            if plural in OFFERS:
                data["left_out"] += len(data[plural]) - len(real)
            data[plural] = real
    return data


def offers(data: dict, ids: set[str] | None = None) -> list[tuple[str, str, dict]]:
    """(plural, id, data) of resources, demands, projects (of organizations ``ids``)."""
    return [
        (plural, entry_id, entry)
        for plural in OFFERS
        for entry_id, entry in data[plural].items()
        if ids is None or entry["organization"] in ids
    ]


def presented_at(data: dict, conf_id: str) -> list[tuple[str, str, dict]]:
    named = set(data["conferences"][conf_id].get("projects", []))
    return [
        (plural, entry_id, entry)
        for plural, entry_id, entry in offers(data)
        if conf_id in entry.get("conferences", []) or (plural == "projects" and entry_id in named)
    ]


def org_and_units(data: dict, org_id: str) -> set[str]:
    found = {org_id}
    while True:
        more = {
            oid for oid, org in data["organizations"].items() if org.get("parent") in found
        } - found
        if not more:
            return found
        found |= more


def by_type(items) -> list[tuple[str, int]]:
    counts = Counter(plural for plural, _, _ in items)
    return [(p.capitalize(), counts[p]) for p in OFFERS]


def by_field(data: dict, items, *, all_fields: bool) -> list[tuple[str, int]]:
    counts = Counter(f for _, _, entry in items for f in set(entry["fields"]))
    names = data["fields"]
    pairs = [(names[f], counts[f]) for f in names if all_fields or counts[f]]
    return sorted(pairs, key=lambda p: (-p[1], p[0].lower()))


def by_status(items) -> list[tuple[str, int]]:
    counts = Counter(entry.get("status", "open") for p, _, entry in items if p == "demands")
    return [(label, counts[key]) for key, label in STATUS_LABELS.items()]


def by_organization(data: dict) -> list[tuple[str, int]]:
    counts = Counter(entry["organization"] for _, _, entry in offers(data))
    pairs = [
        (org.get("short_name") or org["name"], counts[oid])
        for oid, org in data["organizations"].items()
        if counts[oid]
    ]
    return sorted(pairs, key=lambda p: (-p[1], p[0].lower()))[:10]


def by_conference(data: dict) -> list[tuple[str, int]]:
    confs = sorted(data["conferences"].items(), key=lambda c: (c[1]["date"], c[0]))
    return [(conf["title"], len(presented_at(data, cid))) for cid, conf in confs]


def over_time(data: dict) -> list[tuple[str, int]]:
    """Running totals per quarter (per year for spans over 12 quarters or year-only dates)."""
    joined = {}
    for plural, entry_id, entry in offers(data):
        if entry.get("published"):
            joined[entry_id] = (entry["published"], entry.get("published_precision", "day"))
            continue
        dates = [
            (c["date"], c.get("date_precision", "day"))
            for cid, c in data["conferences"].items()
            if (plural, entry_id, entry) in presented_at(data, cid)
        ]
        if dates:
            joined[entry_id] = min(dates)
        elif entry.get("updated"):
            joined[entry_id] = (entry["updated"], "day")
    quarters = sorted((d.year, (d.month + 2) // 3) for d, _ in joined.values())
    span = (quarters[-1][0] - quarters[0][0]) * 4 + quarters[-1][1] - quarters[0][1] + 1
    if span > 12 or any(p == "year" for _, p in joined.values()):
        labels = [str(y) for y in range(quarters[0][0], quarters[-1][0] + 1)]
        keys = [str(y) for y, _ in quarters]
    else:
        labels = []
        year, q = quarters[0]
        while (year, q) <= quarters[-1]:
            labels.append(f"{year} Q{q}")
            year, q = (year + 1, 1) if q == 4 else (year, q + 1)
        keys = [f"{y} Q{q}" for y, q in quarters]
    added = Counter(keys)
    totals, running = [], 0
    for label in labels:
        running += added[label]
        totals.append((label, running))
    return totals


# --- Reading the charts -------------------------------------------------------------


def chart(soup, chart_id: str) -> list[tuple[str, int]]:
    """(label, value) of each bar or column, checked against what the chart shows."""
    figure = soup.select_one(f"figure#{chart_id}")
    assert figure is not None, f"no chart {chart_id}"
    svg = figure.select_one("svg")
    check_accessible(svg)
    pairs = []
    for item in svg.select("g.catalog-chart__item"):
        label, value = item.title.get_text().rsplit(": ", 1)
        shown_value = item.select_one("text.catalog-chart__value").get_text()
        shown_label = item.select_one("text.catalog-chart__label").get_text(" ").strip()
        assert shown_value == value
        assert label.startswith(shown_label.removesuffix("…")), (label, shown_label)
        # the bar's length is proportional to its value
        pairs.append((label, int(value)))
    lengths = [
        float(r["height"] if "columns" in figure["class"][-1] else r["width"])
        for r in svg.select("rect.catalog-chart__bar")
    ]
    top = max(v for _, v in pairs)
    longest = max(lengths)
    for (_, value), length in zip(pairs, lengths, strict=True):
        assert abs(length - longest * value / top) < 0.2 if top else length == 0
    return pairs


def check_accessible(svg) -> None:
    assert svg["role"] == "img"
    title_id, desc_id = svg["aria-labelledby"].split()
    title, desc = svg.find(id=title_id), svg.find(id=desc_id)
    assert title.name == "title" and title.get_text().strip()
    assert desc.name == "desc"
    for item in svg.select("g.catalog-chart__item"):
        label, value = item.title.get_text().rsplit(": ", 1)
        assert f"{label}: {value}" in desc.get_text()
    assert svg.select("script, foreignobject, image") == []
    assert not [a for tag in svg.find_all(True) for a in tag.attrs if a.startswith("on")]


# --- The campaign test project ------------------------------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("stats") / "project"
    site = build_campaign(root)
    return site, read_project(root)


def test_statistics_page_charts_equal_counts_from_the_files(project):
    site, data = project
    soup = html_page(site, "statistics")
    everything = offers(data)
    assert chart(soup, "chart-by-kind") == [
        ("Resources", len(data["resources"])),
        ("Demands", len(data["demands"])),
        ("Projects", len(data["projects"])),
        ("Organizations", len(data["organizations"])),
        ("Conferences", len(data["conferences"])),
        ("News releases", data["news"]),
    ]
    assert chart(soup, "chart-by-field") == by_field(data, everything, all_fields=True)
    assert ("Optics", 0) in chart(soup, "chart-by-field")  # empty fields are shown too
    assert chart(soup, "chart-by-organization") == by_organization(data)
    assert chart(soup, "chart-by-conference") == by_conference(data)
    assert chart(soup, "chart-by-status") == by_status(everything)
    assert chart(soup, "chart-growth") == over_time(data)
    # the same, written out for this project: a cross-check of the counting above
    # (the sample composite-lab, presented in 2020 Q3, is not counted)
    assert over_time(data) == [
        ("2019 Q4", 1),
        ("2020 Q1", 1),
        ("2020 Q2", 1),
        ("2020 Q3", 5),
        ("2020 Q4", 5),
        ("2021 Q1", 7),
    ]
    body = article(soup)
    assert (
        "1 entry with no publication date, no conference and no update date is not counted"
        in visible_text(body)
    )
    outcomes = visible_text(body.select_one("dl.catalog-outcomes"))
    assert "Demands matched 2 of 4 demands" in outcomes
    assert "More than 17 resources and demands, as reported by 2 conferences" in outcomes
    assert "As of 15 March 2021" in visible_text(body.select_one(".catalog-summary-line"))


def test_home_page_charts(project):
    site, data = project
    soup = html_page(site, "")
    everything = offers(data)
    assert chart(soup, "home-by-field") == by_field(data, everything, all_fields=True)
    assert chart(soup, "home-by-status") == by_status(everything)
    assert chart(soup, "home-by-conference") == by_conference(data)
    assert chart(soup, "home-growth") == over_time(data)
    assert article(soup).select_one('a[href="statistics/"]') is not None


@pytest.mark.parametrize("conf_id", ["acme-river-2020", "acme-river-2019", "acme-lake-2021"])
def test_conference_page_charts(project, conf_id):
    site, data = project
    soup = html_page(site, f"conferences/{conf_id}")
    items = presented_at(data, conf_id)
    assert chart(soup, "conference-by-type") == by_type(items)
    assert chart(soup, "conference-by-field") == by_field(data, items, all_fields=False)
    if any(p == "demands" for p, _, _ in items):
        assert chart(soup, "conference-by-status") == by_status(items)
    else:
        assert soup.select_one("#conference-by-status") is None


@pytest.mark.parametrize("org_id", ["acme", "acme-lab", "acme-sensors", "river-university"])
def test_organization_page_charts_roll_up_units(project, org_id):
    site, data = project
    soup = html_page(site, f"organizations/{org_id}")
    items = offers(data, org_and_units(data, org_id))
    assert chart(soup, "organization-by-type") == by_type(items)
    assert chart(soup, "organization-by-field") == by_field(data, items, all_fields=False)


def test_organization_without_entries_has_no_charts(project):
    site, _ = project
    assert html_page(site, "organizations/city-office").select("figure.catalog-chart") == []


# --- The shipped content ------------------------------------------------------------


def test_shipped_statistics_equal_counts_from_the_catalog(tmp_path):
    result = mkdocs_build(
        REPO, "-d", str(tmp_path / "site"), env={"SOURCE_DATE_EPOCH": BUILD_EPOCH}
    )
    assert result.returncode == 0, result.stderr
    data = read_project(REPO)
    soup = html_page(tmp_path / "site", "statistics")
    everything = offers(data)
    assert chart(soup, "chart-by-field") == by_field(data, everything, all_fields=True)
    assert chart(soup, "chart-by-organization") == by_organization(data)
    assert chart(soup, "chart-by-conference") == by_conference(data)
    assert chart(soup, "chart-by-status") == by_status(everything)
    assert chart(soup, "chart-growth") == over_time(data)
    casic = html_page(tmp_path / "site", "organizations/casic")
    items = offers(data, org_and_units(data, "casic"))
    assert chart(casic, "organization-by-type") == by_type(items)
    assert by_type(items)[0][1] > 0  # CASIC's units have resources, CASIC itself none


# --- Units ---------------------------------------------------------------------------


def test_build_date_reads_source_date_epoch():
    assert build_date({"SOURCE_DATE_EPOCH": BUILD_EPOCH}) == dt.date(2021, 3, 15)
    assert build_date({"SOURCE_DATE_EPOCH": " 0 "}) == dt.date(1970, 1, 1)
    assert build_date({}) == dt.datetime.now(dt.UTC).date()
    with pytest.raises(BuildDateError, match=r"SOURCE_DATE_EPOCH='1\.5e9' is not a number"):
        build_date({"SOURCE_DATE_EPOCH": "1.5e9"})


def test_growth_counts_by_year_for_long_spans_and_year_only_dates():
    d = dt.date
    short = growth([(d(2020, 1, 5), "day"), (d(2020, 8, 1), "day")])
    assert (short.unit, [(p.label, p.value, p.added) for p in short.periods]) == (
        "quarter",
        [("2020 Q1", 1, 1), ("2020 Q2", 1, 0), ("2020 Q3", 2, 1)],
    )
    long = growth([(d(2020, 1, 5), "day"), (d(2023, 2, 1), "day")], undated=3)
    assert long.unit == "year" and long.undated == 3
    assert [(p.label, p.value) for p in long.periods] == [
        ("2020", 1),
        ("2021", 1),
        ("2022", 1),
        ("2023", 2),
    ]
    vague = growth([(d(2020, 1, 1), "year"), (d(2020, 8, 1), "day")])
    assert [(p.label, p.value) for p in vague.periods] == [("2020", 2)]
    assert growth([]).periods == []
