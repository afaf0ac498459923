"""Generation metrics: constraints, refusals proved, structure vs Essen, corpus similarity, novelty, speed.

Run from the repository root::

    PYTHONPATH=$PWD .venv/bin/python benchmarks/generation_metrics.py [--requests 1000] [--json]

The first run reads the held-out Essen songs from music21's corpus (about a
minute) and caches their bars under ``benchmarks/.cache/``.

Numbers and how to read them: benchmarks/README_generation.md.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generation.melody import DrillParams, InfeasibleRequest, InvalidParams, generate_drill  # noqa: E402
from generation.melody.check import check_drill, strong_beat_chord_tone_ratio  # noqa: E402
from generation.melody.corpus import iter_tunes  # noqa: E402
from generation.melody.generate import DENSITY_LADDER, _Builder  # noqa: E402
from generation.melody.model import COPY_RUN_NOTES, MelodyModel, load_model  # noqa: E402
from generation.melody.params import parse_target_note  # noqa: E402
from generation.melody.rhythm import Meter, parse_meter  # noqa: E402
from generation.melody.structure import drill_bars, structure_measures  # noqa: E402
from generation.melody.train import load_heldout  # noqa: E402
from generation.render import render_drill  # noqa: E402
from music.interval import parse_interval  # noqa: E402
from music.key import key_pitches, make_key  # noqa: E402
from music.pitch import parse_pitch  # noqa: E402
from music.scale import MODE_SCALES, PENTATONIC_MODES  # noqa: E402

KEYS = ["C", "G", "D", "A", "E", "F", "Bb", "Eb", "Ab", "F#"]
#: The modes random requests are drawn from (``--modes``): the seven-note ones, as every number in
#: README_generation.md was measured, or the pentatonic ones (五声调式).
MODE_SETS = {"seven": list(MODE_SCALES), "pentatonic": list(PENTATONIC_MODES)}
METERS = ["4/4", "3/4", "2/4", "6/8", "9/8", "12/8", "2/2"]
PROGRESSIONS = {"major": ["I V vi IV", "I IV V I", "I vi ii V", "I ii V I"],
                "minor": ["i iv V i", "i VI III VII", "i iv v i"]}
DURATION_BINS = [0.25, 1 / 3, 0.5, 2 / 3, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0]


def random_request(rng: random.Random, modes: list[str] = MODE_SETS["seven"]) -> DrillParams:
    """A request a teacher could make: targets drawn from the key and range, chords from the key.

    A pentatonic request is never asked for a note outside its five (that is refused by rule).
    """
    level = rng.randint(1, 6)
    mode = rng.choice(modes)
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
    elif kind == "melody" and rng.random() < 0.1 and mode in MODE_SCALES:
        # A note outside the mode (the leading note in minor, a raised fourth): asked for, not refused.
        kw["target_notes"] = [rng.choice(["C#", "F#", "G#", "Bb", "Eb"])]
    if kind in ("melody", "interval") and rng.random() < 0.4:
        kw["target_intervals"] = [rng.choice(["+M2", "-M2", "+m3", "-m3", "+M3", "-M3", "+P4", "-P4"][: 4 + level])]
    if kind == "melody" and rng.random() < 0.3:
        family = "minor" if make_key(key, mode).minor_family else "major"
        if mode in ("major", "minor", "harmonic-minor", "gong", "yu", "major-pentatonic", "minor-pentatonic"):
            kw["progression"] = rng.choice(PROGRESSIONS[family])
    if kind == "melody" and rng.random() < 0.2 and base.bars % 4 == 0:
        kw["form"] = rng.choice(["AABA", "ABAC", "ABAB"])
    if kind in ("melody", "rhythm") and rng.random() < 0.3:
        kw["target_rhythms"] = [rng.choice(["syncopation", "dotted-8th-16th"] if level >= 4 else ["16ths", "8th-pair"]
                                           if not meter.endswith("8") else ["8th-triple", "quarter-8th"])]
    return DrillParams.preset(level, **kw)


def edge_request(rng: random.Random) -> DrillParams:
    """A tight request near the edge of what can be met: short, narrow, small leaps, several targets."""
    key = rng.choice(KEYS)
    mode = rng.choice(["major", "minor", "dorian", "harmonic-minor"])
    low = 60 + rng.randint(-5, 5)
    span = rng.randint(5, 10)
    scale = key_pitches(make_key(key, mode), low, low + span)
    if len(scale) < 3:
        scale = key_pitches(make_key(key, mode), low, low + 12)
    kw: dict[str, Any] = {
        "key": key, "mode": mode, "meter": rng.choice(["2/4", "3/4", "4/4"]), "bars": rng.choice([2, 2, 4]),
        "low": scale[0].name, "high": scale[-1].name, "max_leap": rng.randint(2, 5), "seed": rng.randint(0, 10**6),
        "target_notes": sorted({rng.choice(scale).name for _ in range(rng.randint(1, 4))}),
        "target_intervals": sorted({rng.choice(["+M2", "-M2", "+m3", "-m3", "+M3", "+P4"])
                                    for _ in range(rng.randint(0, 2))}),
    }
    return DrillParams.preset(rng.randint(1, 2), **kw)


def edge_run(n: int, seed: int) -> dict[str, Any]:
    """Tight requests: every refusal must be proved by the exhaustive search; every drill must check."""
    rng = random.Random(seed)
    refused: list[DrillParams] = []
    messages: list[str] = []
    made = bad = 0
    for _ in range(n):
        try:
            params = edge_request(rng)
        except InvalidParams:
            continue
        try:
            drill = generate_drill(params)
        except InfeasibleRequest as exc:
            refused.append(params)
            messages.append(str(exc))
            continue
        made += 1
        bad += bool(check_drill(drill))
    proof = prove_refusals(refused, messages)
    return {"requests": n, "generated": made, "violations": bad, **proof, "refusal_examples": messages[:4]}


def rhythm_target_request(rng: random.Random) -> DrillParams:
    """Two or three target rhythms at once (each with a form in the meter), a quota of 1-2 per 1-4 bars."""
    meter = rng.choice(METERS)
    tags = sorted({c.tag for c in parse_meter(meter).cells if c.tag})
    kw: dict[str, Any] = {
        "meter": meter, "key": rng.choice(KEYS), "seed": rng.randint(0, 10**6),
        "target_rhythms": rng.sample(tags, rng.choice([2, 2, 3])),
        "quota": rng.choice([1, 1, 1, 2]), "quota_window": rng.choice([1, 2, 2, 2, 4]),
    }
    return DrillParams.preset(rng.randint(1, 6), **kw)


def _bar_hauls(meter: Meter, tags: list[str], cap: int) -> set[tuple[int, ...]]:
    """Every count of target cells (per tag, capped at ``cap``) one bar can hold, the rest filled by one-beat
    notes; written apart from the generator: a half-bar cell of 4/4 starts on beat 1 or 3, a 3-beat one on 1 or 2."""
    options = [[c for c in meter.cells if c.tag == t] for t in tags]
    hauls: set[tuple[int, ...]] = set()

    def walk(beat: int, counts: tuple[int, ...]) -> None:
        if beat == meter.beats:
            hauls.add(counts)
            return
        walk(beat + 1, counts)  # a one-beat note of the vocabulary
        for k, cells in enumerate(options):
            for c in cells:
                aligned = meter.beats != 4 or c.beats == 1 or (c.beats == 2 and beat % 2 == 0) or \
                    (c.beats == 3 and beat < 2)
                if beat + c.beats <= meter.beats and aligned:
                    walk(beat + c.beats, tuple(min(cap, n + (j == k)) for j, n in enumerate(counts)))

    walk(0, (0,) * len(tags))
    return hauls


def rhythm_quotas_fit(params: DrillParams) -> bool:
    """True when some bar-by-bar arrangement holds every target rhythm ``quota`` times in every window."""
    meter = parse_meter(params.meter)
    tags = [t.removeprefix("rhy:") for t in params.target_rhythms]
    hauls = _bar_hauls(meter, tags, params.quota)
    full = (params.quota,) * len(tags)
    bars = params.bars
    windows = [(b, min(bars, b + params.quota_window)) for b in range(0, bars, params.quota_window)]
    if len(windows) > 1 and windows[-1][1] - windows[-1][0] < params.quota_window:
        windows[-2] = (windows[-2][0], windows.pop()[1])
    for b0, b1 in windows:
        reach = {(0,) * len(tags)}
        for _ in range(b0, b1):
            reach = {tuple(min(params.quota, x + y) for x, y in zip(r, h, strict=True)) for r in reach for h in hauls}
        if full not in reach:
            return False
    return True


def rhythm_target_run(n: int, seed: int) -> dict[str, Any]:
    """Requests with several target rhythms: every drill must check; every refusal is proved by
    :func:`rhythm_quotas_fit` (no arrangement of the cells holds the quotas) or by its own one-line rule."""
    rng = random.Random(seed * 1000 + 13)
    made = bad = proved = by_rule = feasible_refused = 0
    examples: list[str] = []
    for _ in range(n):
        params = rhythm_target_request(rng)
        try:
            drill = generate_drill(params)
        except InfeasibleRequest as exc:
            message = str(exc)
            if not rhythm_quotas_fit(params):
                proved += 1
            elif re.match(r"target_rhythms: \S+ (has no form|does not fit)", message):
                by_rule += 1
            else:
                feasible_refused += 1
                examples.append(message)
            continue
        made += 1
        bad += bool(check_drill(drill))
    return {"requests": n, "generated": made, "violations": bad, "refused": n - made, "proved_by_search": proved,
            "proved_by_the_message_itself": by_rule, "feasible_but_refused": feasible_refused,
            "refusal_examples": examples[:4]}


def _midi_range(p: DrillParams) -> tuple[int, int]:
    return parse_pitch(p.low).midi, parse_pitch(p.high).midi


def constraint_run(n: int, seed: int, modes: list[str] = MODE_SETS["seven"]) -> dict[str, Any]:
    rng = random.Random(seed)
    ok = bad = infeasible = 0
    refused: list[DrillParams] = []
    by_level: Counter[int] = Counter()
    problems: list[str] = []
    messages: list[str] = []
    chord_ratios: list[float] = []
    stats = {lvl: {"step": 0, "leap4": 0, "intervals": 0, "in_key": 0, "notes": 0} for lvl in range(1, 7)}
    melodies = []
    t0 = time.perf_counter()
    for _ in range(n):
        try:
            params = random_request(rng, modes)
            drill = generate_drill(params)
        except InfeasibleRequest as exc:
            infeasible += 1
            messages.append(str(exc))
            refused.append(params)
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
        "refusals": prove_refusals(refused, messages),
    }


# ------------------------------------------------------------------ refusals, proved by exhaustive search


def exhaustive_feasible(params: DrillParams) -> bool | None:
    """Search every pitch sequence over the densest rhythm the vocabulary allows, under the request's own
    constraints only (range, key and asked notes, largest leap, allowed intervals, tonic start and end,
    strong-beat chord tones, target quotas per window). Written apart from the generator's automaton: a
    memoised depth-first search over (note, pitch, counts). ``None`` when the request fails before any
    melody exists (no tonic in the range, a target outside it: refusals the message itself proves).
    """
    from generation.melody.model import load_model
    from music.key import make_key as _make_key

    builder = _Builder(params, _make_key(params.key, params.mode), parse_meter(params.meter), load_model(),
                       np.random.default_rng(0))
    builder._style = False
    builder._density_floor = DENSITY_LADDER[-1]
    try:
        universe = builder._universe()
        chords = builder._chords()
        slots = builder._rhythm(universe)
    except InfeasibleRequest:
        return None
    key = builder.key
    midis = [u.midi for u in universe]
    n, notes = len(universe), len(slots)
    allowed: list[list[int]] = []
    for i, s in enumerate(slots):
        ok = list(range(n))
        if params.kind != "rhythm" and ((i == 0 and params.start_on_tonic) or (i == notes - 1 and params.end_on_tonic)):
            ok = [u for u in ok if midis[u] % 12 == key.tonic_pc and key.degree_of_pc(midis[u]) >= 0]
        chord = chords[s.bar]
        if chord is not None and s.strong:
            ok = [u for u in ok if midis[u] % 12 in chord.pcs]
        allowed.append(ok)
    allowed_iv = [parse_interval(t) for t in params.allowed_intervals]
    target_iv = [parse_interval(t) for t in params.target_intervals]
    targets_note = [parse_target_note(t) for t in params.target_notes]

    def move_ok(i: int, a: int, b: int) -> bool:
        if params.kind == "rhythm":
            return True
        if abs(midis[b] - midis[a]) > params.max_leap:
            return False
        if allowed_iv and not any(iv.matches(universe[a], universe[b]) for iv in allowed_iv):
            return False
        if params.kind == "scale" and abs(universe[b].diatonic - universe[a].diatonic) != 1:
            return False
        return not (params.kind == "interval" and i % 2 == 0 and midis[a] == midis[b])

    window = [next(w for w, (b0, b1) in enumerate(builder.windows) if b0 <= s.bar < b1) for s in slots]
    quota = params.quota

    def hits(prev: int | None, v: int, same_window: bool) -> tuple[int, ...]:
        out = [int(midis[v] % 12 == pc and (m is None or midis[v] == m)) for m, pc in targets_note]
        out += [int(prev is not None and same_window and iv.matches(universe[prev], universe[v])) for iv in target_iv]
        return tuple(out)

    full = tuple([quota] * (len(targets_note) + len(target_iv)))
    sys.setrecursionlimit(10000)
    memo: dict[tuple[int, int, tuple[int, ...]], bool] = {}

    def go(i: int, u: int, counts: tuple[int, ...]) -> bool:
        key_ = (i, u, counts)
        if key_ in memo:
            return memo[key_]
        if i == notes - 1 or window[i + 1] != window[i]:
            if counts != full:
                memo[key_] = False
                return False
            if i == notes - 1:
                memo[key_] = True
                return True
        result = False
        for v in allowed[i + 1]:
            if not move_ok(i, u, v):
                continue
            same = window[i + 1] == window[i]
            base = counts if same else tuple([0] * len(full))
            new = tuple(min(quota, c + h) for c, h in zip(base, hits(u, v, same), strict=True))
            if go(i + 1, v, new):
                result = True
                break
        memo[key_] = result
        return result

    return any(go(0, u, tuple(min(quota, h) for h in hits(None, u, False))) for u in allowed[0])


def prove_refusals(refused: list[DrillParams], messages: list[str]) -> dict[str, Any]:
    proved = static = unproved = 0
    examples: list[str] = []
    for params, message in zip(refused, messages, strict=True):
        verdict = exhaustive_feasible(params)
        if verdict is None:
            static += 1
        elif verdict:
            unproved += 1
            examples.append(message)
        else:
            proved += 1
    return {"refused": len(refused), "proved_by_search": proved, "proved_by_the_message_itself": static,
            "feasible_but_refused": unproved, "feasible_examples": examples[:3]}


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


CACHE = Path(__file__).resolve().parent / ".cache" / "essen_heldout_bars.json"


def essen_heldout_bars() -> list[dict[str, Any]]:
    """Held-out Essen songs (one in ten, as the model's training held them out) as full bars; cached."""
    if CACHE.exists():
        return json.loads(CACHE.read_text())
    out = []
    for tune in iter_tunes(sources=("essen",)):
        if not tune.held_out:
            continue
        try:
            num, den = (int(x) for x in tune.meter.split("/"))
        except ValueError:
            continue
        bar_length = 4 * num / den
        bars: list[list[tuple[int, float]]] = []
        last_offset = None
        for phrase in tune.phrases:
            for note in phrase:
                if note.offset == 0 or not bars or (last_offset is not None and note.offset <= last_offset):
                    bars.append([])
                bars[-1].append((note.midi, round(float(note.duration), 4)))
                last_offset = note.offset
        full = [b for b in bars if abs(sum(d for _, d in b) - bar_length) < 1e-6]
        if len(full) >= 4:
            out.append({"id": tune.tune_id, "minor": tune.minor, "meter": tune.meter, "bars": full})
    CACHE.parent.mkdir(exist_ok=True)
    CACHE.write_text(json.dumps(out, separators=(",", ":")))
    return out


def structure(seed: int, n: int, melody_model: str = "") -> dict[str, Any]:
    """Repetition and motion measures: held-out Essen songs vs drills matched in mode, meter and length."""
    songs = essen_heldout_bars()
    rng = random.Random(seed)
    rng.shuffle(songs)
    sample = songs[:n]
    corpus = structure_measures([[tuple(tuple(x) for x in bar) for bar in s["bars"]] for s in sample])
    drills = []
    for i, song in enumerate(sample):
        meter = song["meter"] if song["meter"] in ("2/4", "3/4", "4/4", "6/8", "3/8", "9/8", "12/8") else "4/4"
        bars = max(4, min(16, len(song["bars"]) // 2 * 2))
        params = DrillParams.preset(rng.randint(2, 5), key="C", mode="minor" if song["minor"] else "major",
                                    meter=meter, bars=bars, seed=seed + i, low="G3", high="E5",
                                    melody_model=melody_model)
        drills.append(drill_bars(generate_drill(params).notes))
    return {"songs": len(sample), "corpus": corpus, "drills": structure_measures(drills),
            "gap": {k: round(structure_measures(drills)[k] - corpus[k], 4) for k in corpus}}


def model_comparison(seed: int, n: int) -> dict[str, Any]:
    """Markov against the LSTM: held-out log-likelihood (from training) and the structure measures."""
    from generation.melody.neural import NEURAL_CHECKPOINT, load_neural

    summary = NEURAL_CHECKPOINT.with_suffix(".json")
    if load_neural() is None or not summary.exists():
        return {"lstm": "no checkpoint (python manage.py train_melody_model --neural)"}
    trained = json.loads(summary.read_text())
    return {"heldout_nll_nats": {"markov": round(trained["markov_nll"], 4), "lstm": round(trained["neural_nll"], 4)},
            "heldout_transitions": trained["heldout_transitions"],
            "structure": {name: structure(seed, n, name)["drills"] for name in ("markov", "lstm")}}


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
    parser.add_argument("--structure-songs", type=int, default=400)
    parser.add_argument("--edge-requests", type=int, default=300)
    parser.add_argument("--rhythm-requests", type=int, default=300)
    parser.add_argument("--speed-runs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--modes", choices=sorted(MODE_SETS), default="seven",
                        help="the modes random requests are drawn from (constraint satisfaction)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    constraints = constraint_run(args.requests, args.seed, MODE_SETS[args.modes])
    melodies = constraints.pop("_melodies")
    report = {
        "constraints": constraints,
        "corpus_similarity": corpus_similarity(args.seed, args.corpus_drills),
        "structure": structure(args.seed, args.structure_songs),
        "edge": edge_run(args.edge_requests, args.seed),
        "rhythm_targets": rhythm_target_run(args.rhythm_requests, args.seed),
        "models": model_comparison(args.seed, min(200, args.structure_songs)),
        "novelty": novelty(melodies),
        "speed": speed(args.speed_runs),
    }
    if args.json:
        _out(json.dumps(report, indent=1))
        return
    c = report["constraints"]
    _out(f"constraint satisfaction: {c['satisfied']}/{c['generated']} generated = {c['satisfaction']:.1%} "
          f"({c['infeasible']} of {c['requests']} requests refused as infeasible; one-line errors: {c['one_line_errors']})")
    r = c["refusals"]
    _out(f"refusals: {r['refused']}; proved infeasible by exhaustive search {r['proved_by_search']}, by the message's "
         f"own rule {r['proved_by_the_message_itself']}; feasible but refused {r['feasible_but_refused']}")
    e = report["edge"]
    _out(f"tight requests: {e['requests']}, generated {e['generated']} ({e['violations']} violations), refused "
         f"{e['refused']}: proved infeasible by exhaustive search {e['proved_by_search']}, by the message's own rule "
         f"{e['proved_by_the_message_itself']}, feasible but refused {e['feasible_but_refused']}")
    rt = report["rhythm_targets"]
    _out(f"several target rhythms: {rt['requests']}, generated {rt['generated']} ({rt['violations']} violations), "
         f"refused {rt['refused']}: proved infeasible by exhaustive search {rt['proved_by_search']}, by the "
         f"message's own rule {rt['proved_by_the_message_itself']}, feasible but refused {rt['feasible_but_refused']}")
    _out("level  in-key  step-ratio  leaps>=4th")
    for lvl, s in c["per_level"].items():
        _out(f"L{lvl}     {s['in_key']}   {s['step_ratio']}       {s['leap_4th_plus']}")
    _out(f"strong-beat chord tones (min over {c['drills_with_chords']} drills with chords): {c['strong_beat_chord_tones']}")
    cs = report["corpus_similarity"]
    _out(f"overlap vs held-out ({cs['held_out_tunes']} tunes): ceiling {cs['ceiling_mean']}, model {cs['model_mean']} "
          f"({cs['model_vs_ceiling']:.0%} of ceiling), rule-only {cs['baseline_mean']} ({cs['baseline_vs_ceiling']:.0%})")
    _out(f"  per feature: ceiling {cs['ceiling']}\n  model {cs['model']}\n  baseline {cs['baseline']}")
    st = report["structure"]
    _out(f"structure ({st['songs']} held-out Essen songs vs matched drills): corpus {st['corpus']}")
    _out(f"  drills {st['drills']}\n  gap {st['gap']}")
    _out(f"models: {report['models']}")
    nv = report["novelty"]
    _out(f"copied runs of more than 8 notes: {nv['copied_runs_over_8_notes']} in {nv['runs_checked']} runs "
          f"({nv['melodies']} melodies)")
    sp = report["speed"]
    _out(f"speed: drill+musicxml+midi+json+svg median {sp['drill_musicxml_midi_json_svg_ms_median']} ms "
          f"(p90 {sp['drill_ms_p90']} ms); audio wav+ogg median {sp['audio_wav_ogg_s_median']} s")


if __name__ == "__main__":
    main()
