"""Skills, pitches, ranges, confidence and scores in the words a teacher uses: the one place that names them.

Every page and message that shows a skill tag, a MIDI number, a mastery
estimate or a percentage goes through these functions, so a student never
reads ``pc:A#@C`` or ``MIDI 69`` and one score is never written two ways.

>>> skill_name("pc:F#@G"), skill_name("int:+M6"), skill_name("rhy:dotted-8th-16th")
('F♯ in G major', 'rising major sixth', 'dotted eighth–sixteenth')
>>> pitch_name(69), range_name(55, 77)
('A4', 'G3 to F5')
>>> confidence_words(0.33, 0.18), score_text(78.6)
('needs work', '79%')
"""

from __future__ import annotations

import re
from typing import Any

from music.chord import INVERSION_WORDS
from music.hanzi import to_simplified, to_traditional
from music.interval import NUMBER_NAMES, QUALITY_WORDS
from music.pitch import pretty_name
from music.scale import MODE_TITLES, MODES
from music.spelling import common_spelling

#: Rhythm figures (``rhy:`` tags, as drills and graded notes write them) as a teacher says them.
RHYTHM_WORDS: dict[str, str] = {
    "after-rest": "coming in after a rest",
    "16th-16th-8th": "two sixteenths and an eighth",
    "16ths": "four sixteenths",
    "8th-16th-16th": "an eighth and two sixteenths",
    "8th-pair": "pairs of eighths",
    "8th-triple": "three eighths in a beat",
    "dotted-8th-16th": "dotted eighth–sixteenth",
    "dotted-half": "dotted half notes",
    "dotted-quarter-8th": "dotted quarter–eighth",
    "quarter-8th": "quarter–eighth in compound time",
    "syncopation": "syncopation",
    "tie": "tied notes",
    "triplet-8th": "eighth-note triplets",
    "triplet-quarter": "quarter-note triplets",
}
CHORD_WORDS = {
    "maj": "major triads", "min": "minor triads", "dim": "diminished triads", "aug": "augmented triads",
    "dom7": "dominant seventh chords", "maj7": "major seventh chords", "min7": "minor seventh chords",
    "hdim7": "half-diminished seventh chords", "dim7": "diminished seventh chords",
}
INVERSION_TAG_WORDS = dict(zip(("root", "1st", "2nd", "3rd"), INVERSION_WORDS, strict=True))
EAR_WORDS = {
    "interval": "hearing intervals", "chord": "hearing chords", "scale": "hearing scales",
    "melody": "melodic dictation", "rhythm": "rhythmic dictation", "cadence": "hearing cadences",
    "degree": "hearing scale degrees",
}
READING_WORDS = {
    "ledger": "notes on ledger lines", "accidental": "reading accidentals",
    "double-accidental": "double sharps and flats", "keyboard": "finding notes on the keyboard",
    "key-signature": "key signatures",
}
_FIGURED_BASS = {"65": "⁶₅", "43": "⁴₃", "42": "⁴₂", "64": "⁶₄", "6": "⁶", "7": "⁷"}
_INTERVAL_RE = re.compile(r"^([+-]?)(AA|dd|[PMmAd])(\d{1,2})$")
_RN_RE = re.compile(r"^([ivIV]+[°ø+]?)(65|43|42|64|6|7)?$")
#: Mastery (probability of a right answer) bands, lowest first, and their words.
CONFIDENCE_BANDS = ((0.5, "needs work"), (0.7, "getting there"), (0.85, "nearly there"), (1.01, "secure"))
#: A posterior standard deviation above this means too little evidence to say much yet.
UNSURE_SD = 0.2


def note_text(ascii_name: str, *, two_signs: bool = False) -> str:
    """A pitch or pitch class as written in ASCII (``F#``, ``Bb4``), with real accidentals.

    ``two_signs`` writes a double sharp or flat as two signs, as the take page's scripts do (many phone
    fonts have no 𝄪 or 𝄫 glyph).

    >>> note_text("F#"), note_text("Bb4"), note_text("E##"), note_text("E##4", two_signs=True)
    ('F♯', 'B♭4', 'E𝄪', 'E♯♯4')
    """
    text = pretty_name(ascii_name)
    return text.replace("\U0001d12a", "♯♯").replace("\U0001d12b", "♭♭") if two_signs else text


