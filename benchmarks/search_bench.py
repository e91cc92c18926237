"""Search benchmark: first-query cost of Pagefind against Material's built-in search.

    python benchmarks/search_bench.py --entries 50000

Generates one synthetic catalog, builds it twice (this project's Pagefind search, and
Material's search plugin), serves each site on localhost and drives Debian's headless
Chromium with a fresh cache for every measurement. Each query is run two ways:

- typed: the visitor clicks the search box and types the query at 8 keys a second
  (Chinese: an input method composes for half a second, then the text arrives); the
  time runs from the last keystroke (or the composed text) to the first result for the
  whole query on screen;
- pasted: the whole query arrives at once, right after the click, so nothing can be
  fetched in advance; the time runs from the click to the first result.

Times are measured in the page, by its own clock (see _TIMER). Bytes are everything
the search fetched: from the click on for Pagefind (it loads on
demand), from the page load on for Material (its worker loads the whole index then).
"raw" is the bytes as served; "gzip" is what a server compressing text (as GitHub
Pages does) sends: text files gzipped, Pagefind's already-compressed index files as is.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

from generate_catalog import generate

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
QUERIES = ["composite", "复合材料"]
TEXT_TYPES = ("javascript", "json", "css", "html", "text")


def build(root: Path, site: Path, engine: str) -> float:
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    if engine == "material":
        config = config.replace(
            "  - search\n  - campaign-catalog",
            "  - search\n  - campaign-catalog:\n      search: material",
        )
    else:
        config = config.replace("  - search\n", "")
    variant = root / f"mkdocs-{engine}.yml"
    variant.write_text(config, encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(variant), "-d", str(site)],
        cwd=root,
        env=env,
        check=True,
    )
    return time.perf_counter() - start


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


# Times are taken in the page, by its own clock: the moment of the click or key that
# starts the measurement, and the moment the first result for the whole query is in the
# document (a MutationObserver runs before the next paint). Timing from Python would add
# the time Playwright takes to relay every response event to the script.
_TIMER = """
window.__bench = { armed: null, start: null, shown: null, selector: null };
for (const [type, kind] of [["pointerdown", "click"], ["keydown", "key"], ["input", "input"]]) {
  document.addEventListener(type, () => {
    if (window.__bench.armed === kind) {
      window.__bench.start = performance.now();
      window.__bench.armed = null;
    }
  }, true);
}
new MutationObserver(() => {
  const b = window.__bench;
  // only a change after the measured event counts: Material shows results for the
  // first letters of a typed query already
  if (b.start !== null && b.shown === null && document.querySelector(b.selector)) {
    b.shown = performance.now();
  }
}).observe(document, { childList: true, subtree: true, attributes: true });
"""


def first_query(browser, url: str, engine: str, query: str, mode: str) -> dict[str, Any]:
    context = browser.new_context()  # a fresh cache for every measurement
    context.add_init_script(_TIMER)
    page = context.new_page()
    responses: list[Any] = []
    searching = False

    def record(response) -> None:
        if searching or (engine == "material" and "search" in response.url):
            responses.append(response)

    page.on("response", record)
    page.goto(url, wait_until="networkidle")
    if engine == "material":
        results, box = ".md-search-result__list li", "input.md-search__input"
    else:
        # the list says which query it answers: results of a shorter prefix don't count
        results = f"[data-campaign-search-results][data-query='{query}'] li"
        box = "[data-campaign-search-input]"
    page.evaluate("s => { window.__bench.selector = s; }", results)
    chinese = not query.isascii()
    searching = True

    def arm(kind: str) -> None:
        page.evaluate("k => { window.__bench.armed = k; }", kind)

    if mode == "typed":
        page.click(box)
        if chinese:
            page.dispatch_event(box, "compositionstart")
            page.wait_for_timeout(500)
            arm("input")
            page.keyboard.insert_text(query)
        else:
            page.keyboard.type(query[:-1], delay=125)
            page.wait_for_timeout(125)
            arm("key")
            page.keyboard.press(query[-1])
    else:
        arm("click")
        page.click(box)
        page.keyboard.insert_text(query)
    # Material's search listens for key events, which inserted text does not send.
    page.keyboard.press("End")
    elapsed: float | None = None  # no result at all (Material finds no Chinese without setup)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            page.wait_for_function("() => window.__bench.shown !== null", timeout=500)
        except PlaywrightTimeout:
            # Material drops a query typed before its index is ready; a visitor would
            # press a key again (the time still runs from the first).
            page.keyboard.press("End")
            continue
        elapsed = page.evaluate("() => window.__bench.shown - window.__bench.start")
        break
    shown = page.locator(results).count()
    page.wait_for_load_state("networkidle")
    raw: dict[str, int] = {}
    compressed: dict[str, int] = {}
    for response in responses:
        try:
            body = response.body()
        except Exception:  # a response without a body (redirect, aborted)
            continue
        raw[response.url] = len(body)
        kind = response.headers.get("content-type", "")
        text = any(t in kind for t in TEXT_TYPES)
        compressed[response.url] = len(gzip.compress(body)) if text else len(body)
    context.close()
    return {
        "ms": elapsed,
        "raw": sum(raw.values()),
        "gzip": sum(compressed.values()),
        "files": len(raw),
        "shown": shown,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--engines", nargs="+", default=["pagefind", "material"])
    parser.add_argument("--runs", type=int, default=3, help="median of this many runs")
    args = parser.parse_args()
    print(f"# {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        root = Path(tmp) / "project"
        generate(root, args.entries)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            for engine in args.engines:
                site = Path(tmp) / f"site-{engine}"
                seconds = build(root, site, engine)
                server, url = serve(site)
                try:
                    for query in QUERIES:
                        for mode in ("typed", "pasted"):
                            runs = [
                                first_query(browser, url, engine, query, mode)
                                for _ in range(args.runs)
                            ]
                            r = sorted(runs, key=lambda x: x["ms"] or 1e9)[len(runs) // 2]
                            ms = "none" if r["ms"] is None else f"{r['ms']:.0f}"
                            print(
                                f"{engine:9s} entries={args.entries} build_s={seconds:.0f} "
                                f"query={query!r} mode={mode} first_result_ms={ms} "
                                f"bytes_raw={r['raw']} bytes_gzip={r['gzip']} "
                                f"files={r['files']} results_shown={r['shown']}",
                                flush=True,
                            )
                finally:
                    server.shutdown()
            browser.close()


if __name__ == "__main__":
    main()
