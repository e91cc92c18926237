"""The frame's icons from one file (``site/icons.py``): once the theme's environment is
ready (``on_env``), the sprite is rendered from ``theme/partials/icon-sprite.html``,
added to the site's files under a name with its digest, and handed to the templates as
``campaign_icons`` (``theme/partials/icon.html`` draws from it)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jinja2 import TemplateError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from generator.site.icons import FrameSettings, Sprite, frame_icons, sprite_icons

SPRITE_TEMPLATE = "partials/icon-sprite.html"
THEME_KEYS = ("icon", "logo", "palette", "features")
"""The theme settings that decide which icons the frame shows (``FrameSettings``)."""


def add_icon_sprite(env: Any, *, config: MkDocsConfig, files: Files) -> Sprite:
    """Write this build's sprite into ``files`` and give it to ``env``'s templates.
    Runs after ``template_env.install``: it reads the globals the header tests
    (``campaign_search``, ``language_links``)."""
    icons = sprite_icons(frame_icons(frame_settings(env, config)), lambda n: _icon(env, n))
    sprite = Sprite.of(icons, env.get_template(SPRITE_TEMPLATE).render(icons=icons))
    if files.get_file_from_path(sprite.url) is None:
        files.append(File.generated(config, sprite.url, content=sprite.content))
    env.globals["campaign_icons"] = sprite
    return sprite


def frame_settings(env: Any, config: MkDocsConfig) -> FrameSettings:
    """What of this build's configuration decides the frame's icons, as the partials
    read it."""
    search: str | None = None
    if env.globals.get("campaign_search") == "pagefind":
        search = "pagefind"
    elif "material/search" in config.plugins:
        plugin = config.plugins["material/search"]
        search = "material" if getattr(plugin.config, "enabled", True) else None
    social = config.extra.get("social") or ()
    return FrameSettings(
        theme={key: config.theme.get(key) for key in THEME_KEYS},
        search=search,
        language_selector=bool(env.globals.get("language_links")),
        repo_url=bool(config.repo_url),
        edit_uri=bool(config.edit_uri or config.edit_uri_template),
        social=tuple(s for s in social if isinstance(s, Mapping)),
    )


def _icon(env: Any, name: str) -> str | None:
    """The icon ``name`` as Material's ``{% include ".icons/" ~ name ~ ".svg" %}`` writes
    it (a custom_dir's ``.icons/`` first); None when the theme has no such icon, which
    the partial then fails to include just as Material's would."""
    try:
        return str(env.get_template(f".icons/{name}.svg").render())
    except TemplateError:
        return None
