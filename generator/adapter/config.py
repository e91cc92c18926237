"""The plugin's settings in mkdocs.yml (``campaign-catalog:``), checked by MkDocs itself:
a typo or a wrong value is reported with the option's name."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from generator.check.translations import LEVELS
from generator.publish.search_index import SHARD_PAGES
from generator.site.office import Office, OfficeError, parse_office

PLUGIN_NAME = "campaign-catalog"
"""The plugin's name in mkdocs.yml, and its logger's (``get_plugin_logger``)."""


class _AtLeastOne(c.Type):
    def __init__(self, default: int) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        number = super().run_validation(value)
        if number < 1:
            raise c.ValidationError(f"must be at least 1, not {number}")
        return number


class _Positive(c.Type):
    def __init__(self, default: float) -> None:
        super().__init__((int, float), default=default)

    def run_validation(self, value: object) -> float:
        if isinstance(value, bool):
            raise c.ValidationError(f"must be a number, not {value}")
        number = super().run_validation(value)
        if number <= 0:
            raise c.ValidationError(f"must be more than 0, not {number}")
        return number


class _OfficeOption(c.Type):
    """The campaign office's settings, checked by generator/site/office.py."""

    def __init__(self) -> None:
        super().__init__(dict, default={})

    def run_validation(self, value: object) -> Office | None:
        try:
            return parse_office(super().run_validation(value))
        except OfficeError as error:
            raise c.ValidationError(str(error)) from None


class CatalogPluginConfig(base.Config):
    catalog_dir = c.Type(str, default="catalog")
    """Folder of the YAML catalog, relative to mkdocs.yml."""
    news_dir = c.Type(str, default="news")
    """Folder of the news releases, relative to docs_dir."""
    page_size = c.Type(int, default=50)
    """Entries per listing page."""
    search = c.Choice(("pagefind", "material"), default="pagefind")
    """Search engine: 'pagefind' (this project's, in the header and listing facets) or
    'material' (Material's own search plugin, which must then be listed in plugins)."""
    search_shard_pages = _AtLeastOne(default=SHARD_PAGES)
    """Pages per Pagefind search shard; the browser searches the shards side by side,
    which keeps queries that match many pages fast (see search_shards.py)."""
    site_budget_mb = _Positive(default=1000)
    """Largest site a build may write, in MB of 1,000,000 bytes (GitHub Pages publishes
    at most 1 GB): a larger one fails, naming its largest folders (size_check.py)."""
    feed_size = c.Type(int, default=20)
    """Newest news releases in the Atom feed (news/feed.xml)."""
    workers = c.Type(int, default=0)
    """Processes that render the catalog's pages: 0 (default) for one per core on a
    catalog large enough to gain from it, 1 for MkDocs's own process only. Extra
    processes are forked, so they are used on Linux only, and not by `mkdocs serve`
    (generator/processes.py)."""
    missing_translation = c.Choice(LEVELS, default="off")
    """How the build reports entries, releases and pages without a Chinese version:
    'off' (default; `campaign validate` reports them as warnings), 'warning' (fails
    `mkdocs build --strict`) or 'error'. The Chinese pages show the English text with
    a notice either way."""
    site_name_zh = c.Optional(c.Type(str))
    """The site's name on the Chinese pages (default: site_name)."""
    office = _OfficeOption()
    """The campaign office (generator/site/office.py lists its settings): its contact on
    the home and Take part pages, and the "Express interest" route on every entry."""
    frame_script = c.Type(bool, default=True)
    """True (default): the header's colour-scheme toggles and search box, and the
    catalog pages' navigation drawer, come from one cached script per language
    (frame_script.py), which makes every page about 4 KB smaller. False writes them
    into each page as Material does; a visitor with JavaScript sees the same page."""
    own_loop = c.Type(bool, default=True)
    """For tests only: false sends every catalog page through MkDocs's own page loop
    instead of the catalog's (``page_loop.py``), which is slower and must give the same
    pages (tests/test_adapter_internals.py compares them)."""
