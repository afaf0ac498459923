"""The practice studio's pages: an exercise or assignment to practise, and a take with its feedback on the score."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe

from grading.forms import TakeForm
from grading.models import Exercise, Recording
from grading.services import recording_history
from studio.audio import exercise_audio, exercise_audio_path
from studio.notation import exercise_notation
from tutor.errors import TutorError
from tutor.http import AuthedRequest, stored_file_response
from tutor.models import Assignment

#: (label, notation shift, sounding shift) in semitones. Instruments read transposed parts and sound
#: as written for a concert-pitch instrument; voices an octave away are graded by pitch class.
TRANSPOSITIONS: list[tuple[str, int, int]] = [
    ("As written (concert pitch)", 0, 0),
    ("Lower voices: an octave down (tenor, baritone, bass)", -12, -12),
    ("An octave up", 12, 12),
    ("B\u266d instrument (clarinet, trumpet, tenor sax): part up a major 2nd", 2, 0),
    ("E\u266d instrument (alto sax): part up a major 6th", 9, 0),
    ("F instrument (horn): part up a perfect 5th", 7, 0),
]
#: Key changes for a voice; graded as written unless the assignment allows any key.
VOICE_SHIFTS = (-5, -4, -3, -2, -1, 1, 2, 3, 4, 5)


def _transpositions(any_key: bool) -> list[dict[str, Any]]:
    note = "" if any_key else " (practice only: takes are graded in the written key)"
    options = [{"label": label, "notation": n, "sound": s} for label, n, s in TRANSPOSITIONS]
    for shift in VOICE_SHIFTS:
        direction = "up" if shift > 0 else "down"
        count = abs(shift)
        label = f"Key {direction} {count} semitone{'s' if count > 1 else ''}{note}"
        options.append({"label": label, "notation": shift, "sound": shift})
    return options


def _studio_context(request: AuthedRequest, exercise: Exercise, assignment: Assignment | None) -> dict[str, Any]:
    """What the studio and the take page need: notation, the page's settings as JSON, history."""
    notation: dict[str, Any] | None
    notation_error = ""
    try:
        notation = exercise_notation(exercise=exercise)
    except TutorError as exc:
        notation, notation_error = None, exc.message
    any_key = bool(getattr(assignment, "any_key", False))
    config: dict[str, Any] = {
        "exerciseId": exercise.pk,
        "assignmentId": assignment.pk if assignment else None,
        "csrfToken": get_token(request),
        "notation": {k: v for k, v in (notation or {}).items() if k != "svg"},
        "audio": exercise_audio(exercise=exercise),
        "history": recording_history(owner=request.user, exercise=exercise),
        "transpositions": _transpositions(any_key),
        "urls": {
            "notation": reverse("api-exercise-notation", args=[exercise.pk]),
            "audio": reverse("api-exercise-audio", args=[exercise.pk]),
            "audioPart": reverse("exercise-audio", args=[exercise.pk, "PART"]),
            "takes": reverse("api-exercise-takes", args=[exercise.pk]),
            "recordings": reverse("api-recordings"),
            "recording": reverse("api-recording", args=[0]),
            "takePage": reverse("recording-detail", args=[0]),
            "takeAudio": reverse("recording-audio", args=[0]),
            "drill": reverse("api-recording-drill", args=[0]),
        },
    }
    return {
        "exercise": exercise,
        "assignment": assignment,
        # Our own Verovio output, not user input: inlined so notes can be coloured and focused.
        "svg": mark_safe(notation["svg"]) if notation else "",  # noqa: S308
        "notation_error": notation_error,
        "config": config,
        "bars": len(notation["bars"]) if notation else 0,
        "take_form": TakeForm(),
    }


@login_required
def exercise_studio(request: AuthedRequest, exercise_id: int) -> HttpResponse:
    exercise = get_object_or_404(Exercise.objects.visible_to(request.user), pk=exercise_id)
    return render(request, "studio/studio.html", _studio_context(request, exercise, None))


@login_required
def assignment_studio(request: AuthedRequest, assignment_id: int) -> HttpResponse:
    assignment = get_object_or_404(Assignment.objects.visible_to(request.user).select_related("classroom"),
                                   pk=assignment_id)
    target = assignment.target
    if not isinstance(target, Exercise):
        messages.info(request, "This assignment is not something to play or sing.")
        return redirect("assignment-detail", assignment_id=assignment.pk)
    context = _studio_context(request, target, assignment)
    if assignment.attempts_allowed is not None:
        used = Recording.objects.filter(owner=request.user, assignment=assignment).exclude(status="failed").count()
        context["attempts_left"] = max(0, assignment.attempts_allowed - used)
    return render(request, "studio/studio.html", context)


@login_required
def exercise_audio_file(request: AuthedRequest, exercise_id: int, part: str) -> FileResponse:
    exercise = get_object_or_404(Exercise.objects.visible_to(request.user), pk=exercise_id)
    name = exercise_audio_path(exercise=exercise, part=part)
    if name is None or not default_storage.exists(name):
        raise Http404
    response = stored_file_response(name, content_type="audio/wav")
    response["Cache-Control"] = "private, max-age=86400"
    return response


@login_required
def recording_detail(request: AuthedRequest, recording_id: int) -> HttpResponse:
    recording = get_object_or_404(
        Recording.objects.visible_to(request.user).select_related("exercise", "assignment"), pk=recording_id
    )
    notes = recording.notes.all() if recording.status == "done" else []
    context = _studio_context(request, recording.exercise, recording.assignment)
    context["config"]["recordingId"] = recording.pk
    context["config"]["ownTake"] = recording.owner_id == request.user.pk
    return render(request, "studio/recording_detail.html", {**context, "recording": recording, "notes": notes})