def key_text(value: str) -> str:
    """A key as the tags write it (``Eb`` major, lower case ``c#`` minor) in words.

    >>> key_text("Eb"), key_text("c#")
    ('E♭ major', 'C♯ minor')
    """
    if value[:1].islower():
        return f"{note_text(value[0].upper() + value[1:])} minor"
    return f"{note_text(value)} major"


def interval_text(value: str) -> str:
    """A melodic interval as tags write it (``+M6``, ``-P4``, ``m3``) in words.

    >>> interval_text("+M6"), interval_text("-P4"), interval_text("m3"), interval_text("+P8")
    ('rising major sixth', 'falling perfect fourth', 'minor third', 'rising octave')
    """
    match = _INTERVAL_RE.match(value)
    if not match:
        raise ValueError(f"not an interval: {value!r}")
    sign, quality, number_text = match.groups()
    number = int(number_text)
    direction = {"+": "rising ", "-": "falling "}[sign] if sign else ""
    size = NUMBER_NAMES.get(number, f"{number}th")
    if number in (1, 8) and quality == "P":
        return f"{direction}{size}"
    return f"{direction}{QUALITY_WORDS[quality]} {size}"


#: Harmony skills beyond single chords (``harm:`` tags of the question generators).
HARMONY_WORDS = {
    "part-writing": "four-part writing", "roman": "writing from Roman numerals", "figured-bass": "figured bass",
    "harmonic-dictation": "harmonic dictation", "secondary-dominant": "secondary dominants",
    "six-four": "6/4 chords", "nct": "non-chord tones", "cadence-written": "reading cadences on the staff",
}


def skill_name(tag: str) -> str:
    """A skill tag (``prefix:value``, see ``lessons.questions.tags``) as a teacher names it.

    Unknown prefixes and malformed values still come out as words, never as the raw tag.

    >>> skill_name("pc:A#@C"), skill_name("int:-m3"), skill_name("rhy:16ths"), skill_name("rhy:after-rest")
    ('A♯ in C major', 'falling minor third', 'four sixteenths', 'coming in after a rest')
    >>> skill_name("key:c#"), skill_name("clef:bass"), skill_name("chord:hdim7"), skill_name("inv:2nd")
    ('C♯ minor', 'the bass clef', 'half-diminished seventh chords', 'second inversion')
    >>> skill_name("rn:V65"), skill_name("scale:harmonic-minor"), skill_name("meter:6/8"), skill_name("ear:degree")
    ('the V⁶₅ chord', 'harmonic minor scales', '6/8 time', 'hearing scale degrees')
    >>> skill_name("cadence:plagal"), skill_name("read:ledger"), skill_name("mystery:odd-thing")
    ('plagal cadences', 'notes on ledger lines', 'odd thing')
    >>> skill_name("cadence:perfect-authentic"), skill_name("harm:nct"), skill_name("harm:six-four")
    ('perfect authentic cadences', 'non-chord tones', '6/4 chords')
    """
    prefix, _, value = tag.partition(":")
    if not value:
        return prefix.replace("-", " ")
    if prefix == "pc" and "@" in value:
        note, tonic = value.split("@", 1)
        return f"{note_text(note)} in {key_text(tonic)}"
    if prefix == "int" and _INTERVAL_RE.match(value):
        return interval_text(value)
    if prefix == "rhy":
        return RHYTHM_WORDS.get(value, value.replace("-", " "))
    if prefix == "key":
        return key_text(value)
    if prefix == "clef":
        return f"the {value} clef"
    if prefix == "chord" and value in CHORD_WORDS:
        return CHORD_WORDS[value]
    if prefix == "inv" and value in INVERSION_TAG_WORDS:
        return INVERSION_TAG_WORDS[value]
    if prefix == "rn":
        match = _RN_RE.match(value)
        if match:
            return f"the {match.group(1)}{_FIGURED_BASS.get(match.group(2) or '', '')} chord"
    if prefix == "scale":
        return f"{value.replace('-', ' ')} scales"
    if prefix == "meter":
        return f"{value} time" if "/" in value else f"{value} meter"
    if prefix == "cadence":
        return f"{value.replace('-', ' ')} cadences"
    if prefix == "harm" and value in HARMONY_WORDS:
        return HARMONY_WORDS[value]
    if prefix == "ear" and value in EAR_WORDS:
        return EAR_WORDS[value]
    if prefix == "read" and value in READING_WORDS:
        return READING_WORDS[value]
    return value.replace("-", " ")


