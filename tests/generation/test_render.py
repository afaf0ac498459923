import json
import re
import shutil

import pytest

from generation.accompaniment import STYLES, generate_accompaniment
from generation.melody import DrillParams, generate_drill
from generation.render import render_drill


@pytest.fixture(scope="module")
def drill():
    return generate_drill(DrillParams.preset(5, key="Eb", mode="minor", seed=3, target_rhythms=["triplet-8th"]))


def test_it_writes_the_json_note_list(drill, tmp_path):
    files = render_drill(drill, tmp_path, formats=("json",))
    notes = json.loads(files["json"].read_text())
    assert notes == drill.note_list()
    assert all(isinstance(n, str) and isinstance(q, float) for n, q in notes)


def test_it_keeps_note_ids_in_the_svg(drill, tmp_path):
    files = render_drill(drill, tmp_path, formats=("svg", "musicxml"))
    svg = files["svg"].read_text()
    ids = re.findall(r'<g id="(note-\d+)" class="note"', svg)
    assert ids == [f"note-{i}" for i in range(len(drill.notes))]
    assert '<note id="note-0"' in files["musicxml"].read_text()


def test_it_writes_midi_that_parses_back(drill, tmp_path):
    from music21 import converter

    files = render_drill(drill, tmp_path, formats=("midi",), count_in_bars=1)
    score = converter.parse(str(files["midi"]))
    melody = score.parts[0].flatten().notes
    assert [n.pitch.midi for n in melody] == [n.midi for n in drill.notes]


def test_it_writes_musicxml_that_parses_back(drill, tmp_path):
    from music21 import converter

    files = render_drill(drill, tmp_path, formats=("musicxml",))
    score = converter.parse(str(files["musicxml"]))
    pitches = [n.pitch.midi for n in score.parts[0].flatten().notes if not n.tie or n.tie.type == "start"]
    assert pitches == [n.midi for n in drill.notes]


def test_it_renders_an_accompaniment_with_parts_and_chord_symbols(tmp_path):
    melody = generate_drill(DrillParams.preset(3, key="C", seed=2))
    acc = generate_accompaniment(melody, style="swing", chords="I vi ii V7")
    files = render_drill(melody, tmp_path, formats=("musicxml", "midi", "svg"), stem="accompaniment",
                         backing=acc.tracks, chords=acc.chords)
    xml = files["musicxml"].read_text()
    assert "<harmony" in xml and xml.count("<part ") >= 3
    assert files["midi"].name == "accompaniment.mid"


def test_it_refuses_an_unknown_format(drill, tmp_path):
    with pytest.raises(ValueError, match="^formats:"):
        render_drill(drill, tmp_path, formats=("mp3",))


@pytest.mark.skipif(shutil.which("fluidsynth") is None, reason="fluidsynth is not installed")
def test_it_renders_audio_stems_and_a_mix(tmp_path):
    import wave

    melody = generate_drill(DrillParams.preset(1, key="C", bars=2, seed=1))
    acc = generate_accompaniment(melody, style="block")
    files = render_drill(melody, tmp_path, formats=("wav", "ogg"), backing=acc.tracks)
    assert {"wav", "ogg", "wav_melody", "wav_backing"} <= set(files)
    with wave.open(str(files["wav"])) as w:
        seconds = w.getnframes() / w.getframerate()
    expected = float((melody.total_length + melody.meter.bar_length) * melody.seconds_per_quarter)
    assert seconds >= expected


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("lilypond") is None, reason="lilypond is not installed")
def test_it_engraves_a_pdf(drill, tmp_path):
    files = render_drill(drill, tmp_path, formats=("pdf",))
    assert files["pdf"].read_bytes()[:4] == b"%PDF"


def test_it_writes_a_long_mix_as_ogg_without_crashing(tmp_path):
    # Written at once, 90 s of stereo overflowed libvorbis's stack and killed the render worker (SIGSEGV):
    # run in a child process so that a crash fails this test and not the whole run.
    import subprocess
    import sys

    from tests.conftest import ROOT

    script = (
        "import sys, numpy as np, soundfile; from pathlib import Path;"
        "from generation.render.audio import SAMPLE_RATE_HZ, _write_ogg;"
        "noise = 0.1 * np.random.default_rng(0).standard_normal((90 * SAMPLE_RATE_HZ, 2));"
        "path = _write_ogg(Path(sys.argv[1]), noise);"
        "print(soundfile.info(str(path)).duration)"
    )
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "long.ogg")], capture_output=True,
                          text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, (done.returncode, done.stderr[-500:])
    assert float(done.stdout) == pytest.approx(90.0, abs=0.01)


