"""`campaign validate`: every error kind, with its exact path:line:col and message."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.pipeline import loaded

from conftest import campaign


def problems_of(root: Path) -> list[str]:
    _, problems = loaded(root)
    return [p.format_text() for p in problems]


def test_shipped_style_project_is_clean(make_project):
    root = make_project()
    result = campaign(["validate"], root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("no problems found.")
    assert "9 files checked" in result.stdout


def test_yaml_syntax_error_is_located(make_project):
    root = make_project({"catalog/resources/composite-lab.yaml": "title: X\nsummary: a: b\n"})
    out = problems_of(root)
    assert out == [
        "catalog/resources/composite-lab.yaml:2:11: YAML syntax error: "
        "mapping values are not allowed in this context (put the value in quotes if it "
        "contains ': ')"
    ]


def test_unknown_key_suggests_the_right_one(make_project):
    root = make_project(
        {
            "catalog/resources/composite-lab.yaml": """\
                title: Composite testing laboratory
                summary: Testing.
                organisation: acme-lab
                fields: [composite-materials]
                """
        }
    )
    out = problems_of(root)
    assert (
        "catalog/resources/composite-lab.yaml:3:1: unknown key 'organisation'; "
        "did you mean 'organization'?" in out
    )
    assert "catalog/resources/composite-lab.yaml:1:1: missing required key 'organization'" in out


def test_unknown_key_without_close_match_lists_allowed_keys(make_project):
    root = make_project(
        {"catalog/organizations/river-university.yaml": "name: River\nkind: university\nfoo: 1\n"}
    )
    [line] = problems_of(root)
    assert line.startswith("catalog/organizations/river-university.yaml:3:1: unknown key 'foo'")
    assert "(allowed keys: " in line and "short_name" in line and "website" in line


def test_id_key_explains_that_the_file_name_is_the_id(make_project):
    root = make_project(
        {"catalog/organizations/river-university.yaml": "id: river\nname: R\nkind: university\n"}
    )
    assert problems_of(root) == [
        "catalog/organizations/river-university.yaml:1:1: unknown key 'id'; "
        "the id is the file name, so leave this key out"
    ]


def test_missing_required_key_points_at_the_mapping(make_project):
    root = make_project(
        {
            "catalog/projects/nav-chip.yaml": """\
                # A comment before the mapping
                title: Low-power satellite navigation chip
                organization: river-university
                fields: [satellite-navigation]
                """
        }
    )
    assert problems_of(root) == [
        "catalog/projects/nav-chip.yaml:2:1: missing required key 'summary'"
    ]


def test_nested_unknown_key_is_located_inside_the_mapping(make_project):
    root = make_project(
        {
            "catalog/demands/defect-ai.yaml": """\
                title: AI defect recognition
                summary: Wanted.
                organization: acme
                fields: [composite-materials]
                contact:
                  name: Office
                  mail: office@example.com
                """
        }
    )
    assert problems_of(root) == [
        "catalog/demands/defect-ai.yaml:7:3: unknown key 'contact.mail'; did you mean 'email'?"
    ]


def test_wrong_types_are_reported_at_the_value(make_project):
    root = make_project(
        {
            "catalog/projects/nav-chip.yaml": """\
                title: Low-power satellite navigation chip
                summary: A chip.
                organization: river-university
                fields: [satellite-navigation]
                trl: high
                updated: last week
                """,
            "catalog/organizations/river-university.yaml": "name: [River]\nkind: university\n",
        }
    )
    out = problems_of(root)
    assert out == [
        "catalog/organizations/river-university.yaml:1:7: name: input should be a valid "
        "string (got ['River'])",
        "catalog/projects/nav-chip.yaml:5:6: trl: input should be a valid integer (got 'high')",
        "catalog/projects/nav-chip.yaml:6:10: updated: expected a date written as YYYY-MM-DD "
        "(got 'last week')",
    ]


def test_out_of_range_and_too_long_values(make_project):
    long = "x" * 301
    root = make_project(
        {
            "catalog/projects/nav-chip.yaml": f"""\
                title: Chip
                summary: {long}
                organization: river-university
                fields: [satellite-navigation]
                trl: 12
                """
        }
    )
    assert problems_of(root) == [
        "catalog/projects/nav-chip.yaml:2:10: summary: is 301 characters long; "
        "at most 300 are allowed",
        "catalog/projects/nav-chip.yaml:5:6: trl: input should be less than or equal to 9 (got 12)",
    ]


def test_enum_value_lists_the_allowed_ones(make_project):
    root = make_project(
        {
            "catalog/demands/defect-ai.yaml": """\
                title: AI defect recognition
                summary: Wanted.
                organization: acme
                fields: [composite-materials]
                status: opened
                """
        }
    )
    assert problems_of(root) == [
        "catalog/demands/defect-ai.yaml:5:9: status: 'opened' is not allowed; use one of "
        "'open', 'in-negotiation', 'matched' or 'closed'; did you mean 'open'?"
    ]


def test_enum_inside_a_list_is_located_at_the_item(make_project):
    root = make_project(
        {
            "catalog/projects/nav-chip.yaml": """\
                title: Chip
                summary: A chip.
                organization: river-university
                fields: [satellite-navigation]
                seeking:
                  - investment
                  - money
                """
        }
    )
    [line] = problems_of(root)
    assert line.startswith("catalog/projects/nav-chip.yaml:7:5: seeking[1]: 'money' is not allowed")
    assert "'application-scenario'" in line


def test_bad_id_names_the_file_and_a_fix(make_project):
    root = make_project({"catalog/resources/Composite_Lab 2.yaml": "title: x\n"})
    out = problems_of(root)
    assert (
        "catalog/resources/Composite_Lab 2.yaml:1:1: file name 'Composite_Lab 2' is not a valid "
        "id: use lowercase letters a-z, digits and hyphens, starting with a letter or digit, "
        "at most 80 characters (e.g. 'composite-lab-2')" in out
    )


def test_bad_id_reference_inside_an_entry(make_project):
    root = make_project(
        {"catalog/organizations/acme-lab.yaml": "name: Lab\nkind: institute\nparent: Acme Group\n"}
    )
    assert problems_of(root) == [
        "catalog/organizations/acme-lab.yaml:3:9: parent: 'Acme Group' is not a valid id "
        "(lowercase letters a-z, digits and hyphens, starting with a letter or digit); "
        "did you mean 'acme'?"
    ]


def test_duplicate_ids_across_subfolders(make_project):
    root = make_project({"catalog/resources/acme/composite-lab.yaml": BASE_RESOURCE_COPY})
    assert problems_of(root) == [
        "catalog/resources/composite-lab.yaml:1:1: duplicate id 'composite-lab': "
        "catalog/resources/acme/composite-lab.yaml has the same file name; rename one of them"
    ]


BASE_RESOURCE_COPY = """\
    title: Another lab
    summary: Same id, other folder.
    organization: acme
    fields: [composite-materials]
    """


def test_missing_references_of_every_kind(make_project):
    root = make_project(
        {
            "catalog/resources/composite-lab.yaml": """\
                title: Composite testing laboratory
                summary: Testing.
                organization: acme-labs
                fields: [composite-materials, quantum-computing]
                conferences: [acme-river-2021]
                """,
            "catalog/conferences/acme-river-2020.yaml": """\
                title: Conference
                date: 2020-07-08
                hosts: [acme, nobody-at-all]
                projects: [nav-chip, unknown-project]
                """,
            "content/news/2020-07-08-meeting.md": """\
                ---
                title: News
                date: 2020-07-08
                conference: acme-river
                ---
                Body.
                """,
        }
    )
    assert problems_of(root) == [
        "catalog/conferences/acme-river-2020.yaml:3:15: organization 'nobody-at-all' does not "
        "exist (no file catalog/organizations/nobody-at-all.yaml)",
        "catalog/conferences/acme-river-2020.yaml:4:22: project 'unknown-project' does not "
        "exist (no file catalog/projects/unknown-project.yaml)",
        "catalog/resources/composite-lab.yaml:3:15: organization 'acme-labs' does not exist; "
        "did you mean 'acme-lab'?",
        "catalog/resources/composite-lab.yaml:4:31: field 'quantum-computing' does not exist "
        "(not listed under fields: in catalog/taxonomy.yaml)",
        "catalog/resources/composite-lab.yaml:5:15: conference 'acme-river-2021' does not exist; "
        "did you mean 'acme-river-2020'?",
        "content/news/2020-07-08-meeting.md:4:13: conference 'acme-river' does not exist; "
        "did you mean 'acme-river-2020'?",
    ]


def test_parent_cycle_is_reported_on_every_member(make_project):
    root = make_project(
        {
            "catalog/organizations/acme.yaml": "name: Acme\nkind: enterprise\nparent: acme-lab\n",
        }
    )
    assert problems_of(root) == [
        "catalog/organizations/acme-lab.yaml:3:9: parent organizations form a cycle: "
        "acme → acme-lab → acme",
        "catalog/organizations/acme.yaml:3:9: parent organizations form a cycle: "
        "acme → acme-lab → acme",
    ]


def test_organization_that_is_its_own_parent(make_project):
    root = make_project(
        {"catalog/organizations/acme.yaml": "name: Acme\nkind: enterprise\nparent: acme\n"}
    )
    assert problems_of(root) == [
        "catalog/organizations/acme.yaml:3:9: parent organizations form a cycle: acme → acme"
    ]


def test_news_front_matter_lines_count_from_the_file_start(make_project):
    root = make_project(
        {
            "content/news/2020-07-08-meeting.md": """\
                ---
                date: 2020-07-08
                organisations: [acme]
                ---
                Body.
                """,
            "content/news/no-front-matter.md": "Just text.\n",
        }
    )
    assert problems_of(root) == [
        "content/news/2020-07-08-meeting.md:2:1: missing required key 'title'",
        "content/news/2020-07-08-meeting.md:3:1: unknown key 'organisations'; "
        "did you mean 'organizations'?",
        "content/news/no-front-matter.md:1:1: news release needs front matter between '---' "
        "lines with at least title and date",
    ]


def test_duplicate_keys_are_not_silently_dropped(make_project):
    root = make_project(
        {
            "catalog/organizations/river-university.yaml": (
                "name: River\nkind: university\nname: River University\n"
            )
        }
    )
    assert problems_of(root) == [
        "catalog/organizations/river-university.yaml:3:1: duplicate key 'name' "
        "(first given at line 1); keep only one"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "1:1: expected a mapping of keys to values, got an empty file"),
        ("- a\n- b\n", "1:1: expected a mapping of keys to values, got a list"),
    ],
)
def test_file_that_is_not_a_mapping(make_project, text, expected):
    root = make_project({"catalog/organizations/river-university.yaml": text})
    assert problems_of(root) == [f"catalog/organizations/river-university.yaml:{expected}"]


def test_missing_taxonomy(make_project):
    root = make_project({"catalog/taxonomy.yaml": None})
    out = problems_of(root)
    assert out[0] == (
        "catalog/taxonomy.yaml:1:1: taxonomy file is missing; it lists the technical fields"
    )


def test_cli_reports_every_problem_then_a_summary_and_fails(make_project):
    root = make_project(
        {
            "catalog/organizations/river-university.yaml": "name: River\nkind: college\n",
            "catalog/demands/defect-ai.yaml": "title: T\n",
        }
    )
    result = campaign(["validate"], root)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines == [
        "catalog/demands/defect-ai.yaml:1:1: missing required key 'fields'",
        "catalog/demands/defect-ai.yaml:1:1: missing required key 'organization'",
        "catalog/demands/defect-ai.yaml:1:1: missing required key 'summary'",
        "catalog/organizations/river-university.yaml:2:7: kind: 'college' is not allowed; use "
        "one of 'enterprise', 'university', 'institute', 'government' or 'other'",
        # nav-chip names river-university, which exists but is invalid: no second report
        "9 files checked: 4 errors.",
    ]
    assert "Traceback" not in result.stderr


def test_cli_github_annotations(make_project):
    root = make_project({"catalog/organizations/river-university.yaml": "name: R\nkind: x\n"})
    result = campaign(["validate", "--format", "github"], root)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "::error file=catalog/organizations/river-university.yaml,line=2,col=7::kind: 'x' is "
        "not allowed; use one of 'enterprise', 'university', 'institute', 'government' or 'other'"
    )
    assert "files checked" in result.stderr


def test_cli_root_option_and_entry_point(make_project, tmp_path):
    root = make_project({"catalog/organizations/river-university.yaml": "name: R\n"})
    result = campaign(["validate", "--root", str(root)], tmp_path)
    assert result.returncode == 1
    assert "catalog/organizations/river-university.yaml:1:1: missing required key 'kind'" in (
        result.stdout
    )


def test_references_are_checked_in_a_file_with_other_errors(make_project):
    root = make_project(
        {
            "catalog/demands/defect-ai.yaml": """\
                title: AI defect recognition
                summary: Wanted.
                organization: acme-group
                fields: [composite-materials]
                status: opened
                """
        }
    )
    assert problems_of(root) == [
        # 'acme-group' is closest to the name of acme, 'Acme Aerospace Group'
        "catalog/demands/defect-ai.yaml:3:15: organization 'acme-group' does not exist; "
        "did you mean 'acme'?",
        "catalog/demands/defect-ai.yaml:5:9: status: 'opened' is not allowed; use one of "
        "'open', 'in-negotiation', 'matched' or 'closed'; did you mean 'open'?",
    ]
