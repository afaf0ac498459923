"""Music words (``music.words``, the question generators' vocabulary) in the reader's language.

``music/`` stays free of Django and writes English. As ``grading/feedback_text.py`` does for
feedback lines, this module says those words again through gettext at the app layer: a closed
vocabulary (chord qualities, inversions, cadences, scales, note values...) is looked up whole, and
the few compound forms (a key, an interval, a chord on a root, a skill tag) are rebuilt from their
parts. English in, English out when the active language is English; a word that is not in the
catalogue comes back as it was, never as a raw tag. ``tests/tutor/test_music_text.py`` checks
that every word ``music.words`` and the generators can write has a Chinese translation.
"""

from __future__ import annotations

import re

from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from music import words
from music.scale import SCALE_TYPES
from music.words import (
    CHORD_WORDS,
    EAR_WORDS,
    HARMONY_WORDS,
    INVERSION_TAG_WORDS,
    READING_WORDS,
    RHYTHM_WORDS,
)

#: A note name as the pages write it: a letter, accidentals in real signs or ASCII, an optional octave.
NOTE = r"[A-G](?:𝄪|𝄫|♯♯|♭♭|♯|♭|##|bb|#|b)?-?\d?"
#: Interval qualities and sizes are said with the context "interval": "major" is 大 in 大六度 but 大调 in a key.
QUALITIES = ("perfect", "major", "minor", "augmented", "diminished", "doubly augmented", "doubly diminished")
_NUMBER_WORDS = ("unison", "second", "third", "fourth", "fifth", "sixth", "seventh", "octave", "ninth", "tenth",
                 "eleventh", "twelfth", "thirteenth", "fourteenth", "double octave")
_NUMBER_RE = r"unison|octave|double octave|\d{1,2}(?:st|nd|rd|th)|" + "|".join(_NUMBER_WORDS[1:-1])
_INTERVAL_RE = re.compile(rf"^(?:(?P<way>rising|falling) )?(?:(?P<quality>{'|'.join(QUALITIES)}) )?"
                          rf"(?P<number>{_NUMBER_RE})$")
#: Modes a key can be in, as ``Key.title`` writes them.
KEY_MODES = {"major": N_("%(tonic)s major"), "minor": N_("%(tonic)s minor"), "dorian": N_("%(tonic)s Dorian"),
             "phrygian": N_("%(tonic)s Phrygian"), "lydian": N_("%(tonic)s Lydian"),
             "mixolydian": N_("%(tonic)s Mixolydian"), "aeolian": N_("%(tonic)s Aeolian"),
             "locrian": N_("%(tonic)s Locrian"), "harmonic-minor": N_("%(tonic)s harmonic minor"),
             "melodic-minor": N_("%(tonic)s melodic minor"),
             "major pentatonic": N_("%(tonic)s major pentatonic"), "minor pentatonic": N_("%(tonic)s minor pentatonic"),
             "gong pentatonic": N_("%(tonic)s gong pentatonic"), "shang pentatonic": N_("%(tonic)s shang pentatonic"),
             "jue pentatonic": N_("%(tonic)s jue pentatonic"), "zhi pentatonic": N_("%(tonic)s zhi pentatonic"),
             "yu pentatonic": N_("%(tonic)s yu pentatonic")}
_KEY_RE = re.compile(rf"^(?P<tonic>{NOTE}) (?P<mode>major|minor|dorian|phrygian|lydian|mixolydian|aeolian|locrian|"
                     r"harmonic[- ]minor|melodic[- ]minor|(?:major|minor|gong|shang|jue|zhi|yu)[ -]pentatonic|gong|shang|jue|zhi|yu)$")
_ON_ROOT_RE = re.compile(rf"^(?P<root>{NOTE}) (?P<rest>.+)$")
_RN_RE = re.compile(r"^the (?P<numeral>\S+) chord$")


def source_language() -> bool:
    """True when the reader reads the language the music code writes (English): nothing to say again."""
    return (get_language() or "en").split("-")[0] == "en"


def number_word(number: str) -> str:
    """An interval size ("6th", "sixth", "octave") in the reader's language."""
    ordinal = re.match(r"^(\d{1,2})(?:st|nd|rd|th)$", number)
    if ordinal:
        n = int(ordinal.group(1))
        number = _NUMBER_WORDS[n - 1] if n <= 14 else ("double octave" if n == 15 else number)
    return pgettext("interval", number) if number in _NUMBER_WORDS else number


def interval_words(text: str) -> str | None:
    """"rising major sixth", "minor 3rd", "perfect octave" in the reader's language; None when not an interval."""
    match = _INTERVAL_RE.match(text)
    if not match:
        return None
    size = number_word(match["number"])
    if match["quality"]:
        size = pgettext("interval", "%(quality)s %(size)s") % {
            "quality": pgettext("interval", match["quality"]), "size": size}
    way = match["way"]
    if way:
        return (_("rising %(interval)s") if way == "rising" else _("falling %(interval)s")) % {"interval": size}
    return size


