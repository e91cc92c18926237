"""References written as a name, a title or an id with the wrong case or spacing:
`campaign validate` names the id they mean ("did you mean 'casic-zju-2020'?"), in YAML
files and news front matter alike; README.md's example of a mistyped organization still
gives the messages it shows.

Each test copies the shipped catalog (and, for README.md's example, the content) into a
temporary folder, adds or changes files, and runs `campaign validate` on it.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest

from generator.cli.main import main

from conftest import REPO

NOT_AN_ID = (
    "is not a valid id (lowercase letters a-z, digits and hyphens, starting with a letter or digit)"
)


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(REPO / "catalog", root / "catalog")
    shutil.copytree(REPO / "content", root / "content")
    return root


def validate(capsys: pytest.CaptureFixture[str], root: Path) -> tuple[int, list[str]]:
    capsys.readouterr()
    code = main(["validate", "--root", str(root)])
    return code, capsys.readouterr().out.splitlines()


def write(root: Path, rel: str, text: str) -> None:
    (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")


def test_names_titles_and_spellings_of_ids_get_the_id_they_mean(shipped, capsys):
    write(
        shipped,
        "catalog/resources/by-name.yaml",
        """\
        title: Referred to by name
        summary: Every reference below is a name, not an id.
        organization: Zhejiang University
        fields: [复合材料, Satellite Navigation]
        conferences: [CASIC x Zhejiang University conference]
        """,
    )
    write(
        shipped,
        "catalog/projects/by-spelling.yaml",
        """\
        title: Referred to with odd spellings
        summary: Ids and names in the wrong case or spacing.
        organization: zhejiang  UNIVERSITY
        fields:
          - Composite-Materials
          - 卫星导航
        conferences:
          - 航天科工—浙江大学专场对接会
          - CASIC-ZJU-2020
        """,
    )
    write(
        shipped,
        "catalog/organizations/by-short-name.yaml",
        "name: A unit of ZJU\nkind: institute\nparent: 浙大\n",
    )
    code, lines = validate(capsys, shipped)
    assert code == 1
    assert lines == [
        "catalog/organizations/by-short-name.yaml:3:9: parent: '浙大' "
        f"{NOT_AN_ID}; did you mean 'zhejiang-university'?",
        "catalog/projects/by-spelling.yaml:3:15: organization: 'zhejiang  UNIVERSITY' "
        f"{NOT_AN_ID}; did you mean 'zhejiang-university'?",
        "catalog/projects/by-spelling.yaml:5:5: fields[0]: 'Composite-Materials' "
        f"{NOT_AN_ID}; did you mean 'composite-materials'?",
        "catalog/projects/by-spelling.yaml:6:5: fields[1]: '卫星导航' "
        f"{NOT_AN_ID}; did you mean 'satellite-navigation'?",
        "catalog/projects/by-spelling.yaml:8:5: conferences[0]: '航天科工—浙江大学专场对接会' "
        f"{NOT_AN_ID}; did you mean 'casic-zju-2020'?",
        "catalog/projects/by-spelling.yaml:9:5: conferences[1]: 'CASIC-ZJU-2020' "
        f"{NOT_AN_ID}; did you mean 'casic-zju-2020'?",
        "catalog/resources/by-name.yaml:3:15: organization: 'Zhejiang University' "
        f"{NOT_AN_ID}; did you mean 'zhejiang-university'?",
        "catalog/resources/by-name.yaml:4:10: fields[0]: '复合材料' "
        f"{NOT_AN_ID}; did you mean 'composite-materials'?",
        "catalog/resources/by-name.yaml:4:16: fields[1]: 'Satellite Navigation' "
        f"{NOT_AN_ID}; did you mean 'satellite-navigation'?",
        "catalog/resources/by-name.yaml:5:15: conferences[0]: "
        f"'CASIC x Zhejiang University conference' {NOT_AN_ID}; did you mean "
        "'casic-zju-2020'?",
        "54 files checked: 10 errors.",
    ]


def test_names_in_news_front_matter(shipped, capsys):
    write(
        shipped,
        "content/news/2020-07-09-by-name.md",
        """\
        ---
        title: Named by name
        date: 2020-07-09
        conference: CASIC × Zhejiang University Special Matchmaking Conference
        organizations: [浙江大学, CASIC]
        ---

        Text.
        """,
    )
    code, lines = validate(capsys, shipped)
    assert code == 1
    assert lines == [
        "content/news/2020-07-09-by-name.md:4:13: conference: "
        f"'CASIC × Zhejiang University Special Matchmaking Conference' {NOT_AN_ID}; "
        "did you mean 'casic-zju-2020'?",
        "content/news/2020-07-09-by-name.md:5:17: organizations[0]: '浙江大学' "
        f"{NOT_AN_ID}; did you mean 'zhejiang-university'?",
        "content/news/2020-07-09-by-name.md:5:23: organizations[1]: 'CASIC' "
        f"{NOT_AN_ID}; did you mean 'casic'?",
        "52 files checked: 3 errors.",
    ]


def test_a_well_formed_id_that_does_not_exist_gets_the_closest_id(shipped, capsys):
    write(
        shipped,
        "catalog/demands/near-ids.yaml",
        """\
        title: Near ids
        summary: Ids that are almost right.
        organization: zhejiang-univ
        fields: [composite-material]
        conferences: [casic-zju-2021]
        """,
    )
    code, lines = validate(capsys, shipped)
    assert code == 1
    assert lines == [
        "catalog/demands/near-ids.yaml:3:15: organization 'zhejiang-univ' does not exist; "
        "did you mean 'zhejiang-university'?",
        "catalog/demands/near-ids.yaml:4:10: field 'composite-material' does not exist; "
        "did you mean 'composite-materials'?",
        "catalog/demands/near-ids.yaml:5:15: conference 'casic-zju-2021' does not exist; "
        "did you mean 'casic-zju-2020'?",
        "52 files checked: 3 errors.",
    ]


def _readme_block(readme: str, after: str, language: str) -> str:
    start = readme.index(after)
    match = re.compile(rf"```{language}\n(.*?)```", re.S).search(readme, start)
    assert match is not None
    return textwrap.dedent(match.group(1))


def test_readme_example_of_a_mistyped_organization_still_holds(shipped, capsys):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = _readme_block(readme, "A demand looks like this", "yaml")
    expected = _readme_block(readme, "the example above gives", "text").splitlines()
    # "With a mistyped organization id and `status: opened` added after `deadline:`"
    assert "organization: casic-no25-institute\n" in example
    text = example.replace("organization: casic-no25-institute", "organization: casic-no-25")
    text = re.sub(r"(?m)^(deadline: .*\n)", r"\1status: opened\n", text)
    write(shipped, "catalog/demands/my-unit-sensor-calibration.yaml", text)
    code, lines = validate(capsys, shipped)
    assert code == 1
    assert (
        lines[:-1]
        == expected[:-1]
        == [
            "catalog/demands/my-unit-sensor-calibration.yaml:5:15: organization 'casic-no-25' "
            "does not exist; did you mean 'casic-no25-institute'?",
            "catalog/demands/my-unit-sensor-calibration.yaml:9:9: status: 'opened' is not "
            "allowed; use one of 'open', 'in-negotiation', 'matched' or 'closed'; did you mean "
            "'open'?",
        ]
    )
    # The count of files checked grows with the catalog; the errors are the two above.
    assert re.fullmatch(r"\d+ files checked: 2 errors\.", lines[-1])
    assert re.fullmatch(r"\d+ files checked: 2 errors\.", expected[-1])
