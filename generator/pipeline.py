"""The catalog build, stage by stage: what `campaign` and the MkDocs adapter both run.

    check     load      catalog YAML and news front matter → validated models
              refs      every id a file names exists; names get "did you mean …?"
              zh        missing Chinese translations, at the level asked for
    derive    links     reverse links (an organization's entries, a conference's news)
              date      the build date (SOURCE_DATE_EPOCH, for reproducible builds)
              stats     every number the charts show
              matches   suggested partners
    site      plans     each page to render, with its template and data
    publish   export    the open data files
              facets    each listing's first filter choice, answered (publish/facet_files.py)

What is left is the engine's: rendering the plans through the theme, the news feeds and
the search index, which read the rendered pages (``generator/adapter/``). Importing this
module imports no MkDocs; the later stages' libraries (Jinja, numpy, jieba) are imported
when a build reaches them, so `campaign validate` starts without them.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.check.problems import Problem, errors
from generator.check.references import check_references
from generator.check.translations import missing_translations
from generator.load.build_date import build_date
from generator.load.cache import LoadCache
from generator.load.loader import load_catalog
from generator.model.catalog import Catalog

if TYPE_CHECKING:
    from generator.derive.match_results import Matches
    from generator.derive.stats import CampaignStats
    from generator.site.page_plans import PagePlan


@dataclass(frozen=True)
class Options:
    """Where the project's parts are, and which stages to run."""

    catalog_dir: str = "catalog"
    docs_dir: str = "content"
    """Relative to the project root (or absolute)."""
    news_dir: str | None = "news"
    """Relative to ``docs_dir``; None: no news releases."""
    missing_translation: str = "off"
    """'off', 'warning' or 'error' (``check.translations.LEVELS``)."""
    page_size: int = 50
    cache: LoadCache | None = None
    """Kept between the builds of one preview: unchanged files are not parsed again."""
    workers: int | None = None
    """Processes that load the catalog (None: decided by its size and the cores)."""
    matches: bool = True
    plans: bool = True
    export: bool = True
    export_formats: tuple[str, ...] = ("json", "csv")
    facet_files: bool = True
    """Write the listings' first-choice files (they serve the Pagefind listing filters)."""
    directory_urls: bool = True
    """MkDocs's ``use_directory_urls``: the addresses the first-choice files give."""


@dataclass
class Checked:
    """The outcome of the check stages."""

    catalog: Catalog
    problems: list[Problem]
    """Problems with the catalog and the news front matter, sorted."""
    translations: list[Problem] = field(default_factory=list)
    """Missing Chinese translations (warnings, or errors at level 'error')."""

    @property
    def ok(self) -> bool:
        return not errors(self.problems) and not errors(self.translations)


class CatalogInvalid(Exception):
    """The check stages found errors; ``checked`` holds them."""

    def __init__(self, checked: Checked) -> None:
        super().__init__("the catalog has errors")
        self.checked = checked


@dataclass
class Site:
    """Everything a build works out before the pages are rendered."""

    checked: Checked
    today: dt.date
    stats: CampaignStats | None = None
    matches: Matches | None = None
    plans: list[PagePlan] = field(default_factory=list)
    export: dict[str, bytes] = field(default_factory=dict)
    facet_files: dict[str, bytes] = field(default_factory=dict)
    """The listings' first-choice files, by path relative to the site root."""
    seconds: dict[str, float] = field(default_factory=dict)
    """How long each stage took ('load', 'matches', …)."""

    @property
    def catalog(self) -> Catalog:
        return self.checked.catalog


def check(root: Path | str, options: Options = Options()) -> Checked:
    """The check stages: load, references, translations."""
    catalog, problems = load_catalog(
        root,
        options.catalog_dir,
        options.docs_dir,
        options.news_dir,
        cache=options.cache,
        workers=options.workers,
    )
    problems += check_references(catalog)
    translations = missing_translations(
        catalog,
        options.missing_translation,
        docs_dir=Path(root) / options.docs_dir,
        docs_rel=options.docs_dir,
    )
    return Checked(catalog, sorted(set(problems)), translations)


def loaded(root: Path | str, **options: Any) -> tuple[Catalog, list[Problem]]:
    """The check stages and the reverse links: a catalog to read, and every problem
    (``options``: fields of ``Options``). For callers that want the catalog itself
    rather than a build: the tests, a notebook."""
    from generator.derive.reverse_links import derive

    checked = check(root, Options(**options))
    derive(checked.catalog)
    return checked.catalog, sorted(checked.problems + checked.translations)


def build(root: Path | str, options: Options = Options()) -> Site:
    """Every stage before rendering. Raises ``CatalogInvalid`` when the check stages
    find errors, and ``load.build_date.BuildDateError`` for a bad SOURCE_DATE_EPOCH."""
    from generator.derive.matching import Matches, compute_matches
    from generator.derive.reverse_links import derive
    from generator.derive.stats import compute
    from generator.publish.export import export_files
    from generator.publish.facet_files import facet_files
    from generator.site.page_plans import plan_pages

    seconds: dict[str, float] = {}
    with _timed(seconds, "load"):
        checked = check(root, options)
    if not checked.ok:
        raise CatalogInvalid(checked)
    catalog = checked.catalog
    derive(catalog)
    site = Site(checked, build_date(), seconds=seconds)
    site.stats = compute(catalog, site.today)
    with _timed(seconds, "matches"):
        site.matches = compute_matches(catalog, site.today) if options.matches else Matches()
    if options.plans:
        site.plans = plan_pages(
            catalog,
            page_size=options.page_size,
            today=site.today,
            first_choice=options.facet_files,
        )
    if options.export:
        site.export = export_files(catalog, site.today, options.export_formats)
    if options.plans and options.facet_files:
        with _timed(seconds, "facets"):
            site.facet_files = facet_files(
                catalog,
                site.today,
                page_size=options.page_size,
                directory_urls=options.directory_urls,
            )
    return site


@contextmanager
def _timed(seconds: dict[str, Any], stage: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    seconds[stage] = time.perf_counter() - start
