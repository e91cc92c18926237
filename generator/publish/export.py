"""The catalog as open data: one JSON file of everything, one CSV file per type.

``export_files`` gives the bytes of every file; the build publishes them under
``/export/`` and ``campaign export`` writes the same bytes into a folder, so both always
agree. References are resolved: where the YAML names an id, the export gives the id,
the name and the page address (relative to the site's root, e.g.
``organizations/casic/``). Demands also say whether they are expired on the build date.

- ``catalog.json``: ``schema_version``, ``build_date``, ``counts`` (real entries per
  type: samples are not counted) and ``sample_counts`` (the samples), then ``fields``,
  ``organizations``, ``conferences``, ``resources``, ``demands``, ``projects`` and
  ``news``, each a list ordered by id (news by date).
- ``<type>.csv``: one row per entry, the columns of its file kind in model order;
  lists are joined with ``"; "``, a reference gives its id(s) and a ``…_name`` column,
  ``contact`` becomes ``contact_name`` … ``contact_url``, the e-mail written out as on the
  pages (``email_from_text`` turns it back) and a hidden contact left empty. UTF-8 with a
  byte-order mark, which Excel needs to read Chinese text. Cells are written so that
  ``campaign import`` can read them back and export the same bytes again:

  - ``zh`` (and any other key holding a mapping) is compact JSON with the Chinese as
    written, not escaped (``{"title":"…","summary":"…"}``): keys in model order,
    keys left empty (None or "") left out; no ``zh`` block gives an empty cell.
  - A date is written no more precisely than known: ``2020`` when its ``…_precision``
    (``date_precision``, ``published_precision``) is ``year``, ``2020-07`` for ``month``,
    ``2020-07-08`` for ``day``; the ``…_precision`` column stays. (catalog.json keeps the
    full ISO date next to its precision.)
  - Formula guard: a text cell (each item of a list) starting with one of
    ``FORMULA_START`` (``=``, ``+``, ``-``, ``@``, tab, carriage return) gets a leading
    ``'``, so a spreadsheet shows it instead of running it as a formula; so does one
    that starts with ``'`` followed by one of those or by another ``'``, so the guard can
    be undone without doubt: ``unguard`` strips one leading ``'`` where the next
    character is in ``FORMULA_START`` or is ``'`` (``'=1+1`` → ``=1+1``, ``''=x`` →
    ``'=x``, ``'x`` stays ``'x``).
- A conference's ``attendees`` is always a number (or empty), followed by
  ``attendees_approximate``: true when the figure is an estimate ("about 100").
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.derive.expiry import is_expired
from generator.model.catalog import ENTRY_TYPES, Catalog, Entry, NewsItem
from generator.model.wording import email_text, iso_date
from generator.site.urls import page_url

SCHEMA_VERSION = 2
"""Raised when a key is removed or changes meaning; new keys keep the version.
2: ``counts`` counts real entries only (samples are in ``sample_counts``)."""
EXPORT_DIR = "export"
FORMATS = ("json", "csv")

# Keys that hold ids, and the type they name ('fields' name taxonomy fields).
REFERENCES = {
    "organization": "organizations",
    "parent": "organizations",
    "hosts": "organizations",
    "participants": "organizations",
    "organizations": "organizations",
    "conference": "conferences",
    "conferences": "conferences",
    "projects": "projects",
    "fields": "fields",
}
# Front matter keys that MkDocs reads, not part of a release's data.
_NEWS_SKIP = ("template", "description", "hide", "search")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula: the CSV writes
such a text with a leading ``'`` (see ``guard`` and ``unguard``)."""
# What a leading quote protects: a formula start, or another quote (so "'=x" is told
# apart from a guarded "=x").
_GUARDED = (*FORMULA_START, "'")
# Date keys written to their precision in the CSV, with the key that holds it.
_PRECISION = {"date": "date_precision", "published": "published_precision"}
_EMAIL_WORDS = re.compile(r" \[(at|dot)\] ")


class ExportError(ValueError):
    """An export was asked for in a format that does not exist."""


