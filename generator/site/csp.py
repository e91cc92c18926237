"""The Content-Security-Policy of the built pages.

GitHub Pages sets no response headers, so the policy travels in each page as
`<meta http-equiv="Content-Security-Policy">`, first in `<head>` (theme/main.html).
It is the second line of defence behind the sanitizer: should contributor text ever
slip an inline script or an event handler through, the browser refuses to run it.

Scripts may come only from the site itself. The one exception is Material's own inline
scripts (scope and storage helpers, palette, content tabs...) that a page can carry,
allowed by their SHA-256 hash. Those hashes are computed from Material's templates for
those scripts, rendered for the page, and not from whatever inline scripts a page
contains: hashing the page would allow a smuggled script as readily as Material's.
"""

from __future__ import annotations

import base64
import hashlib
import re
import weakref
from collections.abc import Iterable
from typing import Any

from jinja2 import Environment, pass_context
from markupsafe import Markup

# Material keeps every inline script it writes in these partials.
INLINE_SCRIPT_PARTIALS = "partials/javascripts/"

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)

# Pagefind searches in a worker (pagefind/pagefind-worker.js, same origin: worker-src)
# and falls back to compiling its WebAssembly on the page when the worker fails, which
# needs 'wasm-unsafe-eval' (it allows WebAssembly compilation, not JavaScript eval).
# Styles come only from the site's stylesheets: Material's scripts set styles through
# the DOM, which CSP allows, and contributor text can carry no style attribute or
# element. Google Fonts (theme.font) would be blocked: the site sets `font: false`.
# Images may be https:// addresses (news pictures); data: is for Material's icons.
# 'self' in img-src also lets the frame's icons load from the site's icon sprite
# (site/icons.py): Chromium checks an SVG <use> of another file against img-src.
BASE_DIRECTIVES: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", "https:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "frame-src": ["'none'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}


def script_hash(source: str) -> str:
    """The CSP source expression that allows an inline script with this exact text."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def policy(hashes: Iterable[str] = ()) -> str:
    """The policy text, with ``hashes`` (from ``script_hash``) added to script-src."""
    directives = {k: list(v) for k, v in BASE_DIRECTIVES.items()}
    directives["script-src"] += sorted(set(hashes))
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def material_inline_scripts(env: Environment, context: dict[str, Any]) -> list[str]:
    """The text of each inline script Material's partials write for a page with this
    ``context`` (the scope script depends on the page's base_url)."""
    names = _partials.get(env)
    if names is None:
        # Listing a theme's templates walks thousands of icon files: once per environment.
        names = _partials[env] = env.list_templates(
            filter_func=lambda n: n.startswith(INLINE_SCRIPT_PARTIALS)
        )
    scripts: list[str] = []
    for name in names:
        if not _written(name, context):
            continue
        rendered = env.get_template(name).render(context)
        scripts += _INLINE_SCRIPT.findall(rendered)
    return scripts


def _written(name: str, context: dict[str, Any]) -> bool:
    """Whether a page with this ``context`` can carry the inline script of partial
    ``name``: Material's base.html includes three only with a setting, and the palette's
    is in the frame script when there is one (partials/campaign-frame.js). A script the
    page cannot carry is left out of the policy. Keep in step with Material's base.html;
    a partial not named here is always counted."""
    config = context.get("config")
    extra = getattr(config, "extra", None) or {}
    condition = {
        "announce.html": lambda: "announce.dismiss" in context.get("features", ()),
        "outdated.html": lambda: bool(extra.get("version")),
        "consent.html": lambda: bool(extra.get("consent")),
        "palette.html": lambda: not context.get("campaign_frame"),
    }.get(name.removeprefix(INLINE_SCRIPT_PARTIALS))
    return condition is None or condition()


_cache: weakref.WeakKeyDictionary[Environment, dict[tuple[Any, ...], Markup]] = (
    weakref.WeakKeyDictionary()
)
_partials: weakref.WeakKeyDictionary[Environment, list[str]] = weakref.WeakKeyDictionary()


@pass_context
def content_security_policy(context: Any) -> Markup:
    """Jinja global: the policy for the page being rendered.

    Markup, so that no template escapes its quotes into `&#39;`: the text has no
    character that needs escaping in an attribute, and it must stay short for
    `<meta charset>` after it to fall within the first 1024 bytes of the page.
    """
    env: Environment = context.environment
    config = context.get("config")
    theme = getattr(config, "theme", None)
    features = list(getattr(theme, "features", None) or [])
    extra = getattr(config, "extra", None) or {}
    # all that Material's inline scripts depend on
    key = (
        context.get("base_url"),
        tuple(features),
        str(extra.get("scope")),
        bool(extra.get("version")),
        bool(extra.get("consent")),
        bool(context.get("campaign_frame")),
    )
    known = _cache.setdefault(env, {})
    if key not in known:
        scripts = material_inline_scripts(env, {**context.get_all(), "features": features})
        text = policy(script_hash(s) for s in scripts)
        if any(c in text for c in '"<>&'):  # pragma: no cover - base64 and fixed words
            raise ValueError(f"unexpected character in the policy: {text}")
        known[key] = Markup(text)
    return known[key]
