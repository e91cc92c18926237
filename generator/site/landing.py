"""What the home page leads with: headline figures from the conference data, the next
(or latest) conference and the open demands to answer first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.model.catalog import Catalog, Entry


@dataclass(frozen=True)
class Headline:
    conferences_held: int
    """Real conferences on or before the build date."""
    organizations: int
    """Distinct organizations that held or took part in those conferences."""
    pushed_to_platform: int | None
    """Resources and demands pushed to the national platform, over the conferences that
    report it (the figure is a lower bound: "500+"); None when none does."""


def headline(catalog: Catalog, today: dt.date) -> Headline:
    """The campaign's figures, from real (non-sample) conferences only."""
    held = [c for c in catalog.conferences.values() if not c.model.sample and c.model.date <= today]
    orgs = {org for c in held for org in (*c.model.hosts, *c.model.participants)}
    pushed = [c.model.pushed_to_platform for c in held if c.model.pushed_to_platform is not None]
    return Headline(len(held), len(orgs), sum(pushed) if pushed else None)


def spotlight_conference(catalog: Catalog, today: dt.date) -> tuple[Entry | None, bool]:
    """The next conference, else the latest one; and whether it is still to come."""
    conferences = sorted(catalog.conferences.values(), key=lambda c: (c.model.date, c.id))
    upcoming = [c for c in conferences if c.model.date > today]
    if upcoming:
        return upcoming[0], True
    return (conferences[-1], False) if conferences else (None, False)


def featured_demands(catalog: Catalog, today: dt.date, limit: int = 3) -> list[Entry]:
    """Open demands, nearest deadline first (those without one last); real ones only
    when there are any, else the samples (which the page marks as such)."""
    open_ = [
        d
        for d in catalog.demands.values()
        if d.model.status == "open" and (d.model.deadline is None or d.model.deadline >= today)
    ]
    real = [d for d in open_ if not d.model.sample]
    chosen = real or open_
    far = dt.date.max
    chosen.sort(key=lambda d: (d.model.deadline or far, d.id))
    return chosen[:limit]
