"""Small bundled corpora for teaching word2vec.

Each corpus is a plain UTF-8 text file with one sentence per line, written for
this project. The sentences are deliberately repetitive: words of the same kind
(royal titles, fruits, drinks, numbers, ...) appear in the same contexts, so a
tiny skip-gram model trained for a few epochs puts them next to each other.

``expected_neighbours`` documents which neighbours a learner should see: for
every listed word, at least one of the listed neighbours is among the word's
``top_k`` nearest words by cosine similarity over the input embeddings (W1)
after training with the ``suggested`` settings. ``tests/test_corpora.py``
checks this for both training objectives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["BundledCorpus", "CORPORA", "load", "keys"]

_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class BundledCorpus:
    """Metadata for one bundled corpus file."""

    key: str
    filename: str
    language: str  # "en" or "zh"
    title: dict[str, str]
    description: dict[str, str]
    expected_neighbours: dict[str, tuple[str, ...]]
    top_k: int = 3
    suggested: dict = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return _DIR / self.filename

    def text(self) -> str:
        """Return the corpus text (UTF-8)."""
        return self.path.read_text(encoding="utf-8")

    def sentences(self) -> list[str]:
        """Return the non-empty lines of the corpus."""
        return [line.strip() for line in self.text().splitlines() if line.strip()]


_SUGGESTED = {"dim": 10, "window": 2, "lr": 0.15, "init_scale": 0.3, "epochs": 30, "seed": 0}

_ROYALTY = BundledCorpus(
    key="royalty",
    filename="royalty.txt",
    language="en",
    title={"en": "Royalty & gender", "zh": "皇室与性别"},
    description={
        "en": (
            "Kings, queens, princes and princesses rule and sit on thrones, while "
            "men, women, boys and girls walk in town; 'he'/'his' and 'she'/'her' "
            "mark gender. Expect king ≈ queen/prince, queen ≈ king/princess, "
            "princess ≈ prince/queen, man ≈ woman/boy and girl ≈ boy/woman."
        ),
        "zh": (
            "国王、王后、王子和公主统治王国、坐在王座上，而男人、女人、男孩和女孩在镇上散步；"
            "he/his 与 she/her 标示性别。预期 king 靠近 queen/prince，queen 靠近 king/princess，"
            "princess 靠近 prince/queen，man 靠近 woman/boy，girl 靠近 boy/woman。"
        ),
    },
    expected_neighbours={
        "king": ("queen", "prince"),
        "queen": ("king", "princess"),
        "princess": ("prince", "queen"),
        "man": ("woman", "boy"),
        "girl": ("boy", "woman"),
    },
    suggested=dict(_SUGGESTED),
)

_FRUIT_DRINKS = BundledCorpus(
    key="fruit_drinks",
    filename="fruit_drinks.txt",
    language="en",
    title={"en": "Fruit & drinks", "zh": "水果与饮料"},
    description={
        "en": (
            "Fruits are eaten, peeled and sliced; drinks are poured, sipped and "
            "spilled. Expect apple, banana and pear to have other fruits as "
            "neighbours, and coffee, tea and milk to have other drinks."
        ),
        "zh": (
            "水果被吃、剥皮和切片；饮料被倒、啜饮和洒出。预期 apple、banana、pear 的近邻是"
            "其他水果，coffee、tea、milk 的近邻是其他饮料。"
        ),
    },
    expected_neighbours={
        "apple": ("banana", "orange", "pear", "grape", "cherry"),
        "banana": ("apple", "orange", "pear", "grape", "cherry"),
        "pear": ("apple", "banana", "orange", "grape", "cherry"),
        "coffee": ("tea", "juice", "milk", "water", "cocoa"),
        "tea": ("coffee", "juice", "milk", "water", "cocoa"),
        "milk": ("coffee", "tea", "juice", "water", "cocoa"),
    },
    suggested=dict(_SUGGESTED),
)

_MOVES = ("run", "walk", "jump", "climb", "fly", "swim", "gallop")
_SOUNDS = ("bark", "purr", "meow", "sing", "chirp", "neigh", "moo")


def _others(group: tuple[str, ...], word: str) -> tuple[str, ...]:
    return tuple(w for w in group if w != word)


_ANIMALS = BundledCorpus(
    key="animals_actions",
    filename="animals_actions.txt",
    language="en",
    title={"en": "Animals & actions", "zh": "动物与动作"},
    description={
        "en": (
            "Animals (dog, cat, bird, fish, horse, cow) are fed and photographed; "
            "each moves in its own way (run, fly, swim, gallop...) and makes its "
            "own sound (bark, purr, sing, neigh...). Expect dog and bird near other "
            "animals, gallop and swim near other ways of moving, and bark and "
            "sing near other sounds."
        ),
        "zh": (
            "动物（dog、cat、bird、fish、horse、cow）被喂食、被拍照；每种动物有自己的移动方式"
            "（run、fly、swim、gallop……）和叫声（bark、purr、sing、neigh……）。预期 dog 和 bird "
            "靠近其他动物，gallop 和 swim 靠近其他移动方式，bark 和 sing 靠近其他叫声。"
        ),
    },
    expected_neighbours={
        "dog": ("cat", "bird", "fish", "horse", "cow"),
        "bird": ("dog", "cat", "fish", "horse", "cow"),
        "gallop": _others(_MOVES, "gallop"),
        "swim": _others(_MOVES, "swim"),
        "bark": _others(_SOUNDS, "bark"),
        "sing": _others(_SOUNDS, "sing"),
    },
    suggested=dict(_SUGGESTED),
)

_NUMBERS = BundledCorpus(
    key="numbers_colours",
    filename="numbers_colours.txt",
    language="en",
    title={"en": "Numbers & colours", "zh": "数字与颜色"},
    description={
        "en": (
            "Numbers count things ('i counted three apples'), colours describe "
            "them ('the car is red'). Expect three and seven to have other "
            "numbers as neighbours, and red and green to have other colours."
        ),
        "zh": (
            "数字用来计数（i counted three apples），颜色用来描述（the car is red）。"
            "预期 three 和 seven 的近邻是其他数字，red 和 green 的近邻是其他颜色。"
        ),
    },
    expected_neighbours={
        "three": ("one", "two", "four", "five", "six", "seven", "eight", "nine", "ten"),
        "seven": ("one", "two", "three", "four", "five", "six", "eight", "nine", "ten"),
        "red": ("blue", "green", "yellow", "black", "white", "pink"),
        "green": ("red", "blue", "yellow", "black", "white", "pink"),
    },
    suggested=dict(_SUGGESTED),
)

_CHINESE = BundledCorpus(
    key="chinese",
    filename="chinese.txt",
    language="zh",
    title={"en": "Chinese: royalty, fruit & drinks", "zh": "中文：皇室、水果与饮料"},
    description={
        "en": (
            "Pre-segmented Simplified Chinese (words separated by spaces) about "
            "royalty (国王 king, 王后 queen, 王子 prince, 公主 princess), fruit "
            "(苹果, 香蕉, 梨, 葡萄) and drinks (茶, 咖啡, 牛奶, 果汁). Expect 国王 "
            "near other royals, 苹果 near other fruits and 茶 near other drinks."
        ),
        "zh": (
            "已分词的简体中文（词之间用空格分隔），内容涉及皇室（国王、王后、王子、公主）、"
            "水果（苹果、香蕉、梨、葡萄）和饮料（茶、咖啡、牛奶、果汁）。预期 国王 靠近其他"
            "皇室成员，苹果 靠近其他水果，茶 靠近其他饮料。"
        ),
    },
    expected_neighbours={
        "国王": ("王后", "王子", "公主"),
        "公主": ("国王", "王后", "王子"),
        "苹果": ("香蕉", "梨", "葡萄"),
        "茶": ("咖啡", "牛奶", "果汁"),
        "咖啡": ("茶", "牛奶", "果汁"),
    },
    suggested=dict(_SUGGESTED),
)

CORPORA: dict[str, BundledCorpus] = {
    c.key: c for c in (_ROYALTY, _FRUIT_DRINKS, _ANIMALS, _NUMBERS, _CHINESE)
}


def keys() -> list[str]:
    """Return the corpus keys in display order (royalty first)."""
    return list(CORPORA)


def load(key: str) -> str:
    """Return the text of the bundled corpus ``key``.

    Raises ``KeyError`` (listing the valid keys) for an unknown key.
    """
    try:
        corpus = CORPORA[key]
    except KeyError:
        raise KeyError(f"unknown corpus {key!r}; choose one of {sorted(CORPORA)}") from None
    return corpus.text()
