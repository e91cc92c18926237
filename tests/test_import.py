"""`campaign import`: spreadsheets (.xlsx, .csv) of entries into catalog files.

Every test runs the command line (``generator.cli.main.main``) on a copy of the shipped
catalog in a temporary folder, with workbooks built by openpyxl and CSV files by the csv
module, and compares what it prints and writes with the exact text expected. The round
trips export the shipped catalog and a generated one of 2,000 entries as CSV, import
the five files in one call into a project holding only the taxonomy, and export again:
the CSV files must be byte-identical.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
import shutil
import textwrap
import time
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from generator.cli.main import main

from conftest import BUILD_EPOCH, REPO

TYPES = ("organizations", "conferences", "resources", "demands", "projects")
SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/{}.schema.json\n"
NOTHING = "Nothing was written.\n"


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped catalog in ``tmp_path/project``; the working folder is
    ``tmp_path``, so spreadsheets are named as a person types them (``demands.csv``)."""
    project = tmp_path / "project"
    shutil.copytree(REPO / "catalog", project / "catalog")
    monkeypatch.chdir(tmp_path)
    return project


def write_csv(name: str, rows: list[list[Any]], encoding: str = "utf-8") -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    Path(name).write_bytes(buffer.getvalue().encode(encoding))
    return name


def write_xlsx(name: str, sheets: dict[str, list[list[Any]]]) -> str:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(name)
    return name


