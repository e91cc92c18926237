"""The files that answer a listing's first filter choice (publish/facet_files.py): one per
listing, language and value that entries have, holding that value's count, the other
filters' counts within it and its first page of cards in the listing's order; the same
bytes from one build to the next. The browser's side is test_first_choice_browser.py."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.model.catalog import LANGUAGES
from generator.pipeline import loaded
from generator.publish.facet_files import SAFE_VALUE, decode, facet_files
from generator.site.cards import SORTS, card, sort_values
from generator.site.facets import FACETS, FIRST_CHOICE_LISTINGS, entry_facets, listing_facets
from generator.site.page_plans import plan_pages

from conftest import (
    BUILD_EPOCH,
    CAMPAIGN_FILES,
    REPO,
    add_plugin_options,
    create_project,
    html_page,
    mkdocs_build,
)

TODAY = dt.date(2021, 3, 15)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return create_project(tmp_path_factory.mktemp("facet-files") / "project", CAMPAIGN_FILES)


@pytest.fixture(scope="module")
def files(project) -> dict[str, bytes]:
    catalog, problems = loaded(project)
    assert problems == []
    return facet_files(catalog, TODAY, page_size=2)


def test_one_file_per_value_that_entries_have(project, files):
    """Exactly the values the filter form shows (a count above 0) get a file."""
    catalog, _ = loaded(project)
    expected = set()
    for plural in FIRST_CHOICE_LISTINGS:
        for language in LANGUAGES:
            for facet in listing_facets(catalog, plural, language):
                for value in facet.values:
                    assert value.count > 0
                    path = f"facets/{language}/{plural}/{facet.key}/{value.id}.json.gz"
                    expected.add(path)
                    assert decode(files[path])["total"] == value.count
    assert set(files) == expected
    assert list(files) == sorted(files)
    # optics is in the taxonomy, but no resource has it: no file, and no checkbox
    assert not any(path.endswith("/optics.json.gz") for path in files if "/resources/" in path)
    assert "facets/en/projects/field/optics.json.gz" not in files
    assert all(
        SAFE_VALUE.fullmatch(path.rsplit("/", 1)[1].removesuffix(".json.gz")) for path in files
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("plural", FIRST_CHOICE_LISTINGS)
def test_counts_and_first_cards_of_each_value(project, files, plural, language):
    catalog, _ = loaded(project)
    entries = catalog.entries[plural].values()
    order = f"{SORTS[plural][0]}-{plural}"
    keys = [key for key, _ in FACETS[plural]]
    prefix = "zh/" if language == "zh" else ""
    for path, raw in files.items():
        if not path.startswith(f"facets/{language}/{plural}/"):
            continue
        key, value = path.removesuffix(".json.gz").split("/")[-2:]
        data = decode(raw)
        matched = sorted(
            (e for e in entries if (key, value) in set(entry_facets(e))),
            key=lambda e: sort_values(e, language, TODAY)[order],
        )
        assert data["total"] == len(matched)
        # every other filter, values with none left out; not the chosen one
        counts = {
            other: dict(Counter(v for e in matched for k, v in set(entry_facets(e)) if k == other))
            for other in keys
            if other != key
        }
        assert data["counts"] == {k: v for k, v in counts.items() if v}
        assert all(n > 0 for found in data["counts"].values() for n in found.values())
        # the first page, in the listing's first order, as the search index has each card
        assert data["cards"] == [
            {
                "card": json.loads(card(e, language, TODAY, catalog.fields).index_data()),
                "url": f"{prefix}{plural}/{e.id}/",
            }
            for e in matched[:2]
        ]


def test_cards_are_in_the_files_language(files):
    en = decode(files["facets/en/demands/status/matched.json.gz"])
    zh = decode(files["facets/zh/demands/status/matched.json.gz"])
    # the card by position (Card.index_data): badges are [class, text, title?], lang last
    assert [c["card"][4][1] for c in en["cards"]] == [["=matched", "Matched"]] * 2
    assert [c["card"][4][1] for c in zh["cards"]] == [["=matched", "已对接"]] * 2
    assert [c["card"][-1] for c in zh["cards"]] == ["en", "en"]  # no Chinese title
    assert [c["url"] for c in zh["cards"]] == [
        "zh/demands/lake-demand/",
        "zh/demands/sensor-calibration/",
    ]


def test_the_files_are_the_same_bytes_in_every_process(project, files):
    """No time stamp, sorted keys, nothing from the order of a set or a hash."""
    code = (
        "import datetime, hashlib, sys\n"
        "from generator.pipeline import loaded\n"
        "from generator.publish.facet_files import facet_files\n"
        "files = facet_files(loaded(sys.argv[1])[0], datetime.date(2021, 3, 15), page_size=2)\n"
        "print(hashlib.sha256(b''.join(p.encode() + b for p, b in files.items())).hexdigest())"
    )
    digests = set()
    for seed in ("1", "2", "3"):
        result = subprocess.run(
            [sys.executable, "-c", code, str(project)],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
        )
        digests.add(result.stdout.strip())
    here = hashlib.sha256(b"".join(p.encode() + b for p, b in files.items())).hexdigest()
    assert digests == {here}


def test_a_build_writes_them_and_the_listings_say_where(tmp_path):
    root = create_project(tmp_path / "project", CAMPAIGN_FILES, page_size=1)
    result = mkdocs_build(root, env={"SOURCE_DATE_EPOCH": BUILD_EPOCH})
    assert result.returncode == 0, result.stderr
    assert "Listing filters: " in result.stderr and " first-choice files, " in result.stderr
    site = root / "site"
    written = sorted(p.relative_to(site).as_posix() for p in (site / "facets").rglob("*.gz"))
    catalog, _ = loaded(root)
    expected = facet_files(catalog, TODAY, page_size=1)
    assert written == list(expected)
    assert all((site / path).read_bytes() == raw for path, raw in expected.items())
    for language in ("", "zh/"):
        for plural in FIRST_CHOICE_LISTINGS:
            # the filters are on a listing's first page (the others link to them)
            browse = html_page(site, f"{language}{plural}").select_one("[data-catalog-browse]")
            assert browse is not None
            lang = "zh" if language else "en"
            assert browse["data-first-choice"] == f"facets/{lang}/{plural}/"
            assert (
                html_page(site, f"{language}{plural}/page/2").select_one("[data-first-choice]")
                is None
            )
        # listings without such files
        for plural in ("organizations", "conferences", "news"):
            browse = html_page(site, f"{language}{plural}").select_one("[data-catalog-browse]")
            assert browse is not None and not browse.has_attr("data-first-choice")


def test_material_search_has_no_listing_filters_and_no_files(tmp_path):
    root = create_project(tmp_path / "project", CAMPAIGN_FILES)
    add_plugin_options(root, {"search": "material"}, before="search")
    result = mkdocs_build(root, env={"SOURCE_DATE_EPOCH": BUILD_EPOCH})
    assert result.returncode == 0, result.stderr
    assert not (root / "site" / "facets").exists()
    page = BeautifulSoup(
        (root / "site/resources/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert page.select_one("[data-first-choice]") is None


def test_listings_point_to_the_files_only_when_the_build_writes_them(project):
    """A preview (`mkdocs serve`) and Material's search write none: their listings then
    have no data-first-choice, and every choice asks Pagefind."""
    catalog, _ = loaded(project)
    for written in (True, False):
        folders = {
            plan.src_uri: plan.context["listing"].first_choice
            for plan in plan_pages(catalog, page_size=1, today=TODAY, first_choice=written)
            if "listing" in plan.context
        }
        for language in LANGUAGES:
            prefix = "zh/" if language == "zh" else ""
            for plural in FIRST_CHOICE_LISTINGS:
                expected = f"facets/{language}/{plural}/" if written else ""
                assert folders[f"{prefix}{plural}/index.md"] == expected
                assert folders[f"{prefix}{plural}/page/2.md"] == expected
            for other in ("organizations", "conferences", "news", "news/2021"):
                assert folders[f"{prefix}{other}/index.md"] == ""
