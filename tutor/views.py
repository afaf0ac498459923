"""Pages for people, classes and assignments."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from tutor import services
from tutor.errors import TutorError
from tutor.forms import (
    ClassroomForm,
    JoinForm,
    SignupForm,
)
from tutor.http import AuthedRequest
from tutor.models import Classroom


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


@teacher_required
def classroom_list(request: AuthedRequest) -> HttpResponse:
    form = ClassroomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        classroom = services.classroom_create(teacher=request.user, name=form.cleaned_data["name"])
        messages.success(request, f"Class created. Students join with the code {classroom.join_code}.")
        return redirect("classroom-detail", classroom_id=classroom.pk)
    classrooms = Classroom.objects.visible_to(request.user).annotate(student_count=Count("enrollments"))
    return render(request, "tutor/classroom_list.html", {"classrooms": classrooms, "form": form})


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


