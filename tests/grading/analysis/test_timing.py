"""A note is early or late against what its neighbours predict: drift is not an error, and a
neighbour or two that are late (or matched off by the follower) do not make the others early."""

from __future__ import annotations

import numpy as np
import pytest

from grading.analysis.timing import timing_errors

BEAT = 0.75  # seconds per score beat


def test_two_late_notes_at_the_end_do_not_make_the_notes_before_early() -> None:
    # On time throughout, but the last two notes 0.22 s and 0.5 s late (a late note, and the last one
    # followed late). main: the two notes before them -0.11 s and -0.165 s, graded early.
    score = np.arange(22) * BEAT
    onsets = 1.0 + score.copy()
    onsets[20] += 0.22
    onsets[21] += 0.5
    errors, _, _ = timing_errors(score, onsets)
    assert np.all(np.abs(errors[:20]) < 0.01), errors.round(3)
    assert errors[20] == pytest.approx(0.22, abs=0.01)
    assert errors[21] == pytest.approx(0.5, abs=0.01)


@pytest.mark.parametrize("slower_by_the_end", [0.06, 0.12])
def test_a_steady_slowing_down_is_neither_early_nor_late(slower_by_the_end: float) -> None:
    score = np.arange(24) * 0.5
    beats = 0.5 * (1.0 + slower_by_the_end * np.arange(23) / 23)
    onsets = 0.8 + np.concatenate([[0.0], np.cumsum(beats)])
    errors, _, _ = timing_errors(score, onsets)
    assert np.all(np.abs(errors) < 0.08), errors.round(3)


def test_a_swell_heard_late_is_judged_from_where_it_began_and_a_late_start_stays_late() -> None:
    # Every third note swells in and is heard 0.15-0.3 s after it began, its start read at its
    # own partials; the others are heard at once. Note 9 began 0.25 s late as well.
    score = np.arange(18) * BEAT
    began = 1.0 + score.copy()
    began[9] += 0.25
    heard_after = np.where(np.arange(18) % 3 == 0, np.linspace(0.15, 0.3, 18), 0.02)
    onsets = began + heard_after
    read_start = np.where(heard_after > 0.1, began, np.nan)
    errors, _, _ = timing_errors(score, onsets, began=read_start)
    assert np.all(np.abs(np.delete(errors, 9)) < 0.05), errors.round(3)
    assert errors[9] == pytest.approx(0.25, abs=0.03)
    heard_only, _, _ = timing_errors(score, onsets)
    assert np.abs(np.delete(heard_only, 9)).max() > 0.1  # the swells' length read as lateness


def test_a_late_note_read_from_its_exact_start_among_neighbours_heard_late_stays_late() -> None:
    # A reverberant room: every note is heard 0.2 s after it begins, and no start is read for it.
    # Every fourth note swells in (heard 0.4 s after it began) and its start is read, exactly; note 10
    # begins 0.2 s late, heard 0.2 s after that like the others, and its start is read exactly too.
    # Against the neighbours' heard times that start reads on time (main: 0.0 s); against where they
    # began (their heard time less the take's lag, 0.2 s, read from the swells), it is late.
    score = np.arange(20) * BEAT
    began = 1.0 + score.copy()
    began[10] += 0.2
    swell = np.arange(20) % 4 == 1
    onsets = began + np.where(swell, 0.4, 0.2)
    read_start = np.where(swell, began, np.nan)
    read_start[10] = began[10]
    errors, _, _ = timing_errors(score, onsets, began=read_start)
    assert errors[10] == pytest.approx(0.2, abs=0.03)
    assert np.all(np.abs(np.delete(errors, 10)) < 0.05), errors.round(3)


def test_a_swell_among_notes_heard_at_once_is_not_late_when_other_starts_read_early() -> None:
    # Notes heard at once; every fourth swells in (heard 0.3 s after it began, its start read right);
    # every fourth from note 3 is heard at once but its start is read 0.3 s early (a misread tail).
    # Those say nothing of the lag (they are not heard late), so the swells stay on time.
    score = np.arange(20) * BEAT
    began = 1.0 + score.copy()
    swell = np.arange(20) % 4 == 1
    misread = np.arange(20) % 4 == 3
    onsets = began + np.where(swell, 0.3, 0.01)
    read_start = np.where(swell, began, np.where(misread, began - 0.3, np.nan))
    errors, _, _ = timing_errors(score, onsets, began=read_start)
    assert np.all(np.abs(errors) < 0.05), errors.round(3)
