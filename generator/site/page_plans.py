"""Decide which pages the catalog becomes: detail pages and paginated listings.

Each ``PagePlan`` names a source path (the virtual file MkDocs sees), the theme template
that renders it, its title, the Markdown body MkDocs renders into ``page.content`` and
the extra template context. Nothing here produces HTML.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

import yaml

from generator.derive.hierarchy import roots, tree_order
from generator.derive.timeline import split
from generator.load.build_date import build_date
from generator.model.catalog import ENTRY_TYPES, LANGUAGES, ZH_PREFIX, Catalog, Entry, NewsItem
from generator.site.cards import SORTS, static_order
from generator.site.conference_catalog import Group, catalog_groups, catalog_uri
from generator.site.facets import Facet, facet_counts, first_choice_dir, listing_facets
from generator.site.i18n import translate


@dataclass
class Listing:
    """One page of a paginated listing."""

    name: str
    label: str
    items: list[Any]
    total: int
    number: int
    pages: int
    page_size: int
    page_uris: tuple[str, ...]
    """Every page of the listing: one tuple its pages share (a preview's fingerprints
    describe it once for all of them, ``fingerprint.shape``)."""
    facets: tuple[Facet, ...] = ()
    """The listing's filters with their counts over all its entries (the same on each
    of its pages)."""
    sorts: tuple[str, ...] = ()
    """The orders a visitor can choose, the static list's first."""
    first_choice: str = ""
    """The folder of the files that answer a first choice on this listing
    (``facets.first_choice_dir``), relative to the site root; '' when it has none."""

    @property
    def first_index(self) -> int:
        """1-based position of the first item on this page (0 when empty)."""
        return (self.number - 1) * self.page_size + 1 if self.items else 0

    @property
    def last_index(self) -> int:
        return self.first_index + len(self.items) - 1 if self.items else 0

    @property
    def previous_uri(self) -> str | None:
        return self.page_uris[self.number - 2] if self.number > 1 else None

    @property
    def next_uri(self) -> str | None:
        return self.page_uris[self.number] if self.number < self.pages else None


@dataclass
class PagePlan:
    src_uri: str
    template: str
    title: str
    markdown: str = ""
    context: dict[str, Any] = field(default_factory=dict)
    navigable: bool = False
    """Whether mkdocs.yml may put the page in the navigation (listings, timeline,
    statistics); entry pages and later listing pages stay out of it."""
    hide: tuple[str, ...] = ("navigation",)
    """Material's sidebars the page goes without (front matter ``hide``): the navigation
    sidebar would hold a single link beside every catalog page; a listing, whose
    filters take its place, has no table of contents either."""

    def source(self) -> str:
        """The virtual Markdown file: front matter for MkDocs, then the body."""
        meta = {"title": self.title, "template": self.template, "hide": list(self.hide)}
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
        return f"---\n{front}---\n\n{self.markdown}\n"


def listing_uris(name: str, pages: int, prefix: str = "") -> list[str]:
    return [f"{prefix}{name}/index.md"] + [
        f"{prefix}{name}/page/{n}.md" for n in range(2, pages + 1)
    ]


def _prefix(language: str) -> str:
    return ZH_PREFIX if language == "zh" else ""


def plan_listing(
    name: str,
    label: str,
    items: list[Any],
    page_size: int,
    template: str,
    language: str = "en",
    facets: tuple[Facet, ...] = (),
    sorts: tuple[str, ...] = (),
    first_choice: bool = False,
) -> list[PagePlan]:
    """A listing's pages; ``label`` is English and translated for a Chinese listing,
    whose pages go under zh/. ``first_choice``: the build writes the files that answer
    a first choice on it (``Listing.first_choice``)."""
    pages = max(1, math.ceil(len(items) / page_size))
    uris = tuple(listing_uris(name, pages, _prefix(language)))
    label = translate(label, language)
    plans = []
    folder = first_choice_dir(name, language) if first_choice and facets else ""
    for number, uri in enumerate(uris, start=1):
        chunk = items[(number - 1) * page_size : number * page_size]
        listing = Listing(
            name,
            label,
            chunk,
            len(items),
            number,
            pages,
            page_size,
            uris,
            facets,
            sorts,
            folder,
        )
        title = (
            label
            if number == 1
            else translate(
                "{label} (page {number} of {pages})",
                language,
                label=label,
                number=number,
                pages=pages,
            )
        )
        plans.append(
            PagePlan(
                uri,
                template,
                title,
                context={"listing": listing, "language": language},
                navigable=number == 1,
                hide=("navigation", "toc"),
            )
        )
    return plans


@dataclass(frozen=True)
class YearArchive:
    """A year of news releases, for the archive links on the news pages."""

    year: int
    count: int
    src_uri: str


def plan_news(
    news: list[NewsItem], page_size: int, language: str = "en", facets: tuple[Facet, ...] = ()
) -> list[PagePlan]:
    """The news index and one archive per year (/news/2020/), all newest first. The
    index has the filters; a year's archive is a plain list of that year."""
    prefix = _prefix(language)
    years = [(year, list(items)) for year, items in groupby(news, key=lambda n: n.date.year)]
    archives = [
        YearArchive(year, len(items), f"{prefix}news/{year}/index.md") for year, items in years
    ]
    template = "catalog/news-index.html"
    plans = plan_listing("news", "News", news, page_size, template, language, facets, SORTS["news"])
    for year, items in years:
        archive = plan_listing(
            f"news/{year}",
            translate("News from {year}", language, year=year),
            items,
            page_size,
            template,
            language,
        )
        for plan in archive:
            plan.navigable = False
            plan.context["news_year"] = year
        plans += archive
    for plan in plans:
        plan.context["news_years"] = archives
    return plans


