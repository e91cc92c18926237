"""Rebuild time of `mkdocs serve` after editing one entry.

    python benchmarks/serve_rebuild.py --entries 10000

Generates a catalog project (``generate_catalog.generate`` with the mkdocs.yml of
``benchmarks/mkdocs.site.yml``), starts ``mkdocs serve`` on it (with its file watcher)
on a free port and waits until the home page answers 200. Then, for each of a few
different entries (a resource, a demand and a project by default): changes the entry's
title in its YAML file to a new unique string and measures the time from the write until
the entry's page, fetched over HTTP every 50 ms, shows the new title. The server is given
time to settle before the next edit. Reported: each edit's time and their median, and,
parsed from the server's log (stamped as each line arrives), the time from the edit to
"Detected file changes" (the watcher polls every 0.5 s) and from "Building
documentation..." to "Reloading browsers" (the rebuild itself).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from compare_build import machine, make_ours

POLL_S = 0.05


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return int(response.status), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except OSError:
        return 0, ""


class Server:
    """``mkdocs serve`` in its own process group, its log lines stamped on arrival."""

    def __init__(self, root: Path, port: int) -> None:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=root,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        self.url = f"http://127.0.0.1:{port}/"
        self.lines: list[tuple[float, str]] = []
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            with self._lock:
                self.lines.append((time.monotonic(), line.rstrip("\n")))

    def log_since(self, since: float) -> list[tuple[float, str]]:
        with self._lock:
            return [(t, line) for t, line in self.lines if t >= since]

    def tail(self, n: int = 40) -> str:
        with self._lock:
            return "\n".join(line for _, line in self.lines[-n:])

    def wait_for_http(self, url: str, needle: str | None, timeout: float) -> float | None:
        """Poll ``url`` every 50 ms until it answers 200 (containing ``needle``)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"mkdocs serve exited:\n{self.tail()}")
            status, body = fetch(url)
            if status == 200 and (needle is None or needle in body):
                return time.monotonic()
            time.sleep(POLL_S)
        return None

    def wait_for_log(self, text: str, since: float, timeout: float) -> float | None:
        deadline = time.monotonic() + timeout
        while True:  # look at least once
            for t, line in self.log_since(since):
                if text in line:
                    return t
            if self.proc.poll() is not None or time.monotonic() >= deadline:
                return None
            time.sleep(POLL_S)

    def stop(self) -> None:
        """Interrupt the whole process group (mkdocs then cleans up), then insist."""
        for sig, wait in ((signal.SIGINT, 30), (signal.SIGTERM, 10), (signal.SIGKILL, 10)):
            if self.proc.poll() is not None:
                break
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.proc.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                continue
        self._reader.join(timeout=5)


def _edit_title(path: Path, title: str) -> None:
    # generate_catalog writes JSON (valid YAML); keep the format.
    data = json.loads(path.read_text(encoding="utf-8"))
    data["title"] = title
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def pick_entries(entries: int, edits: int) -> list[tuple[str, str]]:
    """(kind, id) of ``edits`` different entries from the middle of the catalog."""
    middle = max(0, entries // 2 - edits // 2)
    picked = []
    for i in range(middle, min(entries, middle + edits)):
        kind = ("resources", "demands", "projects")[i % 3]
        picked.append((kind, f"{kind[:-1]}-{i:06d}"))
    return picked


def measure(
    root: Path, entries: int, edits: int = 3, timeout: float = 1800, settle: float = 2.0
) -> dict[str, Any]:
    """Serve the project in ``root`` and time ``edits`` one-entry edits."""
    server = Server(root, free_port())
    result: dict[str, Any] = {"entries": entries, "edits": []}
    try:
        start = time.monotonic()
        if server.wait_for_http(server.url, None, timeout) is None:
            raise RuntimeError(f"no answer from mkdocs serve in {timeout} s:\n{server.tail()}")
        result["first_build_s"] = time.monotonic() - start
        time.sleep(settle)  # let the polling watcher take its first snapshot
        for n, (kind, eid) in enumerate(pick_entries(entries, edits), 1):
            title = f"Edited title {n} {time.time_ns()}"
            url = f"{server.url}{kind}/{eid}/"
            edited = time.monotonic()
            _edit_title(root / "catalog" / kind / f"{eid}.yaml", title)
            seen = server.wait_for_http(url, title, timeout)
            if seen is None:
                raise RuntimeError(f"{url} never showed the new title:\n{server.tail()}")
            reloaded = server.wait_for_log("Reloading browsers", edited, timeout)
            detected = server.wait_for_log("Detected file changes", edited, 0)
            building = server.wait_for_log("Building documentation", edited, 0)
            result["edits"].append(
                {
                    "entry": f"{kind}/{eid}",
                    "observed_s": seen - edited,
                    "detected_s": None if detected is None else detected - edited,
                    "build_log_s": (
                        None if building is None or reloaded is None else reloaded - building
                    ),
                    "title_seen": True,
                }
            )
            time.sleep(settle)
    finally:
        server.stop()
    result["log_tail"] = server.tail(10)
    observed = [e["observed_s"] for e in result["edits"]]
    logged = [e["build_log_s"] for e in result["edits"] if e["build_log_s"] is not None]
    result["median_observed_s"] = statistics.median(observed)
    result["median_build_log_s"] = statistics.median(logged) if logged else None
    return result


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10000)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=1800, help="seconds for each wait")
    parser.add_argument("--workdir", type=Path, help="keep the project here (default: temp)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)

    print(f"# {machine()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="serve-rebuild-") as tmp:
        root = (args.workdir or Path(tmp)) / f"serve-{args.entries}"
        make_ours(root, args.entries)
        result = measure(root, args.entries, args.edits, args.timeout)
    print(f"\n## mkdocs serve, {args.entries} entries")
    print(f"first build until the home page answers: {result['first_build_s']:.1f} s")
    print(f"{'entry':<28} {'observed_s':>10} {'detected_s':>10} {'build_log_s':>11}")
    for e in result["edits"]:
        print(
            f"{e['entry']:<28} {e['observed_s']:10.2f} {_fmt(e['detected_s']):>10} "
            f"{_fmt(e['build_log_s']):>11}"
        )
    print(
        f"median: edit to new title served {result['median_observed_s']:.2f} s; "
        f"rebuild as logged {_fmt(result['median_build_log_s'])} s"
    )
    if args.json:
        args.json.write_text(
            json.dumps({"machine": machine(), "result": result}, indent=1), encoding="utf-8"
        )
    return result


if __name__ == "__main__":
    main()
