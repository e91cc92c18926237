"""`campaign import` against hostile and awkward spreadsheets (generator/spreadsheet/read.py,
table.py, csv_reader.py, workbook_reader.py).

Whatever the file, the command ends with a clear message naming the file (and the cell,
where there is one), exit 1 and no traceback, and writes nothing under catalog/; or it
reads what a person meant: merged cells, hidden sheets, blank rows, dates that lost their
format, the encodings Excel saves CSV in. Runs in-process through ``generator.cli.main.main``.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import yaml

from generator.cli.main import main
from generator.spreadsheet import table, workbook_reader

HEADER = ["title", "summary", "organization", "fields"]
FORMULA_HINT = "which import does not run; type the value itself"
CREATED_TWO = "created catalog/demands/first.yaml\ncreated catalog/demands/second.yaml\n"


@pytest.fixture
def project(make_project, monkeypatch, tmp_path: Path) -> Path:
    """The base project in tmp_path/project; the spreadsheets go in tmp_path, the
    working directory, so messages name them as given ('demands.csv')."""
    monkeypatch.chdir(tmp_path)
    return make_project()


def catalog_tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / "catalog").rglob("*"))
        if p.is_file()
    }


def run_import(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["import", *args, "--root", "project"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def refused(project: Path, capsys, *args: str) -> tuple[str, str]:
    """Run an import that must fail: exit 1, catalog/ untouched; (stdout, stderr)."""
    before = catalog_tree(project)
    code, out, err = run_import(capsys, *args)
    assert code == 1, out + err
    assert err.endswith("Nothing was written.\n"), err
    assert catalog_tree(project) == before
    return out, err


def cannot_start(project: Path, capsys, *args: str) -> str:
    """The message of an import refused before any row is read."""
    out, err = refused(project, capsys, *args)
    assert out == ""
    assert err.startswith("campaign import: ") and err.endswith("\nNothing was written.\n")
    return err.removeprefix("campaign import: ").removesuffix("\nNothing was written.\n")


def imported(project: Path, rel: str) -> dict:
    return yaml.safe_load((project / "catalog" / rel).read_text(encoding="utf-8"))


def workbook(path: str, rows: list[list], title: str = "Demands") -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return book


def rewrite(path: str, member: str, change: Callable[[str], str]) -> None:
    """Change one part of the zip file ``path`` (added when it is not there)."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    old = parts.get(member, b"").decode("utf-8")
    parts[member] = change(old).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


# -- Formulas -------------------------------------------------------------------------


def test_workbook_formulas_are_refused_at_their_cell_never_run(project, capsys):
    workbook(
        "demands.xlsx",
        [
            HEADER,
            ["Link", '=HYPERLINK("http://x","y")', "acme", "composite-materials"],
            ["DDE", "=cmd|' /C calc'!A0", "acme", "composite-materials"],
            ["Cached", "=1+1", "acme", "composite-materials"],
            ["Fine", "A plain summary", "acme", "composite-materials"],
        ],
    )
    # Excel stores a formula with the value it last computed: import shows neither
    # that value nor a result of its own
    rewrite(
        "demands.xlsx",
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace("<f>1+1</f><v></v>", "<f>1+1</f><v>2</v>"),
    )
    out, err = refused(project, capsys, "demands.xlsx")
    assert out == (
        f'demands.xlsx:Demands!B2: the cell holds a formula (=HYPERLINK("http://x","y")), '
        f"{FORMULA_HINT}\n"
        f"demands.xlsx:Demands!B3: the cell holds a formula (=cmd|' /C calc'!A0), "
        f"{FORMULA_HINT}\n"
        f"demands.xlsx:Demands!B4: the cell holds a formula (=1+1), {FORMULA_HINT}\n"
    )
    assert "3 errors" in err


def test_workbook_text_that_starts_with_an_equals_sign_is_refused(project, capsys):
    workbook("demands.xlsx", [HEADER, ["Text", "placeholder", "acme", "composite-materials"]])
    rewrite(  # a text cell, not a formula, as another program may write it
        "demands.xlsx",
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace("<t>placeholder</t>", "<t>=SUM(A1:A9)</t>"),
    )
    out, _ = refused(project, capsys, "demands.xlsx")
    assert out == (
        f"demands.xlsx:Demands!B2: the cell holds a formula (=SUM(A1:A9)), {FORMULA_HINT}\n"
    )


