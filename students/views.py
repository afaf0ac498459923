"""Pages where the apps meet around students: dashboards, a class and an assignment, the gradebook,
a student's progress, weak-spot drills, and a student's data (export, deletion)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from grading.forms import TakeForm
from grading.models import Recording
from grading.review import takes_awaiting_mark
from lessons.models import Quiz, QuizAttempt
from lessons.services import attempts_allowed_for
from students import privacy, services
from students.forms import AssignmentForm, DeleteDataForm, DrillAssignmentForm
from students.gradebook import Column, columns_for, gradebook_for
from students.progress import attempts_left_for, due_for, practice_plan_for, progress_for
from tutor.errors import TutorError
from tutor.forms import JoinForm, PreferencesForm
from tutor.http import AuthedRequest, stored_file_response, whole_number
from tutor.models import Assignment, Classroom, DataExport, User, students_visible_to
from tutor.music_text import skill_label
from tutor.services import access_log, assignment_create
from tutor.throttles import GenerateThrottle, throttled
from tutor.views import teacher_required


def _with_attempts_left(student: User, rows: list[Column]) -> list[Column]:
    """A student's table says the attempts they have left: "5" read as five more when it was five in all."""
    left = attempts_left_for(student=student, assignments=[row.first for row in rows])
    for row in rows:
        row.attempts_left = left[row.first.pk]
    return rows


@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    user = request.user
    # A personalised set (one assignment per student) is one row, as it is one gradebook column.
    assignment_rows = columns_for(list(Assignment.objects.visible_to(user).select_related("classroom", "student")))
    classrooms = Classroom.objects.visible_to(user).annotate(student_count=Count("enrollments"))
    if user.is_teacher:
        return render(request, "students/dashboard_teacher.html", {
            "assignment_rows": assignment_rows, "classrooms": classrooms, "now": timezone.now(), "join_form": JoinForm(),
            "awaiting": _awaiting_by_class(user),
        })
    due = due_for(student=user)
    return render(request, "students/dashboard_student.html", {
        "assignment_rows": _with_attempts_left(user, assignment_rows), "classrooms": classrooms, "now": timezone.now(), "join_form": JoinForm(),
        "due": [item for item in due if not item.done], "plan": practice_plan_for(student=user, due=due),
        "progress": progress_for(student=user),
        "teacher_marks": list(Recording.objects.teacher_mark_unread(user).select_related(
            "exercise", "teacher_marked_by").order_by("-teacher_marked_at")[:10]),
    })


#: Waiting takes listed per class on the teacher's dashboard; the rest are reached take by take ("Next take").
AWAITING_SHOWN = 8


def _awaiting_by_class(teacher: Any) -> list[dict[str, Any]]:
    """The takes waiting for the teacher's comment or score, per class (oldest first), with each class's count."""
    groups: dict[int, dict[str, Any]] = {}
    for take in takes_awaiting_mark(teacher=teacher):
        classroom = take.assignment.classroom  # type: ignore[union-attr]
        group = groups.setdefault(classroom.pk, {"classroom": classroom, "takes": [], "count": 0})
        group["count"] += 1
        if len(group["takes"]) < AWAITING_SHOWN:
            group["takes"].append(take)
    return list(groups.values())


@login_required
def classroom_detail(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    classroom = get_object_or_404(Classroom.objects.visible_to(request.user), pk=classroom_id)
    is_teacher = classroom.teacher_id == request.user.pk
    form = None
    if is_teacher:
        # "Assign it to a class" on a drill's page comes here with that exercise chosen in the form.
        chosen = whole_number(request.GET.get("exercise", ""))
        form = AssignmentForm(request.POST or None, classroom=classroom, teacher=request.user,
                              initial={"target": chosen} if chosen is not None else None)
        if request.method == "POST" and form.is_valid():
            values = dict(form.cleaned_data)
            try:
                assignment_create(
                    teacher=request.user, classroom=classroom, target=values.pop("target"), **values
                )
            except TutorError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("Assignment set."))
                # To the top, where the message is: the form's address ends in #set-assignment (a drill's page
                # links there), and a redirect without a fragment keeps it, so a phone showed the form again,
                # empty, as if nothing had been set.
                return redirect(reverse("classroom-detail", args=[classroom.pk]) + "#main")
    assignments = Assignment.objects.visible_to(request.user).filter(classroom=classroom).select_related(
        "classroom", "student")
    roster = classroom.enrollments.select_related("student") if is_teacher else None
    return render(
        request,
        "students/classroom_detail.html",
        {"classroom": classroom, "is_teacher": is_teacher,
         "assignment_rows": columns_for(list(assignments)) if is_teacher
         else _with_attempts_left(request.user, columns_for(list(assignments))),
         "roster": roster, "form": form,
         "drill_form": DrillAssignmentForm() if is_teacher else None},
    )


