"""`make screenshots`: a full-page PNG of every page kind of the shipped site, in both
languages, on a phone and a desk, for a person to look at (no test compares them).

    python tests/screenshots.py OUT_DIR

Builds the site into a temp folder, serves it on localhost (VISITOR_PORT, or a free port)
and opens the same pages, the same way, as tests/test_visitor.py.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from conftest import CHROMIUM, CHROMIUM_ARGS, serve
from visitor_pages import KINDS, LANGUAGES, WIDTHS, Tab, build_shipped_site


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        site = build_shipped_site(Path(tmp) / "site")
        port = int(os.environ.get("VISITOR_PORT", "0"))
        with serve(site, port) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for width, height in WIDTHS.items():
                context = browser.new_context(viewport={"width": width, "height": height})
                tab = Tab(context.new_page())
                for kind in KINDS:
                    for lang in LANGUAGES:
                        tab.open(url, kind, lang)
                        path = out / f"{kind.id}-{lang}-{width}.png"
                        # the open search is a layer over the first screen
                        tab.page.screenshot(path=path, full_page=not kind.query)
                context.close()
            browser.close()
    count = len(KINDS) * len(LANGUAGES) * len(WIDTHS)
    print(f"{count} screenshots in {out}/ ({time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
