"""How the styles play as a pianist would: the ending, figures in the meter, the bass against the tune.

The defects are the ones ``benchmarks/accompaniment_audit.py`` counts over corpus folk tunes.
"""

from fractions import Fraction

import pytest

from generation.accompaniment import STYLES, generate_accompaniment, melody_from_file
from generation.melody import DrillParams, generate_drill


def _tune(tmp_path, text: str, *, key: str = "C", meter: str = "4/4"):
    """A melody written in music21's tiny notation, read back as a transcription's melody is."""
    from music21 import converter
    from music21 import key as m21key

    score = converter.parse(f"tinyNotation: {meter} {text}")
    score.insert(0, m21key.Key(key))
    path = tmp_path / "tune.musicxml"
    score.write("musicxml", fp=str(path))
    return melody_from_file(path)


def _pitched(acc):
    return [e for t in acc.tracks if not t.drums for e in t.events]


@pytest.mark.parametrize("meter", ["4/4", "3/4", "6/8"])
@pytest.mark.parametrize("style", sorted(set(STYLES) - {"drone"}))
def test_it_ends_on_the_tonic_struck_on_the_downbeat_and_held(style, meter):
    # Before, every figure (alberti, arpeggio, the walking bass, the oom-pah) ran on through the final bar.
    melody = generate_drill(DrillParams.preset(3, key="G", bars=8, seed=2, meter=meter))
    acc = generate_accompaniment(melody, style=style)
    last = melody.total_length - melody.meter.bar_length
    tail = [e for e in _pitched(acc) if e.start >= last]
    assert acc.chords[-1][1].root_pc == melody.key.tonic_pc
    assert tail and {e.start for e in tail} <= {last} | {s for s, _ in acc.chords if s > last}
    assert all(e.start + e.duration == melody.total_length for e in tail)
    assert all(e.midi % 12 in acc.chords[-1][1].pcs for e in tail)


def test_the_last_bar_of_a_walking_bass_holds_the_root_not_a_cluster():
    melody = generate_drill(DrillParams.preset(3, key="F", bars=8, seed=1))
    acc = generate_accompaniment(melody, style="swing")
    last = melody.total_length - melody.meter.bar_length
    bass = [e.midi for t in acc.tracks if t.channel == 2 for e in t.events if e.start >= last]
    assert len(bass) == 1 and bass[0] % 12 == melody.key.tonic_pc


@pytest.mark.parametrize(("style", "meter"), [("alberti", "3/4"), ("arpeggio", "3/4"), ("arpeggio", "6/8"),
                                              ("alberti", "6/8")])
def test_a_broken_chord_starts_from_its_lowest_note_only_on_the_beat_the_meter_stresses(style, meter):
    # A four-eighth alberti in 3/4 put its low note on beat 3; an eight-eighth arpeggio ran across 6/8's bars.
    melody = generate_drill(DrillParams.preset(3, key="D", bars=8, seed=4, meter=meter))
    acc = generate_accompaniment(melody, style=style)
    bar = melody.meter.bar_length
    beats = {Fraction(0)} | ({melody.meter.beat_length} if melody.meter.compound else set())
    figure = [t for t in acc.tracks if t.name == "Piano"][0]
    last = melody.total_length - bar
    for start, _ in acc.chords:
        if start >= last or start % bar:
            continue
        notes = [e for e in figure.events if start <= e.start < start + bar]
        low = min(e.midi for e in notes)
        assert {e.start - start for e in notes if e.midi == low} <= beats


def test_ballad_left_hand_in_six_eight_restarts_on_each_dotted_beat():
    melody = generate_drill(DrillParams.preset(3, key="C", bars=8, seed=3, meter="6/8"))
    acc = generate_accompaniment(melody, style="ballad")
    lh = [t for t in acc.tracks if t.name == "Piano LH"][0]
    at = {e.start: e.midi for e in lh.events}
    for start, _ in acc.chords[:-1]:
        if start % 3 == 0 and start + Fraction(3, 2) in at:
            assert at[start] == at[start + Fraction(3, 2)]