def run_import(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of ``campaign import ARGS --root project``."""
    capsys.readouterr()
    code = main(["import", *args, "--root", "project"])
    out, err = capsys.readouterr()
    return code, out, err


def files_of(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def read_yaml(root: Path, rel: str) -> Any:
    return yaml.safe_load((root / "catalog" / rel).read_text(encoding="utf-8"))


def validate(capsys: pytest.CaptureFixture[str], root: Path) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["validate", "--root", str(root)])
    return code, capsys.readouterr().out


# --- 1. Workbooks and CSV files, in UTF-8 (with or without BOM) or GB18030/GBK ----------

DEMAND_HEADER = ["title", "summary", "organization", "fields", "cooperation"]
DEMAND_ROW = ["Sensor calibration", "Calibrate sensors.", "浙江大学", "电子元器件", "testing"]
DEMAND_TEXT = (
    SCHEMA_LINE.format("demand")
    + """\
title: Sensor calibration
summary: Calibrate sensors.
organization: zhejiang-university
cooperation: testing
fields:
  - electronics
"""
)


@pytest.mark.parametrize(
    ("encoding", "named"),
    [
        ("utf-8", "UTF-8"),
        ("utf-8-sig", "UTF-8 with byte-order mark"),
        ("gb18030", "GB18030 (GBK)"),
        ("gbk", "GB18030 (GBK)"),
    ],
)
def test_csv_encodings_are_read_and_named(root, capsys, encoding, named):
    name = write_csv("demands.csv", [DEMAND_HEADER, DEMAND_ROW], encoding)
    if encoding.startswith("gb"):
        with pytest.raises(UnicodeDecodeError):
            Path(name).read_bytes().decode("utf-8")  # really not UTF-8
    code, out, err = run_import(capsys, name)
    assert code == 0, out + err
    assert out == "created catalog/demands/sensor-calibration.yaml\n"
    assert err == (
        f"Read demands.csv as {named}: demands\n"
        "1 row imported: 1 new and 0 updated files. Check them with `campaign validate`, "
        "then commit.\n"
    )
    path = root / "catalog/demands/sensor-calibration.yaml"
    assert path.read_text(encoding="utf-8") == DEMAND_TEXT


def test_a_workbook_is_read_from_its_first_visible_sheet_or_the_one_named(root, capsys):
    book = write_xlsx(
        "entries.xlsx",
        {
            "说明": [["Fill in one row per demand."]],
            "Demands": [DEMAND_HEADER, DEMAND_ROW],
        },
    )
    code, out, err = run_import(capsys, book, "--type", "demands")
    assert code == 1
    assert out == (
        "entries.xlsx:说明!A1: unknown column 'Fill in one row per demand.' (columns of "
        "demands: id, title, zh, summary, organization, fields, keywords, conferences, "
        "contact_name, contact_email, contact_phone, contact_url, contact_hidden, "
        "description, published, published_precision, updated, sample, cooperation, "
        "deadline, status, zh.title, zh.summary, zh.description)\n"
    )
    assert err == "Read sheet '说明': demands\n0 rows read: 1 error. " + NOTHING

    code, out, err = run_import(capsys, book, "--sheet", "Demands", "--dry-run")
    assert code == 0, out + err
    assert out == "# catalog/demands/sensor-calibration.yaml (new)\n" + DEMAND_TEXT
    assert err == (
        "Read sheet 'Demands': demands\n"
        "Dry run: 1 row would give 1 new and 0 updated files; nothing was written.\n"
    )

    code, out, err = run_import(capsys, book, "--sheet", "demands")
    assert (code, out) == (1, "")
    assert err == (
        "campaign import: entries.xlsx: no sheet 'demands'; did you mean 'Demands'? "
        "(sheets: '说明', 'Demands')\n" + NOTHING
    )
    assert not (root / "catalog/demands/sensor-calibration.yaml").exists()


# --- 2. The header row -------------------------------------------------------------------


def test_header_any_order_case_spacing_or_chinese_alias_and_derived_columns_ignored(root, capsys):
    name = write_csv(
        "demands.csv",
        [
            ["  Cooperation ", "领域", "Organization_Name", "ORGANIZATION", "URL", "摘要"]
            + ["field names", "Expired", "Contact  Email", "联系人", "标题", "conference-names"],
            ["Joint R&D", "电子元器件", "ignored", "ZJU", "demands/x/", "Calibrate sensors."]
            + ["ignored", "true", "lab [at] example [dot] com", "张工", "Sensor calibration"]
            + ["ignored"],
        ],
    )
    code, out, err = run_import(capsys, name, "--dry-run")
    assert code == 0, out + err
    assert out == (
        "# catalog/demands/sensor-calibration.yaml (new)\n"
        + SCHEMA_LINE.format("demand")
        + """\
title: Sensor calibration
summary: Calibrate sensors.
organization: zhejiang-university
cooperation: joint-rd
fields:
  - electronics
contact:
  name: 张工
  email: lab@example.com
"""
    )


def test_unknown_and_repeated_columns_are_errors_and_rows_are_checked_without_them(root, capsys):
    name = write_csv(
        "demands.csv",
        [
            ["title", "Organisation", "fields", "领域", "budget", "title"],
            ["Sensor calibration", "zhejiang-university", "electronics", "", "1", "x"],
        ],
    )
    before = files_of(root)
    code, out, err = run_import(capsys, name)
    assert code == 1
    assert out == (
        "demands.csv:1:2: unknown column 'Organisation'; did you mean 'organization'?\n"
        "demands.csv:1:4: column 'fields' appears twice (also at 1:3)\n"
        "demands.csv:1:5: unknown column 'budget' (columns of demands: id, title, zh, "
        "summary, organization, fields, keywords, conferences, contact_name, contact_email, "
        "contact_phone, contact_url, contact_hidden, description, published, "
        "published_precision, updated, sample, cooperation, deadline, status, zh.title, "
        "zh.summary, zh.description)\n"
        "demands.csv:1:6: column 'title' appears twice (also at 1:1)\n"
        # the row, read under the columns that are known, in the same report
        "demands.csv:2:1: missing required key 'organization'\n"
        "demands.csv:2:1: missing required key 'summary'\n"
    )
    assert err == "Read demands.csv as UTF-8: demands\n1 row read: 6 errors. " + NOTHING
    assert files_of(root) == before


# --- 3. Values as people type them, and as the export writes them ------------------------


def test_organizations_fields_dates_enums_and_trl_as_typed(root, capsys):
    header = ["id", "title", "summary", "organization", "fields", "trl", "seeking"]
    header += ["published"]
    rows = [
        ["by-id", "zhejiang-university", "satellite-navigation; electronics", 5.0, "投资；合作伙伴"]
        + [dt.datetime(2021, 3, 1)],
        ["by-name", "Zhejiang University", "Satellite Navigation；电子元器件", 3]
        + ["Investment、Partner", "2021-03-01"],
        ["by-short", "zju", "卫星导航、电子元器件", "7", "investment", "2021/3/1"],
        ["by-zh", "浙江大学", "satellite-navigation,electronics", 9, "", "2021年3月1日"],
        ["by-zh-short", "浙大", "satellite navigation\nELECTRONICS & COMPONENTS", 1, ""]
        + ["2021-03"],
        ["by-spacing", "zhejiang  UNIVERSITY", "satellite-navigation", 2, "", "2021"],
    ]
    book = write_xlsx(
        "projects.xlsx",
        {"Projects": [header] + [[r[0], f"Chip {r[0]}", "A chip.", *r[1:]] for r in rows]},
    )
    code, out, err = run_import(capsys, book)
    assert code == 0, out + err
    both = ["satellite-navigation", "electronics"]
    expected = {
        "by-id": ("zhejiang-university", both, 5, ["investment", "partner"], "2021-03-01", None),
        "by-name": ("zhejiang-university", both, 3, ["investment", "partner"], "2021-03-01", None),
        "by-short": ("zhejiang-university", both, 7, ["investment"], "2021-03-01", None),
        "by-zh": ("zhejiang-university", both, 9, None, "2021-03-01", None),
        "by-zh-short": ("zhejiang-university", both, 1, None, "2021-03-01", "month"),
        "by-spacing": (
            "zhejiang-university",
            ["satellite-navigation"],
            2,
            None,
            "2021-01-01",
            "year",
        ),
    }
    for entry_id, (org, fields, trl, seeking, published, precision) in expected.items():
        data = read_yaml(root, f"projects/{entry_id}.yaml")
        assert data == {
            "title": f"Chip {entry_id}",
            "summary": "A chip.",
            "organization": org,
            "trl": trl,
            **({"seeking": seeking} if seeking else {}),
            "fields": fields,
            "published": dt.date.fromisoformat(published),
            **({"published_precision": precision} if precision else {}),
        }, entry_id
    assert (root / "catalog/projects/by-id.yaml").read_text(encoding="utf-8") == (
        SCHEMA_LINE.format("project")
        + """\
title: Chip by-id
summary: A chip.
organization: zhejiang-university
trl: 5
seeking:
  - investment
  - partner
fields:
  - satellite-navigation
  - electronics
published: 2021-03-01
"""
    )


def test_deadlines_and_status_as_typed(root, capsys):
    header = ["id", "title", "summary", "organization", "fields"]
    header += ["cooperation", "deadline", "status"]
    cases = [
        ("d-iso", "joint-rd", "2027-06-30", "open"),
        ("d-slash", "Joint R&D", "2027/6/30", "In negotiation"),
        ("d-zh", "联合研发", "2027年6月30日", "洽谈中"),
        ("d-excel", "技术许可", dt.datetime(2027, 6, 30), "已对接"),
        ("d-upper", "LICENSE", "2027-6-30", "CLOSED"),
    ]
    book = write_xlsx(
        "needs.xlsx",
        {
            "需求": [header]
            + [[i, f"Need {i}", "A need.", "casic", "electronics", c, d, s] for i, c, d, s in cases]
        },
    )
    code, out, err = run_import(capsys, book, "--type", "demand")
    assert code == 0, out + err
    got = {
        i: (data["cooperation"], data["deadline"], data["status"])
        for i, *_ in cases
        for data in [read_yaml(root, f"demands/{i}.yaml")]
    }
    june = dt.date(2027, 6, 30)
    assert got == {
        "d-iso": ("joint-rd", june, "open"),
        "d-slash": ("joint-rd", june, "in-negotiation"),
        "d-zh": ("joint-rd", june, "in-negotiation"),
        "d-excel": ("license", june, "matched"),
        "d-upper": ("license", june, "closed"),
    }
    assert err == (
        "Read sheet '需求': demands\n5 rows imported: 5 new and 0 updated files. Check them "
        "with `campaign validate`, then commit.\n"
    )


def test_cells_as_the_export_writes_them_read_back(root, capsys):
    resources = write_csv(
        "resources.csv",
        [
            ["id", "title", "zh", "summary", "organization", "fields", "keywords"]
            + ["contact_name", "contact_email", "published", "published_precision"],
            [
                "guarded-lab",
                "'=Lab",
                '{"title":"检测实验室","summary":"提供检测。"}',
                "'-40 °C chamber.",
                "casic",
                "electronics",
                "'=SUM(A1); ''=x; 'x; '@home",
                "'+86 office",
                "lab [at] example [dot] com",
                "2020-07",
                "month",
            ],
        ],
        "utf-8-sig",
    )
    conferences = write_csv(
        "conferences.csv",
        [
            ["id", "title", "date", "date_precision", "hosts", "attendees"]
            + ["attendees_approximate"],
            ["year-conf", "Known to the year", "2020", "year", "casic", "40", "false"],
            ["month-conf", "Known to the month", "2020-07", "month", "casic", "100", "true"],
        ],
        "utf-8-sig",
    )
    code, out, err = run_import(capsys, resources, conferences)
    assert code == 0, out + err
    assert (root / "catalog/resources/guarded-lab.yaml").read_text(encoding="utf-8") == (
        SCHEMA_LINE.format("resource")
        + """\
title: =Lab
zh:
  title: 检测实验室
  summary: 提供检测。
summary: -40 °C chamber.
organization: casic
fields:
  - electronics
keywords:
  - =SUM(A1)
  - '''=x'
  - '''x'
  - '@home'
contact:
  name: +86 office
  email: lab@example.com
published: 2020-07-01
published_precision: month
"""
    )
    assert read_yaml(root, "conferences/year-conf.yaml") == {
        "title": "Known to the year",
        "date": dt.date(2020, 1, 1),
        "date_precision": "year",
        "hosts": ["casic"],
        "attendees": {"value": 40, "approximate": False},
    }
    assert read_yaml(root, "conferences/month-conf.yaml") == {
        "title": "Known to the month",
        "date": dt.date(2020, 7, 1),
        "date_precision": "month",
        "hosts": ["casic"],
        "attendees": 100,
    }


# --- 4. Ids ------------------------------------------------------------------------------


def test_ids_from_the_id_column_or_the_english_title(root, capsys):
    name = write_csv(
        "demands.csv",
        [
            ["id", "title", "summary", "organization", "fields"],
            ["my-own-id", "Anything", "S.", "casic", "electronics"],
            ["", "Calibration at 800 °C (Phase 2)", "S.", "casic", "electronics"],
            ["", "Ünïcode Çafé test", "S.", "casic", "electronics"],
        ],
    )
    code, out, err = run_import(capsys, name)
    assert code == 0, out + err
    assert out == (
        "created catalog/demands/my-own-id.yaml\n"
        "created catalog/demands/calibration-at-800-c-phase-2.yaml\n"
        "created catalog/demands/unicode-cafe-test.yaml\n"
    )


def test_a_row_with_only_a_chinese_title_needs_an_id(root, capsys):
    name = write_csv(
        "demands.csv",
        [
            ["title", "summary", "organization", "fields"],
            ["高温传感器标定", "标定。", "航天科工", "电子元器件"],
        ],
    )
    code, out, err = run_import(capsys, name)
    assert code == 1
    assert out == (
        "demands.csv:2:1: no id: the title has no Latin letters or digits to make one from; "
        "add an 'id' column and give this row an id (lowercase letters a-z, digits and "
        "hyphens, e.g. 'unit-sensor-calibration')\n"
    )
    assert err == "Read demands.csv as UTF-8: demands\n1 row read: 1 error. " + NOTHING


def test_bad_and_repeated_ids(root, capsys):
    name = write_csv(
        "demands.csv",
        [
            ["id", "title", "summary", "organization", "fields"],
            ["My Demand", "A", "S.", "casic", "electronics"],
            ["twice", "B", "S.", "casic", "electronics"],
            ["twice", "C", "S.", "casic", "electronics"],
        ],
    )
    code, out, _ = run_import(capsys, name)
    assert code == 1
    assert out == (
        "demands.csv:2:1: id 'My Demand' is not a valid id: use lowercase letters a-z, "
        "digits and hyphens, starting with a letter or digit, at most 80 characters "
        "(e.g. 'my-demand')\n"
        "demands.csv:4:1: id 'twice' is also the id of the row at demands.csv:3:1\n"
    )


# --- 5. All or nothing; existing ids, --update, --dry-run --------------------------------


def test_every_problem_of_every_row_and_file_at_once_and_nothing_written(root, capsys):
    good = write_csv(
        "organizations.csv",
        [["id", "name", "kind"], ["new-lab", "New Lab", "institute"]],
    )
    demands = write_csv(
        "demands.csv",
        [
            ["id", "title", "summary", "organization", "fields", "deadline", "status"]
            + ["conferences"],
            ["sensor-x", "Sensors", "S.", "Zhejiang Univ", "composite", "2027/13/30"]
            + ["opened", "CASIC x Zhejiang University conference"],
            ["", "传感器标定", "S.", "中国航天科工集团", "复合材料", "2027-06-30", "open"]
            + ["casic-zju-2020"],
        ],
    )
    book = write_xlsx(
        "projects.xlsx",
        {
            "Projects": [
                ["id", "title", "summary", "organization", "fields", "trl", "seeking"],
                ["chip", "Chip", "A chip.", "New Lab", "electronics", "five", "money"],
            ]
        },
    )
    before = files_of(root)
    code, out, err = run_import(capsys, good, demands, book)
    assert code == 1
    assert out == (
        "demands.csv:2:4: organization: 'Zhejiang Univ' is not a valid id (lowercase "
        "letters a-z, digits and hyphens, starting with a letter or digit); did you mean "
        "'zhejiang-university'?\n"
        "demands.csv:2:5: field 'composite' does not exist; did you mean "
        "'composite-materials'?\n"
        "demands.csv:2:6: deadline: expected a date written as YYYY-MM-DD (got "
        "'2027/13/30')\n"
        "demands.csv:2:7: status: 'opened' is not allowed; use one of 'open', "
        "'in-negotiation', 'matched' or 'closed'; did you mean 'open'?\n"
        "demands.csv:2:8: conferences[0]: 'CASIC x Zhejiang University conference' is not "
        "a valid id (lowercase letters a-z, digits and hyphens, starting with a letter or "
        "digit); did you mean 'casic-zju-2020'?\n"
        "demands.csv:3:2: no id: the title has no Latin letters or digits to make one from; "
        "add an 'id' column and give this row an id (lowercase letters a-z, digits and "
        "hyphens, e.g. 'unit-sensor-calibration')\n"
        "demands.csv:3:4: organization: '中国航天科工集团' is not a valid id (lowercase "
        "letters a-z, digits and hyphens, starting with a letter or digit); did you mean "
        "'casic'?\n"
        "projects.xlsx:Projects!F2: trl: input should be a valid integer (got 'five')\n"
        "projects.xlsx:Projects!G2: seeking[0]: 'money' is not allowed; use one of "
        "'investment', 'partner', 'application-scenario', 'production', 'testing' or "
        "'talent'\n"
    )
    assert err == (
        "Read organizations.csv as UTF-8: organizations\n"
        "Read demands.csv as UTF-8: demands\n"
        "Read sheet 'Projects': projects\n"
        "4 rows read: 9 errors. " + NOTHING
    )
    assert files_of(root) == before


def test_a_quoted_sheet_name_in_the_place_of_a_cell(root, capsys):
    book = write_xlsx(
        "p.xlsx",
        {"My projects": [["title", "summary", "organization", "fields"], ["Chip", "S."]]},
    )
    code, out, _ = run_import(capsys, book, "--type", "projects")
    assert code == 1
    assert out == (
        "p.xlsx:'My projects'!A2: missing required key 'fields'\n"
        "p.xlsx:'My projects'!A2: missing required key 'organization'\n"
    )


def test_an_existing_id_is_refused_naming_its_file(root, capsys):
    name = write_csv(
        "demands.csv",
        [["id", "status"], ["hunan-tianlu-ai-defect-recognition", "opened"]],
    )
    before = files_of(root)
    code, out, err = run_import(capsys, name)
    assert code == 1
    assert out == (
        "demands.csv:2:1: id 'hunan-tianlu-ai-defect-recognition' already exists: "
        "catalog/demands/hunan-tianlu-ai-defect-recognition.yaml; use --update to change "
        "that entry, or give this row another id\n"
        "demands.csv:2:2: status: 'opened' is not allowed; use one of 'open', "
        "'in-negotiation', 'matched' or 'closed'; did you mean 'open'?\n"
    )
    assert err == "Read demands.csv as UTF-8: demands\n1 row read: 2 errors. " + NOTHING
    assert files_of(root) == before


COMMENTED = """\
# yaml-language-server: $schema=../../schemas/demand.schema.json
# Entered by the technology office, March 2021.
title: Commented demand
summary: Kept as it is.  # a trailing comment
organization: casic
fields: [electronics]  # flow style kept
# the status follows
status: open
"""


def test_update_replaces_the_rows_keys_and_keeps_the_rest_and_the_comments(root, capsys):
    path = root / "catalog/demands/commented.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    name = write_csv(
        "demands.csv",
        [
            ["id", "title", "status", "deadline", "organization", "keywords"],
            ["commented", "", "已对接", "2027年6月30日", "", "标定; calibration"],
        ],
    )
    code, out, err = run_import(capsys, name, "--update", "--dry-run")
    updated = """\
# yaml-language-server: $schema=../../schemas/demand.schema.json
# Entered by the technology office, March 2021.
title: Commented demand
summary: Kept as it is.  # a trailing comment
organization: casic
deadline: 2027-06-30
fields: [electronics]  # flow style kept
keywords:
  - 标定
  - calibration
# the status follows
status: matched
"""
    assert code == 0, out + err
    assert out == "# catalog/demands/commented.yaml (updated)\n" + updated
    assert err == (
        "Read demands.csv as UTF-8: demands\n"
        "Dry run: 1 row would give 0 new and 1 updated files; nothing was written.\n"
    )
    assert path.read_text(encoding="utf-8") == COMMENTED

    code, out, err = run_import(capsys, name, "--update")
    assert code == 0, out + err
    assert out == "updated catalog/demands/commented.yaml\n"
    assert path.read_text(encoding="utf-8") == updated
    assert validate(capsys, root) == (0, "48 files checked, no problems found.\n")


def test_update_to_a_default_value_takes_the_key_out(root, capsys):
    # sample: true → 否 (false, the default): the key goes, rather than a stray '{}'
    path = root / "catalog/demands/hunan-tianlu-ai-defect-recognition.yaml"
    assert "\nsample: true\n" in path.read_text(encoding="utf-8")
    name = write_csv(
        "demands.csv", [["id", "sample"], ["hunan-tianlu-ai-defect-recognition", "否"]]
    )
    code, out, err = run_import(capsys, name, "--update")
    assert code == 0, out + err
    text = path.read_text(encoding="utf-8")
    assert "sample" not in text and "{}" not in text
    assert validate(capsys, root) == (0, "47 files checked, no problems found.\n")


def test_dry_run_prints_every_file_and_writes_nothing(root, capsys):
    name = write_csv(
        "organizations.csv",
        [
            ["id", "name", "kind", "parent", "中文名称"],
            ["new-lab", "New Lab", "研究院所", "CASIC Second Academy", "新实验室"],
            ["other-lab", "Other Lab", "institute", "New Lab", ""],
        ],
    )
    before = files_of(root)
    code, out, err = run_import(capsys, name, "--dry-run")
    assert code == 0, out + err
    assert out == (
        "# catalog/organizations/new-lab.yaml (new)\n"
        + SCHEMA_LINE.format("organization")
        + "name: New Lab\nzh:\n  name: 新实验室\nkind: institute\nparent: casic-second-academy\n"
        "# catalog/organizations/other-lab.yaml (new)\n"
        + SCHEMA_LINE.format("organization")
        + "name: Other Lab\nkind: institute\nparent: new-lab\n"
    )
    assert err == (
        "Read organizations.csv as UTF-8: organizations\n"
        "Dry run: 2 rows would give 2 new and 0 updated files; nothing was written.\n"
    )
    assert files_of(root) == before


# --- 6. The files written ----------------------------------------------------------------


def test_written_files_look_hand_written_and_validate(root, capsys):
    name = write_csv(
        "需求.csv",
        [
            ["编号", "标题", "中文标题", "摘要", "发布单位", "技术领域", "关键词", "对接会"]
            + ["联系人", "联系人邮箱", "详细介绍", "合作方式", "截止日期", "中文详细介绍"],
            [
                "my-unit-sensor-calibration",
                "Calibration of pressure sensors at high temperature",
                "高温压力传感器标定",
                "We look for a university lab that can calibrate pressure sensors up to "
                "800 °C, about 40 sensors a year.",
                "二院二十五所",
                "电子元器件；检验检测与认证",
                "压力传感器；calibration",
                "航天科工—浙江大学专场对接会",
                "Technology office",
                "office@example.com",
                "About 40 sensors a year.\n\nTest reports in Chinese or English.\n",
                "检测试验",
                "2027-06-30",
                "每年约 40 只传感器。\n",
            ],
        ],
    )
    code, out, err = run_import(capsys, name, "--type", "demands")
    assert code == 0, out + err
    text = (root / "catalog/demands/my-unit-sensor-calibration.yaml").read_text(encoding="utf-8")
    assert text == (
        SCHEMA_LINE.format("demand")
        + """\
title: Calibration of pressure sensors at high temperature
zh:
  title: 高温压力传感器标定
  description: |
    每年约 40 只传感器。
summary: >-
  We look for a university lab that can calibrate pressure sensors up to 800 °C,
  about 40 sensors a year.
organization: casic-no25-institute
cooperation: testing
deadline: 2027-06-30
fields:
  - electronics
  - testing-certification
keywords:
  - 压力传感器
  - calibration
conferences:
  - casic-zju-2020
contact:
  name: Technology office
  email: office@example.com
description: |
  About 40 sensors a year.

  Test reports in Chinese or English.
"""
    )
    assert "\\u" not in text
    assert validate(capsys, root) == (0, "48 files checked, no problems found.\n")


# --- 7. References by name in spreadsheets ----------------------------------------------


def test_references_by_name_in_one_import_and_did_you_mean_for_near_names(root, capsys):
    organizations = write_csv(
        "organizations.csv",
        [
            ["name", "short_name", "kind", "上级单位"],
            ["Lake Sensor Lab", "LSL", "institute", "casic"],
        ],
    )
    conferences = write_csv(
        "conferences.csv",
        [
            ["title", "date", "hosts", "participants"],
            ["Lake day", "2021-05-01", "lake sensor lab; 浙江大学", "航天科工二院, LSL"],
            ["Lake night", "2021-05-02", "Lake Sensor Labs", "casic x zhejiang university"],
        ],
    )
    code, out, err = run_import(capsys, organizations, conferences)
    assert code == 1
    assert out == (
        "conferences.csv:3:3: hosts[0]: 'Lake Sensor Labs' is not a valid id (lowercase "
        "letters a-z, digits and hyphens, starting with a letter or digit); did you mean "
        "'lake-sensor-lab'?\n"
        "conferences.csv:3:4: participants[0]: 'casic x zhejiang university' is not a valid "
        "id (lowercase letters a-z, digits and hyphens, starting with a letter or digit); "
        "did you mean 'zhejiang-university'?\n"
    )
    conferences = write_csv(
        "conferences.csv",
        [
            ["title", "date", "hosts", "participants"],
            ["Lake day", "2021-05-01", "lake sensor lab; 浙江大学", "航天科工二院, LSL"],
        ],
    )
    code, out, err = run_import(capsys, organizations, conferences)
    assert code == 0, out + err
    assert read_yaml(root, "conferences/lake-day.yaml") == {
        "title": "Lake day",
        "date": dt.date(2021, 5, 1),
        "hosts": ["lake-sensor-lab", "zhejiang-university"],
        "participants": ["casic-second-academy", "lake-sensor-lab"],
    }
    assert validate(capsys, root) == (0, "49 files checked, no problems found.\n")


# --- Round trips: export → import → export gives the same bytes --------------------------


def export_csv(capsys: pytest.CaptureFixture[str], project: Path, out: Path) -> None:
    capsys.readouterr()
    code = main(["export", "--format", "csv", "--root", str(project), "--out", str(out)])
    assert code == 0, capsys.readouterr()


def round_trip(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    source: Path,
    work: Path,
) -> dict[str, float]:
    """Export ``source`` as CSV, import the five files in one call into a project with
    only ``source``'s taxonomy, export that again; assert byte-identical CSV and a clean
    validation. Returns the seconds each step took."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    first, second, target = work / "first", work / "second", work / "imported"
    (target / "catalog").mkdir(parents=True)
    shutil.copy(source / "catalog/taxonomy.yaml", target / "catalog/taxonomy.yaml")
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    export_csv(capsys, source, first)
    seconds["export"] = time.perf_counter() - start
    start = time.perf_counter()
    code = main(["import", *(str(first / f"{t}.csv") for t in TYPES), "--root", str(target)])
    seconds["import"] = time.perf_counter() - start
    out, err = capsys.readouterr()
    assert code == 0, out[-3000:] + err[-3000:]
    rows = sum(len(list(csv.reader(io.StringIO(_text(first / f"{t}.csv"))))) - 1 for t in TYPES)
    assert err.endswith(
        f"{rows} rows imported: {rows} new and 0 updated files. Check them "
        "with `campaign validate`, then commit.\n"
    )
    start = time.perf_counter()
    export_csv(capsys, target, second)
    seconds["export again"] = time.perf_counter() - start
    for entry_type in TYPES:
        name = f"{entry_type}.csv"
        assert (second / name).read_bytes() == (first / name).read_bytes(), name
    start = time.perf_counter()
    code, out = validate(capsys, target)
    seconds["validate"] = time.perf_counter() - start
    assert code == 0, out[-3000:]
    assert out == f"{rows + 1} files checked, no problems found.\n"
    return seconds


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig")


def test_round_trip_of_the_shipped_catalog(tmp_path, capsys, monkeypatch):
    seconds = round_trip(capsys, monkeypatch, REPO, tmp_path)
    print(f"shipped catalog round trip: {seconds}")


GUARDED = {
    # a lone keyword the export guards ("''=x"): one quote comes off, not two
    "catalog/resources/guard-one.yaml": """\
        title: "'=lone"
        summary: "+1 more: a summary that starts like a formula"
        organization: casic
        fields: [electronics]
        keywords: ["'=x"]
        """,
    "catalog/resources/guard-many.yaml": """\
        title: "@home lab"
        zh:
          title: "=中文标题"
          summary: '-负一'
        summary: "'plain quote stays"
        organization: casic
        fields: [electronics, new-energy]
        keywords: ["=a", "'b", "''c", "@d", "-e", "Co., Ltd."]
        contact:
          name: "=contact"
          email: lab@example.com
        description: |
          - a list item first
          - and a second
        """,
}


def test_round_trip_of_texts_the_export_guards(tmp_path, capsys, monkeypatch):
    source = tmp_path / "source"
    shutil.copytree(REPO / "catalog", source / "catalog")
    for rel, text in GUARDED.items():
        (source / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    round_trip(capsys, monkeypatch, source, tmp_path / "work")
    assert read_yaml(tmp_path / "work/imported", "resources/guard-one.yaml")["keywords"] == ["'=x"]


def _generate_catalog() -> Any:
    spec = importlib.util.spec_from_file_location(
        "generate_catalog", REPO / "benchmarks/generate_catalog.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate


def test_round_trip_of_a_generated_catalog_of_2000_entries(tmp_path, capsys, monkeypatch):
    counts = _generate_catalog()(tmp_path / "generated", 2000, 1)
    assert counts["resources"] + counts["demands"] + counts["projects"] == 2000
    start = time.perf_counter()
    seconds = round_trip(capsys, monkeypatch, tmp_path / "generated", tmp_path)
    total = time.perf_counter() - start
    with capsys.disabled():
        print(f"\n2,000-entry round trip: {total:.1f} s {seconds}")
    assert total < 40
