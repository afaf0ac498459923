"""Answer checking: parse what a student typed or clicked, compare by the question's rule.

The enharmonic rule: where a question asks for spelling (identifying or
constructing a written note, interval or chord) ``Gb`` is wrong for ``F#``;
where it asks only for a pitch (ear training, keyboard clicks) it is right.
Note names are normalised here (``F##4``, ``Fx4``, ``F𝄪4``, ``bb3``, ``B♭♭3``)
and then read by music21, which gives the pitch that is compared.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from music.interval import Interval, valid_interval
from music.pitch import ASCII_ACCIDENTALS, MAX_ALTER, PRETTY_ACCIDENTALS, STEP_SEMITONES, STEPS, Pitch
from music.words import pitch_name

from .generators.common import an
from .generators.partwriting import VoicesMalformed, grade_voices
from .model import Question
from .performance import PerformanceMalformed, check_performance

NOTE_HELP = "write a letter A-G, an optional accidental (#, b, x, ##, bb, \u266f, \u266d) and an octave, e.g. F#4 or Gb3"
_ACCIDENTAL_SYMBOLS = {
    "\u266f": "#", "\u266d": "b", "\U0001d12a": "x", "\U0001d12b": "bb", "\u266e": "n",
    "\uff03": "#", "-": "b",  # music21 writes flats as '-'
}
# A clicked key as the keyboard sends it: its MIDI number in ASCII digits. Not ``str.isdigit``: that says yes
# to "²" and to a 5000-digit string, and ``int()`` refuses both.
_KEY_NUMBER_RE = re.compile(r"[0-9]{1,3}")
_NOTE_RE = re.compile(r"^([A-Ga-g])((?:##|#x|x|#|bb|b|n)?)(-?\d)?$")
_ACCIDENTAL_ALTER = {"": 0, "n": 0, "#": 1, "x": 2, "##": 2, "b": -1, "bb": -2}


class MalformedAnswer(ValueError):
    """The answer could not be read; the message says why, for the student."""


@dataclass(frozen=True, slots=True)
class NoteAnswer:
    """A parsed note name: letter step 0..6, alteration, octave or None, and music21's MIDI number."""

    step: int
    alter: int
    octave: int | None
    midi: int | None
    pitch_class: int
    #: The 简谱 number as the student typed it ("6,"), where the note was typed so; else empty.
    typed: str = ""

    @property
    def said(self) -> str:
        """The note as feedback names it: as typed with its pitch for a 简谱 number ("6, (A3)"), else its name."""
        return f"{self.typed} ({self.pretty})" if self.typed else self.pretty

    @property
    def ascii(self) -> str:
        text = STEPS[self.step] + ASCII_ACCIDENTALS[self.alter]
        return text if self.octave is None else f"{text}{self.octave}"

    @property
    def pretty(self) -> str:
        text = STEPS[self.step] + PRETTY_ACCIDENTALS[self.alter]
        return text if self.octave is None else f"{text}{self.octave}"


#: Accidentals said in words, as a student types them: "F sharp", "b-flat 3", "升F", "重降B3".
_WORD_ACCIDENTALS = {"double sharp": "##", "double flat": "bb", "sharp": "#", "flat": "b", "natural": ""}
_ACCIDENTAL_WORD_RE = re.compile(r"(?<![A-Za-z])([A-Ga-g])[ -]?(double[ -]sharp|double[ -]flat|sharp|flat|natural)"
                                 r"(?:[ ]?(\d))?(?![A-Za-z])", re.IGNORECASE)
# A Chinese note name puts the accidental first: 升F (F♯), 降B (B♭), 重升F (F𝄪), 还原F (F♮).
_ZH_ACCIDENTALS = {"重升": "##", "重降": "bb", "升": "#", "降": "b", "还原": ""}
_ZH_NOTE_RE = re.compile(r"(重升|重降|升|降|还原)\s*([A-Ga-g])")


# Chinese textbooks write a sign before the letter as they do before a 简谱 number: #F (升F), bB (降B), ♯f. A
# sign that follows no letter can only belong to the letter after it; "b" before a small letter stays a note
# (bb3 is B♭3), so a flat written first needs a capital letter after it (bB3) or the sign itself (♭b3).
_SIGN_FIRST_RE = re.compile(r"(?<![A-Za-z0-9#♯♭\U0001d12a\U0001d12b])(##|#|♯♯|♯|\U0001d12a|♭♭|♭|\U0001d12b)([A-Ga-g])"
                            r"|(?<![A-Za-z0-9#♯♭])(bb|b)([A-G])")