class _Resolver:
    """Turns ids into {id, name, url} using the loaded catalog."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def one(self, kind: str, ref_id: str) -> dict[str, Any]:
        if kind == "fields":
            f = self.catalog.fields.get(ref_id)
            return {
                "id": ref_id,
                "name": f.name if f else None,
                "name_zh": f.name_zh if f else None,
            }
        entry = self.catalog.entries[kind].get(ref_id)
        return {
            "id": ref_id,
            "name": entry.label if entry else None,
            "url": page_url(entry.src_uri) if entry else None,
        }

    def value(self, key: str, value: Any) -> Any:
        kind = REFERENCES.get(key)
        if kind is None or value is None:
            return value
        if isinstance(value, list):
            return [self.one(kind, v) for v in value]
        return self.one(kind, value)


def _record(model: BaseModel, resolver: _Resolver, skip: Iterable[str] = ()) -> dict[str, Any]:
    data = model.model_dump(mode="json")
    return {k: resolver.value(k, v) for k, v in data.items() if k not in skip}


def public_contact(contact: dict[str, Any]) -> dict[str, Any]:
    """A contact as the site shows it: nothing of a hidden one, the e-mail written out
    ('lab [at] example [dot] com') so the public files are no harvest either."""
    if contact.get("hidden"):
        return {"hidden": True}
    email = contact.get("email")
    return {**contact, "email": email_text(email) if email else email}


def _attendance(record: dict[str, Any], entry: Entry) -> dict[str, Any]:
    """``attendees`` as a number, followed by ``attendees_approximate`` (true for "about
    100"), however the YAML wrote it, so a spreadsheet column holds numbers only."""
    attendance = entry.model.attendance
    out: dict[str, Any] = {}
    for key, value in record.items():
        if key != "attendees":
            out[key] = value
            continue
        out["attendees"] = attendance.value if attendance else None
        out["attendees_approximate"] = attendance.approximate if attendance else None
    return out


def real_counts(catalog: Catalog) -> dict[str, int]:
    """Entries per type that are not samples (``sample: true``)."""
    counts = {
        t.plural: sum(1 for e in catalog.entries[t.plural].values() if not e.model.sample)
        for t in ENTRY_TYPES
    }
    counts["news"] = sum(1 for n in catalog.news if not n.meta.sample)
    return counts


def entry_record(entry: Entry, resolver: _Resolver, today: dt.date) -> dict[str, Any]:
    """One catalog entry as exported: id, url, its keys with references resolved."""
    record: dict[str, Any] = {"id": entry.id, "url": page_url(entry.src_uri)}
    record.update(_record(entry.model, resolver))
    if entry.type.name == "conference":
        record = _attendance(record, entry)
    if record.get("contact"):
        record["contact"] = public_contact(record["contact"])
    if entry.type.name == "demand":
        record["expired"] = is_expired(entry, today)
    return record


def news_record(item: NewsItem, resolver: _Resolver) -> dict[str, Any]:
    record: dict[str, Any] = {"id": item.id, "url": page_url(item.src_uri)}
    record.update(_record(item.meta, resolver, skip=_NEWS_SKIP))
    if item.image_src and "://" not in item.image_src:
        record["image"] = item.image_src
    return record


def catalog_data(catalog: Catalog, today: dt.date) -> dict[str, Any]:
    """Everything in the catalog, as plain data (what catalog.json holds)."""
    resolver = _Resolver(catalog)
    real = real_counts(catalog)
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "build_date": today.isoformat(),
        "counts": real,
        "sample_counts": {k: n - real[k] for k, n in catalog.counts().items()},
        "fields": [
            {"id": field_id, **f.model_dump(mode="json")} for field_id, f in catalog.fields.items()
        ],
    }
    for entry_type in ENTRY_TYPES:
        entries = sorted(catalog.entries[entry_type.plural].values(), key=lambda e: e.id)
        data[entry_type.plural] = [entry_record(e, resolver, today) for e in entries]
    data["news"] = [news_record(n, resolver) for n in catalog.news_sorted()]
    return data


