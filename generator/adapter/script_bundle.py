"""The catalog's scripts of every page, in one cached file.

Every page loaded four scripts of the theme (the contact button, Pagefind's access, the
header's search and the listing filters): four requests on a first visit, about 300
bytes of tags in each page, and names a browser could keep in its cache after a deploy
changed them. Once the theme's files are known (``on_env``), they are joined in that
order into ``assets/javascripts/campaign.<digest>.js``, which theme/main.html loads
(``campaign_scripts``: the file's path from the site root). The single files stay in
the site for a template that names them.
"""

from __future__ import annotations

import hashlib
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

FOLDER = "assets/javascripts/"
SCRIPTS = (
    "campaign-contact.js",
    "campaign-pagefind.js",
    "campaign-search.js",
    "campaign-facets.js",
)
SEARCH_SCRIPTS = SCRIPTS[1:]
"""Only with the catalog's Pagefind search."""
NAME = FOLDER + "campaign.{digest}.js"


def add_script_bundle(env: Any, *, config: MkDocsConfig, files: Files, search: str) -> str:
    """Write the bundle into ``files`` and name it to ``env``'s templates."""
    parts = []
    for name in SCRIPTS:
        if name in SEARCH_SCRIPTS and search != "pagefind":
            continue
        file = files.get_file_from_path(FOLDER + name)
        if file is None:
            raise PluginError(f"the theme has no {FOLDER + name}, which every page loads")
        parts.append(f"/* {name} */\n".encode() + file.content_bytes.strip())
    # each script is a statement of its own: `})()` then `(function` would be a call
    data = b";\n".join(parts) + b"\n"
    path = NAME.format(digest=hashlib.sha256(data).hexdigest()[:8])
    if files.get_file_from_path(path) is None:
        files.append(File.generated(config, path, content=data))
    env.globals["campaign_scripts"] = path
    return path
