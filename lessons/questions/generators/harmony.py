"""Harmony beyond single chords: harmonic dictation, written cadences, non-chord tones, secondary
dominants and 6/4 chords. Progressions are realised in four parts (``progressions.voiced``)."""

from __future__ import annotations

import random
from typing import Any

from music.harmony import Harmony, roman
from music.key import Key
from music.partwriting import Voicing
from music.pitch import Pitch
from music.scale import SCALE_TYPES, scale_pitches

from ..model import Notation, NoteEvent
from .common import ALL_KEYS, ALL_MINOR_KEYS, DIFFICULTY, Param, choose, keys_of, pick_choices
from .ear import TEMPO_QPM, draw_cadence
from .progressions import (
    CADENCE_KINDS,
    CADENCE_TITLES,
    CADENCE_WHY,
    cadence_figures,
    grand_staff,
    in_mode,
    progression_audio,
    voiced,
)

KEYS_PARAM_HELP = "Keys (major names; lower case for minor)."


def _keys_param(default: list[str]) -> Param:
    return Param("keys", "multi", default, KEYS_PARAM_HELP, ALL_KEYS + ALL_MINOR_KEYS,
                 levels=(("C", "G", "F"), ("C", "G", "F", "D", "Bb", "a", "e", "d"), ALL_KEYS + ALL_MINOR_KEYS))


# --- harmonic dictation ------------------------------------------------------

#: Swaps a listener might confuse: same function, or the same chord with another bass.
CONFUSIONS = {
    "IV": ("ii6", "ii", "vi"), "ii6": ("IV", "ii", "IV6"), "ii": ("IV", "ii6", "vi"), "vi": ("IV", "I6", "iii"),
    "I6": ("I", "vi", "V6"), "V6": ("V", "vii°6", "I6"), "V": ("V7", "V6", "I64"), "V7": ("V", "V65", "vii°6"),
    "ii65": ("ii6", "IV", "ii7"), "IV6": ("IV", "ii6", "vi"), "I64": ("I", "I6", "V"), "V43": ("V6", "vii°6", "V65"),
    "I": ("I6", "vi", "IV"),
    "i": ("i6", "VI", "iv"), "iv": ("ii°6", "iv6", "VI"), "ii°6": ("iv", "iv6", "VI"), "VI": ("iv", "i6", "III"),
    "i6": ("i", "VI", "V6"), "iv6": ("iv", "ii°6", "VI"), "iiø65": ("ii°6", "iv", "iv6"), "i64": ("i", "i6", "V"),
}


def bass_degrees(harmonies: list[Harmony], key: Key) -> str:
    """The bass line as scale degrees: ``1 6 4 5 1`` (``#7`` for a raised leading tone in minor)."""
    scale = scale_pitches(key.tonic_pitch, SCALE_TYPES["natural-minor" if key.minor_family else "major"],
                          with_octave=False)
    assert scale is not None
    out = []
    for h in harmonies:
        degree = (h.bass.step - key.tonic_step) % 7
        alter = h.bass.alter - scale[degree].alter
        out.append({-1: "b", 0: "", 1: "#"}[alter] + str(degree + 1))
    return " ".join(out)


def dictation_text(figures: list[str], harmonies: list[Harmony], key: Key) -> str:
    return f"{' '.join(figures)} (bass {bass_degrees(harmonies, key)})"


def build_harmonic_dictation(rng: random.Random, p: dict[str, Any]) -> dict[str, Any]:
    key = choose(rng, keys_of(p["keys"]))
    for _ in range(40):
        figures, soprano = cadence_figures(rng, choose(rng, ("perfect-authentic", "half", "deceptive", "plagal")), key)
        if len(figures) <= p["max_chords"]:
            break
    harmonies, voicings = voiced(figures, key, rng=rng, last_soprano=soprano)
    correct = dictation_text(figures, harmonies, key)
    pool: list[str] = []
    for _ in range(30):
        other = list(figures)
        j = rng.randrange(1, len(other))  # the first chord (the tonic) is given in the prompt
        swaps = [s for s in CONFUSIONS.get(other[j], ()) if s != other[j]]
        if not swaps:
            continue
        other[j] = choose(rng, swaps)
        try:
            others = [roman(f, key) for f in other]
        except ValueError:
            continue
        text = dictation_text(other, others, key)
        repeats = any(a == b for a, b in zip(other, other[1:], strict=False))
        if text != correct and not repeats:
            pool.append(text)
    choices = pick_choices(rng, correct, pool)
    bass = [v[3] for v in voicings]
    return dict(prompt=f"Listen to the phrase in {key.title} (it starts on the tonic). Which numerals and bass line "
                       "did you hear?", answer_mode="choice", answer=correct, choices=choices,
                audio=progression_audio(voicings, tempo_qpm=TEMPO_QPM),
                tags=("harm:harmonic-dictation", "ear:cadence", f"key:{key.name}"),
                explanation=f"The chords were {' '.join(figures)} over the bass "
                            f"{' '.join(b.pretty for b in bass)} (degrees {bass_degrees(harmonies, key)}).")


