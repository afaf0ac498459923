"""The grader's feedback lines in the reader's language, with notes named as the student chose.

The grader (``grading.analysis.verdicts.feedback_lines``, Django-free) writes English
lines from a closed set of templates. A page makes a take's lines again from its note
rows (``grading.services.recording_feedback_lines``: a teacher's override shows), reads
each line back against those templates and says it again through gettext, so takes
graded before a student switched language read in the new one too. Notes are
named by letter as the site writes them ("F♯4"), or, in movable do from the exercise's key, by number ("♯4")
or syllable ("♯fa") as Chinese classrooms sing them. A line that matches no template
is shown as it was stored; ``tests/grading/test_feedback_text.py`` checks every
template the grader can write.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from grading.analysis.verdicts import NOISE_SUPPRESSED_LINE
from music.key import Key, make_key
from music.movable_do import ACCIDENTALS, SOLFEGE, degree, middle_octave
from music.pitch import parse_pitch
from music.words import note_text

NOTE = r"(?P<{}>[A-G](?:#|b)?-?\d)"
# Combining dots above and below a number mark its octave, as the dots of 简谱 do.
DOT_ABOVE, DOT_BELOW = "\u0307", "\u0323"


class NoteNamer:
    """Names a note ("F#4") in the student's chosen style for one exercise's key."""

    def __init__(self, *, style: str = "letters", key: Key | None = None, midis: Sequence[int] = ()) -> None:
        self.style = style if key is not None else "letters"
        self.key = key
        self.middle = middle_octave(list(midis), key) if key is not None else 4

    def __call__(self, name: str) -> str:
        if self.style == "letters" or self.key is None:
            # As the site writes a note ("F♯4"), and as the take page's notes table does.
            return note_text(name, two_signs=True)
        # As written: a B♭ named "Bb4" is ♭7 in C, never ♯6 (music.movable_do.degree).
        number, alteration, shift = degree(parse_pitch(name), self.key, middle_octave=self.middle)
        accidental = ACCIDENTALS.get(alteration, "")
        if self.style == "syllables":
            return accidental + SOLFEGE[number - 1]
        marks = DOT_ABOVE * shift if shift > 0 else DOT_BELOW * -shift
        return f"{accidental}{number}{marks}"


def exercise_key(text: str) -> Key | None:
    """``Exercise.key`` ("G major", "E minor") as a Key; None when unknown or unreadable."""
    parts = text.split()
    if not parts:
        return None
    try:
        return make_key(parts[0], parts[1] if len(parts) > 1 else "major")
    except (ValueError, KeyError):
        return None


class Fixed(str):
    """A slip said in the reader's language, carrying what to do about it (``fix``): see ``feedback_text``."""

    fix: str


def _fix(slip: str, fix: str) -> Fixed:
    said = Fixed(slip)
    said.fix = fix
    return said


#: What to do about a recording stopped before the piece's end (the studio's Record stops by itself after the last
#: note; a memo runs as long as the student lets it).
STOPPED_FIX = N_("let the recording run to the end of the piece: Record stops by itself after the last note")


