"""A value the user rejects gives way to the one wished for; grading asked of a request; a return to the tonic."""

import pytest

from generation.melody import parse_request


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("thirty-two bars is too long, give me sixteen", "bars", 16),
        ("thirty-two bars is too long, give me sixteen in C", "bars", 16),
        ("32 bars is too long, make it 16", "bars", 16),
        ("32 bars, no, rather 16", "bars", 16),
        ("8 bars is too long, 4 please", "bars", 4),
        ("16 bars instead of 32", "bars", 16),
        ("sixteen instead of 32 bars", "bars", 16),
        ("not 32 bars but 16", "bars", 16),
        ("tempo 120 is too fast, 80 instead", "tempo", 80),
        ("level 5 is too hard, give me 3", "level", 3),
        ("三十二小节太长了，改成十六小节", "bars", 16),
        ("八个小节太长了，给我四个小节", "bars", 4),
        ("速度120太快了，换成80", "tempo", 80),
        ("八个小节太长了，四个吧", "bars", 4),
        ("8 bars in G, no, 12 bars instead", "bars", 12),
        ("八小节，G大调，不对，十二小节", "bars", 12),
        ("tempo 100 in G, no, tempo 80", "tempo", 80),
    ],
)
def test_the_later_wished_for_value_wins_over_a_rejected_one(text: str, field: str, value: int) -> None:
    result = parse_request(text)
    assert getattr(result.params, field) == value
    assert result.ignored == []
    # The rejected value's "too long" / "太快了" is not also read as a refinement.
    assert not any(line in ("shorter", "slower", "更短", "更慢") for line in result.understood)


@pytest.mark.parametrize("text", ["32 bars is too long", "八个小节太长了", "8 bars, make it 3/4"])
def test_a_value_without_a_correction_is_kept(text: str) -> None:
    assert parse_request(text).params.bars in (32, 8)


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("can you record me and grade it", "note: grading happens in the studio"),
        ("can you listen to my singing and score it", "note: grading happens in the studio"),
        ("可以幫我錄音然後評分", "注意：評分在練習室裡進行"),  # asked in Traditional characters, answered in them
        ("帮我录音然后打分", "注意：评分在练习室里进行"),
    ],
)
def test_grading_asked_of_a_request_is_answered_with_the_studio(text: str, answer: str) -> None:
    result = parse_request(text)
    assert result.ignored == [] and any(line.startswith(answer) for line in result.understood)
    assert any("upload" in line or "上传" in line or "上傳" in line for line in result.understood)


@pytest.mark.parametrize("text", ["最后要回到主音", "最后回到do", "结尾要落在主音上", "it should end on the tonic", "end on do",
                                  "G major, it should come back to the tonic at the end"])
def test_a_return_to_the_tonic_is_an_ending_on_it(text: str) -> None:
    result = parse_request(text)
    assert result.params.end_on_tonic is True and result.ignored == []
    assert any(line in ("end: on the tonic", "结尾：落在主音") for line in result.understood)
