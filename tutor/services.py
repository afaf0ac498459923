"""Workflows on people, classes and assignments. Views and API classes call these."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from tutor.errors import Conflict, NotAllowed, NotFound, TutorError
from tutor.jobs import queue_job
from tutor.mastery import Mastery
from tutor.models import Assignment, Classroom, DataExport, Enrollment, User, assignable_models, new_join_code


def user_signup(*, username: str, email: str, password: str, role: str) -> User:
    if role not in User.Role.values:
        raise TutorError(f"Role must be one of: {', '.join(User.Role.values)}.", field="role")
    if User.objects.filter(username__iexact=username).exists():
        raise Conflict("That username is taken.", field="username")
    candidate = User(username=username, email=email, role=role)
    try:
        validate_password(password, user=candidate)
    except ValidationError as exc:
        raise TutorError(" ".join(exc.messages), field="password") from None
    return User.objects.create_user(username=username, email=email, password=password, role=role)


def classroom_create(*, teacher: User, name: str) -> Classroom:
    if not teacher.is_teacher:
        raise NotAllowed("Only teachers can create classes.")
    name = name.strip()
    if not name:
        raise TutorError("A class needs a name.", field="name")
    # Join codes are random; on the rare collision, draw again.
    for _ in range(5):
        try:
            with transaction.atomic():
                return Classroom.objects.create(teacher=teacher, name=name, join_code=new_join_code())
        except IntegrityError:
            continue
    raise Conflict("Could not draw a free join code; try again.")


def classroom_join(*, student: User, code: str) -> Classroom:
    if not student.is_student:
        raise NotAllowed("Only students join classes with a code.")
    normalized = code.strip().upper().replace("-", "").replace(" ", "")
    classroom = Classroom.objects.filter(join_code=normalized).first()
    if classroom is None:
        raise NotFound("No class has that join code.", field="code")
    Enrollment.objects.get_or_create(classroom=classroom, student=student)
    return classroom


def classroom_remove_student(*, teacher: User, classroom: Classroom, student_id: int) -> None:
    if classroom.teacher_id != teacher.pk:
        raise NotFound("No such class.")
    deleted, _ = Enrollment.objects.filter(classroom=classroom, student_id=student_id).delete()
    if not deleted:
        raise NotFound("That student is not in this class.")


def assignment_create(
    *,
    teacher: User,
    classroom: Classroom,
    target: models.Model,
    title: str = "",
    student: User | None = None,
    instructions: str = "",
    due_at: datetime | None = None,
    attempts_allowed: int | None = None,
    tolerance_cents: int = 25,
    wrong_cents: int = 50,
    tolerance_ms: int = 100,
    free_tempo: bool = False,
    any_key: bool = False,
) -> Assignment:
    if classroom.teacher_id != teacher.pk:
        raise NotFound("No such class.", field="classroom")
    if type(target) not in assignable_models():
        raise TutorError("That cannot be assigned.", field="target")
    if getattr(target, "owner_id", teacher.pk) != teacher.pk:
        raise NotFound("No such exercise.", field="target")
    if student is not None and not classroom.has_student(student):
        raise TutorError("That student is not in this class.", field="student")
    if wrong_cents <= tolerance_cents:
        raise TutorError("The 'wrong' band must start above the in-tune tolerance.", field="wrong_cents")
    return Assignment.objects.create(
        classroom=classroom,
        student=student,
        title=title.strip() or str(target),
        instructions=instructions,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        due_at=due_at,
        attempts_allowed=attempts_allowed,
        tolerance_cents=tolerance_cents,
        wrong_cents=wrong_cents,
        tolerance_ms=tolerance_ms,
        free_tempo=free_tempo,
        any_key=any_key,
    )


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
    level and range (``generation.services.drill_for_student``), made by the
    teacher and assigned to that student alone. ``settings`` are the
    assignment's (due date, attempts, tolerances, free tempo, any key).
    """
    from generation.services import drill_create, drill_for_student

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


def assignment_delete(*, teacher: User, assignment: Assignment) -> None:
    if assignment.classroom.teacher_id != teacher.pk:
        raise NotFound("No such assignment.")
    assignment.delete()


def data_export_request(*, owner: User, requested_by: User | None = None) -> DataExport:
    """Queue a zip of ``owner``'s data (asked by them, or by one of their teachers)."""
    from tutor.privacy import can_manage_data_of
    from tutor.tasks import build_data_export

    requester = requested_by or owner
    if not can_manage_data_of(actor=requester, student=owner):
        raise NotFound("No such student.")
    export = DataExport.objects.create(owner=owner, requested_by=requester)
    queue_job(build_data_export, export.pk)
    return export


def evidence_record(
    *, student: User, source: str, source_id: int, items: list[tuple[str, bool, str]], at: datetime | None = None
) -> None:
    """Record ``(tag, correct, detail)`` observations; recording the same source twice changes nothing.

    ``at`` is when the observation was made (default: now), e.g. the time of a take graded later.
    """
    from tutor.models import SkillEvidence

    when = at or timezone.now()
    SkillEvidence.objects.bulk_create(
        [
            SkillEvidence(student=student, tag=tag[:64], correct=correct, detail=detail[:120], source=source,
                          source_id=source_id, created_at=when)
            for tag, correct, detail in items
        ],
        ignore_conflicts=True,
    )


def skill_profile(*, student: User, tag_prefix: str = "") -> dict[str, Mastery]:
    """Mastery per tag for one student (see tutor.mastery), from the last year's evidence."""
    from datetime import timedelta

    from tutor.mastery import Observation, mastery_by_tag
    from tutor.models import SkillEvidence

    now = timezone.now()
    rows = SkillEvidence.objects.filter(student=student, created_at__gte=now - timedelta(days=365))
    if tag_prefix:
        rows = rows.filter(tag__startswith=tag_prefix)
    observations = [Observation(tag, correct, at) for tag, correct, at in rows.values_list("tag", "correct", "created_at")]
    return mastery_by_tag(observations, now=now)
