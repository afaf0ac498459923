"""A student's skill profile read for people: weak spots, progress over time, streak, today's plan.

The reasoning (ranking, the drill mapping, the level rule) is in
``students.skills``; this module reads the rows it needs, in a few queries.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from generation.models import Drill
from grading.models import NoteResult, Recording
from lessons.models import Quiz, QuizAttempt, ServedQuestion
from lessons.services import attempts_allowed_for
from students.charts import Series, line_chart_svg
from students.skill_text import practice_setting_text, weak_spot_text
from students.skills import Observation, PracticeSetting, WeakSpot, practice_setting_next, rank_weak_spots
from tutor.mastery import Observation as MasteryObservation
from tutor.mastery import mastery_by_tag
from tutor.models import Assignment, SkillEvidence, User

#: The profile reads this much history (evidence older than that has decayed to almost nothing).
HISTORY_DAYS = 365
CHART_TAKES = 60
CHART_WEEKS = 12


def profile_observations(*, student: User, since: datetime | None = None) -> list[Observation]:
    """Every observation about ``student`` since ``since`` with the events it came from.

    A graded note's event is (take, note index); an interval also involves the
    note before it, so a flat note and the intervals around it share an event.
    A quiz answer's event is the answer.
    """
    since = since or timezone.now() - timedelta(days=HISTORY_DAYS)
    rows = list(
        SkillEvidence.objects.filter(student=student, created_at__gte=since)
        .order_by("created_at", "id")
        .values_list("tag", "correct", "detail", "created_at", "source", "source_id")
    )
    note_ids = {sid for *_, source, sid in rows if source == SkillEvidence.Source.NOTE}
    where = {
        pk: (rec, index)
        for pk, rec, index in NoteResult.objects.filter(pk__in=note_ids).values_list("pk", "recording_id", "index")
    }
    out = []
    for tag, correct, detail, at, source, sid in rows:
        events: frozenset[Hashable]
        if source == SkillEvidence.Source.NOTE and sid in where:
            rec, index = where[sid]
            events = frozenset({(rec, index - 1), (rec, index)}) if tag.startswith("int:") else frozenset({(rec, index)})
        else:
            events = frozenset({(source, sid)})
        out.append(Observation(tag=tag, correct=correct, detail=detail, at=at, events=events,
                               from_quiz=source == SkillEvidence.Source.QUIZ))
    return out


def weak_spots_for(*, student: User, limit: int = 5) -> list[WeakSpot]:
    """The student's weak spots, weakest first, each with a line such as "F#4 in G major: flat in 7 of the last 9"."""
    observations = profile_observations(student=student)
    masteries = mastery_by_tag([MasteryObservation(o.tag, o.correct, o.at) for o in observations], now=timezone.now())
    return [weak_spot_text(s) for s in rank_weak_spots(masteries, observations, limit=limit)]


def practice_setting_for(*, student: User) -> PracticeSetting:
    """The level and tempo for the student's next weak-spot drill (``students.skills.practice_setting_next``).

    The current setting is that of the latest weak-spot drill made for the
    student; the scores are those of the student's graded takes of weak-spot
    drills made at that setting.
    """
    drills = Drill.objects.filter(student=student, purpose=Drill.Purpose.WEAK_SPOTS).order_by("-created_at")
    latest = drills.values_list("params", flat=True).first()
    if latest is None:
        return practice_setting_text(practice_setting_next(level=None, tempo=None, recent_scores=[]))
    level, tempo = int(latest.get("level", 2)), int(latest.get("tempo", 80))
    same = [d.pk for d in drills.only("pk", "params")[:50]
            if int(d.params.get("level", 0)) == level and int(d.params.get("tempo", 0)) == tempo]
    scores = list(
        Recording.objects.filter(owner=student, status=Recording.Status.DONE, exercise__drill__in=same,
                                 score_percent__isnull=False)
        .order_by("queued_at").values_list("score_percent", flat=True)
    )
    return practice_setting_text(
        practice_setting_next(level=level, tempo=tempo, recent_scores=[float(s) for s in scores if s is not None]))


def streak_days(*, student: User, today: date | None = None) -> int:
    """Days in a row, ending today (or yesterday, if not yet today), with a graded take or a quiz answer."""
    today = today or timezone.localdate()
    since = timezone.now() - timedelta(days=HISTORY_DAYS)
    days = {timezone.localtime(t).date() for t in Recording.objects.filter(
        owner=student, status=Recording.Status.DONE, queued_at__gte=since).values_list("queued_at", flat=True)}
    days |= {timezone.localtime(t).date() for t in ServedQuestion.objects.filter(
        attempt__student=student, answered_at__gte=since).values_list("answered_at", flat=True)}
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


@dataclass
class Progress:
    student: User
    weak_spots: list[WeakSpot]
    score_chart: str
    weak_spot_chart: str
    streak: int
    setting: PracticeSetting
    takes: list[Any] = field(default_factory=list)
    score_title: str = ""
    weak_spot_title: str = ""