HARMONIC_DICTATION_PARAMS = (
    _keys_param(["C", "G", "F", "D", "a", "e"]),
    Param("max_chords", "int", 6, "Longest phrase, in chords.", minimum=4, maximum=9, levels=(4, 6, 8)),
    DIFFICULTY,
)


# --- cadences on the staff ---------------------------------------------------

WRITTEN_CADENCES = ("perfect-authentic", "imperfect-authentic", "half", "phrygian", "plagal", "deceptive")


def build_cadence_identify(rng: random.Random, p: dict[str, Any]) -> dict[str, Any]:
    name, key = draw_cadence(rng, p["cadences"], keys_of(p["keys"]))
    figures, soprano = cadence_figures(rng, name, key)
    _, voicings = voiced(figures, key, rng=rng, last_soprano=soprano)
    shown = voicings[-3:]
    notation = grand_staff(shown, key, id_prefix="q")
    titles = [CADENCE_TITLES[c] for c in p["cadences"]]
    choices = pick_choices(rng, CADENCE_TITLES[name], titles, ordered=[CADENCE_TITLES[c] for c in CADENCE_KINDS])
    return dict(prompt=f"These are the last chords of a phrase in {key.title}. Which cadence ends it?",
                answer_mode="choice", answer=CADENCE_TITLES[name], choices=choices, notation=notation,
                tags=("harm:cadence-written", f"cadence:{name}", f"key:{key.name}"),
                explanation=f"The chords are {' '.join(figures[-3:])}: {CADENCE_WHY[name]}. The cadence is "
                            f"{CADENCE_TITLES[name]}.")


CADENCE_IDENTIFY_PARAMS = (
    Param("cadences", "multi", list(WRITTEN_CADENCES), "Cadences (a Phrygian cadence needs a minor key).",
          WRITTEN_CADENCES, levels=(("perfect-authentic", "half", "plagal"),
                                    ("perfect-authentic", "imperfect-authentic", "half", "plagal", "deceptive"),
                                    WRITTEN_CADENCES)),
    _keys_param(["C", "G", "F", "D", "Bb", "a", "e", "d"]),
    DIFFICULTY,
)


# --- secondary dominants -----------------------------------------------------

SECONDARY_TARGETS_MAJOR = ("ii", "iii", "IV", "V", "vi")
SECONDARY_TARGETS_MINOR = ("iv", "V", "VI", "III")
SECONDARY_CHORDS = ("V", "V7", "vii°", "vii°7", "viiø7")
INVERSION_FIGURES = {"V": ("", "6"), "vii°": ("6",), "V7": ("7", "65", "43", "42"), "vii°7": ("7", "65", "43", "42"),
                     "viiø7": ("7", "65", "43", "42")}


def _with_figure(numeral: str, figure: str) -> str:
    """``V7`` + ``65`` -> ``V65``; ``vii°7`` + ``43`` -> ``vii°43``."""
    base = numeral[:-1] if numeral.endswith("7") else numeral
    return base + figure


