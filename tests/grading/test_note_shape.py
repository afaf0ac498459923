"""One shape for a graded note: the grader's NoteResult; the row, the profile's GradedNote and the JSON follow it."""

from __future__ import annotations

import dataclasses

from grading.analysis import verdicts
from grading.evidence import GradedNote
from grading.models import NoteResult as NoteRow

GRADED = verdicts.NoteResult(index=3, target_midi=66, target_onset=1.5, target_duration=0.5, sung_midi=65.62,
                             cents=-38.04, onset=2.351, timing_error=0.0123, confidence=0.91, pitch="flat",
                             timing="ok", bar=2, follows_rest=True)


def test_the_row_has_every_field_of_the_graders_note_under_the_same_name() -> None:
    row_fields = {f.name for f in NoteRow._meta.get_fields()}
    assert {f.name for f in dataclasses.fields(verdicts.NoteResult)} <= row_fields


def test_a_row_gives_back_the_note_it_was_made_from() -> None:
    row = NoteRow.from_graded(None, GRADED)  # type: ignore[arg-type]
    graded = row.graded()
    assert isinstance(graded, verdicts.NoteResult) and not graded.reviewed
    assert dataclasses.asdict(graded) == {**dataclasses.asdict(GRADED), "reviewed": False}
    assert graded.to_json() == GRADED.to_json()


def test_a_reviewed_note_says_so_in_its_json_and_counts_in_the_one_summary() -> None:
    reviewed = GradedNote(**{**dataclasses.asdict(GRADED), "pitch": "ok", "reviewed": True})
    assert reviewed.to_json() == {**GRADED.to_json(), "pitch": "ok", "reviewed": True}
    assert verdicts.summary([reviewed])["score"] == 100.0
