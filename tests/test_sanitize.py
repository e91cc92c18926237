"""The sanitizer on its own: every payload rendered as contributors' Markdown is, then
checked for anything that could run, plus the rules for outside links and ids."""

from __future__ import annotations

import html
import re

import markdown
import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.site.sanitize import OUTSIDE_REL, clean_html, escape_meta, is_outside

from payloads import MARKDOWN_PAYLOADS, TEXT_PAYLOADS

# Fragments that look like an address are what these tests parse on purpose.
pytestmark = pytest.mark.filterwarnings("ignore::bs4.MarkupResemblesLocatorWarning")

SITE = "https://campaign.example.org/"
# The Markdown extensions of the shipped mkdocs.yml.
EXTENSIONS = [
    "toc",
    "admonition",
    "attr_list",
    "tables",
    "pymdownx.details",
    "pymdownx.superfences",
]

FORBIDDEN_TAGS = [
    "script",
    "iframe",
    "frame",
    "object",
    "embed",
    "style",
    "meta",
    "base",
    "form",
    "link",
    "template",
    "math",
    "noscript",
    "animate",
    "set",
    "foreignobject",
]
URL_ATTRIBUTES = ("href", "src", "xlink:href", "action", "formaction", "data", "srcdoc", "poster")


SAFE_SCHEMES = ("http", "https", "mailto", "tel")


def url_scheme(url: str) -> str | None:
    """The scheme of ``url`` as a browser parses it (WHATWG URL): tabs and newlines
    anywhere are dropped, spaces and control characters at either end, case ignored.
    None for a relative URL."""
    url = re.sub(r"[\t\n\r]", "", url).strip("".join(map(chr, range(0x21))))
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return match.group(1).lower() if match else None


def unsafe_parts(fragment: str) -> list[str]:
    """Everything in ``fragment`` that a browser could run or that changes the page
    around it; [] when it is safe."""
    soup = BeautifulSoup(fragment, "html.parser")
    found = [f"<{tag.name}>" for tag in soup.find_all(FORBIDDEN_TAGS)]
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if name.startswith("on") or name == "style":
                found.append(f"{tag.name}[{name}]")
            if name in URL_ATTRIBUTES and url_scheme(value) not in (None, *SAFE_SCHEMES):
                found.append(f"{tag.name}[{name}={value}]")
            if name in ("id", "for") and value.startswith("__"):
                found.append(f"{tag.name}[{name}={value}]")
    return found


def render(text: str) -> str:
    return clean_html(markdown.markdown(text, extensions=EXTENSIONS), SITE)


def test_the_checker_finds_what_it_looks_for():
    # without the sanitizer, the corpus is caught: the checks below are not vacuous
    raw = [markdown.markdown(p, extensions=EXTENSIONS) for p in MARKDOWN_PAYLOADS]
    caught = [p for p, out in zip(MARKDOWN_PAYLOADS, raw, strict=True) if unsafe_parts(out)]
    assert len(caught) > 0.7 * len(MARKDOWN_PAYLOADS)


@pytest.mark.parametrize("payload", MARKDOWN_PAYLOADS + TEXT_PAYLOADS)
def test_markdown_payload_leaves_nothing_that_runs(payload):
    assert unsafe_parts(render(payload)) == []


def test_safe_markdown_keeps_its_structure():
    out = render(
        "## Equipment {: #equipment }\n\nA [relative link](../other/) and "
        '[outside](https://example.org/x), a ![picture](pic.png "t").\n\n'
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n!!! note\n    Admonition.\n"
    )
    soup = BeautifulSoup(out, "html.parser")
    assert soup.h2["id"] == "equipment"
    assert soup.find("a", href="../other/").get("rel") is None
    assert soup.find("a", href="https://example.org/x")["rel"] == OUTSIDE_REL.split()
    assert soup.img["src"] == "pic.png"
    assert soup.table is not None
    assert soup.select_one(".admonition.note") is not None


@pytest.mark.parametrize(
    ("href", "outside"),
    [
        ("https://example.org/", True),
        ("HTTP://EXAMPLE.ORG", True),
        ("//example.org/x", True),
        ("http:example.org", True),  # browsers read the host without the slashes
        ("https:\\\\example.org", True),
        ("/\\example.org", True),
        ("  https://example.org", True),
        ("https://campaign.example.org.evil.example/", True),
        ("https://campaign.example.org/demands/x/", False),
        ("HTTPS://Campaign.Example.org/", False),
        ("../demands/x/", False),
        ("/demands/", False),
        ("#contact", False),
        ("mailto:office@example.org", False),
        ("tel:+861000000000", False),
    ],
)
def test_outside_links(href, outside):
    assert is_outside(href, SITE) is outside
    out = clean_html(f'<a href="{html.escape(href)}">x</a>', SITE)
    assert (f'rel="{OUTSIDE_REL}"' in out) is outside


def test_a_site_under_a_path_owns_only_that_path():
    site = "https://example.github.io/campaign/"
    assert not is_outside("https://example.github.io/campaign/news/", site)
    assert is_outside("https://example.github.io/other-project/", site)
    assert is_outside("https://example.github.io/campaign-x/", site)


# Fragments built from the characters that matter to the <a> rewriting: quotes, angle
# brackets, entities, and hrefs inside and outside attribute values and text.
_PIECES = st.sampled_from(
    [
        "<a",
        " href=",
        "https://example.org/",
        "../x/",
        "//evil.example",
        '"',
        "'",
        ">",
        "<",
        "</a>",
        " title=",
        "&gt;",
        "&quot;",
        "text",
        " ",
        "<b>",
        "</b>",
        "<a href='https://example.org/a>b'>",
        '<img src="https://example.org/i.png" alt="<a href=https://x>">',
    ]
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(_PIECES, max_size=25).map("".join))
def test_rel_is_added_to_exactly_the_outside_links(fragment):
    out = clean_html(fragment, SITE)
    assert clean_html(out, SITE) == out  # cleaning again changes nothing
    soup = BeautifulSoup(out, "html.parser")
    for a in soup.find_all("a"):
        href = a.get("href")
        outside = href is not None and is_outside(href, SITE)
        assert (a.get("rel") == OUTSIDE_REL.split()) is outside, out
    # the rewrite never invents or loses an element
    plain = BeautifulSoup(out.replace(f' rel="{OUTSIDE_REL}"', ""), "html.parser")
    assert [t.name for t in plain.find_all(True)] == [t.name for t in soup.find_all(True)]


@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.text(alphabet=st.sampled_from(list("<>\"'=/&;: \nabcjsvgimrtxon()[]!{}#_")), max_size=80))
def test_arbitrary_markup_never_yields_anything_that_runs(text):
    assert unsafe_parts(render(text)) == []


def test_front_matter_text_is_escaped_for_materials_templates():
    meta = {
        "title": "<script>x</script>",
        "description": '"><img src=x onerror=alert(1)>',
        "subtitle": "a & b",
        "hide": ["navigation"],
        "template": "catalog/news.html",
        "search": {"boost": 2},
    }
    escape_meta(meta)
    assert meta == {
        "title": "&lt;script&gt;x&lt;/script&gt;",
        "description": "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;",
        "subtitle": "a &amp; b",
        "hide": ["navigation"],
        "template": "catalog/news.html",
        "search": {"boost": 2},
    }
