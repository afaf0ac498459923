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


# A verdict word as a page shows it; the stored words stay English (they are the API's values).
VERDICT_LABELS = {
    "ok": _("ok"), "flat": _("flat"), "sharp": _("sharp"), "wrong": _("wrong note"), "missed": _("missed"),
    "early": _("early"), "late": _("late"), "unsure": _("unsure"),
}


@register.filter
def verdict_label(verdict: str | None) -> str:
    return "—" if verdict is None else str(VERDICT_LABELS.get(verdict, verdict))


@register.filter
def failure(reason: str | None) -> str:
    """Why a take could not be graded, in the page's language."""
    return failure_text(reason) if reason else ""


@register.filter
def failure_clause(reason: str | None) -> str:
    """Why a job failed, in the page's language, written to follow a colon (no capital in English)."""
    return failure_text(reason, clause=True) if reason else ""
