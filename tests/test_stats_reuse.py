"""A preview's statistics take over the last build's breakdowns of the organizations and
conferences whose entries did not change (``derive/stats.py``), and its fingerprints
their digests (``site/fingerprint.py``): after any series of edits, both are what a
build from nothing works out."""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

import yaml

from generator.derive import stats
from generator.derive.match_results import Matches
from generator.load.cache import LoadCache
from generator.pipeline import loaded
from generator.site.fingerprint import Fingerprinter, Memo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from generate_catalog import generate  # noqa: E402

TODAY = dt.date(2026, 1, 1)


def _edit(root: Path, rng: random.Random) -> None:
    """One random edit of what the statistics count: an entry's fields, status, sample
    flag, organization or conference, an entry added or deleted, a field renamed."""
    catalog = root / "catalog"
    offers = sorted(
        p for kind in ("resources", "demands", "projects") for p in (catalog / kind).iterdir()
    )
    path = rng.choice(offers)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    taxonomy = yaml.safe_load((catalog / "taxonomy.yaml").read_text(encoding="utf-8"))
    orgs = sorted(p.stem for p in (catalog / "organizations").iterdir())
    confs = sorted(p.stem for p in (catalog / "conferences").iterdir())
    what = rng.choice(
        [
            "title",
            "fields",
            "status",
            "sample",
            "organization",
            "conference",
            "delete",
            "add",
            "taxonomy",
        ]
    )
    if what == "title":
        data["title"] = f"Edited title {rng.randrange(10**6)}"
    elif what == "fields":
        data["fields"] = rng.sample(sorted(taxonomy["fields"]), k=rng.randint(1, 3))
    elif what == "status" and "status" in data:
        data["status"] = rng.choice(["open", "in-negotiation", "matched", "closed"])
    elif what == "sample":
        data["sample"] = not data.get("sample", False)
    elif what == "organization":
        data["organization"] = rng.choice(orgs)
    elif what == "conference":
        data["conferences"] = rng.sample(confs, k=rng.randint(0, 2))
    elif what == "delete":
        path.unlink()
        return
    elif what == "add":
        path = path.with_name(f"{path.stem}-copy{rng.randrange(10**6)}.yaml")
    elif what == "taxonomy":
        field = rng.choice(sorted(taxonomy["fields"]))
        taxonomy["fields"][field]["name"] = f"Renamed field {rng.randrange(10**6)}"
        (catalog / "taxonomy.yaml").write_text(yaml.safe_dump(taxonomy), encoding="utf-8")
        return
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_statistics_after_random_edits_are_those_of_a_build_from_nothing(tmp_path, monkeypatch):
    root = tmp_path / "project"
    generate(root, 90, style="yaml")
    monkeypatch.setattr(stats, "_known_breakdowns", {})
    rng = random.Random(17)
    cache, memo = LoadCache(), Memo()
    epoch = "the same epoch"
    reused = 0
    last = None
    for _ in range(25):
        for _ in range(rng.randint(1, 2)):
            _edit(root, rng)
        catalog, _problems = loaded(root, cache=cache)
        preview = stats.compute(catalog, TODAY)
        kept = stats._known_breakdowns
        # a build from nothing: new models, nothing to take over
        monkeypatch.setattr(stats, "_known_breakdowns", {})
        fresh_catalog, _ = loaded(root)
        fresh = stats.compute(fresh_catalog, TODAY)
        monkeypatch.setattr(stats, "_known_breakdowns", kept)
        assert preview == fresh

        fingerprinter = Fingerprinter(epoch, catalog, Matches(), preview, memo)
        afresh = Fingerprinter(epoch, fresh_catalog, Matches(), fresh)
        keys = [("stats", "organizations", org) for org in catalog.organizations]
        keys += [("stats", "conferences", conf) for conf in catalog.conferences]
        keys += [("stats", "entries"), ("stats", "by_organization")]
        assert [fingerprinter.current(k) for k in keys] == [afresh.current(k) for k in keys]
        memo = fingerprinter.memo()

        if last is not None:
            reused += sum(
                1
                for org, breakdown in preview.organizations.items()
                if last.organizations.get(org) is breakdown
            )
        last = preview
    # most organizations' entries are untouched by an edit: their breakdowns were taken
    # over (else this test would not have tried the reuse at all)
    assert reused > 0
