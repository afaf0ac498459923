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

from music.chord import INVERSION_WORDS
from music.interval import NUMBER_NAMES, QUALITY_WORDS
from music.pitch import pretty_name
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


def note_text(ascii_name: str) -> str:
    """A pitch or pitch class as written in ASCII (``F#``, ``Bb4``), with real accidentals.

    >>> note_text("F#"), note_text("Bb4"), note_text("E##")
    ('F♯', 'B♭4', 'E𝄪')
    """
    return pretty_name(ascii_name)


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
