"""Loading with a cache (`mkdocs serve` rebuilds) and in worker processes (large
catalogs) gives exactly what a plain load gives: the same entries, documents, reverse
links and problems, in the same order."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.check.problems import Problem
from generator.load import read_files as file_stages
from generator.load.cache import LoadCache
from generator.model.catalog import LANGUAGES, Catalog
from generator.pipeline import check, loaded

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from generate_catalog import generate  # noqa: E402

# Files with problems of every kind a file can have on its own or with others.
BROKEN = {
    "catalog/resources/broken-yaml.yaml": "title: [unclosed\nsummary: x\n",
    "catalog/resources/todo.yaml": """\
        title: TODO
        summary: Still a placeholder.
        organization: acme
        fields: [composite-materials]
        """,
    "catalog/resources/dangling.yaml": """\
        title: Names a missing organization
        summary: Its organization does not exist.
        organization: nobody
        fields: [composite-materials, no-such-field]
        sample: yes
        """,
    "catalog/resources/extra/dangling.yaml": "title: Same id in a subfolder\n",
    "catalog/demands/Bad_Name.yaml": "title: x\nsummary: y\n",
    "catalog/projects/typed.yaml": """\
        title: 2020-07-08
        summary: no
        organization: acme
        fields: [composite-materials]
        trl: 0o7
        trl: 3
        """,
}


def snapshot(catalog: Catalog, problems: list[Problem]) -> dict[str, Any]:
    """Everything a load returns, as plain comparable data."""
    return {
        "problems": [p.format_text() for p in problems],
        "files_checked": catalog.files_checked,
        "file_ids": catalog.file_ids,
        "taxonomy": repr(catalog.taxonomy),
        "entries": {
            plural: [
                (
                    entry.id,
                    repr(entry.model),
                    entry.source.path,
                    {
                        name: [getattr(r, "id", None) for r in refs]
                        for name, refs in entry.refs.items()
                    },
                )
                for entry in entries.values()
            ]
            for plural, entries in catalog.entries.items()
        },
        "docs": {
            plural: [
                (d.path, d.id, repr(d.data), d.value_pos, d.key_pos, d.raw, d.reported)
                for d in docs
            ]
            for plural, docs in catalog.docs.items()
        },
        "news": [(n.id, repr(n.meta)) for n in catalog.news],
    }


@pytest.fixture
def project(make_project) -> Path:
    root = make_project(BROKEN)
    generate(root / "generated", 60, style="yaml")
    # the generated entries join the project's catalog (their organizations too)
    for folder in (root / "generated" / "catalog").iterdir():
        if folder.is_dir():
            for path in folder.iterdir():
                path.rename(root / "catalog" / folder.name / path.name)
    return root


def test_parallel_load_gives_the_serial_result(project):
    serial = snapshot(*loaded(project, workers=1))
    assert serial["problems"] and serial["entries"]["resources"]
    assert snapshot(*loaded(project, workers=2)) == serial
    assert snapshot(*loaded(project, workers=3)) == serial


def test_the_parallel_path_is_taken_above_the_threshold(project, monkeypatch):
    serial = snapshot(*loaded(project, workers=1))
    runs: list[int] = []
    original = file_stages._run

    def run(todo, workers):
        runs.append(workers)
        return original(todo, workers)

    monkeypatch.setattr(file_stages, "_run", run)
    monkeypatch.setattr(file_stages, "PARALLEL_MIN_FILES", 10)
    monkeypatch.setattr(file_stages, "workers_for", lambda tasks, per_worker: 2)
    assert snapshot(*loaded(project)) == serial
    assert runs == [2]
    monkeypatch.setattr(file_stages, "PARALLEL_MIN_FILES", 10_000)
    assert snapshot(*loaded(project)) == serial
    assert runs == [2, 1]


# Python 3.11's pool also fails, in its own thread, to mark the chunks this process took
# over as broken (InvalidStateError on a cancelled future); the load is unaffected.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_worker_that_dies_does_not_hang_the_load(project, monkeypatch):
    """The chunks of a worker killed (e.g. for lack of memory) are loaded in this process."""
    serial = snapshot(*loaded(project, workers=1))
    parent = os.getpid()
    original = file_stages.load_file

    def load_file(job, raw=None):
        if os.getpid() != parent:
            os._exit(1)
        return original(job, raw)

    monkeypatch.setattr(file_stages, "load_file", load_file)
    assert snapshot(*loaded(project, workers=2)) == serial


def test_cached_reload_after_edits_matches_a_fresh_load(project):
    cache = LoadCache()
    first = snapshot(*loaded(project, cache=cache))
    assert first == snapshot(*loaded(project))
    files = sum(len(docs) for docs in first["docs"].values())  # every catalog entry file
    assert (cache.hits, cache.misses, len(cache)) == (0, files, files)

    # one file edited into an error, one fixed, one deleted, one added
    resources = project / "catalog" / "resources"
    (resources / "resource-000000.yaml").write_text(
        "title: Edited\nsummary: Now names nobody.\norganization: nobody\n", encoding="utf-8"
    )
    (resources / "todo.yaml").write_text(
        "title: Done\nsummary: Filled in.\norganization: acme\nfields: [composite-materials]\n",
        encoding="utf-8",
    )
    (resources / "broken-yaml.yaml").unlink()
    (project / "catalog" / "demands" / "new-demand.yaml").write_text(
        "title: New\nsummary: Added since.\norganization: acme\nfields: [composite-materials]\n",
        encoding="utf-8",
    )
    cached = snapshot(*loaded(project, cache=cache))
    assert cached == snapshot(*loaded(project))
    assert cached != first
    assert (cache.hits, cache.misses) == (files - 3, files + 3)
    assert len(cache) == files  # the deleted file is forgotten

    # renaming an organization changes the references of files that did not change
    orgs = project / "catalog" / "organizations"
    (orgs / "acme.yaml").rename(orgs / "acme-renamed.yaml")
    renamed = snapshot(*loaded(project, cache=cache))
    assert renamed == snapshot(*loaded(project))
    assert any("organization 'acme' does not exist" in p for p in renamed["problems"])


def test_cached_objects_do_not_carry_state_between_loads(project):
    cache = LoadCache()
    catalog1, _ = loaded(project, cache=cache)
    before = snapshot(catalog1, [])
    catalog2, _ = loaded(project, cache=cache)
    assert cache.hits == cache.misses == len(cache)
    acme1, acme2 = catalog1.organizations["acme"], catalog2.organizations["acme"]
    # documents and frozen models are shared; entries and their reverse links are not
    assert acme1.source is acme2.source and acme1.model is acme2.model
    assert acme1 is not acme2 and acme1.refs is not acme2.refs
    for catalog in (catalog1, catalog2):  # every link leads within its own catalog
        own = {id(e) for es in catalog.entries.values() for e in es.values()}
        own |= {id(n) for n in catalog.news}
        refs = [
            r
            for es in catalog.entries.values()
            for e in es.values()
            for rs in e.refs.values()
            for r in rs
        ]
        assert refs and all(id(r) in own for r in refs)
    assert snapshot(catalog1, []) == before == snapshot(catalog2, [])
    with pytest.raises(Exception, match="frozen"):
        acme2.model.name = "changed"  # type: ignore[misc]


def test_an_entrys_texts_stay_with_its_model_and_follow_an_edit(project):
    """``Entry.text`` depends on the model alone: while a file is unchanged, the entries
    of successive cached loads share its texts (a preview knows them by identity);
    an edited file's entry has its new texts, and sorts by its new title."""
    cache = LoadCache()
    first, _ = loaded(project, cache=cache)
    kept, edited = "resource-000000", "resource-000003"
    before = {lang: first.resources[edited].text(lang) for lang in LANGUAGES}
    kept_texts = {lang: first.resources[kept].text(lang) for lang in LANGUAGES}
    path = project / "catalog" / "resources" / f"{edited}.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("title: ", "title: AAA edited ", 1),
        encoding="utf-8",
    )
    again, _ = loaded(project, cache=cache)
    fresh, _ = loaded(project)
    # texts only in the assertions: pytest would spell out an entry, whose reverse
    # links lead to every other entry, for as long as it takes
    for lang in LANGUAGES:
        kept_now = again.resources[kept].text(lang)
        edited_now = again.resources[edited].text(lang)
        edited_fresh = fresh.resources[edited].text(lang)
        assert kept_now is kept_texts[lang]
        assert edited_now == edited_fresh
    edited_en = again.resources[edited].text("en")
    assert edited_en != before["en"]
    assert edited_en.title.startswith("AAA edited ")
    order = [e.id for e in again.sorted("resources")]
    assert order == [e.id for e in fresh.sorted("resources")] and order[0] == edited


