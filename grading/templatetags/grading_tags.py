"""Template filters for showing graded notes."""

from __future__ import annotations

from django import template

from grading.analysis.verdicts import note_name as _note_name

register = template.Library()


@register.filter
def note_name(midi: int | None) -> str:
    """MIDI number as a note name with octave: 61 -> "C#4"."""
    return "—" if midi is None else _note_name(int(midi))


@register.filter
def milliseconds(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1000:+.0f}"
