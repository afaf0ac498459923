"""Phrase plans: which bars return, varied how, and where the cadences fall.

A plan is what a teacher sketches before writing notes: the form (AA',
ABAC, AABA, a period, a sentence), phrases of two or four bars that end
with a half cadence and then an authentic one, and a motif that comes back
varied. Each bar may name an earlier *source* bar and a relation:

- ``repeat``: the same rhythm and pitches (a return of the opening);
- ``sequence``: the same rhythm, the pitches moved by ``shift`` scale steps
  (wherever the chord and range allow, so the move also lands it on the bar's
  chord: transposition to the chord);
- ``echo``: the same rhythm, new pitches (a rhythmic echo).

The relations are preferences: the sampler follows them only where every
constraint still holds. The probabilities below were set so that repeated
bars, tunes with a repeated bar and repeated two-bar units come out near the
held-out Essen songs (``benchmarks/generation_metrics.py`` measures them).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .params import form_sections

#: Forms chosen per length when none is asked for (sections of equal length).
DEFAULT_FORMS: dict[int, tuple[str, ...]] = {
    2: ("period",), 4: ("period", "AB"), 6: ("ABA'",), 8: ("period", "sentence", "ABAC", "AA'"),
    12: ("ABA'", "AA'B"), 16: ("AABA", "ABAC", "AA'BA'"),
}
P_VARIED_TUNE = 0.3  # a tune whose returns are all varied (no bar comes back note for note), as in a third of folk songs
P_OPENING_RETURNS = 0.95  # otherwise a returning section starts with its opening bar note for note
P_INNER_RETURNS = 0.75  # later bars of a returning section, note for note (else a rhythmic echo)
P_MOTIF_REPEAT = 0.12  # the second bar of a phrase repeats the first
P_SEQUENCE = 0.4  # ... or is a sequence of it
P_ECHO = 0.3  # ... or a rhythmic echo of it
TWO_PERIODS = 16  # bars from which a tune may answer at its midpoint (AABA: half, authentic, half, authentic)
#: Where a tune's high point is planned, as a share of its length, drawn evenly between the two. The held-out
#: Essen songs first reach theirs at 0.38 of the tune on average; the drills, unplanned, at 0.26, planned here
#: at 0.36 (many still reach it in the opening bar, where the tonic they start on is near the top of the range).
CLIMAX_SPAN = (0.3, 0.75)
CLIMAX_MIN_BARS = 4  # shorter tunes are one phrase: no high point is planned


@dataclass
class BarLink:
    source: int
    relation: str  # "repeat" | "sequence" | "echo"
    shift: int = 0  # scale steps, for a sequence


@dataclass
class PhrasePlan:
    sections: list[str]
    section_bars: int
    links: dict[int, BarLink] = field(default_factory=dict)
    #: bar index -> "half" | "authentic": the cadence that ends on that bar (the last bar is always authentic).
    cadences: dict[int, str] = field(default_factory=dict)
    #: The bar where the tune first reaches its highest note (``None``: not planned).
    climax: int | None = None

    @property
    def phrase_ends(self) -> list[int]:
        return sorted(self.cadences)


def plan_phrases(bars: int, form: str, rng: np.random.Generator, *, structured: bool = True) -> PhrasePlan:
    """A plan for ``bars`` bars in ``form`` (one is chosen for the length when ``form`` is empty).

    ``structured=False`` (scale, interval and rhythm drills) keeps only the cadences.
    """
    if not form:
        options = DEFAULT_FORMS.get(bars)
        if options is None:
            # Other even lengths: two-bar phrases in the cycle A B A' C (7 phrases: A B A' C A B A').
            cycle = ["A", "B", "A'", "C"]
            options = ("".join(cycle[k % 4] for k in range(bars // 2)),) if bars % 2 == 0 else ("",)
        form = str(rng.choice(list(options)))
    sections = form_sections(form) if form else []
    if not sections or bars % len(sections):
        sections = ["A"]
    length = bars // len(sections)
    plan = PhrasePlan(sections=sections, section_bars=length)
    # Cadences: a phrase of at least two bars ends with one; question (half) then answer (authentic). A tune
    # shorter than two periods asks at its midpoint (2+2 | 2+2 of ABAC in 8 bars answered at bar 4, and the
    # tune stopped there): a question there, the answer at the end.
    if form == "sentence":
        plan.cadences[bars - 1] = "authentic"
    else:
        for k in range(len(sections)):
            end = (k + 1) * length - 1
            if length >= 2 or end == bars - 1:
                answers = k % 2 == 1 and (bars >= TWO_PERIODS or 2 * (end + 1) != bars)
                plan.cadences[end] = "authentic" if end == bars - 1 or answers else "half"
    if not structured:
        return plan
    literal = rng.random() >= P_VARIED_TUNE
    first_of: dict[str, int] = {}
    for k, section in enumerate(sections):
        start = k * length
        letter = section[0]
        if letter in first_of:
            source = first_of[letter] * length
            for j in range(length):
                bar = start + j
                if bar == bars - 1:
                    continue  # the final bar cadences on its own
                cadence_differs = plan.cadences.get(bar) != plan.cadences.get(source + j)
                returns = P_OPENING_RETURNS if j == 0 else (P_INNER_RETURNS if not cadence_differs else 0.0)
                if literal and rng.random() < returns:
                    plan.links[bar] = BarLink(source + j, "repeat")
                else:
                    plan.links[bar] = BarLink(source + j, "echo" if not cadence_differs else "sequence",
                                              int(rng.choice([-1, 1])))
        else:
            first_of[letter] = k
            _motif_links(plan, start, length, bars, rng, literal)
    plan.climax = _climax_bar(plan, bars, rng)
    return plan


def _climax_bar(plan: PhrasePlan, bars: int, rng: np.random.Generator) -> int | None:
    """The bar where the tune first reaches its high point: one that brings new notes (not a bar returning
    note for note, whose source would reach it first), past the first and before the last, near a share of the
    tune drawn from :data:`CLIMAX_SPAN`."""
    if bars < CLIMAX_MIN_BARS:
        return None
    candidates = [b for b in range(1, bars - 1)
                  if not (b in plan.links and plan.links[b].relation == "repeat")]
    if not candidates:
        return None
    aim = rng.uniform(*CLIMAX_SPAN) * bars
    return min(candidates, key=lambda b: (abs(b + 0.5 - aim), b))


def _motif_links(plan: PhrasePlan, start: int, length: int, bars: int, rng: np.random.Generator,
                 literal: bool) -> None:
    """Inside a new section: the second bar answers the first (sequence or echo), the third may echo it."""
    if length < 2:
        return
    second = start + 1
    if second < bars - 1 and second not in plan.cadences:
        r = rng.random()
        if literal and r < P_MOTIF_REPEAT:
            plan.links[second] = BarLink(start, "repeat")
        elif r < P_MOTIF_REPEAT + P_SEQUENCE:
            plan.links[second] = BarLink(start, "sequence", int(rng.choice([-2, -1, 1, 2])))
        elif r < P_MOTIF_REPEAT + P_SEQUENCE + P_ECHO:
            plan.links[second] = BarLink(start, "echo")
    third = start + 2
    if length >= 4 and third < bars - 1 and third not in plan.cadences and rng.random() < 0.4:
        plan.links[third] = BarLink(start, "sequence", int(rng.choice([-1, 1, 2])))