def _spelled_out(text: str) -> str:
    """Accidentals written in English or Chinese words, or before the letter, as signs after it: "f sharp 4",
    "升F4" and "#F4" are "f#4", "F#4" and "F#4". Full-width letters, digits and signs (a Chinese keyboard's
    "Ｆ＃４") are read as their ASCII forms."""
    text = unicodedata.normalize("NFKC", text)
    text = _ACCIDENTAL_WORD_RE.sub(
        lambda m: m.group(1) + _WORD_ACCIDENTALS[re.sub(r"[ -]", " ", m.group(2).lower())] + (m.group(3) or ""), text)
    text = _ZH_NOTE_RE.sub(lambda m: m.group(2) + _ZH_ACCIDENTALS[m.group(1)], text)
    return _SIGN_FIRST_RE.sub(lambda m: (m[2] + m[1]) if m[1] else (m[4] + m[3]), text)


def _normalise(text: str) -> str:
    text = _spelled_out(unicodedata.normalize("NFC", text).strip())
    for symbol, ascii_ in _ACCIDENTAL_SYMBOLS.items():
        if symbol == "-":
            # music21 writes flats as '-' ('B-3', 'B--3'); octaves are never negative here.
            text = re.sub(r"^([A-Ga-g])(-{1,3})", lambda m: m.group(1) + "b" * len(m.group(2)), text)
            continue
        text = text.replace(symbol, ascii_)
    return text.replace(" ", "")


@lru_cache(maxsize=4096)
def parse_note(text: str) -> NoteAnswer:
    """Read a note name (octave optional). Raises ``MalformedAnswer`` with a reason for the student."""
    raw = _normalise(text)
    m = _NOTE_RE.match(raw)
    if not m:
        raise MalformedAnswer(f"'{text.strip()}' is not a note name: {NOTE_HELP}.")
    letter, accidental, octave_text = m.group(1).upper(), m.group(2), m.group(3)
    if accidental == "#x":
        raise MalformedAnswer(f"'{text.strip()}' is a triple sharp: this course spells up to double sharps and flats.")
    alter = _ACCIDENTAL_ALTER[accidental]
    octave = int(octave_text) if octave_text is not None else None
    if octave is not None and not 0 <= octave <= 9:
        raise MalformedAnswer(f"'{text.strip()}' has octave {octave}: use 0 to 9 (middle C is C4).")
    assert abs(alter) <= MAX_ALTER
    midi, pc = _music21_pitch(letter, alter, octave)
    return NoteAnswer(STEPS.index(letter), alter, octave, midi, pc)


@lru_cache(maxsize=4096)
def _music21_pitch(letter: str, alter: int, octave: int | None) -> tuple[int | None, int]:
    from music21 import pitch as m21pitch  # music21 is slow to import: only for the first answer checked

    accidental = {-2: "--", -1: "-", 0: "", 1: "#", 2: "##"}[alter]
    p = m21pitch.Pitch(letter + accidental + ("" if octave is None else str(octave)))
    midi = int(round(p.ps)) if octave is not None else None
    return midi, int(p.pitchClass)


def parse_notes(text: str) -> tuple[NoteAnswer, ...]:
    """Several note names separated by spaces, commas or dashes (``C4 E4 G4``)."""
    cleaned = _normalise_sequence(text)
    tokens = [t for t in re.split(r"[\s,;]+", cleaned) if t]
    if not tokens:
        raise MalformedAnswer(f"No notes found: {NOTE_HELP}, separated by spaces.")
    return tuple(parse_note(t) for t in tokens)


# --- 简谱 numbers ----------------------------------------------------------

#: A typed 简谱 note: signs before the number, then octave marks after it (' or a combining dot above for each
#: octave up; a comma or a combining dot below for each octave down). A comma is a mark only where it follows
#: the number directly and does not run on into the next one ("5, 1" is low sol then do; "5,1" is two notes).
_JIANPU_TOKEN_RE = re.compile(r"(?P<sign>(?:##|#|x|bb|b)?)(?P<number>[0-9]+)(?P<marks>(?:['’′\u0307\u0323]|,(?![#b0-9]))*)")
_COMMA_LIST_RE = re.compile(r"\s*(?:##|#|x|bb|b)?[0-9]['’′\u0307\u0323]*(?:\s*,\s*(?:##|#|x|bb|b)?[0-9]['’′\u0307\u0323]*)+\s*")
_BARE_NUMBER_RE = re.compile(r"^(?:##|#|x)?[0-9]")
_JIANPU_SEPARATORS_RE = re.compile(r"[\s;，、]+")
JIANPU_HELP = "write 1-7 (1 is %s here), with ' for each octave up, a comma for each octave down and # or b before it"


