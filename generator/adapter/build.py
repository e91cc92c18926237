"""Build the site into a temporary folder and swap it into place only when it succeeded.

`mkdocs build` cleans site/ and writes into it page by page, so a build that fails half
way (a template error, a strict-mode warning) leaves a half-written site that a deploy
would publish. Here the old site stays untouched until a complete new one is ready.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jinja2 import TemplateError
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException


class BuildFailed(Exception):
    """The build stopped; MkDocs has logged why, and the message sums it up."""


def commit_epoch(root: Path) -> str | None:
    """Time of the last commit, in seconds since the epoch, or None outside a repository.

    Used as SOURCE_DATE_EPOCH, the date MkDocs writes into the sitemap, so that two builds
    of one commit are byte for byte the same.
    """
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True
        )
    except FileNotFoundError:
        return None
    epoch = result.stdout.strip()
    return epoch if result.returncode == 0 and epoch.isdigit() else None


def _swap(new: Path, target: Path) -> None:
    """Put ``new`` where ``target`` is. Two renames in one folder: the site is never half
    old, half new, and a failed second rename puts the old one back."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        old.rmdir()
        target.rename(old)
    try:
        new.rename(target)
    except OSError:
        if old is not None:
            old.rename(target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build_site(
    config_file: Path, site_dir: Path | None = None, *, strict: bool | None = None
) -> Path:
    """Build the MkDocs project of ``config_file`` and return the site folder.

    ``site_dir`` defaults to the one in the config; ``strict`` to the config's setting.
    Raises BuildFailed, leaving any previous site as it was.
    """
    overrides: dict[str, Any] = {}
    if site_dir is not None:
        overrides["site_dir"] = str(site_dir)
    if strict is not None:
        overrides["strict"] = strict
    try:
        config = load_config(config_file=str(config_file), **overrides)
    except MkDocsException as exc:
        raise BuildFailed(f"{config_file}: {exc.format_message()}") from exc
    target = Path(config.site_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    # a sibling folder: same file system, so the final rename is atomic
    building = Path(tempfile.mkdtemp(prefix=f".{target.name}-building-", dir=target.parent))
    config.site_dir = str(building)
    try:
        try:
            build(config)
        except MkDocsException as exc:
            raise BuildFailed(exc.format_message()) from exc
        except (TemplateError, OSError) as exc:
            raise BuildFailed(f"{type(exc).__name__}: {exc}") from exc
        # mkdtemp makes the folder private; a site is meant to be read by a web server
        building.chmod(0o755)
        _swap(building, target)
    finally:
        if building.exists():
            shutil.rmtree(building, ignore_errors=True)
    return target


@contextlib.contextmanager
def mkdocs_logging(level: int = logging.INFO) -> Iterator[logging.Handler]:
    """Print MkDocs' log as `mkdocs build` does (``-q``: WARNING), for the duration of a
    build."""
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(level)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


def default_epoch(root: Path) -> None:
    """Set SOURCE_DATE_EPOCH from the last commit when the caller has not set it."""
    if "SOURCE_DATE_EPOCH" not in os.environ and (epoch := commit_epoch(root)):
        os.environ["SOURCE_DATE_EPOCH"] = epoch
