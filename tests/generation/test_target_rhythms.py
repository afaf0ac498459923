"""Several target rhythms at once: every quota met in every window, or the request refused up front."""

from dataclasses import replace
from itertools import combinations

import pytest

from generation.melody import DrillParams, InfeasibleRequest, generate_drill, parse_request
from generation.melody import generate as generate_module
from generation.melody.check import check_drill
from generation.melody.messages_zh import refusal_zh
from generation.melody.model import load_model
from generation.melody.rhythm import parse_meter

#: Requests that, before the targets were planned together, lost one target in 3 to 9 seeds of 10.
TWO_TARGET_REQUESTS = [
    "a 6/8 melody with dotted rhythms and triplets",
    "a harder one with triplets and syncopation",
    "dotted rhythms and syncopation, 4/4",
    "triplets and dotted notes in 3/4, level 4",
]


@pytest.mark.parametrize("text", TWO_TARGET_REQUESTS)
def test_it_keeps_both_target_rhythms_of_a_request_in_every_window(text):
    params = parse_request(text).params
    assert len(params.target_rhythms) == 2
    for seed in range(1, 11):
        drill = generate_drill(params.replace(seed=seed))
        assert check_drill(drill) == [], (seed, check_drill(drill))


def _pairs(meter: str) -> list[tuple[str, str]]:
    return list(combinations(sorted({c.tag for c in parse_meter(meter).cells if c.tag}), 2))


@pytest.mark.parametrize("meter", ["2/4", "3/4", "4/4", "6/8", "9/8", "12/8"])
def test_every_pair_of_target_rhythms_is_kept_or_refused_up_front(meter):
    model = load_model()  # the Markov steps: the rhythm plan is the same under either pitch model, and faster
    made = 0
    for pair in _pairs(meter):
        for seed in (1, 2):
            params = DrillParams.preset(5, meter=meter, target_rhythms=list(pair), seed=seed, melody_model="markov")
            try:
                drill = generate_drill(params, model=model)
            except InfeasibleRequest as exc:
                # Only a pair that no two-bar window of this meter can hold (or no bar: a dotted half in 2/4)
                # is refused, and the refusal names the targets.
                assert str(exc).startswith("target_rhythms: "), (pair, exc)
                continue
            assert check_drill(drill) == [], (pair, seed, check_drill(drill))
            made += 1
    assert made >= len(_pairs(meter))  # most pairs fit: a refusal is the exception


def test_two_targets_in_a_two_beat_bar_share_it_and_the_third_is_refused():
    one_bar = dict(meter="2/4", quota_window=1, bars=4, seed=1)
    drill = generate_drill(DrillParams.preset(5, target_rhythms=["dotted-8th-16th", "triplet-8th"], **one_bar))
    for bar in range(4):
        cells = {n.cell for n in drill.notes if n.bar == bar}
        assert {"d8-16", "trip8"} <= cells, (bar, cells)
    with pytest.raises(InfeasibleRequest) as info:
        generate_drill(DrillParams.preset(5, target_rhythms=["dotted-8th-16th", "triplet-8th", "16ths"], **one_bar))
    message = str(info.value)
    assert message == ("target_rhythms: dotted-8th-16th, triplet-8th and 16ths cannot all be placed 1 time(s) "
                       "in bars 1-1 of 2/4")
    assert refusal_zh(message).startswith("目标节奏：") and "各出现 1 次" in refusal_zh(message)


def test_it_meets_a_quota_of_two_for_each_of_three_targets_in_four_four():
    params = DrillParams.preset(5, target_rhythms=["triplet-8th", "syncopation", "dotted-8th-16th"], quota=2,
                                seed=5)
    drill = generate_drill(params)
    assert check_drill(drill) == []
    for b0, b1 in drill.windows:
        triplet_notes = [n for n in drill.notes if b0 <= n.bar < b1 and n.cell == "trip8"]
        assert len(triplet_notes) >= 2 * 3  # two triplets, three notes each


def test_the_check_counts_each_target_cell_against_the_quota():
    params = DrillParams.preset(5, target_rhythms=["triplet-8th"], quota=2, seed=5)
    drill = generate_drill(params)
    assert check_drill(drill) == []
    # Asked eight times per window, the same notes fall short by what they hold: cells are counted, not bars.
    problems = check_drill(replace(drill, params=params.replace(quota=8)))
    for b0, b1 in drill.windows:
        cells = len([n for n in drill.notes if b0 <= n.bar < b1 and n.cell == "trip8"]) // 3
        assert f"quota: rhythm triplet-8th appears {cells} time(s) in bars {b0 + 1}-{b1}" in problems


@pytest.mark.parametrize("tag, counterpart", [("triplet-8th", "8th-triple"), ("dotted-quarter-8th", "dotted-8th-16th")])
def test_a_simple_time_figure_in_compound_time_is_refused_naming_its_counterpart(tag, counterpart):
    with pytest.raises(InfeasibleRequest) as info:
        generate_drill(DrillParams.preset(5, meter="6/8", target_rhythms=[tag], seed=1))
    assert str(info.value) == f"target_rhythms: {tag} has no form in 6/8; in compound time ask for {counterpart}"
    assert counterpart in refusal_zh(str(info.value)) and "复拍子" in refusal_zh(str(info.value))


def test_a_drill_that_fails_its_own_check_is_refused_not_handed_out(monkeypatch):
    monkeypatch.setattr(generate_module, "check_drill", lambda drill: ["quota: rhythm tie is missing in bars 1-2"])
    with pytest.raises(InfeasibleRequest) as info:
        generate_drill(DrillParams.preset(3, seed=1))
    assert str(info.value).startswith("internal: ")
    assert refusal_zh(str(info.value)).startswith("内部错误")


def test_a_target_rhythm_with_a_fixed_rhythm_pattern_is_refused_up_front():
    params = DrillParams.preset(3, rhythm_pattern=["quarter", "quarter", "eighth", "eighth"],
                                target_rhythms=["syncopation"], seed=1)
    with pytest.raises(InfeasibleRequest) as info:
        generate_drill(params)
    assert str(info.value).startswith("target_rhythms: syncopation cannot be placed in a drill that follows")
    assert refusal_zh(str(info.value)).startswith("目标节奏：")