def test_bossa_bass_in_three_four_strikes_the_root_once_a_bar():
    melody = generate_drill(DrillParams.preset(3, key="C", bars=8, seed=3, meter="3/4"))
    acc = generate_accompaniment(melody, style="bossa")
    bass = [t for t in acc.tracks if t.channel == 2][0]
    assert all(e.start % 3 in (0, Fraction(3, 2)) for e in bass.events)


def _parallels(acc, melody) -> int:
    """Consecutive bass notes (the style's bass track, else the lowest note sounding) moving, at a chord change,
    in parallel fifths or octaves with the tune's top note (as benchmarks/accompaniment_audit.py counts them)."""
    events = [e for t in acc.tracks if t.channel == 2 for e in t.events] or _pitched(acc)
    changes = {s for s, _ in acc.chords}
    onsets = sorted({e.start for e in events})

    def bass_at(t):
        return min(e.midi for e in events if e.start <= t < e.start + e.duration)

    def top_at(t):
        return max(n.midi for n in melody.notes if n.offset <= t < n.offset + n.sounding)

    n = 0
    for t0, t1 in zip(onsets, onsets[1:], strict=False):
        if t1 not in changes:
            continue
        b0, b1, m0, m1 = bass_at(t0), bass_at(t1), top_at(t0), top_at(t1)
        same_way = (m1 - m0) * (b1 - b0) > 0
        n += same_way and (m0 - b0) % 12 in (0, 7) and (m0 - b0) % 12 == (m1 - b1) % 12
    return n


@pytest.mark.parametrize("style", ["block", "waltz", "march", "arpeggio", "rock", "hymn"])
def test_the_bass_does_not_double_a_tune_that_walks_on_the_roots(style, tmp_path):
    # C-F-G-C over I-IV-V-I: root-position basses doubled the tune in octaves at every change (3 of 3).
    melody = _tune(tmp_path, "c'1 f'1 g'1 e'1 c'1", key="C")
    acc = generate_accompaniment(melody, style=style, chords="I IV V I I")
    assert _parallels(acc, melody) == 0
    last = melody.total_length - melody.meter.bar_length
    assert min(e.midi for e in _pitched(acc) if e.start >= last) % 12 == 0  # the final tonic in root position


@pytest.mark.parametrize("style", ["ballad", "bossa"])
def test_the_note_leading_into_a_chord_change_keeps_the_bass_out_of_parallels_with_the_tune(style, tmp_path):
    # The left hand's fifth before the change (G2 under D5, D3 under D5) moved to the new root a step down with the
    # tune (F2 under C5, C2 under C5): parallel fifths, then octaves (2 of 3 changes). It now leads in by another
    # tone of its chord (E2, B2); the roots stay on the downbeats.
    melody = _tune(tmp_path, "c''2 e''4 d''4 c''1 b'2 d''4 d''4 c''1", key="C")
    acc = generate_accompaniment(melody, style=style, chords="I IV V I")
    assert _parallels(acc, melody) == 0
    bass = [t for t in acc.tracks if t.channel in (2, 3)][0]
    roots = {s: c.root_pc for s, c in acc.chords}
    for start, root in roots.items():
        assert min(e.midi for e in bass.events if e.start == start) % 12 == root


def test_a_walking_bass_approaches_a_chord_change_out_of_parallels_with_the_tune():
    # The chromatic approach from the side the line came from moved to the new root with the tune in fifths or
    # octaves (F major, level 2: A-flat2 to A2 under V/vi to vi, twice). The bassist takes the root from its other
    # side or a whole step away; the roots stay on the downbeats.
    melody = generate_drill(DrillParams.preset(2, key="F", bars=8, seed=4, meter="4/4"))
    acc = generate_accompaniment(melody, style="swing")
    assert _parallels(acc, melody) == 0
    bass = [t for t in acc.tracks if t.channel == 2][0]
    for start, chord in acc.chords:
        assert [e.midi % 12 for e in bass.events if e.start == start] == [chord.root_pc]


