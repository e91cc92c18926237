"""Time the matching engine: every active demand against every resource and project.

    python benchmarks/match_bench.py --entries 1000 10000 50000

For each size, generates a project with ``generate_catalog.generate`` and, in a fresh
process, loads it and computes what a build computes (``matching.compute_matches``:
suggestions for each demand, demands for each offer, pairs for each conference). Two
cases: the catalog as generated, on a fixed build date (about half the demands are open
or in negotiation, some of those past their deadline), and the worst case where every
demand is open with no deadline. Prints the time to build the vectors (tokenising with
jieba included), the time to score and rank, and the process's peak memory after
loading the catalog and after matching. Record figures in BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate_catalog import generate

TODAY = dt.date(2024, 1, 1)


def all_active(root: Path) -> None:
    """Make every demand open with no deadline (the generator writes JSON-style YAML)."""
    for path in (root / "catalog" / "demands").glob("*.yaml"):
        data = json.loads(path.read_text(encoding="utf-8"))
        data["status"] = "open"
        data.pop("deadline", None)
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_here(root: Path) -> dict[str, float]:
    """Load and match ``root`` in this process (run in a fresh one for clean memory)."""
    repo = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(repo))
    from generator import load_catalog
    from generator.derive.matching import Matcher

    catalog, problems = load_catalog(root)
    if problems:
        sys.exit(f"generated catalog has problems: {problems[:3]}")
    loaded_mb = peak_mb()
    start = time.perf_counter()
    matcher = Matcher(catalog, TODAY)
    vectors_s = time.perf_counter() - start
    start = time.perf_counter()
    matches = matcher.run()
    match_s = time.perf_counter() - start
    return {
        "demands": len(matcher.demands),
        "offers": len(matcher.offers),
        "terms": len(matcher.vocab.terms),
        "vectors_s": vectors_s,
        "match_s": match_s,
        "loaded_mb": loaded_mb,
        "peak_mb": peak_mb(),
        "suggestions": sum(len(f) for f in matches.suggestions.values()),
    }


def measure(entries: int, worst: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix=f"match-{entries}-") as tmp:
        root = Path(tmp)
        generate(root, entries)
        if worst:
            all_active(root)
        result = subprocess.run(
            [sys.executable, __file__, "--one", str(root)],
            capture_output=True,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        if result.returncode != 0:
            sys.exit(result.stderr)
        return {"entries": entries, **json.loads(result.stdout)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_here(args.one)))
        return
    print(f"# {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print("case       entries  demands  offers  terms  vectors_s  match_s  loaded_MB  peak_MB")
    for worst in (False, True):
        for n in args.entries:
            r = measure(n, worst)
            print(
                f"{'all open' if worst else 'generated':9s}  {n:7d}  {r['demands']:7d}  "
                f"{r['offers']:6d}  {r['terms']:5d}  {r['vectors_s']:9.2f}  "
                f"{r['match_s']:7.2f}  {r['loaded_mb']:9.0f}  {r['peak_mb']:7.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
