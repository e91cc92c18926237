"""The catalog format: one pydantic model per file kind.

These models are the single source of truth for both validation and the JSON Schemas
that editors use (``campaign schema``); a field's docstring becomes its description.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,79}$"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
REFERENCE_KEYS = frozenset(
    {"organization", "parent", "hosts", "participants", "projects", "fields", "conferences"}
    | {"conference", "organizations"}
)
"""Keys of catalog files and news front matter whose values are ids of other entries.
A value there that is not an id is reported by the cross-file check (``references``),
which can suggest the id of an entry named by its name or title."""
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
HttpUrl = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^https?://[^\s<>\"]+$")]
# An address as people write them (a subset of RFC 5322, like HTML's type=email): it
# becomes a mailto: link on the site, so no spaces, quotes, '/', '?' or scheme tricks.
Email = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True,
        pattern=r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
        r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$",
    ),
]

OrganizationKind = Literal["enterprise", "university", "institute", "government", "other"]
ConferenceFormat = Literal["online", "offline", "hybrid"]
DatePrecision = Literal["day", "month", "year"]
ResourceKind = Literal[
    "equipment",
    "facility",
    "testing",
    "technology",
    "platform",
    "data",
    "expertise",
    "funding",
    "other",
]
Cooperation = Literal[
    "joint-rd", "license", "purchase", "testing", "consulting", "talent", "investment", "other"
]
DemandStatus = Literal["open", "in-negotiation", "matched", "closed"]
Seeking = Literal[
    "investment", "partner", "application-scenario", "production", "testing", "talent"
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=True)


class FieldDef(_Model):
    name: Text
    """English name of the technical field."""
    name_zh: Text | None = None
    """Chinese name of the field."""
    description: str | None = None
    """One sentence on what the field covers."""


class Taxonomy(_Model):
    fields: dict[Id, FieldDef] = Field(min_length=1)
    """Technical fields, by id; entries name their fields by these ids."""


class Contact(_Model):
    name: Text | None = None
    """Person or office to contact."""
    email: Email | None = None
    """E-mail address."""
    phone: Text | None = None
    """Telephone number, with country code for callers abroad."""
    url: HttpUrl | None = None
    """Web page for enquiries (http or https)."""
    hidden: bool = False
    """True keeps this contact off the website and out of its search. It stays in this
    file, which anyone can read in the public repository."""


Summary = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


class OrganizationZh(_Model):
    """The Chinese version of an organization's texts."""

    name: Text | None = None
    """Full Chinese name."""
    short_name: Text | None = None
    """Chinese abbreviation, e.g. 航天科工."""
    description: str = ""
    """About the organization, in Chinese Markdown."""


class ConferenceZh(_Model):
    """The Chinese version of a conference's texts."""

    title: Text | None = None
    """Chinese title."""
    location: Text | None = None
    """Venue or city, in Chinese."""
    summary: Summary | None = None
    """One or two plain-text sentences in Chinese, at most 300 characters."""
    description: str = ""
    """Programme and outcomes, in Chinese Markdown."""


class EntryZh(_Model):
    """The Chinese version of a resource's, demand's or project's texts."""

    title: Text | None = None
    """Chinese title."""
    summary: Summary | None = None
    """Chinese summary: plain text, at most 300 characters."""
    description: str = ""
    """Full description in Chinese Markdown."""


class Organization(_Model):
    name: Text
    """Full English name."""
    zh: OrganizationZh | None = None
    """Chinese translation: name, short_name, description. Shown on the Chinese site
    (/zh/); where it is missing, the English text is shown with a notice."""
    kind: OrganizationKind
    """What sort of organization this is."""
    parent: Id | None = None
    """Id of the organization this one belongs to (e.g. an institute's academy)."""
    short_name: Text | None = None
    """Abbreviation used in listings, e.g. CASIC."""
    location: Text | None = None
    """City or region."""
    website: HttpUrl | None = None
    """Home page (http or https)."""
    description: str = ""
    """About the organization, in Markdown."""
    sample: bool = False
    """True for an illustrative entry that is not real; shown with a 'Sample' badge."""


class Attendees(_Model):
    """A head count and whether it is an estimate: ``{value: 40, approximate: false}``."""

    value: int = Field(ge=0, strict=True)
    """Number of people who took part."""
    approximate: bool = True
    """True (the default) when the number is an estimate ("nearly 100"): pages, listings
    and the export then say "about 100". False for an exact count."""


def _head_count(value: object) -> object:
    """A plain number is an estimate, as it always was: ``100`` means ``{value: 100}``."""
    if isinstance(value, bool) or not isinstance(value, int | dict | Attendees | None):
        raise ValueError("write a whole number, or {value: 100, approximate: true} for an estimate")
    return {"value": value} if isinstance(value, int) else value


ATTENDEES_SCHEMA = {
    "anyOf": [
        {"type": "integer", "minimum": 0},
        {
            "type": "object",
            "properties": {
                "value": {"type": "integer", "minimum": 0, "description": "Number of people."},
                "approximate": {
                    "type": "boolean",
                    "default": True,
                    "description": "True (default) for an estimate; false for an exact count.",
                },
            },
            "required": ["value"],
            "additionalProperties": False,
        },
        {"type": "null"},
    ]
}


