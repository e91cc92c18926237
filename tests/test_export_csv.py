"""The CSV export can be read back (the export half of the spreadsheet round trip):
``zh`` is JSON, dates are no more precise than known, the formula guard can be undone
(``unguard``) and so can the written-out e-mail (``email_from_text``); every file is a
valid table for a CSV reader (frictionless).

Each test runs ``campaign export`` on a copy of the shipped project with a few files
added; expected values are written out here or read straight from the YAML."""

from __future__ import annotations

import csv
import io
import json
import shutil
import textwrap
from pathlib import Path

import frictionless
import pytest
import yaml

from generator.cli.main import main
from generator.model.formats import ConferenceZh, EntryZh, OrganizationZh
from generator.publish.export import FORMULA_START, email_from_text, unguard
from generator.site.filters import email_text

from conftest import REPO

CSV_FILES = ("organizations", "conferences", "resources", "demands", "projects", "news")
ZH_MODELS = {
    "organizations": OrganizationZh,
    "conferences": ConferenceZh,
    "resources": EntryZh,
    "demands": EntryZh,
    "projects": EntryZh,
}
ORG = "tsinghua-university"
FIELD = "composite-materials"

ADDED: dict[str, str] = {
    "catalog/conferences/export-year.yaml": f"""\
        title: Conference known to the year
        date: 2020-07-08
        date_precision: year
        hosts: [{ORG}]
        """,
    "catalog/conferences/export-month.yaml": f"""\
        title: Conference known to the month
        zh:
          title: 七月对接会
          location: 北京，"会议中心"
        date: 2020-07-08
        date_precision: month
        hosts: [{ORG}]
        """,
    "catalog/projects/export-guarded.yaml": f"""\
        title: "=SUM(A1:A2)"
        zh:
          title: 测试项目：含"引号"与逗号，
          summary: 第一行
        summary: "-5 °C rated"
        organization: {ORG}
        fields: [{FIELD}]
        team: "'=not a formula"
        leader: "''"
        keywords: ["'-x", "+1", "'plain", "@home"]
        contact:
          email: "-lab.x@example.com"
        published: 2021-03-15
        published_precision: month
        """,
    "catalog/resources/export-day.yaml": f"""\
        title: Entry published on a known day
        summary: Nothing to guard here.
        organization: {ORG}
        fields: [{FIELD}]
        published: 2019-11-20
        """,
}


def shipped_copy(root: Path) -> Path:
    """The repository's catalog, content, mkdocs.yml and theme, plus ``ADDED``."""
    root.mkdir(parents=True)
    for folder in ("catalog", "content", "theme"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for rel, text in ADDED.items():
        (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def export(root: Path, out: Path, fmt: str) -> None:
    code = main(["export", "--format", fmt, "--out", str(out), "--root", str(root)])
    assert code == 0


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(raw[3:].decode("utf-8"), newline="")))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return shipped_copy(tmp_path_factory.mktemp("export-csv") / "project")


