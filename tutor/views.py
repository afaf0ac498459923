"""Pages for people, classes and assignments."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from grading.forms import TakeForm
from tutor import services
from tutor.errors import TutorError
from tutor.forms import (
    AssignmentForm,
    ClassroomForm,
    DeleteDataForm,
    DrillAssignmentForm,
    JoinForm,
    SignupForm,
)
from tutor.gradebook import gradebook_for
from tutor.http import AuthedRequest, stored_file_response
from tutor.models import Assignment, Classroom, DataExport, students_visible_to


def teacher_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Pages for teachers only: anyone else gets a 404, as for an object not theirs."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not getattr(request.user, "is_teacher", False):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "home.html")


def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome, {user.username}.")
        return redirect("dashboard")
    return render(request, "registration/signup.html", {"form": form})


@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    user = request.user
    assignments = Assignment.objects.visible_to(user).select_related("classroom", "student")
    classrooms = Classroom.objects.visible_to(user).annotate(student_count=Count("enrollments"))
    if user.is_teacher:
        return render(request, "tutor/dashboard_teacher.html", {
            "assignments": assignments, "classrooms": classrooms, "now": timezone.now(), "join_form": JoinForm(),
        })
    from tutor.progress import due_for, practice_plan_for, progress_for

    due = due_for(student=user)
    return render(request, "tutor/dashboard_student.html", {
        "assignments": assignments, "classrooms": classrooms, "now": timezone.now(), "join_form": JoinForm(),
        "due": [item for item in due if not item.done], "plan": practice_plan_for(student=user, due=due),
        "progress": progress_for(student=user),
    })


@teacher_required
def classroom_list(request: AuthedRequest) -> HttpResponse:
    form = ClassroomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        classroom = services.classroom_create(teacher=request.user, name=form.cleaned_data["name"])
        messages.success(request, f"Class created. Students join with the code {classroom.join_code}.")
        return redirect("classroom-detail", classroom_id=classroom.pk)
    classrooms = Classroom.objects.visible_to(request.user).annotate(student_count=Count("enrollments"))
    return render(request, "tutor/classroom_list.html", {"classrooms": classrooms, "form": form})


@login_required
def classroom_detail(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    classroom = get_object_or_404(Classroom.objects.visible_to(request.user), pk=classroom_id)
    is_teacher = classroom.teacher_id == request.user.pk
    form = None
    if is_teacher:
        form = AssignmentForm(request.POST or None, classroom=classroom, teacher=request.user)
        if request.method == "POST" and form.is_valid():
            values = dict(form.cleaned_data)
            try:
                services.assignment_create(
                    teacher=request.user, classroom=classroom, target=values.pop("target"), **values
                )
            except TutorError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, "Assignment set.")
                return redirect("classroom-detail", classroom_id=classroom.pk)
    assignments = Assignment.objects.visible_to(request.user).filter(classroom=classroom)
    roster = classroom.enrollments.select_related("student") if is_teacher else None
    return render(
        request,
        "tutor/classroom_detail.html",
        {"classroom": classroom, "is_teacher": is_teacher, "assignments": assignments, "roster": roster, "form": form,
         "drill_form": DrillAssignmentForm() if is_teacher else None},
    )


@teacher_required
@require_POST
def classroom_assign_drills(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """Generate and assign: one drill for the class, or one per student from each one's profile."""
    classroom = get_object_or_404(Classroom.objects.visible_to(request.user), pk=classroom_id)
    form = DrillAssignmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Check the drill form: " + "; ".join(
            f"{name}: {' '.join(str(e) for e in errors)}" for name, errors in form.errors.items()))
        return redirect("classroom-detail", classroom_id=classroom.pk)
    values = dict(form.cleaned_data)
    personalised = values.pop("mode") == "personalised"
    params = {"key": values.pop("key"), "mode": values.pop("drill_mode"), "level": values.pop("level")}
    try:
        made = services.assignments_create_drills(
            teacher=request.user, classroom=classroom, personalised=personalised,
            params=None if personalised else params, **values,
        )
    except TutorError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{len(made)} drill assignment{'s' if len(made) != 1 else ''} set.")
    return redirect("classroom-detail", classroom_id=classroom.pk)


