from fractions import Fraction

import pytest

from generation.accompaniment import STYLES, generate_accompaniment, melody_from_file
from generation.accompaniment.harmony import harmonize
from generation.accompaniment.styles import voice_lead
from generation.melody import DrillParams, generate_drill
from generation.render import render_drill
from music.chord import parse_chord
from music.key import make_key


@pytest.fixture(scope="module")
def melody():
    # Seed 5's tune sounds in G even to a reader that guesses the key from the notes (MIDI files carried no
    # key signature until music.midi wrote one; seed 4's tune has no C and was then read as D major).
    return generate_drill(DrillParams.preset(3, key="G", bars=8, seed=5))


@pytest.mark.parametrize("style", sorted(STYLES))
def test_it_plays_every_style_for_the_whole_melody(style, melody):
    acc = generate_accompaniment(melody, style=style)
    events = [e for t in acc.tracks for e in t.events]
    assert events
    assert max(e.start + e.duration for e in events) <= melody.total_length + Fraction(1)
    assert min(e.start for e in events) == 0
    assert all(0 <= e.midi <= 127 for e in events)


@pytest.mark.parametrize(("level", "key", "seed"), [(1, "G", 0), (2, "Bb", 1), (3, "G", 4), (3, "G", 3), (3, "E", 3), (4, "D", 5),
                                                    (5, "G", 2), (5, "Bb", 7)])
