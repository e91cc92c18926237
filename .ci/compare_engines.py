"""Compare two builds of the site, one by MkDocs and one by ProperDocs (the engines job of
.github/workflows/pull-request.yml).

    python .ci/compare_engines.py SITE_A SITE_B

Walks both trees and compares every file byte for byte, except that in HTML pages the
``<meta name="generator" content="…">`` tag, which names the engine and its version, is
left out. Prints each file that is only in one tree or differs, and exits 1 if there is
any; 0 when the two sites are the same.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

GENERATOR_META = re.compile(rb'<meta name="generator" content="[^"]*">')


def files(root: Path) -> set[str]:
    """The files below ``root``, as paths relative to it with forward slashes."""
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


def content(path: Path) -> bytes:
    data = path.read_bytes()
    return GENERATOR_META.sub(b"", data) if path.suffix == ".html" else data


def differences(a: Path, b: Path) -> list[str]:
    """One line per file that is in only one of the trees or differs, sorted by path."""
    in_a, in_b = files(a), files(b)
    lines = []
    for rel in sorted(in_a | in_b):
        if rel not in in_b:
            lines.append(f"only in {a}: {rel}")
        elif rel not in in_a:
            lines.append(f"only in {b}: {rel}")
        elif content(a / rel) != content(b / rel):
            lines.append(f"differs: {rel}")
    return lines


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: compare_engines.py SITE_A SITE_B", file=sys.stderr)
        return 2
    a, b = map(Path, argv)
    for root in (a, b):
        if not root.is_dir():
            print(f"{root}: not a folder", file=sys.stderr)
            return 2
    lines = differences(a, b)
    for line in lines:
        print(line)
    if lines:
        print(f"{len(lines)} files differ between {a} and {b} (the generator tag aside)")
        return 1
    print(f"{len(files(a))} files, the same in {a} and {b} (the generator tag aside)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
