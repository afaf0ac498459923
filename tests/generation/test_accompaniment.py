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
    return generate_drill(DrillParams.preset(3, key="G", bars=8, seed=4))


@pytest.mark.parametrize("style", sorted(STYLES))
def test_it_plays_every_style_for_the_whole_melody(style, melody):
    acc = generate_accompaniment(melody, style=style)
    events = [e for t in acc.tracks for e in t.events]
    assert events
    assert max(e.start + e.duration for e in events) <= melody.total_length + Fraction(1)
    assert min(e.start for e in events) == 0
    assert all(0 <= e.midi <= 127 for e in events)


def test_it_harmonises_to_a_cadence_on_the_tonic(melody):
    chords = harmonize(melody)
    assert len(chords) == melody.params.bars
    assert chords[-1][1].figure == "I"
    assert chords[-2][1].figure in ("V", "vii°", "viio", "IV", "ii")


def test_it_fits_chords_to_the_melody_notes(melody):
    chords = harmonize(melody)
    seg = melody.meter.bar_length
    hits = total = 0
    for n in melody.notes:
        chord = chords[min(len(chords) - 1, int(n.offset // seg))][1]
        if n.strong:
            total += 1
            hits += n.midi % 12 in chord.pcs
    assert hits / total >= 0.6


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
        assert again.key.tonic == "G"


def test_it_rejects_an_unknown_style(melody):
    from generation.melody import InvalidParams

    with pytest.raises(InvalidParams, match="^style:"):
        generate_accompaniment(melody, style="polka")
