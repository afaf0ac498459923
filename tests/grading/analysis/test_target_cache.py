"""The target of a score is parsed once per content, tempo and part in a process, and shared safely."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest

from grading.analysis import UnusableScore, assess
from grading.analysis import target as target_module
from grading.analysis.target import load_target, load_target_cached
from tests.grading.analysis.synth import Played, render, write_score, write_wav


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    target_module._target_cache.clear()
    yield
    target_module._target_cache.clear()


@pytest.fixture
def parses() -> Iterator[mock.MagicMock]:
    with mock.patch.object(target_module, "_parse", wraps=target_module._parse) as spy:
        yield spy


def test_it_parses_a_score_once_for_many_takes(tmp_path: Path, parses: mock.MagicMock) -> None:
    score = write_score(tmp_path / "s.musicxml", [67, 69, 71, 72], [1.0] * 4)
    take = write_wav(tmp_path / "t.wav", render([Played(m, 0.5 + i * 0.5, 0.45) for i, m in enumerate([67, 69, 71, 72])],
                                               total=3.0))
    first = assess(score, take).to_json()
    second = assess(score, take).to_json()
    assert parses.call_count == 1
    assert first["notes"] == second["notes"]
    assert load_target_cached(score) == load_target(score)


def test_a_file_replaced_under_the_same_name_is_read_again(tmp_path: Path, parses: mock.MagicMock) -> None:
    score = write_score(tmp_path / "s.musicxml", [67, 69], [1.0, 1.0])
    assert [n.midi for n in load_target_cached(score).notes] == [67, 69]
    write_score(score, [60, 62, 64], [1.0, 1.0, 1.0])
    assert [n.midi for n in load_target_cached(score).notes] == [60, 62, 64]
    assert parses.call_count == 2


def test_each_tempo_and_part_has_its_own_target(tmp_path: Path, parses: mock.MagicMock) -> None:
    score = write_score(tmp_path / "s.musicxml", [67, 69], [1.0, 1.0], bpm=120)
    slow, fast = load_target_cached(score, tempo_bpm=60), load_target_cached(score, tempo_bpm=120)
    assert slow.notes[1].onset_seconds == pytest.approx(1.0) and fast.notes[1].onset_seconds == pytest.approx(0.5)
    assert load_target_cached(score, tempo_bpm=60) is slow
    assert parses.call_count == 2


def test_a_score_that_cannot_be_read_is_not_remembered(tmp_path: Path) -> None:
    broken = tmp_path / "b.musicxml"
    broken.write_text("<score-partwise><part id='P1'></part></score-partwise>")
    for _ in range(2):
        with pytest.raises(UnusableScore):
            load_target_cached(broken)
    assert not target_module._target_cache


def test_it_keeps_only_the_latest_scores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(target_module, "TARGET_CACHE_SIZE", 2)
    paths = [write_score(tmp_path / f"s{i}.musicxml", [60 + i, 62], [1.0, 1.0]) for i in range(3)]
    for path in paths:
        load_target_cached(path)
    assert len(target_module._target_cache) == 2
