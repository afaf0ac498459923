"""The transcribe page writes and reads the tempo as musicians do: dotted quarters in 6/8, 9/8 and 12/8
(its tempo box too, limits included), while the API's ``tempo`` stays quarter notes a minute (static/js/studio/tempo-words.js, run under Node)."""

from __future__ import annotations

import json

import pytest
from babel.messages.pofile import read_po

from tests.studio.page_scripts import NODE, ROOT, evaluate


def words(cases: list[tuple[str, float, float]]) -> list[list[str]]:
    return evaluate("tempo-words.js", ["tempoWords", "pickupWords"],
                    f"{json.dumps(cases)}.map(([m, q, p]) => [tempoWords(m, q), pickupWords(m, p)])")


@pytest.mark.skipif(NODE is None, reason="Node.js runs the page's script")
def test_compound_meters_count_dotted_quarters_and_their_pickup_in_eighths():
    said = words([("6/8", 90.0, 0.5), ("9/8", 120.0, 1.5), ("12/8", 96.0, 1.0), ("4/4", 100.0, 1.0),
                  ("3/4", 92.0, 0.5), ("2/4", 72.4, 2.0)])
    assert said == [
        ["♩. = 60 (60 dotted-quarter beats a minute)", "1 eighth note"],
        ["♩. = 80 (80 dotted-quarter beats a minute)", "3 eighth notes"],
        ["♩. = 64 (64 dotted-quarter beats a minute)", "2 eighth notes"],
        ["♩ = 100 (100 beats a minute)", "1 beat"],
        ["♩ = 92 (92 beats a minute)", "1 eighth note"],
        ["♩ = 72 (72 beats a minute)", "2 beats"],
    ]


def run(expression: str) -> object:
    return evaluate("tempo-words.js", ["tempoLabel", "tempoLimits", "quartersFromBeats", "beatsFromQuarters"], expression)


@pytest.mark.skipif(NODE is None, reason="Node.js runs the page's script")
def test_the_tempo_box_counts_dotted_quarters_in_compound_time_and_sends_quarters():
    # A musician types 60 in 6/8 meaning ♩. = 60; the API gets 90 quarter notes a minute.
    assert run("['6/8', '9/8', '12/8', '4/4', '3/8'].map((m) => quartersFromBeats(m, '60'))") == [
        {"quarterBpm": 90}, {"quarterBpm": 90}, {"quarterBpm": 90}, {"quarterBpm": 60}, {"quarterBpm": 60}]
    assert run("[quartersFromBeats('6/8', ' 61 '), beatsFromQuarters('6/8', 91.5), beatsFromQuarters('12/8', 96)]") == [
        {"quarterBpm": 91.5}, 61, 64]
    assert run("[tempoLabel('6/8'), tempoLabel('3/4')]") == [
        "Tempo (♩. = dotted-quarter beats a minute)", "Tempo (♩ = quarter notes a minute)"]


@pytest.mark.skipif(NODE is None, reason="Node.js runs the page's script")
def test_the_tempo_box_checks_its_limits_in_the_beat_it_counts():
    assert run("[tempoLimits('6/8'), tempoLimits('4/4')]") == [{"low": 20, "high": 160}, {"low": 30, "high": 240}]
    # 200 dotted quarters would be 300 quarter notes: refused, in the unit typed.
    said = run("['200', '19', 'fast', ''].map((t) => quartersFromBeats('6/8', t))")
    assert said == [{"error": "The tempo in 6/8 is between 20 and 160 dotted-quarter beats a minute (♩. = 20 to 160)."}] * 4
    assert run("quartersFromBeats('4/4', '241')") == {
        "error": "The tempo is between 30 and 240 beats a minute (♩ = 30 to 240)."}
    assert run("[quartersFromBeats('6/8', '20'), quartersFromBeats('6/8', '160')]") == [
        {"quarterBpm": 30}, {"quarterBpm": 240}]


def test_the_tempo_words_are_in_chinese():
    with (ROOT / "locale/zh_Hans/LC_MESSAGES/djangojs.po").open("rb") as handle:
        catalog = read_po(handle)
    for msgid in ("♩. = %(bpm)s (%(bpm)s dotted-quarter beats a minute)", "♩ = %(bpm)s (%(bpm)s beats a minute)",
                  ("%(count)s eighth note", "%(count)s eighth notes"), ("%(count)s beat", "%(count)s beats"),
                  "Tempo (♩. = dotted-quarter beats a minute)", "Tempo (♩ = quarter notes a minute)",
                  "The tempo in %(meter)s is between %(low)s and %(high)s dotted-quarter beats a minute (♩. = %(low)s to %(high)s).",
                  "The tempo is between %(low)s and %(high)s beats a minute (♩ = %(low)s to %(high)s).",
                  "%(count)s notes in %(key)s, %(meter)s at %(tempo)s, starting %(pickup)s before the first bar line."):
        message = catalog.get(msgid[0] if isinstance(msgid, tuple) else msgid)
        assert message is not None and all(message.string if isinstance(message.string, tuple) else [message.string]), msgid