def test_swing_comps_under_a_tune_around_middle_c(tmp_path):
    # A V7 shell (third, seventh, fifth) found no room under a C4 and was played an octave over the tune;
    # its two guide tones fit under it.
    melody = _tune(tmp_path, "e2 c2 d2 B2 c2 e2 d2 B2 c1", key="C")
    acc = generate_accompaniment(melody, style="swing", chords="I V I V I")
    comp = [t for t in acc.tracks if t.name == "Piano"][0]
    for e in comp.events:
        sung = [n.midi for n in melody.notes if n.offset < e.start + e.duration and e.start < n.offset + n.sounding]
        assert not sung or e.midi <= min(sung)


@pytest.mark.parametrize(("meter", "strong"), [("3/4", {0}), ("9/8", {0}), ("5/4", {0, 3}), ("4/4", {0, 2}),
                                               ("6/8", {0})])
def test_rock_strums_and_kicks_on_the_strong_beats_of_its_meter(meter, strong):
    # Rock strummed and kicked every two beats whatever the meter: on 3/4's beat 3 (and 9/8's third dotted beat,
    # 5/4's beats 3 and 5), a bar of four cut short rather than a bar of three.
    melody = generate_drill(DrillParams.preset(3, key="G", bars=8, seed=2, meter=meter))
    acc = generate_accompaniment(melody, style="rock")
    bar, beat = melody.meter.bar_length, melody.meter.beat_length
    changes = {s % bar for s, _ in acc.chords}
    guitar = [t for t in acc.tracks if t.name == "Guitar"][0]
    kick = [e for t in acc.tracks if t.drums for e in t.events if e.midi == 36]
    assert {e.start % bar for e in guitar.events} <= {beat * k for k in strong} | changes
    assert {e.start % bar for e in kick} == {beat * k for k in strong}


def test_bossa_kicks_once_a_bar_in_three_four():
    # Its kick fell every two beats, on 3/4's beat 3, where its bass (once a bar) does not.
    melody = generate_drill(DrillParams.preset(3, key="C", bars=8, seed=3, meter="3/4"))
    acc = generate_accompaniment(melody, style="bossa")
    assert {e.start % 3 for t in acc.tracks if t.drums for e in t.events if e.midi == 36} == {0}


def test_a_walking_bass_keeps_under_a_tune_at_the_bottom_of_the_bass_clef(tmp_path):
    # Whole octaves down could not take D minor's line (D2-D3 at its lowest, E1 the floor) under a tune on D2-A2:
    # its upper notes sounded a second or a third over the tune (7 of seed 1's 15 masked notes in the drill audit,
    # one such drill in F-sharp).
    melody = _tune(tmp_path, "DD4 FF4 GG4 AA4 GG4 FF4 EE4 DD4 FF4 GG4 AA4 FF4 DD1", key="d")
    acc = generate_accompaniment(melody, style="swing", chords="i iv v i")
    bass = [e for t in acc.tracks if t.channel == 2 for e in t.events]
    masked = [(e.start, e.midi) for e in bass for n in melody.notes
              if n.offset < e.start + e.duration and e.start < n.offset + n.sounding and 0 < e.midi - n.midi <= 4]
    assert not masked
    assert all(e.midi >= 28 for e in bass)


def _masked(acc, melody) -> list[tuple[str, Fraction, int]]:
    """Accompaniment notes a second or a third over a note sung with them (heard as the line)."""
    return [(t.name, e.start, e.midi) for t in acc.tracks if not t.drums for e in t.events for n in melody.notes
            if n.offset < e.start + e.duration and e.start < n.offset + n.sounding and 0 < e.midi - n.midi <= 4]