class Conference(_Model):
    title: Text
    """Title of the matchmaking conference."""
    zh: ConferenceZh | None = None
    """Chinese translation: title, location, summary, description. Shown on the Chinese
    site (/zh/); where it is missing, the English text is shown with a notice."""
    date: dt.date
    """Day the conference took place or will take place (YYYY-MM-DD)."""
    date_precision: DatePrecision = "day"
    """How much of `date` is known: 'month' or 'year' when the exact day is not."""
    hosts: list[Id] = Field(min_length=1)
    """Ids of the organizations that held the conference."""
    format: ConferenceFormat | None = None
    """Online, offline or hybrid."""
    location: Text | None = None
    """Venue or city; for an online conference, the platform."""
    attendees: Annotated[
        Attendees | None, BeforeValidator(_head_count), WithJsonSchema(ATTENDEES_SCHEMA)
    ] = None
    """Number of people who took part, an estimate unless said otherwise: a plain number
    ("about 100" on the site), or `{value: 40, approximate: false}` for an exact count."""
    online_url: HttpUrl | None = None
    """Address where an online or hybrid conference took place or is announced."""
    participants: list[Id] = []
    """Ids of the organizations that took part (besides the hosts)."""
    projects: list[Id] = []
    """Ids of the team projects presented."""
    summary: str | None = Field(default=None, max_length=300)
    """One or two plain-text sentences for listings."""
    pushed_to_platform: int | None = Field(default=None, ge=0, strict=True)
    """Resources and demands pushed to the national platform after the conference, as a
    lower bound: the campaign's reports give "more than N", and pages say so."""
    description: str = ""
    """Programme and outcomes, in Markdown."""
    sample: bool = False
    """True for an illustrative entry that is not real."""

    @property
    def attendance(self) -> Attendees | None:
        """``attendees``, however it was written (a number or with its qualifier)."""
        return self.attendees


class _Entry(_Model):
    title: Text
    """Short descriptive title."""
    zh: EntryZh | None = None
    """Chinese translation: title, summary, description. Shown on the Chinese site
    (/zh/); where it is missing, the English text is shown with a notice."""
    summary: Summary
    """Plain text, at most 300 characters: shown in listings and search results."""
    organization: Id
    """Id of the organization offering or asking (for a project, the team's university)."""
    fields: list[Id] = Field(min_length=1)
    """Ids of technical fields from catalog/taxonomy.yaml (at least one)."""
    keywords: list[Text] = []
    """Free keywords that help search, in any language."""
    conferences: list[Id] = []
    """Ids of the conferences where this was presented."""
    contact: Contact | None = None
    """Who to contact."""
    description: str = ""
    """Full description, in Markdown."""
    published: dt.date | None = None
    """Date the entry was first published (YYYY-MM-DD); when left out, the date of the
    first conference where it was presented. The 'over time' charts count from it."""
    published_precision: DatePrecision = "day"
    """How much of `published` is known: 'month' or 'year' when the exact day is not."""
    updated: dt.date | None = None
    """Date of the last meaningful change (YYYY-MM-DD)."""
    sample: bool = False
    """True for an illustrative entry that is not real; shown with a 'Sample' badge."""


class Resource(_Entry):
    kind: ResourceKind = "other"
    """What is offered."""


class Demand(_Entry):
    cooperation: Cooperation = "other"
    """The kind of cooperation sought."""
    deadline: dt.date | None = None
    """Last day for proposals (YYYY-MM-DD)."""
    status: DemandStatus = "open"
    """Where the demand stands."""


class Project(_Entry):
    team: Text | None = None
    """Name of the university team."""
    leader: Text | None = None
    """Team leader."""
    trl: int | None = Field(default=None, ge=1, le=9, strict=True)
    """Technology readiness level, 1 (basic principles) to 9 (proven in operation)."""
    seeking: list[Seeking] = []
    """What the team is looking for."""


class NewsMeta(_Model):
    """Front matter of a news release in content/news/."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=True)

    title: Text
    """Headline."""
    date: dt.date
    """Publication date (YYYY-MM-DD)."""
    conference: Id | None = None
    """Id of the conference the release is about."""
    organizations: list[Id] = []
    """Ids of the organizations it mentions."""
    summary: str | None = Field(default=None, max_length=300)
    """One or two plain-text sentences for the news index."""
    sample: bool = False
    """True for an illustrative release."""
    image: Text | None = None
    """Picture shown with the release: a path relative to the release file (or, with a
    leading '/', to the docs folder), or an http(s):// address."""
    image_alt: Text | None = None
    """What the picture shows, for visitors who cannot see it; required with `image`."""
    tags: list[Text] = []
    """Topics, shown with the release and as categories in the news feed."""
    # Keys MkDocs and Material read from front matter themselves.
    template: str | None = None
    description: str | None = None
    hide: list[str] = []
    search: dict[str, object] | None = None


class NewsMetaZh(_Model):
    """Front matter of the Chinese version of a release: content/zh/news/<name>.md.

    Date, conference, organizations, image and sample come from the English release of
    the same name (content/news/<name>.md) and are not repeated here."""

    title: Text
    """Chinese headline."""
    summary: str | None = Field(default=None, max_length=300)
    """One or two plain-text sentences in Chinese for the news index."""
    image_alt: Text | None = None
    """What the English release's picture shows, in Chinese."""
    tags: list[Text] = []
    """Topics in Chinese; when left out, the English release's tags are shown."""
    # Keys MkDocs and Material read from front matter themselves.
    template: str | None = None
    description: str | None = None
    hide: list[str] = []
    search: dict[str, object] | None = None
