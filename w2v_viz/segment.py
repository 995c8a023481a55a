"""Chinese word segmentation: how a run of Chinese characters becomes word tokens.

Chinese is written without spaces, so a pasted paragraph is one long "word" to a
space-based tokenizer. The modes (the sidebar's "Chinese word segmentation"):

* ``auto`` (the app's default): ``jieba`` when the text has Chinese that is not already
  segmented with spaces, else ``spaces`` (the bundled Chinese corpus keeps its words).
* ``jieba``: the jieba segmenter (dictionary + HMM) splits each run of Chinese into words.
* ``characters``: every CJK character is a token (``char_level``).
* ``spaces``: tokens are what spaces and punctuation separate.

jieba's dictionary keeps some verb-object phrases whole (喝牛奶, 喝茶, 踢足球): those listed
in ``data/zh_split.txt`` are split into verb and object, as a learner reads them, and the
plural suffix 们 stays with its noun (孩子们, which jieba splits off).

jieba is imported, and its dictionary (slow to load, see the README) read, only
the first time a text needs it, once per server process; other visitors never wait.
"""

import functools
import logging
import re
import sys
from pathlib import Path

from .errors import SegmenterMissingError

SEGMENTATIONS = ("auto", "jieba", "characters", "spaces")

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_HAN_RUN = re.compile(f"[{_HAN}]+")
_HAN_SPACED = re.compile(f"[{_HAN}][ \t\u3000]+[{_HAN}]")   # words separated by spaces
HAS_HAN = re.compile(f"[{_HAN}]")
LONG_RUN = 5     # a run of this many Chinese characters is (almost always) several words


def needs_jieba(text: str) -> bool:
    """True when ``text`` has Chinese that is not segmented with spaces: no two Chinese
    words are separated by a space, or most Chinese characters are in long runs."""
    runs = _HAN_RUN.findall(text[:200_000])
    if not runs:
        return False
    if not _HAN_SPACED.search(text[:200_000]):
        return True
    in_long = sum(len(r) for r in runs if len(r) >= LONG_RUN)
    return in_long > 0.5 * sum(len(r) for r in runs)


def resolve(mode: str, text: str) -> str:
    """The mode actually used for ``text``: ``auto`` becomes ``jieba`` or ``spaces``."""
    if mode not in SEGMENTATIONS:
        raise ValueError(f"segmentation must be one of {SEGMENTATIONS}; got {mode!r}")
    if mode == "auto":
        return "jieba" if needs_jieba(text) else "spaces"
    return mode


def jieba_loaded() -> bool:
    """Whether jieba's dictionary is already in memory (segmenting is then instant)."""
    jieba = sys.modules.get("jieba")
    return bool(jieba is not None and getattr(jieba.dt, "initialized", False))


SPLIT = Path(__file__).resolve().parent / "data" / "zh_split.txt"
PLURAL = "们"


def _phrases(path: Path) -> list:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [w.strip() for w in lines if w.strip() and not w.startswith("#")]


def _jieba():
    try:
        import jieba
    except ImportError as exc:       # requirements.txt installs it; a bare engine may not
        raise SegmenterMissingError() from exc
    jieba.setLogLevel(logging.WARNING)   # no "Building prefix dict..." in the server log
    _split_phrases(jieba)
    return jieba


@functools.cache
def _split_phrases(jieba) -> None:
    """Remove the phrases of ``SPLIT`` from jieba's dictionary, once a process (the
    segmenter is shared, like a function, and the same for every visitor)."""
    for phrase in _phrases(SPLIT):
        jieba.del_word(phrase)


def split_words(word: str) -> list:
    """jieba's words of ``word`` (a token of letters, possibly mixed with Latin) as
    ``(start, end)`` offsets; pieces without a letter or digit are dropped."""
    if not HAS_HAN.search(word):
        return [(0, len(word))]
    out = []
    for piece, start, end in _jieba().tokenize(word):
        if piece == PLURAL and out and out[-1][1] == start:
            out[-1] = (out[-1][0], end)          # 孩子 + 们: one word
        elif any(ch.isalnum() for ch in piece):
            out.append((start, end))
    return out