def plan_conference_catalogs(
    catalog: Catalog,
    language: str,
    conferences: list[Entry],
    grouped: dict[str, tuple[Group, ...]],
) -> list[PagePlan]:
    """The printable catalog of each conference where entries were presented
    (/conferences/<id>/catalog/, conference_catalog.py). ``grouped``: each conference's
    ``catalog_groups``, the same in both languages."""
    plans = []
    for conf in conferences:
        groups = grouped[conf.id]
        if not groups:
            continue
        plans.append(
            PagePlan(
                _prefix(language) + catalog_uri(conf),
                "catalog/conference-catalog.html",
                translate("Catalog: {title}", language, title=conf.text(language).title),
                context={"conference": conf, "groups": groups, "language": language},
                hide=("navigation", "toc"),
            )
        )
    return plans


def plan_pages(
    catalog: Catalog,
    *,
    page_size: int = 50,
    news_index: bool = True,
    today: dt.date | None = None,
    first_choice: bool = True,
) -> list[PagePlan]:
    """Every generated page of the site, in a stable order.

    ``today`` splits the timeline into past and upcoming conferences; it defaults to
    ``builddate.build_date()``. The English pages come first, then the same pages in
    Chinese under zh/ (see ``plan_language``). ``first_choice``: the build writes the
    listings' first-choice files (publish/facet_files.py), and the listings say where.
    """
    ordered = {t.plural: catalog.sorted(t.plural) for t in ENTRY_TYPES}
    # what both languages' listings share: their order and their filters' counts
    listed = {plural: static_order(entries, plural) for plural, entries in ordered.items()}
    counts = {plural: facet_counts(catalog, plural) for plural in [*ordered, "news"]}
    order = tree_order(catalog)
    # a tuple: a preview's fingerprints describe it once for both languages' pages
    grouped = {c.id: tuple(catalog_groups(c, catalog, order)) for c in ordered["conferences"]}
    tree = roots(catalog)
    news = catalog.news_sorted() if news_index else None
    timeline = split(catalog.conferences.values(), today or build_date())
    plans: list[PagePlan] = []
    for language in LANGUAGES:
        plans += plan_language(
            catalog,
            language,
            ordered,
            tree,
            news,
            timeline,
            page_size,
            first_choice,
            listed=listed,
            counts=counts,
            grouped=grouped,
        )
    return plans


def plan_language(
    catalog: Catalog,
    language: str,
    ordered: dict[str, list[Entry]],
    tree: list[Entry],
    news: list[NewsItem] | None,
    timeline: Any,
    page_size: int,
    first_choice: bool,
    *,
    listed: dict[str, list[Entry]],
    counts: dict[str, Any],
    grouped: dict[str, tuple[Group, ...]],
) -> list[PagePlan]:
    """The generated pages of one language. The Chinese pages are the English ones under
    zh/, with ``language`` in their context and the entries' Chinese texts (or, where
    there are none, the English ones: the templates then show a notice). ``listed``
    (each listing's entries in their first order), ``counts`` (``facet_counts`` of
    each listing) and ``grouped`` (each conference's ``catalog_groups``) are the same
    in both languages: ``plan_pages`` works them out once."""
    prefix = _prefix(language)
    plans: list[PagePlan] = []
    for entry_type in ENTRY_TYPES:
        plural = entry_type.plural
        listing = plan_listing(
            plural,
            entry_type.label_plural,
            listed[plural],
            page_size,
            f"catalog/{plural}.html",
            language,
            listing_facets(catalog, plural, language, counts[plural]),
            SORTS.get(plural, ()),
            first_choice,
        )
        if entry_type.plural == "organizations":
            for plan in listing:
                plan.context["org_roots"] = tree
        plans += listing
        for entry in ordered[entry_type.plural]:
            texts = entry.text(language)
            plans.append(
                PagePlan(
                    prefix + entry.src_uri,
                    f"catalog/{entry_type.name}.html",
                    texts.title,
                    texts.description,
                    {"entry": entry, "language": language, "texts": texts},
                )
            )
    plans += plan_conference_catalogs(catalog, language, ordered["conferences"], grouped)
    if news is not None:
        facets = listing_facets(catalog, "news", language, counts["news"])
        plans += plan_news(news, page_size, language, facets)
        if language == "zh":
            # A release without a Chinese version: its English text, with a notice.
            for item in news:
                if item.zh is None:
                    plans.append(
                        PagePlan(
                            item.zh_src_uri,
                            "catalog/news.html",
                            item.title,
                            item.body,
                            {"news_item": item, "language": language},
                        )
                    )
    plans.append(
        PagePlan(
            f"{prefix}timeline/index.md",
            "catalog/timeline.html",
            translate("Campaign timeline", language),
            context={"timeline": timeline, "language": language},
            navigable=True,
        )
    )
    plans.append(
        PagePlan(
            f"{prefix}statistics/index.md",
            "catalog/statistics.html",
            translate("Statistics", language),
            context={"language": language},
            navigable=True,
        )
    )
    return plans
