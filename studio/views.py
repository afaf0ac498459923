"""The practice studio's pages: an exercise or assignment to practise, and a take with its feedback on the score."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from grading.feedback_text import NoteNamer, exercise_key, feedback_text
from grading.forms import TakeForm, TakeMarkForm
from grading.models import Exercise, Recording, Transcription
from grading.review import recording_mark, takes_awaiting_neighbours
from grading.services import (
    exercise_part,
    exercise_parts,
    recording_feedback_lines,
    recording_history,
    transcription_retry,
    written_names,
)
from music.duration import beat_quarters
from music.spelling import common_spelling
from studio.audio import exercise_audio, exercise_audio_path
from studio.notation import NotationDrawing, exercise_jianpu, exercise_notation
from tutor.errors import TutorError
from tutor.http import AuthedRequest, stored_file_response, whole_number
from tutor.models import Assignment, User
from tutor.throttles import UploadThrottle, throttled

#: (label, notation shift, sounding shift) in semitones. Instruments read transposed parts and sound
#: as written for a concert-pitch instrument; voices an octave away are graded by pitch class.
TRANSPOSITIONS: list[tuple[Any, int, int]] = [
    (_lazy("As written (concert pitch)"), 0, 0),
    (_lazy("Lower voices: an octave down (tenor, baritone, bass)"), -12, -12),
    (_lazy("An octave up"), 12, 12),
    (_lazy("B\u266d instrument (clarinet, trumpet): part up a major 2nd"), 2, 0),
    (_lazy("B\u266d tenor saxophone: part up a major 9th"), 14, 0),
    (_lazy("E\u266d instrument (alto sax): part up a major 6th"), 9, 0),
    (_lazy("F instrument (horn): part up a perfect 5th"), 7, 0),
]
#: Key changes for a voice; graded as written unless the assignment allows any key.
VOICE_SHIFTS = (-5, -4, -3, -2, -1, 1, 2, 3, 4, 5)


def _transpositions(any_key: bool) -> list[dict[str, Any]]:
    note = "" if any_key else _(" (practice only: takes are graded in the written key)")
    options = [{"label": str(label), "notation": n, "sound": s} for label, n, s in TRANSPOSITIONS]
    for shift in VOICE_SHIFTS:
        count = abs(shift)
        if shift > 0:
            label = ngettext("Key up %(count)d semitone", "Key up %(count)d semitones", count) % {"count": count}
        else:
            label = ngettext("Key down %(count)d semitone", "Key down %(count)d semitones", count) % {"count": count}
        options.append({"label": label + note, "notation": shift, "sound": shift})
    return options


def tempo_words(notation: dict[str, Any] | None, *, ratio: float = 1.0) -> str:
    """The notation's tempo as musicians write it: "♩. = 60 (60 dotted-quarter beats a minute)" in 6/8 at 90
    quarter notes a minute, "♩ = 90 (…)" otherwise; "" with no tempo. As ``static/js/studio/tempo-words.js``."""
    if not notation or not notation.get("tempo"):
        return ""
    beats, unit = notation.get("meter") or (4, 4)
    beat = beat_quarters(f"{beats}/{unit}")
    bpm = round(float(notation["tempo"]) * ratio / float(beat))
    if beat == 1:
        return _("♩ = %(bpm)s (%(bpm)s beats a minute)") % {"bpm": bpm}
    return _("♩. = %(bpm)s (%(bpm)s dotted-quarter beats a minute)") % {"bpm": bpm}


def _studio_context(request: AuthedRequest, exercise: Exercise, assignment: Assignment | None) -> dict[str, Any]:
    """What the studio and the take page need: notation, the page's settings as JSON, history."""
    notation: dict[str, Any] | None
    notation_error = ""
    notation_drawing = False
    try:
        notation = exercise_notation(exercise=exercise, user=request.user)
    except NotationDrawing:
        notation, notation_drawing = None, True  # a worker draws it; the page says so and refreshes
    except TutorError as exc:
        notation, notation_error = None, exc.message
    any_key = bool(getattr(assignment, "any_key", False))
    config: dict[str, Any] = {
        "exerciseId": exercise.pk,
        # Whose takes this browser may offer back (a take kept after a failed upload; a shared computer's
        # next student is not offered it).
        "userId": request.user.pk,
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
            "retry": reverse("api-recording-retry", args=[0]),
            "takePage": reverse("recording-detail", args=[0]),
            "takeAudio": reverse("recording-audio", args=[0]),
            "drill": reverse("api-recording-drill", args=[0]),
        },
    }
    choice = request.user.notation
    jianpu: dict[str, str] = {}
    if notation and choice in (User.Notation.JIANPU, User.Notation.BOTH):
        try:
            jianpu = exercise_jianpu(exercise=exercise, note_ids=notation["note_ids"],
                                     syllables=request.user.note_names == User.NoteNames.SYLLABLES)
        except TutorError as exc:
            notation_error = exc.message
    return {
        "exercise": exercise,
        "assignment": assignment,
        # Our own Verovio output, not user input: inlined so notes can be coloured and focused.
        "svg": mark_safe(notation["svg"]) if notation else "",  # noqa: S308
        # Our own 简谱 SVG (escaped text inside), each number carrying the staff note's id: a wide drawing
        # and a narrow one, and the stylesheet shows the one that fits the screen.
        "jianpu_svg": mark_safe(jianpu.get("wide", "")),  # noqa: S308
        "jianpu_narrow_svg": mark_safe(jianpu.get("narrow", "")),  # noqa: S308
        "notation_choice": choice if jianpu else User.Notation.STAFF,
        "notation_choices": User.Notation.choices,
        "notation_error": notation_error,
        "notation_drawing": notation_drawing,
        # Playing and recording follow the score's notes: none until it is drawn (uploading needs none).
        "can_play": bool(notation and notation.get("notes")),
        "config": config,
        "bars": len(notation["bars"]) if notation else 0,
        "tempo_words": tempo_words(notation),
        "take_form": TakeForm(),
        # A drill's title is the tutor's: in the reader's language, wherever it was asked for (an uploaded
        # score's is the teacher's, as typed; a part's adds the part's name, an unnamed one's in the reader's words).
        "exercise_title": drill.title_shown if (drill := getattr(exercise, "drill", None)) is not None
        else exercise.title_shown,
    }