def test_csv_formula_is_refused_as_in_a_workbook(project, capsys):
    Path("demands.csv").write_text(
        "title,summary,organization,fields\n"
        "DDE,=cmd|' /C calc'!A0,acme,composite-materials\n"
        'Long,Fine,acme,=HYPERLINK("http://x";"a very long link text to be cut short")\n',
        encoding="utf-8",
    )
    out, _ = refused(project, capsys, "demands.csv")
    assert out == (
        f"demands.csv:2:2: the cell holds a formula (=cmd|' /C calc'!A0), {FORMULA_HINT}\n"
        f'demands.csv:3:4: the cell holds a formula (=HYPERLINK("http://x";"a very long li...), '
        f"{FORMULA_HINT}\n"
    )


def test_csv_exports_guarded_formula_text_reads_back_as_text(project, capsys):
    Path("demands.csv").write_text(
        "title,summary,organization,fields\n'=1+1 is two,'=cmd is text,acme,composite-materials\n",
        encoding="utf-8",
    )
    code, out, _ = run_import(capsys, "demands.csv")
    assert code == 0
    assert out == "created catalog/demands/1-1-is-two.yaml\n"
    data = imported(project, "demands/1-1-is-two.yaml")
    assert (data["title"], data["summary"]) == ("=1+1 is two", "=cmd is text")


# -- Sizes ----------------------------------------------------------------------------


def test_a_cell_over_the_text_limit_is_refused_at_its_cell(project, capsys):
    Path("demands.csv").write_text(
        f"title,summary,organization,fields\nBig,{'x' * 20_001},acme,composite-materials\n",
        encoding="utf-8",
    )
    out, _ = refused(project, capsys, "demands.csv")
    assert out == "demands.csv:2:2: the cell holds 20,001 characters; at most 20,000 are allowed\n"

    workbook("demands.xlsx", [HEADER, ["Big", "y" * 20_001, "acme", "composite-materials"]])
    out, _ = refused(project, capsys, "demands.xlsx")
    assert out == (
        "demands.xlsx:Demands!B2: the cell holds 20,001 characters; at most 20,000 are allowed\n"
    )


def test_a_csv_cell_larger_than_the_csv_reader_takes_is_refused(project, capsys):
    Path("demands.csv").write_text(
        f'title,summary,organization,fields\nBig,"{"x" * 200_000}",acme,composite-materials\n',
        encoding="utf-8",
    )
    assert cannot_start(project, capsys, "demands.csv") == (
        "demands.csv:2: a cell holds more than 131,072 characters; at most 20,000 are allowed"
    )


def test_a_file_over_the_row_limit_is_refused_before_its_rows_are_read(project, capsys):
    # rows that would each be wrong (unknown organization): only the size is reported
    rows = "t,s,nobody,nothing\n" * (table.MAX_ROWS + 1)
    Path("demands.csv").write_text("title,summary,organization,fields\n" + rows, encoding="utf-8")
    assert cannot_start(project, capsys, "demands.csv") == (
        "demands.csv: more than 50,000 rows; split the file into smaller ones"
    )


# -- Layout: merged cells, hidden sheets, blank rows and columns -----------------------


def test_an_organization_merged_down_over_rows_is_in_each_row(project, capsys):
    book = workbook(
        "demands.xlsx",
        [
            HEADER,
            ["First", "One", "Acme Aerospace Group", "composite-materials"],
            ["Second", "Two", None, "composite-materials"],
            ["Third", "Three", None, "satellite-navigation"],
        ],
    )
    book.active.merge_cells("C2:C4")  # openpyxl, as other programs, leaves out C3 and C4
    book.save("demands.xlsx")
    code, out, _ = run_import(capsys, "demands.xlsx")
    assert code == 0, out
    assert out == (
        "created catalog/demands/first.yaml\n"
        "created catalog/demands/second.yaml\n"
        "created catalog/demands/third.yaml\n"
    )
    for name in ("first", "second", "third"):
        assert imported(project, f"demands/{name}.yaml")["organization"] == "acme"
    # as written by hand: list items indented under their key
    assert (project / "catalog/demands/third.yaml").read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../../schemas/demand.schema.json\n"
        "title: Third\n"
        "summary: Three\n"
        "organization: acme\n"
        "fields:\n"
        "  - satellite-navigation\n"
    )


def test_rows_that_hold_only_a_merged_copy_are_blank(project, capsys):
    book = workbook(
        "demands.xlsx",
        [
            HEADER,
            ["First", "One", "acme", "composite-materials"],
            ["Second", "Two", None, "composite-materials"],
            [],
            [],
        ],
    )
    book.active.merge_cells("C2:C5")  # merged further down than the rows filled in
    book.save("demands.xlsx")
    code, out, _ = run_import(capsys, "demands.xlsx")
    assert (code, out) == (0, CREATED_TWO)


