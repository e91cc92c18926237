"""The shipped site as a visitor meets it (issue 14, item 9): one page of every kind, in
both languages, on a phone (360×780) and a desk (1280×900), in Debian's Chromium.

Each page is opened once per width; the tests below read what that visit recorded:
horizontal overflow, console errors and failed requests, and axe-core's WCAG 2 A/AA
violations. Layout shift is measured on a few pages with the CPU slowed 4× on a slow 4G
link, and the Nu HTML Checker reads the built HTML of every page kind.

The tools come from `make test`: axe-core and vnu-jar from package.json (npm ci), Java
and the Noto CJK font from Debian. When one is missing, the tests fail and say so.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from conftest import REPO, serve
from visitor_pages import KINDS, LANGUAGES, WIDTHS, Kind, Tab, address, build_shipped_site

AXE = REPO / "node_modules/axe-core/axe.min.js"
VNU = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Nodes axe-core may flag without it being our fault: parts of Material's own widgets that
# this project neither changes nor restyles. Each entry: a CSS selector axe leaves out, and
# why. None so far: the header tabs and the footer are Material's, but their contrast comes
# from our palette and is ours to fix in CSS (issue 14, item 5); the search is our own.
AXE_EXCLUDE: dict[str, str] = {}

VISITS = [
    pytest.param(kind, lang, width, id=f"{kind.id}-{lang}-{width}")
    for kind in KINDS
    for lang in LANGUAGES
    for width in WIDTHS
]
# The built HTML of each page kind (search is the home page with its overlay open).
DOCUMENTS = [
    pytest.param(kind, lang, id=f"{kind.id}-{lang}")
    for kind in KINDS
    if not kind.query
    for lang in LANGUAGES
]
# Layout shift is slow to measure (a throttled cold load each): listings and a detail page.
SHIFT_PAGES = [
    pytest.param(path, width, id=f"{path.strip('/') or 'home'}-{width}".replace("/", "-"))
    for path in ("", "demands/", "zh/demands/", "demands/hunan-tianlu-ai-defect-recognition/")
    for width in WIDTHS
]
CLS_LIMIT = 0.05


def need(path: Path, what: str) -> Path:
    if not path.is_file():
        pytest.fail(f"{what} is missing at {path.relative_to(REPO)}: `make test` installs it")
    return path


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Path:
    return build_shipped_site(tmp_path_factory.mktemp("visitor") / "site")


@pytest.fixture(scope="module")
def site_url(shipped) -> Iterator[str]:
    # VISITOR_PORT: a fixed port, where only some may be used; by default a free one
    with serve(shipped, int(os.environ.get("VISITOR_PORT", "0"))) as url:
        yield url


# --- One visit per page and width ---------------------------------------------------

# Where an element sits, as a selector a developer can paste into the devtools.
DESCRIBE_JS = """
el => {
  const parts = [];
  for (let node = el; node && node.nodeType === 1 && parts.length < 4; node = node.parentElement) {
    let part = node.localName;
    if (node.id) { parts.unshift(part + '#' + node.id); break; }
    const classes = [...node.classList].slice(0, 2);
    if (classes.length) part += '.' + classes.join('.');
    parts.unshift(part);
  }
  return parts.join(' > ');
}
"""

# Parts of Material's own widgets that reach past a phone's right edge by design; the root
# (html { overflow-x: hidden } in Material) clips them and nothing of the page is cut off.
OVERFLOW_EXCLUDE = {
    ".md-search__overlay": "the backdrop of Material's phone search: a 2 rem circle scaled"
    " 45× to cover the screen",
}

# The outermost elements that reach past the right edge of the viewport, widest first.
# Content inside a scrolling or clipping box does not widen the page and is not looked
# into; an element that cannot be seen (opacity 0 or hidden, such as a closed menu) cuts
# nothing off, nor does one without height (its children are looked at); and
# OVERFLOW_EXCLUDE is left out.
OVERFLOW_JS = f"""
exclude => {{
  const describe = {DESCRIBE_JS};
  const root = document.documentElement;
  const limit = root.clientWidth;
  if (root.scrollWidth <= limit) return null;
  const clips = el => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX);
  const unseen = el => {{
    const style = getComputedStyle(el);
    return style.opacity === '0' || style.visibility === 'hidden';
  }};
  const found = [];
  let ignored = 0;
  const walk = el => {{
    for (const child of el.children) {{
      const box = child.getBoundingClientRect();
      const out = box.right > limit + 0.5;
      if (exclude.some(s => child.matches(s)) || unseen(child)) ignored += out;
      else if (out && box.height > 0) {{
        found.push({{selector: describe(child), right: Math.round(box.right),
                     width: Math.round(box.width)}});
      }} else if (!clips(child)) walk(child);
    }}
  }};
  walk(document.body);
  if (!found.length && ignored) return null;
  found.sort((a, b) => b.right - a.right);
  return {{scrollWidth: root.scrollWidth, clientWidth: limit, elements: found.slice(0, 5)}};
}}
"""


@dataclass
class Visit:
    """What one visit of one page at one width recorded."""

    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    overflow: dict[str, Any] | None = None
    axe: list[dict[str, Any]] = field(default_factory=list)


@pytest.fixture(scope="module")
def visit(browser, site_url, html_check) -> Iterator[Callable[[Kind, str, int], Visit]]:
    """Open a page once per width (one tab per width, reused) and keep what it recorded.
    (It starts the HTML check first, to run beside it.)"""
    axe_source = need(AXE, "axe-core").read_text(encoding="utf-8")
    contexts: list[Any] = []
    tabs: dict[int, Tab] = {}
    current: dict[int, Visit] = {}
    seen: dict[tuple[str, str, int], Visit] = {}

    def tab(width: int) -> Tab:
        if width not in tabs:
            context = browser.new_context(
                viewport={"width": width, "height": WIDTHS[width]}, bypass_csp=True
            )
            contexts.append(context)
            # axe-core comes with every page, ready when the page is
            context.add_init_script(axe_source)
            page = context.new_page()
            record = lambda: current[width]  # noqa: E731
            page.on(
                "console",
                lambda m: (
                    record().errors.append(f"console: {m.text} ({m.location.get('url')})")
                    if m.type == "error"
                    else None
                ),
            )
            page.on("pageerror", lambda exc: record().errors.append(f"script: {exc}"))
            page.on(
                "requestfailed",
                lambda r: record().failed.append(f"{r.url} ({r.failure})"),
            )
            page.on(
                "response",
                lambda r: (
                    record().failed.append(f"{r.url} (HTTP {r.status})")
                    if r.status >= 400
                    else None
                ),
            )
            tabs[width] = Tab(page)
        return tabs[width]

    def run(kind: Kind, lang: str, width: int) -> Visit:
        key = (kind.id, lang, width)
        if key not in seen:
            opened = tab(width)
            result = current[width] = Visit()
            opened.open(site_url, kind, lang)
            result.overflow = opened.page.evaluate(OVERFLOW_JS, list(OVERFLOW_EXCLUDE))
            report = opened.page.evaluate(
                """([tags, exclude]) => axe.run(
                    {exclude: exclude.map(s => [s])},
                    {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""",
                [AXE_TAGS, list(AXE_EXCLUDE)],
            )
            result.axe = report["violations"]
            seen[key] = result
        return seen[key]

    yield run
    for context in contexts:
        context.close()


def where(kind: Kind, lang: str, width: int) -> str:
    search = f" with search for {kind.query_zh if lang == 'zh' else kind.query!r}" * bool(
        kind.query
    )
    return f"{kind.id} page /{address(kind, lang)}{search} at {width}×{WIDTHS[width]}"


@pytest.mark.parametrize(("kind", "lang", "width"), VISITS)
def test_page_is_no_wider_than_the_screen(visit, kind, lang, width):
    overflow = visit(kind, lang, width).overflow
    if overflow:
        widest = "; ".join(
            f"{e['selector']} (right edge {e['right']} px, width {e['width']} px)"
            for e in overflow["elements"]
        )
        pytest.fail(
            f"{where(kind, lang, width)} is wider than the screen: {overflow['scrollWidth']} px"
            f" of content in {overflow['clientWidth']} px; widest elements:"
            f" {widest or 'none found (text overflowing its box?)'}",
            pytrace=False,
        )


@pytest.mark.parametrize(("kind", "lang", "width"), VISITS)
def test_page_loads_without_errors(visit, kind, lang, width):
    seen = visit(kind, lang, width)
    if seen.errors or seen.failed:
        pytest.fail(
            f"{where(kind, lang, width)}: failed requests {seen.failed or 'none'};"
            f" console errors {seen.errors or 'none'}",
            pytrace=False,
        )


def describe_violation(violation: dict[str, Any]) -> str:
    nodes = violation["nodes"]
    targets = ", ".join(" ".join(map(str, node["target"])) for node in nodes[:3])
    more = f" and {len(nodes) - 3} more" if len(nodes) > 3 else ""
    summary = nodes[0].get("failureSummary", "").replace("\n", " ")
    return (
        f"{violation['id']} ({violation['impact']}, {len(nodes)} nodes): {targets}{more}."
        f" First: {summary}"
    )


@pytest.mark.parametrize(("kind", "lang", "width"), VISITS)
def test_page_passes_axe(visit, kind, lang, width):
    violations = visit(kind, lang, width).axe
    if violations:
        pytest.fail(
            f"{where(kind, lang, width)}: axe-core WCAG 2 A/AA violations:\n"
            + "\n".join(describe_violation(v) for v in violations),
            pytrace=False,
        )


# --- Layout shift on a slow phone and a slow link ------------------------------------

# Lighthouse's mobile run: the CPU slowed 4×, slow 4G (150 ms, 1.6 Mbit/s down, 750 kbit/s up)
SLOW_4G = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1_638_400 / 8,
    "uploadThroughput": 750_000 / 8,
}

# The layout shifts since the page began (buffered), and CLS as Chrome counts it: the
# largest session window (shifts less than 1 s apart, at most 5 s long).
SHIFTS_JS = f"""
() => new Promise(resolve => {{
  const describe = {DESCRIBE_JS};
  const shifts = [];
  new PerformanceObserver(list => {{
    shifts.push(...list.getEntries().filter(e => !e.hadRecentInput));
  }}).observe({{type: 'layout-shift', buffered: true}});
  setTimeout(() => {{
    let cls = 0, window = 0, start = 0, last = -Infinity;
    for (const e of shifts) {{
      if (e.startTime - last > 1000 || e.startTime - start > 5000) {{
        window = 0; start = e.startTime;
      }}
      window += e.value; last = e.startTime; cls = Math.max(cls, window);
    }}
    resolve({{cls, shifts: shifts.map(e => ({{
      at: Math.round(e.startTime), value: e.value,
      sources: e.sources.map(s => s.node ? describe(s.node) : '?')
    }}))}});
  }}, 200);
}})
"""


@pytest.mark.parametrize(("path", "width"), SHIFT_PAGES)
def test_layout_does_not_shift_on_a_slow_phone(browser, site_url, path, width):
    context = browser.new_context(viewport={"width": width, "height": WIDTHS[width]})
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW_4G)
        page.goto(site_url + path, wait_until="load")
        page.wait_for_timeout(1000)  # let late scripts, fonts and images settle
        measured = page.evaluate(SHIFTS_JS)
    finally:
        context.close()
    if measured["cls"] > CLS_LIMIT:
        shifts = "; ".join(
            f"{s['value']:.3f} at {s['at']} ms ({', '.join(s['sources'][:3])})"
            for s in measured["shifts"]
        )
        pytest.fail(
            f"/{path} at {width}×{WIDTHS[width]}, CPU 4× slower on slow 4G:"
            f" CLS {measured['cls']:.3f} > {CLS_LIMIT}; shifts: {shifts}",
            pytrace=False,
        )


# --- The Nu HTML Checker over the built pages ----------------------------------------


# Errors in Material's own markup, unchanged by this project: (message start, text of the
# flagged source line, why it is not ours).
VNU_EXCLUDE = [
    (
        "Attribute “autocomplete” is only allowed when the input type is",
        'class="md-toggle" data-md-toggle=',
        "Material's base.html gives its drawer and search toggle checkboxes"
        " autocomplete=off, so that Firefox does not restore them open",
    ),
]


def material_error(message: dict[str, Any], lines: list[str]) -> bool:
    source = "".join(lines[message.get("firstLine", message["lastLine"]) - 1 : message["lastLine"]])
    return any(
        message["message"].startswith(start) and snippet in source
        for start, snippet, _ in VNU_EXCLUDE
    )


def documents(shipped: Path) -> dict[str, str]:
    """The built HTML file of each page kind in each language, and its address."""
    return {
        str(shipped / address(kind, lang) / "index.html"): address(kind, lang)
        for kind in KINDS
        if not kind.query
        for lang in LANGUAGES
    }


@pytest.fixture(scope="module")
def html_check(shipped, tmp_path_factory) -> Iterator[tuple[subprocess.Popen[bytes], Path] | str]:
    """vnu.jar started over every page kind's built HTML at once, so that Java works while
    the browser does; or what is missing to start it."""
    java = shutil.which("java")
    if not VNU.is_file():
        yield f"vnu-jar is missing at {VNU.relative_to(REPO)}: `make test` installs it"
    elif java is None:
        yield "java is missing (the Nu HTML Checker needs it): `make test` installs it"
    else:
        report = tmp_path_factory.mktemp("vnu") / "report.json"
        with report.open("wb") as out:
            command = [java, "-jar", str(VNU), "--errors-only", "--format", "json"]
            process = subprocess.Popen(
                [*command, "--exit-zero-always", *documents(shipped)],
                stdout=subprocess.DEVNULL,
                stderr=out,
            )
        yield process, report
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def html_errors(html_check, shipped) -> dict[str, list[str]]:
    """The Nu HTML Checker's errors in each page kind's HTML, less Material's own."""
    if isinstance(html_check, str):
        pytest.fail(html_check)
    process, report = html_check
    assert process.wait(timeout=300) == 0, report.read_text(encoding="utf-8")
    files = documents(shipped)
    errors: dict[str, list[str]] = {path: [] for path in files.values()}
    for message in json.loads(report.read_text(encoding="utf-8"))["messages"]:
        file = "/" + unquote(message.get("url", "").removeprefix("file:")).lstrip("/")
        path = files.get(file)
        if path is None:  # a message about the run, not a page
            pytest.fail(f"the Nu HTML Checker: {message}")
        lines = Path(file).read_text(encoding="utf-8").splitlines()
        if not material_error(message, lines):
            errors[path].append(
                f"line {message['lastLine']}: {message['message']}"
                f" [{message.get('extract', '').strip()[:100]}]"
            )
    return errors


@pytest.mark.parametrize(("kind", "lang"), DOCUMENTS)
def test_page_is_valid_html(html_errors, kind, lang):
    errors = html_errors[address(kind, lang)]
    if errors:
        pytest.fail(
            f"{kind.id} page /{address(kind, lang)}: Nu HTML Checker errors:\n" + "\n".join(errors),
            pytrace=False,
        )


def test_a_cjk_font_is_installed():
    """Without one, Chinese renders as boxes and every width measured on /zh/ is wrong."""
    fonts = list(Path("/usr/share/fonts").rglob("NotoSansCJK*"))
    assert fonts, "Debian's fonts-noto-cjk is missing: `make test` installs it"
