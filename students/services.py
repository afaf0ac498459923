"""Workflows that read across the apps for a student: drills aimed at their weak spots, personalised
drill assignments for a class, and exports of their data."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from generation.melody import DrillParams, GenerationError
from generation.models import Drill
from generation.services import drill_create
from students.privacy import can_manage_data_of
from students.progress import practice_setting_for, weak_spots_for
from students.skills import drill_params_for_weak_spots
from students.tasks import build_data_export
from tutor.errors import NotFound, TutorError
from tutor.jobs import queue_job
from tutor.models import Assignment, Classroom, DataExport, User
from tutor.services import assignment_create

#: Weak spots a drill aims at, at most; the rest wait for the next drill.
MAX_WEAK_SPOT_TARGETS = 4


def drill_params_for_student(*, student: User, seed: int | None = None) -> tuple[dict[str, Any], list[str]]:
    """Drill parameters aimed at ``student``'s top weak spots, at their level and tempo and in their range.

    Returns the parameters and the weak-spot tags they aim at. A student with
    no weak spot yet gets a drill at their level in C major (in their range).
    """
    spots = weak_spots_for(student=student, limit=MAX_WEAK_SPOT_TARGETS)
    setting = practice_setting_for(student=student)
    tags = [s.tag for s in spots]
    params = drill_params_for_weak_spots(tags, level=setting.level, tempo=setting.tempo,
                                         voice_range=student.voice_range, seed=seed)
    return {**params, "level": setting.level}, tags


def drill_for_student(
    *, student: User, owner: User | None = None, seed: int | None = None, style: str = "block"
) -> Drill:
    """"Practise my weak spots": a drill made from the student's profile, with an accompaniment.

    ``owner`` is who makes it (the student, or a teacher assigning it). When
    the generator cannot meet every target at once it drops, in turn, the
    rhythm targets, the interval targets and the entries after rests, so the
    student always gets a drill aimed at the weakest notes.
    """
    params, tags = drill_params_for_student(student=student, seed=seed)
    attempts = [params]
    drops: list[dict[str, Any]] = [{"target_rhythms": []}, {"target_intervals": []}, {"rests": 0}]
    for dropped in drops:
        attempts.append({**attempts[-1], **dropped})
    last = TutorError("No drill could be made for these weak spots.")
    for attempt in attempts:
        values = dict(attempt)
        level = int(values.pop("level"))
        try:
            full = DrillParams.preset(level, **values).to_dict()
            return drill_create(owner=owner or student, params=full, style=style, student=student, targets=tags)
        except GenerationError as exc:
            last = TutorError(str(exc).splitlines()[0], field="params")
        except TutorError as exc:
            last = exc
    raise last



def assignments_create_drills(
    *,
    teacher: User,
    classroom: Classroom,
    personalised: bool,
    params: dict[str, Any] | None = None,
    title: str = "",
    style: str = "block",
    **settings: Any,
) -> list[Assignment]:
    """Assign generated drills: one drill for the whole class, or one per student from their own profile.

    ``params`` (drill parameters, for a class drill) are ignored when
    ``personalised``: each student's drill then comes from their weak spots,
    level and range (:func:`drill_for_student`), made by the
    teacher and assigned to that student alone. ``settings`` are the
    assignment's (due date, attempts, tolerances, free tempo, any key).
    """
    if classroom.teacher_id != teacher.pk:
        raise NotFound("No such class.", field="classroom")
    if not personalised:
        drill = drill_create(owner=teacher, params=params or {}, style=style)
        return [assignment_create(teacher=teacher, classroom=classroom, target=drill.exercise,
                                  title=title or drill.exercise.title, **settings)]
    students = list(User.objects.filter(enrollments__classroom=classroom).order_by("username"))
    if not students:
        raise TutorError("The class has no students yet.", field="classroom")
    out = []
    with transaction.atomic():  # all the class's drills or none
        for student in students:
            drill = drill_for_student(student=student, owner=teacher, style=style)
            out.append(assignment_create(
                teacher=teacher, classroom=classroom, target=drill.exercise, student=student,
                title=f"{title or 'Your weak spots'} ({student.username})", **settings,
            ))
    return out


def data_export_request(*, owner: User, requested_by: User | None = None) -> DataExport:
    """Queue a zip of ``owner``'s data (asked by them, or by one of their teachers)."""
    requester = requested_by or owner
    if not can_manage_data_of(actor=requester, student=owner):
        raise NotFound("No such student.")
    export = DataExport.objects.create(owner=owner, requested_by=requester)
    queue_job(build_data_export, export.pk)
    return export
