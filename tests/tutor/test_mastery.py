from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tutor.mastery import Observation, mastery_by_tag, weakest
from tutor.models import SkillEvidence, User
from tutor.services import evidence_record, skill_profile

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def obs(tag: str, correct: bool, days_ago: float) -> Observation:
    return Observation(tag, correct, NOW - timedelta(days=days_ago))


def test_it_estimates_mastery_with_its_uncertainty() -> None:
    few = mastery_by_tag([obs("int:+m6", False, 0), obs("int:+m6", True, 0)], now=NOW)["int:+m6"]
    many = mastery_by_tag([obs("int:+m6", i % 2 == 0, 0) for i in range(40)], now=NOW)["int:+m6"]
    assert few.mean == pytest.approx(0.5) and many.mean == pytest.approx(0.5, abs=0.02)
    assert many.sd < few.sd / 2


def test_recent_evidence_counts_more_than_old() -> None:
    fixed = [obs("pc:F#@G", False, 60) for _ in range(8)] + [obs("pc:F#@G", True, 0) for _ in range(4)]
    assert mastery_by_tag(fixed, now=NOW)["pc:F#@G"].mean > 0.7
    relapsed = [obs("pc:F#@G", True, 60) for _ in range(8)] + [obs("pc:F#@G", False, 0) for _ in range(4)]
    assert mastery_by_tag(relapsed, now=NOW)["pc:F#@G"].mean < 0.3


def test_weak_spots_need_evidence_and_come_weakest_first() -> None:
    observations = (
        [obs("clef:alto", False, 0) for _ in range(6)]
        + [obs("key:Eb", False, 0), obs("key:Eb", True, 0), obs("key:Eb", False, 0)]
        + [obs("int:+P5", True, 0) for _ in range(6)]
    )
    ranked = weakest(mastery_by_tag(observations, now=NOW), min_weight=1.0)
    assert [m.tag for m in ranked] == ["clef:alto", "key:Eb"]
    assert ranked[0].recent_wrong == 6 and ranked[0].recent_total == 6


@pytest.mark.django_db
def test_recording_the_same_evidence_twice_counts_once(student: User) -> None:
    items = [("pc:F#@G", False, "38 cents flat"), ("int:+m2", True, "")]
    evidence_record(student=student, source="note", source_id=41, items=items)
    evidence_record(student=student, source="note", source_id=41, items=items)
    assert SkillEvidence.objects.filter(student=student).count() == 2
    assert skill_profile(student=student)["pc:F#@G"].recent_wrong == 1
