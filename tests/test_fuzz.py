"""Fuzzing the loader and the validator: random text and bytes, random YAML documents,
and random mutations of valid entries. Every run ends either valid or with problems
located in a file that exists (line and column from 1); no exception escapes.

The examples are derandomized and bounded, so a run is repeatable and quick.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.check.problems import Problem
from generator.load.validation import validate
from generator.load.yaml_source import parse_yaml
from generator.model.catalog import ENTRY_TYPES
from generator.model.formats import NewsMeta, Taxonomy
from generator.pipeline import loaded

from conftest import BASE_FILES, create_project

FUZZ = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

RESOURCE = "catalog/resources/composite-lab.yaml"
NEWS = "content/news/2020-07-08-meeting.md"
MODELS = [t.model for t in ENTRY_TYPES] + [Taxonomy, NewsMeta]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return create_project(tmp_path_factory.mktemp("fuzz") / "project")


def check_located(root: Path, problems: list[Problem], replaced: dict[str, bytes]) -> None:
    """Each problem names a file that exists, and a line within it."""
    for p in problems:
        assert p.line >= 1 and p.col >= 1, p
        if p.message.startswith("taxonomy file is missing"):
            continue
        path = root / p.path
        assert path.is_file(), p
        data = replaced.get(p.path) or path.read_bytes()
        lines = data.count(b"\n") + 1
        assert p.line <= lines, (p, lines)
        assert p.message and "Traceback" not in p.message, p


def load_with(root: Path, rel: str, data: bytes) -> None:
    """Load the project with ``rel`` replaced by ``data``; check the outcome."""
    path = root / rel
    original = path.read_bytes()
    path.write_bytes(data)
    try:
        catalog, problems = loaded(root)
    finally:
        path.write_bytes(original)
    check_located(root, problems, {rel: data})
    valid = (
        any(n.src_uri == "news/2020-07-08-meeting.md" for n in catalog.news)
        if rel == NEWS
        else "composite-lab" in catalog.resources
    )
    mine = [p for p in problems if p.path == rel]
    # a file left out of the catalog is always reported (one in it may still name an
    # entry that does not exist, which is reported too)
    assert valid or mine, "an invalid file must be reported"


@FUZZ
@given(st.text(max_size=400))
def test_random_text(project, text):
    load_with(project, RESOURCE, text.encode("utf-8"))


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes(project, data):
    load_with(project, RESOURCE, data)


@FUZZ
@given(st.text(max_size=300))
def test_random_front_matter(project, text):
    load_with(project, NEWS, f"---\n{text}\n---\n\nBody.\n".encode())


# --- Random YAML documents, typed the way YAML can type them ---

KEYS = st.sampled_from(
    ["title", "summary", "organization", "fields", "keywords", "contact", "email", "kind",
     "description", "updated", "conferences", "sample", "name", "id", "<<", "on", "no"]
)  # fmt: skip
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=dt.date(1, 1, 1)),
    st.text(max_size=30),
    st.sampled_from(["acme-lab", "composite-materials", "a@example.com", "https://x.org"]),
)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(KEYS, st.text(max_size=8)), inner, max_size=6),
    ),
    max_leaves=25,
)


@FUZZ
@given(DOCUMENTS, st.booleans())
def test_random_yaml_documents(project, data, flow):
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow)
    load_with(project, RESOURCE, text.encode("utf-8"))


@FUZZ
@given(DOCUMENTS)
def test_every_model_validates_or_locates(data):
    text = yaml.safe_dump(data, allow_unicode=True)
    for model in MODELS:
        doc, problems = parse_yaml(text, "x.yaml")
        if doc.data is not None:
            problems += validate(model, doc)[1]
        for p in problems:
            assert p.path == "x.yaml" and p.line >= 1 and p.col >= 1, p


# --- Mutations of valid files ---

VALID = textwrap.dedent(BASE_FILES[RESOURCE])
VALID_NEWS = textwrap.dedent(BASE_FILES[NEWS])
ODD_VALUES = [
    "yes", "no", "NO", "on", "~", "", "010", "0o10", "1:20", "1e3", ".nan", "-.inf",
    "2020-02-30", "2020-07-08 10:00", "[]", "{}", "[a, [b, [c]]]", "'unterminated",
    '"\\x00"', '"\\u202e"', "&a x", "*a", "*undefined", "!!binary aGk=", "!foo x",
    "!!python/object:os.system x", "9" * 5000, "x" * 21000, "|", ">-", "@at", "`tick",
    "a: b", "- a", "? x", "%TAG", "---", "...", "<script>__pwned=1</script>",
]  # fmt: skip
TAGS = ["!!int ", "!!str ", "!!float ", "!!bool ", "!!null ", "!!timestamp ", "!!set ",
        "!!seq ", "!!map ", "!!binary ", "!local ", "&anchor ", "!<tag:x> "]  # fmt: skip
CHARACTERS = ["\x00", "\x01", "\x1b", "\x7f", "\x85", "\u2028", "\u202e", "\ufeff", "\t",
              "\r", "\n", " ", ":", "#", "'", '"', "{", "[", "&", "*", "!", "|"]  # fmt: skip


def _mutation(kind: str, n: int, choice: str) -> Callable[[str], str]:
    def apply(text: str) -> str:
        lines = text.split("\n")
        i = n % max(len(lines), 1)
        if kind == "drop":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "rekey" and ":" in lines[i]:
            lines[i] = choice + lines[i][lines[i].index(":") :]
        elif kind == "retype" and ": " in lines[i]:
            lines[i] = lines[i][: lines[i].index(": ") + 2] + choice
        elif kind == "retag" and ": " in lines[i]:
            at = lines[i].index(": ") + 2
            lines[i] = lines[i][:at] + choice + lines[i][at:]
        elif kind == "insert":
            pos = n % (len(text) + 1)
            return text[:pos] + choice + text[pos:]
        elif kind == "truncate":
            return text[: n % (len(text) + 1)]
        elif kind == "indent":
            lines[i] = choice[:1].replace("\n", " ") * 3 + lines[i]
        return "\n".join(lines)

    return apply


MUTATIONS = st.one_of(
    st.builds(_mutation, st.just("drop"), st.integers(0, 99), st.just("")),
    st.builds(_mutation, st.just("duplicate"), st.integers(0, 99), st.just("")),
    st.builds(_mutation, st.just("rekey"), st.integers(0, 99), KEYS),
    st.builds(_mutation, st.just("retype"), st.integers(0, 99), st.sampled_from(ODD_VALUES)),
    st.builds(_mutation, st.just("retag"), st.integers(0, 99), st.sampled_from(TAGS)),
    st.builds(_mutation, st.just("insert"), st.integers(0, 999), st.sampled_from(CHARACTERS)),
    st.builds(_mutation, st.just("truncate"), st.integers(0, 999), st.just("")),
    st.builds(_mutation, st.just("indent"), st.integers(0, 99), st.sampled_from([" ", "\t"])),
)


@FUZZ
@given(st.lists(MUTATIONS, min_size=1, max_size=4))
def test_mutated_entry(project, mutations):
    text = VALID
    for mutate in mutations:
        text = mutate(text)
    load_with(project, RESOURCE, text.encode("utf-8"))


@FUZZ
@given(st.lists(MUTATIONS, min_size=1, max_size=4))
def test_mutated_news_release(project, mutations):
    text = VALID_NEWS
    for mutate in mutations:
        text = mutate(text)
    load_with(project, NEWS, text.encode("utf-8"))


def test_the_unmutated_files_are_valid(project):
    catalog, problems = loaded(project)
    assert problems == []
    assert "composite-lab" in catalog.resources
