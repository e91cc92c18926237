"""`campaign new`: a commented starting file for a new entry, derived from its model.

Every key of the model appears, with its docstring and what values it takes, so a
contributor never has to look up the format. Required keys hold the TODO placeholder
(which `campaign validate` rejects until it is replaced); optional keys are commented out.
"""

from __future__ import annotations

import datetime as dt
import os
import textwrap
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import annotated_types
from pydantic import BaseModel, StringConstraints
from pydantic.fields import FieldInfo

from generator.check.references import reference_folders
from generator.load.loader import YAML_SUFFIXES
from generator.model.catalog import EntryType
from generator.model.formats import ID_PATTERN
from generator.model.ids import ID_RE, id_example, not_an_id
from generator.model.source_doc import PLACEHOLDER

WIDTH = 92

HEADER = """\
# A new {name}. Its id is the file name: {id}.
# How to fill it in:
#   - replace every {todo} with a real value;
#   - keys marked (optional) are switched off with '# '. To use one, delete the '# '
#     at the start of its lines and replace its {todo};
#   - check the file with `campaign validate` or by opening a pull request.
# Step by step: CONTRIBUTING.md. All keys: README.md, section "The catalog format".
"""

WHERE = {
    "organizations": "the file name of an organization in catalog/organizations/, without .yaml",
    "conferences": "the file name of a conference in catalog/conferences/, without .yaml",
    "projects": "the file name of a project in catalog/projects/, without .yaml",
    "fields": "a field id listed in catalog/taxonomy.yaml",
}


# words in a docstring that make the value hint redundant
SAID = ("yyyy-mm-dd", "e-mail", "http", "characters")


class ScaffoldError(Exception):
    """The entry cannot be created; the message says why."""


@dataclass(frozen=True)
class _Kind:
    """What a field holds, as far as the starting file needs to know."""

    hint: str
    where: str = ""
    """Where ids of this key are found, for keys that name other entries."""
    many: bool = False
    block: bool = False
    model: type[BaseModel] | None = None


