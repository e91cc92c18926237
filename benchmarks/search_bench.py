"""Search benchmark: first-query cost of Pagefind against Material's built-in search.

    python benchmarks/search_bench.py --entries 50000

Generates one synthetic catalog, builds it twice (this project's Pagefind search, and
Material's search plugin), serves each site on localhost and drives Debian's headless
Chromium: open a page, wait until it is idle, open the header search, type a query and
wait for the first result. Prints, per engine and query, the bytes the search fetched
(as transferred: Pagefind's index files are gzip-compressed on disk, the static server
sends every file as is) and the milliseconds from opening the search to the first
result on screen.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from generate_catalog import generate

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
QUERIES = ["composite", "复合材料"]


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


def first_query(browser, url: str, engine: str, query: str) -> tuple[int, float, int]:
    """(search bytes, ms from opening the search to the first result, results shown)."""
    context = browser.new_context()  # a fresh cache for every measurement
    page = context.new_page()
    sizes: dict[str, int] = {}
    searching = False

    def record(response) -> None:
        # Pagefind loads on the first query: count everything fetched from then on.
        # Material's worker loads its index with the page: count it from the start.
        u = response.url
        if searching or (engine == "material" and "search" in u):
            try:
                sizes[u] = len(response.body())
            except Exception:  # a response without a body (redirect, aborted)
                sizes[u] = 0

    page.on("response", record)
    page.goto(url, wait_until="networkidle")
    if engine == "material":
        results = ".md-search-result__list li"
        box = "input.md-search__input[data-md-component=search-query]"
    else:
        results = "[data-campaign-search-results] li"
        box = "[data-campaign-search-input]"
    searching = True
    start = time.perf_counter()
    page.click(box)
    # Typed as a visitor types; Material's search listens for key events, and text
    # outside the keyboard (Chinese) is inserted without them, so End is pressed last.
    page.keyboard.type(query)
    page.keyboard.press("End")
    page.wait_for_selector(results, timeout=600_000)
    elapsed = (time.perf_counter() - start) * 1000
    shown = page.locator(results).count()
    page.wait_for_load_state("networkidle")
    context.close()
    return sum(sizes.values()), elapsed, shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--engines", nargs="+", default=["pagefind", "material"])
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
                        size, ms, shown = first_query(browser, url, engine, query)
                        print(
                            f"{engine:9s} entries={args.entries} build_s={seconds:.0f} "
                            f"query={query!r} search_bytes={size} first_result_ms={ms:.0f} "
                            f"results_shown={shown}",
                            flush=True,
                        )
                finally:
                    server.shutdown()
            browser.close()


if __name__ == "__main__":
    main()