def build_secondary_dominant(rng: random.Random, p: dict[str, Any]) -> dict[str, Any]:
    key = choose(rng, keys_of(p["keys"]))
    targets = SECONDARY_TARGETS_MINOR if key.minor_family else SECONDARY_TARGETS_MAJOR
    target = choose(rng, targets)
    kinds = [c for c in p["chords"] if not (c == "viiø7" and target.islower())]  # ø7 tonicises a major chord only
    numeral = choose(rng, kinds or ["V7"])
    figure = choose(rng, INVERSION_FIGURES[numeral]) if p["inversions"] else ("7" if numeral.endswith("7") else "")
    label = f"{_with_figure(numeral, figure)}/{target}"
    h = roman(label, key)
    for _ in range(20):  # a complete chord, so every member can be read
        _, voicings = voiced([label], key, rng=rng)
        if {p.pc for p in voicings[0]} == set(h.pcs):
            break
    notation = grand_staff(voicings, key, id_prefix="q")
    pool = []
    for other_target in targets:
        for other in (numeral, *SECONDARY_CHORDS):
            if other == "viiø7" and other_target.islower():
                continue
            pool += [f"{_with_figure(other, fig)}/{other_target}" for fig in INVERSION_FIGURES[other]]
    prefer = [f"{_with_figure(numeral, f)}/{target}" for f in INVERSION_FIGURES[numeral]] + \
             [f"{_with_figure(numeral, figure)}/{t}" for t in targets]
    pool = [x for x in pool if _is_other_chord(x, h, key)]
    prefer = [x for x in prefer if _is_other_chord(x, h, key)]
    choices = pick_choices(rng, label, pool, prefer=prefer[:2])
    tones = " ".join(t.pretty_pc for t in h.tones)
    assert h.resolves_to is not None
    return dict(prompt=f"Name this chord in {key.title} as a secondary function (e.g. V7/V), with its inversion.",
                answer_mode="choice", answer=label, choices=choices, notation=notation,
                tags=("harm:secondary-dominant", f"key:{key.name}"),
                explanation=f"The chord is {tones}: the {h.quality.title} whose leading tone "
                            f"{h.leading_tone.pretty_pc if h.leading_tone else ''} rises to "
                            f"{h.resolves_to.pretty_pc}, the root of {target}. With the "
                            f"{('root', 'third', 'fifth', 'seventh')[h.inversion]} in the bass it is {label}.")


def _is_other_chord(figure: str, h: Harmony, key: Key) -> bool:
    try:
        other = roman(figure, key)
    except ValueError:
        return False
    return other.pcs != h.pcs or other.inversion != h.inversion


SECONDARY_PARAMS = (
    Param("chords", "multi", ["V", "V7"], "Secondary chords: V, V7, vii°, vii°7, viiø7 of a diatonic chord.",
          SECONDARY_CHORDS, levels=(("V", "V7"), ("V", "V7", "vii°7"), SECONDARY_CHORDS)),
    Param("inversions", "bool", True, "Inverted chords too.", levels=(False, True, True)),
    _keys_param(["C", "G", "F", "D", "Bb", "a", "e", "d"]),
    DIFFICULTY,
)


# --- 6/4 chords --------------------------------------------------------------

SIX_FOUR_TYPES = {
    # kind: (major-key numerals, index of the 6/4 chord)
    "cadential": (("IV", "I64", "V"), 1),
    "passing": (("I", "V64", "I6"), 1),
    "pedal": (("I", "IV64", "I"), 1),
    "arpeggiated": (("I", "I64", "I6"), 1),
}
SIX_FOUR_WHY = {
    "cadential": "a tonic 6/4 on a strong beat over the dominant bass, resolving to V over the same bass",
    "passing": "the bass passes by step between two positions of one chord, the 6/4 in the middle",
    "pedal": "the bass holds one note while the upper voices move to a 6/4 and back (a neighbour motion)",
    "arpeggiated": "the bass arpeggiates one chord, touching its fifth: the 6/4 is the same harmony",
}


def build_six_four(rng: random.Random, p: dict[str, Any]) -> dict[str, Any]:
    key = choose(rng, keys_of(p["keys"]))
    kind = choose(rng, p["types"])
    numerals, index = SIX_FOUR_TYPES[kind]
    figures = in_mode(numerals, key)
    if kind == "cadential" and rng.random() < 0.5:
        figures = [in_mode(("ii6",), key)[0], *figures[1:]]
    harmonies, voicings = _voiced_six_four(figures, key, rng, kind)
    notation = grand_staff(voicings, key, highlight=(index,), id_prefix="q")
    choices = pick_choices(rng, kind, list(SIX_FOUR_TYPES), ordered=list(SIX_FOUR_TYPES))
    return dict(prompt=f"In {key.title}, what kind of 6/4 chord is the coloured one?", answer_mode="choice",
                answer=kind, choices=choices, notation=notation,
                tags=("harm:six-four", f"key:{key.name}", f"rn:{figures[index]}"),
                explanation=f"{' '.join(figures)}: {SIX_FOUR_WHY[kind]}, so it is a {kind} 6/4.")


