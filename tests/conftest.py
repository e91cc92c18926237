"""Fixtures that write small real projects into temp dirs and run the real tools on them."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

MKDOCS_YML = """\
site_name: Test campaign
docs_dir: content
theme:
  name: material
  custom_dir: {theme}
plugins:
  - campaign-catalog:
      page_size: {page_size}
nav:
  - Home: index.md
  - Resources: resources/index.md
  - Demands: demands/index.md
  - Projects: projects/index.md
  - Organizations: organizations/index.md
  - Conferences: conferences/index.md
  - News: news/index.md
not_in_nav: |
  /news/**
markdown_extensions:
  - toc:
      permalink: true
"""

# A complete, valid project in which every page type has content.
BASE_FILES: dict[str, str] = {
    "catalog/taxonomy.yaml": """\
        fields:
          composite-materials:
            name: Composite materials
            name_zh: 复合材料
          satellite-navigation:
            name: Satellite navigation
            name_zh: 卫星导航
        """,
    "catalog/organizations/acme.yaml": """\
        name: Acme Aerospace Group
        short_name: ACME
        kind: enterprise
        location: Beijing
        website: https://acme.example.com
        description: A *sample* enterprise group.
        """,
    "catalog/organizations/acme-lab.yaml": """\
        name: Acme Materials Lab
        kind: institute
        parent: acme
        """,
    "catalog/organizations/river-university.yaml": """\
        name: River University
        kind: university
        """,
    "catalog/conferences/acme-river-2020.yaml": """\
        title: Acme × River matchmaking conference
        date: 2020-07-08
        hosts: [acme, river-university]
        format: online
        attendees: 100
        participants: [acme-lab]
        projects: [nav-chip]
        summary: Online matchmaking between Acme units and River University teams.
        pushed_to_platform: 12
        """,
    "catalog/resources/composite-lab.yaml": """\
        title: Composite testing laboratory
        summary: Mechanical and thermal testing of fibre composites.
        organization: acme-lab
        fields: [composite-materials]
        kind: testing
        keywords: [复合材料, CFRP]
        conferences: [acme-river-2020]
        contact:
          name: Test office
          email: lab@example.com
        description: |
          ## Equipment

          Tensile testers and a climate chamber.
        sample: true
        """,
    "catalog/demands/defect-ai.yaml": """\
        title: AI defect recognition for composite parts
        summary: We look for a team to detect defects in ultrasound scans automatically.
        organization: acme
        fields: [composite-materials]
        cooperation: joint-rd
        deadline: 2027-03-31
        status: in-negotiation
        conferences: [acme-river-2020]
        """,
    "catalog/projects/nav-chip.yaml": """\
        title: Low-power satellite navigation chip
        summary: A BeiDou/GNSS receiver chip for wearables.
        organization: river-university
        fields: [satellite-navigation]
        team: Navigation team
        leader: Dr. Sample
        trl: 5
        seeking: [investment, application-scenario]
        """,
    "content/index.md": """\
        ---
        template: catalog/home.html
        ---

        # Test campaign home
        """,
    "content/news/2020-07-08-meeting.md": """\
        ---
        title: Acme and River University meet online
        date: 2020-07-08
        conference: acme-river-2020
        organizations: [acme, river-university]
        summary: A short sample release.
        ---

        About one hundred people took part.
        """,
}


def write_files(root: Path, files: dict[str, str | None]) -> None:
    """Write ``files`` under ``root``; a value of None deletes that file."""
    for rel, text in files.items():
        path = root / rel
        if text is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def create_project(
    root: Path, files: dict[str, str | None] | None = None, *, page_size: int = 50
) -> Path:
    """Write the base project, changed by ``files``, into ``root``; return ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    write_files(root, {**BASE_FILES, **(files or {})})
    (root / "mkdocs.yml").write_text(
        MKDOCS_YML.format(theme=REPO / "theme", page_size=page_size), encoding="utf-8"
    )
    return root


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Path]:
    """``create_project`` into this test's temp dir."""

    def make(files: dict[str, str | None] | None = None, *, page_size: int = 50) -> Path:
        return create_project(tmp_path / "project", files, page_size=page_size)

    return make


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=600
    )


def campaign(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the CLI as a contributor would (``python -m generator``)."""
    return run(["-m", "generator", *args], cwd)


def mkdocs_build(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run(["-m", "mkdocs", "build", "--strict", "-f", "mkdocs.yml", *extra], root)


GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(root: Path, *args: str, **env: str) -> str:
    """Run git in ``root`` with a fixed identity and no user configuration."""
    result = subprocess.run(
        ["git", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, **GIT_ENV, **env},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def commit_all(root: Path, message: str, **env: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, **env)


def init_repo(root: Path) -> Path:
    """Make ``root`` a git repository on branch main with everything committed."""
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "base")
    return root