def _templates(name: NoteNamer) -> list[tuple[re.Pattern[str], Callable[[dict[str, str]], str]]]:
    return [
        (re.compile(re.escape(NOISE_SUPPRESSED_LINE)),
         lambda m: _("the recording goes completely silent between notes, as noise suppression makes it: "
                     "turn your recording app's noise suppression off (or record on this page) so the soft "
                     "starts and ends of your notes are kept")),
        (re.compile(r"we lost track of you after bar (?P<bar>\d+): the notes from there on are marked unsure"),
         lambda m: _("we lost track of you after bar %(bar)s: the notes from there on are marked unsure") % m),
        (re.compile(r"we lost track of you in bars (?P<first>\d+)-(?P<last>\d+): those notes are marked unsure"),
         lambda m: _("we lost track of you in bars %(first)s-%(last)s: those notes are marked unsure") % m),
        (re.compile(r"your pitch (?P<way>sank|rose) (?P<cents>\d+) cents between bar (?P<first>\d+) and bar "
                    r"(?P<last>\d+): keep the key of the first note in your ear"),
         lambda m: (_("your pitch sank %(cents)s cents between bar %(first)s and bar %(last)s: keep the key of "
                      "the first note in your ear") if m["way"] == "sank" else
                    _("your pitch rose %(cents)s cents between bar %(first)s and bar %(last)s: keep the key of "
                      "the first note in your ear")) % m),
        (re.compile(r"the recording stopped before the last note \(bar (?P<bar>\d+)\): it was not recorded, so it "
                    r"counts as missed"),
         lambda m: _fix(_("the recording stopped before the last note (bar %(bar)s): it was not recorded, so it "
                          "counts as missed") % m, _(STOPPED_FIX))),
        (re.compile(r"the recording stopped before the last (?P<count>\d+) notes \(from bar (?P<bar>\d+)\): they "
                    r"were not recorded, so they count as missed"),
         lambda m: _fix(_("the recording stopped before the last %(count)s notes (from bar %(bar)s): they were not "
                          "recorded, so they count as missed") % m, _(STOPPED_FIX))),
        (re.compile(r"the last (?P<count>\d+) notes, from bar (?P<bar>\d+), were not heard"),
         lambda m: _fix(_("the last %(count)s notes, from bar %(bar)s, were not heard") % m,
                        _("keep going to the last note"))),
        (re.compile(r"(?P<count>\d+) notes in a row were not heard in bar (?P<bar>\d+)"),
         lambda m: _fix(_("%(count)s notes in a row were not heard in bar %(bar)s") % m,
                        _("go through that bar slowly until it flows"))),
        (re.compile(r"(?P<count>\d+) notes in a row were not heard, bars (?P<first>\d+)-(?P<last>\d+)"),
         lambda m: _fix(_("%(count)s notes in a row were not heard, bars %(first)s-%(last)s") % m,
                        _("go through those bars slowly until they flow"))),
        (re.compile(r"bar (?P<bar>\d+): " + NOTE.format("note") + r" was not heard"),
         lambda m: _fix(_("bar %(bar)s: %(note)s was not heard") % {**m, "note": name(m["note"])},
                        _("give it more sound and hold it for its full length"))),
        (re.compile(r"bar (?P<bar>\d+): " + NOTE.format("note") + r" was (?P<cents>\d+) cents (?P<way>flat|sharp)"),
         lambda m: _fix(_("bar %(bar)s: %(note)s was %(cents)s cents flat") % {**m, "note": name(m["note"])},
                        _("aim a little higher")) if m["way"] == "flat" else
         _fix(_("bar %(bar)s: %(note)s was %(cents)s cents sharp") % {**m, "note": name(m["note"])},
              _("aim a little lower"))),
        (re.compile(NOTE.format("note") + r" was (?P<way>flat|sharp) (?P<count>\d+) times in bars (?P<first>\d+)-"
                    r"(?P<last>\d+) \((?P<cents>\d+(?:-\d+)?) cents\)"),
         lambda m: _fix(_("%(note)s was flat %(count)s times in bars %(first)s-%(last)s (%(cents)s cents)")
                        % {**m, "note": name(m["note"])}, _("aim a little higher")) if m["way"] == "flat" else
         _fix(_("%(note)s was sharp %(count)s times in bars %(first)s-%(last)s (%(cents)s cents)")
              % {**m, "note": name(m["note"])}, _("aim a little lower"))),
        (re.compile(r"bar (?P<bar>\d+): you (?P<verb>sang|played) " + NOTE.format("sung") + " instead of "
                    + NOTE.format("note")),
         lambda m: _fix(_("bar %(bar)s: you sang %(sung)s instead of %(note)s")
                        % {**m, "sung": name(m["sung"]), "note": name(m["note"])},
                        _("hear %(note)s in your head first, then sing it") % {"note": name(m["note"])})
         if m["verb"] == "sang" else
         _fix(_("bar %(bar)s: you played %(sung)s instead of %(note)s")
              % {**m, "sung": name(m["sung"]), "note": name(m["note"])},
              _("check the fingering for %(note)s") % {"note": name(m["note"])})),
        (re.compile(r"bar (?P<bar>\d+): you came in (?P<way>early|late) after the rest"),
         lambda m: _fix(_("bar %(bar)s: you came in early after the rest") % m,
                        _("count the rest right through before you come in")) if m["way"] == "early" else
         _fix(_("bar %(bar)s: you came in late after the rest") % m,
              _("keep counting through the rest so you are ready on the beat"))),
        (re.compile(r"bar (?P<bar>\d+): " + NOTE.format("note") + r" came (?P<ms>\d+) ms (?P<way>early|late)"),
         lambda m: _fix(_("bar %(bar)s: %(note)s came %(ms)s ms early") % {**m, "note": name(m["note"])},
                        _("wait a little longer before it")) if m["way"] == "early" else
         _fix(_("bar %(bar)s: %(note)s came %(ms)s ms late") % {**m, "note": name(m["note"])},
              _("move on to it a little sooner"))),
        (re.compile(r"the recording was cut off before its end: what it holds was graded, the rest could not be heard"),
         lambda m: _("the recording was cut off before its end: what it holds was graded, the rest could not be heard")),
        (re.compile(r"the recording was cut off before its end: what it holds was transcribed, the rest could not be "
                    r"heard"),
         lambda m: _("the recording was cut off before its end: what it holds was transcribed, the rest could not be "
                     "heard")),
        (re.compile(r"\.\.\. and (?P<count>\d+) more"),
         lambda m: _("... and %(count)s more") % m),
    ]


