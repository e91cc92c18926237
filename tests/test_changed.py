"""`campaign validate PATH…` and `--changed-since REF`: what a pull request touches, plus
the files that name what it touched, in real git repositories."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import campaign, commit_all, git, init_repo, write_files

BROKEN_PROJECT = """\
    title: Low-power satellite navigation chip
    summary: A BeiDou/GNSS receiver chip for wearables.
    organization: river-university
    fields: [satellite-navigation]
    trl: 12
    """


def reported(output: str) -> list[str]:
    """`path:line:col: message` lines, without the summary."""
    return [line for line in output.splitlines() if re.match(r"^[\w./-]+:\d+:\d+: ", line)]


@pytest.fixture
def repo(make_project) -> Path:
    """A project committed on main with one error already there (nav-chip's trl), on a
    feature branch: the pull request's starting point."""
    root = init_repo(make_project({"catalog/projects/nav-chip.yaml": BROKEN_PROJECT}))
    git(root, "checkout", "-q", "-b", "feature")
    return root


def test_paths_limit_the_report_to_those_files(make_project):
    root = make_project(
        {
            "catalog/projects/nav-chip.yaml": BROKEN_PROJECT,
            "catalog/resources/composite-lab.yaml": (
                "title: Lab\nsummary: Tests.\norganization: acme-lab\n"
                "fields: [composite-materials]\nkind: lab\n"
            ),
        }
    )
    whole = campaign(["validate"], root)
    assert len(reported(whole.stdout)) == 2

    one = campaign(["validate", "catalog/resources/composite-lab.yaml"], root)
    assert one.returncode == 1
    assert reported(one.stdout) == [
        "catalog/resources/composite-lab.yaml:5:7: kind: 'lab' is not allowed; use one of "
        "'equipment', 'facility', 'testing', 'technology', 'platform', 'data', 'expertise', "
        "'funding' or 'other'"
    ]
    assert one.stdout.strip().endswith("1 files checked: 1 error.")

    clean = campaign(["validate", "catalog/demands/defect-ai.yaml", "content/news"], root)
    assert clean.returncode == 0, clean.stdout
    assert clean.stdout.strip() == "2 files checked, no problems found."


def test_a_folder_stands_for_every_file_in_it(make_project):
    root = make_project({"catalog/projects/nav-chip.yaml": BROKEN_PROJECT})
    result = campaign(["validate", "catalog/projects/"], root)
    assert result.returncode == 1
    assert [line.split(":")[0] for line in reported(result.stdout)] == [
        "catalog/projects/nav-chip.yaml"
    ]


def test_changed_entry_reports_files_that_name_it(make_project):
    # the conference names nav-chip; a broken nav-chip does not break the conference, but a
    # renamed nav-chip would, so the conference is checked with it
    root = make_project({"catalog/conferences/acme-river-2020.yaml": None})
    write_files(
        root,
        {
            "catalog/conferences/acme-river-2020.yaml": """\
                title: Acme × River
                date: 2020-07-08
                hosts: [acme]
                projects: [nav-chip, gone-project]
                """
        },
    )
    result = campaign(["validate", "catalog/projects/nav-chip.yaml"], root)
    assert reported(result.stdout) == [
        "catalog/conferences/acme-river-2020.yaml:4:22: project 'gone-project' does not exist "
        "(no file catalog/projects/gone-project.yaml)"
    ]
    assert "2 files checked: 1 error." in result.stdout


def test_changed_since_reports_committed_uncommitted_and_untracked_changes(repo):
    write_files(
        repo,
        {
            "catalog/demands/defect-ai.yaml": """\
                title: AI defect recognition for composite parts
                summary: Detect defects in ultrasound scans.
                organization: acme
                fields: [composite-materials]
                status: opened
                """
        },
    )
    commit_all(repo, "edit a demand")
    # uncommitted edit of a tracked file, and a new file not yet added
    write_files(
        repo,
        {
            "catalog/organizations/acme.yaml": "name: Acme\nkind: company\n",
            "catalog/resources/new-lab.yaml": "title: New lab\n",
        },
    )
    result = campaign(["validate", "--changed-since", "main"], repo)
    assert result.returncode == 1
    lines = reported(result.stdout)
    assert {line.split(":")[0] for line in lines} == {
        "catalog/demands/defect-ai.yaml",
        "catalog/organizations/acme.yaml",
        "catalog/resources/new-lab.yaml",
    }
    assert "catalog/demands/defect-ai.yaml:5:9: status: 'opened' is not allowed" in lines[0]
    # nav-chip's error was on main before the branch: not this pull request's doing
    assert "nav-chip" not in result.stdout
    # the whole catalog still has it
    assert "nav-chip" in campaign(["validate"], repo).stdout


def test_deleted_organization_breaks_the_files_that_name_it(repo):
    git(repo, "rm", "-q", "catalog/organizations/acme-lab.yaml")
    commit_all(repo, "remove acme-lab")
    result = campaign(["validate", "--changed-since", "main"], repo)
    assert result.returncode == 1
    assert reported(result.stdout) == [
        "catalog/conferences/acme-river-2020.yaml:6:16: organization 'acme-lab' does not exist; "
        "did you mean 'acme'?",
        "catalog/resources/composite-lab.yaml:3:15: organization 'acme-lab' does not exist; "
        "did you mean 'acme'?",
    ]


def test_renamed_conference_counts_as_deleted_under_its_old_id(repo):
    git(
        repo,
        "mv",
        "catalog/conferences/acme-river-2020.yaml",
        "catalog/conferences/acme-river-meeting.yaml",
    )
    commit_all(repo, "rename the conference")
    result = campaign(["validate", "--changed-since", "main"], repo)
    paths = sorted({line.split(":")[0] for line in reported(result.stdout)})
    assert paths == [
        "catalog/demands/defect-ai.yaml",
        "catalog/resources/composite-lab.yaml",
        "content/news/2020-07-08-meeting.md",
    ]
    assert all(
        "conference 'acme-river-2020' does not exist" in line for line in reported(result.stdout)
    )


def test_new_file_with_a_duplicate_id_is_caught_on_either_side(repo):
    # the new file sorts first, so the loader reports the clash on the old, unchanged file
    write_files(
        repo, {"catalog/organizations/a-group/river-university.yaml": "name: R\nkind: other\n"}
    )
    result = campaign(["validate", "--changed-since", "main"], repo)
    assert result.returncode == 1
    assert "duplicate id 'river-university'" in result.stdout


def test_changed_taxonomy_checks_every_file_that_names_a_field(repo):
    write_files(
        repo,
        {
            "catalog/taxonomy.yaml": """\
                fields:
                  composite-materials:
                    name: Composite materials
                """
        },
    )
    result = campaign(["validate", "--changed-since", "main"], repo)
    assert reported(result.stdout) == [
        "catalog/projects/nav-chip.yaml:4:10: field 'satellite-navigation' does not exist "
        "(not listed under fields: in catalog/taxonomy.yaml)",
        "catalog/projects/nav-chip.yaml:5:6: trl: input should be less than or equal to 9 (got 12)",
    ]


def test_unrelated_changes_leave_nothing_to_report(repo):
    write_files(repo, {"content/about.md": "# About\n", "README.md": "Notes\n"})
    commit_all(repo, "docs")
    result = campaign(["validate", "--changed-since", "main"], repo)
    assert result.returncode == 0
    assert result.stdout.strip() == "0 files checked, no problems found."


def test_github_annotations_point_at_the_changed_lines(repo):
    write_files(repo, {"catalog/organizations/acme.yaml": "name: Acme\nkind: enterprize\n"})
    result = campaign(["validate", "--changed-since", "main", "--format", "github"], repo)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=catalog/organizations/acme.yaml,line=2,col=7::kind: 'enterprize' is "
        "not allowed; use one of 'enterprise', 'university', 'institute', 'government' or "
        "'other'; did you mean 'enterprise'?"
    ]
    assert "1 error." in result.stderr