def guard(text: str) -> str:
    """A text as the CSV writes it: with a leading ``'`` when it starts with one of
    ``FORMULA_START``, or with ``'`` followed by one of those or by ``'``."""
    if text.startswith(FORMULA_START) or (text.startswith("'") and text[1:2] in _GUARDED):
        return "'" + text
    return text


def unguard(text: str) -> str:
    """The inverse of ``guard``: one leading ``'`` removed where the next character is
    one of ``FORMULA_START`` or ``'``; any other text is returned as it is."""
    if text.startswith("'") and text[1:2] in _GUARDED:
        return text[1:]
    return text


def email_from_text(text: str) -> str:
    """The inverse of ``wording.email_text``: 'lab [at] example [dot] com' →
    'lab@example.com'. Only the sequences ' [at] ' and ' [dot] ' are replaced."""
    return _EMAIL_WORDS.sub(lambda m: "@" if m.group(1) == "at" else ".", text)


def _json_cell(value: dict[str, Any], drop_empty: bool = False) -> str:
    """A mapping as compact JSON (Chinese as written); ``drop_empty`` leaves out keys
    whose value is None or "" (the defaults of a ``zh`` block)."""
    if drop_empty:
        value = {k: v for k, v in value.items() if v is not None and v != ""}
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return guard(_json_cell(value))
    if isinstance(value, str):
        return guard(value)
    return str(value)


def _date_cell(value: Any, precision: Any) -> str:
    """An ISO date no more precise than known: '2020', '2020-07' or '2020-07-08'."""
    if not value:
        return ""
    return iso_date(dt.date.fromisoformat(value), precision or "day")


def _flatten(record: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(column, cell) pairs of one exported record."""
    for key, value in record.items():
        if key in REFERENCES:
            refs = value if isinstance(value, list) else [value] if value else []
            yield key, "; ".join(_cell(r["id"]) for r in refs)
            name_key = f"{key[:-1] if key.endswith('s') else key}_name"
            yield (
                (name_key + ("s" if isinstance(value, list) else "")),
                "; ".join(_cell(r["name"]) for r in refs),
            )
        elif key == "contact":
            for part in ("name", "email", "phone", "url"):
                yield f"contact_{part}", _cell((value or {}).get(part))
        elif key == "zh":
            yield key, guard(_json_cell(value, drop_empty=True)) if value is not None else ""
        elif key in _PRECISION and _PRECISION[key] in record:
            yield key, _date_cell(value, record[_PRECISION[key]])
        elif isinstance(value, list):
            yield key, "; ".join(_cell(v) for v in value)
        else:
            yield key, _cell(value)


def csv_text(records: list[dict[str, Any]]) -> str:
    """Records as CSV with a header row (columns of the first record, in order); no
    records give an empty text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    header: list[str] | None = None
    for record in records:
        row = dict(_flatten(record))
        if header is None:
            header = list(row)
            writer.writerow(header)
        writer.writerow([row.get(column, "") for column in header])
    return buffer.getvalue()


def export_files(
    catalog: Catalog, today: dt.date, formats: Iterable[str] = FORMATS
) -> dict[str, bytes]:
    """File name → content of every export file in ``formats`` ('json', 'csv')."""
    formats = list(formats)
    if unknown := [f for f in formats if f not in FORMATS]:
        raise ExportError(f"unknown format {unknown[0]!r}; use 'json' or 'csv'")
    data = catalog_data(catalog, today)
    files: dict[str, bytes] = {}
    if "json" in formats:
        # compact: the indenting encoder is pure Python and several times slower
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
        files["catalog.json"] = text.encode("utf-8")
    if "csv" in formats:
        for name in [t.plural for t in ENTRY_TYPES] + ["news"]:
            files[f"{name}.csv"] = csv_text(data[name]).encode("utf-8-sig")
    return files


def write_files(files: dict[str, bytes], out: Path) -> list[Path]:
    """Write ``export_files``'s files into the folder ``out``; returns the paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in files.items():
        path = out / name
        path.write_bytes(content)
        written.append(path)
    return written
