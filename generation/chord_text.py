"""The harmoniser's reasons for its chords in the reader's language.

``generation/accompaniment/harmony.py`` (Django-free) writes each bar's reason in English from a
closed grammar: ``"bar 3: IV, because the melody sits on C and A"``, or ``although`` with the
notes that do not fit, or a rest, then perhaps ``"; then V at mid-bar, because ..."`` for a change
at the bar's second strong beat, then perhaps a clause on the cadence. This module reads a reason
back against that grammar and says it again through gettext; chord figures and note names stay as
written. A reason outside the grammar is shown as written; ``tests/generation/test_chord_text.py``
fails on English left over.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from tutor.music_text import source_language

_REASON = re.compile(
    r"^bar (?P<bar>\d+): (?P<chord>\S+), (?P<why>.+?)"
    r"(?:; then (?P<then>\S+) at mid-bar, (?P<then_why>.+?))?"
    r"(?:; (?P<cadence>the tune ends on the tonic chord|the dominant leads home to the last bar))?$")
_SITS_ON = re.compile(r"^the melody sits on (?P<notes>.+)$")


def _notes(text: str) -> str:
    """"C, E and G" -> "C、E 和 G" in the reader's language."""
    *head, last = text.split(" and ")
    names = (head[0].split(", ") if head else []) + [last]
    return names[0] if len(names) == 1 else _("%(notes)s and %(last)s") % {
        "notes": _(", ").join(names[:-1]), "last": names[-1]}


def fit_text(fit: str) -> str:
    """Which melody notes a chord holds (``fit_words``), in the reader's language."""
    sits = _SITS_ON.match(fit)
    if sits:
        return _("the melody sits on %(notes)s") % {"notes": _notes(sits["notes"])}
    if fit == "none of the melody's notes are in it":
        return _("none of the melody's notes are in it")
    return fit


def _why_text(why: str) -> str | None:
    """Why a chord fits (``because ...``, ``although ...``, a rest) in the reader's language; None outside the grammar."""
    if why == "the melody rests here, so the harmony moves on":
        return _("the melody rests here, so the harmony moves on")
    if why.startswith("because "):
        return _("because %(fit)s") % {"fit": fit_text(why.removeprefix("because "))}
    if why.startswith("although "):
        return _("although %(fit)s") % {"fit": fit_text(why.removeprefix("although "))}
    return None


def reason_text(reason: str) -> str:
    """One bar's reason (``BarChords.reason``) in the reader's language; as written outside the grammar."""
    if source_language():
        return reason
    match = _REASON.match(reason)
    if not match:
        return reason
    said = _why_text(match["why"])
    if said is None:
        return reason
    text = _("bar %(bar)s: %(chord)s, %(why)s") % {"bar": match["bar"], "chord": match["chord"], "why": said}
    if match["then"]:
        then_said = _why_text(match["then_why"])
        if then_said is None:
            return reason
        text += _("; then %(chord)s at mid-bar, %(why)s") % {"chord": match["then"], "why": then_said}
    if match["cadence"] == "the tune ends on the tonic chord":
        text += _("; the tune ends on the tonic chord")
    elif match["cadence"]:
        text += _("; the dominant leads home to the last bar")
    return text