def test_a_jig_bass_keeps_under_a_tune_at_the_bottom_of_the_bass_clef(tmp_path):
    # B-flat1-F2 cannot go an octave lower (E1 is the floor): its F2 sounded over the tune's E2 and D2.
    melody = _tune(tmp_path, "EE4. FF4. DD4. EE4. FF4. DD4. EE4. FF4. BB-2.", key="B-", meter="6/8")
    acc = generate_accompaniment(melody, style="jig", chords="I I I I I")
    assert not _masked(acc, melody)
    assert all(e.midi >= 28 for t in acc.tracks if t.channel == 2 for e in t.events)


def test_a_bossa_bass_keeps_under_a_tune_at_the_bottom_of_the_bass_clef(tmp_path):
    # iv's B1-F-sharp2 cannot go lower: its fifth, F-sharp2, sounded over the tune's E-sharp2 and D2.
    melody = _tune(tmp_path, "DD2 EE#2 DD2 EE#2 DD2 EE#2 DD2 EE#2 FF#1", key="f#")
    acc = generate_accompaniment(melody, style="bossa", chords="iv iv iv iv i")
    assert not _masked(acc, melody)


def test_the_hymn_alto_does_not_sit_just_over_a_low_tune():
    # A level-1 bass-clef tune walked down under the alto (D3 at its lowest), held a second or a third over it.
    melody = generate_drill(DrillParams.preset(1, key="Bb", bars=8, seed=2, meter="4/4", clef="bass"))
    assert not _masked(generate_accompaniment(melody, style="hymn"), melody)


def test_the_swing_comp_does_not_strike_a_voice_just_over_the_tune():
    # Seed 18 of the drill audit: E minor pentatonic 9/8, the comp's C-sharp4 (Em6's sixth) over the tune's A3.
    melody = generate_drill(DrillParams.preset(level=5, key="E", mode="minor-pentatonic", meter="9/8", seed=250,
                                               range="A3-E5", progression="I vi IV V"))
    assert not _masked(generate_accompaniment(melody, style="swing"), melody)


def _stuck_figure_notes(acc) -> list[tuple[Fraction, int]]:
    """Where a track of single eighths (a broken chord) strikes one pitch twice in a row under a chord it breaks
    into two or more pitches."""
    out = []
    changes = [s for s, _ in acc.chords]
    for t in acc.tracks:
        if t.drums or len({e.start for e in t.events}) < len(t.events):
            continue
        spans: dict[int, list] = {}
        for e in sorted(t.events, key=lambda e: e.start):
            if e.duration <= Fraction(1, 2):
                spans.setdefault(sum(1 for s in changes if s <= e.start), []).append(e)
        for figure in spans.values():
            if len({e.midi for e in figure}) > 1:
                out += [(b.start, b.midi) for a, b in zip(figure, figure[1:], strict=False)
                        if b.start == a.start + a.duration and b.midi == a.midi]
    return out


@pytest.mark.parametrize(("style", "request_"), [
    # A chord thinned to two voices under a cello's tune: low-high-mid-high played A2 D3 D3 D3.
    ("alberti", dict(level=2, key="B", mode="harmonic-minor", meter="2/4", seed=15, range="E2-C4", clef="bass",
                     target_notes=["E"])),
    ("alberti", dict(level=2, key="G", mode="dorian", meter="2/4", seed=880, range="E2-C4", clef="bass",
                     target_notes=["C"])),
    ("arpeggio", dict(level=2, key="E", mode="minor", meter="2/2", seed=917, range="E2-C4", clef="bass")),
    ("arpeggio", dict(level=2, key="Eb", mode="melodic-minor", meter="3/4", seed=441, range="E2-C4", clef="bass")),
])
def test_a_broken_chord_under_a_low_tune_keeps_its_shape(style, request_):
    melody = generate_drill(DrillParams.preset(**request_))
    acc = generate_accompaniment(melody, style=style)
    assert not _stuck_figure_notes(acc)
    assert not _masked(acc, melody)