def looks_like_numbers(text: str) -> bool:
    """Whether a typed note answer is written in numbers (简谱, or a stray digit): some note of it begins with a
    digit, or a sharp and a digit. "b3" alone stays the note B3; "1 2 b3" is 简谱 with a flat mi."""
    words_read = _spelled_out(text)  # "a flat 3" is A♭3, its octave written apart
    return any(_BARE_NUMBER_RE.match(t) for t in re.split(r"[\s,;，、]+", _normalise_jianpu(words_read)) if t)


def _normalise_jianpu(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip()  # full-width digits and signs, as a Chinese keyboard types
    for symbol, ascii_ in _ACCIDENTAL_SYMBOLS.items():
        if symbol != "-":
            text = text.replace(symbol, ascii_)
    return text


def parse_jianpu(text: str, key_name: str, *, first: NoteAnswer | None = None) -> tuple[NoteAnswer, ...]:
    """Typed 简谱 numbers read in the key ``key_name`` (``Key.name``), 1 being its do (a minor key's relative
    major tonic, so its tonic is 6, as ``music.movable_do`` numbers notes). Without octave marks the notes
    have no octave (a letter name typed without one); with marks, a dotless number is in the octave that puts
    the first note on ``first`` (the note the question gives), so a student's own dotting is read as meant.
    Raises ``MalformedAnswer`` naming the token that is not a number 1-7."""
    from music.key import key_from_name
    from music.movable_do import do_name as do_name_of
    from music.movable_do import do_of

    key = key_from_name(key_name)
    do_step, do_pc = do_of(key)
    do_name = do_name_of(key)
    cleaned = _normalise_jianpu(text)
    if _COMMA_LIST_RE.fullmatch(cleaned):
        cleaned = cleaned.replace(",", " ")  # "1, 7, 1": a comma after every note but the last separates them
    tokens: list[tuple[int, int, int, str]] = []  # (number, sign, octave shift, as typed)
    for part in (t for t in _JIANPU_SEPARATORS_RE.split(cleaned) if t):
        at = 0
        while at < len(part):
            if part[at] == ",":  # a comma between notes ("1,2,3") separates them
                at += 1
                continue
            m = _JIANPU_TOKEN_RE.match(part, at)
            if m is None or not m["number"] or not 1 <= int(m["number"]) <= 7:
                bad = m[0] if m is not None and m[0] else part[at:]
                raise MalformedAnswer(f"'{bad}' is not a jianpu number: {JIANPU_HELP % do_name}.")
            marks = m["marks"]
            shift = sum(marks.count(c) for c in "'’′\u0307") - sum(marks.count(c) for c in ",\u0323")
            tokens.append((int(m["number"]), _ACCIDENTAL_ALTER[m["sign"].replace("x", "##")] if m["sign"] != "x"
                           else 2, shift, m[0]))
            at = m.end()
    if not tokens:
        raise MalformedAnswer(f"No notes found: {NOTE_HELP}, separated by spaces.")
    marked = any(shift for _, _, shift, _ in tokens)
    notes = []
    for number, sign, shift, typed in tokens:
        step = (do_step + number - 1) % 7
        in_scale = (do_pc + STEP_SEMITONES[number - 1] + sign) % 12
        alter = (in_scale - STEP_SEMITONES[step] + 6) % 12 - 6
        if abs(alter) > MAX_ALTER:
            raise MalformedAnswer(f"'{number}' with that sign is more than a double sharp or flat in this key: "
                                  f"{JIANPU_HELP % do_name}.")
        octave = (4 * 7 + do_step + number - 1 + 7 * shift) // 7 if marked else None
        midi, pc = _music21_pitch(STEPS[step], alter, octave)
        notes.append(NoteAnswer(step, alter, octave, midi, pc, typed))
    if marked and first is not None and first.midi is not None and notes[0].midi is not None \
            and (first.midi - notes[0].midi) % 12 == 0:
        move = (first.midi - notes[0].midi) // 12
        notes = [NoteAnswer(n.step, n.alter, n.octave + move, (n.midi or 0) + 12 * move, n.pitch_class, n.typed)
                 if n.octave is not None else n for n in notes]
    return tuple(notes)


# --- solfège and spoken 简谱 ----------------------------------------------------

#: Movable-do syllables as the 简谱 number they sing (do = 1 in the question's key, as its 简谱 line says), the
#: chromatic ones with their sign; 哆来咪发嗦拉西 as a Chinese class writes them.
_SOLFEGE_NUMBERS = {
    "do": "1", "doh": "1", "re": "2", "ray": "2", "mi": "3", "fa": "4", "fah": "4", "sol": "5", "so": "5",
    "soh": "5", "la": "6", "lah": "6", "ti": "7",
    "di": "#1", "ri": "#2", "fi": "#4", "li": "#6", "ra": "b2", "se": "b5", "le": "b6",
    "哆": "1", "来": "2", "咪": "3", "发": "4", "嗦": "5", "拉": "6", "西": "7",
}
#: Syllables read two ways, refused with both readings: si is ti in the Romance languages (and 西 in China) but a
#: raised sol in chromatic movable do; me and te are mi and ti in tonic sol-fa but lowered ones in chromatic do.
_SOLFEGE_AMBIGUOUS = {"si": ("7", "#5"), "me": ("3", "b3"), "te": ("7", "b7")}
_SYLLABLE_RE = re.compile(
    r"(?<![A-Za-z])(?P<before>##|#|bb|b)?(?P<syllable>(?:" + "|".join(
        sorted((k for k in {**_SOLFEGE_NUMBERS, **_SOLFEGE_AMBIGUOUS} if k.isascii()), key=len, reverse=True))
    + r")(?![A-Za-z])|[哆来咪发嗦拉西])(?P<after>##|#)?", re.IGNORECASE)
#: A Chinese class says a dotted 简谱 note aloud: 低音7 (7 with a dot below), 高音1, 倍低音5 (two dots); 中音 none.
_OCTAVE_WORDS = {"倍低音": ",,", "低音": ",", "中音": "", "高音": "'", "倍高音": "''"}
_OCTAVE_WORD_RE = re.compile(r"(倍低音|倍高音|低音|中音|高音)\s*((?:##|#|bb|b)?[0-9])")


_LETTER_RUN_RE = re.compile(r"[A-Za-z]+")
_ASCII_SYLLABLES = tuple(k for k in {**_SOLFEGE_NUMBERS, **_SOLFEGE_AMBIGUOUS} if k.isascii())


def _syllable_readings(run: str) -> list[list[str]]:
    """Every way ``run`` (lower case) splits into syllables; two suffice to call it ambiguous."""
    if not run:
        return [[]]
    readings = []
    for syllable in _ASCII_SYLLABLES:
        if run.startswith(syllable):
            readings += [[run[:len(syllable)], *rest] for rest in _syllable_readings(run[len(syllable):])]
            if len(readings) > 1:
                break
    return readings


def _syllables_apart(text: str) -> str:
    """``text`` with syllables typed run together ("doremi", "SolLaTi") written apart, where the run splits into
    syllables one way only; anything else is left as typed (a note name, a word)."""
    def apart(m: re.Match[str]) -> str:
        readings = _syllable_readings(m[0].lower())
        if len(readings) != 1 or len(readings[0]) < 2:
            return m[0]
        out, at = [], 0
        for syllable in readings[0]:
            out.append(m[0][at:at + len(syllable)])
            at += len(syllable)
        return " ".join(out)

    return _LETTER_RUN_RE.sub(apart, text)


def looks_like_solfege(text: str) -> bool:
    """Whether a typed answer sings its notes (do re mi, 哆来咪, doremi) or says a 简谱 octave (低音7, 高音1)."""
    text = _syllables_apart(unicodedata.normalize("NFKC", text))
    return bool(_SYLLABLE_RE.search(text) or _OCTAVE_WORD_RE.search(text))


def solfege_as_jianpu(text: str) -> str:
    """``text`` with each syllable and spoken octave written as its 简谱 number, marks kept ("sol, do re" is
    "5, 1 2"; "低音7 1" is "7, 1"; "#fa" and "fa#" are "#4"). Raises ``MalformedAnswer`` for a syllable read two
    ways (si, me, te), naming both.

    >>> solfege_as_jianpu("do re mi fa sol la ti do'"), solfege_as_jianpu("低音7 高音1 倍低音5")
    ("1 2 3 4 5 6 7 1'", "7, 1' 5,,")
    >>> solfege_as_jianpu("哆来咪").split(), solfege_as_jianpu("doremi")
    (['1', '2', '3'], '1 2 3')
    """
    text = _syllables_apart(unicodedata.normalize("NFKC", text))

    def number(m: re.Match[str]) -> str:
        syllable = m["syllable"].lower()
        if syllable in _SOLFEGE_AMBIGUOUS:
            first, second = _SOLFEGE_AMBIGUOUS[syllable]
            raise MalformedAnswer(f"'{m['syllable']}' can mean {first} or {second}: type the jianpu number you mean.")
        if m["before"] and m["after"]:
            raise MalformedAnswer(f"'{m[0]}' has a sign on both sides: write one, before it (#fa).")
        written = (m["before"] or m["after"] or "") + _SOLFEGE_NUMBERS[syllable]
        return written if syllable.isascii() else f" {written} "  # 哆来咪 runs on without spaces

    text = _SYLLABLE_RE.sub(number, text)
    return _OCTAVE_WORD_RE.sub(lambda m: m[2] + _OCTAVE_WORDS[m[1]], text)


def _normalise_sequence(text: str) -> str:
    # Dashes between notes separate them; a dash right after a letter is a music21 flat.
    text = _spelled_out(unicodedata.normalize("NFC", text).strip())
    return re.sub(r"(?<=\d)-(?=[A-Ga-g])|\s-\s", " ", text)


# --- intervals -------------------------------------------------------------

_QUALITY_WORDS = {
    "perfect": "P", "perf": "P", "p": "P", "major": "M", "maj": "M", "minor": "m", "min": "m",
    "augmented": "A", "aug": "A", "a": "A", "+": "A", "diminished": "d", "dim": "d", "d": "d", "o": "d",
    "doubly augmented": "AA", "aa": "AA", "doubly diminished": "dd", "dd": "dd",
}
_NUMBER_WORDS = {
    "unison": 1, "prime": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "octave": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15,
}
_SHORT_RE = re.compile(r"^([+-]?)(AA|dd|[PMmAd])(\d{1,2})$")
_WORDS_RE = re.compile(r"^([+-]?)\s*(compound\s+)?([a-z +]+?)\s*(\d{1,2}(?:st|nd|rd|th)?|[a-z]+)$")


def parse_interval(text: str) -> Interval:
    """Read an interval name: ``M10``, ``m3``, ``A4``, ``major 10th``, ``compound major third``,
    ``M3+P8`` or ``M3 + octave`` (a simple interval plus octaves). Raises ``MalformedAnswer``.

    ``M`` and ``m`` are case-sensitive (major, minor); words are not.
    """
    raw = unicodedata.normalize("NFC", text).strip()
    if not raw:
        raise MalformedAnswer("No interval given: write e.g. M3, m6, P5, A4, d5 or M10.")
    parts = [p.strip() for p in raw.split("+") if p.strip()]
    if len(parts) > 1 and not raw.startswith("+"):
        base = _parse_one_interval(parts[0], raw)
        octaves = 0
        for extra in parts[1:]:
            low = extra.lower()
            if low in ("p8", "8va", "octave", "an octave", "perfect octave"):
                octaves += 1
            elif low in ("p15", "2 octaves", "two octaves", "double octave"):
                octaves += 2
            else:
                raise MalformedAnswer(f"'{raw}': after '+' write an octave (P8), as in M3+P8.")
        return Interval(base.quality, base.number + 7 * octaves)
    return _parse_one_interval(raw, raw)


#: Chinese interval names: 大三度, 纯五度, 增四度, 减五度, 倍增四度, 大十度, 复大三度 (a compound major third).
_ZH_QUALITIES = {"纯": "P", "大": "M", "小": "m", "增": "A", "减": "d", "倍增": "AA", "倍减": "dd"}
_ZH_INTERVAL_RE = re.compile(r"^(复)?(倍增|倍减|纯|大|小|增|减)([一二三四五六七八九十]{1,3}|\d{1,2})度$")
_ZH_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}


