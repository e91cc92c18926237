"""How values are written for people: labels of enum values, dates to their precision,
counts, e-mail addresses. Plain text functions of no template engine, used by the
statistics, the open data export, the command line and (as Jinja filters, through
``site.filters``) the templates."""

from __future__ import annotations

import datetime as dt
from typing import Any

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


def email_text(address: str) -> str:
    """'lab@example.com' → 'lab [at] example [dot] com': readable by a person, not found
    by programs that harvest addresses from pages. An address has no spaces, so
    theme/assets/javascripts/campaign-contact.js can turn it back without ambiguity."""
    return address.replace("@", " [at] ").replace(".", " [dot] ")
