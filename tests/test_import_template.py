"""`campaign import --template`: the workbook a campaign office fills in, written for
every type, filled in as a person would (names, Chinese labels, Chinese dates) and
imported into a copy of the shipped project; and README's table of column names."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import typing
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from generator.cli.main import main
from generator.model.catalog import ENTRY_TYPES, TYPES_BY_NAME
from generator.spreadsheet.columns import ALIASES, columns

from conftest import REPO

PARTS = ("catalog", "content", "mkdocs.yml", "theme", "schemas")

# The drop-downs of each type: its enum and yes/no columns, and its references.
DROP_DOWNS = {
    "resources": {
        "organization",
        "fields",
        "conferences",
        "contact_hidden",
        "published_precision",
        "sample",
        "kind",
    },
    "organizations": {"kind", "parent", "sample"},
    "conferences": {
        "date_precision",
        "hosts",
        "format",
        "attendees_approximate",
        "participants",
        "projects",
        "sample",
    },
}
DROP_DOWNS["demands"] = DROP_DOWNS["resources"] - {"kind"} | {"cooperation", "status"}
DROP_DOWNS["projects"] = DROP_DOWNS["resources"] - {"kind"} | {"seeking"}

# One row of each type as a person types it, and the file it must give.
FILLED: dict[str, tuple[dict[str, Any], str, dict[str, Any]]] = {
    "resources": (
        {
            "id": "vibration-bench",
            "title": "Vibration test bench",
            "summary": "A shaker for satellite parts up to 50 kg.",
            "organization": "航天科工第二研究院",
            "fields": "Testing & Certification；卫星导航",
            "kind": "检测试验",
            "contact_email": "lab [at] example [dot] com",
            "contact_hidden": "是",
            "published": "2027年6月",
        },
        "vibration-bench",
        {
            "title": "Vibration test bench",
            "summary": "A shaker for satellite parts up to 50 kg.",
            "organization": "casic-second-academy",
            "kind": "testing",
            "fields": ["testing-certification", "satellite-navigation"],
            "contact": {"email": "lab@example.com", "hidden": True},
            "published": dt.date(2027, 6, 1),
            "published_precision": "month",
        },
    ),
    "demands": (
        {
            "title": "Calibration of pressure sensors at high temperature",
            "zh.title": "高温压力传感器校准",
            "summary": "We look for a lab that can calibrate pressure sensors up to 800 °C.",
            "organization": "No. 25 Institute of the Second Academy of CASIC",
            "fields": "复合材料、电子元器件",
            "cooperation": "联合研发",
            "status": "洽谈中",
            "deadline": "2027年6月30日",
            "conferences": "航天科工—浙江大学专场对接会",
            "keywords": "sensor; 传感器",
        },
        "calibration-of-pressure-sensors-at-high-temperature",
        {},  # its whole text is compared below
    ),
    "projects": (
        {
            "title": "Soft gripper for satellite assembly",
            "zh.title": "卫星装配柔性夹爪",
            "summary": "A gripper that handles fragile parts without marking them.",
            "organization": "浙江大学",
            "fields": "智能制造、人工智能",
            "seeking": "合作伙伴、应用场景",
            "trl": 5,
            "team": "Soft Robotics Lab",
            "leader": "Li Wei",
            "conferences": "CASIC × Zhejiang University Special Matchmaking Conference",
            "updated": dt.datetime(2027, 1, 15),  # an Excel date
        },
        "soft-gripper-for-satellite-assembly",
        {
            "title": "Soft gripper for satellite assembly",
            "zh": {"title": "卫星装配柔性夹爪"},
            "summary": "A gripper that handles fragile parts without marking them.",
            "organization": "zhejiang-university",
            "team": "Soft Robotics Lab",
            "leader": "Li Wei",
            "trl": 5,
            "seeking": ["partner", "application-scenario"],
            "fields": ["intelligent-manufacturing", "artificial-intelligence"],
            "conferences": ["casic-zju-2020"],
            "updated": dt.date(2027, 1, 15),
        },
    ),
    "organizations": (
        {
            "name": "Hangzhou Aerospace Test Centre",
            "zh.name": "杭州航天测试中心",
            "kind": "研究院所",
            "parent": "航天科工第二研究院",
            "location": "Hangzhou",
            "website": "https://test.example.org",
        },
        "hangzhou-aerospace-test-centre",
        {
            "name": "Hangzhou Aerospace Test Centre",
            "zh": {"name": "杭州航天测试中心"},
            "kind": "institute",
            "parent": "casic-second-academy",
            "location": "Hangzhou",
            "website": "https://test.example.org",
        },
    ),
    "conferences": (
        {
            "id": "casic-zju-2027",
            "title": "CASIC × Zhejiang University Conference 2027",
            "zh.title": "航天科工—浙江大学对接会（2027）",
            "date": "2027年6月30日",
            "hosts": "中国航天科工集团有限公司、浙江大学",
            "format": "线上",
            "attendees": 120,
            "attendees_approximate": "否",
            "participants": "Tsinghua University",
            "projects": "北斗高精度定位模组",
        },
        "casic-zju-2027",
        {
            "title": "CASIC × Zhejiang University Conference 2027",
            "zh": {"title": "航天科工—浙江大学对接会（2027）"},
            "date": dt.date(2027, 6, 30),
            "hosts": ["casic", "zhejiang-university"],
            "format": "online",
            "attendees": {"value": 120, "approximate": False},
            "participants": ["tsinghua-university"],
            "projects": ["zju-beidou-precise-positioning-module"],
        },
    ),
}

DEMAND_TEXT = """\
# yaml-language-server: $schema=../../schemas/demand.schema.json
title: Calibration of pressure sensors at high temperature
zh:
  title: 高温压力传感器校准
