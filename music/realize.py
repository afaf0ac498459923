"""Four-part realisations of a progression that keep every rule of :mod:`music.partwriting`.

Each chord's bass is the member its numeral or figure names, so a voicing keeps its inversion
in every key; the upper voices are searched (a small beam over close and open positions) for
the smoothest motion that the checker passes.

>>> from music.key import make_key
>>> from music.harmony import roman
>>> key = make_key("Bb")
>>> chords = [roman(f, key) for f in ("I", "IV", "V", "I")]
>>> [" ".join(p.name for p in v) for v in realize(chords)]
['D5 F4 Bb3 Bb2', 'Eb5 G4 Bb3 Eb3', 'C5 F4 A3 F3', 'D5 F4 Bb3 Bb2']
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache, partial

from .errors import MusicError
from .harmony import Harmony
from .partwriting import RANGES, VOICES, Voicing, chord_errors, motion_errors
from .pitch import Pitch

#: Voicings kept after each chord, and candidates tried from each kept one.
BEAM_WIDTH = 6
CANDIDATES_PER_STATE = 40
#: The beam tried when the narrow one finds no way through (a soprano note asked for at the end).
WIDE_BEAM_WIDTH = 40
#: Where the bass of a progression lives: low enough to leave room, high enough to sound.
BASS_LOW_MIDI, BASS_HIGH_MIDI = 40, 57


def _octaves(p: Pitch, low: int, high: int) -> list[Pitch]:
    out = []
    for octave in range(1, 7):
        q = Pitch(p.step, p.alter, octave)
        if low <= q.midi <= high:
            out.append(q)
    return out


def _upper_members(h: Harmony, *, after_dominant: bool) -> list[tuple[int, ...]]:
    """Which chord members the three upper voices may hold (the bass holds ``h.inversion``)."""
    if h.seventh is not None:
        options = [tuple(m for m in range(4) if m != h.inversion)]
        if h.inversion == 0:
            options.append((0, 1, 3))  # a root-position seventh may leave out its fifth
        return options
    if h.inversion == 2:
        return [(0, 1, 2)]
    if h.inversion == 1:
        return [(0, 2, 0), (0, 2, 2), (0, 1, 2)]
    options = [(0, 1, 2), (0, 0, 1)]
    if after_dominant and h.degree == 5:
        options.append((1, 1, 2))  # V–vi: the third of vi is doubled
    return options


@lru_cache(maxsize=512)
def _chord_candidates(h: Harmony, after_dominant: bool) -> tuple[Voicing, ...]:
    out: list[Voicing] = []
    for bass in _octaves(h.bass, BASS_LOW_MIDI, BASS_HIGH_MIDI):
        for members in _upper_members(h, after_dominant=after_dominant):
            for order in set(itertools.permutations(members)):
                ranges = [RANGES[v] for v in VOICES[:3]]
                choices = [_octaves(h.tones[m], lo.midi, hi.midi) for m, (lo, hi) in zip(order, ranges, strict=True)]
                for s, a, t in itertools.product(*choices):
                    if not s.midi >= a.midi >= t.midi >= bass.midi:
                        continue
                    v: Voicing = (s, a, t, bass)
                    if not chord_errors(0, h, v):
                        out.append(v)
    return tuple(out)


@lru_cache(maxsize=65536)
def _midis(v: Voicing) -> tuple[int, int, int, int]:
    return v[0].midi, v[1].midi, v[2].midi, v[3].midi


#: Added to the cost of a soprano that repeats its note, so the model melody moves.
SOPRANO_HOLD_COST = 2


def _motion(v1: Voicing, v2: Voicing) -> int:
    a, b = _midis(v1), _midis(v2)
    hold = SOPRANO_HOLD_COST if a[0] == b[0] else 0
    return abs(a[0] - b[0]) + abs(a[1] - b[1]) + abs(a[2] - b[2]) + abs(a[3] - b[3]) // 3 + hold


def _rank(last: Voicing, v: Voicing) -> tuple[int, tuple[int, int, int, int]]:
    return _motion(last, v), _midis(v)


def realize(harmonies: Sequence[Harmony], *, rng: random.Random | None = None,
            soprano: Mapping[int, int] | None = None) -> list[Voicing]:
    """A voicing per chord (soprano, alto, tenor, bass) with no fault the checker knows.

    ``rng`` varies the first chord's voicing (otherwise the one nearest the middle of the
    staves); ``soprano`` maps a chord index to the chord member (0 root, 1 third, ...) its
    soprano must sing. Raises :class:`MusicError` when no voicing keeps every rule.
    """
    if not harmonies:
        raise MusicError("part writing: no chords to realise")
    dominant = [h.leading_tone is not None for h in harmonies]
    wanted = dict(soprano or {})

    def options_for(i: int, after_dominant: bool) -> tuple[Voicing, ...]:
        found = _chord_candidates(harmonies[i], after_dominant)
        if i in wanted:
            found = tuple(v for v in found if harmonies[i].member(v[0].pc) == wanted[i])
        return found

    for width in (BEAM_WIDTH, WIDE_BEAM_WIDTH):
        found = _search(harmonies, options_for, dominant, width, rng)
        if found is not None:
            return found
    raise MusicError(f"part writing: no voicing of {' '.join(h.label for h in harmonies)} keeps every rule")


def _search(harmonies: Sequence[Harmony], options_for: Callable[[int, bool], tuple[Voicing, ...]],
            dominant: list[bool], width: int, rng: random.Random | None) -> list[Voicing] | None:
    """A beam search ``width`` wide; None when every path breaks a rule."""
    firsts = list(options_for(0, False))
    if not firsts:
        return None
    firsts.sort(key=lambda v: (abs(v[0].midi - 72) + abs(v[2].midi - 57), _midis(v)))
    if rng is not None:
        head = firsts[:BEAM_WIDTH * 2]
        rng.shuffle(head)
        firsts = head + firsts[BEAM_WIDTH * 2:]
    beam: list[tuple[int, list[Voicing]]] = [(0, [v]) for v in firsts[:width]]
    for i in range(1, len(harmonies)):
        h1, h2 = harmonies[i - 1], harmonies[i]
        options = options_for(i, dominant[i - 1])
        grown: list[tuple[int, list[Voicing]]] = []
        for limit in (CANDIDATES_PER_STATE, len(options)):  # the nearest first; all of them if none passes
            for cost, path in beam:
                last = path[-1]
                ranked = sorted(options, key=partial(_rank, last))
                for v in ranked[:limit]:
                    if not motion_errors(i - 1, h1, h2, last, v):
                        grown.append((cost + _motion(last, v), [*path, v]))
            if grown:
                break
        if not grown:
            return None
        grown.sort(key=lambda c: (c[0], [p.midi for v in c[1] for p in v]))
        seen: set[tuple[int, ...]] = set()
        beam = []
        for cost, path in grown:
            sig = _midis(path[-1])
            if sig not in seen:
                seen.add(sig)
                beam.append((cost, path))
            if len(beam) == width:
                break
    return beam[0][1]