@teacher_required
@throttled(GenerateThrottle)
def classroom_assign_drills(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """Generate drills (one for the class, or one per student from each one's profile), preview them,
    make any of them again, then assign what the teacher kept.

    The preview page posts back here with the drills it shows (``drills``) and one ``action``:
    ``preview`` (make them), ``regenerate:<drill id>`` (make that one again), ``regenerate-all`` or ``assign``.
    A GET (the preview reloaded, the language switched on it, the address opened again) goes back to the
    class page, where the form is: it was a bare 405 that the browser showed as a broken page.
    """
    classroom = get_object_or_404(Classroom.objects.visible_to(request.user), pk=classroom_id)
    if request.method != "POST":
        return redirect("classroom-detail", classroom_id=classroom.pk)
    form = DrillAssignmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the drill form: ") + "; ".join(
            f"{form.fields[name].label or name if name in form.fields else name}: {' '.join(str(e) for e in errors)}"
            for name, errors in form.errors.items()))
        return redirect("classroom-detail", classroom_id=classroom.pk)
    values = dict(form.cleaned_data)
    personalised = values.pop("mode") == "personalised"
    params = {"key": values.pop("key"), "mode": values.pop("drill_mode"), "level": values.pop("level")}
    action = request.POST.get("action", "preview")
    try:
        if action == "preview":
            drills = services.drills_preview(teacher=request.user, classroom=classroom, personalised=personalised,
                                             params=None if personalised else params)
        else:
            drills = services.previewed_drills(teacher=request.user, classroom=classroom,
                                               drill_ids=_ids(request.POST.getlist("drills")))
        if action == "assign":
            made = services.assignments_create_from_drills(
                teacher=request.user, classroom=classroom, drills=drills, **values)
            messages.success(request, ngettext("%(count)d drill assignment set.", "%(count)d drill assignments set.",
                                               len(made)) % {"count": len(made)})
            return redirect("classroom-detail", classroom_id=classroom.pk)
        if action.startswith("regenerate"):
            again = [d.pk for d in drills] if action == "regenerate-all" else _ids([action.partition(":")[2]])
            drills = [services.drill_regenerate(teacher=request.user, drill=d) if d.pk in again else d
                      for d in drills]
    except TutorError as exc:
        messages.error(request, exc.message)
        return redirect("classroom-detail", classroom_id=classroom.pk)
    return render(request, "students/drill_preview.html", {
        "classroom": classroom, "form": form, "drills": drills, "personalised": personalised,
    })


def _ids(values: list[str]) -> list[int]:
    try:
        return [int(v) for v in values]
    except ValueError:
        raise TutorError(_("No such drill."), field="drills") from None


@login_required
def student_progress(request: AuthedRequest, student_id: int) -> HttpResponse:
    """A student's progress and weak spots: for the student and the teachers of their classes only."""
    student = get_object_or_404(students_visible_to(request.user), pk=student_id)
    return render(
        request,
        "students/progress.html",
        {"progress": progress_for(student=student, viewer=request.user), "student": student,
         "delete_form": DeleteDataForm(own_account=student.pk == request.user.pk)},
    )


@login_required
def assignment_detail(request: AuthedRequest, assignment_id: int) -> HttpResponse:
    assignment = get_object_or_404(
        Assignment.objects.visible_to(request.user).select_related("classroom"),
        pk=assignment_id,
    )
    takes = assignment.recordings.select_related("owner")
    if not request.user.is_teacher:
        takes = takes.filter(owner=request.user)
    target = assignment.target
    # A quiz's limit may come from the quiz itself (a test), so the page asks the rule the start button obeys.
    quiz_results: list[dict[str, Any]] = []
    if isinstance(target, Quiz):
        allowed = attempts_allowed_for(quiz=target, assignment=assignment)
        used = None if request.user.is_teacher else QuizAttempt.objects.filter(
            student=request.user, quiz=target, assignment=assignment).count()
        # A student's table is made from their own rows only: filtered in the template, others' rows
        # still showed that classmates had handed in (the table lost its "no attempts yet" line).
        sittings = assignment.quiz_attempts.all()
        quiz_results = (sittings if request.user.is_teacher else sittings.filter(student=request.user)).summary()
    else:
        allowed = assignment.attempts_allowed
        used = None if request.user.is_teacher else takes.exclude(status="failed").count()
    not_handed_in = _not_handed_in(assignment) if request.user.is_teacher and not isinstance(target, Quiz) else []
    return render(
        request,
        "students/assignment_detail.html",
        {"assignment": assignment, "now": timezone.now(), "takes": takes[:50], "take_form": TakeForm(),
         "attempts_allowed": allowed, "attempts_used": used if allowed else None, "quiz_results": quiz_results,
         "not_handed_in": not_handed_in,
         # A take of a student taken out of the class since is kept; the table says so beside their name.
         "enrolled_ids": set(assignment.classroom.enrollments.values_list("student_id", flat=True))
         if request.user.is_teacher else set()},
    )


