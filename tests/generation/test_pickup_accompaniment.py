"""A tune with a pickup: the pickup sounds alone, the accompaniment enters on the first downbeat,
and every rendering (the transcribe page's note events, the studio's practice audio) keeps the
melody and the accompaniment on one clock that starts at the first sung note."""

from fractions import Fraction
from pathlib import Path
from types import SimpleNamespace

import pytest

from generation.accompaniment import STYLES, generate_accompaniment, melody_from_file
from generation.render import render_drill
from grading.analysis.transcription_files import score_from_json
from tests.generation.test_accompaniment import pickup_score

# (meter, quarter BPM, pickup in quarters, [(pitch, quarter length)] from the pickup on)
TUNES = {
    "4/4": ("4/4", 100.0, 1.0, [("G4", 1), ("C5", 1), ("E5", 1), ("G5", 1), ("E5", 1), ("F5", 1), ("D5", 1),
                                 ("B4", 1), ("G4", 1), ("C5", 4)]),
    "6/8": ("6/8", 90.0, 0.5, [("D4", 0.5), ("G4", 1), ("A4", 0.5), ("B4", 1), ("G4", 0.5), ("D5", 1.5),
                                ("B4", 1.5), ("G4", 3)]),
}


def transcription(meter: str) -> dict:
    """A finished transcription's result as the page and the services read it (positions from the first downbeat)."""
    text, tempo, pickup, notes = TUNES[meter]
    positions, at = [], -pickup
    for _, length in notes:
        positions.append(at)
        at += length
    return {"key": "C major" if text == "4/4" else "G major", "meter": text, "tempo": tempo, "pickup": pickup,
            "notes": [{"pitch": name, "quarter_length": length} for name, length in notes], "positions": positions}


def melody_of(result: dict, tmp_path: Path):
    path = tmp_path / "melody.musicxml"
    score_from_json(result).write("musicxml", fp=str(path))
    return melody_from_file(path, tempo=round(result["tempo"]))


@pytest.mark.parametrize("meter", sorted(TUNES))
@pytest.mark.parametrize("style", sorted(STYLES))
def test_the_pickup_sounds_alone_and_the_accompaniment_enters_on_the_first_downbeat(meter, style, tmp_path):
    melody = melody_of(transcription(meter), tmp_path)
    bar, pickup = melody.meter.bar_length, Fraction(TUNES[meter][2])
    assert melody.pickup == pickup
    assert melody.notes[0].offset == bar - pickup  # the pickup ends at the first bar line
    acc = generate_accompaniment(melody, style=style)
    starts = [e.start for t in acc.tracks for e in t.events]
    assert min(starts) == bar  # nothing under (or before) the pickup; in on the downbeat of bar 1
    assert acc.chords[0][0] == 0  # the pickup bar's chord is still written over it (one pick per bar)


@pytest.mark.parametrize("meter", sorted(TUNES))
def test_the_transcribe_page_gets_melody_and_backing_on_one_clock_from_the_first_note(meter, tmp_path):
    from generation.services import transcription_accompaniment
    from grading.models import Transcription

    result = transcription(meter)
    row = SimpleNamespace(owner_id=7, status=Transcription.Status.DONE, result=result)
    body = transcription_accompaniment(user=SimpleNamespace(pk=7), row=row, chords=None, style="block", tempo=None)
    quarter = 60.0 / result["tempo"]
    # The melody at the times it was sung (positions from the first downbeat, the pickup first).
    sung = [round((p + result["pickup"]) * quarter, 4) for p in result["positions"]]
    assert [n["time"] for n in body["melody"]] == sung
    downbeat = round(result["pickup"] * quarter, 4)
    assert min(e["time"] for e in body["backing"]) == downbeat
    assert downbeat in [n["time"] for n in body["melody"]]  # the first chord and the downbeat note sound together


@pytest.mark.parametrize("meter", sorted(TUNES))
def test_the_practice_audio_starts_at_the_first_note_with_the_backing_on_the_downbeat(meter, tmp_path, monkeypatch):
    import generation.render

    # The tracks the audio is synthesised from, caught before FluidSynth (MIDI refuses a skip).
    stems: dict = {}
    monkeypatch.setattr(generation.render, "render_audio", lambda tracks, *a, **k: stems.update(tracks) or {})
    result = transcription(meter)
    melody = melody_of(result, tmp_path)
    acc = generate_accompaniment(melody, style="block")
    render_drill(melody, tmp_path, formats=("wav",), stem="exercise", backing=acc.tracks,
                 chords=acc.chords, count_in_bars=0, skip=melody.notes[0].offset)
    melody_onsets = sorted(float(e.start) for t in stems["melody"] for e in t.events)
    backing_onsets = sorted(float(e.start) for t in stems["backing"] for e in t.events)
    assert melody_onsets[:3] == [0.0, result["positions"][1] + result["pickup"], result["positions"][2] + result["pickup"]]
    assert backing_onsets[0] == result["pickup"]


