"""Workflows on people, classes and assignments. Views and API classes call these."""

from __future__ import annotations

import math
import time
import uuid
from datetime import datetime, timedelta

from django.contrib.auth.password_validation import validate_password
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tutor.errors import Conflict, NotAllowed, NotFound, TooManyTries, TutorError
from tutor.mastery import Mastery, Observation, mastery_by_tag
from tutor.models import (
    AccessLog,
    Assignment,
    Classroom,
    Enrollment,
    SkillEvidence,
    User,
    assignable_models,
    new_join_code,
)
from tutor.names import plain_name


def user_signup(*, username: str, email: str, password: str, role: str) -> User:
    if role not in User.Role.values:
        raise TutorError(_("Role must be one of: %(roles)s.") % {"roles": ", ".join(User.Role.values)}, field="role")
    if User.objects.filter(username__iexact=username).exists():
        raise Conflict(_("That username is taken."), field="username")
    candidate = User(username=username, email=email, role=role)
    try:
        validate_password(password, user=candidate)
    except ValidationError as exc:
        raise TutorError(" ".join(exc.messages), field="password") from None
    return User.objects.create_user(username=username, email=email, password=password, role=role)


def classroom_create(*, teacher: User, name: str) -> Classroom:
    if not teacher.is_teacher:
        raise NotAllowed(_("Only teachers can create classes."))
    name = plain_name(name)
    if not name:
        raise TutorError(_("A class needs a name."), field="name")
    # Join codes are random; on the rare collision, draw again.
    for _try in range(5):
        try:
            with transaction.atomic():
                return Classroom.objects.create(teacher=teacher, name=name, join_code=new_join_code())
        except IntegrityError:
            continue
    raise Conflict(_("Could not draw a free join code; try again."))


#: Wrong join codes a student may type in JOIN_WINDOW_SECONDS: room for typos, none for walking
#: through codes to get into other people's classes.
JOIN_FREE_FAILURES = 10
JOIN_WINDOW_SECONDS = 60 * 60


def classroom_join(*, student: User, code: str) -> Classroom:
    if not student.is_student:
        raise NotAllowed(_("Only students join classes with a code."))
    key = f"join-failures:{student.pk}"
    now = time.time()
    failures, started = cache.get(key) or (0, now)
    if failures >= JOIN_FREE_FAILURES:
        minutes = max(1, math.ceil((JOIN_WINDOW_SECONDS - (now - started)) / 60))
        raise TooManyTries(_("Too many wrong join codes. Try again in %(minutes)d minutes, or ask your teacher "
                             "for the code.") % {"minutes": minutes}, field="code")
    normalized = code.strip().upper().replace("-", "").replace(" ", "")
    classroom = Classroom.objects.filter(join_code=normalized).first()
    if classroom is None:
        cache.set(key, (failures + 1, started), max(1, int(JOIN_WINDOW_SECONDS - (now - started))))
        raise NotFound(_("No class has that join code."), field="code")
    Enrollment.objects.get_or_create(classroom=classroom, student=student)
    return classroom


def classroom_remove_student(*, teacher: User, classroom: Classroom, student_id: int) -> None:
    if classroom.teacher_id != teacher.pk:
        raise NotFound(_("No such class."))
    deleted, _by_kind = Enrollment.objects.filter(classroom=classroom, student_id=student_id).delete()
    if not deleted:
        raise NotFound(_("That student is not in this class."))


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
    group: uuid.UUID | None = None,
    title_made: bool = False,
) -> Assignment:
    if classroom.teacher_id != teacher.pk:
        raise NotFound(_("No such class."), field="classroom")
    if type(target) not in assignable_models():
        raise TutorError(_("That cannot be assigned."), field="target")
    if getattr(target, "owner_id", teacher.pk) != teacher.pk:
        raise NotFound(_("No such exercise."), field="target")
    if student is not None and not classroom.has_student(student):
        raise TutorError(_("That student is not in this class."), field="student")
    if wrong_cents <= tolerance_cents:
        raise TutorError(_("The 'wrong' band must start above the in-tune tolerance."), field="wrong_cents")
    title = plain_name(title)
    return Assignment.objects.create(
        classroom=classroom,
        student=student,
        # No title typed: the target's own as stored (a drill's is made, and shown in each reader's language;
        # ``str`` would store it in this teacher's words).
        title=title.strip() or str(getattr(target, "title", "") or target),
        title_made=title_made or not title.strip(),
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
        group=group,
    )


def assignment_delete(*, teacher: User, assignment: Assignment) -> None:
    if assignment.classroom.teacher_id != teacher.pk:
        raise NotFound(_("No such assignment."))
    assignment.delete()


def evidence_record(
    *, student: User, source: str, source_id: int, items: list[tuple[str, bool, str]], at: datetime | None = None
) -> None:
    """Record ``(tag, correct, detail)`` observations; recording the same source twice changes nothing.

    ``at`` is when the observation was made (default: now), e.g. the time of a take graded later.
    """
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
    now = timezone.now()
    rows = SkillEvidence.objects.filter(student=student, created_at__gte=now - timedelta(days=365))
    if tag_prefix:
        rows = rows.filter(tag__startswith=tag_prefix)
    observations = [Observation(tag, correct, at) for tag, correct, at in rows.values_list("tag", "correct", "created_at")]
    return mastery_by_tag(observations, now=now)


def access_log(*, actor: User, action: str, obj: models.Model, subject: User) -> None:
    """Record that ``actor`` opened ``subject``'s ``obj``; nothing is logged for the owner themselves."""
    if actor.pk != subject.pk:
        AccessLog.objects.create(
            actor=actor, action=action, object_type=obj._meta.model_name or "", object_id=obj.pk, subject=subject
        )
