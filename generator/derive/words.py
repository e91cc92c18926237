"""Words of an entry for matching: English and Chinese text split into comparable terms.

Latin-script text is lowercased and split at anything that is not a letter or digit;
plural ``-s`` is folded (``sensors`` → ``sensor``) so singular and plural meet. Chinese
runs are segmented with jieba in its search mode, which gives both a compound and its
parts (复合材料 → 复合, 材料, 复合材料), so 材料 in one entry meets 复合材料 in another.
Stop words, single letters, single Chinese characters and bare numbers are dropped.

jieba loads a dictionary on first use (about a second, cached in the temp folder) and
announces it on stderr; its logger is silenced here so commands and builds stay quiet.
It is imported on first use too, so commands that never segment Chinese never load it.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
import unicodedata
import warnings
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

# Runs of CJK ideographs (with the compatibility block) vs. runs of Latin letters/digits.
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[a-z0-9]+")
_URL = re.compile(r"(?:https?://|mailto:|www\.)\S+")
# Markdown link targets carry addresses, not topics.
_MD_TARGET = re.compile(r"\]\([^)]*\)")

_ENGLISH_STOP = """
    a about above after again all also am an and any are as at be been before being below
    between both but by can could did do does doing down during each etc few for from
    further had has have having he her here hers him his how i if in into is it its itself
    just may me might more most must my no nor not now of off on once only or other our ours
    out over own per same shall she should so some such than that the their theirs them then
    there these they this those through to too under until up upon us very via was we were
    what when where which while who whom why will with within without would you your yours
    ie eg co non pre re semi sub multi anti self inter
"""
ENGLISH_STOP_WORDS = frozenset(_ENGLISH_STOP.split())
"""Function words and the prefixes hyphens cut off ('co-develop', 'non-destructive');
words common to the whole catalog weigh little anyway (see ``vectors``)."""

_CHINESE_STOP = """
    我们 你们 他们 以及 进行 可以 能够 需要 相关 一个 一种 通过 提供 具有 主要 其他 以上 以下
    等等 如果 或者 并且 而且 因为 所以 对于 关于 其中 已经 正在 目前 包括 用于 希望 寻求
"""
CHINESE_STOP_WORDS = frozenset(_CHINESE_STOP.split())
"""Chinese function words and stock phrases of a call for partners."""

_jieba: Any = None
_jieba_lock = threading.Lock()


def _segmenter() -> Any:
    """jieba's tokenizer, imported and initialised once, without its log lines."""
    global _jieba
    if _jieba is None:
        with _jieba_lock, warnings.catch_warnings():
            # jieba 0.42 imports pkg_resources, which newer setuptools flags as deprecated
            warnings.simplefilter("ignore")
            import jieba

            # its notices ("Building prefix dict…") are debug lines, and a failure to
            # cache the dictionary in the temp folder is logged with a traceback although
            # it only costs the next run a second: neither concerns a contributor
            jieba.setLogLevel(logging.CRITICAL)
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            _jieba = tokenizer
    return _jieba


def release_segmenter() -> None:
    """Let go of jieba's dictionary (about 60 MB) and the cached segmentations, for a
    process that will segment no more text: a build, once its pages are rendered, while
    Pagefind indexes them. The next use loads them again."""
    global _jieba
    with _jieba_lock:
        _jieba = None
    _chinese_terms.cache_clear()


def _fold(word: str) -> str:
    """English plural to singular, cheaply: 'sensors' → 'sensor', 'batteries' → 'battery'."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _latin_terms(text: str) -> Iterator[str]:
    for word in _WORD.findall(text):
        if len(word) < 2 or word.isdigit() or word in ENGLISH_STOP_WORDS:
            continue
        yield _fold(word)


@functools.lru_cache(maxsize=65536)
def _chinese_terms(run: str) -> tuple[str, ...]:
    """The words of a run of Chinese characters; runs repeat (keywords, field names),
    and segmenting is the slow part of reading an entry, so results are cached."""
    return tuple(
        word
        for word in _segmenter().cut_for_search(run)
        if len(word) >= 2 and word not in CHINESE_STOP_WORDS
    )


def terms(text: str) -> list[str]:
    """The matching terms of ``text``, in order, repeats kept.

    >>> terms("Testing of battery modules; 电池模块热测试")[:4]
    ['testing', 'battery', 'module', '电池']
    """
    text = unicodedata.normalize("NFKC", text).lower()
    text = _MD_TARGET.sub("]", text)
    text = _URL.sub(" ", text)
    found: list[str] = []
    position = 0
    for match in _CJK_RUN.finditer(text):
        found += _latin_terms(text[position : match.start()])
        found += _chinese_terms(match.group())
        position = match.end()
    found += _latin_terms(text[position:])
    return found


def weighted_terms(zones: Iterable[tuple[str | None, int]]) -> Counter[str]:
    """Term counts over several pieces of text, each counted ``weight`` times.

    Entries use this to make a word in the title or keywords count more than one in the
    description.
    """
    counts: Counter[str] = Counter()
    for text, weight in zones:
        if not text:
            continue
        for term in terms(text):
            counts[term] += weight
    return counts
