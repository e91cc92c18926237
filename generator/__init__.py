"""Static site generator for a university–enterprise cooperation campaign.

``generator.pipeline`` runs the stages in order, one package each: ``load`` (YAML →
validated models, problems as data) → ``check`` (references, names, translations) →
``derive`` (reverse links, the organization tree, statistics, matches) → ``site`` (page
plans and what the templates read) → ``publish`` (open data, feeds, search). The MkDocs
adapter (``adapter``) renders the plans through the templates in ``theme/``; the
command line (``cli``) and the spreadsheet import (``spreadsheet``) call the same
functions.
"""

from __future__ import annotations

from generator.check.problems import Problem
from generator.load.loader import load_catalog
from generator.pipeline import build, check

__all__ = ["Problem", "build", "check", "load_catalog"]
