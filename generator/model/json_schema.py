"""JSON Schemas for editors, generated from the same models that validate the catalog."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.model import formats as models
from generator.model.catalog import ENTRY_TYPES

SCHEMA_MODELS: dict[str, type[models.BaseModel]] = {
    **{t.name: t.model for t in ENTRY_TYPES},
    "taxonomy": models.Taxonomy,
    "news": models.NewsMeta,
}


def schema_for(name: str) -> dict[str, Any]:
    schema = SCHEMA_MODELS[name].model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"Campaign catalog: {name}",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def write_schemas(out_dir: Path) -> list[Path]:
    """Write ``<name>.schema.json`` for every file kind; returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMA_MODELS:
        path = out_dir / f"{name}.schema.json"
        text = json.dumps(schema_for(name), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