MAX_SIX_FOUR_TRIES = 30


def _voiced_six_four(figures: list[str], key: Key, rng: random.Random,
                     kind: str) -> tuple[list[Harmony], list[Voicing]]:
    """The 6/4 progressions with the bass each type needs (pedal: held; arpeggiated: leaping within the chord)."""
    for _ in range(MAX_SIX_FOUR_TRIES):
        harmonies, voicings = voiced(figures, key, rng=rng)
        b = [v[3].midi for v in voicings]
        steps = (b[1] - b[0], b[2] - b[1])
        wanted = {
            "cadential": b[1] == b[2],
            "passing": all(0 < abs(x) <= 2 for x in steps) and steps[0] * steps[1] > 0,
            "pedal": b[0] == b[1] == b[2],
            "arpeggiated": all(abs(x) > 2 for x in steps),
        }[kind]
        if wanted:
            return harmonies, voicings
    raise AssertionError(f"no {kind} 6/4 voicing in {key.label}")  # pragma: no cover - tested over every key


SIX_FOUR_PARAMS = (
    Param("types", "multi", list(SIX_FOUR_TYPES), "6/4 types: cadential, passing, pedal, arpeggiated.",
          tuple(SIX_FOUR_TYPES), levels=(("cadential", "passing"), tuple(SIX_FOUR_TYPES), tuple(SIX_FOUR_TYPES))),
    _keys_param(["C", "G", "F", "D", "Bb", "a", "e"]),
    DIFFICULTY,
)


# --- non-chord tones ---------------------------------------------------------

NCT_TYPES = ("passing", "neighbour", "appoggiatura", "escape", "suspension", "retardation", "anticipation")
NCT_TITLES = {"passing": "passing tone", "neighbour": "neighbour tone", "appoggiatura": "appoggiatura",
              "escape": "escape tone", "suspension": "suspension", "retardation": "retardation",
              "anticipation": "anticipation"}
NCT_WHY = {
    "passing": "approached and left by step in the same direction, on a weak beat",
    "neighbour": "steps away from a chord tone and back to it",
    "appoggiatura": "approached by leap and resolved by step the other way, on the beat",
    "escape": "approached by step and left by leap the other way, off the beat",
    "suspension": "a chord tone held over into the next chord, where it clashes, then resolved down by step",
    "retardation": "a chord tone held over into the next chord, then resolved up by step",
    "anticipation": "a note of the next chord arriving early, then repeated when that chord comes",
}


def _scale_near(key: Key) -> list[Pitch]:
    """The key's scale (harmonic minor in minor) from G3 to G5, low to high."""
    scale = scale_pitches(key.tonic_pitch, SCALE_TYPES["harmonic-minor" if key.minor_family else "major"],
                          with_octave=False)
    assert scale is not None
    out = [Pitch(p.step, p.alter, p.octave + o) for o in (-1, 0, 1) for p in scale]
    return sorted((p for p in out if 55 <= p.midi <= 79), key=lambda p: p.midi)


def build_nct(rng: random.Random, p: dict[str, Any]) -> dict[str, Any]:
    """A two-chord bar (each chord a half note under the melody) with one non-chord tone coloured."""
    key = choose(rng, keys_of(p["keys"]))
    for _ in range(200):
        kind = choose(rng, p["types"])
        pair = choose(rng, (("I", "V"), ("I", "IV"), ("IV", "V"), ("V", "I"), ("ii6", "V"), ("I", "vi"), ("vi", "IV")))
        figures = in_mode(pair, key)
        harmonies, voicings = voiced(figures, key, rng=rng)
        melody = _nct_melody(rng, kind, key, harmonies, voicings)
        if melody is not None:
            break
    else:
        raise AssertionError("no non-chord-tone melody found")  # pragma: no cover - every type fits I–V
    events, index = melody
    lower = tuple(NoteEvent((v[3], v[2], v[1]), "half", text=f) for v, f in zip(voicings, figures, strict=True))
    notation = Notation(clef="treble", key_fifths=key.fifths, time=(4, 4), measures=(tuple(events),),
                        lower=(lower,), id_prefix="q")
    choices = pick_choices(rng, NCT_TITLES[kind], [NCT_TITLES[t] for t in p["types"]] + list(NCT_TITLES.values()),
                           ordered=[NCT_TITLES[t] for t in NCT_TYPES])
    return dict(prompt=f"In {key.title}, over {' – '.join(figures)}: what kind of non-chord tone is the coloured "
                       "note?", answer_mode="choice", answer=NCT_TITLES[kind], choices=choices, notation=notation,
                tags=("harm:nct", f"key:{key.name}"),
                explanation=f"The coloured note is not in the chord under it; it is {NCT_WHY[kind]}: "
                            f"{'an' if kind[0] in 'aeiou' else 'a'} {NCT_TITLES[kind]}.")