def test_only_the_silence_before_the_first_note_can_be_skipped(tmp_path):
    melody = melody_of(transcription("4/4"), tmp_path)
    with pytest.raises(ValueError, match="skip"):
        render_drill(melody, tmp_path, formats=("wav",), count_in_bars=0, skip=melody.notes[0].offset + 1)
    with pytest.raises(ValueError, match="skip"):
        render_drill(melody, tmp_path, formats=("wav",), count_in_bars=1, skip=melody.notes[0].offset)


def test_a_midi_file_refuses_a_skip_rather_than_start_mid_bar(tmp_path):
    melody = melody_of(transcription("4/4"), tmp_path)
    with pytest.raises(ValueError, match="skip: a MIDI file"):
        render_drill(melody, tmp_path, formats=("json", "midi"), count_in_bars=0, skip=melody.notes[0].offset)
    assert not (tmp_path / "drill.mid").exists()


def test_a_musicxml_file_with_a_pickup_is_accompanied_the_same_way(tmp_path):
    # 6/8 with an eighth-note pickup written as a short first measure, as notation programs write it.
    path = pickup_score(tmp_path / "pickup.musicxml", "6/8", [[("D4", 0.5)], [("G4", 1.5), ("B4", 1.5)], [("D5", 3)]])
    melody = melody_from_file(path)
    assert melody.pickup == Fraction(1, 2) and melody.notes[0].offset == Fraction(5, 2)
    for style in ("jig", "block", "drone"):
        acc = generate_accompaniment(melody, style=style)
        assert min(e.start for t in acc.tracks for e in t.events) == 3, style


def test_a_melody_without_a_pickup_is_accompanied_from_its_first_beat(tmp_path):
    result = transcription("4/4")
    result.update(pickup=0.0, positions=[p + 1 for p in result["positions"]])
    melody = melody_of(result, tmp_path)
    assert melody.pickup == 0 and melody.notes[0].offset == 0
    acc = generate_accompaniment(melody, style="block")
    assert min(e.start for t in acc.tracks for e in t.events) == 0


def test_a_full_first_bar_that_opens_with_a_rest_is_accompanied_from_its_downbeat(tmp_path):
    from music21 import meter, note, stream

    part = stream.Part()
    for k, notes in enumerate([[("r", 1), ("E4", 1), ("G4", 2)], [("C5", 4)]]):
        measure = stream.Measure(number=k + 1)
        if k == 0:
            measure.append(meter.TimeSignature("4/4"))
        for name, length in notes:
            measure.append(note.Rest(quarterLength=length) if name == "r" else note.Note(name, quarterLength=length))
        part.append(measure)
    path = tmp_path / "rest.musicxml"
    stream.Score([part]).write("musicxml", fp=str(path))
    melody = melody_from_file(path)
    assert melody.pickup == 0 and melody.notes[0].offset == 1
    acc = generate_accompaniment(melody, style="block")
    assert min(e.start for t in acc.tracks for e in t.events) == 0


# The count-in a teacher gives before a pickup: a full bar, then the pickup bar's silent beats (3/4 with a
# one-beat pickup: "1 2 3 | 1 2", the pickup on 3); in 6/8 the dotted-quarter beats ("1 2 | 1 2", the
# eighth pickup on the last eighth of beat 2).
@pytest.mark.parametrize(("meter", "pickup", "clicks"), [
    ("3/4", [("G4", 1)], [0, 1, 2, 3, 4]),
    ("6/8", [("D4", 0.5)], [0, 1.5, 3, 4.5]),
    ("4/4", [("G4", 0.5)], [0, 1, 2, 3, 4, 5, 6, 7]),
])
def test_a_count_in_counts_the_pickup_bars_silent_beats_and_the_pickup_comes_in_on_its_beat(meter, pickup, clicks,
                                                                                            tmp_path):
    from music21 import converter

    path = pickup_score(tmp_path / "pickup.musicxml", meter, [pickup, [("C5", 3)], [("B4", 3)]])
    melody = melody_from_file(path, tempo=60)
    files = render_drill(melody, tmp_path, formats=("midi",), count_in_bars=1)
    parts = converter.parse(str(files["midi"])).parts  # the melody first, the clicks last
    onsets = {"melody": [float(n.offset) for n in parts[0].flatten().notes],
              "clicks": [float(n.offset) for n in parts[-1].flatten().notes]}
    bar = float(melody.meter.bar_length)
    assert onsets["clicks"] == clicks
    assert onsets["melody"][0] == 2 * bar - pickup[0][1]  # the pickup ends at the count's second bar line
    assert onsets["clicks"][-1] < onsets["melody"][0]