@pytest.fixture(scope="module")
def out(project, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("export-csv-out")
    export(project, folder, "csv")
    return folder


@pytest.fixture(scope="module")
def rows(out) -> dict[str, dict[str, dict[str, str]]]:
    return {name: {r["id"]: r for r in read_csv(out / f"{name}.csv")} for name in CSV_FILES}


def test_zh_is_json_with_chinese_as_written(out, rows):
    project = rows["projects"]["export-guarded"]
    assert project["zh"] == '{"title":"测试项目：含\\"引号\\"与逗号，","summary":"第一行"}'
    assert json.loads(project["zh"]) == {"title": '测试项目：含"引号"与逗号，', "summary": "第一行"}
    month = rows["conferences"]["export-month"]
    assert month["zh"] == '{"title":"七月对接会","location":"北京，\\"会议中心\\""}'
    assert rows["conferences"]["export-year"]["zh"] == ""  # no zh block: an empty cell
    raw = (out / "conferences.csv").read_bytes().decode("utf-8-sig")
    assert "七月对接会" in raw and "\\u" not in raw and "'title'" not in raw


def test_every_zh_cell_of_the_shipped_catalog_is_json_of_its_yaml(project, rows):
    checked = 0
    for plural, model in ZH_MODELS.items():
        for path in sorted((project / "catalog" / plural).glob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            cell = rows[plural][path.stem]["zh"]
            if data.get("zh") is None:
                assert cell == "", path
                continue
            parsed = json.loads(cell)
            expected = {k: v for k, v in data["zh"].items() if v not in (None, "")}
            assert parsed == expected, path
            assert list(parsed) == [k for k in model.model_fields if k in parsed], path
            checked += 1
    shipped = sum(
        1
        for plural in ZH_MODELS
        for path in (REPO / "catalog" / plural).glob("*.yaml")
        if "zh" in yaml.safe_load(path.read_text(encoding="utf-8"))
    )
    assert shipped > 0 and checked == shipped + 2  # the two added files with a zh block


def test_dates_are_no_more_precise_than_known(rows):
    year, month = rows["conferences"]["export-year"], rows["conferences"]["export-month"]
    assert (year["date"], year["date_precision"]) == ("2020", "year")
    assert (month["date"], month["date_precision"]) == ("2020-07", "month")
    project = rows["projects"]["export-guarded"]
    assert (project["published"], project["published_precision"]) == ("2021-03", "month")
    day = rows["resources"]["export-day"]
    assert (day["published"], day["published_precision"]) == ("2019-11-20", "day")
    assert day["updated"] == ""  # no date, no cell
    # the shipped Tsinghua conference is known to the year only (YAML: 2020-01-01)
    assert rows["conferences"]["casic-tsinghua-2020"]["date"] == "2020"
    assert rows["conferences"]["casic-zju-2020"]["date"] == "2020-07-08"


def test_catalog_json_keeps_full_dates_with_their_precision(project, tmp_path):
    export(project, tmp_path, "json")
    data = json.loads((tmp_path / "catalog.json").read_text(encoding="utf-8"))
    conferences = {c["id"]: c for c in data["conferences"]}
    assert conferences["export-year"]["date"] == "2020-07-08"
    assert conferences["export-year"]["date_precision"] == "year"
    assert conferences["export-month"]["zh"]["description"] == ""
    project_record = {p["id"]: p for p in data["projects"]}["export-guarded"]
    assert project_record["published"] == "2021-03-15"
    assert project_record["title"] == "=SUM(A1:A2)"  # JSON keeps the text as written


def test_formula_guard_is_exact_and_undone_by_unguard(rows):
    project = rows["projects"]["export-guarded"]
    expected = {
        "title": ("'=SUM(A1:A2)", "=SUM(A1:A2)"),
        "summary": ("'-5 °C rated", "-5 °C rated"),
        "team": ("''=not a formula", "'=not a formula"),
        "leader": ("'''", "''"),
    }
    for column, (cell, original) in expected.items():
        assert project[column] == cell, column
        assert unguard(cell) == original, column
    assert project["keywords"] == "''-x; '+1; 'plain; '@home"
    assert [unguard(k) for k in project["keywords"].split("; ")] == [
        "'-x",
        "+1",
        "'plain",
        "@home",
    ]
    # the e-mail is written out, then guarded: both steps undo exactly
    assert project["contact_email"] == "'-lab [dot] x [at] example [dot] com"
    assert email_from_text(unguard(project["contact_email"])) == "-lab.x@example.com"


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("", ""),
        ("'", "'"),
        ("''", "'''"),
        ("'''", "''''"),
        ("'x", "'x"),
        ("x'", "x'"),
        ("=", "'="),
        ("'=", "''="),
        ("''=", "'''="),
        ("-1", "'-1"),
        ("'-1", "''-1"),
        ("+1", "'+1"),
        ("@a", "'@a"),
        ("\t=1", "'\t=1"),
        ("\r\n=1", "'\r\n=1"),
        ("'\r", "''\r"),
        ("a=b", "a=b"),
    ],
)
def test_unguard_inverts_the_guard_of_every_cell(project, tmp_path, text, cell):
    """Whatever a description (Markdown, not stripped) starts with, the exported cell is
    guarded exactly as documented and unguards to it."""
    root = tmp_path / "project"
    root.mkdir()
    for folder in ("content", "theme"):
        (root / folder).symlink_to(project / folder)
    shutil.copy(project / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(project / "catalog", root / "catalog")
    path = root / "catalog/projects/export-guarded.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["description"] = text
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    export(root, tmp_path / "out", "csv")
    [row] = [r for r in read_csv(tmp_path / "out/projects.csv") if r["id"] == "export-guarded"]
    assert row["description"] == cell
    assert unguard(cell) == text
    assert not cell.startswith(FORMULA_START)


def test_email_from_text_inverts_email_text():
    for address in ("lab@example.com", "a.b-c+d@sub.example.org", "'x@y.cn", "-@a.b"):
        assert email_from_text(email_text(address)) == address
    assert email_from_text("lab [at] example [dot] com") == "lab@example.com"
    assert email_from_text("lab[at]example.com [dot]") == "lab[at]example.com [dot]"


def test_every_csv_is_a_valid_table(out):
    for name in CSV_FILES:
        # frictionless refuses an absolute path as unsafe: give the folder as basepath
        resource = frictionless.Resource(path=f"{name}.csv", basepath=str(out))
        report = resource.validate()
        errors = [(e.type, e.note) for task in report.tasks for e in task.errors]
        assert report.valid, (name, errors)
        # the byte-order mark is read as such, and a zh column reads as JSON objects
        assert resource.schema.field_names == list(read_csv(out / f"{name}.csv")[0]), name
        if name in ZH_MODELS:
            assert resource.schema.get_field("zh").type == "object", name
        assert report.tasks[0].stats["rows"] == len(read_csv(out / f"{name}.csv")), name