summary: We look for a lab that can calibrate pressure sensors up to 800 °C.
organization: casic-no25-institute
cooperation: joint-rd
deadline: 2027-06-30
status: in-negotiation
fields:
  - composite-materials
  - electronics
keywords:
  - sensor
  - 传感器
conferences:
  - casic-zju-2020
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the shipped project."""
    root = tmp_path / "project"
    root.mkdir()
    for part in PARTS:
        if (REPO / part).is_dir():
            shutil.copytree(REPO / part, root / part)
        else:
            shutil.copy2(REPO / part, root / part)
    return root


def campaign(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / "catalog").rglob("*"))
        if p.is_file()
    }


def fill(template: Path, out: Path, values: dict[str, Any]) -> None:
    """Type ``values`` into row 3 of the template's first sheet, under their keys."""
    workbook = openpyxl.load_workbook(template)
    sheet = workbook.worksheets[0]
    where = {cell.value: cell.column for cell in sheet[1]}
    for key, value in values.items():
        sheet.cell(3, where[key], value)
    workbook.save(out)


def list_values(workbook: Any, formula: str) -> list[Any]:
    """The values of a range such as 'lists'!$A$2:$A$20."""
    match = re.fullmatch(r"'lists'!\$([A-Z]+)\$2:\$\1\$(\d+)", formula)
    assert match, formula
    column, last = match.groups()
    return [workbook["lists"][f"{column}{row}"].value for row in range(2, int(last) + 1)]


def expected_values(root: Path, plural: str, key: str) -> list[str]:
    """The ids or values the drop-down of ``key`` must offer."""
    if key in ("contact_hidden", "attendees_approximate", "sample"):
        return ["yes", "no"]
    folder = {"organization": "organizations", "parent": "organizations", "hosts": "organizations"}
    folder |= {"participants": "organizations", "conferences": "conferences"}
    folder |= {"projects": "projects"}
    if key == "fields":
        return list(yaml.safe_load((root / "catalog/taxonomy.yaml").read_text("utf-8"))["fields"])
    if key in folder:
        return sorted(p.stem for p in (root / "catalog" / folder[key]).glob("*.yaml"))
    return literal_values(TYPES_BY_NAME[plural[:-1]].model.model_fields[key].annotation)


def literal_values(annotation: Any) -> list[str]:
    """The allowed values of a Literal field, looking through list[...] and Optional."""
    if typing.get_origin(annotation) is typing.Literal:
        return list(typing.get_args(annotation))
    for arg in typing.get_args(annotation):
        if values := literal_values(arg):
            return values
    return []


