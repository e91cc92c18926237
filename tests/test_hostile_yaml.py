"""Broken and hostile catalog files: each gives located problems, never a traceback,
and nothing outside the project is read or published."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.pipeline import loaded

from conftest import campaign, mkdocs_build

ORG = "catalog/organizations/river-university.yaml"
CONF = "catalog/conferences/acme-river-2020.yaml"


def problems_of(root: Path) -> list[str]:
    _, problems = loaded(root)
    return [p.format_text() for p in problems]


def write_bytes(root: Path, rel: str, data: bytes) -> None:
    (root / rel).write_bytes(data)


BILLION_LAUGHS = """\
name: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
kind: university
"""


def test_billion_laughs_is_refused(make_project):
    root = make_project({ORG: BILLION_LAUGHS})
    assert problems_of(root) == [
        f"{ORG}:1:11: document expands to more than 50000 values (anchors and aliases used "
        "to multiply content are not allowed)"
    ]


def test_an_alias_to_its_own_parent_is_refused(make_project):
    root = make_project({ORG: "name: &x [a, *x]\nkind: university\n"})
    [problem] = problems_of(root)
    assert problem.startswith(f"{ORG}:1:")
    assert "nested more than 20 levels" in problem or "expands to more than" in problem


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # deeper than the walker allows, shallower than libyaml's own limit
        ("name: " + "[" * 300 + "]" * 300 + "\n", "1:26: values are nested more than 20 levels"),
        ("name: " + "[" * 5000 + "]" * 5000 + "\n", "1:1006: YAML syntax error: while increasing"),
        (
            "".join(" " * i + "a:\n" for i in range(60)) + " " * 60 + "b\n",
            "21:21: values are nested more than 20 levels",
        ),
        ("name:\n" + "- " * 500 + "x\n", "2:39: values are nested more than 20 levels"),
    ],
)
def test_deep_nesting_is_refused_with_a_location(make_project, text, expected):
    root = make_project({ORG: text})
    [problem] = problems_of(root)
    assert problem.startswith(f"{ORG}:{expected}")


def test_nested_keys_that_are_lists_or_mappings(make_project):
    root = make_project({ORG: "? [a, b]\n: 1\n? " + "[" * 500 + "]" * 500 + "\n: 2\n"})
    assert [p for p in problems_of(root) if "key must be text" in p] == [
        f"{ORG}:1:3: a key must be text, not a list or a mapping",
        f"{ORG}:3:3: a key must be text, not a list or a mapping",
    ]


def test_file_over_the_size_limit(make_project):
    root = make_project()
    data = b"name: River\nkind: university\ndescription: " + b"x" * 1_000_000
    write_bytes(root, ORG, data)
    assert problems_of(root) == [f"{ORG}:1:1: file is {len(data)} bytes; the limit is 1000000"]


def test_very_long_value(make_project):
    root = make_project({ORG: "name: River\nkind: university\ndescription: " + "x" * 20_001})
    assert problems_of(root) == [f"{ORG}:3:14: text is 20001 characters long; the limit is 20000"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            b"name: River \xff\nkind: university\n",
            "1:13: file is not valid UTF-8; save it as UTF-8",
        ),
        (
            b"name: River\nkind: university\nlocation: Hangzh\xc3",
            "3:17: file is not valid UTF-8; save it as UTF-8",
        ),
        (
            "name: River\n".encode("utf-16"),
            "1:1: file is not valid UTF-8; save it as UTF-8",
        ),
        (
            "name: Rivér\x01\nkind: university\n".encode(),
            "1:12: the invisible character U+0001 (a control character) is not allowed here; "
            "delete it",
        ),
        (
            b"name: River\x00\nkind: university\n",
            "1:12: the invisible character U+0000 (NULL) is not allowed here; delete it",
        ),
        (
            b'name: "River\\x00"\nkind: university\n',
            "1:7: text contains the invisible character U+0000 (NULL); delete it",
        ),
        (
            b'name: "River \\u202eytisrevinU"\nkind: university\n',
            "1:7: text contains the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE); delete it",
        ),
        (
            "name: River \u2066University\nkind: university\n".encode(),
            "1:7: text contains the invisible character U+2066 (LEFT-TO-RIGHT ISOLATE); delete it",
        ),
        (
            b"name: River\nkind:\tuniversity\n\tlocation: x\n",
            "3:1: YAML syntax error: while scanning a plain scalar: found a tab character that "
            "violates indentation (indent with spaces, not tabs)",
        ),
    ],
)
def test_encoding_and_invisible_characters(make_project, data, expected):
    root = make_project()
    write_bytes(root, ORG, data)
    assert problems_of(root) == [f"{ORG}:{expected}"]


def test_byte_order_mark_is_accepted(make_project):
    root = make_project()
    write_bytes(root, ORG, "\ufeffname: River University\nkind: university\n".encode())
    catalog, problems = loaded(root)
    assert problems == []
    assert catalog.organizations["river-university"].name == "River University"


def test_zero_width_characters_are_text(make_project):
    root = make_project({ORG: "name: River\u200bUniversity\nkind: university\n"})
    catalog, problems = loaded(root)
    assert problems == []
    assert catalog.organizations["river-university"].name == "River\u200bUniversity"


def test_duplicate_keys_at_every_level(make_project):
    root = make_project(
        {
            "catalog/resources/composite-lab.yaml": """\
                title: Lab
                summary: S.
                organization: acme-lab
                fields: [composite-materials]
                contact:
                  name: A
                  email: a@example.com
                  name: B
                title: Lab again
                """,
            "catalog/taxonomy.yaml": """\
                fields:
                  composite-materials:
                    name: Composites
                  satellite-navigation:
                    name: Navigation
                  composite-materials:
                    name: Again
                """,
        }
    )
    assert problems_of(root) == [
        "catalog/resources/composite-lab.yaml:8:3: duplicate key 'name' (first given at "
        "line 6); keep only one",
        "catalog/resources/composite-lab.yaml:9:1: duplicate key 'title' (first given at "
        "line 1); keep only one",
        "catalog/taxonomy.yaml:6:3: duplicate key 'composite-materials' (first given at "
        "line 2); keep only one",
    ]


def test_yaml_1_1_words_and_numbers_stay_text_where_text_is_meant(make_project):
    # YAML 1.1 reads these as false, false, 80, 1000.0, 1.1 and a date
    root = make_project(
        {
            ORG: """\
                name: NO
                short_name: off
                location: 1:20
                kind: university
                """,
            "catalog/projects/nav-chip.yaml": """\
                title: 1.0e+3
                summary: 1.10
                organization: river-university
                fields: [satellite-navigation]
                keywords: [yes, no, on, 2020-07-08, 010]
                team: ~team
                """,
        }
    )
    catalog, problems = loaded(root)
    assert problems == []
    org = catalog.organizations["river-university"]
    assert (org.name, org.short_name, org.location) == ("NO", "off", "1:20")
    project = catalog.projects["nav-chip"]
    assert (project.title, project.summary) == ("1.0e+3", "1.10")
    assert project.keywords == ["yes", "no", "on", "2020-07-08", "010"]


def test_yaml_1_1_surprises_in_typed_fields_are_reported(make_project):
    root = make_project(
        {
            CONF: """\
                title: Conference
                date: 2020-07-08
                hosts: [acme]
                attendees: 010
                pushed_to_platform: 1:20
                format: no
                """,
            "catalog/projects/nav-chip.yaml": """\
                title: Chip
                summary: A chip.
                organization: river-university
                fields: [satellite-navigation]
                trl: yes
                sample: 2
                """,
            ORG: "name: River\nkind: university\non: x\nyes: y\n",
        }
    )
    assert problems_of(root) == [
        f"{CONF}:4:12: attendees: YAML reads `010` as the number 8; write numbers in plain "
        "digits (like 8), or put text in quotes",
        f"{CONF}:5:21: pushed_to_platform: YAML reads `1:20` as the number 80; write numbers "
        "in plain digits (like 80), or put text in quotes",
        f"{CONF}:6:9: format: 'no', which YAML reads as False, is not allowed; use one of "
        "'online', 'offline' or 'hybrid'",
        f"{ORG}:3:1: unknown key 'on' (allowed keys: description, kind, location, name, "
        "parent, sample, short_name, website, zh)",
        f"{ORG}:4:1: unknown key 'yes' (allowed keys: description, kind, location, name, "
        "parent, sample, short_name, website, zh)",
        "catalog/projects/nav-chip.yaml:5:6: trl: input should be a valid integer (got 'yes', "
        "which YAML reads as True)",
        "catalog/projects/nav-chip.yaml:6:9: sample: input should be a valid boolean, unable "
        "to interpret input (got 2)",
    ]


def test_reference_written_as_a_number_is_checked(make_project):
    # `organization: 2020` is read as text, and then must name an organization
    root = make_project(
        {
            "catalog/projects/nav-chip.yaml": """\
                title: Chip
                summary: A chip.
                organization: 2020
                fields: [satellite-navigation]
                """
        }
    )
    assert problems_of(root) == [
        "catalog/projects/nav-chip.yaml:3:15: organization '2020' does not exist "
        "(no file catalog/organizations/2020.yaml)"
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-02-30", "cannot read `2020-02-30` as a date: day is out of range for month"),
        ("2020-13-01", "cannot read `2020-13-01` as a date: month must be in 1..12"),
        ("!!int abc", "cannot read `abc` as a whole number: invalid literal for int() with "),
        ("!!bool maybe", "cannot read `maybe` as true or false: 'maybe'"),
        ("!!binary aGVsbG8=", "binary values (!!binary) are not supported; write text"),
        ("!custom x", "the tag '!custom' is not supported; remove it"),
        (
            "!!python/object/apply:os.system [echo hi]",
            "the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not supported",
        ),
        ("9" * 5000, "cannot read `9999999999999999999999999999999999999...` as a whole number"),
    ],
)
def test_values_yaml_cannot_construct(make_project, value, expected):
    root = make_project({CONF: f"title: T\ndate: {value}\nhosts: [acme]\n"})
    out = problems_of(root)
    assert out[0].startswith(f"{CONF}:2:7: {expected}"), out


def test_merge_keys_are_refused(make_project):
    root = make_project({ORG: "base: &b {kind: university}\nname: River\n<<: *b\n"})
    assert f"{ORG}:3:1: merge keys ('<<') are not supported" in problems_of(root)


# --- Paths: nothing outside the project is read, nothing is written outside the site ---


def test_symlink_to_a_file_outside_the_project_is_reported_and_not_read(make_project, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    root = make_project()
    (root / "catalog/resources/leak.yaml").symlink_to(secret)
    (root / "content/news/leak.md").symlink_to(secret)
    os.symlink("../../../.git/config", root / "content/news/git-config.md")
    (root / "content/stolen").symlink_to(tmp_path, target_is_directory=True)
    out = problems_of(root)
    assert out == [
        f"catalog/resources/leak.yaml:1:1: symbolic link to '{secret}' leads outside "
        "catalog/; the site uses only files inside that folder, so put the file itself here",
        "content/news/git-config.md:1:1: symbolic link to '../../../.git/config' leads to "
        "nothing; the site uses only files inside that folder, so put the file itself here",
        f"content/news/leak.md:1:1: symbolic link to '{secret}' leads outside content/; the "
        "site uses only files inside that folder, so put the file itself here",
        f"content/stolen:1:1: symbolic link to '{tmp_path}' leads outside content/; the site "
        "uses only files inside that folder, so put the file itself here",
    ]
    assert not [line for line in out if "root:x" in line]
    # and the build stops before MkDocs would copy the linked files into the site
    result = mkdocs_build(root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert not (root / "site").exists()


def test_symlink_inside_its_folder_is_fine(make_project):
    root = make_project()
    (root / "content/news/same.md").symlink_to("2020-07-08-meeting.md")
    assert [p for p in problems_of(root) if "symbolic" in p] == []


@pytest.mark.parametrize(
    ("name", "fixed"),
    [
        ("README.md", "readme.md"),
        ("2020-07-09 Meeting notes.md", "2020-07-09-meeting-notes.md"),
        ("2020-07-09-a#b.md", "2020-07-09-a-b.md"),
        ("..md", "news.md"),
        ("Sub/2020-07-09-x.md", "sub/2020-07-09-x.md"),
    ],
)
def test_odd_news_file_names_are_reported(make_project, name, fixed):
    root = make_project({f"content/news/{name}": "---\ntitle: T\ndate: 2020-07-09\n---\nBody\n"})
    assert problems_of(root) == [
        f"content/news/{name}:1:1: file name '{name}' becomes the release's address, so use "
        "lowercase letters a-z, digits and hyphens, starting with a letter or digit "
        f"(e.g. '{fixed}')"
    ]


def test_front_matter_of_any_page_is_checked_before_mkdocs_reads_it(make_project):
    bomb = BILLION_LAUGHS.replace("kind: university\n", "")
    root = make_project({"content/about.md": f"---\n{bomb}---\n\n# About\n"})
    assert problems_of(root) == [
        "content/about.md:2:11: document expands to more than 50000 values (anchors and "
        "aliases used to multiply content are not allowed)"
    ]
    result = mkdocs_build(root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


# --- The command line on nasty files ---


def test_cli_on_nasty_files_reports_each_with_a_location_and_no_traceback(make_project):
    root = make_project(
        {
            ORG: BILLION_LAUGHS,
            CONF: "title: T\ndate: 2020-02-30\nhosts: [acme]\n",
            "catalog/projects/nav-chip.yaml": "title: " + "[" * 400 + "]" * 400 + "\n",
            "catalog/demands/defect-ai.yaml": "title: T\n\tsummary: x\n",
            "content/news/2020-07-08-meeting.md": "---\ntitle: !!python/name:os.system x\n---\n",
        }
    )
    write_bytes(root, "catalog/resources/composite-lab.yaml", b"title: \xfe\xff\n")
    result = campaign(["validate"], root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stdout.splitlines()
    for path in (
        ORG,
        CONF,
        "catalog/projects/nav-chip.yaml",
        "catalog/demands/defect-ai.yaml",
        "catalog/resources/composite-lab.yaml",
        "content/news/2020-07-08-meeting.md",
    ):
        assert [line for line in lines if line.startswith(f"{path}:")], (path, lines)
    for line in lines[:-1]:
        path, line_no, col, _ = line.split(":", 3)
        assert (root / path).exists() and int(line_no) >= 1 and int(col) >= 1, line
    assert lines[-1].endswith("errors.")


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("website", "javascript:alert(1)", "website: 'javascript:alert(1)' is not an http://"),
        ("website", "data:text/html,x", "website: 'data:text/html,x' is not an http://"),
        ("website", 'https://x.org/"><script>', "website: 'https://x.org/\"><script>' is not"),
        ("website", "//x.org/", "website: '//x.org/' is not an http:// or https:// address"),
    ],
)
def test_url_fields_take_only_http_addresses(make_project, key, value, expected):
    root = make_project({ORG: f"name: River\nkind: university\n{key}: '{value}'\n"})
    [problem] = problems_of(root)
    assert problem.startswith(f"{ORG}:3:{len(key) + 3}: {expected}")


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)//@x.org",
        "a@b.c<script>",
        "mailto:a@b.c",
        "a@b.c?cc=x@y.z",
        "a@b",
        "not-an-address",
    ],
)
def test_email_fields_take_only_addresses(make_project, value):
    root = make_project(
        {
            "catalog/resources/composite-lab.yaml": f"""\
                title: Lab
                summary: S.
                organization: acme-lab
                fields: [composite-materials]
                contact:
                  email: '{value}'
                """
        }
    )
    [problem] = problems_of(root)
    assert problem.startswith("catalog/resources/composite-lab.yaml:6:10: contact.email: ")
    assert problem.endswith("is not an e-mail address")
