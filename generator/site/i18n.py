"""The site's words in each language: the translation table and the Jinja helpers.

The catalog templates write their labels in English, through ``t("…")``; the Chinese
pages look each one up in ``generator/site/locale/zh.yaml`` (English text → Chinese text).
A string missing from the table is shown in English, and ``tests/test_bilingual.py``
checks that every ``t("…")`` in the templates has its entry. Material's own strings
come from its ``partials/languages/<code>.html``, picked per page by
``theme/partials/language.html``.
"""

from __future__ import annotations

import datetime as dt
import functools
from importlib import resources
from typing import Any

import yaml
from jinja2 import pass_context

from generator.model import wording

DEFAULT_LANGUAGE = "en"


@functools.cache
def table(language: str) -> dict[str, dict[str, str]]:
    """The translation table of ``language``: sections 'strings', 'labels', 'counts'.
    Read once per process; English has none (the templates' own text is English)."""
    if language == DEFAULT_LANGUAGE:
        return {"strings": {}, "labels": {}, "counts": {}}
    text = resources.files(__package__).joinpath(f"locale/{language}.yaml").read_text("utf-8")
    data = yaml.safe_load(text) or {}
    return {key: dict(data.get(key) or {}) for key in ("strings", "labels", "counts")}


def translate(text: str, language: str = DEFAULT_LANGUAGE, /, **values: Any) -> str:
    """``text`` in ``language`` (English when the table lacks it), with ``{name}``
    placeholders filled from ``values``."""
    out = table(language)["strings"].get(text, text)
    return out.format(**values) if values else out


def label(value: Any, language: str = DEFAULT_LANGUAGE) -> str:
    """The display name of a value such as 'joint-rd' or 'in-negotiation'."""
    found = table(language)["labels"].get(str(value))
    return found if found is not None else wording.label(value)


def date_text(value: dt.date | None, precision: str = "day", language: str = "en") -> str:
    """'8 July 2020' in English, '2020年7月8日' in Chinese."""
    if language != "zh" or value is None:
        return wording.date_text(value, precision)
    if precision == "year":
        return f"{value.year}年"
    if precision == "month":
        return f"{value.year}年{value.month}月"
    return f"{value.year}年{value.month}月{value.day}日"


def count(number: int, singular: str, many: str | None = None, language: str = "en") -> str:
    """'3 resources' in English; in Chinese the table's measure word and noun, '3 项资源'."""
    unit = table(language)["counts"].get(singular)
    if unit is None:
        return wording.plural(number, singular, many)
    return f"{number} {unit}"


def _language(context: Any) -> str:
    return str(context.get("language") or DEFAULT_LANGUAGE)


@pass_context
def t(context: Any, __text: str, /, **values: Any) -> str:
    """Jinja: ``{{ t("Resources") }}``, ``{{ t("Page {n} of {pages}", n=2, pages=5) }}``."""
    return translate(__text, _language(context), **values)


@pass_context
def label_filter(context: Any, value: Any) -> str:
    return label(value, _language(context))


@pass_context
def date_text_filter(context: Any, value: dt.date | None, precision: str = "day") -> str:
    return date_text(value, precision, _language(context))


@pass_context
def plural_filter(context: Any, number: int, singular: str, many: str | None = None) -> str:
    return count(number, singular, many, _language(context))


FILTERS = {"label": label_filter, "date_text": date_text_filter, "plural": plural_filter}
"""Language-aware versions of the filters of the same name in ``filters``."""
