"""The new question types, each answer key checked independently with music21 over 1000 seeds:
harmonic dictation, written cadences, non-chord tones, secondary dominants, 6/4 chords, melodic
dictation with rhythm and four-part writing."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest
from music21 import chord as m21chord
from music21 import converter, interval, roman, voiceLeading
from music21 import key as m21key
from music21 import note as m21note
from music21 import pitch as m21pitch

from lessons.questions import GENERATORS, Question, check_answer, generate, musicxml
from lessons.questions.generators.progressions import CADENCE_TITLES
from music.pitch import Pitch

SEEDS = 1000
NEW_TYPES = ("harmonic_dictation", "cadence_identify", "nct_identify", "secondary_dominant", "six_four",
             "ear_melody_rhythm", "part_writing")


def m21_key(name: str) -> m21key.Key:
    """Our key name (``Eb``, ``c#``, ``bb``) as a music21 key."""
    return m21key.Key(name[0] + name[1:].replace("b", "-"))


def key_of(q: Question) -> m21key.Key:
    return m21_key(next(t for t in q.tags if t.startswith("key:"))[4:])


def m21p(p: Pitch) -> m21pitch.Pitch:
    return m21pitch.Pitch("CDEFGAB"[p.step] + {-2: "--", -1: "-", 0: "", 1: "#", 2: "##"}[p.alter] + str(p.octave))


def difficulty(seed: int) -> int:
    return 1 + seed % 3


def test_every_new_type_is_registered() -> None:
    assert set(NEW_TYPES) <= set(GENERATORS)


def _sounds(rn_figure: str, key: m21key.Key) -> tuple[frozenset[int], int]:
    rn = roman.RomanNumeral(rn_figure, key)
    return frozenset(rn.pitchClasses), rn.bass().pitchClass


def _spelled(rn_figure: str, key: m21key.Key) -> tuple[frozenset[str], str]:
    """The numeral's notes as written (names, not sounds) and its bass."""
    rn = roman.RomanNumeral(rn_figure, key)
    return frozenset(p.name for p in rn.pitches), rn.bass().name


def _is_chord(heard: tuple[frozenset[int], int], rn_figure: str, key: m21key.Key) -> bool:
    """The notes heard are the numeral's chord over its bass; only a fifth may be left out."""
    rn = roman.RomanNumeral(rn_figure, key)
    pcs, bass = heard
    missing = set(rn.pitchClasses) - pcs
    return pcs <= set(rn.pitchClasses) and bass == rn.bass().pitchClass and missing <= {rn.fifth.pitchClass}


def test_harmonic_dictation_answers_match_what_is_heard() -> None:
    for seed in range(SEEDS):
        q = generate("harmonic_dictation", seed=seed, difficulty=difficulty(seed))
        key = key_of(q)
        assert q.audio is not None
        heard = [(frozenset(m % 12 for m in notes), min(notes) % 12) for notes, _ in q.audio.events]
        basses = [min(notes) for notes, _ in q.audio.events]

        def figures(text: str) -> list[str]:
            return text.split(" (bass")[0].split()

        assert all(_is_chord(h, f, key) for h, f in zip(heard, figures(q.answer), strict=True)), (seed, q.answer)
        degrees = re.search(r"bass ([^)]*)\)", q.answer).group(1).split()  # type: ignore[union-attr]
        for bass, degree in zip(basses, degrees, strict=True):
            number, _ = key.getScaleDegreeAndAccidentalFromPitch(spelled_in(key, bass))
            assert str(number) == degree.lstrip("#b"), (seed, degree, number)
        for choice in q.choices:
            if choice != q.answer:
                assert not all(_is_chord(h, f, key) for h, f in zip(heard, figures(choice), strict=True)), choice


def _grand_staff_chords(q: Question) -> list[m21chord.Chord]:
    assert q.notation is not None and q.notation.lower is not None
    uppers, lowers = q.notation.measures[0], q.notation.lower[0]
    return [m21chord.Chord([m21p(p) for p in (*lo.pitches, *up.pitches)]) for up, lo in zip(uppers, lowers,
                                                                                            strict=True)]


TITLE_KINDS = {v: k for k, v in CADENCE_TITLES.items()}


def _inversion(c: m21chord.Chord) -> int:
    """0..3 from the bass's distance above the root, in semitones (robust to spelling)."""
    above = (c.bass().pitchClass - c.root().pitchClass) % 12
    return 0 if above == 0 else 1 if above in (3, 4) else 2 if above in (6, 7, 8) else 3


def spelled_in(key: m21key.Key, midi: int) -> m21pitch.Pitch:
    """A MIDI note spelled as the key spells it (its scale, or the raised leading tone in minor)."""
    names = {p.pitchClass: p.name for p in key.getPitches()}
    if key.mode == "minor":
        leading = key.pitchFromDegree(7).transpose("A1")  # the raised leading tone
        names[leading.pitchClass] = leading.name
    p = m21pitch.Pitch(midi=midi)
    if p.pitchClass not in names:
        return p
    spelled = m21pitch.Pitch(names[p.pitchClass] + str(p.octave))
    spelled.octave = (p.octave or 4) + round((midi - spelled.ps) / 12)  # Cb5 sounds as B4: keep the sound
    assert spelled.ps == midi
    return spelled


def classify_cadence(prev: m21chord.Chord, last: m21chord.Chord, key: m21key.Key) -> str:
    """A textbook classification from the notes alone."""
    tonic = key.tonic.pitchClass
    dominant = key.pitchFromDegree(5).pitchClass
    subdominant = key.pitchFromDegree(4).pitchClass
    submediant = key.pitchFromDegree(6).pitchClass
    leading = (tonic - 1) % 12
    root_prev, root_last = prev.root().pitchClass, last.root().pitchClass
    major_third = (root_last + 4) % 12 in last.pitchClasses
    if root_last == dominant and major_third:
        phrygian = key.mode == "minor" and root_prev == subdominant and _inversion(prev) == 1
        return "phrygian" if phrygian else "half"
    if root_last == tonic and root_prev in (dominant, leading):
        soprano = max(last.pitches, key=lambda p: p.ps).pitchClass
        perfect = root_prev == dominant and _inversion(prev) == 0 and _inversion(last) == 0 and soprano == tonic
        return "perfect-authentic" if perfect else "imperfect-authentic"
    if root_last == tonic and root_prev == subdominant:
        return "plagal"
    if root_last == submediant and root_prev == dominant:
        return "deceptive"
    return "none"


def test_written_cadences_are_named_as_music21_reads_the_chords() -> None:
    for seed in range(SEEDS):
        q = generate("cadence_identify", seed=seed, difficulty=difficulty(seed))
        chords = _grand_staff_chords(q)
        assert classify_cadence(chords[-2], chords[-1], key_of(q)) == TITLE_KINDS[q.answer], (seed, q.explanation)


def test_aural_cadences_are_named_as_music21_reads_the_chords() -> None:
    for seed in range(SEEDS):
        q = generate("ear_cadence", seed=seed, difficulty=3)
        assert q.audio is not None
        key = key_of(q)
        prev, last = (m21chord.Chord([spelled_in(key, m) for m in notes]) for notes, _ in q.audio.events[-2:])
        kind = classify_cadence(prev, last, key)
        expected = TITLE_KINDS[q.answer]
        assert kind == expected or (expected == "authentic" and kind.endswith("authentic")), (seed, q.explanation)


def _onsets(events: tuple) -> list[Fraction]:
    out, t = [], Fraction(0)
    for e in events:
        out.append(t)
        t += Fraction(e.quarters).limit_denominator(16)
    return out


def classify_nct(q: Question) -> str:
    """Approach, departure, beat and chord of the coloured note, read with music21."""
    assert q.notation is not None
    melody = q.notation.measures[0]
    onsets = _onsets(melody)
    i = next(j for j, e in enumerate(melody) if e.highlight)
    figures = re.search(r"over (.+?):", q.prompt).group(1).split(" – ")  # type: ignore[union-attr]
    key = key_of(q)
    chord_at = [frozenset(roman.RomanNumeral(f, key).pitchClasses) for f in figures]
    n = m21p(melody[i].pitches[0])
    here = chord_at[0 if onsets[i] < 2 else 1]
    assert n.pitchClass not in here, (q.seed, "the coloured note is a chord tone")
    prev, nxt = m21p(melody[i - 1].pitches[0]), m21p(melody[i + 1].pitches[0])
    into = interval.Interval(prev, n).generic.directed if prev.ps != n.ps else 1
    out = interval.Interval(n, nxt).generic.directed if n.ps != nxt.ps else 1
    if melody[i].tie == "stop":
        return "suspension" if out == -2 else "retardation" if out == 2 else "?"
    if n.ps == nxt.ps and n.pitchClass in chord_at[1] and onsets[i + 1] == 2:
        return "anticipation"
    step_in, step_out = abs(into) == 2, abs(out) == 2
    if step_in and step_out:
        return "passing" if into == out else "neighbour"
    if not step_in and step_out and into * out < 0 and onsets[i] == int(onsets[i]):
        return "appoggiatura"
    if step_in and not step_out and into * out < 0:
        return "escape"
    return "?"


NCT_KINDS = {"passing tone": "passing", "neighbour tone": "neighbour", "appoggiatura": "appoggiatura",
             "escape tone": "escape", "suspension": "suspension", "retardation": "retardation",
             "anticipation": "anticipation"}


def test_non_chord_tones_are_named_by_their_approach_and_departure() -> None:
    for seed in range(SEEDS):
        q = generate("nct_identify", seed=seed, difficulty=3 if seed % 2 else 2)
        assert classify_nct(q) == NCT_KINDS[q.answer], (seed, q.answer, q.explanation)


def test_secondary_dominants_spell_the_chord_shown_and_no_other_choice_does() -> None:
    for seed in range(SEEDS):
        q = generate("secondary_dominant", seed=seed, difficulty=difficulty(seed))
        key = key_of(q)
        (shown,) = _grand_staff_chords(q)
        written = (frozenset(p.name for p in shown.pitches), shown.bass().name)
        assert _spelled(q.answer, key) == written, (seed, q.answer)
        rn = roman.RomanNumeral(q.answer, key)
        assert rn.secondaryRomanNumeral is not None
        for choice in q.choices:
            if choice != q.answer:
                assert _spelled(choice, key) != written, (seed, choice)


def classify_six_four(chords: list[m21chord.Chord]) -> str:
    b = [c.bass().ps for c in chords]
    assert chords[1].inversion() == 2
    if b[0] == b[1] == b[2]:
        return "pedal"
    if b[1] == b[2] and chords[2].root().pitchClass == chords[1].bass().pitchClass:
        return "cadential"
    steps = (b[1] - b[0], b[2] - b[1])
    if all(0 < abs(s) <= 2 for s in steps) and steps[0] * steps[1] > 0:
        return "passing"
    if set(chords[0].pitchClasses) == set(chords[1].pitchClasses) and all(abs(s) > 2 for s in steps):
        return "arpeggiated"
    return "?"


def test_six_four_chords_are_named_by_their_bass() -> None:
    for seed in range(SEEDS):
        q = generate("six_four", seed=seed, difficulty=difficulty(seed))
        assert classify_six_four(_grand_staff_chords(q)) == q.answer, (seed, q.explanation)


def _parsed(notation: object) -> list[tuple[int, Fraction]]:
    score = converter.parse(musicxml(notation), format="musicxml")  # type: ignore[arg-type]
    return [(int(n.pitch.midi), Fraction(n.duration.quarterLength).limit_denominator(16))
            for n in score.recurse().notes]


def test_melodic_dictation_with_rhythm_shows_exactly_what_is_heard() -> None:
    for seed in range(SEEDS):
        q = generate("ear_melody_rhythm", seed=seed, difficulty=difficulty(seed))
        assert q.audio is not None
        heard = [(notes[0], Fraction(d).limit_denominator(16)) for notes, d in q.audio.events]
        right = q.choices.index(q.answer)
        for i, notation in enumerate(q.choice_notation):
            written = _parsed(notation)
            assert (written == heard) == (i == right), (seed, q.choices[i])
        key = key_of(q)
        assert heard[-1][0] % 12 == key.tonic.pitchClass  # a tonal ending


FIGURE_INVERSIONS = {"": 0, "#": 0, "b": 0, "n": 0, "6": 1, "#6": 1, "6#": 1, "b6": 1, "n6": 1, "64": 2, "7": 0,
                     "#7": 0, "7#": 0, "65": 1, "43": 2, "42": 3}


def test_part_writing_model_answers_spell_the_chords_and_keep_the_rules_music21_knows() -> None:
    for seed in range(SEEDS):
        q = generate("part_writing", seed=seed, difficulty=difficulty(seed))
        task = q.part_writing
        assert task is not None
        key = m21_key(task.key)
        voices = [[m21pitch.Pitch(n.replace("b", "-") if len(n) > 2 and n[1] == "b" else n) for n in line.split()]
                  for line in q.answer.split("|")]
        chords = [m21chord.Chord([v[i] for v in voices]) for i in range(len(task.figures))]
        for i, (c, fig) in enumerate(zip(chords, task.figures, strict=True)):
            if task.is_figured:
                assert c.bass().nameWithOctave == m21pitch.Pitch(task.bass[i].replace("b", "-")
                                                                  if len(task.bass[i]) > 2 else
                                                                  task.bass[i]).nameWithOctave
                assert c.inversion() == FIGURE_INVERSIONS[fig], (seed, fig, c)
            else:
                assert _is_chord((frozenset(c.pitchClasses), c.bass().pitchClass), fig, key), (seed, fig)
        for i in range(len(chords) - 1):
            for up in range(3):
                for low in range(up + 1, 4):
                    vlq = voiceLeading.VoiceLeadingQuartet(m21note.Note(voices[up][i]), m21note.Note(voices[up][i + 1]),
                                                           m21note.Note(voices[low][i]),
                                                           m21note.Note(voices[low][i + 1]))
                    assert not vlq.parallelFifth() and not vlq.parallelUnisonOrOctave(), (seed, i, up, low)
            outer = voiceLeading.VoiceLeadingQuartet(m21note.Note(voices[0][i]), m21note.Note(voices[0][i + 1]),
                                                     m21note.Note(voices[3][i]), m21note.Note(voices[3][i + 1]))
            soprano_leaps = abs(voices[0][i + 1].ps - voices[0][i].ps) > 2
            assert not (soprano_leaps and (outer.hiddenFifth() or outer.hiddenOctave())), (seed, i)


@pytest.mark.parametrize("seed", range(40))
def test_a_wrong_part_writing_answer_is_rejected_with_its_faults(seed: int) -> None:
    q = generate("part_writing", seed=seed)
    soprano, alto, tenor, bass = q.answer.split(" | ")
    ok, feedback = check_answer(q, " | ".join((soprano, tenor, alto, bass)))  # alto and tenor swapped
    assert not ok and "crosses" in feedback
    # Every upper voice moved up an octave with the bass: parallel octaves and fifths are inevitable only
    # when the voices move; the checker at least names every fault on its own line.
    ok, feedback = check_answer(q, " | ".join((soprano, alto, tenor, soprano.replace("5", "3").replace("4", "2"))))
    assert not ok
    assert all(line.endswith(".") for line in feedback.splitlines()[1:])
    ok, _ = check_answer(q, q.answer)
    assert ok
    ok, feedback = check_answer(q, soprano)
    assert not ok and "four voices" in feedback


def test_a_part_writing_fault_is_coloured_on_the_notes_it_concerns() -> None:
    from lessons.questions.generators.partwriting import grade_voices, marked_notation  # noqa: PLC0415

    q = generate("part_writing", seed=0)
    assert q.part_writing is not None
    soprano, alto, tenor, bass = q.answer.split(" | ")
    notes = soprano.split()
    notes[2] = "C6"  # out of range, too far above the alto, not in the chord
    voicings, errors = grade_voices(q.part_writing, " | ".join((" ".join(notes), alto, tenor, bass)))
    assert {e.rule for e in errors} >= {"range", "spacing"}
    xml = musicxml(marked_notation(q.part_writing, voicings, errors))
    coloured = re.findall(r'<note id="pw-n\d+" color="[^"]+">(?:<chord/>)?<pitch><step>(\w)</step>(?:<alter>-?\d</alter>)?'
                          r"<octave>(\d)</octave>", xml)
    assert sorted(coloured) == sorted([("C", "6"), (alto.split()[2][0], alto.split()[2][-1])])
