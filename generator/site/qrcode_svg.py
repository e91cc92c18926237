"""QR codes of page addresses, as inline SVG made at build time with segno.

The SVG carries no size (CSS sizes it, ``.catalog-qr``), no XML declaration (it goes
inside a page), a ``<title>`` and ``role="img"`` with an ``aria-label`` for screen
readers. A build asks for the same address on a page and in the conference catalogs,
so each address is encoded once per process.
"""

from __future__ import annotations

import functools
import io
from xml.sax.saxutils import quoteattr

import segno

QR_CLASS = "catalog-qr"


@functools.lru_cache(maxsize=8192)
def qr_svg(url: str, label: str = "") -> str:
    """A compact SVG of the QR code of ``url``; ``label`` (default: the address) is its
    title and accessible name. Error correction M, a quiet zone of 4 modules (what
    phone readers expect)."""
    qr = segno.make(url, error="m", boost_error=False)
    out = io.BytesIO()
    qr.save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=True,
        title=label or url,
        svgclass=QR_CLASS,
        lineclass=None,
        omitsize=True,
        border=4,
    )
    svg = out.getvalue().decode("utf-8")
    # segno writes the title escaped; the accessible name goes beside it, quoted.
    return svg.replace("<svg ", f'<svg role="img" aria-label={quoteattr(label or url)} ', 1)
