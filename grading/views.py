"""Pages for exercises and recordings."""

from __future__ import annotations

import io
import mimetypes
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from grading import review, services
from grading.failure_text import failure_text
from grading.forms import ExerciseForm, RangeTestForm, TakeForm
from grading.models import Exercise, NoteResult, RangeTest, Recording, ScoreUpload
from grading.templatetags.grading_tags import verdict_label
from tutor.errors import TutorError
from tutor.http import AuthedRequest, file_response, redirect_back, stored_file_response
from tutor.models import Assignment, Classroom
from tutor.services import access_log
from tutor.throttles import UploadThrottle, throttled
from tutor.views import teacher_required

#: How long a refused score upload stays listed on the exercises page.
RECENT_UPLOADS = timedelta(days=7)


@teacher_required
@throttled(UploadThrottle)
def exercise_list(request: AuthedRequest) -> HttpResponse:
    form = ExerciseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.exercise_create(owner=request.user, **form.cleaned_data)
        except TutorError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            if isinstance(made, ScoreUpload):  # not read within the request: a worker reads it
                return redirect("score-upload", upload_id=made.pk)
            messages.success(request, _exercise_added(made))
            return redirect("exercise-list")
    exercises = Exercise.objects.visible_to(request.user).filter(parent__isnull=True).select_related("drill")
    # Scores a worker is reading, and those it refused in the last week, with a link to why.
    uploads = (ScoreUpload.objects.visible_to(request.user).exclude(status=ScoreUpload.Status.DONE)
               .filter(created_at__gte=timezone.now() - RECENT_UPLOADS)[:10])
    return render(request, "grading/exercise_list.html", {"exercises": exercises, "uploads": uploads, "form": form})


def _exercise_added(exercise: Exercise) -> str:
    parts = services.exercise_parts(exercise=exercise)
    if len(parts) > 1:
        return _(
            "Exercise added, with %(count)d parts (%(names)s): each student picks theirs in the studio "
            "and hears the others. Assign it from a class page.") % {
            "count": len(parts), "names": ", ".join(p.name for p in parts)}
    return _("Exercise added. Assign it from a class page.")


@teacher_required
def score_upload_detail(request: AuthedRequest, upload_id: int) -> HttpResponse:
    """A score a worker reads: "reading your score…" (the page refreshes itself), then the exercise or the reason."""
    upload = get_object_or_404(ScoreUpload.objects.visible_to(request.user).select_related("exercise"), pk=upload_id)
    if upload.status == ScoreUpload.Status.DONE and upload.exercise is not None:
        messages.success(request, _exercise_added(upload.exercise))
        return redirect("exercise-list")
    refusal = services.score_refusal(upload.error) if upload.refused else failure_text(upload.error)
    return render(request, "grading/score_upload.html", {"upload": upload, "refusal": refusal})


def _take_from_form(
    request: AuthedRequest, *, exercise: Exercise | None = None, assignment: Assignment | None = None
) -> HttpResponse | None:
    """Submit the page form's take for an exercise or an assignment; the take page, or None on a refusal."""
    form = TakeForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a recording to upload."))
        return None
    try:
        recording = services.recording_submit(
            student=request.user, audio=form.cleaned_data["audio"], exercise=exercise, assignment=assignment,
            upload_key=form.cleaned_data.get("upload_key") or "",
        )
    except TutorError as exc:
        messages.error(request, exc.message)
        return None
    return redirect("recording-detail", recording_id=recording.pk)


# A take sent after the sign-in expired comes back here by GET once the student has signed in again
# (the sign-in page's ``next``): it goes to the page the take was sent from, where the file can be sent again.


@login_required
@require_http_methods(["GET", "POST"])
@throttled(UploadThrottle)
def recording_create(request: AuthedRequest, assignment_id: int) -> HttpResponse:
    assignment = get_object_or_404(Assignment.objects.visible_to(request.user), pk=assignment_id)
    if request.method == "GET":
        return redirect("assignment-detail", assignment_id=assignment.pk)
    return _take_from_form(request, assignment=assignment) or redirect("assignment-detail", assignment_id=assignment.pk)


