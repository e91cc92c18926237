"""Rewrite a Pagefind bundle as shards that the browser searches side by side.

Pagefind 1.5 scores every page a query matches against every (page, word) posting the
query matched, so a query's time grows with the square of the pages it matches (at
50,000 entries: 0.2 s for a word on 6,000 pages, 2 s on 16,000, 14 s on all of them).
Dealing the pages out round-robin into shards of at most ``shard_pages`` pages, which
the browser merges with Pagefind's ``mergeIndex``, turns one search over n pages into
k searches over n/k: k times less work, and every shard sees the same mix of pages, so
their scores compare.

What the rewrite keeps the same: every shard lists every word of the index (on none of
its pages if need be), because Pagefind answers a word it does not know with the longest
word it knows that starts the query; a shard without 29462 would answer with 2946.

What it costs, and how that is kept down: each shard has its own page list, chunk list
and index chunks, and a query fetches one chunk from each. So chunks are small (about
CHUNK_BYTES before compression), a frequent word gets a chunk of its own, and a shard's
pages are ordered by length and named by position (base 36), so the page list compresses
to about 2 bytes a page.

It also makes two builds of one commit byte-identical: filter values and the lists in
the metadata are sorted (Pagefind writes them in hash-map order, which changes from run
to run: Pagefind issue #638), and every data file is named after its content.

Shard 0 stays in the bundle's own folder, next to Pagefind's scripts; shard i > 0 is in
``shards/<i>/``, and ``shards.json`` lists them for ``campaign-pagefind.js``.

The layouts read and written here are Pagefind 1.x's (pagefind_web/src/metadata.rs,
index.rs and filter_index.rs); any other version is refused.
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

import cbor2

SHARDS_DIR = "shards"
MANIFEST = "shards.json"
# Bytes of encoded index data per chunk, before compression: small enough that a query
# fetches little more than its own words from each shard, large enough that the chunk
# list in the metadata stays a small part of it.
CHUNK_BYTES = 8_000
_SIGNATURE = b"pagefind_dcd"
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
_FIRST = itemgetter(0)


class BundleFormatError(Exception):
    """The bundle is not laid out as Pagefind 1.x writes it."""


def read_data(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(_SIGNATURE):
        raise BundleFormatError(f"{path} is not a Pagefind data file")
    return cbor2.loads(raw[len(_SIGNATURE) :])


def _write_raw(folder: Path, prefix: str, suffix: str, raw: bytes, digits: int) -> str:
    """Write encoded data as Pagefind does, named after its content; returns the name.

    Names are short, because every first query downloads the list of them; one that
    other content in the folder already has is made longer until it is free."""
    digest = hashlib.sha256(raw).hexdigest()
    data = gzip.compress(raw, compresslevel=9, mtime=0)
    folder.mkdir(parents=True, exist_ok=True)
    for length in range(digits, len(digest) + 1):
        name = f"{prefix}{digest[:length]}"
        path = folder / f"{name}{suffix}"
        if not path.exists() or path.read_bytes() == data:
            path.write_bytes(data)
            return name
    raise BundleFormatError(f"no free name in {folder} for data hashing to {digest}")


def _write(folder: Path, prefix: str, suffix: str, data: Any, digits: int) -> str:
    return _write_raw(folder, prefix, suffix, _SIGNATURE + cbor2.dumps(data), digits)


def _base36(n: int) -> str:
    out = ""
    while True:
        n, digit = divmod(n, 36)
        out = _DIGITS[digit] + out
        if not n:
            return out


def _array_header(n: int) -> bytes:
    """The CBOR head of an array of ``n`` items (RFC 8949, major type 4)."""
    if n < 24:
        return bytes([0x80 + n])
    for code, width in ((0x98, 1), (0x99, 2), (0x9A, 4)):
        if n < 1 << (8 * width):
            return bytes([code]) + n.to_bytes(width, "big")
    raise BundleFormatError(f"an index chunk of {n} words is too large")


@dataclass(frozen=True)
class Layout:
    """Where each of the bundle's pages goes: ``place[page] = (shard, position)``."""

    place: list[tuple[int, int]]
    shards: list[list[int]]  # the original page numbers of each shard, in order