def _zh_number(text: str) -> int:
    """一 .. 十九 (and digits) as a number: 十 is 10, 十三 is 13; 0 for anything else."""
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if text.startswith("十") and len(text) == 2:
        return 10 + _ZH_DIGITS.get(text[1], -10)
    return _ZH_DIGITS.get(text, 0) if len(text) == 1 else 0


def _parse_one_interval(text: str, raw: str) -> Interval:
    zh = _ZH_INTERVAL_RE.match(text.replace(" ", ""))
    if zh:
        number = _zh_number(zh.group(3))
        if zh.group(1) and 1 < number <= 7:
            number += 7
        text = f"{_ZH_QUALITIES[zh.group(2)]}{number}"
    text = re.sub(r"(?i)double[ -]octave", "fifteenth", text)
    m = _SHORT_RE.match(text.replace(" ", ""))
    if m:
        quality, number = m.group(2), int(m.group(3))
    else:
        wm = _WORDS_RE.match(text.lower())
        if not wm:
            raise MalformedAnswer(f"'{raw}' is not an interval name: write e.g. M3, m6, P5, A4, d5 or M10.")
        quality_word, number_word = wm.group(3).strip(), wm.group(4)
        q = _QUALITY_WORDS.get(quality_word)
        digits = re.match(r"\d+", number_word)
        number = int(digits.group(0)) if digits else _NUMBER_WORDS.get(number_word, 0)
        if q is None or number == 0:
            raise MalformedAnswer(f"'{raw}' is not an interval name: write e.g. M3, m6, P5, A4, d5 or M10.")
        quality = q
        if wm.group(2) and number <= 7:
            number += 7
    if not valid_interval(quality, number) or number > 22:
        raise MalformedAnswer(f"'{raw}' is not a possible interval (perfect intervals are 1, 4, 5, 8 and "
                              "their compounds; major and minor are 2, 3, 6, 7 and theirs).")
    return Interval(quality, number)


