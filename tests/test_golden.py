"""The golden pages (tests/golden.py): every page kind of the shipped site, in both
languages, is still what tests/golden/ holds, after the normalization of tests/golden.py."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from golden import GOLDEN, LANGUAGES, PAGES, build, built_page, golden_path, normalize

DIFF_LINES = 60


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("golden") / "site")


@pytest.mark.parametrize("kind", PAGES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_is_golden(site: Path, lang: str, kind: str) -> None:
    path = golden_path(lang, kind)
    expected = path.read_text(encoding="utf-8") if path.exists() else ""
    actual = built_page(site, lang, kind)
    if actual != expected:
        rel = path.relative_to(GOLDEN.parent.parent)
        diff = list(
            difflib.unified_diff(
                expected.splitlines(),
                actual.splitlines(),
                f"{rel} (golden)",
                f"{rel} (built)",
                lineterm="",
            )
        )
        shown = "\n".join(diff[:DIFF_LINES])
        more = f"\n… {len(diff) - DIFF_LINES} more diff lines" if len(diff) > DIFF_LINES else ""
        pytest.fail(
            f"{LANGUAGES[lang]}{PAGES[kind]} differs from {rel}:\n{shown}{more}\n"
            "If the change is intended, run `make golden` and review `git diff tests/golden`.",
            pytrace=False,
        )


def test_no_stale_golden_files() -> None:
    expected = {golden_path(lang, kind) for lang in LANGUAGES for kind in PAGES}
    assert set(GOLDEN.glob("**/*.html")) == expected


def test_normalize_strips_only_what_churns() -> None:
    page = (
        '<!doctype html><html lang="en"><head>'
        '<meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.8.2">'
        '<link rel="stylesheet" href="../assets/stylesheets/main.57a0d79d.min.css">'
        '<script>__md_scope=new URL("..",location)</script>'
        '<script type="application/ld+json">{"b":1,"a":"复合"}</script>'
        '</head><body><p class="x" id="y">Text &amp; <em>more</em></p>'
        '<svg viewBox="0 0 24 24"><title>Icon</title><path stroke="#000" d="M1 2h3z"/></svg>'
        "<pre>  kept\n    as is</pre></body></html>"
    )
    assert normalize(page).splitlines() == [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "  <head>",
        '    <link rel="stylesheet" href="../assets/stylesheets/main.HASH.min.css">',
        "    <script>",
        "      script: 33 chars, sha256 5487bbcc08405c2b",
        "    </script>",
        '    <script type="application/ld+json">',
        "      {",
        '        "b": 1,',
        '        "a": "复合"',
        "      }",
        "    </script>",
        "  </head>",
        "  <body>",
        '    <p class="x" id="y">',
        "      Text &amp;",
        "      <em>",
        "        more",
        "      </em>",
        "    </p>",
        '    <svg viewbox="0 0 24 24">',
        "      <title>",
        "        Icon",
        "      </title>",
        '      <path stroke="#000" d="path: 7 chars, sha256 444c603fe97f8f14">',
        "      </path>",
        "    </svg>",
        "    <pre>  kept",
        "    as is</pre>",
        "  </body>",
        "</html>",
    ]