def test_a_lone_melody_staff_carries_no_english_label_and_a_score_with_backing_names_its_parts(tmp_path):
    # The drill page's staff was labelled "Melody" in English on a Chinese page; one staff needs no name.
    melody = generate_drill(DrillParams.preset(3, key="C", seed=2))
    alone = render_drill(melody, tmp_path / "alone", formats=("svg", "musicxml"))
    assert ">Melody<" not in alone["svg"].read_text() and "Melody" not in alone["musicxml"].read_text()
    acc = generate_accompaniment(melody, style="swing", chords="I vi ii V7")
    backed = render_drill(melody, tmp_path / "backed", formats=("svg", "musicxml"), backing=acc.tracks,
                          chords=acc.chords)
    assert "<part-name>Melody</part-name>" in backed["musicxml"].read_text()
    assert ">Melody<" not in backed["svg"].read_text()  # the page draws the melody alone


def _power_db(path, start_s, end_s):
    import wave

    import numpy as np

    with wave.open(str(path)) as w:
        rate, channels = w.getframerate(), w.getnchannels()
        samples = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").reshape(-1, channels) / 32767.0
    music = samples[int(start_s * rate) : int(end_s * rate)]
    return 10 * np.log10(np.mean(music**2) + 1e-20)


@pytest.fixture(scope="module")
def quiet_tune():
    # Of the tunes the styles were balanced on (benchmarks/loudness.py --styles), the one the backings
    # cover most: level 2 in 3/4, a tune of quarter notes, each dying away under a sustained backing.
    return generate_drill(DrillParams.preset(2, key="F", meter="3/4", tempo=88, seed=5))


def _over_db(melody_path, backing_path, drill):
    start = float(drill.meter.bar_length * drill.seconds_per_quarter)  # after the count-in
    end = start + float(drill.total_length * drill.seconds_per_quarter)
    return _power_db(melody_path, start, end) - _power_db(backing_path, start, end)


@pytest.mark.skipif(shutil.which("fluidsynth") is None, reason="fluidsynth is not installed")
@pytest.mark.parametrize("style", sorted(STYLES))
def test_every_style_plays_under_the_tune_by_its_own_velocities(style, quiet_tune, tmp_path):
    # A student must hear the tune: under this one rock, bossa, hymn and swing had it 4-9 dB under their
    # backing, block and drone 1-2 dB (an organ, an overdriven guitar and the basses sound 5-7 dB over the
    # piano at one velocity). Rendered as a stem of another name, so the mix leaves the balance as played.
    # The backing stays in earshot too: no more than 8 dB under.
    from generation.render import melody_track
    from generation.render.audio import render_audio

    acc = generate_accompaniment(quiet_tune, style=style)
    lead = quiet_tune.meter.bar_length
    files = render_audio({"melody": [melody_track(quiet_tune, start=lead)], "band": [t.shifted(lead) for t in acc.tracks]},
                         tmp_path, "x", qpm=88.0, meter=(3, 4), formats=("wav",))
    over = _over_db(files["wav_melody"], files["wav_band"], quiet_tune)
    assert 0 < over < 8, f"the melody is {over:+.1f} dB over the {style} backing"


@pytest.mark.skipif(shutil.which("fluidsynth") is None, reason="fluidsynth is not installed")
@pytest.mark.parametrize("style", ["hymn", "drone", "ballad", "rock", "alberti"])
def test_a_tune_of_long_notes_stays_over_its_backing_in_the_mix(style, tmp_path):
    # Whole and half notes on the piano die away under sustained chords (this tune sat 1-3 dB under every
    # style): the mix brings the backing down to keep the tune 1 dB over.
    from generation.render.audio import MELODY_OVER_BACKING_DB

    drill = generate_drill(DrillParams.preset(1, key="D", range="G3-G5", tempo=88, seed=27))
    acc = generate_accompaniment(drill, style=style)
    files = render_drill(drill, tmp_path, formats=("wav",), backing=acc.tracks)
    over = _over_db(files["wav_melody"], files["wav_backing"], drill)
    assert over > MELODY_OVER_BACKING_DB - 0.2, f"the melody is {over:+.1f} dB over the {style} backing"
