"""The site's size budget (``site_budget_mb``), checked once the site is complete."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from generator.adapter.config import PLUGIN_NAME
from generator.publish.size_budget import measure, over_budget, summary

log = get_plugin_logger(PLUGIN_NAME)


def check_size(site: Path, budget_mb: float) -> None:
    """Fail the build when ``site`` is over ``budget_mb``; log its size otherwise."""
    size = measure(site)
    problem = over_budget(size, budget_mb)
    if problem:
        raise PluginError(problem)
    log.info(summary(size, budget_mb))