def _constraints(metadata: list[Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for item in metadata:
        if isinstance(item, StringConstraints):
            found.update({k: v for k, v in vars(item).items() if v is not None})
        elif isinstance(item, annotated_types.Ge):
            found["ge"] = item.ge
        elif isinstance(item, annotated_types.Le):
            found["le"] = item.le
        elif isinstance(item, annotated_types.MinLen):
            found["min_length"] = item.min_length
        elif isinstance(item, annotated_types.MaxLen):
            found["max_length"] = item.max_length
    return found


def _strip(annotation: Any, metadata: list[Any]) -> tuple[Any, list[Any]]:
    """Drop ``None`` from unions and unwrap ``Annotated``, collecting its metadata."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return _strip(args[0], metadata)
    if typing.get_origin(annotation) is typing.Annotated:
        return _strip(args[0], [*metadata, *annotation.__metadata__])
    return annotation, metadata


def _describe(annotation: Any, metadata: list[Any], key: str, plural: str) -> _Kind:
    annotation, metadata = _strip(annotation, metadata)
    rules = _constraints(metadata)
    origin = typing.get_origin(annotation)
    if origin is list:
        item_type, item_meta = _strip(typing.get_args(annotation)[0], [])
        item = _describe(item_type, item_meta, key, plural)
        at_least = ", at least one" if rules.get("min_length") else ""
        if typing.get_origin(item_type) is typing.Literal:
            values = typing.get_args(item_type)
            return _Kind(f"Any of {', '.join(values)}, as a list like [{values[0]}]", many=True)
        if item.where:
            return _Kind(f"A list of ids like [one-id, another-id]{at_least}", item.where, True)
        return _Kind(f"A list like [first, second]{at_least}", many=True)
    if origin is typing.Literal:
        return _Kind("One of " + ", ".join(str(v) for v in typing.get_args(annotation)))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _Kind("Any of the keys below; delete those you leave empty", model=annotation)
    if annotation is dt.date:
        return _Kind("A date written YYYY-MM-DD")
    if annotation is bool:
        return _Kind("Either true or false")
    if annotation is int:
        low, high = rules.get("ge"), rules.get("le")
        if low is not None and high is not None:
            return _Kind(f"A whole number from {low} to {high}")
        return _Kind("A whole number" + (f", {low} or more" if low is not None else ""))
    pattern = str(rules.get("pattern") or "")
    if pattern == ID_PATTERN:
        return _Kind("An id", WHERE.get(reference_folders(plural).get(key, ""), ""))
    if "@" in pattern:
        return _Kind("An e-mail address")
    if pattern:
        return _Kind("A web address starting with http:// or https://")
    if "max_length" in rules:
        return _Kind(f"Plain text, at most {rules['max_length']} characters")
    if not rules:
        # unconstrained text is the Markdown body: a block keeps line breaks as written
        return _Kind("Indent each line by two spaces under the key", block=True)
    return _Kind("")


def _said(hint: str, description: str) -> bool:
    """Whether the docstring already tells what the hint would."""
    hint, description = hint.lower(), description.lower()
    return any(word in hint and word in description for word in SAID)


def _comment(text: str, indent: str) -> list[str]:
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=f"{indent}# ",
        subsequent_indent=f"{indent}#   ",
        break_on_hyphens=False,
    )


def _value_lines(name: str, kind: _Kind, value: str, indent: str) -> list[str]:
    if kind.block:
        return [f"{indent}{name}: |", f"{indent}  {value}"]
    if kind.many:
        return [f"{indent}{name}: [{value}]"]
    return [f"{indent}{name}: {value}"]


def _field_lines(name: str, field: FieldInfo, plural: str, indent: str = "") -> list[str]:
    kind = _describe(field.annotation, list(field.metadata), name, plural)
    required = field.is_required()
    default = field.get_default() if not required else None
    shown = PLACEHOLDER
    if isinstance(default, bool) or (isinstance(default, str) and default):
        shown = str(default).lower()
    status = "required" if required else "optional"
    if shown != PLACEHOLDER:
        status += f", default {shown}"
    description = field.description or ""
    hint = "" if _said(kind.hint, description) else kind.hint
    if kind.where:
        hint += f", each {kind.where}" if kind.many else f": {kind.where}"
    sentence = f"{name} ({status}): {description}" + (f" {hint}." if hint else "")
    lines = _comment(sentence, indent)
    if kind.model is not None:
        body = [f"{indent}{name}:"]
        for sub_name, sub_field in kind.model.model_fields.items():
            body += _field_lines(sub_name, sub_field, plural, indent + "  ")
    else:
        body = _value_lines(name, kind, shown, indent)
    if not required and not indent:
        # nested keys stay as they are: uncommenting the parent switches them all on
        body = [f"# {line}" for line in body]
    return [*lines, *body]


def scaffold_text(entry_type: EntryType, entry_id: str, schema_ref: str) -> str:
    """The starting file for a new entry of ``entry_type`` named ``entry_id``."""
    lines = [f"# yaml-language-server: $schema={schema_ref}"]
    lines += HEADER.format(name=entry_type.name, id=entry_id, todo=PLACEHOLDER).splitlines()
    fields = entry_type.model.model_fields
    # what must be filled in comes first; 'sample' is for the campaign office, so last
    for name in sorted(fields, key=lambda n: (not fields[n].is_required(), n == "sample")):
        field = fields[name]
        lines.append("")
        lines += _field_lines(name, field, entry_type.plural)
    return "\n".join(lines) + "\n"


def create_entry(
    root: Path, entry_type: EntryType, entry_id: str, catalog_dir: str = "catalog"
) -> Path:
    """Write ``catalog/<plural>/<id>.yaml``; raises ScaffoldError for a bad or taken id."""
    folder = root / catalog_dir / entry_type.folder
    target = folder / f"{entry_id}.yaml"
    if not ID_RE.match(entry_id):
        raise ScaffoldError(not_an_id(f"id '{entry_id}'", id_example(entry_id)))
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.suffix in YAML_SUFFIXES and path.stem == entry_id:
                taken = path.relative_to(root).as_posix()
                raise ScaffoldError(
                    f"{entry_type.name} '{entry_id}' already exists: {taken}; "
                    "edit that file or choose another id"
                )
    schemas = os.path.relpath(root / "schemas", folder).replace(os.sep, "/")
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(
        scaffold_text(entry_type, entry_id, f"{schemas}/{entry_type.name}.schema.json"),
        encoding="utf-8",
    )
    return target
