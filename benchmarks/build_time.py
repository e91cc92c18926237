"""Time `campaign validate` and `mkdocs build --strict` on generated catalogs.

    python benchmarks/build_time.py --entries 500 2000

Prints one line per size: wall time of validation and of the full build, peak memory of
the build process and the number of pages written. Record figures in BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate_catalog import generate

# Runs the real mkdocs CLI in-process, then reports the process's own peak memory.
_MEASURED = """
import resource, runpy, sys
sys.argv = ["mkdocs", *sys.argv[1:]]
code = 0
try:
    runpy.run_module("mkdocs", run_name="__main__")
except SystemExit as exc:
    code = exc.code or 0
print("MAXRSS_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


def timed(args: list[str], cwd: Path) -> tuple[float, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return elapsed, result.stderr


def measure(entries: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix=f"campaign-{entries}-") as tmp:
        root = Path(tmp)
        generate(root, entries)
        validate_s, _ = timed([sys.executable, "-m", "generator", "validate"], root)
        build_s, log = timed([sys.executable, "-c", _MEASURED, "build", "--strict", "-q"], root)
        rss_kb = int(log.rsplit("MAXRSS_KB", 1)[1].split()[0])
        pages = sum(1 for _ in (root / "site").rglob("index.html"))
    return {
        "entries": entries,
        "validate_s": validate_s,
        "build_s": build_s,
        "peak_mb": rss_kb / 1024,
        "pages": pages,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, nargs="+", default=[500])
    args = parser.parse_args()
    print(f"# {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print("entries  validate_s  build_s  peak_MB  pages")
    for n in args.entries:
        r = measure(n)
        print(
            f"{n:7d}  {r['validate_s']:10.2f}  {r['build_s']:7.2f}  {r['peak_mb']:7.0f}  "
            f"{r['pages']:5d}"
        )


if __name__ == "__main__":
    main()
