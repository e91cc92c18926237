"""The campaign timeline: every conference in date order, split at the build date."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from generator.model.catalog import Entry


@dataclass(frozen=True)
class Timeline:
    today: dt.date
    past: list[Entry]
    """Conferences that are over, oldest first."""
    upcoming: list[Entry]
    """Conferences from today on, soonest first."""


def last_possible_day(date: dt.date, precision: str) -> dt.date:
    """The latest day a conference dated ``date`` to ``precision`` can have been held.

    A conference known only as 'July 2020' is not past until July 2020 is over.
    """
    if precision == "year":
        return dt.date(date.year, 12, 31)
    if precision == "month":
        return dt.date(date.year, date.month, calendar.monthrange(date.year, date.month)[1])
    return date


def split(conferences: Iterable[Entry], today: dt.date) -> Timeline:
    """Past and upcoming conferences relative to ``today`` (see ``builddate``)."""
    past: list[Entry] = []
    upcoming: list[Entry] = []
    for conf in sorted(conferences, key=lambda c: (c.model.date, c.id)):
        over = last_possible_day(conf.model.date, conf.model.date_precision) < today
        (past if over else upcoming).append(conf)
    return Timeline(today, past, upcoming)
