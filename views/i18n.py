"""The UI's string table: every label, help text, explanation and error message, in
``strings/<lang>.toml`` (one file per language, ``"key" = "text"``), read once per process.

``t(key, lang, **params)`` formats the string; a string missing from a language falls back
to English, a key missing from English raises KeyError (tests check both languages cover
every key with the same {fields}). ``error_message(error, lang)`` is an engine error's
message (see w2v_viz/errors.py).
"""

from pathlib import Path

import tomllib

LANGUAGES = {"en": "English", "zh": "简体中文"}
STRINGS_DIR = Path(__file__).resolve().parent.parent / "strings"


def load_table(lang: str) -> dict:
    """{key: text} of ``strings/<lang>.toml``."""
    with open(STRINGS_DIR / f"{lang}.toml", "rb") as f:
        return tomllib.load(f)


def _load() -> dict:
    tables = {lang: load_table(lang) for lang in LANGUAGES}
    return {key: {lang: table[key] for lang, table in tables.items() if key in table}
            for key in tables["en"]}


STRINGS: dict = _load()   # {key: {lang: text}}


def t(key: str, lang: str = "en", **params) -> str:
    entry = STRINGS[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**params) if params else text


def step_name(n: int, preview: bool, lang: str = "en") -> str:
    """"Last step (3,905)" or "Next step (3,906)": one meaning for a step's caption on
    every page (the step just applied, or the one the next click applies)."""
    return t("step.next" if preview else "step.last", lang, n=f"{int(n):,}")


def error_message(error, lang: str = "en") -> str:
    """An error's message in ``lang``: the string "error.<code>" formatted with its
    ``params``. A param named ``<name>_key`` is itself a key of the table: its string (in
    ``lang``, formatted with the other params) fills ``{<name>}``. tests/test_strings.py
    formats every code in both languages; were one still missed, the visitor would read
    the error's code and params rather than a traceback."""
    plain = {k: v for k, v in error.params.items() if not k.endswith("_key")}
    try:
        words = {k[:-len("_key")]: t(v, lang, **plain)
                 for k, v in error.params.items() if k.endswith("_key")}
        return t(f"error.{error.code}", lang, **plain, **words)
    except (KeyError, IndexError, ValueError):
        return str(error)
