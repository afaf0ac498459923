import pytest

from generation.melody import DrillParams, InfeasibleRequest, generate_drill


@pytest.mark.parametrize(
    "changes, constraint",
    [
        ({"range": "C4-D4"}, "range"),
        ({"range": "D4-B4", "key": "C"}, "range"),
        ({"range": "C4-G5", "target_notes": ["F#6"]}, "target_notes"),
        ({"key": "C", "target_notes": ["F#4"], "accidentals": False, "range": "C4-C5"}, "target_notes"),
        ({"target_intervals": ["+m6"], "max_leap": 5}, "target_intervals"),
        ({"target_intervals": ["+P8"], "range": "C4-A4", "max_leap": 12}, "target_intervals"),
        ({"bars": 7, "form": "ABAC"}, "form"),
        ({"kind": "rhythm", "target_notes": ["C4"], "range": "C4-C5"}, "kind"),
        ({"kind": "scale", "target_intervals": ["+P4"]}, "kind"),
        ({"meter": "3/8", "target_rhythms": ["dotted-quarter-8th"]}, "target_rhythms"),
        ({"key": "A", "mode": "locrian", "progression": "I IV V I"}, "progression"),
        ({"range": "C4-E5", "max_leap": 1}, "max_leap"),
    ],
)
def test_it_refuses_impossible_requests_in_one_line_naming_the_constraint(changes, constraint):
    params = DrillParams.preset(3, seed=1, **changes) if "range" in changes else DrillParams.preset(3, seed=1, **changes)
    with pytest.raises(InfeasibleRequest) as info:
        generate_drill(params)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(constraint + ":"), message


def test_it_refuses_more_targets_than_the_rhythm_can_hold():
    params = DrillParams.preset(1, key="C", meter="2/4", bars=2, target_notes=["D4", "E4", "F4", "G4", "A4"], seed=1)
    with pytest.raises(InfeasibleRequest, match=r"^quota:"):
        generate_drill(params)
