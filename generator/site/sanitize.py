"""Allow-list sanitizing of HTML rendered from contributors' Markdown."""

from __future__ import annotations

import html
import re
from collections.abc import MutableMapping
from typing import Any
from urllib.parse import urlsplit

import nh3

_TAGS = set(nh3.ALLOWED_TAGS) | {
    "details",
    "summary",
    "figure",
    "figcaption",
    "mark",
    "kbd",
    "abbr",
    "div",
    "span",
    "input",
    "label",
    "svg",
    "path",
    "sup",
    "sub",
    "del",
    "ins",
    "dl",
    "dt",
    "dd",
}
_COMMON = {"class", "id", "title", "lang", "dir"}
_ATTRIBUTES = {
    "*": _COMMON,
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start", "type"},
    "details": {"open"},
    # pymdownx.tabbed renders tabs as radio inputs with labels
    "input": {"type", "name", "checked"},
    "label": {"for"},
    # Material's icon shortcodes are inline SVG; paths only, no script-capable elements
    "svg": {"viewbox", "xmlns", "width", "height", "aria-hidden", "focusable"},
    "path": {"d", "fill-rule", "clip-rule"},
}


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    # Ids beginning with "__" are Material's (__config, __search, __drawer…). A copy in
    # a contributor's text comes first in the page, so getElementById would find it
    # instead: `<span id="__config">` could point the site's scripts at another base URL.
    if attribute in ("id", "for") and value.startswith("__"):
        return None
    return value


def clean_html(html: str, site_url: str | None = None) -> str:
    """Keep structure and formatting; drop script, handlers, frames, styles, unsafe URLs.

    Links that leave the site get rel="noopener nofollow ugc"; links within it (relative
    ones, or absolute ones under ``site_url``) are left as they are.
    """
    cleaned = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel=None,
        strip_comments=True,
    )
    return _A_TAG.sub(lambda m: _with_rel(m, site_url), cleaned)


OUTSIDE_REL = "noopener nofollow ugc"
# nh3 serializes every tag the same way: lowercase name, values in double quotes, with
# '"', '<' and '>' inside them escaped, and text with '<' escaped. So this matches each
# opening <a> tag and nothing else, and no attribute value can contain '>'.
_A_TAG = re.compile(r"<a(\s[^>]*)?>")
_HREF = re.compile(r'\shref="([^"]*)"')


def _with_rel(match: re.Match[str], site_url: str | None) -> str:
    attributes = match.group(1) or ""
    href = _HREF.search(attributes)
    if href is None or not is_outside(html.unescape(href.group(1)), site_url):
        return match.group(0)
    return f'<a{attributes} rel="{OUTSIDE_REL}">'


def is_outside(href: str, site_url: str | None) -> bool:
    """Whether a link leads away from the site: an http(s) or protocol-relative URL not
    under ``site_url``. Relative links (what MkDocs makes of links to pages) stay.

    Read as a browser reads it: '\\' counts as '/', and `https:evil.org` without slashes
    still names the host evil.org.
    """
    link = href.strip().replace("\\", "/")
    scheme = _SCHEME.match(link)
    if scheme:
        if scheme.group(1).lower() not in ("http", "https"):
            return False  # mailto:, tel:
        link = link[scheme.end() :]
    elif not link.startswith("//"):
        return False
    target = urlsplit("//" + link.lstrip("/"))
    if site_url:
        own = urlsplit(site_url)
        if target.netloc.lower() == own.netloc.lower() and (
            target.path.rstrip("/") + "/"
        ).startswith(own.path.rstrip("/") + "/"):
            return False
    return True


_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")


def clean_title(html: str) -> str:
    """A heading's HTML reduced to its text, still escaped: safe wherever a title goes."""
    return nh3.clean(html, tags=set(), strip_comments=True)


# Front matter keys MkDocs and Material read as names, not print as text.
_RAW_META = {"template"}


def escape_meta(meta: MutableMapping[str, Any]) -> None:
    """Escape front matter text in place. Material prints `title`, `description` and
    others into HTML as they are (its templates do not autoescape); front matter is
    contributors' plain text, so it is escaped once, here."""
    for key, value in meta.items():
        if key in _RAW_META:
            continue
        if isinstance(value, str):
            meta[key] = html.escape(value)
        elif isinstance(value, list):
            meta[key] = [html.escape(v) if isinstance(v, str) else v for v in value]
