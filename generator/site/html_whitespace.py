"""Take the template indentation out of a rendered page.

Material's templates and ours are indented for their readers, and a page carries that
indentation as text between its tags: about an eighth of an entry page. A run of white
space that holds a line break is made a single line break, which a browser shows exactly
as it showed the run. Left as they are:

- the contents of ``pre``, ``textarea``, ``code`` and ``kbd`` (Material shows code with
  ``white-space: pre-wrap``), and of ``script`` and ``style`` (the Content-Security-Policy
  names inline scripts by the digest of their text);
- white space without a line break (``a  b``).

Inside a tag, such a run between attributes is shortened the same way, and so would one
inside an attribute value be (no template writes one; a value's line breaks stay).
"""

from __future__ import annotations

import re

_KEPT = re.compile(
    r"<(?P<name>pre|textarea|script|style|code|kbd)\b.*?</(?P=name)\s*>",
    re.DOTALL | re.IGNORECASE,
)
_RUN = re.compile(r"[ \t\r\f]*\n[ \t\r\n\f]*")


def collapse_whitespace(html: str) -> str:
    """``html`` with each run of white space that holds a line break made a single line
    break, outside the elements listed above."""
    parts = []
    start = 0
    # the kept elements are few (a page's scripts, its code): the runs between them are
    # replaced by the regular expression engine alone, without a call back per run
    for kept in _KEPT.finditer(html):
        parts.append(_RUN.sub("\n", html[start : kept.start()]))
        parts.append(kept.group())
        start = kept.end()
    parts.append(_RUN.sub("\n", html[start:]))
    return "".join(parts)
