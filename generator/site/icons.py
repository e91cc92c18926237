"""The icons of the page frame, drawn from one cached file: the site's SVG sprite.

Material includes each icon of the frame (logo, menu, palette toggles, language,
search, footer arrows, back to top…) into every page as inline
``<svg><path d="…"/></svg>``: the same few kilobytes in each of the site's pages. The
theme's partials draw them instead as ``<svg viewBox><use href="…/icons.HASH.svg#id">``
(``theme/partials/icon.html``), from one file the browser fetches once and caches; its
name carries a digest of its content, so a changed sprite is never served stale.

- ``frame_icons``: which icons the frame's partials can show, given mkdocs.yml;
- ``sprite_icon``: an icon's file as a sprite symbol, or None for one that must stay
  inline;
- ``Sprite``: the symbols by icon name, the file's text and its name.

An icon the sprite does not hold (a page's own icon, a custom icon that does not fit in
a sprite) is included inline by the partial, as Material does.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

SPRITE_NAME = "assets/icons.{digest}.svg"
"""Where the sprite is written, relative to the site root; ``digest`` is the first 8
hex digits of its SHA-256, as in Material's own asset names."""

# Material's default for each theme.icon setting, as its partials write it
# (`config.theme.icon.menu or "material/menu"`).
DEFAULTS: dict[str, str] = {
    "logo": "material/library",
    "menu": "material/menu",
    "alternate": "material/translate",
    "search": "material/magnify",
    "previous": "material/arrow-left",
    "next": "material/arrow-right",
    "close": "material/close",
    "share": "material/share-variant",
    "top": "material/arrow-up",
    "repo": "fontawesome/brands/git-alt",
    "edit": "material/file-edit-outline",
    "view": "material/file-eye-outline",
}

_SVG = re.compile(r"\A\s*<svg\s([^<>]*)>(.*)</svg>\s*\Z", re.S)
_ATTRIBUTE = re.compile(r'([\w:-]+)="([^"<>&]*)"')
_VIEW_BOX = re.compile(r"\A-?[\d.]+(?:[\s,]+-?[\d.]+){3}\Z")
_SVG_NS = "http://www.w3.org/2000/svg"
# What a drawing may not hold to be moved into the sprite: an id (it would clash with
# the symbols' ids, and references to it change meaning), styles and scripts (the
# page's policy governs them inline, the sprite's document is another matter), links.
_NOT_IN_SPRITE = re.compile(r"\bid=|\bstyle\b|<script|href|<svg|<symbol", re.I)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_ID = re.compile(r"\A[A-Za-z0-9][A-Za-z0-9_-]*\Z")


@dataclass(frozen=True)
class FrameSettings:
    """What of mkdocs.yml decides which icons the frame shows: the theme settings
    (``icon``, ``logo``, ``palette``, ``features``), the header's search (``pagefind``,
    ``material`` or None), whether it has a language selector, a repository link, edit
    links, and ``extra.social``."""

    theme: Mapping[str, Any]
    search: str | None = None
    language_selector: bool = False
    repo_url: bool = False
    edit_uri: bool = False
    social: tuple[Mapping[str, Any], ...] = ()


def frame_icons(settings: FrameSettings) -> list[str]:
    """The names of the icons the frame's partials can show with these settings (each
    condition is the partial's own), sorted."""
    icon: Mapping[str, Any] = settings.theme.get("icon") or {}
    features = set(settings.theme.get("features") or ())

    def setting(key: str) -> str:
        return str(icon.get(key) or DEFAULTS[key])

    names = {setting("menu")}
    if not settings.theme.get("logo"):  # partials/logo.html: an image, else the icon
        names.add(setting("logo"))
    palette = settings.theme.get("palette")
    if isinstance(palette, list):  # partials/palette.html: the toggles of a list
        names |= {
            str(option["toggle"]["icon"])
            for option in palette
            if isinstance(option, Mapping)
            and isinstance(option.get("toggle"), Mapping)
            and option["toggle"].get("icon")
        }
    if settings.language_selector:  # partials/alternate.html
        names.add(setting("alternate"))
    if settings.search:  # partials/header.html, campaign-search.html, search.html
        names |= {setting("search"), setting("previous"), setting("close")}
        if settings.search == "material" and "search.share" in features:
            names.add(setting("share"))
    if "navigation.footer" in features:  # partials/footer.html
        names |= {setting("previous"), setting("next")}
    if "navigation.top" in features:  # partials/top.html
        names.add(setting("top"))
    if settings.repo_url:  # partials/source.html
        names.add(setting("repo"))
    if settings.edit_uri:  # partials/actions.html
        if "content.action.edit" in features:
            names.add(setting("edit"))
        if "content.action.view" in features:
            names.add(setting("view"))
    names |= {str(s["icon"]) for s in settings.social if s.get("icon")}  # partials/social.html
    return sorted(names)


@dataclass(frozen=True)
class SpriteIcon:
    name: str
    """The icon's name, as in theme.icon: ``material/menu``."""
    id: str
    """Its symbol's id in the sprite: ``material-menu``."""
    view_box: str
    body: str
    """The drawing: what the icon's ``<svg>`` holds (Material's: one ``<path>``)."""


def sprite_icon(name: str, source: str) -> SpriteIcon | None:
    """The icon ``name`` whose file holds ``source``, as a symbol of the sprite; None
    when it cannot be drawn from the sprite exactly as inline: its ``<svg>`` has
    attributes other than xmlns and viewBox (they would style the drawing differently
    from a ``<symbol>``), or its drawing holds ids, styles, scripts or links."""
    match = _SVG.match(source)
    symbol_id = name.replace("/", "-")
    if match is None or not _ID.match(symbol_id):
        return None
    head, body = match.groups()
    attributes = dict(_ATTRIBUTE.findall(head))
    if _ATTRIBUTE.sub("", head).strip() or set(attributes) - {"xmlns", "viewBox"}:
        return None
    view_box = attributes.get("viewBox", "")
    if attributes.get("xmlns", _SVG_NS) != _SVG_NS or not _VIEW_BOX.match(view_box):
        return None
    if _NOT_IN_SPRITE.search(_COMMENT.sub("", body)):
        return None
    return SpriteIcon(name, symbol_id, view_box, body.strip())


def sprite_icons(names: Iterable[str], read: Callable[[str], str | None]) -> list[SpriteIcon]:
    """The icons of ``names`` that can go into the sprite, in that order; ``read`` gives
    an icon's file (None when the theme has none), and each symbol id is used once."""
    icons: list[SpriteIcon] = []
    for name in names:
        source = read(name)
        icon = sprite_icon(name, source) if source is not None else None
        if icon is not None and all(icon.id != other.id for other in icons):
            icons.append(icon)
    return icons


@dataclass(frozen=True)
class Sprite:
    """The sprite of one build: a Jinja global (``campaign_icons``) for
    ``theme/partials/icon.html``."""

    icons: Mapping[str, SpriteIcon]
    content: bytes
    url: str
    """The file's path from the site root, with the digest of ``content``."""

    @classmethod
    def of(cls, icons: Iterable[SpriteIcon], content: str) -> Sprite:
        """The sprite of ``icons``, written as ``content`` (theme/partials/icon-sprite.html)."""
        data = content.encode("utf-8")
        digest = hashlib.sha256(data).hexdigest()[:8]
        return cls({i.name: i for i in icons}, data, SPRITE_NAME.format(digest=digest))

    def get(self, name: str) -> SpriteIcon | None:
        """The symbol of the icon ``name``, or None: the partial then includes it inline."""
        return self.icons.get(name)
