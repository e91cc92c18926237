"""The loaded catalog: entries of each type, their sources, and derived links."""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from . import models
from .sources import SourceDoc


@dataclass(frozen=True)
class EntryType:
    """One kind of catalog file: where it lives, how it validates, how it is named."""

    name: str
    plural: str
    model: type[BaseModel]
    label: str
    label_plural: str

    @property
    def folder(self) -> str:
        return self.plural


RESOURCE = EntryType("resource", "resources", models.Resource, "Resource", "Resources")
DEMAND = EntryType("demand", "demands", models.Demand, "Demand", "Demands")
PROJECT = EntryType("project", "projects", models.Project, "Project", "Projects")
ORGANIZATION = EntryType(
    "organization", "organizations", models.Organization, "Organization", "Organizations"
)
CONFERENCE = EntryType("conference", "conferences", models.Conference, "Conference", "Conferences")

ENTRY_TYPES: tuple[EntryType, ...] = (RESOURCE, DEMAND, PROJECT, ORGANIZATION, CONFERENCE)
OFFER_TYPES: tuple[EntryType, ...] = (RESOURCE, DEMAND, PROJECT)
TYPES_BY_NAME = {t.name: t for t in ENTRY_TYPES}


@dataclass(eq=False)
class Entry:
    """A validated catalog entry; attribute access falls through to its model."""

    type: EntryType
    id: str
    model: Any
    source: SourceDoc
    refs: dict[str, list[Entry]] = field(default_factory=dict)
    """Reverse links filled in by ``links.derive``, e.g. an organization's 'resources'."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("model", "refs", "type", "id", "source"):
            raise AttributeError(name)
        return getattr(self.model, name)

    @property
    def src_uri(self) -> str:
        return f"{self.type.plural}/{self.id}.md"

    @property
    def label(self) -> str:
        """The name a visitor reads: title for entries, name for organizations."""
        return getattr(self.model, "title", None) or self.model.name

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.label.casefold(), self.id)


@dataclass(eq=False)
class NewsItem:
    """A news release in content/news/, known by its front matter."""

    id: str
    src_uri: str
    meta: models.NewsMeta
    source: SourceDoc
    refs: dict[str, list[Any]] = field(default_factory=dict)
    """Filled in by ``links.derive``: 'conference', 'organizations', and 'older' / 'newer'
    (the neighbouring releases by date, at most one each)."""

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def sample(self) -> bool:
        return self.meta.sample

    @property
    def image_src(self) -> str | None:
        """The front matter image as a docs-relative path (or an absolute URL)."""
        image = self.meta.image
        if not image or "://" in image:
            return image
        if image.startswith("/"):
            return posixpath.normpath(image.lstrip("/"))
        return posixpath.normpath(posixpath.join(posixpath.dirname(self.src_uri), image))

    @property
    def date(self) -> dt.date:
        return self.meta.date


@dataclass
class Catalog:
    taxonomy: models.Taxonomy | None = None
    entries: dict[str, dict[str, Entry]] = field(
        default_factory=lambda: {t.plural: {} for t in ENTRY_TYPES}
    )
    news: list[NewsItem] = field(default_factory=list)
    files_checked: int = 0
    docs: dict[str, list[SourceDoc]] = field(
        default_factory=lambda: {t.plural: [] for t in ENTRY_TYPES}
    )
    """Every parsed catalog file, valid or not, for checks that read plain data."""
    news_docs: list[SourceDoc] = field(default_factory=list)
    file_ids: dict[str, set[str]] = field(
        default_factory=lambda: {t.plural: set() for t in ENTRY_TYPES}
    )
    """Ids of every file found, valid or not: a reference to an invalid entry is not
    reported again as a missing one."""

    @property
    def fields(self) -> dict[str, models.FieldDef]:
        return self.taxonomy.fields if self.taxonomy else {}

    @property
    def organizations(self) -> dict[str, Entry]:
        return self.entries["organizations"]

    @property
    def conferences(self) -> dict[str, Entry]:
        return self.entries["conferences"]

    @property
    def resources(self) -> dict[str, Entry]:
        return self.entries["resources"]

    @property
    def demands(self) -> dict[str, Entry]:
        return self.entries["demands"]

    @property
    def projects(self) -> dict[str, Entry]:
        return self.entries["projects"]

    def sorted(self, plural: str) -> list[Entry]:
        """Entries of one type in the order listings show them."""
        items = list(self.entries[plural].values())
        if plural == "conferences":
            return sorted(items, key=lambda e: (e.model.date, e.id), reverse=True)
        return sorted(items, key=lambda e: e.sort_key)

    def news_sorted(self) -> list[NewsItem]:
        return sorted(self.news, key=lambda n: (n.date, n.id), reverse=True)

    def counts(self) -> dict[str, int]:
        counts = {t.plural: len(self.entries[t.plural]) for t in ENTRY_TYPES}
        counts["news"] = len(self.news)
        return counts