def progress_for(*, student: User, viewer: User | None = None) -> Progress:
    """Everything the progress page shows, for the student and their teachers.

    A teacher (``viewer``) sees the takes made for their own assignments, as everywhere else
    (``Recording.objects.visible_to``): another teacher's, and what the student practised on their own,
    are not theirs to read (their page listed them, with links that led to "not found").
    """
    spots = weak_spots_for(student=student)
    graded = Recording.objects.filter(owner=student, status=Recording.Status.DONE, score_percent__isnull=False)
    if viewer is not None and viewer.pk != student.pk and viewer.is_teacher:
        graded = graded.filter(assignment__classroom__teacher=viewer)
    takes = list(graded.select_related("exercise").order_by("-queued_at", "-id")[:CHART_TAKES])
    takes.reverse()
    score_title, weak_spot_title = _("Score of each take (%)"), _("Weekly accuracy on the top weak spots (%)")
    score_chart = line_chart_svg(
        # The score that counts: the teacher's where they set one (as in the gradebook), else the grader's.
        [Series(_("take score"), [(r.queued_at, float(r.grade_percent or 0)) for r in takes])],
        title=score_title, empty_text=_("No graded takes to chart yet"), date_label=_day_month, evenly=True,
    )
    weekly = _weekly_accuracy(student=student, tags=[s.tag for s in spots[:3]])
    spot_series = [Series(s.label, weekly.get(s.tag, [])) for s in spots[:3]]
    # Drawn only with something to draw: an empty one read as "Nothing to show yet" under the score
    # chart above it, as if that chart (with its points) were empty; the weak spots list says when there are none.
    spot_chart = line_chart_svg(
        spot_series, title=weak_spot_title, date_label=_day_month,
    ) if any(s.points for s in spot_series) else ""
    return Progress(student=student, weak_spots=spots, score_chart=score_chart, weak_spot_chart=spot_chart,
                    streak=streak_days(student=student), setting=practice_setting_for(student=student),
                    takes=list(reversed(takes))[:10], score_title=score_title, weak_spot_title=weak_spot_title)


def _day_month(moment: datetime) -> str:
    """A chart's date in the reader's language ("24 Nov", "11月24日"), in the site's time zone."""
    return date_format(timezone.localtime(moment), _("j M"))


def _weekly_accuracy(*, student: User, tags: list[str]) -> dict[str, list[tuple[datetime, float]]]:
    if not tags:
        return {}
    since = timezone.now() - timedelta(weeks=CHART_WEEKS)
    buckets: dict[tuple[str, date], list[bool]] = {}
    for tag, correct, at in SkillEvidence.objects.filter(student=student, tag__in=tags, created_at__gte=since)\
            .values_list("tag", "correct", "created_at"):
        day = timezone.localtime(at).date()
        week = day - timedelta(days=day.weekday())
        buckets.setdefault((tag, week), []).append(correct)
    out: dict[str, list[tuple[datetime, float]]] = {}
    for (tag, week), values in sorted(buckets.items(), key=lambda kv: kv[0][1]):
        start = timezone.make_aware(datetime.combine(week, datetime.min.time()))
        out.setdefault(tag, []).append((start, 100.0 * sum(values) / len(values)))
    return out


@dataclass
class DueItem:
    assignment: Assignment
    done: bool
    late: bool


def due_for(*, student: User) -> list[DueItem]:
    """The student's assignments, not yet done first, soonest due first; done means a graded take or a handed-in quiz."""
    assignments = list(Assignment.objects.visible_to(student).select_related("classroom", "target_type"))
    done = set(Recording.objects.filter(owner=student, status=Recording.Status.DONE,
                                        assignment__in=assignments).values_list("assignment_id", flat=True))
    done |= set(QuizAttempt.objects.filter(student=student, submitted_at__isnull=False,
                                           assignment__in=assignments).values_list("assignment_id", flat=True))
    items = [DueItem(a, a.pk in done, a.is_late() and a.pk not in done) for a in assignments]
    return sorted(items, key=lambda i: (i.done, i.assignment.due_at is None, i.assignment.due_at or timezone.now()))


def attempts_left_for(*, student: User, assignments: list[Assignment]) -> dict[int, int | None]:
    """Each assignment's attempts the student may still use (None: no limit), counted as the studio and the
    quiz's start button count them: takes that did not fail, and quiz sittings started."""
    takes = dict(Recording.objects.filter(owner=student, assignment__in=assignments).exclude(status="failed")
                 .values("assignment").annotate(n=Count("pk")).values_list("assignment", "n"))
    sittings = dict(QuizAttempt.objects.filter(student=student, assignment__in=assignments)
                    .values("assignment").annotate(n=Count("pk")).values_list("assignment", "n"))
    left: dict[int, int | None] = {}
    for assignment in assignments:
        target = assignment.target
        if isinstance(target, Quiz):
            allowed = attempts_allowed_for(quiz=target, assignment=assignment)
            used = sittings.get(assignment.pk, 0)
        else:
            allowed, used = assignment.attempts_allowed, takes.get(assignment.pk, 0)
        left[assignment.pk] = None if allowed is None else max(0, allowed - used)
    return left


@dataclass
class PracticePlan:
    """Today's plan: a weak-spot drill (the one made today, if any) and a quiz (an assigned one, else practice)."""

    drill: Any
    quiz_assignment: Assignment | None
    weak_spots: list[WeakSpot]


def practice_plan_for(*, student: User, due: list[DueItem] | None = None) -> PracticePlan:
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    drill = Drill.objects.filter(student=student, purpose=Drill.Purpose.WEAK_SPOTS, created_at__gte=today)\
        .select_related("exercise").order_by("-created_at").first()
    items = due if due is not None else due_for(student=student)
    quiz = next((i.assignment for i in items if not i.done and i.assignment.kind == "quiz"), None)
    return PracticePlan(drill=drill, quiz_assignment=quiz, weak_spots=weak_spots_for(student=student, limit=3))