def pitch_name(midi: int) -> str:
    """A MIDI number (60 is middle C) as a note name with octave, spelled as on a keyboard.

    >>> pitch_name(60), pitch_name(61), pitch_name(70)
    ('C4', 'C♯4', 'B♭4')
    """
    return note_text(common_spelling(int(midi)).name)


def range_name(low_midi: int, high_midi: int) -> str:
    """A voice range (MIDI, either order) as note names.

    >>> range_name(77, 55)
    'G3 to F5'
    """
    low, high = sorted((int(low_midi), int(high_midi)))
    return f"{pitch_name(low)} to {pitch_name(high)}"


def confidence_words(mean: float, sd: float) -> str:
    """A mastery estimate (mean probability of getting it right, 0..1, and its standard deviation) in words.

    >>> confidence_words(0.9, 0.05), confidence_words(0.6, 0.1), confidence_words(0.6, 0.25)
    ('secure', 'getting there', 'getting there (early days)')
    """
    words = next(text for upper, text in CONFIDENCE_BANDS if mean < upper)
    return f"{words} (early days)" if sd > UNSURE_SD else words


def score_text(percent: float | None) -> str:
    """A score out of 100 as every page writes it: a whole percentage; a dash when there is none.

    >>> score_text(78.6), score_text(100.0), score_text(None)
    ('79%', '100%', '—')
    """
    if percent is None:
        return "—"
    return f"{round(float(percent)):d}%"


#: A mode as a Chinese reader names it after a tonic ("D多利亚调式", "A羽调式").
ZH_MODE_NAMES = {
    "major": "大调", "minor": "小调", "harmonic-minor": "和声小调", "melodic-minor": "旋律小调",
    "dorian": "多利亚调式", "phrygian": "弗里几亚调式", "lydian": "利底亚调式", "mixolydian": "混合利底亚调式",
    "aeolian": "爱奥利亚调式", "locrian": "洛克里亚调式",
    # The five pentatonic modes (五声调式) named after their tonic; major pentatonic is 宫, minor pentatonic 羽.
    "gong": "宫调式", "shang": "商调式", "jue": "角调式", "zhi": "徵调式", "yu": "羽调式",
    "major-pentatonic": "宫调式", "minor-pentatonic": "羽调式",
}


def key_name_zh(tonic: str, mode: str) -> str:
    """A key as a Chinese reader writes it: ``D大调``, ``d小调``, ``升f和声小调``, ``D多利亚调式``.

    Minor keys take a lower-case tonic (the Chinese textbook convention), accidentals are words::

        >>> key_name_zh("F#", "minor"), key_name_zh("Bb", "major"), key_name_zh("D", "dorian"), key_name_zh("D", "zhi")
        ('升f小调', '降B大调', 'D多利亚调式', 'D徵调式')
    """
    return tonic_zh(tonic, minor=mode in ZH_MINOR_MODES) + ZH_MODE_NAMES[mode]


#: The modes whose tonic a Chinese key name writes in lower case (``d小调``, ``升f和声小调``).
ZH_MINOR_MODES = frozenset({"minor", "harmonic-minor", "melodic-minor"})
_ZH_ACCIDENTALS = {"#": "升", "b": "降", "##": "重升", "bb": "重降", "♯": "升", "♭": "降", "𝄪": "重升", "𝄫": "重降",
                   "♯♯": "重升", "♭♭": "重降"}


def tonic_zh(tonic: str, *, minor: bool) -> str:
    """A key's tonic as a Chinese key name writes it: the accidental a word before the letter, the letter lower case
    in a minor key (ASCII or ``♯``/``♭`` signs in)::

        >>> tonic_zh("F#", minor=True), tonic_zh("E♭", minor=False), tonic_zh("B", minor=True)
        ('升f', '降E', 'b')
    """
    letter, accidental = tonic[0], tonic[1:]
    return _ZH_ACCIDENTALS.get(accidental, accidental) + (letter.lower() if minor else letter.upper())


#: A drill's kind as its title names it, in English and Chinese.
DRILL_KIND_TITLES = {"melody": ("Melody", "旋律"), "interval": ("Interval drill", "音程练习"),
                     "scale": ("Scale drill", "音阶练习"), "rhythm": ("Rhythm drill", "节奏练习")}
