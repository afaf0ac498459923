"""What every page's menu shows a student: how many of their takes the teacher marked since they last looked."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest

from grading.models import Recording


def teacher_marks(request: HttpRequest) -> dict[str, Any]:
    """``unread_marks``: the count, asked only when a page shows it (the menu, for a signed-in student).

    A callable: a template calls it where it reads it, so a page that never does runs no query.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_teacher:
        return {"unread_marks": 0}

    @cache
    def count() -> int:
        return Recording.objects.teacher_mark_unread(user).count()

    return {"unread_marks": count}