@pytest.mark.parametrize("plural", [t.plural for t in ENTRY_TYPES])
def test_template_filled_in_and_imported(plural, project, capsys, tmp_path):
    template = tmp_path / f"{plural}-template.xlsx"
    code, out, err = campaign(
        capsys, "import", "--template", plural, str(template), "--root", str(project)
    )
    assert (code, err) == (0, "")
    assert out == (
        f"Wrote {template}: fill in one row per {plural[:-1]}, then `campaign import {template}`.\n"
    )

    workbook = openpyxl.load_workbook(template)
    assert workbook.sheetnames == [plural, "lists", "instructions"]
    assert all(sheet.sheet_state == "visible" for sheet in workbook.worksheets)
    sheet = workbook[plural]
    keys = [c.key for c in columns(TYPES_BY_NAME[plural[:-1]]) if c.key != "zh"]
    assert [cell.value for cell in sheet[1]] == keys
    assert all(cell.font.bold for cell in sheet[1])
    assert [cell.value for cell in sheet[2]] == [ALIASES[key][0] for key in keys]
    assert all(cell.font.italic for cell in sheet[2])
    assert sheet.freeze_panes == "A3"
    # every header explains its column, in both languages; the required ones say so
    notes = {cell.value: cell.comment.text for cell in sheet[1]}
    first_required = "name" if plural == "organizations" else "title"
    assert notes[first_required].startswith("Required. ")
    assert "\n必填。" in notes[first_required]
    assert notes["sample"].startswith("True for an illustrative entry that is not real")
    assert "One of: yes (Yes); no (No)." in notes["sample"]
    assert "可选：yes（是）；no（否）。" in notes["sample"]
    if plural == "demands":
        assert "in-negotiation (In negotiation)" in notes["status"]
        assert "in-negotiation（洽谈中）" in notes["status"]
        assert notes["fields"] == (
            "Required. Ids of technical fields from catalog/taxonomy.yaml (at least one).\n"
            "A field's id or name (English or Chinese), as on the sheet 'lists'. "
            "One or more, separated by ;\n"
            "必填。技术领域，至少一个，取自 catalog/taxonomy.yaml。\n"
            "填技术领域的编号或名称（中英文均可），见 lists 表。可填多个，用 ; 分隔。"
        )
    # drop-downs over rows 3..1002, offering the lists sheet's ids and values, and
    # letting other text (names, labels, several values) be typed
    letters = {cell.value: cell.column_letter for cell in sheet[1]}
    checks = {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}
    assert set(checks) == {f"{letters[k]}3:{letters[k]}1002" for k in DROP_DOWNS[plural]}
    for key in DROP_DOWNS[plural]:
        check = checks[f"{letters[key]}3:{letters[key]}1002"]
        assert check.type == "list"
        assert not check.showErrorMessage
        assert check.showInputMessage and len(check.prompt) <= 255
        assert re.search(r"[a-z]", check.prompt) and re.search(r"[\u4e00-\u9fff]", check.prompt)
        assert list_values(workbook, check.formula1) == expected_values(project, plural, key)
    # the lists give each id its names
    lists = {  # blocks of three columns and a gap
        tuple(c.value for c in row[start : start + 3])
        for row in workbook["lists"].iter_rows()
        for start in range(0, len(row), 4)
    }
    if plural == "demands":
        assert (
            "casic",
            "China Aerospace Science and Industry Corporation Limited",
            "中国航天科工集团有限公司",
        ) in lists
        assert ("electronics", "Electronics & Components", "电子元器件") in lists
    instructions = [(row[0].value, row[1].value) for row in workbook["instructions"].iter_rows()]
    english = "\n".join(e for e, _ in instructions)
    chinese = "\n".join(z for _, z in instructions)
    for text in ("campaign import", "campaign validate", "2027年6月30日"):
        assert text in english and text in chinese
    assert "Nothing is imported while any cell has a problem" in english
    assert "只要有一个单元格有问题，整个文件都不会导入" in chinese

    values, entry_id, expected = FILLED[plural]
    filled = tmp_path / "filled.xlsx"
    fill(template, filled, values)
    before = files(project)
    code, out, err = campaign(capsys, "import", str(filled), "--root", str(project))
    rel = f"catalog/{plural}/{entry_id}.yaml"
    assert code == 0, out + err
    assert out == f"created {rel}\n"
    assert err == (
        f"Read sheet '{plural}': {plural}\n"
        "1 row imported: 1 new and 0 updated files. Check them with `campaign validate`, "
        "then commit.\n"
    )
    after = files(project)
    assert set(after) - set(before) == {rel}
    assert {k: v for k, v in after.items() if k in before} == before
    text = after[rel].decode("utf-8")
    if plural == "demands":
        assert text == DEMAND_TEXT
    else:
        assert yaml.safe_load(text) == expected

    code, out, err = campaign(capsys, "validate", "--root", str(project))
    assert code == 0, out + err
    assert "no problems found" in out + err