def intervals_equal(a: Interval, b: Interval) -> bool:
    """Same spelled interval, checked with music21 (``M10`` equals ``M3+P8``; ``M10`` is not ``M3``)."""
    return _music21_interval(a.name) == _music21_interval(b.name)


@lru_cache(maxsize=1024)
def _music21_interval(name: str) -> tuple[int, int]:
    from music21 import interval as m21interval  # music21 is slow to import: only for the first answer

    iv = m21interval.Interval(name)
    return int(iv.generic.directed), int(iv.semitones)


# --- roman numerals --------------------------------------------------------


def _normalise_roman(text: str) -> str:
    t = unicodedata.normalize("NFC", text).strip().replace(" ", "")
    t = t.replace("/o", "\u00f8").replace("%", "\u00f8").replace("\u2205", "\u00f8")
    t = re.sub(r"(?<=[iIvV])o", "\u00b0", t)
    return t.replace("/", "")


# --- the check -------------------------------------------------------------


def check_answer(question: Question, answer: object) -> tuple[bool, str]:
    """Check ``answer`` against ``question``: ``(correct, feedback)``; never raises for bad input.

    Choice questions take the choice's text (for interval choices, any name of the same
    interval: ``M10``, ``M3+P8``, ``major 10th``). Note questions take note names (several
    separated by spaces for dictation); keyboard clicks also take MIDI numbers.
    """
    if answer is None or (isinstance(answer, str) and not answer.strip()):
        return False, "No answer given."
    try:
        if question.answer_mode == "choice":
            return _check_choice(question, str(answer))
        if question.answer_mode == "voices":
            return _check_voices(question, str(answer))
        if question.answer_mode in ("sing", "clap"):
            try:
                return check_performance(question, str(answer))
            except PerformanceMalformed as exc:
                return False, str(exc)
        return _check_notes(question, answer)
    except MalformedAnswer as exc:
        return False, str(exc)


