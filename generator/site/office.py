"""The campaign office: its settings (the plugin's ``office`` option) and the
"Express interest" routes to it that every resource, demand and project page offers.

The office brokers: a visitor who wants to work with an entry writes to the office,
which knows the contact even where the entry hides it. The routes are addresses only
(a ``mailto:`` URL, a GitHub issue-form URL); the markup is theme/catalog/interest.html.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from pydantic import BaseModel, ConfigDict, ValidationError

from generator.model.formats import Email, HttpUrl, Text
from generator.site.i18n import translate

ISSUE_TEMPLATE = "express-interest.yml"
"""The issue form in .github/ISSUE_TEMPLATE/; its ``entry`` input is pre-filled."""


class Office(BaseModel):
    """The campaign office, as mkdocs.yml describes it under the plugin's ``office``."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    name: Text
    """The office's name in English."""
    name_zh: Text | None = None
    """The office's name in Chinese (default: the English name)."""
    email: Email
    """E-mail address that receives "Express interest" messages."""
    phone: Text | None = None
    """Telephone number, with country code."""
    address: Text | None = None
    """Postal address in English."""
    address_zh: Text | None = None
    """Postal address in Chinese (default: the English address)."""
    wechat_qr: Text | None = None
    """The WeChat official account's QR code: an image's path in docs_dir."""
    platform_url: HttpUrl | None = None
    """The national "university–enterprise cooperation" platform."""
    form_url: HttpUrl | None = None
    """An online form for submitting a resource or demand, if the office has one."""
    repository: HttpUrl | None = None
    """The site's repository, e.g. https://github.com/owner/repo: an issue form there
    is the second "Express interest" route."""
    placeholder: bool = False
    """True while the values are examples: the pages say so next to them."""

    def text(self, language: str) -> dict[str, str | None]:
        """Name and address in ``language``."""
        if language == "zh":
            return {
                "name": self.name_zh or self.name,
                "address": self.address_zh or self.address,
            }
        return {"name": self.name, "address": self.address}


class OfficeError(ValueError):
    """A malformed ``office`` option; the message names each bad key."""


def parse_office(options: dict[str, Any] | None) -> Office | None:
    """The ``office`` option as an Office (None when not configured). Every problem is
    reported at once, each as ``office.<key>: <what is wrong>``."""
    if not options:
        return None
    try:
        return Office.model_validate(options)
    except ValidationError as error:
        lines = []
        for problem in error.errors():
            key = ".".join(str(part) for part in ("office", *problem["loc"]))
            given = problem.get("input")
            if problem["type"] == "string_pattern_mismatch":
                what = (
                    "not a valid e-mail address"
                    if key == "office.email"
                    else "not an http(s) address"
                )
                lines.append(f"{key}: {what}: {given!r}")
            elif problem["type"] == "extra_forbidden":
                allowed = ", ".join(Office.model_fields)
                lines.append(f"{key}: unknown setting (allowed: {allowed})")
            else:
                lines.append(f"{key}: {problem['msg']}")
        raise OfficeError("; ".join(lines)) from None


def interest_subject(entry_id: str, title: str, language: str) -> str:
    """The e-mail's subject: the entry's id and title."""
    return translate("Express interest: {title} [{id}]", language, title=title, id=entry_id)


def interest_body(entry_id: str, title: str, url: str | None, language: str) -> str:
    """A short letter to fill in, in the page's language."""
    lines = [
        translate("Hello,", language),
        "",
        translate("I am interested in “{title}” ({id}).", language, title=title, id=entry_id),
    ]
    if url:
        lines.append(url)
    lines += [
        "",
        translate("Who I am:", language),
        translate("My organization:", language),
        translate("What I propose:", language),
        "",
        translate("Best regards,", language),
    ]
    return "\r\n".join(lines)


def mailto(address: str, subject: str, body: str) -> str:
    """A ``mailto:`` URL (RFC 6068): percent-encoded UTF-8, spaces as %20, not '+'."""
    query = urlencode({"subject": subject, "body": body}, quote_via=quote)
    return f"mailto:{address}?{query}"


def issue_form(repository: str, entry_id: str, subject: str) -> str:
    """The repository's "Express interest" issue form, pre-filled with the entry."""
    query = urlencode(
        {"template": ISSUE_TEMPLATE, "entry": entry_id, "title": subject}, quote_via=quote
    )
    return f"{repository.rstrip('/')}/issues/new?{query}"


def interest_routes(
    office: Office | None, entry_id: str, title: str, url: str | None, language: str
) -> dict[str, str] | None:
    """The "Express interest" addresses of an entry: ``mailto`` and, with a repository,
    ``issue``. None without an office."""
    if office is None:
        return None
    subject = interest_subject(entry_id, title, language)
    routes = {
        "mailto": mailto(office.email, subject, interest_body(entry_id, title, url, language))
    }
    if office.repository:
        routes["issue"] = issue_form(office.repository, entry_id, subject)
    return routes