@login_required
def student_progress(request: AuthedRequest, student_id: int) -> HttpResponse:
    """A student's progress and weak spots: for the student and the teachers of their classes only."""
    from tutor.progress import progress_for

    student = get_object_or_404(students_visible_to(request.user), pk=student_id)
    return render(
        request,
        "tutor/progress.html",
        {"progress": progress_for(student=student), "student": student, "delete_form": DeleteDataForm()},
    )


@teacher_required
@require_POST
def classroom_remove_student(request: AuthedRequest, classroom_id: int, student_id: int) -> HttpResponse:
    classroom = get_object_or_404(Classroom.objects.visible_to(request.user), pk=classroom_id)
    try:
        services.classroom_remove_student(teacher=request.user, classroom=classroom, student_id=student_id)
    except TutorError as exc:
        raise Http404(exc.message) from None
    messages.success(request, "Student removed from the class.")
    return redirect("classroom-detail", classroom_id=classroom.pk)


@login_required
def classroom_join(request: AuthedRequest) -> HttpResponse:
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            classroom = services.classroom_join(student=request.user, code=form.cleaned_data["code"])
        except TutorError as exc:
            form.add_error("code", exc.message)
        else:
            messages.success(request, f"You joined {classroom.name}.")
            return redirect("classroom-detail", classroom_id=classroom.pk)
    return render(request, "tutor/join.html", {"form": form})


@login_required
def assignment_detail(request: AuthedRequest, assignment_id: int) -> HttpResponse:
    assignment = get_object_or_404(
        Assignment.objects.visible_to(request.user).select_related("classroom"),
        pk=assignment_id,
    )
    takes = assignment.recordings.select_related("owner")
    if not request.user.is_teacher:
        takes = takes.filter(owner=request.user)
    return render(
        request,
        "tutor/assignment_detail.html",
        {"assignment": assignment, "now": timezone.now(), "takes": takes[:50], "take_form": TakeForm()},
    )


@login_required
def account(request: AuthedRequest) -> HttpResponse:
    if request.method == "POST":
        services.data_export_request(owner=request.user)
        messages.info(request, "Your export is being prepared; this page shows when it is ready.")
        return redirect("account")
    exports = DataExport.objects.filter(requested_by=request.user).select_related("owner")[:10]
    return render(request, "tutor/account.html", {"exports": exports, "delete_form": DeleteDataForm()})


@login_required
@require_POST
def student_data_export(request: AuthedRequest, student_id: int) -> HttpResponse:
    student = get_object_or_404(students_visible_to(request.user), pk=student_id)
    services.data_export_request(owner=student, requested_by=request.user)
    messages.info(request, f"An export of {student.username}'s data is being prepared on your account page.")
    return redirect("account")


@login_required
@require_POST
def student_data_delete(request: AuthedRequest, student_id: int) -> HttpResponse:
    """Delete a student's data (the student's own request, or a teacher's of their class)."""
    from tutor.privacy import student_data_delete as delete_data

    if student_id == request.user.pk:
        student = request.user
    else:
        student = get_object_or_404(students_visible_to(request.user), pk=student_id)
    form = DeleteDataForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Tick the box to confirm; nothing was deleted.")
        if student.pk == request.user.pk:
            return redirect("account")
        return redirect("student-progress", student_id=student.pk)
    counts = delete_data(actor=request.user, student=student, delete_account=form.cleaned_data["delete_account"])
    messages.success(
        request, f"Deleted {counts['recordings']} recording(s), {counts['quiz_attempts']} quiz attempt(s) and the "
        f"skill profile of {student.username}.",
    )
    if form.cleaned_data["delete_account"] and student.pk == request.user.pk:
        return redirect("home")
    return redirect("dashboard")


@login_required
def export_download(request: AuthedRequest, export_id: int) -> FileResponse:
    export = get_object_or_404(DataExport.objects.filter(requested_by=request.user, status="done"), pk=export_id)
    if not export.file:
        raise Http404
    return stored_file_response(export.file.name, as_attachment=True, filename=export.file.name.rsplit("/", 1)[-1])


@teacher_required
def classroom_gradebook(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    classroom = get_object_or_404(Classroom.objects.visible_to(request.user), pk=classroom_id)
    book = gradebook_for(classroom)
    if request.GET.get("format") == "csv":
        response = HttpResponse(book.to_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="gradebook-{classroom.pk}.csv"'
        return response
    return render(request, "tutor/gradebook.html", {"classroom": classroom, "book": book})
