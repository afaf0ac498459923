"""Question prompts and choices in the reader's language.

The generators (``lessons/questions``, Django-free) write English from a closed set of sentence
templates, and a served question is rebuilt from its seed, so its text is always the generator's.
As ``grading/feedback_text.py`` does for feedback lines, this module reads a prompt back against
those templates and says it again through gettext; the music words in it (keys, chords,
intervals, note values) go through ``tutor.music_text.term``. Choices are shown translated but
posted and checked as written: the answer a student sends is the generator's text, so the same
answer is right in every language. A prompt that matches no template is shown as written;
``tests/lessons/test_question_text.py`` generates every kind and fails on English left over.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from tutor.music_text import source_language, term

#: Sentences the generators write, with ``%(name)s`` where they put a value. A value is said again
#: with ``term`` (a key, a chord, an interval); note names, numbers and numerals stay as written.
PROMPTS: tuple[str, ...] = (
    # chords
    N_("Type the root of this chord (e.g. F# or Bb)."),
    N_("What is the root of this chord?"),
    N_("In which position is this chord?"),
    N_("What is the quality of this chord?"),
    N_("Name this chord's quality and position."),
    N_("Which note is in the bass of the %(chord)s in %(inversion)s?"),
    N_("Spell the %(member)s of the %(chord)s."),
    N_("Complete the %(chord)s in root position: click the missing %(member)s on the staff."),
    N_("Give the Roman numeral of this chord in %(key)s."),
    # ear training
    N_("Listen. The first note is %(note)s; type the second note (any spelling; octave optional)."),
    N_("Listen to the interval (%(direction)s). Which is it?"),
    N_("Listen to the %(chord)s. Which chord member is in the bass?"),
    N_("Listen to the chord. What is its quality?"),
    N_("Listen to the scale (%(direction)s). Which is it?"),
    N_("Listen to the phrase in %(key)s. Which cadence ends it?"),
    N_("Listen: a cadence sets the key of %(key)s, then one note sounds. Which scale degree is it?"),
    N_("Listen to the melody in %(key)s. It starts on %(note)s. Which one is it?"),
    N_("Listen to the melody in %(key)s and type its %(count)s notes, separated by spaces (it starts on %(note)s; "
       "any spelling of a pitch is right; octaves optional)."),
    N_("Listen (after a count-in) to a melody in %(key)s and %(meter)s. Which one did you hear, pitches and rhythm?"),
    N_("Listen (after a count-in) to 1 bar of %(meter)s. Which rhythm did you hear?"),
    N_("Listen (after a count-in) to %(count)s bars of %(meter)s. Which rhythm did you hear?"),
    # harmony
    N_("Listen to the phrase in %(key)s (it starts on the tonic). Which numerals and bass line did you hear?"),
    N_("These are the last chords of a phrase in %(key)s. Which cadence ends it?"),
    N_("Name this chord in %(key)s as a secondary function (e.g. V7/V), with its inversion."),
    N_("In %(key)s, what kind of 6/4 chord is the coloured one?"),
    N_("In %(key)s, over %(numerals)s: what kind of non-chord tone is the coloured note?"),
    # intervals
    N_("Name the interval between these two notes."),
    N_("Name this ascending interval."),
    N_("Name this descending interval."),
    N_("Write the note a %(interval)s above %(note)s."),
    N_("Write the note an %(interval)s above %(note)s."),
    N_("Write the note a %(interval)s below %(note)s."),
    N_("Write the note an %(interval)s below %(note)s."),
    # keys
    N_("Which major key has this key signature?"),
    N_("Which minor key has this key signature?"),
    N_("Type the tonic of the major key with this key signature (e.g. Eb or F#)."),
    N_("Type the tonic of the minor key with this key signature (e.g. Eb or F#)."),
    N_("Which key signature belongs to %(key)s?"),
    # notes
    N_("Name this note (%(clef)s clef)."),
    N_("Type the name of this note with its octave (%(clef)s clef; middle C is C4)."),
    N_("Place %(note)s on the %(clef)s staff (with its accidental; middle C is C4)."),
    N_("Place %(note)s on the %(clef)s staff (middle C is C4)."),
    N_("Name the marked key."),
    N_("Type the name of the marked key (any spelling of that key is right; octave optional, middle C is C4)."),
    N_("Click any %(note)s on the keyboard."),
    N_("Click the %(note)s on the keyboard (middle C is C4)."),
    # part writing
    N_("Write the figured bass in %(key)s (figures: %(figures)s) in four parts. Type the voices soprano first, "
       "each a line of %(count)s notes with octaves, separated by '|' (the bass is given: you may leave it out)."),
    N_("Write the progression %(numerals)s in %(key)s in four parts. Type the voices soprano first, each a line "
       "of %(count)s notes with octaves, separated by '|'."),
    # performance
    N_("Sing these two notes (the first note, %(note)s, is played for you). Record yourself singing on any vowel; "
       "any octave your voice sings in counts."),
    N_("Sing the %(scale)s scale (the first note, %(note)s, is played for you). Record yourself singing on any "
       "vowel; any octave your voice sings in counts."),
    N_("Sing this melody (the first note, %(note)s, is played for you). Record yourself singing on any vowel; "
       "any octave your voice sings in counts."),
    N_("Clap (or tap) this rhythm in %(meter)s after the count-in, and record it. Only when each clap comes "
       "counts, not how loud it is."),
    # rhythm
    N_("How is this time signature classified?"),
    N_("How many beats are felt in a bar of %(meter)s?"),
    N_("Which note value gets one beat in %(meter)s?"),
    N_("Which time signature fits this bar?"),
    N_("How many %(unit)ss last as long as %(value)s?"),
    N_("Counting %(counting)s, on which count does the coloured note begin?"),
    N_("How long does the coloured note last, in %(unit)s?"),
    # scales
    N_("Which scale is this (it starts on its tonic)?"),
    N_("Fill in the missing %(ordinal)s note of the ascending %(scale)s scale: %(letters)s."),
)
#: Sentences the generators add after a prompt, said one by one.
SUFFIXES: tuple[str, ...] = (
    N_("Type its name (e.g. F# or Bb)."),
    N_("Type its name (octave optional)."),
    N_("Click its place on the staff."),
    N_("Click it on the staff."),
    N_("Type its name."),
)
#: Values written inside a sentence that are not music terms but still words.
VALUE_WORDS: dict[str, str] = {
    "ascending": N_("ascending"), "descending": N_("descending"), "played together": N_("played together"),
    "root": N_("root"), "third": N_("third"), "fifth": N_("fifth"), "seventh": N_("seventh"),
    "beats (quarter notes)": N_("beats (quarter notes)"), "eighth notes": N_("eighth notes"),
    "1 e & a": "1 e & a", "1 & a 2 & a": "1 & a 2 & a",
}
_ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)$")


@cache
def _compiled(template: str) -> re.Pattern[str]:
    parts = re.split(r"(%\(\w+\)s)", template)
    pattern = "".join(f"(?P<{p[2:-2]}>.+?)" if p.startswith("%(") else re.escape(p) for p in parts)
    return re.compile(rf"^{pattern}$")


def _value(name: str, text: str) -> str:
    if text in VALUE_WORDS:
        return _(VALUE_WORDS[text])
    if name == "ordinal":
        match = _ORDINAL.match(text)
        return _("%(n)s.") % {"n": match.group(1)} if match else text
    if name == "value":
        return value_words(text)
    if name in ("unit", "clef"):
        return _(text)
    return term(text)


def value_words(text: str) -> str:
    """"a dotted quarter note tied to an eighth note" in the reader's language."""
    words = re.sub(r"\ban? ", "", text)
    return _(" tied to ").join(term(part) for part in words.split(" tied to "))