def _not_handed_in(assignment: Assignment) -> list[Any]:
    """The students the assignment is for (still in the class) with no take of it but failed ones: the list a
    teacher chases on the due date. The take table showed only who had handed in."""
    if assignment.student_id is not None:
        expected = [assignment.student]
    else:
        expected = [e.student for e in assignment.classroom.enrollments.select_related("student")]
    handed_in = set(assignment.recordings.exclude(status=Recording.Status.FAILED).values_list("owner_id", flat=True))
    return [s for s in expected if s is not None and s.pk not in handed_in]


@login_required
@throttled(GenerateThrottle)
def account(request: AuthedRequest) -> HttpResponse:
    if request.method == "POST":
        services.data_export_request(owner=request.user)
        messages.info(request, _("Your export is being prepared; this page shows when it is ready."))
        return redirect("account")
    exports = DataExport.objects.filter(requested_by=request.user).select_related("owner")[:10]
    return render(request, "students/account.html", {
        "exports": exports, "delete_form": DeleteDataForm(), "preferences_form": PreferencesForm(instance=request.user),
        "retention_days": settings.AUDIO_RETENTION_DAYS,
    })


@login_required
@require_POST
@throttled(GenerateThrottle)
def student_data_export(request: AuthedRequest, student_id: int) -> HttpResponse:
    student = get_object_or_404(students_visible_to(request.user), pk=student_id)
    services.data_export_request(owner=student, requested_by=request.user)
    messages.info(request, _("An export of %(student)s's data is being prepared on your account page.")
                  % {"student": student.username})
    return redirect("account")


@login_required
@require_POST
def student_data_delete(request: AuthedRequest, student_id: int) -> HttpResponse:
    """Delete a student's data (the student's own request, or a teacher's of their class)."""
    if student_id == request.user.pk:
        student = request.user
    else:
        student = get_object_or_404(students_visible_to(request.user), pk=student_id)
    form = DeleteDataForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the box to confirm; nothing was deleted."))
        if student.pk == request.user.pk:
            return redirect("account")
        return redirect("student-progress", student_id=student.pk)
    try:
        counts = privacy.student_data_delete(
            actor=request.user, student=student, delete_account=form.cleaned_data["delete_account"]
        )
    except TutorError as exc:
        messages.error(request, _("%(reason)s Nothing was deleted.") % {"reason": exc.message})
        return redirect("student-progress", student_id=student.pk)
    said = {"recordings": counts["recordings"], "attempts": counts["quiz_attempts"], "drills": counts["drills"],
            "student": student.username}
    if privacy.teacher_scope(actor=request.user, student=student) is not None:
        # A teacher deletes their part: "the skill profile" overstated it, and the drills went unsaid.
        messages.success(request, _(
            "Deleted %(recordings)d take(s) and %(attempts)d quiz attempt(s) of %(student)s on your assignments, "
            "%(drills)d drill(s) you made for them, and the skill evidence those left."
        ) % said)
    else:
        messages.success(request, _(
            "Deleted %(recordings)d recording(s), %(attempts)d quiz attempt(s) and the skill profile of %(student)s."
        ) % said)
    if form.cleaned_data["delete_account"] and student.pk == request.user.pk:
        return redirect("home")
    return redirect("dashboard")


@login_required
def export_download(request: AuthedRequest, export_id: int) -> HttpResponseBase:
    export = get_object_or_404(DataExport.objects.filter(requested_by=request.user, status="done"), pk=export_id)
    access_log(actor=request.user, action="export-download", obj=export, subject=export.owner)
    if not export.file:
        raise Http404
    return stored_file_response(request, export.file.name, as_attachment=True, filename=export.file.name.rsplit("/", 1)[-1])


@teacher_required
def classroom_gradebook(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    classroom = get_object_or_404(Classroom.objects.visible_to(request.user), pk=classroom_id)
    book = gradebook_for(classroom)
    if request.GET.get("format") == "csv":
        # With a byte-order mark Excel reads the file as UTF-8; without one it took a Chinese class's names
        # and titles for the local code page and showed them garbled.
        response = HttpResponse("\ufeff" + book.to_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="gradebook-{classroom.pk}.csv"'
        return response
    return render(request, "students/gradebook.html", {"classroom": classroom, "book": book})


@login_required
@require_POST
@throttled(GenerateThrottle)
def drill_weak_spots(request: AuthedRequest) -> HttpResponse:
    """"Practise my weak spots": make the drill and open it."""
    if not request.user.is_student:
        messages.error(request, _("Weak-spot drills are made from a student's own profile."))
        return redirect("drill-list")
    try:
        drill = services.drill_for_student(student=request.user)
    except TutorError as exc:
        messages.error(request, exc.message)
        return redirect("dashboard")
    if drill.targets:
        aimed_at = _(", ").join(skill_label(t) if ":" in t else t for t in drill.targets)
        messages.success(request, _("A drill aimed at your weak spots: %(skills)s.") % {"skills": aimed_at})
    else:  # "aimed at your weak spots: none yet" read as if nothing had been made
        messages.success(request, _("No weak spots found yet, so this drill is at your level: sing it, and "
                                    "the next ones aim at what goes wrong."))
    return redirect("exercise-studio", exercise_id=drill.exercise_id)
