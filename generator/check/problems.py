"""Problems found in the catalog, kept as data until the caller reports them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in one file.

    ``path`` is relative to the project root (or as given, for a spreadsheet being
    imported); ``line`` and ``col`` are 1-based.
    """

    path: str
    line: int
    col: int
    message: str
    severity: Severity = Severity.ERROR
    cell: str = ""
    """A spreadsheet cell ('Demands!C7'), shown instead of line and column (which then
    hold its row and column number, for sorting)."""

    def format_text(self) -> str:
        prefix = "" if self.severity is Severity.ERROR else "warning: "
        place = self.cell or f"{self.line}:{self.col}"
        return f"{self.path}:{place}: {prefix}{self.message}"

    def format_github(self) -> str:
        # GitHub annotation properties and messages need %, CR, LF, ':' and ',' escaped
        # or the annotation is cut short.
        def prop(value: str) -> str:
            return (
                value.replace("%", "%25")
                .replace("\r", "%0D")
                .replace("\n", "%0A")
                .replace(":", "%3A")
                .replace(",", "%2C")
            )

        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return (
            f"::{self.severity.value} file={prop(self.path)},line={self.line},"
            f"col={self.col}::{message}"
        )


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]


def summary(problems: list[Problem], files_checked: int) -> str:
    n_err = len(errors(problems))
    n_warn = len(problems) - n_err
    if not problems:
        return f"{files_checked} files checked, no problems found."
    parts = [f"{n_err} error{'s' if n_err != 1 else ''}"]
    if n_warn:
        parts.append(f"{n_warn} warning{'s' if n_warn != 1 else ''}")
    return f"{files_checked} files checked: {', '.join(parts)}."