@pytest.mark.parametrize("style", ["waltz", "march", "jig"])
def test_an_oom_pah_chord_is_held_no_longer_than_its_chord(style):
    # Drill audit seed 1: A-flat major 5/4, the waltz's Db4 struck on beat 3 held over the change to V on its
    # second half, over a tune gone down to B-flat3 (a note masked, a chord crossed).
    melody = generate_drill(DrillParams.preset(level=6, key="Ab", mode="major", meter="5/4", seed=195,
                                               target_notes=["C#"]))
    acc = generate_accompaniment(melody, style=style)
    changes = [s for s, _ in acc.chords] + [melody.total_length]
    for t in acc.tracks:
        for e in t.events:
            assert e.start + e.duration <= min(s for s in changes if s > e.start), (t.name, e)
    if style == "waltz":
        assert not _masked(acc, melody)


@pytest.mark.parametrize("style", ["jig", "march", "bossa", "ballad"])
def test_a_bass_figure_under_a_diminished_chord_plays_its_own_fifth(style, tmp_path):
    # The figures took a perfect fifth over every root: F-sharp under viio's B-D-F in C, a semitone from the chord's F
    # and from the tune's (drill_audit.py's seed 1: a jig in C melodic minor, F#3 under a tune's F4 at the cadence).
    melody = _tune(tmp_path, "e2 g2 f2 d2 e2 c2 c1", key="C")
    acc = generate_accompaniment(melody, style=style, chords="I viio I I")
    for track in acc.tracks:
        if track.drums or track.name not in ("Bass", "Piano LH"):
            continue
        for e in track.events:
            chord = [c for start, c in acc.chords if start <= e.start][-1]
            assert e.midi % 12 in chord.pcs, (track.name, e.start, e.midi, chord.figure)


def _cadence_rubs(acc, melody) -> list[tuple[str, Fraction, int, int]]:
    """Upper-voice notes of the last two chords sounding a semitone (or a seventh, a ninth) from a strong-beat note
    of the tune struck with them: (track, onset, note, tune's note)."""
    cadence = acc.chords[-2][0]
    out = []
    for track in acc.tracks:
        if track.drums or track.channel == 2:
            continue
        for e in track.events:
            if e.start < cadence:
                continue
            for n in melody.notes:
                if n.strong and e.start <= n.offset < e.start + e.duration and (n.midi - e.midi) % 12 in (1, 11):
                    out.append((track.name, e.start, e.midi, n.midi))
    return out


@pytest.mark.parametrize("style", sorted(set(STYLES) - {"drone", "hymn"}))
def test_the_cadence_chord_does_not_rub_on_the_tune(style, tmp_path):
    # The harmoniser ends V-I whatever the tune sings over V: do over G-B-D (B a semitone under it), mi under the
    # bossa's added seventh F. The pianist leaves the rubbing tone out there; before, block, ballad, rock and bossa
    # struck it with the tune (drill_audit.py's seed 1: 26 of its 36 strong-beat tune notes a semitone from a chord,
    # the drone's left out, were in the bar before the final).
    melody = _tune(tmp_path, "e2 d2 c2 e2 c2 e2 c1", key="C")
    acc = generate_accompaniment(melody, style=style, chords="I I V I")
    assert _cadence_rubs(acc, melody) == []


def test_swing_comps_under_a_treble_tune_that_dips_to_f3(tmp_path):
    # A folk tune sung down to F3 (Halewyn, accompaniment_audit.py's tuning set) found no shell under it, and no
    # guide tones from C3: the comp leapt to B4-F5-D6, over the tune. Its guide tones fit under it from G2.
    melody = _tune(tmp_path, "c2 A2 d4 c4 B-2 G2 F2 A2 c2 c1", key="F")
    acc = generate_accompaniment(melody, style="swing", chords="V IV V IV I")
    comp = [t for t in acc.tracks if t.name == "Piano"][0]
    for e in comp.events:
        sung = [n.midi for n in melody.notes if n.offset < e.start + e.duration and e.start < n.offset + n.sounding]
        assert not sung or e.midi <= min(sung), (e.start, e.midi, sung)


