"""Mastery per skill tag from right/wrong evidence: Beta–Bernoulli with exponential forgetting.

Why this model: each answer or graded note is a Bernoulli trial on one skill, so
a Beta posterior gives both an estimate and its uncertainty from a handful of
observations; weighting each observation by ``0.5 ** (age / half_life)`` lets
recent work count more, so a student who has fixed a habit sees it reflected.
It needs no training data (unlike knowledge tracing) and is cheap to recompute.
Free of Django: plain data in, plain data out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

HALF_LIFE_DAYS = 14.0
# Beta(1, 1): no opinion before the first observation.
PRIOR_RIGHT = 1.0
PRIOR_WRONG = 1.0


@dataclass(frozen=True)
class Observation:
    tag: str
    correct: bool
    at: datetime


@dataclass(frozen=True)
class Mastery:
    """Posterior for one tag: ``mean`` in [0, 1], ``sd`` its standard deviation, ``weight`` effective evidence."""

    tag: str
    mean: float
    sd: float
    weight: float
    recent_wrong: int
    recent_total: int

    @property
    def weakness(self) -> float:
        """Ranks weak spots: low mastery, held with some confidence (an unseen tag is not a weak spot)."""
        return (1.0 - self.mean) * (1.0 - math.exp(-self.weight / 3.0))


def decay_weight(at: datetime, now: datetime, *, half_life_days: float = HALF_LIFE_DAYS) -> float:
    age_days = max((now - at).total_seconds(), 0.0) / 86_400
    return float(0.5 ** (age_days / half_life_days))


def mastery_by_tag(
    observations: list[Observation], *, now: datetime, half_life_days: float = HALF_LIFE_DAYS, recent: int = 10
) -> dict[str, Mastery]:
    """One ``Mastery`` per tag seen. ``recent_wrong``/``recent_total`` count the last ``recent`` observations."""
    right: dict[str, float] = {}
    wrong: dict[str, float] = {}
    latest: dict[str, list[bool]] = {}
    for obs in sorted(observations, key=lambda o: o.at):
        w = decay_weight(obs.at, now, half_life_days=half_life_days)
        bucket = right if obs.correct else wrong
        bucket[obs.tag] = bucket.get(obs.tag, 0.0) + w
        latest.setdefault(obs.tag, []).append(obs.correct)
    result = {}
    for tag, outcomes in latest.items():
        a = PRIOR_RIGHT + right.get(tag, 0.0)
        b = PRIOR_WRONG + wrong.get(tag, 0.0)
        mean = a / (a + b)
        sd = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
        last = outcomes[-recent:]
        result[tag] = Mastery(
            tag=tag, mean=mean, sd=sd, weight=a + b - PRIOR_RIGHT - PRIOR_WRONG,
            recent_wrong=sum(1 for ok in last if not ok), recent_total=len(last),
        )
    return result


def weakest(masteries: dict[str, Mastery], *, limit: int = 5, min_weight: float = 1.0) -> list[Mastery]:
    """The weakest tags with at least ``min_weight`` of evidence, weakest first."""
    candidates = [m for m in masteries.values() if m.weight >= min_weight and m.mean < 0.85]
    return sorted(candidates, key=lambda m: m.weakness, reverse=True)[:limit]
