"""Workflows that read across the apps for a student: drills aimed at their weak spots, personalised
drill assignments for a class, and exports of their data."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from generation.melody import DrillParams, GenerationError
from generation.models import Drill
from generation.services import drill_create, refusal_text
from students.privacy import can_manage_data_of
from students.progress import practice_setting_for, weak_spots_for
from students.skills import drill_params_for_weak_spots
from students.tasks import build_data_export
from tutor.errors import NotFound, TooBusy, TutorError
from tutor.jobs import queue_job
from tutor.models import WEAK_SPOTS_TITLE, Assignment, Classroom, DataExport, User
from tutor.services import access_log, assignment_create

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
    *, student: User, owner: User | None = None, seed: int | None = None, style: str = "block",
    limit_renders: bool = True,
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
    last = TutorError(_("No drill could be made for these weak spots."))
    for attempt in attempts:
        values = dict(attempt)
        level = int(values.pop("level"))
        try:
            full = DrillParams.preset(level, **values).to_dict()
            return drill_create(owner=owner or student, params=full, style=style, student=student, targets=tags,
                                limit_renders=limit_renders)
        except GenerationError as exc:
            last = TutorError(refusal_text("", str(exc).splitlines()[0]), field="params")
        except TooBusy:
            raise
        except TutorError as exc:
            last = exc
    raise last


def drills_preview(
    *, teacher: User, classroom: Classroom, personalised: bool, params: dict[str, Any] | None = None,
    style: str = "block",
) -> list[Drill]:
    """Make the drills a teacher looks at before assigning: one for the class, or one per student.

    Nothing is assigned yet; :func:`assignments_create_from_drills` assigns what the teacher kept.
    """
    if classroom.teacher_id != teacher.pk:
        raise NotFound(_("No such class."), field="classroom")
    if not personalised:
        return [drill_create(owner=teacher, params=params or {}, style=style, previewed=True)]
    students = list(User.objects.filter(enrollments__classroom=classroom).order_by("username"))
    if not students:
        raise TutorError(_("The class has no students yet."), field="classroom")
    # One teacher action for the whole class, throttled as one; its renders queue on "renders".
    with transaction.atomic():  # all the class's drills or none
        return [drill_for_student(student=student, owner=teacher, style=style, limit_renders=False)
                for student in students]


def previewed_drills(*, teacher: User, classroom: Classroom, drill_ids: list[int]) -> list[Drill]:
    """The teacher's own drills named in a preview, in the order given; a drill of a student outside the class is refused."""
    drills = {d.pk: d for d in Drill.objects.filter(owner=teacher, pk__in=drill_ids).select_related("exercise", "student")}
    if not drill_ids or len(drills) != len(set(drill_ids)):
        raise NotFound(_("No such drill."), field="drills")
    ordered = [drills[pk] for pk in drill_ids]
    for drill in ordered:
        if drill.student is not None and not classroom.has_student(drill.student):
            raise NotFound(_("No such drill."), field="drills")
    return ordered


def drill_regenerate(*, teacher: User, drill: Drill) -> Drill:
    """A fresh drill in place of ``drill`` (same parameters or same student, a new seed); the old one is deleted
    unless something was already assigned or practised from it."""
    if drill.owner_id != teacher.pk:
        raise NotFound(_("No such drill."), field="drills")
    if drill.student is not None:
        fresh = drill_for_student(student=drill.student, owner=teacher, style=drill.style)
    else:
        fresh = drill_create(owner=teacher, params={**drill.params, "seed": None}, style=drill.style,
                             previewed=drill.previewed)
    exercise = drill.exercise
    if exercise is None:
        drill.delete()  # its score was never written: nothing can hang on it
    elif not Assignment.objects.filter(target_id=exercise.pk, target_type__model="exercise").exists() \
            and not exercise.recordings.exists():
        exercise.delete()  # the drill goes with its exercise
    return fresh


def assignments_create_from_drills(
    *, teacher: User, classroom: Classroom, drills: list[Drill], title: str = "", **settings: Any
) -> list[Assignment]:
    """Assign previewed drills: a class drill to everyone, or each student's own drill to that student.

    The per-student assignments share one group, so the gradebook shows them as one column.
    """
    if classroom.teacher_id != teacher.pk:
        raise NotFound(_("No such class."), field="classroom")
    personal = [d for d in drills if d.student is not None]
    if not personal:
        # With no title typed, each takes its drill's (made, so shown in each reader's language).
        return [assignment_create(teacher=teacher, classroom=classroom, target=d.written_exercise, title=title,
                                  **settings) for d in drills]
    if len(personal) != len(drills):
        raise TutorError(_("Assign a class drill or personalised drills, not both at once."), field="drills")
    group = uuid.uuid4()
    with transaction.atomic():
        return [assignment_create(teacher=teacher, classroom=classroom, target=d.written_exercise, student=d.student,
                                  title=title or WEAK_SPOTS_TITLE, title_made=not title, group=group, **settings)
                for d in drills]


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
    """Generate and assign at once (the API): one drill for the whole class, or one per student from their profile.

    ``params`` (drill parameters, for a class drill) are ignored when
    ``personalised``: each student's drill then comes from their weak spots,
    level and range (:func:`drill_for_student`), made by the
    teacher and assigned to that student alone. ``settings`` are the
    assignment's (due date, attempts, tolerances, free tempo, any key).
    """
    with transaction.atomic():
        drills = drills_preview(teacher=teacher, classroom=classroom, personalised=personalised,
                                params=None if personalised else params, style=style)
        return assignments_create_from_drills(teacher=teacher, classroom=classroom, drills=drills, title=title,
                                              **settings)


def data_export_request(*, owner: User, requested_by: User | None = None) -> DataExport:
    """Queue a zip of ``owner``'s data (asked by them, or by one of their teachers)."""
    requester = requested_by or owner
    if not can_manage_data_of(actor=requester, student=owner):
        raise NotFound(_("No such student."))
    export = DataExport.objects.create(owner=owner, requested_by=requester)
    # A teacher's export holds only their part of the student's work (privacy.teacher_scope), and is logged.
    access_log(actor=requester, action="data-export", obj=export, subject=owner)
    queue_job(build_data_export, export.pk)
    return export
