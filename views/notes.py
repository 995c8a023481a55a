"""The theory page's notes as data: the prose in ``notes/<lang>.md``, the LaTeX in
``notes/formulas.md`` (shared by both languages), read strictly into ``Section``s.

The format is described in notes/README.md. A missing, unknown, repeated or empty key, or a
language lacking a key the English notes have, raises ``NotesError`` naming the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

NOTES_DIR = Path(__file__).resolve().parents[1] / "notes"
LANGS = ("en", "zh")

# The page's spine: section -> its formulas, in order. The live panels (views/theory.py) are
# keyed "section.formula"; notes/formulas.md holds exactly these.
FORMULAS = {
    "distributional": ("window",),
    "nll": ("likelihood", "log", "nll", "loss"),
    "softmax": ("softmax",),
    "network": ("weights", "h", "z", "yhat", "loss"),
    "gradient": ("dz", "dW2", "dW1", "sgd"),
    "negative": ("loss", "noise", "grad"),
    "cbow": ("h", "loss"),
}
SECTION_KEYS = tuple(FORMULAS)
ERRATA = "errata"

_SECTION = re.compile(r"## ([a-z]+)(?:: (\S.*))?")
_BLOCK = re.compile(r"### ([A-Za-z0-9_]+(?:\.[a-z]+)?)")
_SLOT = re.compile(r"\{([a-z_]+)\}")        # a whole line of an "after" block


@dataclass(frozen=True)
class Formula:
    """One formula of a section: ``text`` (markdown) introduces it, ``latex`` is the general
    formula, ``example`` an optional worked example (LaTeX), ``note`` markdown under it.
    The live numbers for it are ``live_panels(...)[key]`` (absent: nothing to show)."""

    key: str
    latex: str
    text: str = ""
    example: str = ""
    note: str = ""


@dataclass(frozen=True)
class Section:
    """One section: ``intro`` (markdown), its formulas, then ``after``: blocks
    ("markdown" | "latex", text), then optional Python ``code`` with its caption."""

    key: str
    title: str
    intro: str
    formulas: tuple[Formula, ...]
    after: tuple[tuple[str, str], ...] = ()
    code: str = ""
    code_caption: str = ""


class NotesError(ValueError):
    """A notes file breaks the format of notes/README.md."""


def _trim(lines: list[str]) -> str:
    """The lines as one text, blank lines at either end dropped."""
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return "\n".join(lines)


def _parse(name: str) -> dict[str, dict[str, str]]:
    """notes/<name> as {section: {"title": ..., "": text under ##, block: text}}, in file
    order. Only ``## section[: title]`` and ``### block`` headings, each key once."""
    doc: dict[str, dict[str, list[str] | str]] = {}
    section, lines, fence = None, None, False
    text = (NOTES_DIR / name).read_text(encoding="utf-8")
    for n, line in enumerate(text.splitlines(), 1):
        where = f"notes/{name}:{n}"
        if fence or line.startswith("```"):
            fence = not fence or line != "```"      # opens, stays open, or closes
        elif line.startswith("#") and (m := _SECTION.fullmatch(line)):
            if m[1] in doc:
                raise NotesError(f"{where}: section {m[1]!r} repeated")
            section = doc[m[1]] = {"title": m[2] or "", "": []}
            lines = section[""]
            continue
        elif line.startswith("#") and (m := _BLOCK.fullmatch(line)):
            if section is None or m[1] in section or m[1] == "title":
                raise NotesError(f"{where}: block {m[1]!r} repeated or outside a ## section")
            lines = section[m[1]] = []
            continue
        elif line.startswith("#") and section is not None:
            raise NotesError(f"{where}: only '## section: title' and '### block' headings")
        if lines is not None:
            lines.append(line)
    if fence:
        raise NotesError(f"notes/{name}: a ``` block is not closed")
    out = {key: {b: v if b == "title" else _trim(v) for b, v in blocks.items()}
           for key, blocks in doc.items()}
    for key, blocks in out.items():
        empty = [b for b, v in blocks.items() if b not in ("title", "") and not v]
        if empty:
            raise NotesError(f"notes/{name}: section {key!r}: empty block {empty}")
    return out


def _fenced(text: str, lang: str, where: str) -> tuple[str, str]:
    """(text before, content) of a block that ends with its one ```lang fenced block."""
    lines = text.split("\n")
    opening = f"```{lang}"
    if (lines[-1] != "```" or opening not in lines
            or sum(line.startswith("```") for line in lines) != 2):
        raise NotesError(f"{where}: must end with one {opening} ... ``` block")
    i = lines.index(opening)
    return _trim(lines[:i]), "\n".join(lines[i + 1:-1])


def _latex(block: str, where: str) -> str:
    """The formula of a block that is one ```latex fenced block."""
    before, latex = _fenced(block, "latex", where)
    if before:
        raise NotesError(f"{where}: text outside the ```latex block")
    return latex


def _check_keys(name: str, found, expected) -> None:
    if list(found) != list(expected):
        raise NotesError(f"notes/{name}: headings {list(found)}, expected {list(expected)}")


@cache
def formulas() -> dict[str, tuple[str, str]]:
    """"section.formula" -> (LaTeX, worked example or "") from notes/formulas.md."""
    name = "formulas.md"
    doc = _parse(name)
    _check_keys(name, doc, SECTION_KEYS)
    out = {}
    for key, names in FORMULAS.items():
        blocks = doc[key]
        if blocks.pop("title") or blocks.pop(""):
            raise NotesError(f"notes/{name}: ## {key} takes no title and no text")
        _check_keys(f"{name} ## {key}", [b for b in blocks if "." not in b], names)
        extra = set(blocks) - set(names) - {f"{f}.example" for f in names}
        if extra:
            raise NotesError(f"notes/{name}: ## {key}: unknown blocks {sorted(extra)}")
        for f in names:
            where = f"notes/{name} ## {key} ### {f}"
            example = blocks.get(f"{f}.example")
            out[f"{key}.{f}"] = (_latex(blocks[f], where),
                                 _latex(example, where + ".example") if example else "")
    return out


@cache
def text(lang: str) -> dict[str, dict[str, str]]:
    """notes/<lang>.md checked: every section titled with an intro, blocks that belong, the
    errata; the same keys as the English notes."""
    name = f"{lang}.md"
    doc = _parse(name)
    _check_keys(name, doc, SECTION_KEYS + (ERRATA,))
    for key, names in FORMULAS.items():
        blocks = doc[key]
        if not blocks["title"] or not blocks[""]:
            raise NotesError(f"notes/{name}: ## {key} needs a title and an intro")
        allowed = [f"{f}.{part}" for f in names for part in ("text", "note")]
        allowed += ["after", "code"]
        unknown = set(blocks) - set(allowed) - {"title", ""}
        if unknown:
            raise NotesError(f"notes/{name}: ## {key}: unknown blocks {sorted(unknown)} "
                             f"(allowed: {allowed})")
    if doc[ERRATA]["title"] or len(doc[ERRATA]) != 2 or not doc[ERRATA][""]:
        raise NotesError(f"notes/{name}: ## {ERRATA} is text only (no title, no ### blocks)")
    if lang != LANGS[0]:
        keys, ref = _keys(doc), _keys(text(LANGS[0]))
        if keys != ref:
            raise NotesError(f"notes/{name}: compared with {LANGS[0]}.md, lacks "
                             f"{sorted(ref - keys)}, has extra {sorted(keys - ref)}")
    return doc


def _keys(doc: dict[str, dict[str, str]]) -> set[str]:
    return {f"{key}.{b}" if b else key for key, blocks in doc.items() for b in blocks}


def _after(block: str, slots: dict[str, str], where: str) -> tuple[tuple[str, str], ...]:
    """An "after" block as ("markdown", text) parts, a ``{slot}`` line as ("latex", LaTeX)."""
    parts, lines = [], []
    for line in block.split("\n") if block else []:
        m = _SLOT.fullmatch(line)
        if not m:
            lines.append(line)
            continue
        if m[1] not in slots:
            raise NotesError(f"{where}: unknown {line} (known: {sorted(slots)})")
        if _trim(lines):
            parts.append(("markdown", _trim(lines)))
        parts.append(("latex", slots[m[1]]))
        lines = []
    if _trim(lines):
        parts.append(("markdown", _trim(lines)))
    return tuple(parts)


def sections(lang: str, slots: dict[str, str]) -> list[Section]:
    """The sections of notes/<lang>.md with their formulas; ``slots`` fill ``{name}`` lines."""
    doc, latex = text(lang), formulas()
    out = []
    for key, names in FORMULAS.items():
        blocks, where = doc[key], f"notes/{lang}.md ## {key}"
        caption, code = (_fenced(blocks["code"], "python", where + " ### code")
                         if "code" in blocks else ("", ""))
        out.append(Section(
            key=key, title=blocks["title"], intro=blocks[""],
            formulas=tuple(Formula(key=f"{key}.{f}", latex=latex[f"{key}.{f}"][0],
                                   text=blocks.get(f"{f}.text", ""),
                                   example=latex[f"{key}.{f}"][1],
                                   note=blocks.get(f"{f}.note", "")) for f in names),
            after=_after(blocks.get("after", ""), slots, where + " ### after"),
            code=code + "\n" if code else "", code_caption=caption))
    return out


def errata(lang: str) -> str:
    """The errata of notes/<lang>.md."""
    return text(lang)[ERRATA][""]
