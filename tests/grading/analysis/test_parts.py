"""Multi-part scores: pick the part to grade by number or name; `assess --part`; a score split for practice."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from grading.analysis.errors import UnusableScore
from grading.analysis.target import load_target, score_parts, split_score
from tests.grading.analysis.synth import CHOIR, Played, render, write_choir, write_wav

BEAT_SECONDS = 0.6  # CHOIR is written at 100 BPM


@pytest.fixture
def choir(tmp_path: Path) -> Path:
    return write_choir(tmp_path / "choir.musicxml")


def sung(part: int, path: Path, *, lead: float = 0.5) -> Path:
    """The part's notes sung from its first note, ``lead`` seconds into the file."""
    notes, t = [], lead
    for midi, quarters in CHOIR[part - 1][1]:
        if midi is None:
            if notes:
                t += quarters * BEAT_SECONDS
            continue
        notes.append(Played(midi, t, quarters * BEAT_SECONDS * 0.9))
        t += quarters * BEAT_SECONDS
    return write_wav(path, render(notes, total=t + 0.5))


def test_it_lists_the_parts_by_number_and_name(choir: Path) -> None:
    assert [(p.number, p.name, p.notes) for p in score_parts(choir)] == [(1, "Soprano", 6), (2, "Alto", 4),
                                                                         (3, "Bass", 4)]


@pytest.mark.parametrize("choice", [2, "2", "Alto", "alto"])
def test_it_grades_the_part_asked_for_by_number_or_name(choir: Path, choice: int | str) -> None:
    target = load_target(choir, part=choice)
    assert [n.midi for n in target.notes] == [64, 65, 67, 65] and target.tempo_bpm == 100
    assert target.notes[0].onset_seconds == 0.0  # onsets count from the part's own first note


def test_the_first_part_is_the_default(choir: Path) -> None:
    assert [n.midi for n in load_target(choir).notes][:2] == [72, 74]


@pytest.mark.parametrize("choice", [0, 4, "Tenor", "²", "9" * 5000])  # "²".isdigit(): a ValueError once
def test_an_unknown_part_names_the_parts_there_are(choir: Path, choice: int | str) -> None:
    with pytest.raises(UnusableScore, match="its parts are: 1 Soprano, 2 Alto, 3 Bass"):
        load_target(choir, part=choice)


def test_a_split_keeps_the_part_alone_and_the_others_from_where_it_comes_in(choir: Path, tmp_path: Path) -> None:
    split = split_score(choir, "Alto")
    assert split.part.number == 2 and split.tempo_bpm == 100
    alone = tmp_path / "alto.musicxml"
    alone.write_text(split.musicxml)
    assert [n.midi for n in load_target(alone, tempo_bpm=100).notes] == [64, 65, 67, 65]
    others = dict(split.others)
    # The alto enters on beat 5: the soprano's last two notes and the bass's second bar sound with it.
    assert others["Soprano"] == ((0.0, 2.0, 79), (2.0, 2.0, 77)) and others["Bass"] == ((0.0, 2.0, 53), (2.0, 2.0, 48))


def assess_json(*args: str) -> dict:
    out = io.StringIO()
    call_command("assess", *args, "--json", stdout=out)
    return json.loads(out.getvalue().splitlines()[-1])


def test_assess_part_grades_the_named_part(choir: Path, tmp_path: Path) -> None:
    take = sung(2, tmp_path / "alto.wav")
    alto = assess_json(str(choir), str(take), "--part", "Alto")
    assert [n["target_midi"] for n in alto["notes"]] == [64, 65, 67, 65]
    assert alto["summary"]["pitch_ok"] == 4 and set(alto) >= {"tracker", "seconds", "offset", "tempo", "summary"}
    assert assess_json(str(choir), str(take), "--part", "2")["summary"] == alto["summary"]
    soprano = assess_json(str(choir), str(take))  # no --part: the first part, as before
    assert [n["target_midi"] for n in soprano["notes"]][:2] == [72, 74] and soprano["summary"]["notes"] == 6


def test_assess_part_refuses_an_unknown_part_in_one_line(choir: Path, tmp_path: Path) -> None:
    take = sung(2, tmp_path / "alto.wav")
    with pytest.raises(CommandError, match="no part 'Tenor'"):
        call_command("assess", str(choir), str(take), "--part", "Tenor", stdout=io.StringIO())


def test_a_batch_line_may_name_its_own_part(choir: Path, tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    lines = [{"id": "alto", "target": str(choir), "audio": str(sung(2, tmp_path / "a.wav")), "part": "Alto"},
             {"id": "bass", "target": str(choir), "audio": str(sung(3, tmp_path / "b.wav")), "part": 3},
             {"id": "nope", "target": str(choir), "audio": str(tmp_path / "a.wav"), "part": 9}]
    batch.write_text("\n".join(json.dumps(line) for line in lines))
    out = io.StringIO()
    call_command("assess", "--batch", str(batch), "--json", stdout=out)
    results = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in results] == ["alto", "bass", "nope"]
    assert results[0]["summary"]["pitch_ok"] == 4 and results[1]["summary"]["pitch_ok"] == 4
    assert "no part '9'" in results[2]["error"]
