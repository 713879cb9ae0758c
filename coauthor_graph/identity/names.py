"""How a printed author name is read: repaired, put in 'First Last' order, split into its parts.

Sources print one person many ways ('Wolfgang A. Wall', 'W.A. Wall', 'WA Wall', 'Wall, W. A.')
and some print them broken (double-encoded UTF-8, a NUL byte, BibTeX's three-part form with a
stray comma). Everything that decides identity reads names through these functions, so the
same printed name always yields the same key whichever loader or store saw it.

    >>> display_name("Callan, James, P.")
    'James P. Callan'
    >>> display_name("Kelleher, R. J., 3rd")
    'R. J. Kelleher 3rd'
    >>> display_name("Wall W.A.")
    'W.A. Wall'
    >>> display_name("JosÃ© RaÃºl Romero")
    'José Raúl Romero'
    >>> name_parts("W.A. Wall")
    NameParts(given=('w', 'a'), last='wall')
    >>> name_parts("Hal Daumé III").block
    'daume h'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import ftfy

SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "2nd", "3rd", "4th"})
"""Generational suffixes: part of a printed name, never a given or family name ('V' is far more
often an initial than a fifth generation, so it is not one)."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters other than white space: a NUL inside a name is no letter of it."""
_MOJIBAKE_HINT = re.compile(
    r"[ÂÃÅÄâ][\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]|Ã."
)
"""Characters that UTF-8 read as Latin-1 or Windows-1252 leaves behind ('Ã©' for 'é')."""
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_EXTRA_FOLDS = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"})
_INITIALS_TOKEN = re.compile(r"^[A-Z]{2,3}$")
_NEEDS_READING = re.compile(r"[\x00-\x1f\x7f]|\b[A-Z](?:[A-Z.\-]|\b)")
"""What only the full reading handles in an ASCII name without a comma: control characters, an initial
or capitals written together (which also marks initials after a family name and shouting)."""


def fold(text: str) -> str:
    """Unicode-fold and case-fold: 'Köglmeier' and 'KOGLMEIER' become 'koglmeier'."""
    if text.isascii():
        return text.lower()  # the common case, and for ASCII lower() is casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Letters NFKD leaves whole (ø, ł, ß, æ) still need an ASCII twin to match sources that drop them.
    return stripped.casefold().translate(_EXTRA_FOLDS)


def clean_text(text: str) -> str:
    """Control characters (a NUL byte) dropped, double-encoded UTF-8 repaired by ftfy, spaces folded."""
    if not text.isascii():
        if _MOJIBAKE_HINT.search(text):
            text = ftfy.fix_text(text, normalization="NFC")
        text = unicodedata.normalize("NFC", text)
    return " ".join(_CONTROL.sub("", text).split())


def _is_suffix(part: str) -> bool:
    return part.rstrip(".").casefold() in SUFFIXES


@lru_cache(maxsize=1 << 16)
def display_name(name: str) -> str:
    """A source's name as people write it: 'Huang, Chengkai' -> 'Chengkai Huang', diacritics kept.

    BibTeX's 'Last, Jr, First' becomes 'First Last Jr'; 'Last, First, Jr' the same; a third part
    that is no suffix is a stray comma inside the given names ('Callan, James, P.'). A family
    name in capitals ('Beniamino DI MARTINO') is written in title case.
    """
    if name.isascii() and "," not in name and not _NEEDS_READING.search(name):
        return " ".join(name.split())  # 'Ada Lovelace': most names, a load reads hundreds of thousands
    parts = [p.strip() for p in clean_text(name).split(",")]
    parts = [p for p in parts if p]
    if len(parts) == 2 and not _is_suffix(parts[1]):
        last, first = parts
        name = f"{first} {last}"
    elif len(parts) >= 3:
        last, *rest = parts
        suffixes = [p for p in rest if _is_suffix(p)]
        given = [p for p in rest if not _is_suffix(p)]
        name = " ".join([*given, last, *suffixes])
    else:
        name = " ".join(parts)
    # Also after a comma swap: 'A., Wall W.' is a garbled 'Wall W. A.'.
    return _repair_case(_initials_first(" ".join(name.split())))


