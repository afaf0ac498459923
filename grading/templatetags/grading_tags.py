"""Template filters for showing graded notes."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from grading.failure_text import failure_text
from tutor.models import part_name_shown

register = template.Library()


@register.filter
def part_name(name: str) -> str:
    """A part's name as the score writes it; an unnamed part's ("Part 2") in the page's language."""
    return part_name_shown(name)


@register.filter
def milliseconds(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1000:+.0f}"


# A verdict word as a page shows it; the stored words stay the API's codes ("ok"). A right note reads "in tune"
# in the pitch column and "on time" in the timing column, as the live feedback (studio/feedback.js) says it.
VERDICT_LABELS = {
    "ok": _("in tune"), "flat": _("flat"), "sharp": _("sharp"), "wrong": _("wrong note"), "missed": _("missed"),
    "early": _("early"), "late": _("late"), "unsure": _("unsure"),
}
TIMING_LABELS = {**VERDICT_LABELS, "ok": _("on time")}


@register.filter
def verdict_label(verdict: str | None, aspect: str = "pitch") -> str:
    """``verdict`` in words: ``aspect`` is "pitch" or "timing" (``{{ n.timing|verdict_label:"timing" }}``)."""
    labels = TIMING_LABELS if aspect == "timing" else VERDICT_LABELS
    return "—" if verdict is None else str(labels.get(verdict, verdict))


@register.filter
def failure(reason: str | None) -> str:
    """Why a take could not be graded, in the page's language."""
    return failure_text(reason) if reason else ""


@register.filter
def failure_clause(reason: str | None) -> str:
    """Why a job failed, in the page's language, written to follow a colon (no capital in English)."""
    return failure_text(reason, clause=True) if reason else ""