def test_a_header_merged_over_two_columns_names_both(project, capsys):
    book = workbook(
        "demands.xlsx",
        [
            ["title", "summary", None, "organization", "fields"],
            ["First", "One", "more", "acme", "composite-materials"],
        ],
    )
    book.active.merge_cells("B1:C1")
    book.save("demands.xlsx")
    out, _ = refused(project, capsys, "demands.xlsx")
    assert out == "demands.xlsx:Demands!C1: column 'summary' appears twice (also at Demands!B1)\n"


def hidden_first_sheet() -> None:
    book = openpyxl.Workbook()
    archive = book.active
    archive.title = "Archive"
    for row in (HEADER, ["Archived demand", "Old", "acme", "composite-materials"]):
        archive.append(row)
    current = book.create_sheet("Current")
    for row in (HEADER, ["Current demand", "New", "acme", "composite-materials"]):
        current.append(row)
    archive.sheet_state = "hidden"
    book.active = 1
    book.save("demands.xlsx")


def test_the_first_visible_sheet_is_read_and_sheet_picks_a_hidden_one(project, capsys):
    hidden_first_sheet()
    before = catalog_tree(project)
    code, out, err = run_import(capsys, "demands.xlsx", "--dry-run")
    assert code == 0
    assert out.startswith("# catalog/demands/current-demand.yaml (new)\n")
    assert err.startswith("Read sheet 'Current': demands\n")

    code, out, err = run_import(capsys, "demands.xlsx", "--dry-run", "--sheet", "Archive")
    assert code == 0
    assert out.startswith("# catalog/demands/archived-demand.yaml (new)\n")
    assert err.startswith("Read sheet 'Archive': demands\n")
    assert catalog_tree(project) == before


def test_a_missing_sheet_is_refused_with_the_list_of_sheets(project, capsys):
    hidden_first_sheet()
    assert cannot_start(project, capsys, "demands.xlsx", "--sheet", "Missing") == (
        "demands.xlsx: no sheet 'Missing' (sheets: 'Archive', 'Current')"
    )
    assert cannot_start(project, capsys, "demands.xlsx", "--sheet", "current") == (
        "demands.xlsx: no sheet 'current'; did you mean 'Current'? (sheets: 'Archive', 'Current')"
    )


def test_blank_rows_and_trailing_empty_columns_are_skipped_in_csv(project, capsys):
    Path("demands.csv").write_text(
        "title,summary,organization,fields,,,\n"
        "\n"
        ",,,,,,\n"
        "First,One,acme,composite-materials,,,\n"
        "  ,\t, ,,,,\n"
        "\n"
        "Second,Two,acme,composite-materials,, ,\n"
        ",,,\n",
        encoding="utf-8",
    )
    code, out, _ = run_import(capsys, "demands.csv")
    assert (code, out) == (0, CREATED_TWO)


def test_blank_rows_and_trailing_empty_columns_are_skipped_in_a_workbook(project, capsys):
    workbook(
        "demands.xlsx",
        [
            [*HEADER, " ", None, ""],
            [],
            [" ", "", None, "  "],
            ["First", "One", "acme", "composite-materials", "", " "],
            [],
            ["Second", "Two", "acme", "composite-materials", None, None, " "],
            [None, " "],
        ],
    )
    code, out, _ = run_import(capsys, "demands.xlsx")
    assert (code, out) == (0, CREATED_TWO)


def test_a_wide_declared_sheet_size_is_read_by_its_cells(project, capsys):
    """A sheet that claims to span A1:XFD1048576 is read by the cells it holds."""
    workbook("demands.xlsx", [HEADER, ["First", "One", "acme", "composite-materials"]])
    rewrite(
        "demands.xlsx",
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace('<dimension ref="A1:D2"/>', '<dimension ref="A1:XFD1048576"/>'),
    )
    code, out, _ = run_import(capsys, "demands.xlsx")
    assert (code, out) == (0, "created catalog/demands/first.yaml\n")


# -- Dates that lost their format --------------------------------------------------------


def test_dates_typed_or_stored_as_numbers(project, capsys):
    workbook(
        "demands.xlsx",
        [
            [*HEADER, "deadline", "published"],
            ["Serial", "One", "acme", "composite-materials", 46568, 2020],
        ],
    )
    code, out, _ = run_import(capsys, "demands.xlsx")
    assert (code, out) == (0, "created catalog/demands/serial.yaml\n")
    text = (project / "catalog/demands/serial.yaml").read_text(encoding="utf-8")
    assert "deadline: 2027-06-30\n" in text
    assert "published: 2020-01-01\npublished_precision: year\n" in text


