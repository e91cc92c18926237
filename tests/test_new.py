"""`campaign new`: a commented starting file that validates once its TODOs are filled in."""

from __future__ import annotations

import re

import pytest
import yaml

from generator.model.catalog import TYPES_BY_NAME

from conftest import campaign

# What a contributor would type over each TODO, by key; valid in the base test project.
FILL = {
    "title": "A new entry",
    "title_zh": "新条目",
    "name": "New Organization",
    "name_zh": "新组织",
    "summary": "One plain sentence.",
    "organization": "acme",
    "fields": "composite-materials",
    "keywords": "sensors",
    "conferences": "acme-river-2020",
    "hosts": "acme",
    "participants": "river-university",
    "projects": "nav-chip",
    "parent": "acme",
    "kind": "enterprise",
    "date": "2021-05-06",
    "updated": "2021-05-06",
    "deadline": "2027-01-31",
    "format": "online",
    "trl": "4",
    "seeking": "partner",
    "attendees": "50",
    "value": "50",
    "online_url": "https://meet.example.com/new",
    "published": "2021-05-06",
    "pushed_to_platform": "3",
    "team": "Sensor team",
    "leader": "Dr. Sample",
    "location": "Hangzhou",
    "short_name": "NEW",
    "website": "https://new.example.com",
    "email": "office@example.com",
    "phone": "+86 10 0000 0000",
    "url": "https://new.example.com/contact",
    "description": "Some *Markdown*.",
}

KEY_LINE = re.compile(r"^(?P<indent> *)(?P<key>\w+):(?: (?P<value>.*))?$")


def fill(text: str) -> str:
    """Replace each TODO with the value FILL gives for the key on that line."""
    out, key = [], None
    for line in text.splitlines():
        if match := KEY_LINE.match(line):
            key = match["key"]
        if "TODO" in line and not line.lstrip().startswith("#"):
            assert key is not None, line
            line = line.replace("TODO", FILL[key])
        out.append(line)
    return "\n".join(out) + "\n"


def uncomment_every_key(text: str) -> str:
    """Switch every optional key on, as the file's header tells a contributor to."""
    lines = text.splitlines()
    out = []
    in_block = False
    for line in lines:
        body = line[2:] if line.startswith("# ") else None
        # a commented key ('# key: ...') or a line inside a commented key's block
        if body is not None and (KEY_LINE.match(body) or (in_block and body.startswith(" "))):
            out.append(body)
            in_block = True
            continue
        in_block = False
        out.append(line)
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("kind", list(TYPES_BY_NAME))
def test_new_file_lists_every_key_and_validates_once_filled(make_project, kind):
    root = make_project()
    plural = TYPES_BY_NAME[kind].plural
    result = campaign(["new", kind, "brand-new"], root)
    assert result.returncode == 0, result.stderr
    path = root / "catalog" / plural / "brand-new.yaml"
    assert f"catalog/{plural}/brand-new.yaml" in result.stdout
    text = path.read_text(encoding="utf-8")
    assert (
        text.splitlines()[0] == f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json"
    )

    model = TYPES_BY_NAME[kind].model
    for name, field in model.model_fields.items():
        # every key is there, with its docstring as the explanation
        assert re.search(rf"^(# )?{name}:", text, re.M), name
        assert field.description and field.description.split()[0] in text, name
    # required keys are switched on, optional ones commented out
    data = yaml.safe_load(text)
    assert set(data) == {n for n, f in model.model_fields.items() if f.is_required()}
    # allowed values are spelled out for Literal keys
    if kind == "demand":
        prose = re.sub(r"\n#\s+", " ", text)  # comments joined across wrapped lines
        assert (
            "(optional, default open): Where the demand stands. One of open, in-negotiation, "
            "matched, closed." in prose
        )

    # left as written, every TODO is an error at its line
    check = campaign(["validate"], root)
    assert check.returncode == 1
    todo_lines = [
        i
        for i, line in enumerate(text.splitlines(), 1)
        if "TODO" in line and not line.startswith("#")
    ]
    reported = re.findall(rf"catalog/{plural}/brand-new.yaml:(\d+):\d+: (.*)", check.stdout)
    assert sorted(int(line) for line, _ in reported) == sorted(todo_lines)
    assert all("replace the placeholder TODO" in message for _, message in reported)

    path.write_text(fill(text), encoding="utf-8")
    check = campaign(["validate"], root)
    assert check.returncode == 0, check.stdout

    # and with every optional key switched on and filled in, too
    path.write_text(fill(uncomment_every_key(text)), encoding="utf-8")
    everything = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(everything) == set(model.model_fields)
    check = campaign(["validate"], root)
    assert check.returncode == 0, check.stdout


def test_existing_id_is_refused(make_project):
    root = make_project()
    before = (root / "catalog/demands/defect-ai.yaml").read_text(encoding="utf-8")
    result = campaign(["new", "demand", "defect-ai"], root)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "campaign new: demand 'defect-ai' already exists: catalog/demands/defect-ai.yaml; "
        "edit that file or choose another id"
    )
    assert (root / "catalog/demands/defect-ai.yaml").read_text(encoding="utf-8") == before


def test_existing_id_in_a_subfolder_is_refused(make_project):
    root = make_project({"catalog/organizations/partners/lake.yaml": "name: Lake\nkind: other\n"})
    result = campaign(["new", "organization", "lake", "--root", str(root)], root.parent)
    assert result.returncode == 1
    assert "catalog/organizations/partners/lake.yaml" in result.stderr
    assert not (root / "catalog/organizations/lake.yaml").exists()


@pytest.mark.parametrize("bad", ["My Sensor", "_sensor", "x" * 81, "sensor.yaml"])
def test_malformed_id_is_refused_with_the_loaders_message(make_project, bad):
    root = make_project()
    result = campaign(["new", "resource", bad], root)
    assert result.returncode == 1
    assert result.stderr.startswith(f"campaign new: id '{bad}' is not a valid id: use lowercase")
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in (root / "catalog/resources").iterdir()) == ["composite-lab.yaml"]


def test_unknown_type_is_refused(make_project):
    result = campaign(["new", "person", "someone"], make_project())
    assert result.returncode == 2
    assert "invalid choice: 'person'" in result.stderr