@login_required
@require_http_methods(["GET", "POST"])
@throttled(UploadThrottle)
def exercise_recording_create(request: AuthedRequest, exercise_id: int) -> HttpResponse:
    """A take of an exercise outside any assignment (a generated drill, say)."""
    exercise = get_object_or_404(Exercise.objects.visible_to(request.user), pk=exercise_id)
    if request.method == "GET":
        return redirect("exercise-studio", exercise_id=exercise.pk)
    taken = _take_from_form(request, exercise=exercise)
    if taken is not None:
        return taken
    return redirect_back(request, request.POST.get("back", ""), "dashboard")


@login_required
@require_POST
@throttled(UploadThrottle)
def recording_retry(request: AuthedRequest, recording_id: int) -> HttpResponse:
    """Grade one's own failed take again from its stored audio; back to the take's page, which follows it."""
    recording = get_object_or_404(Recording.objects.filter(owner=request.user), pk=recording_id)
    try:
        services.recording_retry(user=request.user, recording=recording)
    except TutorError as exc:
        messages.error(request, exc.message)
    return redirect("recording-detail", recording_id=recording.pk)


@login_required
@require_POST
@throttled(UploadThrottle)
def range_test_retry(request: AuthedRequest, test_id: int) -> HttpResponse:
    """Measure one's own failed range test again from its stored take; back to the range-test page."""
    test = get_object_or_404(RangeTest.objects.filter(owner=request.user), pk=test_id)
    try:
        services.range_test_retry(user=request.user, test=test)
    except TutorError as exc:
        messages.error(request, exc.message)
    else:
        messages.info(request, _("Your range test is being measured; this page shows the result when it is ready."))
    return redirect("range-test")


@login_required
def recording_audio(request: AuthedRequest, recording_id: int) -> HttpResponseBase:
    recording = get_object_or_404(Recording.objects.visible_to(request.user), pk=recording_id)
    if not recording.audio:
        raise Http404
    access_log(actor=request.user, action="recording-audio", obj=recording, subject=recording.owner)
    # A real media type lets the browser replay the take (webm, ogg, wav, m4a...).
    content_type = mimetypes.guess_type(recording.audio.name)[0] or "application/octet-stream"
    if recording.audio.name.endswith((".webm", ".weba")):
        content_type = "audio/webm"
    return stored_file_response(request, recording.audio.name, content_type=content_type)


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
def note_audio(request: AuthedRequest, note_id: int) -> HttpResponseBase:
    """The take's audio around one note (the access is logged)."""
    note = get_object_or_404(review.notes_visible_to(request.user).select_related("recording"), pk=note_id)
    try:
        data = review.note_audio_excerpt(user=request.user, note=note)
    except TutorError as exc:
        raise Http404(exc.message) from None
    response = file_response(request, io.BytesIO(data), content_type="audio/wav")
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
        messages.success(request, _(
            "Note %(number)d of %(student)s's take is now %(pitch)s and %(timing)s; "
            "the take scores %(score)s %%."
        ) % {"number": note.index + 1, "student": recording.owner.username, "pitch": verdict_label(note.pitch),
             "timing": verdict_label(note.timing, "timing"), "score": floatformat(recording.score_percent, 1)})
    classroom_id = note.recording.assignment.classroom_id if note.recording.assignment else None
    return redirect("review-queue", classroom_id=classroom_id) if classroom_id else redirect("dashboard")


@login_required
@throttled(UploadThrottle)
def range_test(request: AuthedRequest) -> HttpResponse:
    """Sing from your lowest to your highest comfortable note; drills then stay in that range."""
    form = RangeTestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.range_test_submit(student=request.user, audio=form.cleaned_data["audio"])
        except TutorError as exc:
            form.add_error("audio" if exc.field == "audio" else None, exc.message)
        else:
            messages.info(request, _("Your range test is being measured; this page shows the result when it is ready."))
            return redirect("range-test")
    tests = RangeTest.objects.filter(owner=request.user)[:5]
    # The page's script sings the test into the browser and sends it to the API.
    range_config = {"csrfToken": get_token(request), "urls": {
        "create": reverse("api-range-tests"), "detail": reverse("api-range-test", args=[0]),
        "retry": reverse("api-range-test-retry", args=[0])}}
    return render(request, "grading/range_test.html", {"form": form, "tests": tests, "range_config": range_config})
