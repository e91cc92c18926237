"""Which demands are still looking for a partner on the build date.

A demand is **active** while its status is ``open`` or ``in-negotiation`` and its
deadline (if it has one) is not past: the deadline day itself still counts. An active
status with a past deadline makes it **expired**: the site shows an "Expired" badge and
matching leaves it out. ``matched`` and ``closed`` demands are over whatever their
deadline says, so they show their status and no "Expired" badge, and matching leaves
them out too. "Today" is the build date (``builddate.build_date``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

ACTIVE_STATUSES = frozenset({"open", "in-negotiation"})


def is_expired(entry: Any, today: dt.date) -> bool:
    """True for a demand still marked open or in negotiation whose deadline is past.

    Anything else (another status, no deadline, a resource or project) is not expired.
    """
    model = getattr(entry, "model", entry)
    deadline = getattr(model, "deadline", None)
    status = getattr(model, "status", None)
    return status in ACTIVE_STATUSES and deadline is not None and deadline < today


def is_active(entry: Any, today: dt.date) -> bool:
    """True for a demand that still seeks a partner: open or in negotiation, not expired."""
    model = getattr(entry, "model", entry)
    return getattr(model, "status", None) in ACTIVE_STATUSES and not is_expired(model, today)
