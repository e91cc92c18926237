"""`campaign schema`: JSON Schemas from the same models that validate, kept in sync."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import REPO, campaign

KINDS = ["resource", "demand", "project", "organization", "conference", "taxonomy", "news"]
FOLDERS = {
    "resource": "resources",
    "demand": "demands",
    "project": "projects",
    "organization": "organizations",
    "conference": "conferences",
}


def as_json(data):
    # YAML gives dates as date objects; in JSON (and for the schema) they are strings.
    return json.loads(json.dumps(data, default=str))


def test_schema_command_writes_one_schema_per_kind(tmp_path):
    result = campaign(["schema", "--out", str(tmp_path / "out")], REPO)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        f"{k}.schema.json" for k in KINDS
    )
    demand = json.loads((tmp_path / "out/demand.schema.json").read_text(encoding="utf-8"))
    assert demand["properties"]["status"]["enum"] == ["open", "in-negotiation", "matched", "closed"]
    assert set(demand["required"]) == {"title", "summary", "organization", "fields"}
    assert demand["additionalProperties"] is False
    # field docstrings reach the editor as descriptions
    assert "300 characters" in demand["properties"]["summary"]["description"]


def test_committed_schemas_match_the_models(tmp_path):
    campaign(["schema", "--out", str(tmp_path)], REPO)
    for kind in KINDS:
        committed = (REPO / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")
        fresh = (tmp_path / f"{kind}.schema.json").read_text(encoding="utf-8")
        assert committed == fresh, f"schemas/{kind}.schema.json is stale: run `make schema`"


@pytest.mark.parametrize("kind", list(FOLDERS))
def test_shipped_entries_satisfy_their_schema(kind):
    schema = json.loads((REPO / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    files = sorted((REPO / "catalog" / FOLDERS[kind]).glob("*.yaml"))
    assert files
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json"
        jsonschema.validate(as_json(yaml.safe_load(path.read_text(encoding="utf-8"))), schema)


def test_schema_rejects_what_validate_rejects():
    schema = json.loads((REPO / "schemas/organization.schema.json").read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError, match="'college' is not one of"):
        jsonschema.validate({"name": "X", "kind": "college"}, schema)
    with pytest.raises(jsonschema.ValidationError, match="Additional properties"):
        jsonschema.validate({"name": "X", "kind": "other", "nmae": "typo"}, schema)


def test_vscode_maps_every_catalog_folder_to_its_schema():
    settings = json.loads((REPO / ".vscode/settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for kind, folder in FOLDERS.items():
        assert mapping[f"./schemas/{kind}.schema.json"] == f"catalog/{folder}/**/*.yaml"
        assert Path(REPO / "schemas" / f"{kind}.schema.json").is_file()
