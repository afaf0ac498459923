"""Harmonising a melody: an HMM over the key's chords, decoded with Viterbi.

States are the seven diatonic triads of the mode (plus the major V in minor
keys) and the secondary dominants of the degrees that have a major or minor
triad (V/V, V/vi, V/ii, V/IV ...). Emissions score how well a bar's notes fit
a chord: chord tones are likely, other scale notes less so, chromatic notes
least, so a raised note (F# in C major) points at the secondary dominant
that holds it. Notes on strong beats weigh three times as much and long
notes more than short ones, which keeps strong-beat melody notes chord tones.
Transitions follow functional harmony (tonic -> predominant -> dominant ->
tonic, a secondary dominant to its own target) and damp a chord that merely
stays, so a plain tune hears ii, IV and vi and not only I and V. Every
harmonisation cadences: it ends on the tonic chord, approached from V or
vii° (or IV, a plagal close), never from a chord that merely moves to I.

``suggest_chords`` runs the same model on a melody with a pickup (a transcription) and says, per
bar, the best chord, the alternatives the melody leaves likely (forward-backward) and why, in
words. In a meter with a second strong beat at mid-bar (4/4, 6/8) it may change chord there, as
``harmonize`` does and at the same cost, mostly where the bar's two strong-beat notes fit no one chord.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from music.chord import ChordSpec, parse_chord, parse_progression
from music.errors import MusicError
from music.key import Key
from music.pitch import STEP_SEMITONES, STEPS
from music.scale import MODES

from ..melody.drill import Drill
from ..melody.errors import reading_params

CHORD_TONE_P = 0.70  # probability mass of the chord's own tones (the rest: 80 % other scale notes, 20 % chromatic)
STRONG_CHORD_TONE_P = 0.92  # the same on a strong beat
STRONG_WEIGHT = 3.0  # emission weight of a note on a strong beat
SECONDARY_BASE = 0.12  # prior weight of a secondary dominant: it needs the melody to imply it
STAY = 0.55  # weight of a chord that stays another segment
MID_BAR_CHANGE = 0.08  # weight of a chord change on the second strong beat of a bar (against 1 for staying)
_NUMERALS = ("I", "II", "III", "IV", "V", "VI", "VII")
#: Functional role of each degree (0-based): tonic, predominant, dominant.
_FUNCTION = {0: "T", 1: "P", 2: "T", 3: "P", 4: "D", 5: "T", 6: "D"}
#: Degrees that may approach the final tonic: V and vii° (authentic), IV (plagal).
CADENTIAL_DEGREES = (4, 6, 3)
_BASE = {0: 1.0, 1: 0.6, 2: 0.25, 3: 0.8, 4: 0.9, 5: 0.6, 6: 0.2}
# A chord is offered as an alternative for a bar when the melody leaves it at least this likely.
MIN_ALTERNATIVE_P = 0.03


def diatonic_chords(key: Key) -> list[tuple[int, ChordSpec]]:
    """``(degree, chord)`` for each diatonic triad of ``key`` (and V in minor keys).

    A pentatonic key is harmonised with the triads of the seven-note key of its signature (its 宫's
    major key, counted from its own tonic: D zhi takes D mixolydian's), and no raised leading note.
    """
    pcs = [(key.tonic_pc + s) % 12 for s in MODES[key.host.mode]]
    out: list[tuple[int, ChordSpec]] = []
    for d in range(7):
        third = (pcs[(d + 2) % 7] - pcs[d]) % 12
        fifth = (pcs[(d + 4) % 7] - pcs[d]) % 12
        numeral = _NUMERALS[d]
        figure = {(4, 7): numeral, (3, 7): numeral.lower(), (3, 6): numeral.lower() + "o",
                  (4, 8): numeral + "+"}.get((third, fifth))
        if figure is None:
            continue
        letters = tuple((key.tonic_step + d + 2 * k) % 7 for k in range(3))
        out.append((d, ChordSpec(figure=figure, root_letter=letters[0], pcs=(pcs[d], pcs[(d + 2) % 7],
                                                                             pcs[(d + 4) % 7]), letters=letters)))
    if key.minor_family and not key.pentatonic and not any(c.figure == "V" for _, c in out):
        out.append((4, parse_chord("V", key)))
    return out


def secondary_dominants(key: Key, chords: list[tuple[int, ChordSpec]]) -> list[tuple[int, ChordSpec]]:
    """``(target degree, V/x)`` for each diatonic major or minor triad other than the tonic."""
    out: list[tuple[int, ChordSpec]] = []
    for degree, chord in chords:
        if degree == 0 or chord.figure.endswith(("o", "°", "+")) or degree == 6:
            continue
        root = (chord.root_pc + 7) % 12
        letter = (chord.root_letter + 4) % 7
        figure = f"V/{chord.figure}"
        spec = ChordSpec(figure=figure, root_letter=letter, pcs=(root, (root + 4) % 12, (root + 7) % 12),
                         letters=(letter, (letter + 2) % 7, (letter + 4) % 7))
        if any(set(spec.pcs) == set(c.pcs) for _, c in chords):
            continue  # V/IV in major is I itself
        out.append((degree, spec))
    return out


def _transition(a: int, b: int, *, a_secondary: int | None = None, b_secondary: bool = False) -> float:
    """Weight of chord ``a`` -> ``b`` (degrees; ``a_secondary`` is the target of a secondary dominant)."""
    if a_secondary is not None:
        return 3.0 if (b == a_secondary and not b_secondary) else 0.05
    if b_secondary:
        return SECONDARY_BASE
    fa, fb = _FUNCTION[a], _FUNCTION[b]
    w = _BASE[b]
    if fa == "D" and b == 0:
        w *= 3.0
    elif fa == "D" and b == 5:
        w *= 1.5
    elif fa == "P" and fb == "D":
        w *= 2.5
    elif fa == "D" and fb == "P":
        w *= 0.3
    if a == b:
        w *= STAY
    if a == 5 and fb == "P":
        w *= 1.5
    return w


def _note_log_p(midi: int, strong: bool, chord: ChordSpec, scale: set[int]) -> float:
    """Log-probability of a melody note under a chord: its own tones likely, other scale notes
    less so, chromatic notes least; on a strong beat a chord tone is likelier still."""
    chord_p = STRONG_CHORD_TONE_P if strong else CHORD_TONE_P
    if midi % 12 in chord.pcs:
        return float(np.log(chord_p / len(chord.pcs)))
    if midi % 12 in scale:
        return float(np.log((1 - chord_p) * 0.8 / 4))
    return float(np.log((1 - chord_p) * 0.2 / 5))


def harmonize(drill: Drill, *, chords_per_bar: int = 1) -> list[tuple[Fraction, ChordSpec]]:
    """Choose chords for ``drill``'s melody: ``[(start quarter length, chord), ...]`` in order.

    ``chords_per_bar`` (1 or 2) sets the harmonic rhythm; the tune ends on the
    tonic chord after a cadence (see :func:`_decode`). With one chord per bar
    in a meter with two strong beats (4/4), the chord may still change at
    mid-bar where the melody implies it (a change there costs
    :data:`MID_BAR_CHANGE`); consecutive equal chords are merged.
    """
    meter = drill.meter
    split = chords_per_bar == 1 and len(meter.strong_beats) == 2
    if split:
        chords_per_bar = 2
    bar = meter.bar_length
    cuts: tuple[Fraction, ...]
    if chords_per_bar == 2 and len(meter.strong_beats) == 2:
        # The second chord of a bar comes on its second strong beat: 5/4's beat 4 (3+2), not halfway through beat 3,
        # where every style struck it off the beat and the walking bass walked on the half beats.
        cuts = (Fraction(0), meter.strong_beats[1] * meter.beat_length)
    else:
        cuts = tuple(bar / chords_per_bar * k for k in range(chords_per_bar))
    bars = max(1, int(-(-drill.total_length // bar)))
    starts = [b * bar + c for b in range(bars) for c in cuts if b * bar + c < drill.total_length] or [Fraction(0)]
    notes = [MelodyNote(offset=n.offset, duration=n.duration, midi=n.midi, strong=n.strong) for n in drill.notes]
    model = _model(notes, drill.key, starts=starts)
    _implied_only(model, drill.key)
    if not drill.pickup:
        _open_on_tonic(model)
    # Inside a bar that is only split for its second strong beat, staying is the rule.
    mid_bar = _mid_bar_transitions(model) if split else None
    path = _decode(model, segs_per_bar=chords_per_bar, mid_bar=mid_bar)
    out: list[tuple[Fraction, ChordSpec]] = []
    for t, s in enumerate(path):
        if split and t % 2 == 1 and out and out[-1][1] == model.states[s][1]:
            continue
        out.append((starts[t], model.states[s][1]))
    return out


@dataclass(frozen=True)
class MelodyNote:
    """A melody note for the suggestions: ``offset`` quarter lengths from the first downbeat
    (negative in a pickup), ``duration`` quarter lengths, ``midi``, and whether it is on a strong beat."""

    offset: Fraction
    duration: Fraction
    midi: int
    strong: bool


@dataclass
class _Model:
    """The HMM for one melody: ``states`` (diatonic chords, then secondary dominants, each with
    its degree; a secondary dominant counts as degree 4), the degree each secondary dominant
    resolves to (``targets``, ``None`` for diatonic chords), start and transition
    log-probabilities, emissions of shape (segments, states), and the notes of each segment."""

    states: list[tuple[int, ChordSpec]]
    targets: list[int | None]
    start: np.ndarray
    trans: np.ndarray
    emit: np.ndarray
    members: list[list[MelodyNote]]

    def mask(self, degrees: set[int]) -> np.ndarray:
        return np.array([d in degrees and t is None for (d, _), t in zip(self.states, self.targets, strict=True)])


def _model(notes: list[MelodyNote], key: Key, *, starts: list[Fraction]) -> _Model:
    """The harmoniser's HMM over segments starting at ``starts`` (quarter lengths, ascending); a note belongs to the
    last segment starting at or before it (the first, for a note before them all)."""
    n_segs = len(starts)
    diatonic = diatonic_chords(key)
    # A pentatonic tune never implies a secondary dominant's chromatic note: its chords stay in the 宫's key.
    secondary = [] if key.pentatonic else secondary_dominants(key, diatonic)
    states = diatonic + [(4, c) for _, c in secondary]
    targets: list[int | None] = [None] * len(diatonic) + [t for t, _ in secondary]
    scale = set(key.pcs)
    emit = np.zeros((n_segs, len(states)))
    members: list[list[MelodyNote]] = [[] for _ in range(n_segs)]
    for n in notes:
        seg = max(0, bisect.bisect_right(starts, n.offset) - 1)
        members[seg].append(n)
        # A strong-beat note counts fully however short it is; it is a chord tone far more often than not.
        w = STRONG_WEIGHT * max(1.0, float(n.duration)) if n.strong else float(n.duration)
        for s, (_, chord) in enumerate(states):
            emit[seg, s] += w * _note_log_p(n.midi, n.strong, chord, scale)
    trans = np.log(np.array([[_transition(a, b, a_secondary=targets[i], b_secondary=targets[j] is not None)
                              for j, (b, _) in enumerate(states)] for i, (a, _) in enumerate(states)]))
    start = np.log(np.array([4.0 if d == 0 and c.figure.upper() == "I" else
                             (SECONDARY_BASE if targets[k] is not None else _BASE[d])
                             for k, (d, c) in enumerate(states)]))
    return _Model(states, targets, start, trans, emit, members)


def mode_chord_pcs(key: Key) -> frozenset[int]:
    """The pitch classes a chord in ``key`` may hold without the tune singing them: the mode's own (a pentatonic
    mode's host's, whose triads it is harmonised with), and in natural minor the raised leading tone of V and viio
    (the harmonic minor's, as minor keys are harmonised by convention). Dorian's and phrygian's V is not: its raised
    seventh (C-sharp in D dorian, D-sharp in E phrygian) is the mode's own seventh raised, heard against the tune."""
    pcs = set(key.host.pcs)
    if key.host.mode in ("minor", "aeolian"):
        pcs.add((key.tonic_pc - 1) % 12)
    return frozenset(pcs)


def _implied_only(model: _Model, key: Key) -> None:
    """A chord with a tone outside the mode (:func:`mode_chord_pcs`: a secondary dominant, dorian's major V) only where
    the tune sings that tone in its segment: as the module says, a raised note points at the chord that holds it. Not
    implied, it was heard against the tune's own note a semitone away (V/ii's C-sharp under a C in C major, dorian's
    V's C-sharp under C in D dorian: drill_audit.py's "chord outside the mode")."""
    allowed = mode_chord_pcs(key)
    sung = [{n.midi % 12 for n in notes} for notes in model.members]
    # The segment's own notes and its neighbours': a raised note sung in a bar's first half (or held into it) keeps
    # its chord through the second, rather than a change at mid-bar under it (Der Brautmoerder's V/iii).
    near = [set().union(*sung[max(0, k - 1):k + 2]) for k in range(len(sung))]
    for s, (_, chord) in enumerate(model.states):
        foreign = set(chord.pcs) - allowed
        if not foreign:
            continue
        for seg in range(len(sung)):
            if not foreign & near[seg]:
                model.emit[seg, s] = -np.inf


def _open_on_tonic(model: _Model) -> None:
    """A tune sets out from its key: where every strong-beat note of the first segment is a tone of the tonic chord,
    the accompaniment opens on that chord. Drills that start on sol (sol-fa-sol) were otherwise heard over V or iv in 15
    of 75 (240 drills of the seven-note modes, levels 1-6): the student lost the key before singing."""
    tonic = model.mask({0})
    strong = [n for n in model.members[0] if n.strong]
    chord = next((c for (_, c), t in zip(model.states, tonic, strict=True) if t), None)
    if chord is not None and strong and all(n.midi % 12 in chord.pcs for n in strong):
        model.emit[0, ~tonic] = -np.inf


def _mid_bar_transitions(model: _Model) -> np.ndarray:
    """Log-weights of the moves from a bar's first half into its second: staying is the rule, a
    change costs :data:`MID_BAR_CHANGE`."""
    return np.log(np.where(np.eye(len(model.states), dtype=bool), 1.0, MID_BAR_CHANGE))


def _cadence_emissions(model: _Model, tonic_segs: int, *, strict: bool = True) -> np.ndarray:
    """``model``'s emissions with the cadence imposed: the last ``tonic_segs`` segments are the
    tonic chord, and the segment before them leans to the major V. ``strict`` makes that segment
    a cadential chord (V or vii°, or IV for a plagal close), as a drill's accompaniment must; a
    student's own tune (``strict=False``) only rules out a secondary dominant there."""
    emit = model.emit.copy()
    emit[-tonic_segs:, ~model.mask({0})] = -np.inf
    approach = len(emit) - tonic_segs - 1
    if approach >= 0:
        allowed = model.mask(set(CADENTIAL_DEGREES)) if strict else model.mask(set(range(7)))
        emit[approach, ~allowed] = -np.inf
        emit[approach, [k for k, (_, c) in enumerate(model.states) if c.figure == "V"]] += np.log(2.0)
    return emit


def _decode(model: _Model, *, segs_per_bar: int = 1, mid_bar: np.ndarray | None = None,
            strict: bool = True) -> list[int]:
    """The best chord path that cadences. The final tonic takes the last segment or, with two
    segments per bar, may take the whole last bar with the cadence just before it; whichever the
    melody fits better wins, so a tune ending on a held tonic gets V-I across the barline and
    not a weak chord into a tonic that merely repeats."""
    n_segs = len(model.emit)
    if n_segs < 2:
        return _viterbi(model.start, model.trans, model.emit, mid_bar=mid_bar)[0]
    best: tuple[float, list[int]] | None = None
    for tonic_segs in sorted({1, min(segs_per_bar, n_segs - 1)}):
        path, score = _viterbi(model.start, model.trans, _cadence_emissions(model, tonic_segs, strict=strict),
                               mid_bar=mid_bar)
        if best is None or score > best[0]:
            best = (score, path)
    assert best is not None
    return best[1]


def _viterbi(start: np.ndarray, trans: np.ndarray, emit: np.ndarray, *,
             mid_bar: np.ndarray | None = None) -> tuple[list[int], float]:
    """The most likely state path and its log-score; ``mid_bar`` (if given) replaces ``trans``
    for every move into an odd segment (the second half of a bar split at its second strong beat)."""
    n_segs, n_states = emit.shape
    score = start + emit[0]
    back = np.zeros((n_segs, n_states), dtype=int)
    for t in range(1, n_segs):
        cand = score[:, None] + (mid_bar if mid_bar is not None and t % 2 == 1 else trans)
        back[t] = np.argmax(cand, axis=0)
        score = cand[back[t], np.arange(n_states)] + emit[t]
    path = [int(np.argmax(score))]
    best = float(score[path[0]])
    for t in range(n_segs - 1, 0, -1):
        path.append(int(back[t, path[-1]]))
    path.reverse()
    return path, best


def _posteriors(start: np.ndarray, trans: np.ndarray, emit: np.ndarray, *,
                mid_bar: np.ndarray | None = None) -> np.ndarray:
    """P(chord | whole melody) per segment (forward-backward), shape (n_segs, n_states);
    ``mid_bar`` as in :func:`_viterbi`."""
    from scipy.special import logsumexp

    def into(t: int) -> np.ndarray:
        return mid_bar if mid_bar is not None and t % 2 == 1 else trans

    n_segs, n_states = emit.shape
    fwd = np.zeros((n_segs, n_states))
    bwd = np.zeros((n_segs, n_states))
    fwd[0] = start + emit[0]
    for t in range(1, n_segs):
        fwd[t] = logsumexp(fwd[t - 1][:, None] + into(t), axis=0) + emit[t]
    for t in range(n_segs - 2, -1, -1):
        bwd[t] = logsumexp(into(t + 1) + (emit[t + 1] + bwd[t + 1])[None, :], axis=1)
    joint = fwd + bwd
    joint -= logsumexp(joint, axis=1, keepdims=True)
    return np.exp(joint)


@dataclass(frozen=True)
class MidBarChord:
    """A chord the harmoniser changes to at a bar's second strong beat, ``at`` quarter lengths into it."""

    at: Fraction
    chord: ChordSpec
    probability: float


@dataclass
class BarChords:
    """The harmoniser's word on one bar: ``bar`` (0 is a pickup), the best ``chord`` (from the
    downbeat), the ``alternatives`` to it that also fit (best first, with their probability; each
    held through the bar), ``then`` (the chord from mid-bar, where the best path changes there),
    and ``reason`` in words."""

    bar: int
    chord: ChordSpec
    probability: float
    alternatives: list[tuple[ChordSpec, float]]
    reason: str
    then: MidBarChord | None = None

    def to_json(self, key: Key) -> dict:
        then = self.then
        return {
            "bar": self.bar,
            "chord": self.chord.figure,
            "symbol": chord_symbol(self.chord),
            "probability": round(self.probability, 3),
            "then": None if then is None else {"chord": then.chord.figure, "symbol": chord_symbol(then.chord),
                                               "at": float(then.at), "probability": round(then.probability, 3)},
            "alternatives": [{"chord": c.figure, "symbol": chord_symbol(c), "probability": round(p, 3),
                              "reason": fit_words(c, [], key)} for c, p in self.alternatives],
            "reason": self.reason,
        }


def chord_symbol(chord: ChordSpec) -> str:
    """A lead-sheet symbol for a triad: ``"F"``, ``"Am"``, ``"Bdim"``, ``"Caug"``."""
    root = spell_pc(chord.root_pc, chord.root_letter)
    third = (chord.pcs[1] - chord.pcs[0]) % 12
    fifth = (chord.pcs[2] - chord.pcs[0]) % 12 if len(chord.pcs) > 2 else 7
    return root + {(4, 7): "", (3, 7): "m", (3, 6): "dim", (4, 8): "aug"}.get((third, fifth), "")


def spell_pc(pc: int, letter: int) -> str:
    """A pitch class spelled on a letter (0 = C): ``spell_pc(10, 6)`` is ``"Bb"``."""
    alter = (pc - STEP_SEMITONES[letter] + 6) % 12 - 6
    return STEPS[letter] + ("#" * alter if alter > 0 else "b" * -alter)


def fit_words(chord: ChordSpec, notes: list[MelodyNote], key: Key) -> str:
    """Which of the bar's melody notes the chord holds, in words (longest and strongest first)."""
    if not notes:
        return f"{chord.figure} ({chord_symbol(chord)})"
    weight: dict[int, float] = {}
    for n in notes:
        weight[n.midi % 12] = weight.get(n.midi % 12, 0.0) + float(n.duration) * (STRONG_WEIGHT if n.strong else 1.0)
    held = sorted((pc for pc in weight if pc in chord.pcs), key=lambda pc: -weight[pc])
    names = [spell_pc(pc, chord.letters[chord.pcs.index(pc)]) for pc in held]
    if not names:
        return "none of the melody's notes are in it"
    return "the melody sits on " + _and(names)


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def suggest_chords(notes: list[MelodyNote], key: Key, *, bar_length: Fraction, pickup: Fraction = Fraction(0),
                   alternatives: int = 3, mid_bar: bool = False) -> list[BarChords]:
    """Chords for a melody (offsets from the first downbeat; a pickup bar of ``pickup`` quarter
    lengths is bar 0), one per bar with alternatives and a reason for each choice.

    ``mid_bar`` says the meter has a second strong beat halfway through the bar (4/4, 6/8): the
    chord may then change there, as in :func:`harmonize` and at the same cost
    (:data:`MID_BAR_CHANGE`), which it pays mostly where the bar's strong-beat notes fit no one chord.
    """
    if not notes:
        return []
    first = Fraction(-bar_length) if pickup > 0 else Fraction(0)
    end = max(n.offset + n.duration for n in notes)
    per_bar = 2 if mid_bar else 1
    seg_len = bar_length / per_bar
    n_segs = max(1, int(-(-(end - first) // seg_len)))
    model = _model(notes, key, starts=[first + seg_len * t for t in range(n_segs)])
    states, members = model.states, model.members
    between = _mid_bar_transitions(model) if mid_bar else None
    # Bach's one-chord-per-bar reading of a cadence bar is often ii or IV before V arrives, so a
    # strict approach chord cost 0.9 points of `held` on the chorales (benchmarks/harmoniser.py).
    path = _decode(model, segs_per_bar=per_bar, mid_bar=between, strict=False)
    post = _posteriors(model.start, model.trans,
                       _cadence_emissions(model, 1, strict=False) if n_segs >= 2 else model.emit, mid_bar=between)
    n_bars = -(-n_segs // per_bar)
    out: list[BarChords] = []
    for b in range(n_bars):
        t = b * per_bar
        if b == 0 and pickup > 0 and per_bar == 2 and not members[t] and t + 1 < n_segs:
            t += 1  # a pickup within the second half: before it is silence, not a chord to suggest
        s = path[t]
        chord = states[s][1]
        bar = b if pickup > 0 else b + 1
        then: MidBarChord | None = None
        bar_notes = list(members[t])
        then_notes: list[MelodyNote] = []
        if per_bar == 2 and t % 2 == 0 and t + 1 < n_segs:
            if states[path[t + 1]][1] != chord:
                then = MidBarChord(at=seg_len, chord=states[path[t + 1]][1], probability=float(post[t + 1, path[t + 1]]))
                then_notes = list(members[t + 1])
            else:
                bar_notes += members[t + 1]
        ranked = [int(i) for i in np.argsort(-post[t]) if int(i) != s and post[t, int(i)] >= MIN_ALTERNATIVE_P]
        alts = [(states[i][1], float(post[t, i])) for i in ranked[:alternatives]]
        out.append(BarChords(bar=bar, chord=chord, probability=float(post[t, s]), alternatives=alts,
                             reason=_reason(bar, chord, bar_notes, key, b == n_bars - 1 and n_bars >= 2,
                                            b == n_bars - 2 and n_bars >= 2, then=then, then_notes=then_notes),
                             then=then))
    return out


def _why(chord: ChordSpec, notes: list[MelodyNote], key: Key) -> str:
    """``"because the melody sits on C and A"``, ``"although ..."``, or the melody resting."""
    if not notes:
        return "the melody rests here, so the harmony moves on"
    fit = fit_words(chord, notes, key)
    return f"because {fit}" if fit.startswith("the melody") else f"although {fit}"


def _reason(bar: int, chord: ChordSpec, notes: list[MelodyNote], key: Key, last: bool, penultimate: bool, *,
            then: MidBarChord | None = None, then_notes: list[MelodyNote] | None = None) -> str:
    """``"bar 3: IV, because the melody sits on C and A"`` (``"; then V at mid-bar, because ..."``
    where the chord changes there), with the cadence said where it decides."""
    text = f"bar {bar}: {chord.figure}, {_why(chord, notes, key)}"
    if then is not None:
        text += f"; then {then.chord.figure} at mid-bar, {_why(then.chord, then_notes or [], key)}"
    closing = then.chord if then is not None else chord
    if last:
        text += "; the tune ends on the tonic chord"
    elif penultimate and closing.figure.upper().startswith("V"):
        text += "; the dominant leads home to the last bar"
    return text


def chords_from_chart(text: str, drill: Drill) -> list[tuple[Fraction, ChordSpec]]:
    """A chord chart (``"I V vi IV"`` or ``"C G Am F"``): one chord per bar, repeated to fill the melody.

    A chart with exactly twice as many chords as bars gives two chords per bar. A chart written
    in bars (``"I | IV V | I"``, as the chord picks of a transcription are joined) holds one or
    two chords per bar: two split that bar at mid-bar.
    """
    bars = max(1, int(-(-drill.total_length // drill.meter.bar_length)))
    if "|" in text:
        return _chart_in_bars(text, drill, bars)
    with reading_params():
        chart = parse_progression(text, drill.key)
    per_bar = 2 if len(chart) == 2 * bars else 1
    seg = drill.meter.bar_length / per_bar
    return [(seg * i, chart[i % len(chart)]) for i in range(bars * per_bar)]


def _chart_in_bars(text: str, drill: Drill, bars: int) -> list[tuple[Fraction, ChordSpec]]:
    """``"I | IV V | I"``: each bar's one or two chords (two change at mid-bar), repeated to fill the melody."""
    bar_length = drill.meter.bar_length
    with reading_params():
        groups = [parse_progression(group, drill.key) for group in text.split("|")]
        for group in groups:
            if len(group) > 2:
                raise MusicError(f"progression: a bar holds one or two chords, not {len(group)}")
    out: list[tuple[Fraction, ChordSpec]] = []
    for bar in range(bars):
        group = groups[bar % len(groups)]
        out += [(bar * bar_length + k * bar_length / len(group), chord) for k, chord in enumerate(group)]
    return out