def _muddy_strikes(track) -> list[tuple[Fraction, list[int]]]:
    """Onsets where ``track`` strikes two notes a third or less apart, the lower under C3 (MIDI 48)."""
    struck: dict[Fraction, list[int]] = {}
    for e in track.events:
        struck.setdefault(e.start, []).append(e.midi)
    return [(t, sorted(ms)) for t, ms in sorted(struck.items())
            if any(0 < b - a <= 4 and a < 48 for a, b in zip(sorted(set(ms)), sorted(set(ms))[1:], strict=False))]


def test_the_rock_guitar_plays_no_close_third_under_c3(tmp_path):
    # A tune that dips to B3 left the overdriven guitar's B major triad room only as B2-D#3-F#3, a major third
    # whose distortion turns to mud (drill_audit.py's "close third below C3": rock a third of its drills, seed 43).
    # A rock guitarist plays the power chord there: B2-F#3 (and its octave where it stays under the tune).
    melody = _tune(tmp_path, "f#4 d#4 B4 c#4 d#2 B2 c#4 e4 d#4 c#4 B1", key="B")
    acc = generate_accompaniment(melody, style="rock", chords="I I V I")
    guitar = [t for t in acc.tracks if t.name == "Guitar"][0]
    assert _muddy_strikes(guitar) == []
    pitched = [e for t in acc.tracks if not t.drums for e in t.events]
    from generation.render.tracks import Track
    assert _muddy_strikes(Track("all", 0, 0, pitched)) == []
    for start, chord in acc.chords:
        assert {e.midi % 12 for e in guitar.events if e.start == start} >= {chord.root_pc}


def test_the_hymn_leaves_out_a_voice_that_rubs_on_the_tune_at_the_cadence(tmp_path):
    # The harmoniser must end V-I whatever the tune sings over V: le (A-flat) over C-E-G in F minor. The hymn's
    # bass took V's fifth, G3, a ninth under the tune's A-flat4 (drill_audit.py's seed 1); no voice there now rubs.
    melody = _tune(tmp_path, "a-4 b-4 a-4 g4 f4 g4 a-4 b-4 g4 f2.", key="f", meter="3/4")
    acc = generate_accompaniment(melody, style="hymn", chords="i iio V i")
    for track in acc.tracks:
        for e in track.events:
            stressed = [n.midi for n in melody.notes if n.strong and e.start <= n.offset < e.start + e.duration]
            assert not [m for m in stressed if (m - e.midi) % 12 in (1, 11)], (track.name, e.start, e.midi)


def _parallels_over_held_bass(acc, melody) -> list[Fraction]:
    """Chord changes where the lowest note sounding and the tune's top note, both as they sound just before the
    change, move the same way into the same fifth or octave (accompaniment_audit.py's parallels)."""
    pitched = _pitched(acc)

    def low(at):
        return min((e.midi for e in pitched if e.start <= at < e.start + e.duration), default=None)

    def top(at):
        return max((n.midi for n in melody.notes if n.offset <= at < n.offset + n.sounding), default=None)

    out = []
    for start, _ in acc.chords[1:]:
        just_before = start - Fraction(1, 2)
        b0, b1, m0, m1 = low(just_before), low(start), top(just_before), top(start)
        if None in (b0, b1, m0, m1):
            continue
        same_way = (m1 - m0) * (b1 - b0) > 0
        if same_way and (m0 - b0) % 12 in (0, 7) and (m1 - b1) % 12 == (m0 - b0) % 12:
            out.append(start)
    return out


def test_a_held_bass_moves_out_of_parallels_with_the_tunes_last_note_over_it(tmp_path):
    # The root held through the bar was checked against the tune where it was struck (D4 over D: an octave) and
    # not against the note sung over it at the change (A4, a fifth), so D-A moved to G-D in parallel fifths:
    # accompaniment_audit.py's arpeggio parallels (5.5 per 100 bars on the held-out set, main).
    melody = _tune(tmp_path, "d4 e4 f#4 a4 d'4 b4 g4 b4 a4 f#4 e4 d4 d1", key="D")
    acc = generate_accompaniment(melody, style="arpeggio", chords="I IV V I")
    assert _parallels_over_held_bass(acc, melody) == []



