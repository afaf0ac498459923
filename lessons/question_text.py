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

from django.utils.translation import get_language, ngettext, pgettext, pgettext_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from music import words
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
    N_("Which kind of meter is this time signature?"),
    N_("How many beats are in a bar of %(meter)s?"),
    N_("Which note value is one beat in %(meter)s?"),
    N_("Which time signature fits this bar?"),
    N_("How many %(unit)ss last as long as %(value)s?"),
    N_("Counting %(counting)s, on which count does the coloured note begin?"),
    N_("How long does the coloured note last, in %(unit)s?"),
    N_("Counting the %(beat)s as one beat, on which beat does the coloured note begin?"),
    N_("Counting the %(beat)s as one beat, how many beats does the coloured note last?"),
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
#: Why an answer could not be read (``lessons/questions/check.py``, the part-writing reader and
#: ``services.answer_refusal``), said whole: a refusal is one sentence.
ANSWER_PROBLEMS: tuple[str, ...] = (
    N_("Give an answer."),
    N_("Choose one of: %(choices)s."),
    N_("Give 1 note name, separated by spaces."),
    N_("Give %(count)s note names, separated by spaces."),
    N_("Give each note with its octave (middle C is C4), e.g. F#4."),
    N_("Answer this question with a recording (the page's record button, or POST the audio to the recording URL)."),
    N_("'%(raw)s' is not a note name: write a letter A-G, an optional accidental (#, b, x, ##, bb, ♯, ♭) "
       "and an octave, e.g. F#4 or Gb3."),
    N_("'%(raw)s' is a triple sharp: this course spells up to double sharps and flats."),
    N_("'%(raw)s' has octave %(count)s: use 0 to 9 (middle C is C4)."),
    N_("No notes found: write a letter A-G, an optional accidental (#, b, x, ##, bb, ♯, ♭) and an octave, "
       "e.g. F#4 or Gb3, separated by spaces."),
    N_("No interval given: write e.g. M3, m6, P5, A4, d5 or M10."),
    N_("'%(raw)s': after '+' write an octave (P8), as in M3+P8."),
    N_("'%(raw)s' is not an interval name: write e.g. M3, m6, P5, A4, d5 or M10."),
    N_("'%(raw)s' is not a possible interval (perfect intervals are 1, 4, 5, 8 and their compounds; major and minor "
       "are 2, 3, 6, 7 and theirs)."),
    N_("Write a note name, not a number."),
    N_("'%(raw)s' is a number: type a letter name A-G, e.g. G or F#4."),
    N_("'%(raw)s' is not a jianpu number: write 1-7 (1 is %(note)s here), with ' for each octave up, a comma for "
       "each octave down and # or b before it."),
    N_("'%(raw)s' with that sign is more than a double sharp or flat in this key: write 1-7 (1 is %(note)s here), "
       "with ' for each octave up, a comma for each octave down and # or b before it."),
    N_("'%(raw)s' needs an octave here (middle C is C4), e.g. %(raw2)s."),
    N_("'%(raw)s' can mean %(count)s or %(count2)s: type the jianpu number you mean."),
    N_("'%(raw)s' is sung in solfège, and this question names no key: type a letter name A-G, e.g. G or F#4."),
    N_("'%(raw)s' has a sign on both sides: write one, before it (#fa)."),
    N_("The %(voice)s has %(count)s notes; give %(count2)s, one per chord."),
    N_("The %(voice)s has a note that is not a pitch with an octave, such as F#4 or Bb3."),
)
#: The four voices of part writing, as ``ANSWER_PROBLEMS`` names them ("alto" alone is a clef).
VOICES = (pgettext_lazy("voice", "soprano"), pgettext_lazy("voice", "alto"), pgettext_lazy("voice", "tenor"),
          pgettext_lazy("voice", "bass"))