def key_words(text: str) -> str | None:
    """"E♭ major", "c# minor" (as ``Key.title`` or ``Key.label`` write it) in the reader's language."""
    match = _KEY_RE.match(text.strip())
    if not match:
        return None
    mode, tonic = match["mode"], match["tonic"]
    if mode in ("harmonic minor", "melodic minor"):  # a drill title's words, Key.title's "harmonic-minor"
        mode = mode.replace(" ", "-")
    elif mode not in KEY_MODES:  # Key.label writes "major-pentatonic" and "zhi", Key.title the words
        mode = mode.replace("-", " ") if mode.endswith("pentatonic") else f"{mode} pentatonic"
    if (get_language() or "").startswith("zh"):
        # As the drill titles, the request reader and the lessons write a key: 升f小调, 降E大调 (not F♯小调, B♭大调).
        tonic = words.tonic_zh(tonic, minor=mode in words.ZH_MINOR_MODES)
    return _(KEY_MODES[mode]) % {"tonic": tonic}


def term(text: str) -> str:
    """One music word or phrase in the reader's language: the catalogue first, then the compound forms.

    >>> term("major triad"), term("E♭ major"), term("minor 3rd")    # in English
    ('major triad', 'E♭ major', 'minor 3rd')
    """
    text = str(text)
    if source_language():
        return text
    said = _(text) if text else text
    if said != text:
        return said
    for rebuild in (key_words, interval_words):
        out = rebuild(text)
        if out is not None:
            return out
    on_root = _ON_ROOT_RE.match(text)
    if on_root and not re.fullmatch(NOTE, text):
        rest = on_root["rest"]
        said_rest = _(rest) if _(rest) != rest else (interval_words(rest) or "")
        if said_rest:
            return _("%(root)s %(chord)s") % {"root": on_root["root"], "chord": said_rest}
    return text


def skill_label(tag: str) -> str:
    """A skill tag (``pc:F#@G``) as a teacher names it, in the reader's language (``music.words.skill_name``)."""
    prefix, _sep, value = tag.partition(":")
    english = words.skill_name(tag)
    if source_language():
        return english
    if prefix == "pc" and "@" in value:
        note, tonic = value.split("@", 1)
        return _("%(note)s in %(key)s") % {"note": words.note_text(note), "key": term(words.key_text(tonic))}
    if prefix == "key":
        return term(english)
    if prefix == "int":
        return interval_words(english) or english
    if prefix == "clef":
        return _("the %(clef)s clef") % {"clef": _(value)} if value in ("treble", "bass", "alto", "tenor") else english
    if prefix == "rn":
        match = _RN_RE.match(english)
        return _("the %(numeral)s chord") % {"numeral": match["numeral"]} if match else english
    if prefix == "meter" and "/" in value:
        return _("%(meter)s time") % {"meter": value}
    if prefix == "scale":
        scale = next((s.title for s in SCALE_TYPES.values() if s.tag == value), value.replace("-", " "))
        return _("%(scale)s scales") % {"scale": term(scale)}
    return term(english)


def skills_label(tags: list[str]) -> str:
    """Tags as one line of words, joined as the reader's language joins a list."""
    return _(", ").join(skill_label(str(t)) for t in tags)


def confidence_label(mean: float, sd: float) -> str:
    """``music.words.confidence_words`` in the reader's language."""
    english = words.confidence_words(mean, sd)
    if source_language():
        return english
    if english.endswith(" (early days)"):
        return _("%(words)s (early days)") % {"words": _(english.removesuffix(" (early days)"))}
    return _(english)


def range_label(low_midi: int, high_midi: int) -> str:
    """``music.words.range_name`` in the reader's language."""
    if source_language():
        return words.range_name(low_midi, high_midi)
    low, high = sorted((int(low_midi), int(high_midi)))
    return _("%(low)s to %(high)s") % {"low": words.pitch_name(low), "high": words.pitch_name(high)}


#: Skill names ``music.words.skill_name`` builds from a tag value rather than looks up.
BUILT_NAMES = (
    N_("authentic cadences"), N_("perfect authentic cadences"), N_("imperfect authentic cadences"),
    N_("plagal cadences"), N_("half cadences"), N_("phrygian cadences"), N_("deceptive cadences"),
    N_("simple meter"), N_("compound meter"), N_("irregular meter"),
)
#: Every fixed phrase ``music.words`` can write, for the catalogue check.
VOCABULARY: tuple[str, ...] = (*BUILT_NAMES,
    *RHYTHM_WORDS.values(), *CHORD_WORDS.values(), *INVERSION_TAG_WORDS.values(), *EAR_WORDS.values(),
    *READING_WORDS.values(), *HARMONY_WORDS.values(), *(text for _upper, text in words.CONFIDENCE_BANDS),
)
