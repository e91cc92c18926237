"""QR codes of page addresses, as SVG files made at build time with segno.

A page with a Share box has its address's code in a file beside it (``qr.svg``), which
the page shows as a picture: inline, the code was 2 KB of every such page, and the
printed conference catalogs show the same codes again, so each is now drawn once and
cached by the browser. The file carries no size (CSS sizes the picture,
``.catalog-qr``) and draws with crisp edges on a white ground, in dark mode too.
"""

from __future__ import annotations

import io
import os
import tempfile

import segno

QR_FILE = "qr.svg"
"""The file name of a page's code, in the page's folder (``x/index.html`` has
``x/qr.svg``; without directory URLs, ``x.html`` has ``x.qr.svg``)."""
QR_MASK = 0
"""The data mask. segno would otherwise score all eight and keep the best, which is four
fifths of the time a code takes (5 ms against 1 ms a code, and there are 20,000 codes
at 10,000 entries); every reader reads any of the eight, which the code itself names."""


def qr_document(url: str) -> bytes:
    """The SVG file of the QR code of ``url``: error correction M, a quiet zone of 4
    modules (what phone readers expect), the address as its title."""
    qr = segno.make(url, error="m", boost_error=False, mask=QR_MASK)
    out = io.BytesIO()
    qr.save(
        out,
        kind="svg",
        xmldecl=False,
        title=url,
        svgclass=None,
        lineclass=None,
        omitsize=True,
        border=4,
        light="#fff",
    )
    return out.getvalue().replace(b"<svg ", b'<svg shape-rendering="crispEdges" ', 1)


def qr_href(page_href: str) -> str:
    """The address of a page's code, from the page's own (relative or not)."""
    if page_href.endswith(".html"):
        stem = page_href.removesuffix(".html")
        is_index = stem == "index" or stem.endswith("/index")
        return (stem.removesuffix("index") if is_index else stem + ".") + QR_FILE
    return page_href + ("" if page_href.endswith("/") or not page_href else "/") + QR_FILE


def write_qr_file(page_path: str, url: str) -> str:
    """Write the code of ``url`` beside the page file ``page_path`` and return its name,
    unless it is already there (`mkdocs serve` keeps the last build's folders, and a
    code depends only on its address). Written to a temporary file and renamed, since
    the same code may be asked for by two processes."""
    folder, name = os.path.split(page_path)
    path = os.path.join(folder, qr_href(name))
    data = qr_document(url)
    try:
        with open(path, "rb") as existing:
            if existing.read() == data:
                return os.path.basename(path)
    except OSError:
        pass
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".qr-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    return os.path.basename(path)
