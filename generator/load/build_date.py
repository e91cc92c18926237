"""The date a build speaks for: what is 'past', 'upcoming' or 'as of' on the site.

Reproducible builds set ``SOURCE_DATE_EPOCH`` (https://reproducible-builds.org/specs/
source-date-epoch/); the same sources then give the same site on any day, which is also
what lets tests pin "today". Without it, the build uses today's date in UTC, so the
result does not depend on the build machine's time zone.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping


class BuildDateError(ValueError):
    """SOURCE_DATE_EPOCH is set but is not a usable timestamp."""


def build_date(environ: Mapping[str, str] | None = None) -> dt.date:
    """The build's 'today': SOURCE_DATE_EPOCH (UTC) when set, else the current UTC date."""
    env = os.environ if environ is None else environ
    raw = env.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return dt.datetime.now(dt.UTC).date()
    try:
        seconds = int(raw)
        return dt.datetime.fromtimestamp(seconds, dt.UTC).date()
    except (ValueError, OverflowError, OSError):
        raise BuildDateError(
            f"SOURCE_DATE_EPOCH={raw!r} is not a number of seconds since 1970-01-01 UTC "
            "(e.g. 1594166400 for 2020-07-08); unset it to build with today's date"
        ) from None
