"""What `mkdocs serve` keeps from one build to the next.

The plugin object lives as long as the server, and MkDocs rebuilds the whole site after
every edit. Kept between those builds:

- the loaded catalog files (``load.cache.LoadCache``): an edit re-reads the edited
  files only;
- compiled templates (``MemoryBytecodeCache``): MkDocs makes a new Jinja environment
  for each build;
- the ``File`` of each page the catalog renders itself (``own_file``): making tens of
  thousands of them is a good part of a rebuild;
- the last build's site folders (``site_reuse.SiteReuse``), and each page's fingerprint
  with what its render read (``site/fingerprint.py``, ``model/reads.py``): a page whose
  fingerprint did not change is not written again; the parts of the fingerprints that
  are digests of unchanged objects (``fingerprint.Memo``);
- the breakdown of each organization and conference (``derive/stats.py``): one whose
  entries' files did not change is the last build's object;
- the first build's open data and search index, which a preview does not redo;
- what the sitemaps in the site folder list (``sitemaps.py``): they are written again
  only when that changes.

``mkdocs build`` keeps nothing: ``ServeCache.serving`` is False and every method that
would keep something does not.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel

from generator.adapter.site_reuse import SiteReuse
from generator.adapter.sitemaps import SitemapReuse
from generator.load.cache import LoadCache
from generator.site.fingerprint import Fingerprints, Memo, tree_state


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept between the builds of one `mkdocs serve` session. Jinja
    checks each template's source against its checksum, so an edited template is
    compiled again."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._store:
            bucket.bytecode_from_string(self._store[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


class ServeCache:
    def __init__(self) -> None:
        self.serving = False
        self.load_cache = LoadCache()
        self.bytecode = MemoryBytecodeCache()
        self.reuse = SiteReuse()
        self.fingerprints = Fingerprints()
        """The fingerprints of the catalog pages in the site folder."""
        self.memo = Memo()
        """What the last build's ``Fingerprinter`` worked out that the next may take over:
        the digests of the catalog's models, the shapes of the entries' texts, the
        pages' plan parts."""
        self.sitemaps = SitemapReuse()
        self.export_kept = False
        """Whether the log has said that the first build's open data is kept."""
        self._own_files: dict[tuple[str, str, bool], File] = {}

    def own_file(self, config: MkDocsConfig, uri: str) -> File:
        """The File of a page the catalog renders itself. MkDocs never reads it, so it
        has no content; ``EXCLUDED`` keeps it out of MkDocs's loop, while MkDocs still
        resolves links to it. While serving, the same object serves every build."""
        key = (uri, config.site_dir, config.use_directory_urls)
        file = self._own_files.get(key) if self.serving else None
        if file is None:
            file = File.generated(config, uri, content="", inclusion=InclusionLevel.EXCLUDED)
            if self.serving:
                self._own_files[key] = file
        file.page = None
        return file


def epoch(config: MkDocsConfig, plugin_options: Any, nav: Any, taxonomy: str, today: str) -> str:
    """What every catalog page depends on (``site/fingerprint.py``): mkdocs.yml, the
    plugin's options, the theme's files, the navigation, the taxonomy and the date."""
    pages = [(p.title, p.url) for p in nav.pages] if nav is not None else []
    return "\n".join(
        [
            Path(config.config_file_path or "").read_text(encoding="utf-8")
            if config.config_file_path
            else "",
            str(config.site_url),
            repr(dict(plugin_options)),
            tree_state([config.theme.custom_dir] if config.theme.custom_dir else []),
            repr(pages),
            taxonomy,
            today,
        ]
    )
