import pytest

from generation.melody import DrillParams, InfeasibleRequest, generate_drill
from generation.melody.check import check_drill


@pytest.mark.parametrize(
    "changes, constraint",
    [
        ({"range": "C4-C#4"}, "range"),
        ({"range": "D4-B4", "key": "C"}, "range"),
        ({"range": "C4-G5", "target_notes": ["F#6"]}, "target_notes"),
        ({"target_intervals": ["+m6"], "max_leap": 5}, "target_intervals"),
        ({"target_intervals": ["+P8"], "range": "C4-A4", "max_leap": 12}, "target_intervals"),
        ({"bars": 7, "form": "ABAC"}, "form"),
        ({"kind": "rhythm", "target_notes": ["C4"], "range": "C4-C5"}, "kind"),
        ({"kind": "scale", "target_intervals": ["+P4"]}, "kind"),
        ({"meter": "3/8", "target_rhythms": ["dotted-quarter-8th"]}, "target_rhythms"),
        ({"key": "A", "mode": "locrian", "progression": "I IV V I"}, "progression"),
        ({"range": "C4-E5", "max_leap": 0}, "max_leap"),
        ({"range": "C4-G4", "max_leap": 2, "bars": 2, "meter": "2/4", "target_intervals": ["+M3"]}, "target_intervals"),
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
    params = DrillParams.preset(1, key="C", meter="2/4", bars=2, max_leap=12,
                                target_notes=["D4", "E4", "F4", "G4", "A4"], seed=1)
    with pytest.raises(InfeasibleRequest, match=r"^quota: .* bars 1-2 hold at most 4 notes"):
        generate_drill(params)


def test_it_names_a_single_target_that_no_melody_can_reach():
    # C4 ... F4 ... C4 in four quarter notes needs a leap of a fourth back to the tonic (asked to start on it).
    params = DrillParams.preset(1, key="C", meter="2/4", bars=2, max_leap=4, target_notes=["F4"], seed=1,
                                start_on_tonic=True)
    with pytest.raises(InfeasibleRequest, match=r"^target_notes: F4 cannot appear"):
        generate_drill(params)


def test_three_notes_meet_three_targets_when_the_rhythm_holds_them():
    # The old generator counted notes per target and refused this ("the targets need 5 notes").
    params = DrillParams.preset(2, key="C", meter="2/4", bars=2, max_leap=7, target_notes=["E4", "G4"],
                                target_intervals=["+M3"], seed=4)
    drill = generate_drill(params)
    assert check_drill(drill) == []


def test_a_target_note_outside_the_mode_is_practised_not_refused():
    params = DrillParams.preset(3, key="D", mode="minor", target_notes=["C#5"], accidentals=False, seed=3)
    drill = generate_drill(params)
    names = [n.name for n in drill.notes]
    assert "C#5" in names and "Db5" not in names
    # The leading note resolves up to the tonic wherever it is not the last note.
    for a, b in zip(drill.notes, drill.notes[1:], strict=False):
        if a.name == "C#5":
            assert b.name == "D5"
