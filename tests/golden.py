"""Golden pages: one page of each kind of the shipped site, in both languages, kept as
normalized HTML in tests/golden/<lang>/<kind>.html (checked by tests/test_golden.py).

    python tests/golden.py      # `make golden`: rebuild the site, rewrite tests/golden/

A change to the built pages then shows up in ``git diff tests/golden`` for review.

``normalize()`` keeps the content, the structure and the catalog's own markup, and takes
out only what churns without meaning anything to a reviewer:

- the page is re-serialized one tag per line with a two-space indent (BeautifulSoup's
  ``prettify``; whitespace inside ``<pre>`` and ``<textarea>`` is kept). html.parser
  reads tag and attribute names in lower case, so SVG's ``viewBox`` reads ``viewbox``;
- ``<meta name="generator">`` (the MkDocs and Material versions) is removed;
- Material's content hashes in asset names become ``HASH``
  (``assets/stylesheets/main.57a0d79d.min.css`` → ``main.HASH.min.css``);
- the drawing of an inline SVG's ``<path>`` (its ``d``: Material's icons, the QR codes)
  becomes ``path: N chars, sha256 …``; every element and other attribute stays, and the
  statistics charts (rectangles and text) are kept whole;
- inline JavaScript (all of it Material's, minified) becomes one line
  ``script: N chars, sha256 …``; JSON in ``<script>`` (JSON-LD, Material's ``__config``)
  is re-indented, keys in their order.

The header's parts that come from the frame script (theme/partials/campaign-frame.js)
are put in their slots first (``conftest.with_frame``), so they are reviewed with the
page that shows them.

A change hidden by a marker still changes its hash, so the comparison still fails.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, Tag
from bs4.dammit import EntitySubstitution
from bs4.formatter import HTMLFormatter

from conftest import REPO, mkdocs_build, with_frame

GOLDEN = Path(__file__).resolve().parent / "golden"
# 2026-01-01 00:00 UTC: the build date the pages are rendered on (upcoming conferences,
# deadlines, the sitemap); SITE_URL unset, so addresses are mkdocs.yml's local fallback.
BUILD_ENV = {"SOURCE_DATE_EPOCH": "1767225600", "SITE_URL": ""}

# kind → the page's path below the site root (English); the Chinese page is under zh/
PAGES = {
    "home": "",
    "resources": "resources/",
    "resource": "resources/hunan-tianlu-composite-testing-lab/",
    "demands": "demands/",
    "demand": "demands/hunan-tianlu-ai-defect-recognition/",
    "projects": "projects/",
    "project": "projects/zju-chip-scale-lidar/",
    "organizations": "organizations/",
    "organization": "organizations/casic/",
    "conferences": "conferences/",
    "conference": "conferences/casic-zju-2020/",
    "conference-catalog": "conferences/casic-zju-2020/catalog/",
    "news": "news/",
    "news-release": "news/2020-07-08-casic-zju-matchmaking/",
    "timeline": "timeline/",
    "statistics": "statistics/",
    "take-part": "take-part/",
    "about": "about/",
}
LANGUAGES = {"en": "", "zh": "zh/"}


class _Formatter(HTMLFormatter):
    """Attributes in their order in the page (BeautifulSoup sorts them by default)."""

    def attributes(self, tag: Tag) -> Iterable[tuple[str, Any]]:
        return list(tag.attrs.items())


_FORMATTER = _Formatter(
    entity_substitution=EntitySubstitution.substitute_xml,  # only &, <, >; no &eacute;
    void_element_close_prefix="",  # <br>, not <br/>
    indent=2,
)
_ASSET_HASH = re.compile(r"(assets/[\w./-]*?\.)[0-9a-f]{8}(\.min\.(?:js|css))")
_JAVASCRIPT = {None, "", "text/javascript", "module"}


def _marker(kind: str, text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return f"{kind}: {len(text)} chars, sha256 {digest}"


def normalize(html: str) -> str:
    """The page as reviewed: see the module's docstring for what changes."""
    soup = BeautifulSoup(html, "html.parser")
    for meta in soup.find_all("meta", attrs={"name": "generator"}):
        meta.decompose()
    for path in soup.select("svg path[d]"):
        path["d"] = _marker("path", str(path["d"]))
    for script in soup.find_all("script"):
        text = script.string
        if script.get("src") or text is None:
            continue
        if script.get("type") in _JAVASCRIPT:
            script.string = _marker("script", text)
        elif str(script.get("type")).endswith("json"):
            lines = json.dumps(json.loads(text), indent=2, ensure_ascii=False).splitlines()
            # prettify indents only the first line of a string: the others follow it
            script.string = ("\n" + "  " * len(list(script.parents))).join(lines)
    return _ASSET_HASH.sub(r"\1HASH\2", soup.prettify(formatter=_FORMATTER))


def golden_path(lang: str, kind: str) -> Path:
    return GOLDEN / lang / f"{kind}.html"


def built_page(site: Path, lang: str, kind: str) -> str:
    """The normalized page of ``kind`` in ``lang`` from the built ``site``."""
    page = site / LANGUAGES[lang] / PAGES[kind] / "index.html"
    return normalize(with_frame(page))


def build(site: Path) -> Path:
    """A strict build of the repository's own project into ``site``, on the fixed date."""
    result = mkdocs_build(REPO, "-d", str(site), env=BUILD_ENV)
    if result.returncode != 0:
        raise RuntimeError(f"the build failed:\n{result.stderr}")
    return site


def main() -> None:
    """Rebuild the site and rewrite every golden page (and only those); a failed build
    leaves them as they were."""
    with tempfile.TemporaryDirectory() as tmp:
        try:
            site = build(Path(tmp) / "site")
        except RuntimeError as exc:
            sys.exit(str(exc))
        for old in GOLDEN.glob("*/*.html"):
            old.unlink()
        for lang in LANGUAGES:
            for kind in PAGES:
                path = golden_path(lang, kind)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(built_page(site, lang, kind), encoding="utf-8")
    print(f"wrote {len(LANGUAGES) * len(PAGES)} pages into {GOLDEN.relative_to(REPO)}/;")
    print("review them with: git diff tests/golden")


if __name__ == "__main__":
    main()
