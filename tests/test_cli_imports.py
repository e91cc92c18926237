"""`campaign validate` starts quickly: it does not import what only building or matching
needs (MkDocs, Jinja, numpy, jieba)."""

from __future__ import annotations

import subprocess
import sys

from generator.cli import data as cli_data
from generator.derive import matching

HEAVY = ("numpy", "jieba", "mkdocs", "jinja2")


def test_validate_imports_no_build_or_matching_modules(make_project):
    root = make_project()
    code = (
        "import sys\n"
        "from generator.cli.main import main\n"
        f"code = main(['validate', '--root', {str(root)!r}])\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "[]"


def test_the_command_lines_default_is_the_pages_number_of_suggestions():
    assert cli_data.SUGGESTIONS == matching.SUGGESTIONS
