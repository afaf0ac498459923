"""Template filters that put skills, pitches, confidence and scores into words (``music.words``), in the
reader's language (``tutor.music_text``)."""

from __future__ import annotations

from django import template

from music import words
from tutor import music_text

register = template.Library()


@register.filter
def skill(tag: str) -> str:
    """``{{ "pc:F#@G"|skill }}`` -> "F♯ in G major"."""
    return music_text.skill_label(str(tag))


@register.filter
def skills(tags: list[str]) -> str:
    """A list of tags as one comma-separated line of words."""
    return music_text.skills_label([str(t) for t in tags])


@register.filter
def pitch(midi: int | str | None) -> str:
    """``{{ 69|pitch }}`` -> "A4"; a dash for a missing pitch."""
    if midi is None or midi == "":
        return "—"
    return words.pitch_name(int(midi))


@register.filter
def note_names(names: list[str]) -> str:
    """ASCII note names as a reader writes them: ``{{ ["G#3", "Bb4"]|note_names }}`` -> "G♯3 B♭4"."""
    return " ".join(note(n) for n in names)


@register.filter
def note(name: str) -> str:
    """One ASCII note name as a reader writes it (as the take page's scripts do): ``{{ "Bb4"|note }}`` -> "B♭4"."""
    # Double sharps and flats as two signs: many phone fonts have no 𝄪 or 𝄫 glyph.
    return words.note_text(str(name), two_signs=True)


@register.filter
def range_to(low_midi: int | str | None, high_midi: int | str | None) -> str:
    """``{{ low|range_to:high }}`` -> "G3 to F5"."""
    if low_midi is None or high_midi is None or low_midi == "" or high_midi == "":
        return "—"
    return music_text.range_label(int(low_midi), int(high_midi))


@register.filter
def confidence(mastery: object) -> str:
    """A ``Mastery`` (``mean`` and ``sd``, 0..1) in words: "getting there"."""
    return music_text.confidence_label(float(getattr(mastery, "mean", 0.0)), float(getattr(mastery, "sd", 1.0)))


@register.filter
def score(percent: float | str | None) -> str:
    """``{{ 78.6|score }}`` -> "79%": the one way a score is written; a missing value (``""``) is a dash."""
    if percent is None or percent == "":
        return words.score_text(None)
    return words.score_text(float(percent))