#: An arranger's low-interval limits (MIDI of the lower note, by semitones): a second under E3/E-flat3, a minor third
#: under C3, a major third under B-flat2, a fourth under A2, a tritone under B2, sixths and sevenths under F2.
LOW_LIMITS = {1: 52, 2: 51, 3: 48, 4: 46, 5: 45, 6: 47, 7: 34, 8: 41, 9: 41, 10: 41, 11: 41, 13: 40, 14: 39}


def _under_low_limits(acc):
    """Onsets where two neighbouring accompaniment notes sounding lie under their interval's low limit."""
    out = []
    pitched = _pitched(acc)
    for on in sorted({e.start for e in pitched}):
        ms = sorted({e.midi for e in pitched if e.start <= on < e.start + e.duration})
        out += [(on, a, b) for a, b in zip(ms, ms[1:], strict=False) if a < LOW_LIMITS.get(b - a, 0)]
    return out


@pytest.mark.parametrize("request_", [
    # drill_audit.py's seed 1 (main: 4, 5, 5 and 7 onsets under a limit). A minor's V7 comp G#3-D4 over the walking
    # bass's D3 and A2 under C3-G3-E4 (m3); D-flat zhi's V shell pushed down to C3-G-flat3-E-flat4 under a tune at
    # E-flat4, the approach D3 a second over its C3; E-flat dorian's comp at C#3-Bb3 over D3.
    dict(level=5, key="A", mode="harmonic-minor", meter="4/4", seed=452),
    dict(level=5, key="Db", mode="zhi", meter="2/2", seed=88, range="D4-G5", progression="I IV V I"),
    dict(level=5, key="B", mode="minor", meter="5/4", seed=754, progression="i iv V i"),
    dict(level=5, key="Eb", mode="dorian", meter="2/4", seed=503, range="G3-G5"),
])
def test_the_walking_bass_and_the_comp_keep_the_low_interval_limits(request_):
    melody = generate_drill(DrillParams.preset(**request_))
    acc = generate_accompaniment(melody, style="swing")
    assert _under_low_limits(acc) == []


def test_the_walking_bass_plays_one_note_at_a_time_in_five_four():
    # In 5/4 the harmoniser changed chord halfway through beat 3 (2.5 of 5) and the walk's beat-3 note ran on under
    # the next chord's root: G2 and A-flat2 at once (drill_audit.py's seed 1).
    melody = generate_drill(DrillParams.preset(level=5, key="Ab", mode="harmonic-minor", meter="5/4", seed=663,
                                               range="C4-C5"))
    acc = generate_accompaniment(melody, style="swing")
    bass = sorted((e for t in acc.tracks if t.channel == 2 for e in t.events), key=lambda e: e.start)
    assert all(a.start + a.duration <= b.start for a, b in zip(bass, bass[1:], strict=False))
    assert all(e.start == int(e.start) for e in bass)  # on the beats


@pytest.mark.parametrize("request_", [
    # drill_audit.py's seed 1: the bass's first inversion, taken out of parallels with the tune, sat a third under the
    # overdriven guitar's low note (A-flat2 under C3-F3-A-flat3 in F dorian, B2 under D3-G3-B3 in G pentatonic).
    dict(level=4, key="F", mode="dorian", meter="5/4", seed=808, range="C4-C5", target_notes=["Bb"]),
    dict(level=4, key="G", mode="major-pentatonic", meter="9/8", seed=731, range="D4-G5", target_notes=["B"]),
])
def test_the_rock_bass_plays_roots_clear_of_the_guitar(request_):
    melody = generate_drill(DrillParams.preset(**request_))
    acc = generate_accompaniment(melody, style="rock")
    assert _under_low_limits(acc) == []
    bass = [e for t in acc.tracks if t.channel == 2 for e in t.events]
    assert all(e.midi % 12 == [c for s, c in acc.chords if s <= e.start][-1].root_pc for e in bass)