_TONICS = tuple(letter + sign for letter in "CDEFGAB" for sign in ("", "#", "b", "##", "bb"))
_EN_TITLE_RE = re.compile(r"^(?P<kind>.+?) in (?P<tonic>[A-G](?:##|#|bb|b)?) (?P<mode>.+), (?P<bars>\d+) bars \(level (?P<level>\d)\)$")
_ZH_TITLE_RE = re.compile(r"^(?P<key>.+?)(?P<kind>旋律|音程练习|音阶练习|节奏练习|练习)，(?P<bars>\d+)小节（等级 (?P<level>\d)）$")


def drill_title_words(*, kind: str, tonic: str, mode: str, bars: int, level: int, chinese: bool = False) -> str:
    """The title the tutor gives a drill, in English or Chinese.

    >>> drill_title_words(kind="melody", tonic="D", mode="minor", bars=8, level=3)
    'Melody in D minor, 8 bars (level 3)'
    >>> drill_title_words(kind="scale", tonic="F#", mode="harmonic-minor", bars=4, level=2, chinese=True)
    '升f和声小调音阶练习，4小节（等级 2）'
    """
    en_kind, zh_kind = DRILL_KIND_TITLES.get(kind, ("Drill", "练习"))
    if chinese:
        return f"{key_name_zh(tonic, mode)}{zh_kind}，{bars}小节（等级 {level}）"
    return f"{en_kind} in {tonic} {MODE_TITLES.get(mode, mode.replace('-', ' '))}, {bars} bars (level {level})"


def drill_title_in(title: str, *, chinese: bool) -> str | None:
    """A title the tutor made for a drill (in either language), made again in English or Chinese; None for any other
    title, so that a title a teacher typed is never rewritten.

    >>> drill_title_in("Melody in D minor, 8 bars (level 3)", chinese=True)
    'd小调旋律，8小节（等级 3）'
    >>> drill_title_in("降B大调节奏练习，16小节（等级 5）", chinese=False)
    'Rhythm drill in Bb major, 16 bars (level 5)'
    >>> drill_title_in("Sing Twinkle, twinkle", chinese=True) is None
    True

    A title made on a Traditional page (or for a request typed in Traditional characters) reads too:

    >>> drill_title_in("降B大調節奏練習，16小節（等級 5）", chinese=False)
    'Rhythm drill in Bb major, 16 bars (level 5)'
    """
    words = _read_drill_title(title)
    if words is None and not title.isascii():
        simplified = to_simplified(title)
        words = _read_drill_title(simplified)
        if words is not None and to_traditional(drill_title_words(**words, chinese=True)) != title:
            words = None
    if words is None:
        return None
    return drill_title_words(**words, chinese=chinese)


def _read_drill_title(title: str) -> dict[str, Any] | None:
    """The words of a made drill title, or None: read only when making it again gives the same title."""
    en, zh = _EN_TITLE_RE.match(title), _ZH_TITLE_RE.match(title)
    words: dict[str, Any]
    if en:
        kinds = {name: kind for kind, (name, _) in DRILL_KIND_TITLES.items()} | {"Drill": ""}
        modes = {MODE_TITLES.get(mode, mode.replace("-", " ")): mode for mode in MODES}
        if en["kind"] not in kinds or en["mode"] not in modes:
            return None
        words = dict(kind=kinds[en["kind"]], tonic=en["tonic"], mode=modes[en["mode"]], bars=int(en["bars"]),
                     level=int(en["level"]))
        chinese = False
    elif zh:
        key = _ZH_KEY_NAMES.get(zh["key"])
        if key is None:
            return None
        kinds = {name: kind for kind, (_, name) in DRILL_KIND_TITLES.items()} | {"练习": ""}
        words = dict(kind=kinds[zh["kind"]], tonic=key[0], mode=key[1], bars=int(zh["bars"]), level=int(zh["level"]))
        chinese = True
    else:
        return None
    return words if drill_title_words(**words, chinese=chinese) == title else None


#: Every key's Chinese name, read back to (tonic, mode).
_ZH_KEY_NAMES = {key_name_zh(tonic, mode): (tonic, mode) for tonic in _TONICS for mode in ZH_MODE_NAMES}