#: The meter classes of Chinese textbooks, as the generator writes them (``rhythm.ZH_CLASSIFICATIONS``): choices.
METER_CLASSES = (N_("single meter"), N_("multiple meter"), N_("mixed meter"), N_("one-beat meter"))
#: Values written inside a sentence that are not music terms but still words.
VALUE_WORDS: dict[str, str] = {
    "ascending": N_("ascending"), "descending": N_("descending"), "played together": N_("played together"),
    "root": N_("root"), "third": N_("third"), "fifth": N_("fifth"), "seventh": N_("seventh"),
    "beats (quarter notes)": N_("beats (quarter notes)"), "eighth notes": N_("eighth notes"),
    "beat (quarter note)": N_("beat (quarter note)"), "eighth note": N_("eighth note"), "beat": N_("beat"),
    "beats": N_("beats"),
    "1 e & a": "1 e & a", "1 & a 2 & a": "1 & a 2 & a",
}
#: Sentences of explanations and answer feedback, said one by one (an explanation is several).
EXPLANATIONS: tuple[str, ...] = (
    N_("The chords are %(numerals)s: %(why)s."),
    N_("The phrase was %(numerals)s: %(why)s."),
    N_("The cadence is %(cadence)s."),
    N_("Stacked in thirds the notes are %(notes)s: root %(root)s, third %(third)s, fifth %(fifth)s above it, so it is %(chord)s."),
    N_("Stacked in thirds the notes are %(notes)s: root %(root)s, third %(third)s, fifth %(fifth)s, seventh %(seventh)s above it, so it is %(chord)s."),
    N_("The %(member)s (%(note)s) is in the bass: %(position)s."),
    N_("The %(member)s is %(interval)s above the root %(root)s: %(note)s."),
    N_("The lowest note is the %(member)s: %(position)s."),
    N_("Above its root the chord has %(intervals)s: %(chord)s."),
    N_("In %(key)s the chord %(notes)s is built on scale degree %(degree)s (%(note)s) and is %(chord)s, so its numeral is %(numeral)s; with the %(member)s in the bass it is in %(inversion)s (%(figures)s): %(full)s."),
    N_("In %(key)s the chord %(notes)s is built on scale degree %(degree)s (%(note)s) and is %(chord)s, so its numeral is %(numeral)s; with the root in the bass it is in root position: %(full)s."),
    N_("The two notes are 1 semitone apart: %(interval)s."),
    N_("The two notes are %(count)s semitones apart: %(interval)s."),
    N_("The second note is %(note)s."),
    N_("Its steps from the tonic are %(steps)s semitones: the %(scale)s scale."),
    N_("The note is %(note)s, degree %(degree)s of %(key)s."),
    N_("The melody is %(notes)s, ending on the tonic."),
    N_("The melody was: %(melody)s."),
    N_("The rhythm was: %(rhythm)s."),
    N_("The notes were %(notes)s."),
    N_("The chords were %(numerals)s over the bass %(bass)s (degrees %(degrees)s)."),
    N_("The chord is %(notes)s: the %(chord)s whose leading tone %(leading)s rises to %(target)s, the root of %(numeral)s."),
    N_("With the %(member)s in the bass it is %(full)s."),
    N_("%(numerals)s: %(why)s, so it is a %(kind)s 6/4."),
    N_("%(numerals)s: %(why)s, so it is an %(kind)s 6/4."),
    N_("The coloured note is not in the chord under it; it is %(why)s: %(nct)s."),
    N_("From %(low)s up to %(high)s: %(letters)s (%(first)s to %(last)s), so %(size)s; %(halfsteps)s, so %(interval)s (%(name)s)."),
    N_("From %(low)s up to %(high)s: %(letters)s (%(first)s to %(last)s), so %(size)s; %(halfsteps)s, so %(interval)s (%(name)s) = a compound %(simple)s (an octave plus %(simplename)s)."),
    N_("From %(low)s up to %(high)s: 1 letter name (%(first)s), so %(size)s; %(halfsteps)s, so %(interval)s (%(name)s)."),
    N_("A %(interval)s above %(note)s is %(answer)s: %(moves)s up and %(halfsteps)s."),
    N_("A %(interval)s below %(note)s is %(answer)s: %(moves)s down and %(halfsteps)s."),
    N_("An %(interval)s above %(note)s is %(answer)s: %(moves)s up and %(halfsteps)s."),
    N_("An %(interval)s below %(note)s is %(answer)s: %(moves)s down and %(halfsteps)s."),
    N_("It is spelled with the letter %(letter)s; an enharmonic spelling names another interval."),
    N_("%(key)s has %(signature)s; its relative %(mode)s is %(relative)s."),
    N_("The last sharp is the leading note: the major tonic is a half step above it."),
    N_("The second-to-last flat names the major tonic."),
    N_("The last sharp, %(note)s, is the leading note of the relative major: its tonic, %(tonic)s, is a half step above it."),
    N_("The second-to-last flat, %(note)s, names the relative major's tonic."),
    N_("One flat is the signature of F major."),
    N_("No sharps or flats is the signature of C major."),
    N_("The minor tonic is a minor third (three half steps) below %(tonic)s: %(answer)s."),
    N_("In the %(clef)s clef this note is %(note)s (%(spoken)s); middle C is C4."),
    N_("In the %(clef)s clef in the key signature of %(key)s this note is %(note)s (%(spoken)s); middle C is C4."),
    N_("In the %(clef)s clef in the key signature of %(key)s this note is %(note)s (%(spoken)s, from the key signature); middle C is C4."),
    N_("In the %(clef)s clef, %(note)s is %(place)s, with a %(accidental)s."),
    N_("In the %(clef)s clef, %(note)s is %(place)s."),
    N_("The marked key is %(first)s or %(second)s (one key, two names), in octave %(octave)s."),
    N_("The marked key is %(first)s, in octave %(octave)s."),
    N_("%(note)s is a %(colour)s key in octave %(octave)s (middle C starts octave 4): the same key as %(others)s."),
    N_("%(note)s is a %(colour)s key in octave %(octave)s (middle C starts octave 4)."),
    N_("%(meter)s: each beat is one %(value)s note; %(count)s beats in a bar: %(kind)s."),
    N_("%(meter)s: the top number divides by 3 (and is more than 3), so each beat is a dotted note holding three eighths; %(count)s beats in a bar: %(kind)s."),
    N_("%(meter)s: the top number divides by 3 (and is more than 3), so each beat is a dotted note holding three quarters; %(count)s beats in a bar: %(kind)s."),
    N_("The notes add up to %(count)s quarter notes: %(meter)s."),
    N_("The notes add up to %(count)s quarter notes, grouped in dotted-quarter beats: %(meter)s."),
    N_("%(value)s lasts %(count)s %(unit)ss."),
    N_("A dot adds half the note's value; a second dot adds half of that."),
    N_("A tie adds the two values into one sound."),
    N_("A dot adds half the note's value."),
    N_("The coloured note begins the bar: '%(label)s'."),
    N_("The coloured note begins the bar: %(label)s."),
    N_("The notes before it (%(rhythm)s) last %(count)s %(unit)s, so it begins %(place)s: '%(label)s'."),
    N_("The notes before it (%(rhythm)s) last %(count)s %(unit)s; a beat is a dotted quarter (three eighths), so it "
       "begins %(place)s: '%(label)s'."),
    N_("With the %(beat)s as one beat, the notes before it (%(rhythm)s) take up %(length)s, so it begins on "
       "%(label)s."),
    N_("The coloured note (%(value)s) lasts %(count)s %(unit)s."),
    N_("The coloured note (%(value)s) lasts as long as %(count)s %(unit)s."),
    N_("With the %(beat)s as one beat, the coloured note (%(value)s) takes up %(length)s."),
    N_("The coloured note including the note it is tied to lasts %(count)s %(unit)s."),
    N_("Count the beats aloud while you clap: %(count)s beats a bar."),
    N_("The %(scale)s scale is %(notes)s (%(steps)s (W whole step, H half step))."),
    N_("Each letter is used once, so the spelling matters."),
    N_("%(scale)s: the steps are %(steps)s (W whole step, H half step); spelled %(notes)s."),
    N_("A model answer: %(voices)s."),
    N_("Any voicing is right that keeps the bass the figures ask for, the ranges and spacing, the doubling rules, no parallel or hidden fifths and octaves, and resolves the leading tone and sevenths."),
    N_("Correct: %(answer)s."),
    N_("%(given)s is not %(answer)s."),
    N_("%(given)s is not the pitch %(answer)s."),
    N_("In jianpu (1 = %(note)s): %(raw)s."),
    N_("%(given)s sounds the same as %(answer)s but is spelled differently, and the spelling is asked here."),
    N_("%(given)s is in the wrong octave: %(answer)s (middle C is C4)."),
    N_("Answer this question with a recording."),
    N_("The %(scale)s scale is %(notes)s (%(formula)s)."),
    N_("%(scale)s: the steps are %(formula)s; spelled %(notes)s."),
    N_("Spellings of the %(scale)s scale vary, so any spelling of that pitch is accepted."),
    N_("%(meter)s: beats of unequal length (groups of 2 and 3); %(count)s %(unit)ss in a bar: %(kind)s."),
    N_("%(meter)s: the lower number makes the %(unit)s note one beat, the upper number gives %(count)s beats in a "
       "bar; one strong beat in the bar: single meter."),
    N_("%(meter)s: the lower number makes the %(unit)s note one beat, the upper number gives %(count)s beats in a "
       "bar; %(parts)s, one single meter repeated (strong, then medium-strong beats): multiple meter."),
    N_("%(meter)s: the lower number makes the %(unit)s note one beat, the upper number gives %(count)s beats in a "
       "bar; unequal single meters joined (%(parts)s): mixed meter, not multiple meter, which repeats one single meter "
       "in equal groups."),
    N_("'%(given)s' is not an interval name: write e.g. M3, m6, P5, A4, d5 or M10."),
    N_("Expected %(count)s notes, got %(given)s."),
    N_("Expected 1 note, got %(given)s."),
    N_("Give four voices, soprano first, separated by '|': e.g. C5 B4 C5 | G4 G4 G4 | E4 D4 E4 | C3 G2 C3."),
    N_("Give four voices, soprano first, separated by '|': e.g. C5 B4 C5 | G4 G4 G4 | E4 D4 E4 | C3 G2 C3 (the bass "
       "may be left out: it is given)."),
    N_("You chose %(chosen_interval)s, but this is %(right_interval)s."),
    N_("You chose '%(given)s'; the answer is '%(answer)s'."),
    N_("This asks for the minor key with this signature, not a major key."),
    N_("This asks for the major key with this signature, not a minor key."),
    N_("'%(given)s' is not one of the choices: %(choices)s."),
    N_("No answer given."),
    N_("Correct: no part-writing fault."),
)
#: Reasons and words the explanation sentences put in their values (the generators' *_WHY tables).
EXPLANATION_WORDS: tuple[str, ...] = (
    N_("six whole steps"), N_("twelve half steps"),
    N_("%(n)s sharps (%(notes)s)"), N_("%(n)s flats (%(notes)s)"),
    N_("V goes to I"),
    N_("V goes to I, both in root position, with the tonic in the soprano"),
    N_("V (or vii°) goes to I, but an inversion or a soprano off the tonic weakens it"),
    N_("the phrase stops on V"),
    N_("iv6 goes to V in minor: the bass falls a half step to the dominant"),
    N_("IV goes to I"),
    N_("V goes to vi instead of I"),
    N_("a tonic 6/4 on a strong beat over the dominant bass, resolving to V over the same bass"),
    N_("the bass passes by step between two positions of one chord, the 6/4 in the middle"),
    N_("the bass holds one note while the upper voices move to a 6/4 and back (a neighbour motion)"),
    N_("the bass arpeggiates one chord, touching its fifth: the 6/4 is the same harmony"),
    N_("approached and left by step in the same direction, on a weak beat"),
    N_("steps away from a chord tone and back to it"),
    N_("approached by leap and resolved by step the other way, on the beat"),
    N_("approached by step and left by leap the other way, off the beat"),
    N_("a chord tone held over into the next chord, where it clashes, then resolved down by step"),
    N_("a chord tone held over into the next chord, then resolved up by step"),
    N_("a note of the next chord arriving early, then repeated when that chord comes"),
    N_("above"),
    N_("below"),
    N_("up"),
    N_("down"),
    N_("line"),
    N_("space"),
    N_("black"),
    N_("white"),
    N_("escape tone"),
    N_("neighbour tone"),
)
#: Where a note sits on the staff (``generators.notes.staff_place``): lines and spaces counted from the bottom.
STAFF_PLACES: tuple[str, ...] = (
    N_("on the first line"), N_("on the second line"), N_("on the third line"), N_("on the fourth line"),
    N_("on the fifth line"),
    N_("in the first space"), N_("in the second space"), N_("in the third space"), N_("in the fourth space"),
    N_("in the space below the staff"), N_("in the space above the staff"),
    N_("on the first ledger line below the staff"), N_("on the second ledger line below the staff"),
    N_("on the third ledger line below the staff"), N_("on the fourth ledger line below the staff"),
    N_("on the first ledger line above the staff"), N_("on the second ledger line above the staff"),
    N_("on the third ledger line above the staff"), N_("on the fourth ledger line above the staff"),
    N_("in the space below the first ledger line"), N_("in the space below the second ledger line"),
    N_("in the space below the third ledger line"),
    N_("in the space above the first ledger line"), N_("in the space above the second ledger line"),
    N_("in the space above the third ledger line"),
)
#: Where a note begins, said from the beat it is in (the western count's explanation).
PLACES: tuple[str, ...] = (
    N_("on beat %(n)s"), N_("a sixteenth after beat %(n)s"), N_("an eighth after beat %(n)s"),
    N_("three sixteenths after beat %(n)s"), N_("two eighths after beat %(n)s"),
)
_ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)$")