def test_without_links_the_problems_are_the_same(project):
    """`campaign validate` skips the reverse links, which never add a problem."""
    full = snapshot(*loaded(project))
    checked = check(project)
    bare_catalog = checked.catalog
    bare = snapshot(bare_catalog, sorted(checked.problems + checked.translations))
    assert bare["problems"] == full["problems"] and bare["docs"] == full["docs"]
    assert all(not e.refs for es in bare_catalog.entries.values() for e in es.values())


def test_files_unchanged_since_long_ago_are_not_read_again(project, monkeypatch):
    old = 1_600_000_000  # 2020: well before the last load
    for path in (project / "catalog").rglob("*.yaml"):
        os.utime(path, (old, old))
    cache = LoadCache()
    first = snapshot(*loaded(project, cache=cache))
    edited = project / "catalog" / "resources" / "resource-000003.yaml"
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("title: ", "title: Edited ", 1),
        encoding="utf-8",
    )
    read: list[str] = []
    real = Path.read_bytes

    def counting(self: Path) -> bytes:
        read.append(self.name)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    again = snapshot(*loaded(project, cache=cache))
    # of the entry files, only the edited one (its time is new) was read again
    assert [name for name in read if name != "taxonomy.yaml" and name.endswith(".yaml")] == [
        "resource-000003.yaml"
    ]
    monkeypatch.setattr(Path, "read_bytes", real)
    assert again == snapshot(*loaded(project))
    assert again != first