def _with_part(request: AuthedRequest, piece: Exercise, context_for: Any) -> HttpResponse:
    """The studio for ``piece``, or, for a piece of several parts, for the part picked (``?part=N``, the
    first by default): that part is sung and graded, the others play with it."""
    parts = exercise_parts(exercise=piece)
    if len(parts) < 2:
        return render(request, "studio/studio.html", context_for(piece))
    asked = whole_number(request.GET.get("part", "1"))
    number = asked if asked is not None and 1 <= asked <= len(parts) else 1
    try:
        exercise = exercise_part(exercise=piece, part=number)
    except TutorError as exc:
        messages.error(request, exc.message)
        return render(request, "studio/studio.html", context_for(piece))
    context = context_for(exercise)
    context.update({"piece": piece, "parts": parts, "part_number": number})
    return render(request, "studio/studio.html", context)


@login_required
def exercise_studio(request: AuthedRequest, exercise_id: int) -> HttpResponse:
    exercise = get_object_or_404(Exercise.objects.visible_to(request.user), pk=exercise_id)
    return _with_part(request, exercise, lambda chosen: _studio_context(request, chosen, None))


@login_required
def assignment_studio(request: AuthedRequest, assignment_id: int) -> HttpResponse:
    assignment = get_object_or_404(Assignment.objects.visible_to(request.user).select_related("classroom"),
                                   pk=assignment_id)
    target = assignment.target
    if not isinstance(target, Exercise):
        messages.info(request, _("This assignment is not something to play or sing."))
        return redirect("assignment-detail", assignment_id=assignment.pk)
    attempts_left = None
    if assignment.attempts_allowed is not None:
        used = Recording.objects.filter(owner=request.user, assignment=assignment).exclude(status="failed").count()
        attempts_left = max(0, assignment.attempts_allowed - used)
    return _with_part(request, target, lambda chosen: {
        **_studio_context(request, chosen, assignment), "attempts_left": attempts_left})


@login_required
def exercise_audio_file(request: AuthedRequest, exercise_id: int, part: str) -> HttpResponseBase:
    exercise = get_object_or_404(Exercise.objects.visible_to(request.user), pk=exercise_id)
    name = exercise_audio_path(exercise=exercise, part=part)
    if name is None or not default_storage.exists(name):
        raise Http404
    response = stored_file_response(request, name, content_type="audio/wav")
    response["Cache-Control"] = "private, max-age=86400"
    return response


@login_required
def recording_detail(request: AuthedRequest, recording_id: int) -> HttpResponse:
    recording = _visible_take(request, recording_id)
    response = render(request, "studio/recording_detail.html", _take_context(request, recording, None))
    if recording.owner_id == request.user.pk and recording.teacher_mark_unread:
        # Read now: the page said "new" this once; the dashboard's and the menu's markers go.
        Recording.objects.filter(pk=recording.pk).update(teacher_mark_seen_at=timezone.now())
    if recording.status == Recording.Status.DONE and recording.teacher_seen_at is None and recording.assignment \
            and recording.assignment.classroom.teacher_id == request.user.pk and not recording.by_class_teacher:
        # The first time the class's teacher opens a student's graded take: the student's page says it was seen
        # (a take the teacher made themselves has no one to tell).
        Recording.objects.filter(pk=recording.pk, teacher_seen_at__isnull=True).update(teacher_seen_at=timezone.now())
    return response