@cache
def _compiled(template: str) -> re.Pattern[str]:
    parts = re.split(r"(%\(\w+\)s)", template)
    pattern = "".join(f"(?P<{p[2:-2]}>.+?)" if p.startswith("%(") else re.escape(p) for p in parts)
    return re.compile(rf"^{pattern}$")


_COUNTED = re.compile(r"^(?P<n>\d+) (?P<noun>letter name|letter step|semitone)s?$")


def _value(name: str, text: str) -> str:
    if name in ("raw", "raw2", "count", "count2"):  # what the student typed, and numbers: as written
        return text
    counted = _COUNTED.match(text)
    if counted and name in ("letters", "halfsteps", "moves"):  # "7 letter names", "1 semitone"
        n = int(counted["n"])
        return {"letter name": ngettext("%(n)s letter name", "%(n)s letter names", n),
                "letter step": ngettext("%(n)s letter step", "%(n)s letter steps", n),
                "semitone": ngettext("%(n)s semitone", "%(n)s semitones", n)}[counted["noun"]] % {"n": n}
    if name == "voice":
        return pgettext("voice", text)
    if text in VALUE_WORDS:
        return _(VALUE_WORDS[text])
    if name == "ordinal":
        match = _ORDINAL.match(text)
        return _("%(n)s.") % {"n": match.group(1)} if match else text
    if name == "value":
        return value_words(text)
    if name == "place":  # where a note begins from its beat, or on the staff ("line", "space")
        return _(text) if text in STAFF_PLACES else _say(text, PLACES) or _(text)
    if name in ("melody", "rhythm", "given", "answer", "label"):
        return choice_text(text)
    if name == "choices":
        return _(", ").join(choice_text(part) for part in text.split(", "))
    if name == "length":
        return beats_text(text)
    if name == "accidental":
        return pgettext("accidental", text)
    if name == "spoken":
        return spoken_name(text)
    if name in ("unit", "clef", "colour", "way", "updown", "direction", "place", "why"):
        return _(text)
    if name == "signature":
        match = re.match(r"^(\d) (sharps?|flats?) \((.+)\)$", text)
        if match:
            return (_("%(n)s sharps (%(notes)s)") if match[2].startswith("sharp") else _("%(n)s flats (%(notes)s)")) % {
                "n": match[1], "notes": match[3]}
    if name == "others":
        return _(", ").join(text.split(" and "))
    text = re.sub(r"^an? (?=\S)", "", text)
    if ", " in text and name in ("intervals", "choices"):
        return _(", ").join(_value(name, part) for part in text.split(", "))
    return term(text)