def _check_voices(q: Question, answer: str) -> tuple[bool, str]:
    """Four-part writing: right when the part-writing checker finds no fault; each fault on its own line."""
    assert q.part_writing is not None
    try:
        _, errors = grade_voices(q.part_writing, answer)
    except VoicesMalformed as exc:
        raise MalformedAnswer(str(exc)) from None
    if not errors:
        return True, "Correct: no part-writing fault."
    count = f"{len(errors)} fault{'s' if len(errors) > 1 else ''}"
    return False, f"{count}:\n" + "\n".join(e.reason for e in errors)


#: An interval said in words ("minor 7th", "perfect unison"): named with its article in feedback.
_INTERVAL_WORDS_RE = re.compile(r"^(?:doubly )?(?:perfect|major|minor|augmented|diminished) (?:unison|octave|\d+(?:st|nd|rd|th))$")


def _wrong_choice(q: Question, given: str) -> tuple[bool, str]:
    """A wrong choice said as a sentence: what was chosen and what is right, then why (the explanation)."""
    if _INTERVAL_WORDS_RE.match(given) and _INTERVAL_WORDS_RE.match(q.answer):
        said = f"You chose {an(given)}, but this is {an(q.answer)}."
    else:
        said = f"You chose '{given}'; the answer is '{q.answer}'."
    return False, f"{said} {q.explanation}"


