"""Time a cold `campaign validate` on generated catalogs of both YAML styles.

    python benchmarks/validate_bench.py                 # 10,000 and 50,000 entries
    python benchmarks/validate_bench.py 2000 --runs 5

For each size and style (JSON-flavoured YAML, block YAML) it generates a project with
``generate_catalog.generate`` in a temporary folder, then runs
``python -m generator validate`` in a fresh process (nothing cached, as in CI on a clean
clone) ``--runs`` times and prints the median wall-clock time, the median CPU time of
the process and its workers, and the largest resident set size.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_catalog import generate  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def time_validate(root: Path, source: Path = REPO) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (with child processes) and peak memory (MB) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--root", str(root)],
        cwd=source,  # `python -m` imports the generator package found there first
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"validate failed on {root}:\n{result.stdout}{result.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss // 1024


def _load() -> str:
    """The 1, 5 and 15 minute load averages."""
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 50_000])
    parser.add_argument("--runs", type=int, default=3, help="runs per catalog (median)")
    parser.add_argument("--styles", nargs="+", choices=("json", "yaml"), default=["json", "yaml"])
    parser.add_argument(
        "--source",
        type=Path,
        default=REPO,
        help="folder whose generator/ package to time, e.g. an older checkout "
        "(default: this repository)",
    )
    args = parser.parse_args()

    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs "
        f"({len(os.sched_getaffinity(0))} usable), Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
    print(f"Code timed: {args.source.resolve()}/generator")
    print(f"Load average before: {_load()}")
    print()
    header = "| Entries | Style |  Files | Wall (s), median | CPU (s), median | Peak MB |"
    print(header)
    print("|--------:|:------|-------:|-----------------:|----------------:|--------:|")
    with tempfile.TemporaryDirectory(prefix="validate-bench-") as tmp:
        for size in args.sizes:
            for style in args.styles:
                root = Path(tmp) / f"{style}-{size}"
                counts = generate(root, size, style=style)
                files = sum(counts.values()) + 1  # with the taxonomy
                runs = [time_validate(root, args.source) for _ in range(args.runs)]
                wall = statistics.median(r[0] for r in runs)
                cpu = statistics.median(r[1] for r in runs)
                peak = max(r[2] for r in runs)
                cells = f"{size:>7,} | {style} | {files:>6,} | {wall:>16.2f} | {cpu:>15.2f}"
                print(f"| {cells} | {peak:>7} |")
                sys.stdout.flush()
    print(f"\nLoad average after: {_load()} (other work on the machine slows every run)")


if __name__ == "__main__":
    main()