_INITIALS = re.compile(r"^(?:[A-Z]\.(?:-?[A-Z]\.?)*|[A-Z](?:-[A-Z])*\.?|[A-Z]{2,3})$")
"""'W.', 'W.A.', 'WA', 'J-P': initials, however written."""


def _initials_first(name: str) -> str:
    """The 'Family Initials' order of citation indexes ('Wall W.A.', 'Gravemeier V') as 'W.A. Wall'."""
    tokens = name.split()
    if len(tokens) >= 2 and not _INITIALS.match(tokens[0]) and all(_INITIALS.match(t) for t in tokens[1:]):
        if not _is_suffix(tokens[-1]):
            return " ".join([*tokens[1:], tokens[0]])
    return name


def _repair_case(name: str) -> str:
    """A name with a word of four or more capitals ('DI MARTINO') is shouting: its capitalised
    words are title-cased. Without one, two or three capitals are initials ('WA Wall') and stay."""
    tokens = name.split()
    if not any(t.isupper() and _letters(t) >= 4 for t in tokens):  # isupper first: it is cheap and mostly False
        return name
    return " ".join(t.title() if t.isupper() and _letters(t) >= 2 else t for t in tokens)


def _letters(token: str) -> int:
    return sum(ch.isalpha() for ch in token)


@lru_cache(maxsize=1 << 16)
def normalize_name(name: str) -> str:
    """The matching key of a person's name: folded, 'First Last' order, punctuation dropped,
    initials apart ('WA Wall' and 'W. A. Wall' are both 'w a wall')."""
    return " ".join(_words(name))


def _words(name: str) -> list[str]:
    shown = display_name(name)
    if _CAPITALS_TOGETHER.search(shown):
        shown = " ".join(" ".join(t) if _INITIALS_TOKEN.match(t) and not _is_suffix(t) else t for t in shown.split())
    return _NON_WORD.sub(" ", fold(shown)).split()


_CAPITALS_TOGETHER = re.compile(r"\b[A-Z]{2,3}\b")


@dataclass(frozen=True, slots=True)
class NameParts:
    """A name's folded given names (a single letter where only the initial is printed) and family name."""

    given: tuple[str, ...]
    last: str
    transliterated: str | None = field(default=None, repr=False, compare=False)
    """The family name with its umlauts written out ('hoermann' for 'Hörmann'), when it has any."""

    @property
    def block(self) -> str:
        """The blocking key: family name and first initial; only names in one block are compared."""
        return f"{family_key(self.last)} {self.given[0][0]}" if self.given else family_key(self.last)

    @property
    def first_full(self) -> str | None:
        """The first given name when it is printed in full."""
        return self.given[0] if self.given and len(self.given[0]) > 1 and not self.given[0].endswith(".") else None


def family_key(last: str) -> str:
    """A folded family name as blocks hold it: umlauts written out ('ae', 'oe', 'ue') read as the
    vowel, so 'Hoermann' is in the block of 'Hörmann' and 'Hormann'. Only a key to compare within:
    whether two names can be one person is `compatible`'s question."""
    return _WRITTEN_OUT_UMLAUT.sub(r"\1", last)


_WRITTEN_OUT_UMLAUT = re.compile(r"([aou])e+")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
PARTICLES = frozenset(
    {"da", "das", "de", "del", "della", "den", "der", "di", "do", "dos", "du", "la", "le"}
    | {"ten", "ter", "van", "vom", "von", "zu"}
)
"""Family-name particles: printed in lower case between the given names and the family name ('M.H. de
Vaal'), they are no middle name, so 'M. de Vaal' keeps agreeing with him."""