def _check_choice(q: Question, answer: str) -> tuple[bool, str]:
    given = answer.strip()
    right = f"Correct: {q.answer}."
    if given == q.answer:
        return True, right
    if q.match == "interval":
        if given in q.choices:
            return _wrong_choice(q, given)
        iv = parse_interval(given)
        if intervals_equal(iv, parse_interval(q.answer)):
            return True, right
        return _wrong_choice(q, iv.words)
    if given in q.choices:
        return _wrong_choice(q, given)
    folded = [c for c in q.choices if _fold(c) == _fold(given)]
    if len(folded) == 1:
        # Case and symbol differences are safe here: only one choice reads the same.
        ok = folded[0] == q.answer
        return (True, right) if ok else _wrong_choice(q, folded[0])
    return False, f"'{given}' is not one of the choices: {', '.join(q.choices)}."


def is_key_number(text: str) -> bool:
    """Whether ``text`` (spaces around it aside) is a clicked key's MIDI number: one to three ASCII digits."""
    return _KEY_NUMBER_RE.fullmatch(text.strip()) is not None


def _fold(text: str) -> str:
    return _normalise_roman(text).casefold().replace("\u266f", "#").replace("\u266d", "b")


#: A key's name typed where its tonic is asked: "C# minor", "c#m", "升c小调", "降E大调".
_KEY_NAME_RE = re.compile(r"^\s*(?P<tonic>.+?)\s*(?P<mode>major|minor|maj|min|m|大调|小调)\s*$", re.IGNORECASE)
_MODE_WORDS = {"major": "major", "maj": "major", "大调": "major", "minor": "minor", "min": "minor", "m": "minor",
               "小调": "minor"}


def _asked_key_mode(q: Question) -> str | None:
    """"major" or "minor" where the question asks for a key's tonic (its tag names the key: ``key:c#`` is minor)."""
    if q.kind != "key_signature_identify" or q.answer_mode == "choice":
        return None
    name = next((t.removeprefix("key:") for t in q.tags if t.startswith("key:")), "")
    return ("minor" if name[:1].islower() else "major") if name else None


def _key_name_typed(q: Question, text: str) -> tuple[str, str | None]:
    """``text`` without a key's mode word where the question asks for a tonic, and the mode said (None if none):
    a student names the key whose tonic is asked ("升c小调") as readily as the tonic."""
    m = _KEY_NAME_RE.match(text) if _asked_key_mode(q) else None
    if m is None:
        return text, None
    return m["tonic"], _MODE_WORDS[m["mode"].lower()]


def typed_notes(q: Question, text: str) -> tuple[NoteAnswer, ...]:
    """The notes a typed answer names, read as the question asks them: 简谱 numbers in the question's key (where it
    names one), the key's name where its tonic is asked, else note names. The page's refusal of an unreadable
    answer and the marking read it alike. Raises ``MalformedAnswer`` with the reason."""
    text, _ = _key_name_typed(q, text)
    if q.answer_mode != "keyboard_click" and looks_like_solfege(text):
        if not q.key:
            raise MalformedAnswer(f"'{text.strip()}' is sung in solfège, and this question names no key: type a "
                                  "letter name A-G, e.g. G or F#4.")
        notes = parse_jianpu(solfege_as_jianpu(text), q.key, first=parse_note(q.given[0]) if q.given else None)
        said = _syllables_apart(unicodedata.normalize("NFKC", text)).split()
        if len(said) == len(notes):  # one word a note: feedback names it as sung ("la, (E3)")
            notes = tuple(replace(n, typed=word) for n, word in zip(notes, said, strict=True))
        return notes
    if q.answer_mode != "keyboard_click" and looks_like_numbers(text):  # a clicked key is a number of its own
        if not q.key:
            raise MalformedAnswer(f"'{text.strip()}' is a number: type a letter name A-G, e.g. G or F#4.")
        return parse_jianpu(text, q.key, first=parse_note(q.given[0]) if q.given else None)
    return parse_notes(text)