def feedback_text(lines: Sequence[str], *, namer: NoteNamer | None = None) -> list[str]:
    """``lines`` from the grader, said again in the active language with notes named by ``namer``.

    The same line for neighbouring notes (two E4s in bar 3 each 45 cents flat) is said once with its count,
    "… ×2": said twice it read as the page repeating itself.
    """
    templates = _templates(namer or NoteNamer())
    said: list[str] = []  # each a str, or a Fixed carrying its remedy
    for line in lines:
        for pattern, say in templates:
            match = pattern.fullmatch(line)
            if match:
                said.append(say(match.groupdict()))
                break
        else:
            said.append(line)
    out: list[str] = []
    counts: list[int] = []
    for line in said:
        if out and out[-1] == line:
            counts[-1] += 1
        else:
            out.append(line)
            counts.append(1)
    # A slip is said with what to do about it ("bar 3: E4 was 38 cents flat; aim a little higher"): a line
    # that named only the slip left the student to work out the remedy. Each remedy is said once, on its
    # first line: five flat notes read five times "aim a little higher" as the page nagging.
    advised: set[str] = set()
    lines_out: list[str] = []
    for line, count in zip(out, counts, strict=True):
        text = line if count == 1 else f"{line} ×{count}"
        fix = getattr(line, "fix", "")
        if fix and fix not in advised:
            advised.add(fix)
            text = _("%(slip)s; %(fix)s") % {"slip": text, "fix": fix}
        lines_out.append(str(text))
    return lines_out


#: The details skill evidence keeps (``grading.evidence``), said again like the feedback lines: a
#: weak spot's latest examples ("F♯4 39 cents flat") are read on the progress page.
_VERDICT_WORDS = {"flat": N_("flat"), "sharp": N_("sharp"), "early": N_("early"), "late": N_("late"),
                  "missed": N_("missed"), "unsure": N_("unsure"), "wrong": N_("wrong note"), "wide": N_("wide"),
                  "narrow": N_("narrow")}
_DETAILS: list[tuple[re.Pattern[str], Callable[[dict[str, str]], str]]] = [
    (re.compile(r"(?P<name>\S+) in tune \((?P<cents>[+-]\d+) cents\)"),
     lambda m: _("%(name)s in tune (%(cents)s cents)") % m),
    (re.compile(r"(?P<name>\S+) in tune"), lambda m: _("%(name)s in tune") % m),
    (re.compile(r"(?P<name>\S+) (?P<cents>\d+) cents (?P<way>flat|sharp)"),
     lambda m: (_("%(name)s %(cents)s cents flat") if m["way"] == "flat" else _("%(name)s %(cents)s cents sharp")) % m),
    (re.compile(r"(?P<name>\S+): (?P<verb>sang|played) (?P<sung>\S+) instead"),
     lambda m: (_("%(name)s: sang %(sung)s instead") if m["verb"] == "sang" else _("%(name)s: played %(sung)s instead")) % m),
    (re.compile(r"(?P<name>\S+) (?P<verdict>missed|unsure|wrong)"),
     lambda m: _("%(name)s %(verdict)s") % {**m, "verdict": _(_VERDICT_WORDS[m["verdict"]])}),
    (re.compile(r"(?P<a>\S+) to (?P<b>\S+) in tune \((?P<cents>[+-]\d+) cents\)"),
     lambda m: _("%(a)s to %(b)s in tune (%(cents)s cents)") % m),
    (re.compile(r"(?P<a>\S+) to (?P<b>\S+) in tune"), lambda m: _("%(a)s to %(b)s in tune") % m),
    (re.compile(r"(?P<a>\S+) to (?P<b>\S+) off"), lambda m: _("%(a)s to %(b)s off") % m),
    (re.compile(r"(?P<a>\S+) to (?P<b>\S+) (?P<cents>\d+) cents (?P<way>wide|narrow)"),
     lambda m: (_("%(a)s to %(b)s %(cents)s cents wide") if m["way"] == "wide" else
                _("%(a)s to %(b)s %(cents)s cents narrow")) % m),
    (re.compile(r"(?P<name>\S+) after a rest: (?P<when>.+)"),
     lambda m: _("%(name)s after a rest: %(when)s") % {**m, "when": _timing(m["when"])}),
    (re.compile(r"(?P<name>\S+) in (?P<skill>.+): (?P<when>on time|\d+ ms (?:early|late))"),
     lambda m: _("%(name)s in %(skill)s: %(when)s") % {**m, "skill": _(m["skill"]), "when": _timing(m["when"])}),
]


def _timing(when: str) -> str:
    match = re.fullmatch(r"(?P<ms>\d+) ms (?P<way>early|late)", when)
    if match:
        return (_("%(ms)s ms early") if match["way"] == "early" else _("%(ms)s ms late")) % match.groupdict()
    return _("on time") if when == "on time" else when


def evidence_detail_text(detail: str) -> str:
    """One evidence detail (``grading.evidence``) in the active language; as stored when it matches nothing."""
    for pattern, say in _DETAILS:
        match = pattern.fullmatch(detail)
        if match:
            return say(match.groupdict())
    return detail
