"""Jinja filters the catalog templates use; plain functions, testable without MkDocs.

The wording of values (labels, dates, counts, e-mail addresses) is
``generator.model.wording``, which the stages before the site use too; here it is only
named as filters, beside the escaping that only templates need."""

from __future__ import annotations

import json
import re
from typing import Any

from markupsafe import Markup

from generator.model.wording import date_text, email_text, iso_date, label, plural

# Characters XML 1.0 does not allow even as references (control characters, lone
# surrogates, U+FFFE/U+FFFF); Markdown lets them through, a feed reader would reject them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: Any) -> str:
    """Text made safe to put into XML (before escaping, which autoescape does)."""
    return _NOT_XML.sub("", str(value))


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


_IN_SINGLE_QUOTES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "'": "&#39;"}
_IN_SINGLE_QUOTES_RE = re.compile("[&<>']")


def single_quoted(value: Any) -> Markup:
    """A value for an attribute written between single quotes (``data-x='…'``).

    Autoescape writes every double quote as ``&#34;``, five bytes; JSON in an attribute
    (the search index's cards) has dozens. Between single quotes a double quote needs no
    escaping: ``&``, ``<``, ``>`` and ``'`` are escaped, which is all the attribute
    needs. Already escaped text (``Markup``) is unescaped first, not escaped twice."""
    text = value.unescape() if isinstance(value, Markup) else str(value)
    return Markup(_IN_SINGLE_QUOTES_RE.sub(lambda m: _IN_SINGLE_QUOTES[m.group()], text))


FILTERS = {
    "label": label,
    "date_text": date_text,
    "iso_date": iso_date,
    "plural": plural,
    "xml_text": xml_text,
    "email_text": email_text,
    "json_ld": json_ld,
    "single_quoted": single_quoted,
}