def _check_notes(q: Question, answer: object) -> tuple[bool, str]:
    expected = parse_notes(q.answer)
    if isinstance(answer, int) and not isinstance(answer, bool):
        if q.answer_mode != "keyboard_click":
            raise MalformedAnswer("Write a note name, not a number.")
        given_midi: list[int | None] = [answer]
        given: tuple[NoteAnswer, ...] = ()
    else:
        text = str(answer)
        if q.answer_mode == "keyboard_click" and is_key_number(text):
            given_midi = [int(text.strip())]
            given = ()
        else:  # a clicked key's number is read above; elsewhere a number is 简谱 or refused
            said_mode = _key_name_typed(q, text)[1]
            if said_mode is not None and said_mode != _asked_key_mode(q):
                asked = _asked_key_mode(q)
                return False, (f"This asks for the {asked} key with this signature, not a {said_mode} key. "
                               + q.explanation)
            given = typed_notes(q, text)
            given_midi = [g.midi for g in given]
    if len(given_midi) != len(expected):
        return False, (f"Expected {len(expected)} note{'s' if len(expected) > 1 else ''}, "
                       f"got {len(given_midi)}.")
    wrong: list[str] = []
    for i, exp in enumerate(expected):
        g = given[i] if given else None
        midi = given_midi[i]
        if g is not None and g.octave is None and q.octave == "required":
            raise MalformedAnswer(f"'{g.ascii}' needs an octave here (middle C is C4), e.g. {g.ascii}4.")
        use_octave = q.octave != "none" and (g is None or g.octave is not None)
        if q.match == "spelling":
            assert g is not None
            same_name = g.step == exp.step and g.alter == exp.alter
            if not same_name:
                # Only the same sound is "the same but spelled differently": B♭2 for A♯4 is two octaves off too.
                if g.pitch_class == exp.pitch_class and (not use_octave or g.midi == exp.midi):
                    wrong.append(f"{g.pretty} sounds the same as {exp.pretty if not use_octave else exp.pretty} "
                                 "but is spelled differently, and the spelling is asked here")
                else:
                    wrong.append(f"{g.pretty} is not {_no_octave(exp) if not use_octave else exp.pretty}")
            elif use_octave and g.octave != exp.octave:
                wrong.append(f"{g.pretty} is in the wrong octave: {exp.pretty} (middle C is C4)")
        else:
            if use_octave:
                if midi != exp.midi:
                    wrong.append(f"{g.said if g else _key_name(midi)} is not the pitch {exp.pretty}")
            elif (g.pitch_class if g else (midi or 0) % 12) != exp.pitch_class:
                wrong.append(f"{g.said if g else _key_name(midi)} is not {_no_octave(exp)}")
    if wrong:
        reason = "; ".join(wrong)
        # Typed in 简谱, answered in 简谱 too: the melody as the numbers the student would have written.
        in_jianpu = f" In jianpu (1 = {_jianpu_do(q.key)}): {_jianpu_text(expected, q.key)}." \
            if q.key and any(g.typed for g in given) else ""
        return False, reason[0].upper() + reason[1:] + ". " + q.explanation + in_jianpu
    return True, f"Correct: {' '.join(e.pretty if q.octave != 'none' else _no_octave(e) for e in expected)}."


def _jianpu_do(key_name: str) -> str:
    from music.key import key_from_name
    from music.movable_do import do_name

    return do_name(key_from_name(key_name))


def _jianpu_text(notes: tuple[NoteAnswer, ...], key_name: str) -> str:
    """``notes`` (with octaves) as 简谱 numbers in the key, ' and , marking octaves from the octave needing fewest."""
    from music.key import key_from_name
    from music.movable_do import degree, middle_octave

    key = key_from_name(key_name)
    # Numbered from each note as written (a B♭ is ♭7 in C, an A♯ ♯6), as the 简谱 drawings number them.
    written = [Pitch(n.step, n.alter, n.octave) if n.octave is not None else n.midi for n in notes if n.midi is not None]
    middle = middle_octave(written, key)
    out = []
    for note in written:
        number, alteration, shift = degree(note, key, middle_octave=middle)
        out.append({1: "#", -1: "b", 2: "x", -2: "bb"}.get(alteration, "") + str(number)
                   + ("'" * shift if shift > 0 else "," * -shift))
    return " ".join(out)


def _key_name(midi: int | None) -> str:
    """A clicked key by its name; a number off the MIDI range (junk input) as "that key"."""
    return pitch_name(midi) if midi is not None and 12 <= midi <= 127 else "that key"


def _no_octave(n: NoteAnswer) -> str:
    return STEPS[n.step] + PRETTY_ACCIDENTALS[n.alter]