def _say(text: str, templates: tuple[str, ...]) -> str | None:
    for template in templates:
        match = _compiled(template).match(text)
        if match:
            return _(template) % {name: _value(name, value) for name, value in match.groupdict().items()}
    return None


def prompt_text(prompt: str) -> str:
    """A generator's prompt in the reader's language; as written when it matches no template."""
    if source_language():
        return prompt
    # The added sentence first: a template's last value would otherwise swallow it.
    for suffix in SUFFIXES:
        if prompt.endswith(" " + suffix):
            head = _say(prompt.removesuffix(" " + suffix), PROMPTS)
            if head is not None:
                return _("%(sentence)s %(next)s") % {"sentence": head, "next": _(suffix)}
    said = _say(prompt, PROMPTS)
    return prompt if said is None else said


#: Choices made of several parts, each said again on its own.
_CHOICE_FORMS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    # a key signature: "2 sharps: F♯ C♯"
    (re.compile(r"^(?P<n>\d) (?P<kind>sharps?|flats?): (?P<notes>.+)$"),
     lambda m: (_("%(n)s sharps: %(notes)s") if m["kind"].startswith("sharp") else _("%(n)s flats: %(notes)s"))
     % {"n": m["n"], "notes": m["notes"]}),
    # harmonic dictation: "I IV V I (bass 1 4 5 1)"
    (re.compile(r"^(?P<numerals>.+) \(bass (?P<degrees>[\d ]+)\)$"),
     lambda m: _("%(numerals)s (bass %(degrees)s)") % m.groupdict()),
    # a chord and its position: "major triad, first inversion"
    (re.compile(r"^(?P<chord>[a-z -]+), (?P<position>[a-z ]+)$"),
     lambda m: _("%(chord)s, %(position)s") % {"chord": term(m["chord"]), "position": term(m["position"])}),
)
_RHYTHM_ITEM = re.compile(r"^(?:(?P<note>[A-G]\S*) )?(?P<value>(?:dotted )?(?:whole|half|quarter|eighth|sixteenth)"
                          r"(?: rest)?(?: tied to (?:dotted )?(?:whole|half|quarter|eighth|sixteenth))?)$")


def choice_text(choice: str) -> str:
    """One choice in the reader's language (shown only: the answer posted is still ``choice``)."""
    if source_language():
        return choice
    said = term(choice)
    if said != choice:
        return said
    items = choice.split(", ")
    if all(_RHYTHM_ITEM.match(item) for item in items):
        # A rhythm or a melody in words: "A4 dotted eighth, F4 sixteenth, quarter rest".
        out = []
        for item in items:
            match = _RHYTHM_ITEM.match(item)
            assert match is not None
            value = _(" tied to ").join(term(v) for v in match["value"].split(" tied to "))
            out.append(f"{match['note']} {value}" if match["note"] else value)
        return _(", ").join(out)
    for pattern, say in _CHOICE_FORMS:
        match = pattern.match(choice)
        if match:
            return say(match)
    return choice
