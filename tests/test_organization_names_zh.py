"""Issue #14, item 7: organizations on /zh/ by their Chinese names and short names, and a
missing Chinese short name reported like any other missing translation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import (
    BUILD_EPOCH,
    REPO,
    article,
    campaign,
    create_project,
    html_page,
    mkdocs_build,
    visible_text,
)

FILES: dict[str, str | None] = {
    "catalog/organizations/acme.yaml": """\
        name: Acme Aerospace Group
        zh:
          name: 阿克米航天集团
          short_name: 阿克米
        short_name: ACME
        kind: enterprise
        """,
    "catalog/organizations/acme-lab.yaml": """\
        name: Acme Materials Lab
        zh:
          name: 阿克米材料实验室
          short_name: 阿克米材料
        short_name: Acme Materials
        kind: institute
        parent: acme
        """,
    "catalog/organizations/river-university.yaml": """\
        name: River University
        zh:
          name: 河流大学
          short_name: 河大
        short_name: RU
        kind: university
        """,
    # answers Acme's demand 'defect-ai'
    "catalog/projects/river-defect.yaml": """\
        title: Defect recognition in composite parts
        summary: Finding defects in composite parts.
        organization: river-university
        fields: [composite-materials]
        """,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = create_project(tmp_path_factory.mktemp("orgnames") / "project", FILES)
    result = mkdocs_build(root, env={"SOURCE_DATE_EPOCH": BUILD_EPOCH})
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_suggestions_name_the_partner_by_its_chinese_short_name(site):
    zh = article(html_page(site, "zh/demands/defect-ai"))
    orgs = [visible_text(o) for o in zh.select("#suggested-partners ~ ol .catalog-match__org")]
    assert orgs == ["· 河大"]
    en = article(html_page(site, "demands/defect-ai"))
    orgs = [visible_text(o) for o in en.select("#suggested-partners ~ ol .catalog-match__org")]
    assert orgs == ["· RU"]
    served = article(html_page(site, "zh/projects/river-defect"))
    assert [visible_text(o) for o in served.select(".catalog-match__org")] == ["· 阿克米"]


def test_statistics_chart_labels_organizations_in_chinese(site):
    zh = html_page(site, "zh/statistics")
    chart = zh.select_one("#chart-by-organization")
    labels = [visible_text(t) for t in chart.select("text.catalog-chart__label")]
    # acme-lab's only entry, composite-lab, is a sample: no chart counts it (issue 15)
    assert sorted(labels) == ["河大", "阿克米"]
    desc = visible_text(chart.select_one("desc"))
    assert "ACME" not in desc and "RU:" not in desc
    en = html_page(site, "statistics").select_one("#chart-by-organization")
    assert sorted(visible_text(t) for t in en.select("text.catalog-chart__label")) == [
        "ACME",
        "RU",
    ]


def test_parent_chains_use_chinese_short_names(site):
    page = article(html_page(site, "zh/organizations/acme-lab"))
    facts = {
        visible_text(dt): visible_text(dt.find_next_sibling("dd"))
        for dt in page.select("dl.catalog-facts dt")
    }
    assert facts["简称"] == "阿克米材料"
    assert facts["隶属于"] == "阿克米"
    # the entry's organization fact, up the chain
    demand = article(html_page(site, "zh/resources/composite-lab"))
    assert "阿克米 › 阿克米材料" in visible_text(demand.select_one("dl.catalog-facts"))
    # no Chinese page prints an English short name (the English full name may stand
    # under the heading, marked lang="en")
    for path in ("zh/demands/defect-ai", "zh/organizations/acme-lab", "zh/statistics"):
        text = visible_text(article(html_page(site, path)))
        assert "ACME" not in text and not re.search(r"Acme Materials(?! Lab)", text), path


def test_missing_chinese_short_name_is_reported_with_its_place_and_fix(make_project):
    root = make_project(
        {
            **FILES,
            "catalog/organizations/acme-lab.yaml": """\
                name: Acme Materials Lab
                short_name: Acme Materials
                zh:
                  name: 阿克米材料实验室
                kind: institute
                parent: acme
                """,
            # no English short name: nothing to translate
            "catalog/organizations/city-office.yaml": """\
                name: City Science Office
                zh:
                  name: 市科学办公室
                kind: government
                """,
        }
    )
    result = campaign(["validate", "--missing-translation", "error", "catalog/organizations"], root)
    assert result.returncode == 1, result.stdout
    assert (
        "catalog/organizations/acme-lab.yaml:3:1: zh: the Chinese short name is missing: "
        "add short_name: under 'zh:' (see CONTRIBUTING.md, 'Adding a Chinese translation')"
    ) in result.stdout.splitlines()
    assert "city-office" not in result.stdout
    assert "acme.yaml" not in result.stdout and "river-university" not in result.stdout
    warning = campaign(["validate", "--missing-translation", "warning"], root)
    assert warning.returncode == 0
    assert "acme-lab.yaml:3:1: warning: zh: the Chinese short name is missing" in warning.stdout


def test_missing_zh_block_lists_the_short_name_too(make_project):
    root = make_project(
        {
            "catalog/organizations/acme.yaml": """\
                name: Acme Aerospace Group
                short_name: ACME
                kind: enterprise
                """
        }
    )
    result = campaign(["validate", "--missing-translation", "error", "catalog/organizations"], root)
    assert (
        "catalog/organizations/acme.yaml:1:1: no Chinese translation: add a 'zh:' block with "
        "name: and short_name: indented under it"
    ) in result.stdout


def test_every_shipped_organization_has_a_chinese_name_and_short_name():
    for path in sorted((REPO / "catalog/organizations").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        zh = data.get("zh") or {}
        assert zh.get("name") and zh.get("short_name"), path.name
        assert not zh["short_name"].isascii(), path.name
