"""A catalog document as plain data, and where each of its values came from.

Stage one of loading (``load.yaml_source``) makes one of each YAML file, the spreadsheet
import one of each row; every later stage locates its problems through
``SourceDoc.problem``, so a message names a line and column (or a cell) whoever found it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.check.problems import Problem

Loc = tuple[str | int, ...]

PLACEHOLDER = "TODO"
"""What `campaign new` writes for every value to fill in (see ``load.placeholders``)."""


@dataclass
class SourceDoc:
    """A parsed document (a YAML file, a spreadsheet row) and the position of each value.

    The positions (``value_pos``, ``key_pos``) are given (``located``) or, for a document
    parsed from YAML, worked out from ``text`` the first time they are asked for: most
    documents have no problem, and so never need them.
    """

    path: str
    data: Any = None
    id: str = ""
    """The entry id (file stem) for catalog files, the file's stem for news."""
    text: str | None = field(default=None, repr=False)
    """The YAML text parsed, from which positions are worked out (None: no positions)."""
    line_offset: int = 0
    """Lines before ``text`` in its file (a Markdown file's front matter starts on 2)."""
    _value_pos: dict[Loc, tuple[int, int]] | None = field(default=None, repr=False)
    _key_pos: dict[Loc, tuple[int, int]] | None = field(default=None, repr=False)
    reported: set[Loc] = field(default_factory=set)
    """Values stage one already reported (a date that does not exist, an unknown tag):
    stage two does not report them again."""
    raw: dict[Loc, str] = field(default_factory=dict)
    """The text as written of unquoted values that YAML read as something other than
    text (`no` → false, `1:20` → 80, `2020-07-08` → a date), for messages and for fields
    that want text."""
    placeholders: list[Loc] | None = None
    """Where the data holds the placeholder text (see ``placeholders``), in document
    order; filled in by stage one, None for a document built otherwise."""

    @classmethod
    def located(
        cls, path: str, data: Any, entry_id: str, positions: dict[Loc, tuple[int, int]]
    ) -> SourceDoc:
        """A document that was not YAML text (a spreadsheet row), with the place of each
        value given: (row, column) of its cell; ``()`` is where the row starts."""
        return cls(path, data, entry_id, _value_pos=positions, _key_pos=positions)

    @property
    def value_pos(self) -> dict[Loc, tuple[int, int]]:
        """Line and column (1-based) of each value, by location."""
        if self._value_pos is None:
            self._locate()
        return self._value_pos  # type: ignore[return-value]

    @property
    def key_pos(self) -> dict[Loc, tuple[int, int]]:
        """Line and column (1-based) of each mapping key, by the location of its value."""
        if self._key_pos is None:
            self._locate()
        return self._key_pos  # type: ignore[return-value]

    def _locate(self) -> None:
        """Work out the positions: none here, where they were given or there are none; a
        document parsed from YAML (``load.yaml_source.YamlDoc``) walks its text again."""
        self._value_pos, self._key_pos = {}, {}

    def where(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Line and column of ``loc``, or of its nearest ancestor that has one."""
        table = self.key_pos if key else self.value_pos
        if loc in table:
            return table[loc]
        for end in range(len(loc) - 1, -1, -1):
            prefix = loc[:end]
            if prefix in self.value_pos:
                return self.value_pos[prefix]
        return (1, 1)

    def problem(self, loc: Loc, message: str, *, key: bool = False) -> Problem:
        line, col = self.where(loc, key=key)
        return Problem(self.path, line, col, message)
