"""The catalog's stages for a MkDocs build: ``generator.pipeline.build`` with the
plugin's options, its problems through MkDocs's log, and what the plugin's later events
read of the outcome (``BuiltCatalog``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from generator.adapter.config import PLUGIN_NAME, CatalogPluginConfig
from generator.adapter.serve_cache import ServeCache
from generator.check.problems import Severity, errors, summary
from generator.derive.match_results import Matches
from generator.derive.stats import CampaignStats
from generator.load.build_date import BuildDateError
from generator.model.catalog import Catalog, NewsItem
from generator.pipeline import CatalogInvalid, Checked, Options, build
from generator.publish.export import EXPORT_DIR
from generator.site.page_plans import PagePlan

log = get_plugin_logger(PLUGIN_NAME)


@dataclass
class BuiltCatalog:
    """One build's catalog, worked out before MkDocs reads a file."""

    catalog: Catalog = field(default_factory=Catalog)
    today: dt.date = field(default_factory=dt.date.today)
    stats: CampaignStats | None = None
    matches: Matches = field(default_factory=Matches)
    plans: dict[str, PagePlan] = field(default_factory=dict)
    """src_uri → the catalog page to render there."""
    news_by_uri: dict[str, NewsItem] = field(default_factory=dict)
    """src_uri → the release, for each language's page."""
    export: dict[str, bytes] = field(default_factory=dict)
    """The open data files, by name under ``EXPORT_DIR``."""
    facet_files: dict[str, bytes] = field(default_factory=dict)
    """The listings' first-choice files (``publish/facet_files.py``), by path relative
    to the site root; none with Material's search, which has no listing filters, and
    none in a preview."""


def project_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path or ".").resolve().parent


def build_catalog(
    config: MkDocsConfig, options: CatalogPluginConfig, cache: ServeCache, last: BuiltCatalog
) -> BuiltCatalog:
    """Every stage before rendering; raises ``PluginError`` for an invalid catalog (after
    logging each problem) or a bad SOURCE_DATE_EPOCH."""
    root = project_root(config)
    docs_dir = Path(config.docs_dir).resolve()
    try:
        docs_rel = docs_dir.relative_to(root).as_posix()
    except ValueError:
        docs_rel = str(docs_dir)
    # A preview need not rewrite the whole catalog's open data after every edit (like
    # the search index): the first build's stays.
    keep_export = cache.serving and bool(last.export)
    stages = Options(
        catalog_dir=options.catalog_dir,
        docs_dir=docs_rel,
        news_dir=options.news_dir,
        missing_translation=options.missing_translation,
        page_size=options.page_size,
        # while serving, an edit re-reads the edited files only
        cache=cache.load_cache if cache.serving else None,
        export=not keep_export,
        # A preview goes without: thousands of files to write again at every rebuild,
        # for a search index that stays the first build's; its listings ask Pagefind.
        facet_files=options.search == "pagefind" and not cache.serving,
        directory_urls=config.use_directory_urls,
    )
    try:
        site = build(root, stages)
    except CatalogInvalid as exc:
        report(exc.checked)
        checked = exc.checked
        if errors(checked.problems):
            found = summary(checked.problems, checked.catalog.files_checked)
            raise PluginError(
                f"The catalog is invalid: {found} Run `campaign validate` for the same list."
            ) from None
        raise PluginError(
            f"{len(checked.translations)} Chinese translations are missing (listed "
            "above) and missing_translation is 'error'. Add them, or set "
            "missing_translation to 'warning' or 'off' in mkdocs.yml."
        ) from None
    except BuildDateError as exc:
        raise PluginError(str(exc)) from None
    catalog = site.catalog
    log.info(
        f"Catalog: {sum(len(e) for e in catalog.entries.values())} entries and "
        f"{len(catalog.news)} news releases loaded in {site.seconds['load']:.1f} s"
    )
    report(site.checked)
    assert site.matches is not None
    built = BuiltCatalog(catalog, site.today, site.stats, site.matches)
    built.plans = {p.src_uri: p for p in site.plans}
    built.news_by_uri = {n.src_uri: n for n in catalog.news}
    built.news_by_uri.update({n.zh.src_uri: n for n in catalog.news if n.zh is not None})
    log.info(
        f"Matching: {built.matches.demands_scored} open demands × "
        f"{built.matches.offers_scored} resources and projects in "
        f"{site.seconds['matches']:.1f} s"
    )
    built.facet_files = site.facet_files
    if site.facet_files:
        size = sum(len(data) for data in site.facet_files.values())
        log.info(
            f"Listing filters: {len(site.facet_files)} first-choice files, "
            f"{size / 1e6:.1f} MB, in {site.seconds['facets']:.1f} s"
        )
    if not keep_export:
        built.export = site.export
    else:
        built.export = last.export
        if not cache.export_kept:
            log.info(
                f"Open data ({EXPORT_DIR}/): kept from the first build of this "
                "`mkdocs serve` session; restart it to export the edits"
            )
            cache.export_kept = True
    return built


def report(checked: Checked) -> None:
    """Every problem and missing translation, through MkDocs's log (--strict counts the
    warnings)."""
    for problem in [*checked.problems, *checked.translations]:
        (log.error if problem.severity is Severity.ERROR else log.warning)(problem.format_text())
