"""Static site generator for a university–enterprise cooperation campaign.

The pipeline, in order: ``loader.load_catalog`` (YAML → validated models, problems as
data) → ``links.derive`` (reverse links, organizations rolled up by ``hierarchy``) →
``stats.compute`` (every number the charts show) → ``pages.plan_pages`` (what to render,
with which template) → MkDocs renders the templates in ``theme/`` through ``plugin``,
which also renders the news feed (``feed``).
"""

from __future__ import annotations

from generator.check.problems import Problem
from generator.load.loader import load_catalog

__all__ = ["Problem", "load_catalog"]