_BEATS = re.compile(r"^(?P<whole>\d{0,2})(?P<part>[½¼¾]?) beats?$")
_ZH_COUNT = ("", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")
_ZH_PART = {"½": "二分之一", "¼": "四分之一", "¾": "四分之三"}


def beats_text(text: str) -> str:
    """A length counted in beats ("½ beat", "1½ beats", "2 beats") as a Chinese textbook says it: 半拍, 一拍半,
    两拍, 四分之一拍, 一又四分之三拍. As written in other languages, and when it is not such a length.

    >>> from django.utils import translation
    >>> with translation.override("zh-hans"):
    ...     [beats_text(t) for t in ("½ beat", "1 beat", "1½ beats", "2 beats", "¾ beat", "2¼ beats")]
    ['半拍', '一拍', '一拍半', '两拍', '四分之三拍', '二又四分之一拍']
    """
    match = _BEATS.match(text)
    if match is None or not (get_language() or "").startswith("zh"):
        return text
    whole, part = int(match["whole"] or 0), match["part"]
    if whole >= len(_ZH_COUNT) or (not whole and not part):
        return text
    if not part:
        return f"{_ZH_COUNT[whole]}拍"
    if part == "½":  # 半拍, 一拍半, 两拍半: the half said after the beats
        return f"{_ZH_COUNT[whole]}拍半" if whole else "半拍"
    # a quarter of a beat is said as a fraction, 四分之一拍; with whole beats before it 一又四分之一拍 (a number, so 二 not 两)
    return f"{'二' if whole == 2 else _ZH_COUNT[whole]}又{_ZH_PART[part]}拍" if whole else f"{_ZH_PART[part]}拍"


def spoken_name(text: str) -> str:
    """"A flat", "F double sharp" as a Chinese teacher says them: 降A, 重升F."""
    match = re.match(r"^([A-G])(?: (double sharp|double flat|sharp|flat))?$", text)
    if not match:
        return text
    if not match[2]:
        return match[1]
    return pgettext("spoken", "%(accidental)s %(letter)s") % {
        "accidental": pgettext("spoken", match[2]), "letter": match[1]}


def value_words(text: str) -> str:
    """"a dotted quarter note tied to an eighth note" in the reader's language."""
    words = re.sub(r"\b(?:an?|An?) ", "", text)
    return _(" tied to ").join(term(part) for part in words.split(" tied to "))


@cache
def _longest_first(templates: tuple[str, ...]) -> tuple[str, ...]:
    # A longer template is the more specific one: "Correct: no part-writing fault." before "Correct: %(answer)s.".
    return tuple(sorted(templates, key=len, reverse=True))


#: A value written in Latin letters and digits only (a note name, a number, a meter): in Chinese text it is set
#: off by a space from the characters beside it (答案正是 D5。), as the translations write ``%(note)s`` and
#: ``%(count)s``; a value said in Chinese (小七度, 降E大调) joins the text with none.
_LATIN_VALUE = re.compile(r"^[\x21-\x7e♯♭𝄪𝄫·,'’ ]+$")
_HAN = "\u3400-\u9fff"
_VALUE_START, _VALUE_END = "\x02", "\x03"


def _spaced_in_chinese(said: str) -> str:
    said = re.sub(f"(?<=[{_HAN}]){_VALUE_START}|{_VALUE_END}(?=[{_HAN}])", " ", said)
    return said.replace(_VALUE_START, "").replace(_VALUE_END, "")


def _say(text: str, templates: tuple[str, ...]) -> str | None:
    for template in _longest_first(templates):
        match = _compiled(template).match(text)
        if match:
            values = {name: _value(name, value) for name, value in match.groupdict().items()}
            if not (get_language() or "").startswith("zh"):
                return _(template) % values
            marked = {name: f"{_VALUE_START}{v}{_VALUE_END}" if _LATIN_VALUE.match(v) else v
                      for name, v in values.items()}
            return _spaced_in_chinese(_(template) % marked)
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
    # where a note begins, counted as 基本乐理 does (rhythm.zh_count_label): 第2拍, 第2拍后半拍, 第2拍第2个十六分音符
    (re.compile(r"^beat (?P<n>\d{1,2})$"), lambda m: pgettext("count", "beat %(n)s") % {"n": m["n"]}),
    (re.compile(r"^beat (?P<n>\d{1,2}), second half$"),
     lambda m: pgettext("count", "beat %(n)s, second half") % {"n": m["n"]}),
    (re.compile(r"^beat (?P<n>\d{1,2}), (?P<k>\d)(?:st|nd|rd|th) sixteenth$"),
     lambda m: pgettext("count", "beat %(n)s, sixteenth %(k)s") % {"n": m["n"], "k": m["k"]}),
    # a length counted in beats (rhythm counting read in Chinese): 半拍, 一拍半
    (_BEATS, lambda m: beats_text(m[0])),
    # a key signature: "2 sharps: F♯ C♯"
    (re.compile(r"^(?P<n>\d) (?P<kind>sharps?|flats?): (?P<notes>.+)$"),
     lambda m: (_("%(n)s sharps: %(notes)s") if m["kind"].startswith("sharp") else _("%(n)s flats: %(notes)s"))
     % {"n": m["n"], "notes": m["notes"]}),
    # harmonic dictation: "I IV V I (bass 1 4 5 1)"
    (re.compile(r"^(?P<numerals>.+) \(bass (?P<degrees>[\d #b♯♭]+)\)$"),
     lambda m: _("%(numerals)s (bass %(degrees)s)") % m.groupdict()),
    # a chord and its position: "major triad, first inversion"
    (re.compile(r"^(?P<chord>[a-z -]+), (?P<position>[a-z ]+)$"),
     lambda m: _("%(chord)s, %(position)s") % {"chord": term(m["chord"]), "position": term(m["position"])}),
)
_RHYTHM_ITEM = re.compile(r"^(?:(?P<note>[A-G]\S*) )?(?P<value>(?:dotted )?(?:whole|half|quarter|eighth|sixteenth)"
                          r"(?: rest)?(?: tied to (?:dotted )?(?:whole|half|quarter|eighth|sixteenth))?)$")