@login_required
@require_POST
def recording_mark_page(request: AuthedRequest, recording_id: int) -> HttpResponse:
    """The class's teacher's comment and score on a take; a bad one shows the page again with the error."""
    recording = _visible_take(request, recording_id)
    form = TakeMarkForm(request.POST)
    if form.is_valid():
        try:
            recording_mark(teacher=request.user, recording=recording, comment=form.cleaned_data["comment"],
                           score_percent=form.cleaned_data["score"])
        except TutorError as exc:
            if exc.http_status != 400:
                # The student, or a teacher on a take made for no class of theirs: refused, the page unchanged.
                messages.error(request, exc.message)
                return render(request, "studio/recording_detail.html", _take_context(request, recording, None),
                              status=exc.http_status)
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            # "Save and next": the class's next take waiting for a mark, so thirty takes are marked in a row.
            following = takes_awaiting_neighbours(teacher=request.user, recording=recording)[1] \
                if request.POST.get("then") == "next" else None
            if following is None:
                messages.success(request, _("Your comment and score are saved; %(student)s sees them on this take.")
                                 % {"student": recording.owner.username})
            else:  # "on this take" would have pointed at the next student's take, now on the screen
                messages.success(request, _("Your comment and score for %(student)s are saved; here is %(next)s's take.")
                                 % {"student": recording.owner.username, "next": following.owner.username})
            shown = following or recording
            return redirect(f"{reverse('recording-detail', args=[shown.pk])}#teacher-mark")
    # Shown again with the errors beside their fields, as every form page here does (200, not 400).
    return render(request, "studio/recording_detail.html", _take_context(request, recording, form))


def _visible_take(request: AuthedRequest, recording_id: int) -> Recording:
    return get_object_or_404(
        Recording.objects.visible_to(request.user).select_related(
            "exercise", "assignment__classroom", "owner", "teacher_marked_by"),
        pk=recording_id
    )


def _take_context(request: AuthedRequest, recording: Recording, mark_form: TakeMarkForm | None) -> dict[str, Any]:
    notes = list(recording.notes.all()) if recording.status == "done" else []
    context = _studio_context(request, recording.exercise, recording.assignment)
    context["config"]["recordingId"] = recording.pk
    context["config"]["ownTake"] = recording.owner_id == request.user.pk
    namer = NoteNamer(style=request.user.note_names, key=exercise_key(recording.exercise.key),
                      midis=[n.target_midi for n in notes])
    written = written_names(recording.result)
    for n in notes:
        # As the score writes it (a B flat in C major is not an A sharp); by MIDI number for takes graded before,
        # spelled as the page's scripts spell one (``noteName``: B flat, G sharp).
        n.written = ((written[n.index] if n.index < len(written) else "")  # type: ignore[attr-defined]
                     or common_spelling(n.target_midi).name)
        n.degree = "" if namer.style == User.NoteNames.LETTERS else namer(n.written)  # type: ignore[attr-defined]
    lines = feedback_text(recording_feedback_lines(recording=recording, rows=notes), namer=namer)
    # The class's teacher reads a take on the way between the gradebook and the student's progress, and marks it.
    # (Not their own take: a teacher trying their assignment reads it as a student reads theirs, without the marks.)
    teacher_of_take = bool(recording.assignment and recording.assignment.classroom.teacher_id == request.user.pk
                           and not recording.by_class_teacher)
    if teacher_of_take and mark_form is None:
        score = recording.teacher_score_percent
        mark_form = TakeMarkForm(initial={"comment": recording.teacher_comment,
                                          "score": "" if score is None else f"{score:g}"})  # 86, not 86.0
    previous_take, next_take = (takes_awaiting_neighbours(teacher=request.user, recording=recording)
                                if teacher_of_take else (None, None))
    return {**context, "recording": recording, "notes": notes, "feedback_lines": lines,
            "own_take": recording.owner_id == request.user.pk, "teacher_of_take": teacher_of_take,
            "by_class_teacher": recording.by_class_teacher,
            "mark_form": mark_form if teacher_of_take else None,
            "previous_take": previous_take, "next_take": next_take}


@login_required
def transcribe_page(request: AuthedRequest) -> HttpResponse:
    """Sing or upload a melody with no score; see it as notation, fix a note, pick chords, save it."""
    return render(request, "studio/transcribe.html", {"csrf_token_value": get_token(request)})


@login_required
@require_POST
@throttled(UploadThrottle)
def transcription_retry_page(request: AuthedRequest, transcription_id: int) -> HttpResponse:
    """Transcribe one's own failed take again from its stored audio; back to the page, which follows it."""
    row = get_object_or_404(Transcription.objects.filter(owner=request.user), pk=transcription_id)
    try:
        transcription_retry(user=request.user, row=row)
    except TutorError as exc:
        messages.error(request, exc.message)
    return redirect(f"{reverse('transcribe')}?follow={row.pk}")
