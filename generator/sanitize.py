"""Allow-list sanitizing of HTML rendered from contributors' Markdown."""

from __future__ import annotations

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


def clean_html(html: str) -> str:
    """Keep structure and formatting; drop script, handlers, frames, styles, unsafe URLs."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel=None,
        strip_comments=True,
    )


def clean_title(html: str) -> str:
    """A heading's HTML reduced to its text, still escaped: safe wherever a title goes."""
    return nh3.clean(html, tags=set(), strip_comments=True)