# -- Files that are not plain spreadsheets ----------------------------------------------


def _plain_workbook(name: str) -> None:
    workbook(name, [HEADER, ["First", "One", "acme", "composite-materials"]])


def _with_macros(name: str) -> None:
    _plain_workbook(name)
    rewrite(name, "xl/vbaProject.bin", lambda _: "not really VBA")


def _ole(name: str) -> None:
    # an encrypted .xlsx is an OLE compound file, as an old .xls is
    Path(name).write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"EncryptionInfo")


def _text(name: str) -> None:
    Path(name).write_text("title,summary\nFirst,One\n", encoding="utf-8")


def _binary(name: str) -> None:
    Path(name).write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(64))


def _zip_without_workbook(name: str) -> None:
    with zipfile.ZipFile(name, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")


def _zip_bomb(name: str) -> None:
    """A workbook whose parts unpack to more than workbook_reader.MAX_UNZIPPED_BYTES: spaces, which
    deflate to about 1/250 of their size."""
    _plain_workbook(name)
    chunk = b" " * (1 << 24)
    with (
        zipfile.ZipFile(name, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("xl/padding.xml", "w", force_zip64=True) as part,
    ):
        for _ in range(workbook_reader.MAX_UNZIPPED_BYTES // len(chunk) + 1):
            part.write(chunk)


def _billion_laughs(name: str) -> None:
    _plain_workbook(name)
    lol = "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' if i else '<!ENTITY lol0 "lol">'
        for i in range(10)
    )
    rewrite(
        name,
        "xl/sharedStrings.xml",
        lambda _: (
            f'<?xml version="1.0"?><!DOCTYPE sst [{lol}]>'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
            'uniqueCount="1"><si><t>&lol9;</t></si></sst>'
        ),
    )
    rewrite(
        name,
        "[Content_Types].xml",
        lambda xml: xml.replace(
            "</Types>",
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        ),
    )
    rewrite(
        name,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(
            '<c r="B2" t="inlineStr"><is><t>One</t></is></c>', '<c r="B2" t="s"><v>0</v></c>'
        ),
    )


def _laughs_in_the_sheet(name: str) -> None:
    _plain_workbook(name)
    rewrite(
        name,
        "xl/worksheets/sheet1.xml",
        lambda xml: (
            '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
            + xml.replace("<t>One</t>", "<t>&b;</t>")
        ),
    )


def _damaged_sheet(name: str) -> None:
    _plain_workbook(name)
    rewrite(name, "xl/worksheets/sheet1.xml", lambda xml: xml[: len(xml) // 2])


def _csv_zip(name: str) -> None:
    _plain_workbook("real.xlsx")
    Path(name).write_bytes(Path("real.xlsx").read_bytes())


def _bytes(data: bytes) -> Callable[[str], None]:
    return lambda name: Path(name).write_bytes(data)


_ENTITIES = (
    "the workbook's XML declares entities, which import refuses (a few lines of them can "
    "expand to gigabytes); save it again from Excel"
)
_OLE_MESSAGE = (
    "this is a password-protected workbook or an old Excel 97–2003 file (.xls); remove the "
    "password, or save it as an Excel workbook (.xlsx)"
)
_UNDECODABLE = "the text is neither UTF-8 nor GB18030/GBK; save it as 'CSV UTF-8 (comma delimited)'"


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        (
            "demands.xlsm",
            _plain_workbook,
            "demands.xlsm: a macro-enabled workbook (.xlsm) is refused; save it as an Excel "
            "workbook (.xlsx) without macros",
        ),
        (
            "demands.xlsx",
            _with_macros,
            "demands.xlsx: the workbook holds macros; save it as an Excel workbook (.xlsx) "
            "without them",
        ),
        ("demands.xlsx", _ole, f"demands.xlsx: {_OLE_MESSAGE}"),
        (
            "demands.xls",
            _ole,
            "demands.xls: cannot read '.xls' files; save the sheet as an Excel workbook (.xlsx) "
            "or as CSV (.csv)",
        ),
        ("demands.csv", _ole, f"demands.csv: {_OLE_MESSAGE}"),
        (
            "demands.xlsx",
            _text,
            "demands.xlsx: this is not an Excel workbook (.xlsx) but text; save the sheet as "
            ".xlsx, or name a CSV file .csv",
        ),
        (
            "demands.xlsx",
            _binary,
            "demands.xlsx: this is not an Excel workbook (.xlsx) but some other file; save the "
            "sheet as .xlsx, or name a CSV file .csv",
        ),
        (
            "demands.csv",
            _csv_zip,
            "demands.csv: this is a workbook, not CSV text; name it .xlsx, or save the sheet as "
            "CSV",
        ),
        (
            "demands.xlsx",
            _zip_without_workbook,
            "demands.xlsx: this zip file is not an Excel workbook",
        ),
        ("demands.xlsx", _billion_laughs, f"demands.xlsx: {_ENTITIES}"),
        ("demands.xlsx", _laughs_in_the_sheet, f"demands.xlsx: {_ENTITIES}"),
        (
            "demands.xlsx",
            _damaged_sheet,
            "demands.xlsx: cannot read the sheet 'Demands' (unclosed token: line 1, column 450)",
        ),
        (
            "demands.csv",
            _bytes(b"title,summary\nFirst,\xff\x80\xff\n"),
            f"demands.csv:2: {_UNDECODABLE}",
        ),
        (
            "demands.csv",
            _bytes(b"title,summary,organization,fields\nFirst,One\x00,acme,x\n"),
            "demands.csv:2: the file holds a NUL character, so it is not CSV text",
        ),
    ],
    ids=[
        "xlsm",
        "vba-in-xlsx",
        "encrypted",
        "xls",
        "ole-as-csv",
        "text-as-xlsx",
        "binary-as-xlsx",
        "zip-as-csv",
        "zip-not-workbook",
        "billion-laughs",
        "entities-in-sheet",
        "damaged-sheet",
        "undecodable-csv",
        "nul-in-csv",
    ],
)
def test_files_that_are_not_plain_spreadsheets_are_refused(project, capsys, name, make, message):
    make(name)
    assert cannot_start(project, capsys, name) == message


def test_a_workbook_that_unpacks_too_large_is_refused(project, capsys):
    _zip_bomb("demands.xlsx")
    with zipfile.ZipFile("demands.xlsx") as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    assert unpacked > workbook_reader.MAX_UNZIPPED_BYTES > 100 * Path("demands.xlsx").stat().st_size
    assert cannot_start(project, capsys, "demands.xlsx") == (
        f"demands.xlsx: the workbook unpacks to {unpacked:,} bytes; at most 400,000,000"
    )


# -- Encodings and delimiters of CSV ----------------------------------------------------

CHINESE_CSV = (
    "标题,摘要,单位,领域,中文标题\nHeat sink,Cooling plates,Acme Aerospace Group,复合材料,散热板\n"
)


@pytest.mark.parametrize(
    ("data", "read_as"),
    [
        (CHINESE_CSV.encode("utf-8"), "UTF-8"),
        (CHINESE_CSV.encode("utf-8-sig"), "UTF-8 with byte-order mark"),
        (CHINESE_CSV.replace(",", "\t").encode("utf-16"), "UTF-16"),  # Excel's Unicode text
        (CHINESE_CSV.encode("gb18030"), "GB18030 (GBK)"),
        (CHINESE_CSV.replace(",", ";").encode("utf-8"), "UTF-8"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom-tabs", "gb18030", "semicolons"],
)
def test_csv_encodings_and_delimiters_excel_writes(project, capsys, data, read_as):
    Path("demands.csv").write_bytes(data)
    code, out, err = run_import(capsys, "demands.csv")
    assert (code, out) == (0, "created catalog/demands/heat-sink.yaml\n")
    assert err.startswith(f"Read demands.csv as {read_as}: demands\n")
    data = imported(project, "demands/heat-sink.yaml")
    assert data["zh"] == {"title": "散热板"}
    assert (data["summary"], data["organization"], data["fields"]) == (
        "Cooling plates",
        "acme",
        ["composite-materials"],
    )


def test_a_utf16_file_cut_in_the_middle_of_a_character_is_refused(project, capsys):
    Path("demands.csv").write_bytes(CHINESE_CSV.encode("utf-16")[:-1])
    assert cannot_start(project, capsys, "demands.csv").endswith(_UNDECODABLE)


def test_pyproject_names_the_readers_of_spreadsheets():
    """openpyxl reads workbooks; with defusedxml present it refuses XML entities."""
    import tomllib

    from conftest import REPO

    with (REPO / "pyproject.toml").open("rb") as file:
        dependencies = tomllib.load(file)["project"]["dependencies"]
    assert "openpyxl>=3.1,<4" in dependencies
    assert any(d.startswith("defusedxml>=0.7") for d in dependencies)
