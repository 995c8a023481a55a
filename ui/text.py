"""User text into Streamlit markdown, safely: every character that markdown, LaTeX or
HTML could interpret is backslash-escaped, so a corpus shows as the text it is."""

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:=&\"'^%@])")


def md_escape(text: str) -> str:
    """Escape markdown/HTML/LaTeX specials (CommonMark: a backslash escapes punctuation)."""
    return _SPECIAL.sub(r"\\\1", text).replace("\n", " ")
