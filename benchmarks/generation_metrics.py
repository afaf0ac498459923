"""Generation metrics: constraint satisfaction, melodic statistics, corpus similarity, novelty, speed.

Run from the repository root::

    .venv/bin/python benchmarks/generation_metrics.py [--requests 1000] [--json]

Numbers and how to read them: benchmarks/README_generation.md.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generation.melody import DrillParams, InfeasibleRequest, generate_drill  # noqa: E402
from generation.melody.check import check_drill, strong_beat_chord_tone_ratio  # noqa: E402
from generation.melody.model import COPY_RUN_NOTES, MelodyModel, load_model  # noqa: E402
from generation.melody.train import load_heldout  # noqa: E402
from generation.render import render_drill  # noqa: E402
from music.key import key_pitches, make_key  # noqa: E402
from music.pitch import parse_pitch  # noqa: E402
from music.scale import MODES  # noqa: E402

KEYS = ["C", "G", "D", "A", "E", "F", "Bb", "Eb", "Ab", "F#"]
METERS = ["4/4", "3/4", "2/4", "6/8", "9/8", "12/8", "2/2"]
PROGRESSIONS = {"major": ["I V vi IV", "I IV V I", "I vi ii V", "I ii V I"],
                "minor": ["i iv V i", "i VI III VII", "i iv v i"]}
DURATION_BINS = [0.25, 1 / 3, 0.5, 2 / 3, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0]


def random_request(rng: random.Random) -> DrillParams:
    """A request a teacher could make: targets drawn from the key and range, chords from the key."""
    level = rng.randint(1, 6)
    mode = rng.choice(list(MODES))
    key = rng.choice(KEYS)
    kind = rng.choices(["melody", "interval", "scale", "rhythm"], weights=[7, 1, 1, 1])[0]
    meter = rng.choice(METERS if level >= 3 else ["4/4", "3/4", "2/4"])
    kw: dict[str, Any] = {"key": key, "mode": mode, "meter": meter, "kind": kind, "seed": rng.randint(0, 10**6)}
    if level >= 4 and rng.random() < 0.5:
        kw["accidentals"] = False
    base = DrillParams.preset(level, **kw)
    scale = key_pitches(make_key(key, mode), *_midi_range(base))
    if kind in ("melody", "interval") and rng.random() < 0.4:
        kw["target_notes"] = [rng.choice(scale[1:-1]).name]
    if kind in ("melody", "interval") and rng.random() < 0.4:
        kw["target_intervals"] = [rng.choice(["+M2", "-M2", "+m3", "-m3", "+M3", "-M3", "+P4", "-P4"][: 4 + level])]
    if kind == "melody" and rng.random() < 0.3:
        family = "minor" if make_key(key, mode).minor_family else "major"
        if mode in ("major", "minor", "harmonic-minor"):
            kw["progression"] = rng.choice(PROGRESSIONS[family])
    if kind == "melody" and rng.random() < 0.2 and base.bars % 4 == 0:
        kw["form"] = rng.choice(["AABA", "ABAC", "ABAB"])
    if kind in ("melody", "rhythm") and rng.random() < 0.3:
        kw["target_rhythms"] = [rng.choice(["syncopation", "dotted-8th-16th"] if level >= 4 else ["16ths", "8th-pair"]
                                           if not meter.endswith("8") else ["8th-triple", "quarter-8th"])]
    return DrillParams.preset(level, **kw)


def _midi_range(p: DrillParams) -> tuple[int, int]:
    return parse_pitch(p.low).midi, parse_pitch(p.high).midi


def constraint_run(n: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    ok = bad = infeasible = 0
    by_level: Counter[int] = Counter()
    problems: list[str] = []
    messages: list[str] = []
    chord_ratios: list[float] = []
    stats = {lvl: {"step": 0, "leap4": 0, "intervals": 0, "in_key": 0, "notes": 0} for lvl in range(1, 7)}
    melodies = []
    t0 = time.perf_counter()
    for _ in range(n):
        try:
            params = random_request(rng)
            drill = generate_drill(params)
        except InfeasibleRequest as exc:
            infeasible += 1
            messages.append(str(exc))
            continue
        found = check_drill(drill)
        by_level[params.level] += 1
        if found:
            bad += 1
            problems.extend(found[:2])
        else:
            ok += 1
        ratio = strong_beat_chord_tone_ratio(drill)
        if ratio is not None:
            chord_ratios.append(ratio)
        if params.kind == "melody":
            melodies.append(drill)
            s = stats[params.level]
            if not params.accidentals:
                s["notes"] += len(drill.notes)
                s["in_key"] += sum(drill.key.degree_of_pc(x.midi) >= 0 for x in drill.notes)
            if True:
                for a, b in zip(drill.notes, drill.notes[1:], strict=False):
                    d = abs(b.midi - a.midi)
                    s["intervals"] += 1
                    s["step"] += 1 <= d <= 2
                    s["leap4"] += d >= 5
    seconds = time.perf_counter() - t0
    per_level = {
        lvl: {
            "in_key": round(s["in_key"] / s["notes"], 4) if s["notes"] else None,
            "step_ratio": round(s["step"] / s["intervals"], 3) if s["intervals"] else None,
            "leap_4th_plus": round(s["leap4"] / s["intervals"], 3) if s["intervals"] else None,
        }
        for lvl, s in stats.items()
    }
    return {
        "requests": n, "generated": ok + bad, "satisfied": ok, "violations": bad, "infeasible": infeasible,
        "satisfaction": round(ok / max(1, ok + bad), 4), "one_line_errors": all("\n" not in m for m in messages),
        "infeasible_examples": messages[:3], "problems": problems[:5], "per_level": per_level,
        "strong_beat_chord_tones": round(min(chord_ratios), 3) if chord_ratios else None,
        "drills_with_chords": len(chord_ratios), "seconds": round(seconds, 2), "_melodies": melodies,
    }


def _histograms(pcs: list[int], intervals: list[int], durations: list[float]) -> dict[str, np.ndarray]:
    pc = np.bincount(np.asarray(pcs, dtype=int) % 12, minlength=12).astype(float)
    iv = np.bincount(np.clip(np.asarray(intervals, dtype=int), -12, 12) + 12, minlength=25).astype(float)
    bins = np.zeros(len(DURATION_BINS) + 1)
    for d in durations:
        match = [i for i, b in enumerate(DURATION_BINS) if abs(d - b) < 1e-3]
        bins[match[0] if match else -1] += 1
    return {"pitch_class": pc / max(1, pc.sum()), "interval": iv / max(1, iv.sum()), "note_length": bins / max(1, bins.sum())}


def _overlap(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> dict[str, float]:
    return {k: float(np.minimum(a[k], b[k]).sum()) for k in a}


def _features_of_drills(drills: list[Any]) -> dict[str, np.ndarray]:
    pcs, ivs, durs = [], [], []
    for d in drills:
        tonic = d.key.tonic_pc
        pcs += [(n.midi - tonic) % 12 for n in d.notes]
        ivs += [b.midi - a.midi for a, b in zip(d.notes, d.notes[1:], strict=False)]
        durs += [float(n.duration) for n in d.notes]
    return _histograms(pcs, ivs, durs)


def _features_of_tunes(tunes: list[dict[str, Any]]) -> dict[str, np.ndarray]:
    pcs, ivs, durs = [], [], []
    for t in tunes:
        pcs += list(t["pcs"])
        ivs += list(t["intervals"])
        durs += list(t["durations"])
    return _histograms(pcs, ivs, durs)


def corpus_similarity(seed: int, n: int) -> dict[str, Any]:
    """Histogram overlap with the held-out tunes: the model, a rule-only baseline, and the corpus ceiling."""
    heldout = load_heldout()
    rng = random.Random(seed)
    rng.shuffle(heldout)
    half = len(heldout) // 2
    ceiling = _overlap(_features_of_tunes(heldout[:half]), _features_of_tunes(heldout[half:]))
    reference = _features_of_tunes(heldout)
    sample = heldout[:n]
    flat = MelodyModel(meta={"empty": True})
    results = {}
    for name, model, biases in (("model", load_model(), {}),
                                ("rule_only_random", flat, {"step_bias": 1.0, "leap_bias": 1.0})):
        drills = []
        for i, tune in enumerate(sample):
            meter = tune["meter"] if tune["meter"] in ("2/4", "3/4", "4/4", "6/8", "9/8", "12/8", "3/8") else "4/4"
            params = DrillParams.preset(
                5, key="C", mode="minor" if tune["minor"] else "major", meter=meter, bars=8, seed=seed + i,
                low="G3", high="E5", accidentals=False, **biases,
            )
            drills.append(generate_drill(params, model=model))
        results[name] = _overlap(_features_of_drills(drills), reference)
    mean = {k: round(float(np.mean(list(v.values()))), 3) for k, v in results.items()}
    ceiling_mean = float(np.mean(list(ceiling.values())))
    return {
        "held_out_tunes": len(heldout), "compared_drills": len(sample),
        "ceiling": {k: round(v, 3) for k, v in ceiling.items()}, "ceiling_mean": round(ceiling_mean, 3),
        "model": {k: round(v, 3) for k, v in results["model"].items()}, "model_mean": mean["model"],
        "model_vs_ceiling": round(mean["model"] / ceiling_mean, 3),
        "baseline": {k: round(v, 3) for k, v in results["rule_only_random"].items()},
        "baseline_mean": mean["rule_only_random"],
        "baseline_vs_ceiling": round(mean["rule_only_random"] / ceiling_mean, 3),
    }


def novelty(melodies: list[Any]) -> dict[str, Any]:
    """Runs of 9 notes (same intervals and durations) found in the training tunes."""
    model = load_model()
    copied = runs = 0
    for d in melodies:
        notes = d.notes
        for i in range(len(notes) - COPY_RUN_NOTES + 1):
            run = notes[i : i + COPY_RUN_NOTES]
            runs += 1
            copied += model.is_copied([b.midi - a.midi for a, b in zip(run, run[1:], strict=False)],
                                      [n.duration for n in run])
    return {"melodies": len(melodies), "runs_checked": runs, "copied_runs_over_8_notes": copied}


def speed(repeats: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        generate_drill(DrillParams.preset(3, seed=0))  # load the model once, as a warm worker would have
        render_drill(generate_drill(DrillParams.preset(3, seed=0)), out)
        times = []
        for i in range(repeats):
            t = time.perf_counter()
            render_drill(generate_drill(DrillParams.preset(3, key="G", seed=i)), out,
                         formats=("musicxml", "midi", "json", "svg"))
            times.append(time.perf_counter() - t)
        audio = []
        drill = generate_drill(DrillParams.preset(3, key="G", seed=1))
        for _ in range(max(3, repeats // 6)):
            t = time.perf_counter()
            render_drill(drill, out, formats=("wav", "ogg"))
            audio.append(time.perf_counter() - t)
    return {"drill_musicxml_midi_json_svg_ms_median": round(statistics.median(times) * 1000, 1),
            "drill_ms_p90": round(sorted(times)[int(0.9 * (len(times) - 1))] * 1000, 1),
            "audio_wav_ogg_s_median": round(statistics.median(audio), 3), "runs": repeats}


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--corpus-drills", type=int, default=300)
    parser.add_argument("--speed-runs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    constraints = constraint_run(args.requests, args.seed)
    melodies = constraints.pop("_melodies")
    report = {
        "constraints": constraints,
        "corpus_similarity": corpus_similarity(args.seed, args.corpus_drills),
        "novelty": novelty(melodies),
        "speed": speed(args.speed_runs),
    }
    if args.json:
        _out(json.dumps(report, indent=1))
        return
    c = report["constraints"]
    _out(f"constraint satisfaction: {c['satisfied']}/{c['generated']} generated = {c['satisfaction']:.1%} "
          f"({c['infeasible']} of {c['requests']} requests refused as infeasible; one-line errors: {c['one_line_errors']})")
    _out("level  in-key  step-ratio  leaps>=4th")
    for lvl, s in c["per_level"].items():
        _out(f"L{lvl}     {s['in_key']}   {s['step_ratio']}       {s['leap_4th_plus']}")
    _out(f"strong-beat chord tones (min over {c['drills_with_chords']} drills with chords): {c['strong_beat_chord_tones']}")
    cs = report["corpus_similarity"]
    _out(f"overlap vs held-out ({cs['held_out_tunes']} tunes): ceiling {cs['ceiling_mean']}, model {cs['model_mean']} "
          f"({cs['model_vs_ceiling']:.0%} of ceiling), rule-only {cs['baseline_mean']} ({cs['baseline_vs_ceiling']:.0%})")
    _out(f"  per feature: ceiling {cs['ceiling']}\n  model {cs['model']}\n  baseline {cs['baseline']}")
    nv = report["novelty"]
    _out(f"copied runs of more than 8 notes: {nv['copied_runs_over_8_notes']} in {nv['runs_checked']} runs "
          f"({nv['melodies']} melodies)")
    sp = report["speed"]
    _out(f"speed: drill+musicxml+midi+json+svg median {sp['drill_musicxml_midi_json_svg_ms_median']} ms "
          f"(p90 {sp['drill_ms_p90']} ms); audio wav+ogg median {sp['audio_wav_ogg_s_median']} s")


if __name__ == "__main__":
    main()