def plan_shards(word_counts: list[int], shard_pages: int) -> Layout:
    """Deal pages round-robin into ceil(n / shard_pages) shards; order each by length."""
    count = max(1, -(-len(word_counts) // max(1, shard_pages)))
    shards = [
        sorted(range(s, len(word_counts), count), key=lambda p: (word_counts[p], p))
        for s in range(count)
    ]
    place = [(0, 0)] * len(word_counts)
    for s, pages in enumerate(shards):
        for position, page in enumerate(pages):
            place[page] = (s, position)
    return Layout(place, shards)


def _split_pages(postings: list[Any], layout: Layout, shards: int) -> list[list[Any]]:
    """One word's page list (page numbers delta-encoded) split per shard, re-encoded."""
    out: list[list[Any]] = [[] for _ in range(shards)]
    page = 0
    for posting in postings:
        page += posting[0]
        s, position = layout.place[page]
        out[s].append([position, *posting[1:]])
    for entries in out:
        entries.sort(key=_FIRST)
        last = 0
        for entry in entries:
            entry[0], last = entry[0] - last, entry[0]
    return out


def _split_word(word: list[Any], layout: Layout, shards: int) -> list[list[Any]]:
    """A word of an index chunk (word, pages[, variants]) as each shard has it."""
    key, postings, *rest = word
    pages = _split_pages(postings, layout, shards)
    variants: list[list[Any]] = [[] for _ in range(shards)]
    for form, variant_postings in rest[0] if rest else []:
        for s, entries in enumerate(_split_pages(variant_postings, layout, shards)):
            if entries:
                variants[s].append([form, entries])
    # Every shard lists every word, on no pages if need be: Pagefind searches a word it
    # does not know as the longest word it knows that starts the query (2946 for
    # 29462), so a shard without the word would answer with pages the whole index
    # would never have returned.
    return [[key, pages[s], variants[s]] if rest else [key, pages[s]] for s in range(shards)]


class _ChunkWriter:
    """Collects one shard's words, in order, into chunks of about CHUNK_BYTES."""

    def __init__(self, folder: Path, prefix: str, chunk_bytes: int) -> None:
        self.chunk_bytes = chunk_bytes
        self.folder = folder
        self.prefix = prefix
        self.words: list[tuple[str, bytes]] = []
        self.size = 0
        # A search without words (a listing's filters alone) asks Pagefind for the chunks
        # of the word "", and every chunk of the index matches that as a prefix (9.7 MB
        # at 50,000 entries). A chunk from "" to "" holding no word matches it exactly
        # instead, and is all that such a search fetches.
        empty = _SIGNATURE + _array_header(1) + _array_header(0)
        self.chunks: list[list[str]] = [["", "", _write_raw(folder, prefix, ".pf_index", empty, 6)]]

    def add(self, key: str, word: list[Any]) -> None:
        encoded = cbor2.dumps(word)
        # A word on none of the shard's pages is a sorted key next to others like it,
        # which compresses to about a third of its length.
        size = len(encoded) if word[1] else len(encoded) // 3
        # A frequent word gets a chunk of its own, so that a query for it fetches no
        # neighbours, and a query for a neighbour does not fetch it.
        alone = size >= self.chunk_bytes // 2
        if alone:
            self.flush()
        self.words.append((key, encoded))
        self.size += size
        if alone or self.size >= self.chunk_bytes:
            self.flush()

    def flush(self) -> None:
        if not self.words:
            return
        raw = (
            _SIGNATURE
            + _array_header(1)
            + _array_header(len(self.words))
            + b"".join(encoded for _, encoded in self.words)
        )
        name = _write_raw(self.folder, self.prefix, ".pf_index", raw, 6)
        self.chunks.append([self.words[0][0], self.words[-1][0], name])
        self.words, self.size = [], 0


def _words(bundle: Path, chunks: list[Any]) -> Iterator[list[Any]]:
    """Every word of the index, in the order of the chunk list (the words' order)."""
    for _first, _last, name in chunks:
        data = read_data(bundle / "index" / f"{name}.pf_index")
        if not (isinstance(data, list) and len(data) == 1 and isinstance(data[0], list)):
            raise BundleFormatError(f"index chunk {name} does not have the expected layout")
        yield from data[0]


def _write_filters(
    bundle: Path, filters: list[Any], layout: Layout, targets: list[Path], language: str
) -> list[list[list[str]]]:
    """Each shard's filter files (values sorted, pages renumbered); their names."""
    names: list[list[list[str]]] = [[] for _ in targets]
    for name, file_hash in filters:
        key, values = read_data(bundle / "filter" / f"{file_hash}.pf_filter")
        per_shard: list[list[Any]] = [[] for _ in targets]
        for value, value_pages in sorted(values, key=_FIRST):
            by_shard: list[list[int]] = [[] for _ in targets]
            for page in value_pages:
                s, position = layout.place[page]
                by_shard[s].append(position)
            for s, positions in enumerate(by_shard):
                per_shard[s].append([value, sorted(positions)])
        for s, target in enumerate(targets):
            written = _write(
                target / "filter", f"{language}_", ".pf_filter", [key, per_shard[s]], 6
            )
            names[s].append([name, written])
    return names


def _move_fragments(
    bundle: Path, pages: list[Any], shard: list[int], folder: Path, moved: dict[str, Path]
) -> list[list[Any]]:
    """Move a shard's page fragments into ``folder``, named by position; its page list."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for position, page in enumerate(shard):
        name, word_count = pages[page]
        short = _base36(position)
        new = folder / f"{short}.pf_fragment"
        if name in moved:  # pages with identical content share one fragment
            shutil.copyfile(moved[name], new)
        else:
            (bundle / "fragment" / f"{name}.pf_fragment").rename(new)
            moved[name] = new
        out.append([short, word_count])
    return out


def shard_bundle(bundle: Path, shard_pages: int, chunk_bytes: int = CHUNK_BYTES) -> int:
    """Rewrite the Pagefind bundle in ``bundle`` as shards; returns how many."""
    # Millions of small lists and none of them cyclic: the collector would only slow
    # the decoding down.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _shard_bundle(bundle, shard_pages, chunk_bytes)
    finally:
        if enabled:
            gc.enable()


# Stands for a page of another shard in a shard's sort index: no page has this number.
_ELSEWHERE = 0xFFFFFFFF


def _shard_sorts(sorts: list[Any], layout: Layout, shard: int) -> list[Any]:
    """A shard's sort indexes, in which every page keeps its place in the whole bundle.

    Pagefind scores a sorted result by its position in the sort index, and the browser
    merges the shards' results by score; so each shard's index lists every sorted page
    of the bundle, those of other shards as ``_ELSEWHERE`` (a number no result has),
    and scores from different shards compare as the positions in one list would."""
    out = []
    for name, order in sorted(sorts, key=_FIRST):
        places = [layout.place[page] for page in order]
        out.append([name, [p if s == shard else _ELSEWHERE for s, p in places]])
    return out


def _shard_bundle(bundle: Path, shard_pages: int, chunk_bytes: int) -> int:
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    if not str(entry.get("version", "")).startswith("1."):
        raise BundleFormatError(f"unsupported Pagefind bundle version {entry.get('version')}")
    if len(entry["languages"]) != 1:
        raise BundleFormatError(f"{bundle} indexes {len(entry['languages'])} languages, not 1")
    ((language, info),) = entry["languages"].items()
    meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
    meta = read_data(meta_path)
    if not (
        isinstance(meta, list) and len(meta) >= 5 and all(isinstance(m, list) for m in meta[1:5])
    ):
        raise BundleFormatError(f"{meta_path} does not have the expected layout")
    version, pages, chunks, filters, sorts, *meta_fields = meta

    layout = plan_shards([count for _name, count in pages], shard_pages)
    count = len(layout.shards)
    folders = [bundle] + [bundle / SHARDS_DIR / str(s) for s in range(1, count)]
    if (bundle / SHARDS_DIR).exists():
        shutil.rmtree(bundle / SHARDS_DIR)
    staging = bundle / ".shard-staging"
    if staging.exists():
        shutil.rmtree(staging)
    # Everything is written to staging first: shard 0's new files share folders with
    # the files they replace.
    targets = [staging / str(s) for s in range(count)]

    writers = [_ChunkWriter(t / "index", f"{language}_", chunk_bytes) for t in targets]
    for word in _words(bundle, chunks):
        for s, split in enumerate(_split_word(word, layout, count)):
            writers[s].add(split[0], split)
    for writer in writers:
        writer.flush()

    shard_filters = _write_filters(bundle, filters, layout, targets, language)
    moved: dict[str, Path] = {}
    for s, shard in enumerate(layout.shards):
        shard_meta = [
            version,
            _move_fragments(bundle, pages, shard, targets[s] / "fragment", moved),
            writers[s].chunks,
            sorted(shard_filters[s]),
            _shard_sorts(sorts, layout, s),
            *meta_fields,
        ]
        meta_name = _write(targets[s], f"pagefind.{language}_", ".pf_meta", shard_meta, 10)
        shard_entry = {
            **entry,
            "languages": {
                language: {
                    **info,
                    "hash": meta_name.removeprefix("pagefind."),
                    "page_count": len(shard),
                }
            },
        }
        (targets[s] / "pagefind-entry.json").write_text(
            json.dumps(shard_entry, ensure_ascii=False, separators=(",", ":")), "utf-8"
        )

    for old in ("index", "filter", "fragment"):
        shutil.rmtree(bundle / old)
    meta_path.unlink()
    for s, target in enumerate(targets):
        folders[s].mkdir(parents=True, exist_ok=True)
        for item in target.iterdir():
            destination = folders[s] / item.name
            if destination.exists():
                destination.unlink()
            item.rename(destination)
    shutil.rmtree(staging)
    manifest = {"shards": [f"{SHARDS_DIR}/{s}/" for s in range(1, count)]}
    (bundle / MANIFEST).write_text(json.dumps(manifest, separators=(",", ":")), "utf-8")
    return count