def test_project_in_a_subfolder_of_the_repository(make_project, tmp_path):
    root = make_project()  # tmp_path/project
    init_repo(tmp_path)
    write_files(root, {"catalog/organizations/acme.yaml": "name: Acme\nkind: company\n"})
    result = campaign(["validate", "--root", str(root), "--changed-since", "main"], tmp_path)
    assert [line.split(":")[0] for line in reported(result.stdout)] == [
        "catalog/organizations/acme.yaml"
    ]


def test_unknown_ref_is_a_clear_error(repo):
    result = campaign(["validate", "--changed-since", "origin/main"], repo)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "campaign validate: cannot compare with 'origin/main': git does not know that commit "
        "(fetch it first; in GitHub Actions give actions/checkout 'fetch-depth: 0')"
    )
    assert result.stdout == ""


def test_outside_a_git_repository_is_a_clear_error(make_project):
    result = campaign(["validate", "--changed-since", "main"], make_project())
    assert result.returncode == 1
    assert result.stderr.startswith("campaign validate: cannot compare with 'main'")
    assert "Traceback" not in result.stderr


def test_path_outside_the_project_is_refused(make_project, tmp_path):
    result = campaign(["validate", str(tmp_path)], make_project())
    assert result.returncode == 1
    assert result.stderr.strip() == f"campaign validate: {tmp_path} is outside the project folder ."
