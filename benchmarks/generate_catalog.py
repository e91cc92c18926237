"""Write a synthetic campaign project of any size, for benchmarks and scale tests.

    python benchmarks/generate_catalog.py --entries 500 --out /tmp/big [--style yaml]

The output is a complete project (mkdocs.yml, catalog/, content/) that uses this
repository's theme/. Text mixes English and Chinese like the real catalog; the same
arguments always give the same files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from collections.abc import Callable
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent

FIELDS = {
    "composite-materials": ("Composite materials", "复合材料"),
    "satellite-navigation": ("Satellite navigation", "卫星导航"),
    "industrial-internet": ("Industrial internet", "工业互联网"),
    "intelligent-manufacturing": ("Intelligent manufacturing", "智能制造"),
    "testing-certification": ("Testing and certification", "检验检测"),
    "electronics": ("Electronics", "电子元器件"),
    "new-energy": ("New energy", "新能源"),
    "artificial-intelligence": ("Artificial intelligence", "人工智能"),
    "optics-photonics": ("Optics and photonics", "光学与光电子"),
    "biomedicine": ("Biomedicine", "生物医药"),
}
NOUNS = [
    "sensor",
    "composite panel",
    "navigation receiver",
    "test bench",
    "battery pack",
    "inspection system",
    "control software",
    "laser module",
    "data platform",
    "actuator",
    "thermal coating",
    "antenna array",
    "edge gateway",
    "digital twin",
    "drone airframe",
]
ADJECTIVES = [
    "low-power",
    "high-temperature",
    "lightweight",
    "autonomous",
    "radiation-hardened",
    "low-cost",
    "high-precision",
    "modular",
    "wireless",
    "recyclable",
]
ZH = [
    "复合材料",
    "卫星导航",
    "工业互联网",
    "智能制造",
    "检验检测",
    "人工智能",
    "新能源",
    "精密测量",
]
SENTENCES = [
    "The work builds on several years of laboratory results.",
    "A prototype has been tested under realistic conditions.",
    "Partners are expected to contribute application scenarios and test data.",
    "The team can provide samples for evaluation on request.",
    "Results will be shared under a joint agreement.",
]


def _json_yaml(data: dict) -> str:
    # JSON is valid YAML and needs no quoting rules of its own.
    return json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n"


def _block_yaml(data: dict) -> str:
    # What people write: block mappings and lists, plain scalars, unquoted dates.
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


STYLES: dict[str, Callable[[dict], str]] = {"json": _json_yaml, "yaml": _block_yaml}


def generate(out: Path, entries: int, seed: int = 1, style: str = "json") -> dict[str, int]:
    """Write a project with about ``entries`` resources, demands and projects in all.

    ``style`` is how the YAML files are written: ``json`` (JSON, which is YAML) or
    ``yaml`` (block YAML as ``yaml.safe_dump`` writes it, like real catalog files).
    """
    rng = random.Random(seed)
    _yaml = STYLES[style]
    catalog = out / "catalog"
    for folder in ("organizations", "conferences", "resources", "demands", "projects"):
        (catalog / folder).mkdir(parents=True, exist_ok=True)
    (out / "content" / "news").mkdir(parents=True, exist_ok=True)

    taxonomy = {"fields": {k: {"name": en, "name_zh": zh} for k, (en, zh) in FIELDS.items()}}
    (catalog / "taxonomy.yaml").write_text(_yaml(taxonomy), encoding="utf-8")

    n_groups = max(2, entries // 200)
    n_orgs = max(4, entries // 20)
    groups = [f"group-{i:03d}" for i in range(n_groups)]
    units = [f"unit-{i:04d}" for i in range(n_orgs)]
    universities = [f"university-{i:03d}" for i in range(max(2, n_orgs // 4))]
    for gid in groups:
        org = {"name": f"Enterprise Group {gid[-3:]}", "kind": "enterprise", "sample": True}
        (catalog / "organizations" / f"{gid}.yaml").write_text(_yaml(org), encoding="utf-8")
    for uid in units:
        org = {
            "name": f"Industrial Unit {uid[-4:]}",
            "kind": rng.choice(["enterprise", "institute"]),
            "parent": rng.choice(groups),
            "location": rng.choice(["Beijing", "Wuhan", "Guiyang", "Changsha", "Shenzhen"]),
            "sample": True,
        }
        (catalog / "organizations" / f"{uid}.yaml").write_text(_yaml(org), encoding="utf-8")
    for uid in universities:
        org = {"name": f"University {uid[-3:]}", "kind": "university", "sample": True}
        (catalog / "organizations" / f"{uid}.yaml").write_text(_yaml(org), encoding="utf-8")

    n_confs = max(2, entries // 100)
    conferences = [f"conference-{i:03d}" for i in range(n_confs)]
    start = dt.date(2020, 1, 1)
    for i, cid in enumerate(conferences):
        conf = {
            "title": f"Matchmaking conference {i + 1}",
            "date": start + dt.timedelta(days=30 * i),
            "hosts": [rng.choice(groups), rng.choice(universities)],
            "format": rng.choice(["online", "offline", "hybrid"]),
            "attendees": rng.randint(30, 300),
            "participants": rng.sample(units, k=min(5, len(units))),
            "summary": "A synthetic conference generated for benchmarks.",
            "sample": True,
        }
        (catalog / "conferences" / f"{cid}.yaml").write_text(_yaml(conf), encoding="utf-8")

    counts = {"resources": 0, "demands": 0, "projects": 0}
    for i in range(entries):
        kind = ("resources", "demands", "projects")[i % 3]
        noun, adj = rng.choice(NOUNS), rng.choice(ADJECTIVES)
        zh = rng.choice(ZH)
        entry: dict = {
            "title": f"{adj.capitalize()} {noun} {i}",
            "summary": f"{adj.capitalize()} {noun} for aerospace and industry ({zh}).",
            "organization": rng.choice(universities if kind == "projects" else units),
            "fields": rng.sample(sorted(FIELDS), k=rng.randint(1, 3)),
            "keywords": [noun, adj, zh],
            "conferences": [rng.choice(conferences)],
            "description": "\n\n".join(rng.sample(SENTENCES, k=3)) + f"\n\n关键词：{zh}。",
            "updated": start + dt.timedelta(days=rng.randint(0, 2000)),
            "sample": True,
        }
        if kind == "resources":
            entry["kind"] = rng.choice(["equipment", "facility", "testing", "platform", "data"])
        elif kind == "demands":
            entry["cooperation"] = rng.choice(["joint-rd", "license", "purchase", "testing"])
            entry["status"] = rng.choice(["open", "in-negotiation", "matched", "closed"])
            entry["deadline"] = start + dt.timedelta(days=rng.randint(0, 3000))
        else:
            entry["trl"] = rng.randint(1, 9)
            entry["seeking"] = rng.sample(["investment", "partner", "testing", "talent"], k=2)
        path = catalog / kind / f"{kind[:-1]}-{i:06d}.yaml"
        path.write_text(_yaml(entry), encoding="utf-8")
        counts[kind] += 1

    for i, cid in enumerate(conferences[:20]):
        date = start + dt.timedelta(days=30 * i + 1)
        text = (
            f"---\ntitle: Conference {i + 1} held\ndate: {date}\nconference: {cid}\n"
            "sample: true\n---\n\nA synthetic release generated for benchmarks.\n"
        )
        (out / "content" / "news" / f"{date}-{cid}.md").write_text(text, encoding="utf-8")
    (out / "content" / "index.md").write_text(
        "---\ntemplate: catalog/home.html\n---\n\n# Synthetic campaign\n", encoding="utf-8"
    )
    (out / "mkdocs.yml").write_text(
        (REPO / "benchmarks" / "mkdocs.template.yml")
        .read_text(encoding="utf-8")
        .replace("{theme}", str(REPO / "theme")),
        encoding="utf-8",
    )
    counts.update(
        organizations=len(groups) + len(units) + len(universities),
        conferences=len(conferences),
        news=min(20, len(conferences)),
    )
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=500)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--style",
        choices=sorted(STYLES),
        default="json",
        help="json: JSON-flavoured YAML (default); yaml: block YAML",
    )
    args = parser.parse_args()
    print(json.dumps(generate(args.out, args.entries, args.seed, args.style)))


if __name__ == "__main__":
    main()
