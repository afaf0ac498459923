"""Pages for exercises and recordings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from grading import services
from grading.forms import ExerciseForm, TakeForm
from grading.models import Exercise, Recording
from tutor.errors import TutorError
from tutor.http import AuthedRequest
from tutor.models import Assignment
from tutor.views import teacher_required


@teacher_required
def exercise_list(request: AuthedRequest) -> HttpResponse:
    form = ExerciseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.exercise_create(owner=request.user, **form.cleaned_data)
        except TutorError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Exercise added. Assign it from a class page.")
            return redirect("exercise-list")
    exercises = Exercise.objects.visible_to(request.user)
    return render(request, "grading/exercise_list.html", {"exercises": exercises, "form": form})


@login_required
@require_POST
def recording_create(request: AuthedRequest, assignment_id: int) -> HttpResponse:
    assignment = get_object_or_404(Assignment.objects.visible_to(request.user), pk=assignment_id)
    form = TakeForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            recording = services.recording_submit(
                student=request.user, audio=form.cleaned_data["audio"], assignment=assignment
            )
        except TutorError as exc:
            messages.error(request, exc.message)
        else:
            return redirect("recording-detail", recording_id=recording.pk)
    else:
        messages.error(request, "Choose a recording to upload.")
    return redirect("assignment-detail", assignment_id=assignment.pk)


@login_required
@require_POST
def exercise_recording_create(request: AuthedRequest, exercise_id: int) -> HttpResponse:
    """A take of an exercise outside any assignment (a generated drill, say)."""
    exercise = get_object_or_404(Exercise.objects.visible_to(request.user), pk=exercise_id)
    form = TakeForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            recording = services.recording_submit(
                student=request.user, audio=form.cleaned_data["audio"], exercise=exercise
            )
        except TutorError as exc:
            messages.error(request, exc.message)
        else:
            return redirect("recording-detail", recording_id=recording.pk)
    else:
        messages.error(request, "Choose a recording to upload.")
    back = request.POST.get("back", "")
    safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return redirect(back if back and safe else "dashboard")


@login_required
def recording_detail(request: AuthedRequest, recording_id: int) -> HttpResponse:
    recording = get_object_or_404(
        Recording.objects.visible_to(request.user).select_related("exercise", "assignment"), pk=recording_id
    )
    notes = recording.notes.all() if recording.status == "done" else []
    return render(request, "grading/recording_detail.html", {"recording": recording, "notes": notes})


@login_required
def recording_audio(request: AuthedRequest, recording_id: int) -> FileResponse:
    recording = get_object_or_404(Recording.objects.visible_to(request.user), pk=recording_id)
    if not recording.audio:
        raise Http404
    return FileResponse(recording.audio.open("rb"), content_type="application/octet-stream")
