"""Jinja filters the catalog templates use; plain functions, testable without MkDocs."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from markupsafe import Markup

# Display names for enum values where capitalising the id would read wrong.
LABELS = {
    "joint-rd": "Joint R&D",
    "in-negotiation": "In negotiation",
    "application-scenario": "Application scenario",
    "rd": "R&D",
}


def label(value: Any) -> str:
    """'joint-rd' → 'Joint R&D', 'in-negotiation' → 'In negotiation'."""
    text = str(value)
    return LABELS.get(text, text.replace("-", " ").capitalize())


def date_text(value: dt.date | None, precision: str = "day") -> str:
    """A date as a visitor reads it, no finer than what is known ('July 2020')."""
    if value is None:
        return ""
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return f"{value:%B} {value.year}"
    return f"{value.day} {value:%B} {value.year}"


def iso_date(value: dt.date | None, precision: str = "day") -> str:
    """ISO 8601 to the precision known: '2020', '2020-07' or '2020-07-08' (what
    ``<time datetime>`` and schema.org accept for a date known only to the year)."""
    if value is None:
        return ""
    iso = value.isoformat()
    return {"year": iso[:4], "month": iso[:7]}.get(precision, iso)


def plural(count: int, singular: str, many: str | None = None) -> str:
    """'1 resource', '3 resources'."""
    return f"{count} {singular if count == 1 else (many or singular + 's')}"


# Characters XML 1.0 does not allow even as references (control characters, lone
# surrogates, U+FFFE/U+FFFF); Markdown lets them through, a feed reader would reject them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: Any) -> str:
    """Text made safe to put into XML (before escaping, which autoescape does)."""
    return _NOT_XML.sub("", str(value))


def email_text(address: str) -> str:
    """'lab@example.com' → 'lab [at] example [dot] com': readable by a person, not found
    by programs that harvest addresses from pages. An address has no spaces, so
    theme/assets/javascripts/campaign-contact.js can turn it back without ambiguity."""
    return address.replace("@", " [at] ").replace(".", " [dot] ")


# Characters that could end a <script> element or open markup inside one, and the two
# line separators older JavaScript parsers reject: all written as \u escapes.
_SCRIPT_UNSAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_SCRIPT_UNSAFE_RE = re.compile("[<>&\u2028\u2029]")


def json_ld(value: Any) -> Markup:
    """JSON for a ``<script type="application/ld+json">`` element.

    ``<``, ``>`` and ``&`` are written as ``\\u003c`` etc., which JSON reads as the same
    characters, so no text in the data can close the element (``</script>``) or start a
    comment; the result is then safe to insert unescaped.
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return Markup(_SCRIPT_UNSAFE_RE.sub(lambda m: _SCRIPT_UNSAFE[m.group()], text))


FILTERS = {
    "label": label,
    "date_text": date_text,
    "iso_date": iso_date,
    "plural": plural,
    "xml_text": xml_text,
    "email_text": email_text,
    "json_ld": json_ld,
}
