"""Facet benchmark: what a first filter choice on a listing costs a visitor.

    python benchmarks/facet_bench.py SITE_DIR [--listing resources] [--language en]
                                    [--choice field=composite-materials] [--runs 3]

Serves a built site (generate_catalog.py plus `mkdocs build`) on localhost and drives
Debian's headless Chromium, with a fresh cache for every run. A first choice is made
two ways:

- click: the listing is open (and idle); the visitor ticks one value. The time runs
  from the click to the results in the document (the checkbox's count line, every
  filter's counts and the first page of cards); bytes and files are what was fetched
  from the click on.
- address: the listing is opened at its filtered address (``?field=...``), as a shared
  link or the back button does. The time runs from the navigation's start to the
  results in the document; bytes and files are what was fetched for the results (the
  first-choice file or Pagefind's files), the page and its theme not counted.

And along two paths: "file", the site as built (the build's first-choice file,
generator/publish/facet_files.py), and "pagefind", the same site with the first-choice
files blocked, so the page asks Pagefind as it does for every other choice (and as it
did for this one before). Times are taken in the page by its own clock (the click's
pointerdown or the navigation's start, and a MutationObserver that sees the results
arrive); Python only reads them. "gzip" counts text files as a compressing server
(GitHub Pages) sends them, and files already compressed (the first-choice files,
Pagefind's index) as they are. Medians of ``--runs`` runs.
"""

from __future__ import annotations

import argparse
import gzip
import re
import statistics
from pathlib import Path
from typing import Any
from urllib.parse import quote

from playwright.sync_api import sync_playwright
from search_bench import CHROMIUM, TEXT_TYPES, serve

PAGEFIND = re.compile(r"/pagefind(-zh)?/")

# The moment the listing shows a choice's results: the static pages' links are hidden,
# and the list is no longer busy (campaign-facets.js keeps it aria-busy from the choice
# until its cards are in; the counts are updated before the cards).
_TIMER = """
window.__bench = { armed: false, start: null, shown: null };
document.addEventListener("pointerdown", () => {
  if (window.__bench.armed) {
    window.__bench.start = performance.now();
    window.__bench.armed = false;
  }
}, true);
new MutationObserver(() => {
  const b = window.__bench;
  const list = document.querySelector("[data-card-list]");
  const links = document.querySelector("[data-static-only]");
  if (b.start !== null && b.shown === null && list && links && links.hidden
      && !list.hasAttribute("aria-busy")) {
    b.shown = performance.now();
  }
}).observe(document, { childList: true, subtree: true, attributes: true });
"""


def _sizes(responses: list[Any]) -> dict[str, int]:
    raw = packed = files = first_choice = 0
    for response in responses:
        try:
            body = response.body()
        except Exception:  # aborted (a blocked first-choice file) or without a body
            continue
        kind = response.headers.get("content-type", "")
        text = any(t in kind for t in TEXT_TYPES)
        raw += len(body)
        packed += len(gzip.compress(body)) if text else len(body)
        files += 1
        first_choice += "/facets/" in response.url
    return {"raw": raw, "gzip": packed, "files": files, "first_choice_files": first_choice}


def measure(browser: Any, url: str, key: str, value: str, *, how: str, path: str) -> dict[str, Any]:
    """One run: ``how`` is 'click' or 'address', ``path`` 'file' or 'pagefind'."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # for an address, the clock starts with the navigation (performance.now()'s zero)
    context.add_init_script(
        _TIMER.replace("start: null", "start: 0") if how == "address" else _TIMER
    )
    if path == "pagefind":
        context.route("**/facets/**", lambda route: route.abort())
    page = context.new_page()
    clicked = False
    responses: list[Any] = []

    def record(response: Any) -> None:
        if how == "click":
            # the favicon arrives late, whatever the page does
            if clicked and not response.url.endswith("favicon.png"):
                responses.append(response)
        # for an address, what the results need: not the page, its theme and scripts
        elif "/facets/" in response.url or PAGEFIND.search(response.url):
            responses.append(response)

    page.on("response", record)
    if how == "click":
        page.goto(url, wait_until="networkidle")
        box = page.locator(f"[data-facet={key}] input[value='{value}']")
        if not box.is_visible():  # among the values behind "Show more"
            page.click(f"[data-facet={key}] [data-facet-toggle]")
        page.evaluate("() => { window.__bench.armed = true; }")
        clicked = True
        box.click()
    else:
        page.goto(f"{url}?{key}={quote(value)}", wait_until="commit")
    page.wait_for_function("() => window.__bench.shown !== null", timeout=120_000)
    ms = page.evaluate("() => window.__bench.shown - window.__bench.start")
    summary = page.text_content("[data-listing-summary]")
    cards = page.locator("[data-card-list] > li").count()
    page.wait_for_load_state("networkidle")
    sizes = _sizes(responses)
    context.close()
    return {"ms": ms, "summary": (summary or "").strip(), "cards": cards, **sizes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--listing", default="resources")
    parser.add_argument("--choice", default="field=composite-materials")
    parser.add_argument("--language", choices=("en", "zh"), default="en")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    key, value = args.choice.split("=", 1)
    server, base = serve(args.site)
    url = base + ("zh/" if args.language == "zh" else "") + args.listing + "/"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for how in ("click", "address"):
                for path in ("file", "pagefind"):
                    runs = [
                        measure(browser, url, key, value, how=how, path=path)
                        for _ in range(args.runs)
                    ]
                    for n, run in enumerate(runs):
                        print(f"  {how} {path} run {n}: {run}", flush=True)
                    print(
                        f"{args.language} {args.listing} {args.choice} {how:7} {path:8} "
                        f"ms={statistics.median(r['ms'] for r in runs):.0f} "
                        f"(min {min(r['ms'] for r in runs):.0f}, "
                        f"max {max(r['ms'] for r in runs):.0f}) "
                        f"raw={runs[0]['raw']} gzip={runs[0]['gzip']} "
                        f"files={runs[0]['files']} summary={runs[0]['summary']!r} "
                        f"cards={runs[0]['cards']}",
                        flush=True,
                    )
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
