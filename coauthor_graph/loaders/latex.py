"""LaTeX in metadata (BibTeX values, arXiv author names) decoded to plain Unicode text."""

from __future__ import annotations

from functools import lru_cache

from pylatexenc.latex2text import LatexNodes2Text


@lru_cache(maxsize=1)
def _converter() -> LatexNodes2Text:
    return LatexNodes2Text(math_mode="text", strict_latex_spaces=False)


def decode(value: str) -> str:
    """One line of text: accents and commands decoded (`K\\"{o}glmeier` -> Köglmeier), grouping braces dropped."""
    if "\\" not in value and "{" not in value and "$" not in value:
        return " ".join(value.split())
    try:
        return " ".join(_converter().latex_to_text(value).split())
    except RecursionError:  # groups nested thousands deep: no real title is; keep the text, drop the braces
        return " ".join(value.replace("{", " ").replace("}", " ").split())
