"""Loudness of the practice audio.

Without options: a lesson/ear-training question against a drill's melody, same notes. Both are
rendered with FluidSynth from the same eight-note C major scale on piano at 90 BPM; the script
prints each file's RMS and peak level in dBFS and the difference, and the same for the drill's OGG
download (decoded), which should match its WAV.

With ``--styles``: how far the tune stands over its backing in every accompaniment style. Each drill
of the set is rendered at 88 BPM with each style (``render_drill(..., formats=("wav",))``); over the
music (the count-in and the release tail left out) the melody stem's level minus the backing stem's,
in dB, as RMS and as K-weighted power (the ITU-R BS.1770 filter, no gating: closer to loudness than
RMS, as it weighs the bass less and the presence band more). ``--set tuning`` holds the five drills
the styles' velocities were set on, ``--set heldout`` five others.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/loudness.py
    PYTHONPATH=$PWD .venv/bin/python benchmarks/loudness.py --styles [--set heldout] [--json OUT]   # 1-3 min
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import wave
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from generation.render import MELODY_VELOCITY
from generation.render.audio import render_audio as render_drill_audio
from generation.render.tracks import Event, Track
from lessons.questions.model import AudioSpec
from lessons.questions.render import render_audio as render_question_audio

SCALE = (60, 62, 64, 65, 67, 69, 71, 72)


def levels(path: Path) -> tuple[float, float]:
    """(RMS, peak) of a 16-bit WAV or an OGG in dBFS, over the sounding part (above -60 dBFS)."""
    if path.suffix == ".ogg":
        import soundfile

        x = soundfile.read(str(path), dtype="float64")[0].ravel()
    else:
        with wave.open(str(path), "rb") as w:
            x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64) / 32767.0
    x = x[np.abs(x) > 1e-3]
    return 20 * np.log10(np.sqrt(np.mean(x**2))), 20 * np.log10(np.max(np.abs(x)))


#: Drills the styles' velocities were balanced on, and five others measured once to check them.
DRILL_SETS: dict[str, list[dict[str, Any]]] = {
    "tuning": [dict(level=3, key="G", meter="4/4", seed=3), dict(level=2, key="F", meter="3/4", seed=5),
               dict(level=5, key="D", mode="minor", meter="6/8", seed=7),
               dict(level=3, key="Bb", meter="4/4", seed=9, range="E2-C4", clef="bass"),
               dict(level=1, key="C", meter="2/4", seed=11)],
    "heldout": [dict(level=4, key="A", mode="minor", meter="2/4", seed=21), dict(level=6, key="Eb", meter="12/8", seed=23),
                dict(level=5, key="E", mode="harmonic-minor", meter="5/4", seed=25),
                dict(level=1, key="D", meter="4/4", seed=27, range="G3-G5"),
                dict(level=3, key="C", mode="dorian", meter="9/8", seed=29, range="A3-E5")],
}
STYLE_TEMPO_BPM = 88


def k_weighted(x: np.ndarray, sample_rate_hz: int) -> np.ndarray:
    """``x`` (frames, channels) through the BS.1770 K-weighting filter: a high shelf (+4 dB above ~1.7 kHz)
    then a high pass (~38 Hz), the coefficients derived for ``sample_rate_hz``."""
    from scipy.signal import lfilter

    k = math.tan(math.pi * 1681.974450955533 / sample_rate_hz)
    q, vh = 0.7071752369554196, 10 ** (3.999843853973347 / 20)
    vb = vh ** 0.4996667741545416
    a0 = 1 + k / q + k * k
    shelf_b = [(vh + vb * k / q + k * k) / a0, 2 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0]
    shelf_a = [1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0]
    k = math.tan(math.pi * 38.13547087602444 / sample_rate_hz)
    q = 0.5003270373238773
    a0 = 1 + k / q + k * k
    return lfilter([1.0, -2.0, 1.0], [1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0],
                   lfilter(shelf_b, shelf_a, x, axis=0), axis=0)


def power_db(x: np.ndarray) -> float:
    """Mean power of ``x`` in dB (summed over channels)."""
    return float(10 * np.log10(np.sum(np.mean(x.astype(np.float64) ** 2, axis=0)) + 1e-20))


def style_balance(spec: dict[str, Any]) -> dict[str, tuple[float, float]]:
    """``{style: (RMS dB, K-weighted dB)}``: the melody stem over the backing stem for the drill ``spec``."""
    from generation.accompaniment import STYLES, generate_accompaniment
    from generation.melody import DrillParams, generate_drill
    from generation.render import render_drill
    from generation.render.audio import SAMPLE_RATE_HZ, _read_wav

    drill = generate_drill(DrillParams.preset(**spec, tempo=STYLE_TEMPO_BPM))
    seconds_per_quarter = 60.0 / (STYLE_TEMPO_BPM * float(drill.meter.beat_length))
    start = int(float(drill.meter.bar_length) * seconds_per_quarter * SAMPLE_RATE_HZ)  # after the count-in
    end = start + int(float(drill.total_length) * seconds_per_quarter * SAMPLE_RATE_HZ)
    out = {}
    for style in sorted(STYLES):
        acc = generate_accompaniment(drill, style=style)
        with tempfile.TemporaryDirectory() as tmp:
            paths = render_drill(drill, Path(tmp), formats=("wav",), backing=acc.tracks, chords=acc.chords)
            melody, backing = (_read_wav(paths[k])[start:end] for k in ("wav_melody", "wav_backing"))
        out[style] = (round(power_db(melody) - power_db(backing), 1),
                      round(power_db(k_weighted(melody, SAMPLE_RATE_HZ)) - power_db(k_weighted(backing, SAMPLE_RATE_HZ)), 1))
    return out


def styles_main(drill_set: str, json_out: str | None) -> None:
    specs = DRILL_SETS[drill_set]
    table: dict[str, list[tuple[float, float]]] = {}
    for spec in specs:
        for style, levels in style_balance(spec).items():
            table.setdefault(style, []).append(levels)
    out = sys.stdout
    out.write(f"melody minus backing, dB (RMS / K-weighted), {drill_set} drills:\n")
    for k, spec in enumerate(specs):
        out.write(f"  {k + 1}: {spec}\n")
    for style, rows in table.items():
        cells = "  ".join(f"{r:+5.1f}/{kw:+5.1f}" for r, kw in rows)
        out.write(f"{style:9s} {cells}   min {min(r for r, _ in rows):+5.1f}/{min(kw for _, kw in rows):+5.1f}\n")
    if json_out:
        Path(json_out).write_text(json.dumps({"set": drill_set, "drills": specs, "styles": table}, indent=1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--styles", action="store_true", help="the tune over its backing, style by style")
    parser.add_argument("--set", default="tuning", choices=sorted(DRILL_SETS))
    parser.add_argument("--json", help="with --styles: write the table here")
    args = parser.parse_args()
    if args.styles:
        styles_main(args.set, args.json)
        return
    with tempfile.TemporaryDirectory() as tmp:
        question = render_question_audio(AudioSpec(tuple(((m,), 1.0) for m in SCALE)), Path(tmp) / "q.wav")
        melody = Track("Melody", 0, 0, [Event(Fraction(k), Fraction(1), m, MELODY_VELOCITY) for k, m in enumerate(SCALE)])
        drill = render_drill_audio({"melody": [melody]}, Path(tmp), "drill", qpm=90, meter=(4, 4))
        (q_rms, q_peak), (d_rms, d_peak) = levels(question), levels(drill["wav"])
        o_rms, o_peak = levels(drill["ogg"])
    out = sys.stdout
    out.write(f"question: RMS {q_rms:6.1f} dBFS, peak {q_peak:6.1f} dBFS\n")
    out.write(f"drill:    RMS {d_rms:6.1f} dBFS, peak {d_peak:6.1f} dBFS\n")
    out.write(f"drill ogg: RMS {o_rms:6.1f} dBFS, peak {o_peak:6.1f} dBFS\n")
    out.write(f"drill minus question: {d_rms - q_rms:+.1f} dB RMS; ogg minus wav: {o_rms - d_rms:+.1f} dB RMS\n")


if __name__ == "__main__":
    main()
