"""The id rule (``formats.ID_PATTERN``) and the message that states it, the same for a
catalog file's name (the loader), the id given to `campaign new` and an id cell of
`campaign import`."""

from __future__ import annotations

import re

from generator.model.formats import ID_PATTERN

ID_RE = re.compile(ID_PATTERN)


def id_example(text: str) -> str:
    """``text`` made into an id for a message's example: lowercase, runs of other
    characters as one hyphen, at most 80 characters ('my-entry' when nothing is left)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80] or "my-entry"


def not_an_id(shown: str, example: str) -> str:
    """The message for an id that breaks the rule: ``shown`` names it ("file name 'X'",
    "id 'X'"), ``example`` is an id that follows the rule."""
    return (
        f"{shown} is not a valid id: use lowercase letters a-z, digits and hyphens, "
        f"starting with a letter or digit, at most 80 characters (e.g. '{example}')"
    )
