"""Issue #14, item 8: suggestions a visitor can read. The strength in words (the score
stays in `campaign match`), no shared terms too common to mean anything, and a note
that names the statuses of the demands listed; in English and Chinese, on a real
`mkdocs build --strict` of a small project."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import (
    BUILD_EPOCH,
    article,
    create_project,
    html_page,
    mkdocs_build,
    run,
    visible_text,
)

ENV = {"SOURCE_DATE_EPOCH": BUILD_EPOCH}

# The base project (conftest.BASE_FILES: the demand 'defect-ai', in negotiation) and an
# open demand, 'battery-test', with one offer of each strength:
# - river-battery-lab: the same field and shared words → strong;
# - city-battery-rig: the same field, no word in common (0.4) → good;
# - river-power-board: one field of its three in common (0.23) → possible.
# 'gizmo' is in 5 of the 12 resources, demands and projects (more than a fifth, fewer
# than half); 'zeolite' (沸石) only in the demand and the strong offer; 'joint' (联合)
# there too, but it says nothing.
_GIZMO = """\
    title: Navigation gizmo {n}
    summary: A navigation gizmo for tests.
    organization: city-lab
    fields: [satellite-navigation]
    """

FILES: dict[str, str | None] = {
    "catalog/taxonomy.yaml": """\
        fields:
          composite-materials:
            name: Composite materials
            name_zh: 复合材料
          satellite-navigation:
            name: Satellite navigation
            name_zh: 卫星导航
          batteries:
            name: Batteries
            name_zh: 电池
          thermal:
            name: Thermal management
            name_zh: 热管理
          electronics:
            name: Electronics
            name_zh: 电子
        """,
    "catalog/organizations/city-lab.yaml": """\
        name: City Testing Laboratory
        kind: government
        """,
    "catalog/demands/battery-test.yaml": """\
        title: Zeolite gizmo
        zh:
          title: 沸石
          summary: 联合开发沸石。
        summary: Joint development of a zeolite gizmo.
        organization: acme
        fields: [batteries]
        deadline: 2027-06-30
        """,
    "catalog/projects/river-battery-lab.yaml": """\
        title: Zeolite barrier gizmo
        zh:
          title: 沸石屏障
          summary: 联合研究沸石屏障。
        summary: Joint research on a zeolite barrier gizmo.
        organization: river-university
        fields: [batteries]
        """,
    "catalog/resources/city-battery-rig.yaml": """\
        title: Cell cycling rig
        summary: Charge and discharge cycles of cells.
        organization: city-lab
        fields: [batteries]
        """,
    "catalog/projects/river-power-board.yaml": """\
        title: Power board design
        summary: Printed circuit boards for power electronics.
        organization: river-university
        fields: [batteries, thermal, electronics]
        """,
    # answers only the demand in negotiation, and both demands
    "catalog/resources/city-ndt.yaml": """\
        title: Non-destructive inspection
        summary: Inspection of parts without cutting them.
        organization: city-lab
        fields: [composite-materials]
        """,
    "catalog/resources/city-housing.yaml": """\
        title: Housing workshop
        summary: Housings made to order.
        organization: city-lab
        fields: [composite-materials, batteries]
        """,
    **{f"catalog/resources/nav-gizmo-{n}.yaml": _GIZMO.format(n=n) for n in (1, 2, 3)},
}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = create_project(tmp_path_factory.mktemp("suggestions") / "project", FILES)
    result = mkdocs_build(root, env=ENV)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return root


def items(project: Path, path: str, anchor: str) -> list[dict[str, str]]:
    """Each item of the match list under heading ``anchor`` of page ``path``."""
    body = article(html_page(project / "site", path))
    found = body.select_one(f"h2#{anchor}").find_parent("section")
    return [
        {
            "title": visible_text(li.select_one(":scope > p:nth-of-type(1) a")),
            "strength": visible_text(li.select_one(".catalog-match__score")),
            "terms": [
                visible_text(t) for t in li.select(":scope > p:nth-of-type(2) .catalog-keyword")
            ],
        }
        for li in found.select("ol.catalog-matches > li")
    ]


def note(project: Path, path: str, anchor: str) -> str:
    body = article(html_page(project / "site", path))
    return visible_text(body.select_one(f"h2#{anchor}").find_parent("section").p)


def test_strength_in_words_in_both_languages(project):
    en = items(project, "demands/battery-test", "suggested-partners")
    assert [(i["title"], i["strength"]) for i in en] == [
        ("Zeolite barrier gizmo", "Strong match"),
        ("Cell cycling rig", "Good match"),
        ("Housing workshop", "Possible match"),
        ("Power board design", "Possible match"),
    ]
    zh = items(project, "zh/demands/battery-test", "suggested-partners")
    assert [(i["title"], i["strength"]) for i in zh] == [
        ("沸石屏障", "强匹配"),
        ("Cell cycling rig", "较强匹配"),
        ("Housing workshop", "可能匹配"),
        ("Power board design", "可能匹配"),
    ]
    # no raw score anywhere in the list, in text or tooltip
    for path in ("demands/battery-test", "zh/demands/battery-test"):
        body = article(html_page(project / "site", path))
        section = body.select_one("h2#suggested-partners").find_parent("section")
        assert "0." not in visible_text(section)
        assert "0." not in "".join(str(t.get("title", "")) for t in section.select("[title]"))


def test_match_command_still_prints_the_score(project):
    result = run(["-m", "generator", "match", "battery-test"], project, ENV)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[3].startswith(" 1. 0.") and lines[3].endswith("project river-battery-lab")
    score = float(lines[3].split()[1])
    assert score >= 0.5  # as strong as the page says
    assert " 2. 0.40  resource city-battery-rig" in result.stdout


def test_common_and_generic_terms_are_not_named(project):
    strong = items(project, "demands/battery-test", "suggested-partners")[0]
    # the rare shared word is named, in both languages; the word in 5 of 12 entries
    # and the word of any call for partners are not
    assert strong["terms"] == ["zeolite", "沸石"]
    zh = items(project, "zh/demands/battery-test", "suggested-partners")[0]
    assert zh["terms"] == strong["terms"]
    # the same on the offer's page, and in `campaign match`
    served = items(project, "projects/river-battery-lab", "demands-served")
    assert served[0]["terms"] == strong["terms"]
    result = run(["-m", "generator", "match", "battery-test", "--limit", "1"], project, ENV)
    terms = next(line for line in result.stdout.splitlines() if "shared terms:" in line)
    assert "zeolite" in terms and "gizmo" not in terms and "joint" not in terms


@pytest.mark.parametrize(
    ("path", "en", "zh"),
    [
        (
            "resources/city-ndt",
            "Demands in negotiation whose fields and wording are closest to this resource.",
            "技术领域和用词与该资源最接近的洽谈中的需求。",
        ),
        (
            "projects/river-battery-lab",
            "Open demands whose fields and wording are closest to this project.",
            "技术领域和用词与该项目最接近的开放需求。",
        ),
        (
            "resources/city-housing",
            "Open demands and demands in negotiation whose fields and wording are closest "
            "to this resource.",
            "技术领域和用词与该资源最接近的开放需求和洽谈中的需求。",
        ),
    ],
)
def test_the_note_names_the_statuses_listed(project, path, en, zh):
    assert note(project, path, "demands-served") == en
    assert note(project, "zh/" + path, "demands-served") == zh
    body = article(html_page(project / "site", path))
    heading = body.select_one("h2#demands-served")
    assert visible_text(heading).startswith("Demands this could serve")


def test_conference_note_names_the_statuses_listed(make_project):
    # the base conference presents 'defect-ai' (in negotiation) and the lab of Acme's own
    # unit; a second offer from outside makes a pair
    root = make_project(
        {
            "catalog/resources/river-ndt.yaml": """\
                title: Ultrasound defect inspection
                summary: Ultrasound inspection of composite parts.
                organization: river-university
                fields: [composite-materials]
                conferences: [acme-river-2020]
                """
        }
    )
    result = mkdocs_build(root, env=ENV)
    assert result.returncode == 0, result.stderr
    assert note(root, "conferences/acme-river-2020", "best-matches").startswith(
        "Demands in negotiation presented here and the resources and projects"
    )
    assert note(root, "zh/conferences/acme-river-2020", "best-matches").startswith(
        "本次发布的洽谈中的需求，"
    )
