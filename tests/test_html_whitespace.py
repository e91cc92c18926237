"""The template indentation taken out of every page (generator/site/html_whitespace.py):
the page reads and runs as before."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.site.html_whitespace import collapse_whitespace

from conftest import BUILD_EPOCH, CAMPAIGN_FILES, create_project, mkdocs_build


def test_runs_holding_a_line_break_become_one():
    html = "<ul>\n    <li>a</li>\n\n    <li>b  c</li>\n  </ul>\n"
    assert collapse_whitespace(html) == "<ul>\n<li>a</li>\n<li>b  c</li>\n</ul>\n"


def test_code_scripts_and_text_areas_are_kept_as_written():
    kept = [
        "<pre><code>def f():\n    return 1\n</code></pre>",
        "<p>run <code>a\n    b</code> now</p>",
        "<script>var a = 1;\n    var b = 2;</script>",
        '<script type="application/ld+json">{\n  "a": 1\n}</script>',
        "<style>\n  p { color: red }\n</style>",
        "<textarea>line\n    indented</textarea>",
        "<KBD>Ctrl\n   C</KBD>",
    ]
    for element in kept:
        html = f"<div>\n    {element}\n    </div>"
        assert collapse_whitespace(html) == f"<div>\n{element}\n</div>"


def test_nothing_else_changes():
    html = "<p>a <b>b</b> c</p><p>\tno break\there</p>"
    assert collapse_whitespace(html) == html


def csp_hashes(raw: str) -> set[str]:
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', raw)
    assert policy is not None
    return set(re.findall(r"'sha256-([^']+)'", policy.group(1)))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = create_project(tmp_path_factory.mktemp("whitespace") / "project", CAMPAIGN_FILES)
    result = mkdocs_build(root, env={"SOURCE_DATE_EPOCH": BUILD_EPOCH})
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_built_pages_are_without_indentation_and_keep_their_scripts_digests(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        raw = page.read_text(encoding="utf-8")
        outside = re.sub(r"<(pre|script|style|code)\b.*?</\1>", "", raw, flags=re.S)
        assert "\n " not in outside, page
        assert collapse_whitespace(raw) == raw
        if page.name == "404.html":
            continue
        allowed = csp_hashes(raw)
        soup = BeautifulSoup(raw, "html.parser")
        for script in soup.find_all("script"):
            if script.get("src") or script.get("type") not in (None, "text/javascript"):
                continue
            text = script.string or ""
            digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
            assert digest in allowed, (page, text[:60])
