"""Notation to SVG with note ids; audio specs to MIDI and sound."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from music21 import converter

from lessons.questions import GENERATORS, generate, midi_bytes, render_audio, render_svg
from lessons.questions.render import SOUNDFONT, svg_of


def test_it_renders_every_notated_type_to_svg_with_note_ids() -> None:
    for kind, g in GENERATORS.items():
        for seed in range(5):
            q = g(seed=seed)
            svg = render_svg(q)
            if q.notation is None:
                assert svg == ""
                continue
            assert svg.startswith("<svg") or "<svg" in svg[:200], kind
            staves = [q.notation.measures, *([q.notation.lower] if q.notation.lower else [])]
            notes = sum(len(e.pitches) or 1 for staff in staves for m in staff for e in m)
            ids = re.findall(r'<g id="(q-n\d+)" class="(?:note|rest)"', svg)
            assert len(ids) == notes or kind == "scale_construct", (kind, ids, notes)
            for n in q.choice_notation:
                assert "<svg" in svg_of(n)


def test_it_keeps_pitch_names_out_of_the_svg() -> None:
    q = generate("note_identify", seed=9, answer_mode="note_name")
    svg = render_svg(q)
    assert q.answer not in svg and "pname" not in svg


def test_it_writes_midi_music21_can_read() -> None:
    q = generate("ear_chord_quality", seed=3, arpeggiate=True)
    assert q.audio is not None
    data = midi_bytes(q.audio)
    score = converter.parse(data, format="midi")
    heard = sorted({p.midi for n in score.recurse().notes for p in n.pitches})
    assert heard == sorted({m for notes, _ in q.audio.events for m in notes})


def test_it_hashes_audio_by_content() -> None:
    a = generate("ear_interval", seed=5).audio
    b = generate("ear_interval", seed=5).audio
    c = generate("ear_interval", seed=6).audio
    assert a is not None and b is not None and c is not None
    assert a.content_hash == b.content_hash
    assert a.content_hash != c.content_hash or a == c


@pytest.mark.skipif(shutil.which("fluidsynth") is None or not SOUNDFONT.exists(), reason="needs fluidsynth")
def test_it_renders_ear_training_audio_with_fluidsynth(tmp_path: Path) -> None:
    q = generate("ear_rhythmic_dictation", seed=2)
    assert q.audio is not None
    out = render_audio(q.audio, tmp_path / f"{q.audio.content_hash}.wav")
    assert out.stat().st_size > 44100  # more than a quarter second of 16-bit stereo


@pytest.mark.skipif(shutil.which("fluidsynth") is None or not SOUNDFONT.exists(), reason="needs fluidsynth")
def test_it_renders_ear_training_audio_once_per_content(tmp_path: Path) -> None:
    from lessons.questions import cached_audio

    spec = generate("ear_interval", seed=8).audio
    assert spec is not None
    first = cached_audio(spec, tmp_path)
    stamp = first.stat().st_mtime_ns
    again = cached_audio(generate("ear_interval", seed=8).audio or spec, tmp_path)
    assert again == first and again.stat().st_mtime_ns == stamp
    assert [p.name for p in tmp_path.iterdir()] == [first.name]


def test_a_results_staff_shows_the_placed_answer_coloured() -> None:
    from lessons.questions.render import HIGHLIGHT_COLOUR, answered_svg

    for kind, params in [("note_construct", {}), ("interval_construct", {"answer_mode": "staff_click"}),
                         ("scale_construct", {"answer_mode": "staff_click"}),
                         ("chord_construct", {"answer_mode": "staff_click"})]:
        q = generate(kind, seed=2, **params)
        asked_notes = render_svg(q).count('class="note"')
        svg = answered_svg(q)
        assert svg.count('class="note"') == asked_notes + 1, kind  # the answer written in
        assert HIGHLIGHT_COLOUR in svg, kind


def test_a_results_staff_is_the_question_s_own_when_it_named_a_note() -> None:
    from lessons.questions.render import answered_svg

    q = generate("note_identify", seed=4)
    # Verovio gives every drawing fresh element ids: compare what is drawn.
    assert answered_svg(q).count('class="note"') == render_svg(q).count('class="note"') == 1
    assert "#d0021b" not in answered_svg(q)
    assert answered_svg(generate("key_signature_construct", seed=1)) == ""  # no staff was shown
