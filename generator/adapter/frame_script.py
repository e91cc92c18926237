"""The frame's parts that only work with JavaScript, in one cached script per language.

Material writes its colour-scheme toggles and its search box into every page, and the
navigation drawer repeats the tabs: about 4 KB of a 20 KB entry page, the same on every
page of a language but for the links' depth. Its scope and storage helpers, its
configuration, the back-to-top button and the content-tab scripts were another 1.1 KB.
``theme/partials/campaign-frame.js`` renders them once per language; the script is
added to the site's files under a name with its digest, and
``theme/partials/header.html`` loads it where they were
(``campaign_frame``: language → the file's path from the site root).
"""

from __future__ import annotations

import hashlib
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from generator.model.catalog import LANGUAGES
from generator.site.html_whitespace import collapse_whitespace

TEMPLATE = "partials/campaign-frame.js"
NAME = "assets/javascripts/campaign-frame.{language}.{digest}.js"
ROOT_MARK = "@campaign-root@"
"""Where the parts' links start: the script puts the page's way to the site root there.
A base_url MkDocs's ``url`` filter joins paths to like any other (``mark/assets/…``)."""


def add_frame_script(env: Any, *, config: MkDocsConfig, files: Files) -> dict[str, str]:
    """Write each language's frame script into ``files`` and name them to ``env``'s
    templates. Runs after ``add_icon_sprite``: the parts draw their icons from it."""
    template = env.get_template(TEMPLATE)
    scripts: dict[str, str] = {}
    for language in LANGUAGES:
        text = template.render(
            config=config,
            page=None,
            base_url=ROOT_MARK,
            mark=ROOT_MARK,
            # the partials write into a page what the script does not take over
            campaign_frame=None,
            collapse=collapse_whitespace,
            language=language,
            features=config.theme.get("features") or [],
        )
        data = text.encode("utf-8")
        path = NAME.format(language=language, digest=hashlib.sha256(data).hexdigest()[:8])
        if files.get_file_from_path(path) is None:
            files.append(File.generated(config, path, content=data))
        scripts[language] = path
    env.globals["campaign_frame"] = scripts
    return scripts
