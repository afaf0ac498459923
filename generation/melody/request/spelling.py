"""Misspelt words ("majr", "dorain") read as the grammar's word one slip away."""

from __future__ import annotations

from .compiled import rx
from .text import _NUMBERS
from .words import _DURATION_WORDS, _MODE_WORDS, _SIZE_WORDS, _TEMPO_WORDS


def _respell(text: str, fixes: dict[str, str]) -> str:
    return rx.sub(r"[A-Za-z]+", lambda m: fixes.get(m.group(0), m.group(0)), text)


#: Words worth correcting when misspelt: the grammar's own vocabulary (four letters or more).
_VOCABULARY = frozenset(
    w for phrase in (*_MODE_WORDS, *_TEMPO_WORDS, *_DURATION_WORDS, *_SIZE_WORDS, *_NUMBERS,
                     "melody", "pentatonic", "bars", "something", "instead", "measures", "triplets", "syncopation", "syncopated", "dotted",
                     "waltz", "march",
                     "stepwise", "leaps", "jumps", "leap", "jump", "skip", "skips", "sharp", "flat", "soprano", "alto", "tenor", "baritone", "accidentals",
                     "chromatic", "rhythm", "rhythms", "tempo", "please", "exercise", "sight", "singing", "reading",
                     "simple", "beginner", "beginners", "intermediate", "advanced", "octave", "tritone", "intervals",
                     "practice", "practise", "easy", "harder", "easier", "shorter", "longer", "slower", "faster",
                     "ascending", "descending", "perfect", "augmented", "diminished", "treble", "clef", "range", "level",
                     "lilting", "relative", "transpose", "time", "signature")
    for w in phrase.split() if len(w) >= 4 and w.isalpha()
)


#: Everyday words one slip from a vocabulary word, never read as it ("like last time" is not "fast").
_COMMON_WORDS = frozenset({"last", "past", "lost", "list", "most", "vast", "cast", "east"})


#: Chinese music words typed in pinyin on a phone without switching the input method ("shichang G dadiao 8xiaojie").
_PINYIN = {"shichang": "视唱", "dadiao": "大调", "xiaodiao": "小调", "xiaojie": "小节", "jiezou": "节奏",
           "jiandan": "简单", "fudian": "附点", "qiefen": "切分", "sanlianyin": "三连音", "sudu": "速度"}


def _spelling_fix(word: str) -> str | None:
    """The one vocabulary word ``word`` is a single slip from (a letter wrong, missing, extra or swapped), if any.

    Also a pinyin music word (its characters), and a note letter run into its sign ("Bflat" is "B flat").
    """
    lower = word.lower()
    if lower in _PINYIN:
        return _PINYIN[lower]
    if m := rx.fullmatch(r"([a-g])(flat|sharp)", lower):
        return f"{m.group(1).upper()} {m.group(2)}"
    if len(lower) < 4 or lower in _VOCABULARY or lower in _COMMON_WORDS:
        return None
    near = [v for v in _VOCABULARY if abs(len(v) - len(lower)) <= 1 and _one_slip(lower, v)]
    if len(near) > 1:
        # A word's first and last letters are the ones least often mistyped: "minir" is "minor", not "minim".
        near = [v for v in near if v[0] == lower[0] and v[-1] == lower[-1]]
    return near[0] if len(near) == 1 else None


def _one_slip(a: str, b: str) -> bool:
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                                  and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))