@lru_cache(maxsize=1 << 16)
def name_parts(name: str) -> NameParts:
    """The parts identity compares: 'W.A. Wall' and 'WA Wall' both give given ('w', 'a'), last 'wall'.

    Dots, hyphens and capitals written together ('WA', 'J-P') separate initials; suffixes
    ('III', 'Jr.') are dropped, so 'Hal Daumé III' is in the block of 'Hal Daumé'. A given
    name cut short with a dot ('Ch.', 'Th.') keeps the dot: it abbreviates, like an initial.
    Particles ('de', 'van') are left out of the given names.
    """
    words = _words(name)
    while len(words) > 1 and words[-1] in SUFFIXES:
        words.pop()
    if not words:
        return NameParts((), "")
    *given, last = words
    shown = display_name(name)
    printed = shown.split()[:-1]
    cut = {fold(t[:-1]) for t in printed if _ABBREVIATED.match(t)}
    particles = PARTICLES.intersection(printed[1:])
    given = [g for i, g in enumerate(given) if i == 0 or g not in particles]
    transliterated = None
    if not shown.isascii() and _UMLAUT_LETTERS.intersection(shown):
        written_out = [w for w in _words(shown.translate(_UMLAUTS)) if w not in SUFFIXES] or [last]
        transliterated = written_out[-1] if written_out[-1] != last else None
    return NameParts(tuple(f"{g}." if g in cut else g for g in given), last, transliterated)


_UMLAUT_LETTERS = frozenset("äöüÄÖÜ")
_ABBREVIATED = re.compile(r"^[A-Z][a-z]{1,2}\.$")
"""'Ch.', 'Th.', 'Chr.': a given name cut short, not a given name of two or three letters."""


def _typo(a: str, b: str) -> bool:
    """One letter added, dropped or replaced ('wolfang' / 'wolfgang'), in names of five letters or more."""
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def given_match(a: str, b: str) -> str | None:
    """How two given names agree: 'same', 'initial' (one is the other's initial or abbreviation:
    'c', 'ch.' and 'christian'), 'typo', or None."""
    if a == b:
        return "same" if len(a) > 1 and not a.endswith(".") else "initial"
    short, long_ = sorted((a, b), key=len)
    if len(short) == 1 or short.endswith("."):
        return "initial" if long_.rstrip(".").startswith(short.rstrip(".")) else None
    return "typo" if _typo(a, b) else None


def compatible(a: NameParts, b: NameParts) -> bool:
    """Whether two names can be one person: same family name, given names agreeing in order.

    A missing middle name is no disagreement ('Wolfgang Wall' fits 'Wolfgang A. Wall'), but a
    different one is ('John A. Smith' and 'John B. Smith'). A family name agrees with the same
    name folded or with its umlauts written out ('Hörmann' with 'Hormann' and 'Hoermann'), but
    'Hoermann' and 'Hormann', printed without the umlaut, are two names.
    """
    if a.last != b.last and b.last != a.transliterated and a.last != b.transliterated:
        return False
    if not a.given or not b.given:
        return True
    if given_match(a.given[0], b.given[0]) is None:
        return False
    return all(given_match(x, y) is not None for x, y in zip(a.given[1:], b.given[1:], strict=False))


def spelling_rank(name: str) -> tuple[int, int, int, int, str]:
    """How well a spelling shows a person, best highest: full given names over initials, diacritics
    over ASCII, mixed case over capitals, then longer; the text itself breaks ties so the choice
    never depends on which source came first."""
    parts = name_parts(name)
    full = sum(len(g) > 1 and not g.endswith(".") for g in parts.given)
    letters = [ch for ch in name if ch.isalpha()]
    mixed_case = int(any(ch.islower() for ch in letters) and any(ch.isupper() for ch in letters))
    return (full, mixed_case, int(not name.isascii()), len(parts.given), name)


def preferred_spelling(names: list[str] | tuple[str, ...] | set[str]) -> str:
    """The spelling a person is shown under, from all those they were printed with."""
    return max(names, key=spelling_rank)