def test_a_mistake_names_its_cell_and_nothing_is_written(project, capsys, tmp_path):
    template = tmp_path / "template.xlsx"
    assert (
        campaign(capsys, "import", "--template", "demands", str(template), "--root", str(project))[
            0
        ]
        == 0
    )
    values = dict(FILLED["demands"][0], organization="Acme Unknown")
    filled = tmp_path / "demands-filled.xlsx"
    fill(template, filled, values)
    before = files(project)
    code, out, err = campaign(capsys, "import", str(filled), "--root", str(project))
    assert code == 1
    assert out == (
        f"{filled}:demands!D3: organization: 'Acme Unknown' is not a valid id (lowercase "
        "letters a-z, digits and hyphens, starting with a letter or digit)\n"
    )
    assert err == "Read sheet 'demands': demands\n1 row read: 1 error. Nothing was written.\n"
    assert files(project) == before


def test_template_refuses_to_overwrite_a_file(project, capsys, tmp_path):
    out = tmp_path / "filled-in.xlsx"
    out.write_bytes(b"someone's work")
    code, stdout, err = campaign(
        capsys, "import", "--template", "demands", str(out), "--root", str(project)
    )
    assert (code, stdout) == (1, "")
    assert err == f"campaign import: {out} exists; remove it or give another file name\n"
    assert out.read_bytes() == b"someone's work"
    code, stdout, err = campaign(
        capsys, "import", "--template", "demands", str(tmp_path / "t.csv"), "--root", str(project)
    )
    assert (code, stdout) == (1, "")
    assert err == (
        f"campaign import: {tmp_path / 't.csv'}: the template is an Excel workbook; name it .xlsx\n"
    )


def alias_table() -> str:
    """README's table of columns, as ``ALIASES`` makes it."""
    rows = ["| Column | Chinese headers | In |", "|---|---|---|"]
    for key, aliases in ALIASES.items():
        kinds = [t.plural for t in ENTRY_TYPES if key in {c.key for c in columns(t)}]
        where = "all" if len(kinds) == len(ENTRY_TYPES) else ", ".join(kinds)
        rows.append(f"| `{key}` | {', '.join(aliases)} | {where} |")
    return "\n".join(rows) + "\n"


def test_readme_table_of_columns_is_aliases():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert alias_table() in readme, "README.md's table of columns should read:\n" + alias_table()


def test_a_deadline_needs_its_day(project, capsys, tmp_path):
    # 'June 2027' is no deadline day: the 1st would be a guess
    template = tmp_path / "template.xlsx"
    assert (
        campaign(capsys, "import", "--template", "demands", str(template), "--root", str(project))[
            0
        ]
        == 0
    )
    filled = tmp_path / "demands-filled.xlsx"
    fill(template, filled, dict(FILLED["demands"][0], deadline="2027年6月"))
    before = files(project)
    code, out, _ = campaign(capsys, "import", str(filled), "--root", str(project))
    assert (code, out) == (
        1,
        f"{filled}:demands!S3: deadline: expected a date written as YYYY-MM-DD (got '2027年6月')\n",
    )
    assert files(project) == before
