"""Weak spots a person can read, and the drill that aims at them. Free of Django: plain data in and out.

The evidence itself comes from the apps (``grading.evidence`` for graded
notes, the question generators' tags for quiz answers). Here:

1. :func:`rank_weak_spots` ranks the profile's weak tags and "explains away"
   tags whose failures are the same events as a weaker tag's: a wrong quiz
   answer about a sixth fails its ``clef:treble`` tag as well, but the cause
   is one weak spot. (A flat F# no longer fails the intervals into and out of
   it: ``grading.evidence`` charges an interval only when both its notes are
   in tune on their own, so a note's slip is never counted three times.)
2. :func:`drill_params_for_weak_spots` maps the top weak spots, a level, a
   tempo and a voice range to drill parameters (``generation.melody.DrillParams``
   fields), and :func:`practice_setting_next` is the rule that moves the level
   and tempo.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from generation.melody.params import LEVELS
from generation.melody.rhythm import all_rhythm_tags
from grading.evidence import MAX_TAGGED_INTERVAL
from music.duration import AFTER_REST
from music.interval import parse_interval
from music.key import Key, make_key
from music.pitch import pc_of
from music.spelling import spell_in_key
from music.words import key_text, skill_name
from tutor.mastery import Mastery

# --------------------------------------------------------------------------- readable tags



def tag_label(tag: str) -> str:
    """A tag in words, as a teacher names the skill (``music.words.skill_name``).

    >>> tag_label("pc:F#@G"), tag_label("int:+m6"), tag_label("rhy:after-rest"), tag_label("key:c#")
    ('F♯ in G major', 'rising minor sixth', 'coming in after a rest', 'C♯ minor')
    """
    return skill_name(tag)


# --------------------------------------------------------------------------- weak spots

#: A tag is a weak spot when its mastery is below this even one standard deviation up (so a single
#: slip among four answers is not one), held with at least MIN_WEIGHT of evidence.
WEAK_BELOW = 0.7
MIN_WEIGHT = 3.0
#: How many of a tag's latest observations the readable line counts ("flat in 7 of the last 9").
RECENT = 10
#: A tag is explained by a weaker one when at least this share of its recent failures are the same events.
EXPLAINED_SHARE = 0.5
_KIND_WORDS = ("flat", "sharp", "late", "early", "narrow", "wide", "instead")


@dataclass(frozen=True)
class Observation:
    """One observation with the events it came from (a note of a take, a quiz answer), newest last."""

    tag: str
    correct: bool
    detail: str
    at: datetime
    events: frozenset[Hashable] = frozenset()
    #: A quiz answer ("key_signature_construct: 1 sharp: F♯"), not a sung note: its words name no slip.
    from_quiz: bool = False


@dataclass
class WeakSpot:
    """A ranked weak spot: the tag, its mastery, and the line a person reads."""

    tag: str
    mastery: Mastery
    label: str
    summary: str
    examples: list[str]
    related: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.mastery.mean


def _summary(tag: str, recent: list[Observation], key_label: str) -> str:
    wrong = [o for o in recent if not o.correct]
    # A sung note says how it slipped ("F♯4 30 cents flat"); a quiz answer was only wrong ("1 sharp: F♯" is no
    # sharp note: nine such answers read "key signatures: sharp in 9 of the last 10").
    words = Counter(w for o in wrong if not o.from_quiz for w in _KIND_WORDS if re.search(rf"\b{w}\b", o.detail))
    word = words.most_common(1)[0][0] if words else "wrong"
    word = {"instead": "a wrong note"}.get(word, word)
    subject = key_label
    if tag.startswith("pc:"):
        names = Counter(o.detail.split(" ", 1)[0].rstrip(":") for o in wrong)
        if names:
            tonic = tag.split("@", 1)[1]
            subject = f"{names.most_common(1)[0][0]} in {key_text(tonic)}"
    return f"{subject}: {word} in {len(wrong)} of the last {len(recent)}"


def rank_weak_spots(
    masteries: dict[str, Mastery],
    observations: Sequence[Observation],
    *,
    limit: int = 5,
    weak_below: float = WEAK_BELOW,
    min_weight: float = MIN_WEIGHT,
) -> list[WeakSpot]:
    """The weakest tags, weakest first, each with a readable line; correlated tags folded in.

    Candidates have mastery below ``weak_below`` even one posterior standard
    deviation up, and at least ``min_weight`` of (decayed) evidence; they are
    taken in order of
    :attr:`tutor.mastery.Mastery.weakness`. A candidate whose recent failures
    share events (the same note, a neighbouring note, the same quiz answer)
    with an already chosen weak spot in at least half the cases is listed
    under that spot's ``related`` instead of on its own.
    """
    by_tag: dict[str, list[Observation]] = {}
    for o in sorted(observations, key=lambda o: o.at):
        by_tag.setdefault(o.tag, []).append(o)
    candidates = sorted(
        (m for m in masteries.values() if m.weight >= min_weight and m.mean + m.sd < weak_below),
        key=lambda m: m.weakness, reverse=True,
    )
    chosen: list[tuple[WeakSpot, set[Hashable]]] = []
    for m in candidates:
        history = by_tag.get(m.tag, [])
        failures = [o for o in history if not o.correct][-2 * RECENT :]
        failed_events = [o.events for o in failures if o.events]
        owner = None
        for spot, events in chosen:
            shared = sum(1 for e in failed_events if e & events)
            if failed_events and shared / len(failed_events) >= EXPLAINED_SHARE:
                owner = spot
                break
        if owner is not None:
            owner.related.append(m.tag)
            continue
        if len(chosen) >= limit:
            continue
        recent = history[-RECENT:]
        label = tag_label(m.tag)
        spot = WeakSpot(
            tag=m.tag, mastery=m, label=label, summary=_summary(m.tag, recent, label),
            examples=[o.detail for o in reversed(recent) if not o.correct][:3],
        )
        all_failed: set[Hashable] = set()
        for o in history:
            if not o.correct:
                all_failed |= o.events
        chosen.append((spot, all_failed))
    return [spot for spot, _ in chosen]


# --------------------------------------------------------------------------- the drill for weak spots

#: The level and tempo a student starts at before any weak-spot drill.
START_LEVEL = 2
#: The rule that moves them (see practice_setting_next).
RISE_AT_PERCENT = 85.0
COLLAPSE_BELOW_PERCENT = 50.0
RISE_TAKES = 3
COLLAPSE_TAKES = 2
TEMPO_STEP_BPM = 8
TEMPO_HEADROOM_BPM = 16
MIN_TEMPO_BPM = 48
MAX_TARGET_NOTES = 3
MAX_TARGET_INTERVALS = 2
MAX_TARGET_RHYTHMS = 1


@dataclass(frozen=True)
class PracticeSetting:
    """The level (1..6) and tempo (quarter BPM) of the next weak-spot drill, and why."""

    level: int
    tempo: int
    change: str  # "start", "hold", "rise", "fall"
    reason: str


def practice_setting_next(*, level: int | None, tempo: int | None, recent_scores: Sequence[float]) -> PracticeSetting:
    """The rule: rise only on sustained accuracy, fall when it collapses.

    ``recent_scores`` are the percentages (0..100) of the graded takes of
    weak-spot drills made at the current ``level`` and ``tempo``, oldest first.

    - Rise: the mean of the last 3 takes is at least 85 %. The tempo goes up
      8 BPM; once it would pass the level's preset tempo + 16, the level goes
      up instead (at the new level's preset tempo).
    - Fall: the mean of the last 2 takes is below 50 %. The level goes down
      one (at its preset tempo); at level 1 the tempo drops 8 BPM (not below 48).
    - Otherwise hold: fewer takes than that, or accuracy in between.

    >>> practice_setting_next(level=2, tempo=80, recent_scores=[90, 88, 95]).tempo
    88
    >>> practice_setting_next(level=2, tempo=96, recent_scores=[90, 88, 95]).level
    3
    >>> practice_setting_next(level=3, tempo=88, recent_scores=[70, 40, 30]).level
    2
    >>> practice_setting_next(level=3, tempo=88, recent_scores=[90, 90]).change
    'hold'
    """
    if level is None or tempo is None:
        return PracticeSetting(START_LEVEL, int(LEVELS[START_LEVEL]["tempo"]), "start", "first weak-spot drill")
    scores = list(recent_scores)
    if len(scores) >= RISE_TAKES:
        mean = sum(scores[-RISE_TAKES:]) / RISE_TAKES
        if mean >= RISE_AT_PERCENT:
            ceiling = int(LEVELS[level]["tempo"]) + TEMPO_HEADROOM_BPM
            why = f"{mean:.0f} % over the last {RISE_TAKES} takes"
            if tempo + TEMPO_STEP_BPM <= ceiling or level >= max(LEVELS):
                return PracticeSetting(level, min(tempo + TEMPO_STEP_BPM, 200), "rise", f"faster: {why}")
            return PracticeSetting(level + 1, int(LEVELS[level + 1]["tempo"]), "rise", f"next level: {why}")
    if len(scores) >= COLLAPSE_TAKES:
        mean = sum(scores[-COLLAPSE_TAKES:]) / COLLAPSE_TAKES
        if mean < COLLAPSE_BELOW_PERCENT:
            why = f"{mean:.0f} % over the last {COLLAPSE_TAKES} takes"
            if level > min(LEVELS):
                return PracticeSetting(level - 1, int(LEVELS[level - 1]["tempo"]), "fall", f"easier level: {why}")
            return PracticeSetting(level, max(MIN_TEMPO_BPM, tempo - TEMPO_STEP_BPM), "fall", f"slower: {why}")
    return PracticeSetting(level, tempo, "hold", f"{len(scores)} take(s) at this level and tempo so far")


def _spell_range(low_midi: int, high_midi: int, key: Key) -> tuple[str, str]:
    return spell_in_key(low_midi, key).name, spell_in_key(high_midi, key).name


def drill_params_for_weak_spots(
    tags: Sequence[str],
    *,
    level: int,
    tempo: int,
    voice_range: tuple[int, int] | None = None,
    fallback_key: str = "C",
    seed: int | None = None,
) -> dict[str, Any]:
    """Drill parameters (``DrillParams.preset`` overrides) aimed at ``tags``, weakest first.

    - Key: the first ``pc:`` (or ``key:``) weak spot's key, else ``fallback_key``.
    - Target notes: the pitch classes of ``pc:`` spots in that key (up to 3).
    - Target intervals: ``int:`` spots (up to 2); the largest leap allowed grows to fit them.
    - Rhythms: a figure (``rhy:dotted-8th-16th``) becomes a target rhythm with
      the note values and dots it needs; ``rhy:after-rest`` asks for two
      entries after a rest in every two bars.
    - Range: ``voice_range`` (MIDI low, high; the range test) when measured,
      trimmed to at most an octave and a sixth around its middle; else the
      level's default around the tonic.
    Tags the generator cannot aim at (a clef, a chord quality) are skipped.
    """
    key_text, mode = fallback_key, "major"
    for tag in tags:
        prefix, _, value = tag.partition(":")
        if prefix == "pc" and "@" in value:
            key_text = value.split("@", 1)[1]
            break
        if prefix == "key":
            key_text, mode = (value[0].upper() + value[1:], "minor") if value[:1].islower() else (value, "major")
            break
    key = make_key(key_text, mode)
    preset = LEVELS[level]
    notes: list[str] = []
    intervals: list[str] = []
    rhythms: list[str] = []
    rests = 0
    for tag in tags:
        prefix, _, value = tag.partition(":")
        if prefix == "pc" and "@" in value:
            note, tonic = value.split("@", 1)
            if tonic == key.tonic and note not in notes and len(notes) < MAX_TARGET_NOTES:
                notes.append(note)
        elif prefix == "int" and len(intervals) < MAX_TARGET_INTERVALS:
            try:
                semitones = abs(parse_interval(value).semitones)
            except ValueError:
                continue
            if 0 < semitones <= MAX_TAGGED_INTERVAL and value not in intervals:
                intervals.append(value)
        elif prefix == "rhy":
            if value == AFTER_REST:
                rests = 2
            elif value in all_rhythm_tags() and len(rhythms) < MAX_TARGET_RHYTHMS:
                rhythms.append(value)
    durations = list(preset["durations"])
    dots = bool(preset["dots"])
    for rhythm in rhythms:
        if "dotted" in rhythm:
            dots = True
        if "16th" in rhythm and "16th" not in durations:
            durations.append("16th")
        if "8th" in rhythm and "eighth" not in durations:
            durations.append("eighth")
    params: dict[str, Any] = {
        "key": key.tonic, "mode": key.mode, "tempo": int(tempo), "durations": durations, "dots": dots,
        "target_notes": notes, "target_intervals": intervals, "target_rhythms": rhythms, "rests": rests,
        "triplets": bool(preset["triplets"]) or any("triplet" in r for r in rhythms),
        "syncopation": bool(preset["syncopation"]) or "syncopation" in rhythms,
        "accidentals": bool(preset["accidentals"]) or any(key.degree_of_pc(pc_of(n)) < 0 for n in notes),
        "target_bias": 3.0,
        "seed": seed,
    }
    if intervals:
        widest = max(abs(parse_interval(i).semitones) for i in intervals)
        params["max_leap"] = max(int(preset["max_leap"]), widest)
    if voice_range is not None:
        low, high = sorted(voice_range)
        span = min(high - low, 20)
        middle = (low + high) // 2
        low, high = middle - span // 2, middle - span // 2 + span
        params["low"], params["high"] = _spell_range(low, high, key)
    return params


def drill_contains(drill_tags: Sequence[str], target: str) -> bool:
    """True when a drill's tags include ``target`` (the simulation's and the tests' measure)."""
    return target in set(drill_tags)
