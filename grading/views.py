"""Pages for exercises and recordings."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from grading import review, services
from grading.forms import ExerciseForm, RangeTestForm, TakeForm
from grading.models import Exercise, NoteResult, RangeTest, Recording
from tutor.errors import TutorError
from tutor.http import AuthedRequest, stored_file_response
from tutor.models import Assignment, Classroom
from tutor.privacy import access_log
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


def _take_from_form(
    request: AuthedRequest, *, exercise: Exercise | None = None, assignment: Assignment | None = None
) -> HttpResponse | None:
    """Submit the page form's take for an exercise or an assignment; the take page, or None on a refusal."""
    form = TakeForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Choose a recording to upload.")
        return None
    try:
        recording = services.recording_submit(
            student=request.user, audio=form.cleaned_data["audio"], exercise=exercise, assignment=assignment
        )
    except TutorError as exc:
        messages.error(request, exc.message)
        return None
    return redirect("recording-detail", recording_id=recording.pk)


@login_required
@require_POST
def recording_create(request: AuthedRequest, assignment_id: int) -> HttpResponse:
    assignment = get_object_or_404(Assignment.objects.visible_to(request.user), pk=assignment_id)
    return _take_from_form(request, assignment=assignment) or redirect("assignment-detail", assignment_id=assignment.pk)


@login_required
@require_POST
def exercise_recording_create(request: AuthedRequest, exercise_id: int) -> HttpResponse:
    """A take of an exercise outside any assignment (a generated drill, say)."""
    exercise = get_object_or_404(Exercise.objects.visible_to(request.user), pk=exercise_id)
    taken = _take_from_form(request, exercise=exercise)
    if taken is not None:
        return taken
    back = request.POST.get("back", "")
    safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return redirect(back if back and safe else "dashboard")


@login_required
def recording_detail(request: AuthedRequest, recording_id: int) -> HttpResponse:
    recording = get_object_or_404(
        Recording.objects.visible_to(request.user).select_related("exercise", "assignment"), pk=recording_id
    )
    notes = recording.notes.all() if recording.status == "done" else []
    context = _studio_context(request, recording.exercise, recording.assignment)
    context["config"]["recordingId"] = recording.pk
    context["config"]["ownTake"] = recording.owner_id == request.user.pk
    return render(request, "grading/recording_detail.html", {**context, "recording": recording, "notes": notes})


@login_required
def recording_audio(request: AuthedRequest, recording_id: int) -> FileResponse:
    recording = get_object_or_404(Recording.objects.visible_to(request.user), pk=recording_id)
    if not recording.audio:
        raise Http404
    access_log(actor=request.user, action="recording-audio", obj=recording, subject=recording.owner)
    # A real media type lets the browser replay the take (webm, ogg, wav, m4a...).
    content_type = mimetypes.guess_type(recording.audio.name)[0] or "application/octet-stream"
    if recording.audio.name.endswith((".webm", ".weba")):
        content_type = "audio/webm"
    return stored_file_response(recording.audio.name, content_type=content_type)


@login_required
@require_POST
def recording_drill(request: AuthedRequest, recording_id: int) -> HttpResponse:
    """"Drill my mistakes" without JavaScript: make the drill, then open it in the studio."""
    recording = get_object_or_404(Recording.objects.filter(owner=request.user), pk=recording_id)
    try:
        drill = services.drill_from_mistakes(recording=recording, owner=request.user)
    except TutorError as exc:
        messages.error(request, exc.message)
        return redirect("recording-detail", recording_id=recording.pk)
    messages.success(request, "Here is a drill aimed at the notes that went wrong.")
    return redirect("exercise-studio", exercise_id=drill.exercise_id)


# --------------------------------------------------------------------------- the practice studio

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
        notation = services.exercise_notation(exercise=exercise)
    except TutorError as exc:
        notation, notation_error = None, exc.message
    any_key = bool(getattr(assignment, "any_key", False))
    config: dict[str, Any] = {
        "exerciseId": exercise.pk,
        "assignmentId": assignment.pk if assignment else None,
        "csrfToken": get_token(request),
        "notation": {k: v for k, v in (notation or {}).items() if k != "svg"},
        "audio": services.exercise_audio(exercise=exercise),
        "history": services.recording_history(owner=request.user, exercise=exercise),
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
    return render(request, "grading/studio.html", _studio_context(request, exercise, None))


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
    return render(request, "grading/studio.html", context)


@login_required
def exercise_audio_file(request: AuthedRequest, exercise_id: int, part: str) -> FileResponse:
    exercise = get_object_or_404(Exercise.objects.visible_to(request.user), pk=exercise_id)
    name = services.exercise_audio_path(exercise=exercise, part=part)
    if name is None or not default_storage.exists(name):
        raise Http404
    response = stored_file_response(name, content_type="audio/wav")
    response["Cache-Control"] = "private, max-age=86400"
    return response


@teacher_required
def review_queue(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """Doubtful notes of the class's takes: hear each one and confirm or change its verdicts."""
    classroom = get_object_or_404(Classroom.objects.visible_to(request.user), pk=classroom_id)
    notes = list(review.review_queue(classroom=classroom))
    return render(request, "grading/review_queue.html", {
        "classroom": classroom, "notes": notes, "pitch_choices": NoteResult.Pitch.values,
        "timing_choices": NoteResult.Timing.values, "threshold": review.REVIEW_CONFIDENCE,
    })


@login_required
def note_audio(request: AuthedRequest, note_id: int) -> HttpResponse:
    """The take's audio around one note (the access is logged)."""
    note = get_object_or_404(review.notes_visible_to(request.user).select_related("recording"), pk=note_id)
    try:
        data = review.note_audio_excerpt(user=request.user, note=note)
    except TutorError as exc:
        raise Http404(exc.message) from None
    response = HttpResponse(data, content_type="audio/wav")
    response["Cache-Control"] = "private, no-store"
    return response


@teacher_required
@require_POST
def note_override(request: AuthedRequest, note_id: int) -> HttpResponse:
    note = get_object_or_404(review.notes_visible_to(request.user).select_related("recording__assignment"),
                             pk=note_id)
    try:
        recording = review.note_override(teacher=request.user, note=note, pitch=request.POST.get("pitch", ""),
                                         timing=request.POST.get("timing", ""))
    except TutorError as exc:
        if exc.http_status == 404:
            raise Http404(exc.message) from None
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Note {note.index + 1} of take {recording.pk} set to {note.pitch}/{note.timing}; "
                                  f"the take now scores {recording.score:.1f}.")
    classroom_id = note.recording.assignment.classroom_id if note.recording.assignment else None
    return redirect("review-queue", classroom_id=classroom_id) if classroom_id else redirect("dashboard")


@login_required
def range_test(request: AuthedRequest) -> HttpResponse:
    """Sing from your lowest to your highest comfortable note; drills then stay in that range."""
    form = RangeTestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.range_test_submit(student=request.user, audio=form.cleaned_data["audio"])
        except TutorError as exc:
            form.add_error("audio" if exc.field == "audio" else None, exc.message)
        else:
            messages.info(request, "Your range test is being measured; this page shows the result when it is ready.")
            return redirect("range-test")
    tests = RangeTest.objects.filter(owner=request.user)[:5]
    return render(request, "grading/range_test.html", {"form": form, "tests": tests})
