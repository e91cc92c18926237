"""Facet benchmark: what a filtered listing page costs before its counts show.

    python benchmarks/facet_bench.py SITE_DIR [--path 'resources/?field=Composite+materials']

Serves a built site (for instance one that search_bench.py or generate_catalog.py plus
`mkdocs build` made) on localhost and opens the listing in Debian's headless Chromium
with a fresh cache, twice. Reports the time from the navigation to the first count on
screen (timed from Python), and the files and bytes fetched from the Pagefind bundles,
by folder.
"""

from __future__ import annotations

import argparse
import collections
import time
from pathlib import Path

from playwright.sync_api import sync_playwright
from search_bench import CHROMIUM, serve

COUNTED = (
    "() => /\\d/.test((document.querySelector('[data-facet-summary]') || {}).textContent || '')"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--path", default="resources/?field=Composite+materials")
    args = parser.parse_args()
    server, url = serve(args.site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for run in range(2):
                context = browser.new_context()
                page = context.new_page()
                responses: list = []

                def record(response, responses=responses) -> None:
                    responses.append(response)

                page.on("response", record)
                start = time.perf_counter()
                page.goto(url + args.path)
                page.wait_for_function(COUNTED, timeout=120_000)
                ms = (time.perf_counter() - start) * 1000
                summary = page.text_content("[data-facet-summary]")
                page.wait_for_load_state("networkidle")
                files: collections.Counter[str] = collections.Counter()
                size: collections.Counter[str] = collections.Counter()
                for r in responses:
                    if "/pagefind" not in r.url:
                        continue
                    folder = r.url.rsplit("/", 2)[-2]
                    files[folder] += 1
                    size[folder] += len(r.body()) if r.ok else 0
                print(
                    f"run={run} path={args.path} counts_ms={ms:.0f} summary={summary!r} "
                    f"files={sum(files.values())} bytes={sum(size.values())} "
                    f"by_folder={dict(sorted(size.items()))}",
                    flush=True,
                )
                context.close()
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