_TYPED_NOTE = re.compile(r"^[A-G](?:#{1,2}|b{1,2})?\d?$")


def typed_answer_text(answer: str) -> str:
    """A typed or staff-clicked answer as the question writes it: note names with real accidentals.

    The question says "C♭6"; its stored answer is ASCII "Cb6" (a dictation's "F#4 G4 Bb4"). Anything else is
    shown as given.

    >>> typed_answer_text("Cb6"), typed_answer_text("F##4"), typed_answer_text("Bb"), typed_answer_text("3")
    ('C♭6', 'F𝄪4', 'B♭', '3')
    >>> typed_answer_text("F#4 G4 Bb4")
    'F♯4 G4 B♭4'
    """
    names = answer.split(" ")
    return " ".join(words.note_text(n) for n in names) if all(_TYPED_NOTE.match(n) for n in names) else answer


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


_SENTENCE_END = re.compile(r"(?<!e\.g\.)(?<=[.!?])\s+(?=[A-Z'\div])|\n")


def answer_problem_text(text: str) -> str:
    """Why an answer could not be read, in the reader's language; as written when it matches no template."""
    if source_language():
        return text
    return _say(text, ANSWER_PROBLEMS) or explanation_text(text)


def explanation_text(text: str) -> str:
    """An explanation or an answer's feedback in the reader's language, sentence by sentence; a
    sentence that matches no template stays as written."""
    if source_language() or not text:
        return text
    out = ""
    for sentence in _SENTENCE_END.split(text):
        said = _say(sentence, EXPLANATIONS) or _say(sentence, PROMPTS) or _say(sentence, ANSWER_PROBLEMS) or sentence
        # Chinese sentences follow each other without a space; English ones keep theirs.
        out += ("" if not out or out.endswith(("。", "！", "？")) else " ") + said
    return out
