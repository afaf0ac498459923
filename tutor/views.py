"""Pages for people, classes and assignments."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tutor import services
from tutor.errors import TooManyTries, TutorError
from tutor.forms import (
    ClassroomForm,
    JoinForm,
    LanguageSwitchForm,
    PreferencesForm,
    SignupForm,
)
from tutor.http import AuthedRequest, redirect_back
from tutor.models import Classroom, User


def favicon(request: HttpRequest) -> HttpResponse:
    """Pages name their icon in <head>; this answers clients (and the admin) that ask for /favicon.ico."""
    return redirect(static("favicon.svg"), permanent=True)


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


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """One click to another language: kept in a cookie, and on the account of a signed-in person."""
    form = LanguageSwitchForm(request.POST)
    response = redirect_back(request, request.POST.get("next", ""), "home")
    if not form.is_valid():
        return response
    language = form.cleaned_data["language"]
    if request.user.is_authenticated:
        request.user.language = language
        request.user.save(update_fields=["language"])
    _set_language_cookie(response, language)
    return response


@login_required
@require_POST
def notation_choose(request: AuthedRequest) -> HttpResponse:
    """Staff, 简谱 or both on the studio and feedback pages: saved on the account, back to the page."""
    choice = request.POST.get("notation", "")
    if choice in User.Notation.values:
        request.user.notation = choice
        request.user.save(update_fields=["notation"])
    return redirect_back(request, request.POST.get("next", ""), "home")


@login_required
@require_POST
def preferences(request: AuthedRequest) -> HttpResponse:
    form = PreferencesForm(request.POST, instance=request.user)
    if form.is_valid():
        form.save()
        translation.activate(form.cleaned_data["language"] or translation.get_language_from_request(request))
        messages.success(request, _("Preferences saved."))
    else:
        messages.error(request, _("Those preferences could not be saved; nothing changed."))
    response = redirect("account")
    if form.is_valid() and form.cleaned_data["language"]:
        _set_language_cookie(response, form.cleaned_data["language"])
    return response


def _set_language_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
                        samesite="Lax", secure=settings.LANGUAGE_COOKIE_SECURE)


def signup(request: HttpRequest) -> HttpResponse:
    # The home page's "create a teacher account" arrives with ?role=teacher: the choice is made already.
    chosen = request.GET.get("role", "")
    form = SignupForm(request.POST or None, initial={"role": chosen} if chosen in User.Role.values else None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome, %(name)s.") % {"name": user.username})
        return redirect("dashboard")
    return render(request, "registration/signup.html", {"form": form})


@teacher_required
def classroom_list(request: AuthedRequest) -> HttpResponse:
    form = ClassroomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        classroom = services.classroom_create(teacher=request.user, name=form.cleaned_data["name"])
        messages.success(request, _("Class created. Students join with the code %(code)s.") % {"code": classroom.join_code})
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
    messages.success(request, _("Student removed from the class."))
    return redirect("classroom-detail", classroom_id=classroom.pk)


@login_required
def classroom_join(request: AuthedRequest) -> HttpResponse:
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            classroom = services.classroom_join(student=request.user, code=form.cleaned_data["code"])
        except TutorError as exc:
            form.add_error("code", exc.message)
            if isinstance(exc, TooManyTries):
                return render(request, "tutor/join.html", {"form": form}, status=exc.http_status)
        else:
            messages.success(request, _("You joined %(name)s.") % {"name": classroom.name})
            return redirect("classroom-detail", classroom_id=classroom.pk)
    return render(request, "tutor/join.html", {"form": form})


