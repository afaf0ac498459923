"""The request corpus: English and Chinese requests with the parameters they must give.

Each line of ``data/requests.jsonl`` is ``{"text", "expect": {param: value}, "ignored": [...]}``;
``ignored`` (default empty) is exactly what the reader must say it did not understand. A line with
``"previous"`` (level-preset arguments) is a refinement of that drill ("harder than last time");
one with ``"refused"`` must be refused with a message that starts so, in the request's language.
"""

import json
import re
from pathlib import Path

import pytest

from generation.melody import DrillParams, GenerationError, generate_drill, parse_request
from generation.melody.check import check_drill

CASES = [json.loads(line) for line in (Path(__file__).parent / "data" / "requests.jsonl").read_text().splitlines()
         if line.strip()]
CJK = re.compile(r"[\u4e00-\u9fff]")


def _parse(case):
    previous = DrillParams.preset(**case["previous"]) if "previous" in case else None
    return parse_request(case["text"], previous=previous)


def test_the_corpus_holds_forty_requests_in_each_language():
    chinese = sum(bool(CJK.search(c["text"])) for c in CASES)
    assert chinese >= 40 and len(CASES) - chinese >= 40


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_it_reads_every_clause_of_the_request(case):
    if "refused" in case:
        with pytest.raises(GenerationError) as info:
            _parse(case)
        assert str(info.value).startswith(case["refused"])
        assert bool(CJK.search(str(info.value))) == bool(CJK.search(case["text"]))
        return
    result = _parse(case)
    params = result.params.to_dict()
    assert {k: params[k] for k in case["expect"]} == case["expect"]
    assert result.ignored == case.get("ignored", [])
    # Said back in the request's language.
    chinese = bool(CJK.search(case["text"]))
    assert result.understood
    assert all(bool(CJK.search(line)) == chinese for line in result.understood), result.understood


FEASIBLE = [c for c in CASES if "refused" not in c]


@pytest.mark.parametrize("case", FEASIBLE[::6], ids=[c["text"][:40] for c in FEASIBLE[::6]])
def test_requests_from_the_corpus_make_valid_drills(case):
    params = _parse(case).params.replace(seed=11)
    assert check_drill(generate_drill(params)) == []


@pytest.fixture
def previous():
    return DrillParams.preset(3, key="D", mode="minor", bars=8, progression="i iv V i", seed=5)


def _changed(before: DrillParams, after: DrillParams) -> set[str]:
    a, b = before.to_dict(), after.to_dict()
    return {k for k in a if a[k] != b[k]} - {"seed"}


@pytest.mark.parametrize(
    "words, allowed",
    [
        ("add an octave leap", {"target_intervals", "max_leap", "high"}),
        ("加一个八度跳进", {"target_intervals", "max_leap", "high"}),
        ("fewer leaps", {"leap_bias", "step_bias"}),
        ("少一些跳进", {"leap_bias", "step_bias"}),
        ("less monotonous", {"leap_bias", "step_bias", "max_leap"}),
        ("不要那么单调", {"leap_bias", "step_bias", "max_leap"}),
        ("for alto voice", {"low", "high", "voice"}),
        ("女低音", {"low", "high", "voice"}),
        ("slower", {"tempo"}),
        ("in 3/4", {"meter"}),
        ("多练升C", {"target_notes", "target_bias"}),
    ],
)
def test_a_refinement_changes_only_what_it_names(previous, words, allowed):
    refined = parse_request(words, previous=previous)
    changed = _changed(previous, refined.params)
    assert changed and changed <= allowed, changed
    assert refined.ignored == []
    assert refined.params.seed is None


def test_harder_keeps_the_key_chords_and_form(previous):
    harder = parse_request("harder", previous=previous).params
    assert harder.level == 4
    assert (harder.key, harder.mode, harder.progression, harder.bars) == ("D", "minor", "i iv V i", 8)


def test_an_added_octave_leap_is_sung_in_every_two_bars(previous):
    params = parse_request("add an octave leap", previous=previous).params.replace(seed=2)
    drill = generate_drill(params)
    assert check_drill(drill) == []
    assert any(b.midi - a.midi == 12 for a, b in zip(drill.notes, drill.notes[1:], strict=False))


def test_a_rhythm_pattern_sets_every_note_length():
    result = parse_request("rhythm pattern: quarter quarter eighth eighth half, output as a list of MIDI notes")
    drill = generate_drill(result.params.replace(seed=4))
    assert check_drill(drill) == []
    lengths = [float(n.duration) for n in drill.notes]
    assert lengths[:10] == [1, 1, 0.5, 0.5, 2] * 2
    assert result.params.output == "midi"