def _step(scale: list[Pitch], p: Pitch, d: int) -> Pitch | None:
    idx = next((i for i, s in enumerate(scale) if s.midi == p.midi), None)
    if idx is None or not 0 <= idx + d < len(scale):
        return None
    return scale[idx + d]


def _nct_melody(rng: random.Random, kind: str, key: Key, harmonies: list[Harmony],
                voicings: list[Voicing]) -> tuple[list[NoteEvent], int] | None:
    """Melody events (quarters, eighths; a tie for suspensions) and the index of the non-chord tone."""
    scale = _scale_near(key)
    first, second = harmonies
    top1, top2 = voicings[0][0], voicings[1][0]

    def ct(h: Harmony, p: Pitch | None) -> bool:
        return p is not None and h.member(p.pc) is not None

    def nct(h: Harmony, p: Pitch | None) -> bool:
        return p is not None and h.member(p.pc) is None

    q, e = "quarter", "eighth"
    if kind == "passing":
        for d in rng.sample((1, -1), 2):
            a, b = _step(scale, top1, d), _step(scale, top1, 2 * d)
            if nct(first, a) and ct(second, b):
                assert a is not None and b is not None
                return [NoteEvent((top1,), q), NoteEvent((a,), q, highlight=True), NoteEvent((b,), "half")], 1
    if kind == "neighbour":
        for d in rng.sample((1, -1), 2):
            a = _step(scale, top1, d)
            if nct(first, a):
                assert a is not None
                return [NoteEvent((top1,), q), NoteEvent((a,), e, highlight=True), NoteEvent((top1,), e),
                        NoteEvent((top2,), "half")], 1
    if kind == "appoggiatura":
        for d in rng.sample((1, -1), 2):
            a = _step(scale, top2, d)  # resolves by step (down when d = 1) to the chord tone of chord 2
            before = top1
            if nct(second, a) and a is not None and abs(a.diatonic - before.diatonic) > 1 and \
                    (a.midi - before.midi) * (top2.midi - a.midi) < 0:
                return [NoteEvent((top1,), "half"), NoteEvent((a,), q, highlight=True), NoteEvent((top2,), q)], 1
    if kind == "escape":
        for d in rng.sample((1, -1), 2):
            a = _step(scale, top1, d)
            if nct(first, a) and a is not None and abs(top2.diatonic - a.diatonic) > 1 and \
                    (a.midi - top1.midi) * (top2.midi - a.midi) < 0:
                return [NoteEvent((top1,), q), NoteEvent((top1,), e), NoteEvent((a,), e, highlight=True),
                        NoteEvent((top2,), "half")], 2
    if kind in ("suspension", "retardation"):
        d = -1 if kind == "suspension" else 1
        held = _step(scale, top2, -d)  # the note above (suspension) or below (retardation) the resolution
        if ct(first, held) and nct(second, held) and held is not None:
            return [NoteEvent((top1,), q) if top1.midi != held.midi else NoteEvent((held,), q),
                    NoteEvent((held,), q, tie="start"), NoteEvent((held,), q, tie="stop", highlight=True),
                    NoteEvent((top2,), q)], 2
    if kind == "anticipation" and nct(first, top2) and top1.midi != top2.midi:
        return [NoteEvent((top1,), q, dots=1), NoteEvent((top2,), e, highlight=True),
                NoteEvent((top2,), "half")], 1
    return None


NCT_PARAMS = (
    Param("types", "multi", ["passing", "neighbour", "suspension"], "Non-chord tones.", NCT_TYPES,
          levels=(("passing", "neighbour"), ("passing", "neighbour", "suspension", "appoggiatura"), NCT_TYPES)),
    _keys_param(["C", "G", "F", "D", "a", "e"]),
    DIFFICULTY,
)
