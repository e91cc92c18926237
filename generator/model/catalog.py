"""The loaded catalog: entries of each type, their sources, and derived links."""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from generator.model import formats as models
from generator.model import reads
from generator.model.source_doc import SourceDoc

LANGUAGES = ("en", "zh")
"""The site's languages: English at /, Chinese at /zh/. English is the catalog's
required language; Chinese texts sit in each file's `zh:` block."""

ZH_PREFIX = "zh/"


def zh_uri(src_uri: str) -> str:
    """The Chinese counterpart of a docs-relative path: 'resources/x.md' → 'zh/resources/x.md'."""
    return src_uri if src_uri.startswith(ZH_PREFIX) else ZH_PREFIX + src_uri


def language_of(src_uri: str) -> str:
    """'zh' for a page under zh/, else 'en'."""
    return "zh" if src_uri.startswith(ZH_PREFIX) else "en"


def _field(model: Any, name: str) -> Any:
    """A model's field, None when it has no such field. (Asking a pydantic model for a
    field it does not have goes through an exception, and every page asks.)"""
    return model.__dict__.get(name) if model is not None else None


@dataclass(frozen=True)
class Texts:
    """An entry's texts as one language's page shows them.

    Where the page's language has no text for a key, the other language's text is used
    and the key is listed in ``missing`` (the templates show a notice)."""

    language: str
    title: str
    summary: str | None = None
    description: str = ""
    short_name: str | None = None
    location: str | None = None
    missing: tuple[str, ...] = ()

    @property
    def fallback(self) -> bool:
        return bool(self.missing)

    @property
    def untranslated(self) -> bool:
        """True when nothing at all is translated (the title is missing)."""
        return "title" in self.missing or "name" in self.missing


# The keys besides the title (or name) whose Chinese text counts as missing when the
# English one is given: the Chinese page then shows the English text, and
# `campaign validate --missing-translation` reports it.
TRANSLATED_KEYS = ("summary", "description", "short_name")


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


_OWN = frozenset(("model", "refs", "type", "id", "source", "_texts", "_sort_key"))
"""An entry's own attributes: never looked up in its model."""


@dataclass(eq=False)
class Entry:
    """A validated catalog entry; attribute access falls through to its model."""

    type: EntryType
    id: str
    model: Any
    source: SourceDoc
    refs: dict[str, list[Entry]] = field(default_factory=dict)
    """Reverse links filled in by ``links.derive``, e.g. an organization's 'resources'."""
    _texts: dict[str, Texts] = field(default_factory=dict, repr=False)
    """``text``'s results by language; they depend on ``model`` alone, so the loader
    hands the entries of one model the same dict (``load.cache.FileResult.texts``)."""
    _sort_key: tuple[str, str] | None = field(default=None, repr=False)
    """``sort_key``, once worked out (every listing and the matching sort by it)."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in _OWN:
            raise AttributeError(name)
        return getattr(self.model, name)

    @property
    def title_key(self) -> str:
        """'name' for organizations, 'title' for everything else."""
        return "title" if "title" in self.model.__dict__ else "name"

    @property
    def zh_title(self) -> str | None:
        """The Chinese title (or name), if the entry has one."""
        zh = self.model.zh
        return getattr(zh, self.title_key, None) if zh is not None else None

    def text(self, language: str = "en") -> Texts:
        """Title, summary, description… as a page in ``language`` shows them."""
        found = self._texts.get(language)
        if found is None:
            found = self._texts[language] = self._make_texts(language)
        return found

    def _make_texts(self, language: str) -> Texts:
        m = self.model
        key = self.title_key
        english = {
            key: self.label,
            "summary": _field(m, "summary"),
            "description": m.description or "",
            "short_name": _field(m, "short_name"),
            "location": _field(m, "location"),
        }
        values = dict(english)
        missing: list[str] = []
        if language == "zh":
            zh = m.zh
            for name in english:
                translated = _field(zh, name)
                if translated:
                    values[name] = translated
                elif english[name] and name in (key, *TRANSLATED_KEYS):
                    missing.append(name)
        return Texts(
            language,
            title=values[key] or "",
            summary=values["summary"],
            description=values["description"] or "",
            short_name=values["short_name"],
            location=values["location"],
            missing=tuple(missing),
        )

    @property
    def src_uri(self) -> str:
        return f"{self.type.plural}/{self.id}.md"

    @property
    def label(self) -> str:
        """The name a visitor reads: title for entries, name for organizations."""
        return _field(self.model, "title") or self.model.name

    @property
    def sort_key(self) -> tuple[str, str]:
        # the model is frozen, and the id is the file's name
        if self._sort_key is None:
            self._sort_key = (self.label.casefold(), self.id)
        return self._sort_key


@dataclass(eq=False)
class NewsTranslation:
    """The Chinese version of a release: content/zh/news/<name>.md."""

    src_uri: str
    meta: models.NewsMetaZh
    source: SourceDoc


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
    body: str = ""
    """The release's Markdown after the front matter (the Chinese site shows it when
    there is no Chinese version)."""
    zh: NewsTranslation | None = None

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def zh_src_uri(self) -> str:
        return zh_uri(self.src_uri)

    def text(self, language: str = "en") -> Texts:
        """Headline and summary as a page in ``language`` shows them."""
        if language == "zh" and self.zh is not None:
            zh = self.zh.meta
            missing = ("summary",) if self.meta.summary and not zh.summary else ()
            return Texts(language, zh.title, zh.summary or self.meta.summary, missing=missing)
        missing = ("title",) if language == "zh" else ()
        return Texts(language, self.meta.title, self.meta.summary, missing=missing)

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
    taxonomy_doc: SourceDoc | None = None
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


# What a page reads of the catalog, while `mkdocs serve` records it (``reads``). What
# names an entry or a release (its id, type, address) is no read of its data; its refs
# are apart from the rest, which comes from its file.
_get = object.__getattribute__
_NAMES = frozenset(("id", "type", "src_uri", "zh_src_uri"))


def _entry_read(entry: Entry, name: str) -> reads.Key | None:
    if name in _NAMES:
        return None
    node = ("entry", _get(entry, "type").plural, _get(entry, "id"))
    return ("refs", node) if name == "refs" else node


def _news_read(item: NewsItem, name: str) -> reads.Key | None:
    if name in _NAMES:
        return None
    node = ("news", _get(item, "src_uri"))
    return ("refs", node) if name == "refs" else node


reads.track(Entry, _entry_read)
reads.track(NewsItem, _news_read)
reads.track(Catalog, lambda catalog, name: ("catalog", name))
