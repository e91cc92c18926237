""".pre-commit-config.yaml: its hooks, the local one run through pre-commit for real
(it needs no network), and check-yaml's verdict on the repository's YAML."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO, git, init_repo, write_files

CONFIG = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
BIN = Path(sys.executable).parent


def hooks() -> dict[str, dict]:
    return {hook["id"]: hook for repo in CONFIG["repos"] for hook in repo["hooks"]}


def test_config_names_its_hooks():
    assert [repo["repo"] for repo in CONFIG["repos"]] == [
        "https://github.com/pre-commit/pre-commit-hooks",
        "local",
    ]
    assert set(hooks()) == {"check-yaml", "campaign-validate"}
    local = hooks()["campaign-validate"]
    assert local["entry"] == "campaign validate --changed-since HEAD"
    assert local["language"] == "system"


@pytest.fixture
def hooked(make_project, tmp_path) -> Path:
    """A committed project whose pre-commit config holds the repository's local hooks."""
    root = make_project()
    local = {"repos": [repo for repo in CONFIG["repos"] if repo["repo"] == "local"]}
    (root / ".pre-commit-config.yaml").write_text(yaml.safe_dump(local), encoding="utf-8")
    return init_repo(root)


def pre_commit(root: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",  # where `campaign` is installed
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "NO_MKDOCS_2_WARNING": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "campaign-validate", "--color", "never"],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_local_hook_passes_a_clean_change(hooked, tmp_path):
    write_files(hooked, {"catalog/organizations/lake.yaml": "name: Lake\nkind: other\n"})
    git(hooked, "add", "-A")
    result = pre_commit(hooked, tmp_path)
    assert result.returncode == 0, result.stdout
    assert re.search(r"campaign validate\.+Passed", result.stdout)


def test_local_hook_stops_a_commit_with_an_error(hooked, tmp_path):
    write_files(hooked, {"catalog/organizations/lake.yaml": "name: Lake\nkind: pond\n"})
    git(hooked, "add", "-A")
    result = pre_commit(hooked, tmp_path)
    assert result.returncode == 1
    assert re.search(r"campaign validate\.+Failed", result.stdout)
    assert "catalog/organizations/lake.yaml:2:7: kind: 'pond' is not allowed" in result.stdout


def test_local_hook_catches_a_deletion(hooked, tmp_path):
    git(hooked, "rm", "-q", "catalog/projects/nav-chip.yaml")
    result = pre_commit(hooked, tmp_path)
    assert result.returncode == 1
    assert (
        "catalog/conferences/acme-river-2020.yaml:7:12: project 'nav-chip' does not exist"
        in result.stdout
    )


def yaml_files() -> list[Path]:
    tracked = subprocess.run(
        ["git", "ls-files", "*.yml", "*.yaml"], cwd=REPO, capture_output=True, text=True
    ).stdout.split()
    return [REPO / name for name in tracked]


def test_check_yaml_accepts_the_repository(tmp_path):
    exclude = re.compile(hooks()["check-yaml"]["exclude"])
    files = [p for p in yaml_files() if not exclude.search(p.relative_to(REPO).as_posix())]
    assert len(files) > 40
    result = subprocess.run([BIN / "check-yaml", *map(str, files)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_yaml_exclusion_is_needed_for_mkdocs_yml():
    assert re.search(hooks()["check-yaml"]["exclude"], "mkdocs.yml")
    result = subprocess.run(
        [BIN / "check-yaml", str(REPO / "mkdocs.yml")], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "!ENV" in result.stdout + result.stderr