def test_it_harmonises_to_a_cadence_on_the_tonic(level, key, seed):
    # Several melodies: a weak approach (iii-I, vi-I) once depended on which tune the generator wrote.
    melody = generate_drill(DrillParams.preset(level, key=key, bars=8, seed=seed))
    chords = harmonize(melody)
    bar = melody.meter.bar_length
    # One chord per bar, or two where the melody's second strong beat asks for a change.
    assert {start // bar for start, _ in chords} == set(range(melody.params.bars))
    assert chords[-1][1].figure == "I"
    assert chords[-2][1].figure in ("V", "viio", "IV")


def test_it_fits_chords_to_the_melody_notes(melody):
    chords = harmonize(melody)
    hits = total = 0
    for n in melody.notes:
        chord = [c for start, c in chords if start <= n.offset][-1]
        if n.strong:
            total += 1
            hits += n.midi % 12 in chord.pcs
    assert hits / total >= 0.85


def test_it_follows_a_chord_chart_with_symbols_or_numerals(melody):
    numerals = generate_accompaniment(melody, chords="I V vi IV", style="block")
    symbols = generate_accompaniment(melody, chords="G D Em C", style="block")
    assert numerals.chord_figures()[:4] == ["I", "V", "vi", "IV"]
    assert [c.pcs for _, c in numerals.chords] == [c.pcs for _, c in symbols.chords]


def test_it_moves_voices_as_little_as_possible():
    key = make_key("C", "major")
    c, f = parse_chord("I", key), parse_chord("IV", key)
    first = voice_lead(None, c)
    second = voice_lead(first, f)
    assert sum(abs(a - b) for a, b in zip(sorted(first), sorted(second), strict=True)) <= 3


def test_it_writes_hymn_voices_under_the_melody(melody):
    acc = generate_accompaniment(melody, style="hymn")
    alto, tenor, bass = acc.tracks
    for a, t, b in zip(alto.events, tenor.events, bass.events, strict=True):
        assert b.midi < t.midi < a.midi


def test_it_puts_drums_on_the_drum_channel(melody):
    rock = generate_accompaniment(melody, style="rock")
    drums = [t for t in rock.tracks if t.drums]
    assert drums and not drums[0].notate


def test_it_reads_a_melody_back_from_musicxml_and_midi(melody, tmp_path):
    files = render_drill(melody, tmp_path, formats=("musicxml", "midi"))
    for path in (files["musicxml"], files["midi"]):
        again = melody_from_file(path)
        assert [n.midi for n in again.notes] == [n.midi for n in melody.notes]
        assert again.key == melody.key  # the MIDI file's key signature says G major


def test_it_rejects_an_unknown_style(melody):
    from generation.melody import InvalidParams

    with pytest.raises(InvalidParams, match="^style:"):
        generate_accompaniment(melody, style="polka")


def test_it_plays_the_drills_own_chords():
    drill = generate_drill(DrillParams.preset(3, key="C", bars=8, progression="I V vi IV", seed=2))
    acc = generate_accompaniment(drill, style="block")
    assert acc.chord_figures() == ["I", "V", "vi", "IV", "I", "V", "vi", "I"]  # the last bar cadences on I


@pytest.mark.parametrize("meter", ["2/4", "3/4", "4/4", "5/4", "6/8", "9/8"])
@pytest.mark.parametrize("style", sorted(STYLES))
def test_no_style_overruns_a_bar(style, meter):
    drill = generate_drill(DrillParams.preset(3, key="F", meter=meter, bars=4, seed=1))
    acc = generate_accompaniment(drill, style=style)
    bar = drill.meter.bar_length
    for track in acc.tracks:
        for e in track.events:
            assert e.duration > 0 and e.start < drill.total_length
            assert e.start + e.duration <= (e.start // bar + 1) * bar, (track.name, e)


def pickup_score(path, time_signature: str, bars: list[list[tuple[str, float]]]):
    """A MusicXML melody whose first measure is a pickup, written as notation programs write it: a short
    measure padded on the left up to a full bar."""
    from music21 import meter, note, stream

    part = stream.Part()
    for k, bar in enumerate(bars):
        measure = stream.Measure(number=k)
        if k == 0:
            signature = meter.TimeSignature(time_signature)
            measure.append(signature)
            measure.paddingLeft = signature.barDuration.quarterLength - sum(length for _, length in bar)
        for name, length in bar:
            measure.append(note.Note(name, quarterLength=length))
        part.append(measure)
    stream.Score([part]).write("musicxml", fp=str(path))
    return path


def test_a_pickup_keeps_every_note_and_chord_on_its_beat(tmp_path):
    # "Happy birthday" opening: two eighth-note pickups, then the first downbeat.
    path = pickup_score(tmp_path / "pickup.musicxml", "3/4",
                        [[("G4", 0.5), ("G4", 0.5)], [("A4", 1), ("G4", 1), ("C5", 1)], [("B4", 3)]])
    melody = melody_from_file(path)
    assert [float(n.offset) for n in melody.notes[:3]] == [2.0, 2.5, 3.0]
    assert melody.notes[2].strong  # A4 falls on the downbeat of bar 2
    acc = generate_accompaniment(melody, style="waltz")
    starts = {float(e.start) for t in acc.tracks for e in t.events}
    assert 3.0 in starts  # a bass note on the first full downbeat, not a beat late


def test_the_harmoniser_uses_predominants_and_keeps_strong_beats_on_chord_tones():
    figures: set[str] = set()
    hits = total = 0
    for seed in range(12):
        drill = generate_drill(DrillParams.preset(3, key="C", bars=8, seed=seed))
        segments = harmonize(drill)
        figures |= {c.figure for _, c in segments}
        for n in drill.notes:
            if n.strong:
                chord = [c for start, c in segments if start <= n.offset][-1]
                total += 1
                hits += n.midi % 12 in chord.pcs
    assert {"IV", "ii", "vi"} & figures and len(figures) >= 4
    assert hits / total >= 0.85


def test_it_plays_an_applied_chord_with_its_raised_tones():
    # V7/V in G is A C# E G: the accompaniment sounds the C# the chart asks for, the melody stays on chord tones.
    drill = generate_drill(DrillParams.preset(4, key="G", bars=4, progression="I V7/V V I", seed=3))
    acc = generate_accompaniment(drill, style="block")
    assert acc.chord_figures() == ["I", "V7/V", "V", "I"]
    bar = drill.meter.bar_length
    second_bar = {e.midi % 12 for t in acc.tracks if not t.drums for e in t.events if bar <= e.start < 2 * bar}
    assert {1, 7} <= second_bar <= {9, 1, 4, 7}  # its raised third and its seventh, nothing outside the chord
    assert all(n.midi % 12 in (9, 1, 4, 7) for n in drill.notes if n.bar == 1 and n.strong)


def _sounding_at(acc, at):
    return [e for t in acc.tracks if not t.drums for e in t.events if e.start <= at < e.start + e.duration]


@pytest.mark.parametrize("style", ["block", "ballad", "waltz", "march", "arpeggio"])
def test_the_chords_stay_under_a_treble_melody(style):
    # A melody around C4-D5 has room for close chords below it: none may sound above the tune.
    crossed = total = 0
    for seed in range(6):
        melody = generate_drill(DrillParams.preset(3, key="C", meter="3/4" if style == "waltz" else "4/4", seed=seed))
        acc = generate_accompaniment(melody, style=style)
        for n in melody.notes:
            total += 1
            crossed += any(e.midi > n.midi for e in _sounding_at(acc, n.offset))
    assert crossed == 0, f"{crossed} of {total} melody notes have the accompaniment above them"


def test_a_low_chord_keeps_its_third_off_the_bottom():
    # Rock's guitar sits low (A2 up): a chord there with its third lowest is a third over the bass's root, mud.
    for seed in range(8):
        melody = generate_drill(DrillParams.preset(3, key="A", range="A3-A4", seed=seed))
        acc = generate_accompaniment(melody, style="rock")
        spans = [(s, c) for s, c in acc.chords]
        by_start: dict[Fraction, list[int]] = {}
        for e in acc.tracks[0].events:
            by_start.setdefault(e.start, []).append(e.midi)
        for start, notes in by_start.items():
            chord = [c for s, c in spans if s <= start][-1]
            bottom = min(notes)
            assert bottom >= 52 or (bottom - chord.root_pc) % 12 in (0, 7), (seed, start, chord.figure, sorted(notes))


@pytest.mark.parametrize("style", ["bossa", "swing"])
def test_no_major_seventh_rubs_against_the_root_in_the_tune(style):
    # Cmaj7 under a C in the melody is a semitone clash; the players' answer is C6.
    for seed in range(6):
        melody = generate_drill(DrillParams.preset(3, key="C", seed=seed))
        acc = generate_accompaniment(melody, style=style)
        comping = acc.tracks[0]  # the chords (the walking bass's chromatic approach notes pass by)
        for n in melody.notes:
            clashes = [e.midi for e in comping.events
                       if e.start <= n.offset < e.start + e.duration and (n.midi - e.midi) % 12 == 1]
            chord = [c for s, c in acc.chords if s <= n.offset][-1]
            assert not (n.midi % 12 == chord.root_pc and clashes), (seed, n.name, chord.figure, clashes)


@pytest.mark.parametrize("style", ["block", "rock", "waltz", "march", "bossa", "drone"])
def test_the_bass_stays_under_a_low_tune(style):
    # A bass-clef tune (E2-C4) sat under block's, rock's and waltz's roots (E2-E3) and the drone: the bass
    # figure now moves down an octave (to E1 at the lowest) under it. Strong beats, where the bass is heard.
    meter = "3/4" if style == "waltz" else "6/8" if style == "bossa" else "4/4"
    over = total = 0
    for seed in range(6):
        melody = generate_drill(DrillParams.preset(3, key="G", meter=meter, range="E2-C4", clef="bass", seed=seed))
        acc = generate_accompaniment(melody, style=style)
        low = [e for t in acc.tracks if not t.drums and t.name in ("Bass", "Drone") for e in t.events]
        for n in melody.notes:
            if n.strong:
                total += 1
                over += any(e.midi > n.midi and e.start <= n.offset < e.start + e.duration for e in low)
    # A figure with a fifth (march, bossa, the drone) cannot go lower than E1 and keeps a few over a very low tune.
    assert over <= (0 if style in ("block", "rock", "waltz") else total // 10), f"{over} of {total}"


def _chords_at(acc, at):
    """Chords sounding at ``at``: one track's notes struck together and held as long (two or more)."""
    chords: dict[tuple, list[int]] = {}
    for k, t in enumerate(acc.tracks):
        for e in t.events:
            if not t.drums and e.start <= at < e.start + e.duration:
                chords.setdefault((k, e.start, e.duration), []).append(e.midi)
    return [c for c in chords.values() if len(c) > 1]


LOW_TUNES = [dict(key="G", meter="4/4", range="C2-G4", clef="bass"),  # a cello's
             dict(key="D", meter="3/4", range="Bb1-F4", clef="bass"),  # a bassoon's
             dict(key="Bb", meter="6/8", range="E2-C4", clef="bass")]


@pytest.mark.parametrize("style", sorted(STYLES))
def test_over_a_low_tune_the_accompaniment_neither_crosses_nor_masks_it(style):
    # A pianist over a cello plays the chords above it, clear of it, and the bass under it: before, a chord of
    # the register (E3 up) sounded round a D3-A3 tune (rock: 349 of the audit's bass-clef notes crossed, seed 1)
    # and 5240 notes had an accompaniment note a second or a third over them (the hymn's alto, the ballad's
    # left hand, the drone's fifth). Now no chord straddles the tune and nothing sits just over it.
    crossed = masked = total = 0
    for spec in LOW_TUNES:
        for seed in range(3):
            melody = generate_drill(DrillParams.preset(4, seed=seed, **spec))
            acc = generate_accompaniment(melody, style=style)
            for n in melody.notes:
                total += 1
                crossed += any(min(c) < n.midi < max(c) for c in _chords_at(acc, n.offset))
                masked += any(0 < e.midi - n.midi <= 4 for e in _sounding_at(acc, n.offset))
    assert crossed == 0, f"{crossed} of {total} melody notes inside a chord"
    # Swing's walking bass and a few of the hymn's voices keep a handful (the audit: 23 and 238 of 4181).
    assert masked <= total // 25, f"{masked} of {total} melody notes with the accompaniment a third or less above"


def test_a_chord_over_a_low_tune_sits_wholly_above_it():
    c = parse_chord("C", make_key("C", "major"))
    # A tune G2-D3 (43-50) in the bar: no close chord fits under it with a clear bass, so it goes over D3 by a
    # fourth or more, not round it (the register's E3-G3-C4 would sound a second over the D3).
    voicing = voice_lead(None, c, ceiling=43, roof=50)
    assert min(voicing) >= 55 and sorted(voicing) == voicing
    # A treble tune keeps its chord under it, as before.
    assert max(voice_lead(None, c, ceiling=67, roof=74)) <= 67


@pytest.mark.parametrize("seed", [251, 719, 318])
def test_a_five_four_bar_changes_chord_on_its_second_strong_beat(seed):
    # 5/4 is 3+2: its second strong beat is beat 4 (3 quarters in). The harmoniser split the bar at its half, 2.5,
    # and every style struck the new chord halfway through beat 3.
    drill = generate_drill(DrillParams.preset(3, key="F", mode="major", meter="5/4", bars=8, seed=seed))
    segments = harmonize(drill)
    assert {start % 5 for start, _ in segments} <= {0, 3}


def test_a_dorian_tune_is_not_harmonised_with_a_raised_seventh_it_never_sings():
    # Dorian's V is minor; the harmoniser added the minor keys' major V (C-sharp in D dorian, F-sharp in the F-sharp
    # dorian of drill_audit.py's seed 1: E-sharp) under a tune that sings the mode's own seventh.
    drill = generate_drill(DrillParams.preset(level=1, key="F#", mode="dorian", meter="3/8", seed=610, range="G3-G5"))
    sung = {n.midi % 12 for n in drill.notes}
    for _, chord in harmonize(drill):
        assert set(chord.pcs) <= set(drill.key.pcs) | sung, chord.figure
