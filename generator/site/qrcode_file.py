"""QR codes of page addresses, as PNG files made at build time: segno encodes, Pillow
draws.

A page with a Share box has its address's code in a file beside it (``qr.png``), which
the page shows as a picture: inline, the code was 2 KB of every such page, and the
printed conference catalogs show the same codes again, so each is now drawn once and
cached by the browser. As a 1-bit PNG a code is about 400 bytes, where the same code
as SVG was 2 KB (issue 17: 40 MB of a 10,000-entry site). It is black on an opaque
white ground, in dark mode too; CSS sizes the picture and scales it without smoothing
(``.catalog-qr``: ``image-rendering: pixelated``), so its edges stay sharp on screens.
"""

from __future__ import annotations

import io
import os
import tempfile

import segno
from PIL import Image, ImageOps

QR_FILE = "qr.png"
"""The file name of a page's code, in the page's folder (``x/index.html`` has
``x/qr.png``; without directory URLs, ``x.html`` has ``x.qr.png``)."""
QR_MASK = 0
"""The data mask. segno would otherwise score all eight and keep the best, which is four
fifths of the time a code takes (5 ms against 1 ms a code, and there are 20,000 codes
at 10,000 entries); every reader reads any of the eight, which the code itself names."""
QR_BORDER = 4
"""The quiet zone, in modules: what phone readers expect."""
QR_SCALE = 4
"""Pixels a module. A page saved as PDF keeps the picture's own pixels, and PDF viewers
smooth a picture they enlarge whatever the page's CSS said (Chromium's and poppler's
did, at 100 %): at one pixel a module the printed catalog's codes were blurred, at four
they are as sharp as the SVG's were. Four costs about 100 bytes a code more than one;
three is larger than four (rows of whole bytes compress better)."""

_GREY = bytes.maketrans(b"\x00\x01", b"\xff\x00")
"""segno's modules (1 dark, 0 light) as grey levels (black, white)."""


def qr_image(url: str) -> bytes:
    """The PNG file of the QR code of ``url``: error correction M, a quiet zone of 4
    modules, black on white, 1 bit a pixel. Pillow writes it: segno's own PNG writer
    builds each row in Python, 1.5 ms a code against 0.86 ms (20,240 codes at 10,000
    entries), for the same pixels."""
    matrix = segno.make(url, error="m", boost_error=False, mask=QR_MASK).matrix
    size = len(matrix)
    modules = Image.frombytes(
        "L", (size, size), b"".join(bytes(row) for row in matrix).translate(_GREY)
    )
    framed = ImageOps.expand(modules, border=QR_BORDER, fill=255)
    side = (size + 2 * QR_BORDER) * QR_SCALE
    picture = framed.resize((side, side), Image.Resampling.NEAREST).convert(
        "1", dither=Image.Dither.NONE
    )
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


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
    data = qr_image(url)
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
