"""Pages for lessons, the quiz builder, sittings of quizzes and adaptive practice."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from lessons import curriculum, services
from lessons.api import audio_file_response
from lessons.forms import UNIT_TITLES, AssignForm, PracticeForm, QuizBuilderForm, params_words
from lessons.models import Lesson, Quiz, QuizAttempt, ServedQuestion
from lessons.questions import GENERATORS
from lessons.questions.render import render_svg
from lessons.search import lessons_for
from music.key import key_from_name
from music.pitch import pc_names, pretty_name
from tutor import services as tutor_services
from tutor.errors import TutorError
from tutor.http import AuthedRequest, whole_number
from tutor.models import Assignment
from tutor.views import teacher_required

BLACK_KEY_CLASSES = {1, 3, 6, 8, 10}
SHARP_NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
#: Width of a white key on the page keyboard, in em.


def _assign(request: AuthedRequest, target: Lesson | Quiz, form: AssignForm) -> bool:
    """Create the assignment from a valid form; True when done, else the error is on the form."""
    values = form.cleaned_data
    try:
        tutor_services.assignment_create(
            teacher=request.user, classroom=values["classroom"], target=target, title=values["title"],
            instructions=values["instructions"], due_at=values["due_at"],
            attempts_allowed=values.get("attempts_allowed"),
        )
    except TutorError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return False
    messages.success(request, _("Assigned to %(classroom)s.") % {"classroom": values["classroom"].name})
    return True


# --- lessons ---------------------------------------------------------------


# The curriculum's unit titles (lessons/curriculum.py is Django-free) as pages show them.


def _translated_titles(rows: list[Lesson]) -> list[Lesson]:
    """``rows`` with each title in the active language where the lesson is translated (not saved)."""
    language = get_language()
    sources = {lesson.slug: lesson for lesson in curriculum.load_lessons()}
    for row in rows:
        source = sources.get(row.slug)
        translation = services.lesson_translated(source, language) if source else None
        if translation:
            row.title = translation.title
    return rows


@login_required
def lesson_list(request: AuthedRequest) -> HttpResponse:
    services.lessons_ensure_synced()
    rows = _translated_titles(list(Lesson.objects.visible_to(request.user)))
    units = [{"slug": slug, "title": UNIT_TITLES.get(slug, title), "lessons": [r for r in rows if r.unit == slug]}
             for slug, title in curriculum.UNITS.items()]
    # A question asked where drills are made links here with its words: the lessons that answer it come first.
    question = request.GET.get("q", "").strip()[:300]
    by_slug = {row.slug: row for row in rows}
    answering = [by_slug[slug] for slug in lessons_for(question) if slug in by_slug] if question else []
    return render(request, "lessons/lesson_list.html", {"units": units, "question": question, "answering": answering})


@login_required
def lesson_detail(request: AuthedRequest, slug: str) -> HttpResponse:
    try:
        row, lesson = services.lesson_get(slug=slug)
    except TutorError:
        raise Http404 from None
    form = None
    if request.user.is_teacher:
        form = AssignForm(request.POST or None, teacher=request.user, with_attempts=False)
        if request.method == "POST" and form.is_valid() and _assign(request, row, form):
            return redirect("lesson-detail", slug=slug)
    # Our own Markdown and Verovio output, not user input: safe to inline.
    parts = [{"html": mark_safe(p.html), "svg": mark_safe(p.svg), "index": p.index,  # noqa: S308
              "is_example": p.is_example} for p in services.lesson_parts(lesson, get_language())]
    rows = _translated_titles(list(Lesson.objects.visible_to(request.user)))
    here = next(i for i, r in enumerate(rows) if r.pk == row.pk)
    row.title = rows[here].title
    return render(request, "lessons/lesson_detail.html", {
        "lesson": row, "unit_title": UNIT_TITLES.get(lesson.unit, lesson.unit_title), "parts": parts, "form": form,
        "audio": services.audio_available(), "previous": rows[here - 1] if here else None,
        "next": rows[here + 1] if here + 1 < len(rows) else None,
        "exercises": [_(GENERATORS[k].title) for k in lesson.exercises],
    })


@login_required
def lesson_audio(request: AuthedRequest, slug: str, index: int) -> HttpResponseBase:
    try:
        path = services.lesson_audio(slug=slug, index=index)
    except TutorError:
        raise Http404 from None
    return audio_file_response(request, path, f"{slug}-{index}.wav")


# --- quizzes ---------------------------------------------------------------


@teacher_required
def quiz_list(request: AuthedRequest) -> HttpResponse:
    quizzes = Quiz.objects.visible_to(request.user)
    return render(request, "lessons/quiz_list.html", {"quizzes": quizzes})


@teacher_required
def quiz_create(request: AuthedRequest) -> HttpResponse:
    form = QuizBuilderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            quiz = services.quiz_create(
                owner=request.user, title=form.cleaned_data["title"], mode=form.cleaned_data["mode"],
                items=form.items(), time_limit_seconds=form.time_limit_seconds(),
                attempts_allowed=form.cleaned_data["attempts_allowed"],
            )
        except TutorError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Quiz saved. Assign it to a class below."))
            return redirect("quiz-detail", quiz_id=quiz.pk)
    return render(request, "lessons/quiz_builder.html", {"form": form})


@login_required
def quiz_detail(request: AuthedRequest, quiz_id: int) -> HttpResponse:
    quiz = get_object_or_404(Quiz.objects.visible_to(request.user), pk=quiz_id)
    form = None
    assignments = Assignment.objects.visible_to(request.user).filter(
        target_type__app_label="lessons", target_type__model="quiz", target_id=quiz.pk
    ).select_related("classroom")
    if request.user.is_teacher:
        form = AssignForm(request.POST or None, teacher=request.user, with_attempts=quiz.is_test)
        if request.method == "POST" and form.is_valid() and _assign(request, quiz, form):
            return redirect("quiz-detail", quiz_id=quiz.pk)
    titles = {kind: _(g.title) for kind, g in GENERATORS.items()}
    items = [{**item, "title": titles.get(item["kind"], item["kind"]), "params_words": params_words(item.get("params") or {})}
             for item in quiz.items]
    return render(request, "lessons/quiz_detail.html",
                  {"quiz": quiz, "items": items, "form": form, "assignments": assignments})


@login_required
@require_POST
def quiz_start(request: AuthedRequest, quiz_id: int) -> HttpResponse:
    quiz = get_object_or_404(Quiz.objects.visible_to(request.user), pk=quiz_id)
    assignment = None
    assignment_id = whole_number(request.POST.get("assignment", ""))
    if assignment_id is not None:
        assignment = get_object_or_404(Assignment.objects.visible_to(request.user), pk=assignment_id)
    try:
        attempt, _ = services.attempt_start(student=request.user, quiz=quiz, assignment=assignment)
    except TutorError as exc:
        messages.error(request, exc.message)
        return redirect("assignment-detail", assignment_id=assignment.pk) if assignment else \
            redirect("quiz-detail", quiz_id=quiz.pk)
    return redirect("attempt-detail", attempt_id=attempt.pk)


# --- sittings --------------------------------------------------------------


def keyboard_keys(keyboard: dict[str, Any]) -> dict[str, Any]:
    """The page keyboard from ``low`` to ``high``, one group per octave (C to B), so a phone can
    stack the octaves in rows and keep every key a 44 px touch target.

    Each key has its ASCII name (the submitted value, sharps for black keys), the names a
    person reads (both spellings of a black key), ``at`` (its place in white-key widths from
    the octave's left edge; a black key is centred on that boundary) and whether it is marked.
    """
    octaves: list[dict[str, Any]] = []
    for midi in range(keyboard["low"], keyboard["high"] + 1):
        octave = midi // 12 - 1
        if not octaves or octaves[-1]["octave"] != octave:
            octaves.append({"octave": octave, "keys": [], "whites": 0})
        group = octaves[-1]
        black = midi % 12 in BLACK_KEY_CLASSES
        name = f"{SHARP_NAMES[midi % 12]}{octave}"
        spoken = " / ".join(f"{pretty_name(n)}{octave}" for n in pc_names(midi % 12)[:2]) if black \
            else pretty_name(name)
        group["keys"].append({"midi": midi, "name": name, "label": spoken, "black": black,
                              "at": group["whites"], "marked": midi in keyboard["marked"]})
        group["whites"] += 0 if black else 1
    return {"octaves": octaves, "whites": sum(group["whites"] for group in octaves)}


@login_required
def attempt_detail(request: AuthedRequest, attempt_id: int) -> HttpResponse:
    attempt = get_object_or_404(
        QuizAttempt.objects.visible_to(request.user).select_related("quiz", "assignment", "student"), pk=attempt_id
    )
    services.attempt_close_if_expired(attempt=attempt)
    own = attempt.student_id == request.user.pk
    feedback = None
    answered_id = whole_number(request.GET.get("answered", ""))
    # A test marks nothing on the way: its last answer hands it in, and the results below say how each went (a box
    # above them for that one answer read as the verdict on the whole test).
    if own and answered_id is not None and not attempt.is_test:
        answered = attempt.questions.filter(pk=answered_id, answered_at__isnull=False).first()
        if answered is not None:
            feedback = services.question_feedback(served=answered)
            if feedback.correct is None:
                feedback = None
            elif feedback.marked_svg:
                # Our own Verovio output: safe to inline.
                feedback = dataclasses.replace(feedback, marked_svg=mark_safe(feedback.marked_svg))  # noqa: S308
            else:
                # The note, interval or chord just named, drawn again beside the verdict: the next question has
                # replaced it, and "In the treble clef this note is C♯4" meant little without it.
                asked = services.served_question(answered)
                if asked.notation is not None and any(asked.notation.measures) and asked.answer_mode != "staff_click":
                    feedback = dataclasses.replace(feedback, marked_svg=mark_safe(render_svg(asked)))  # noqa: S308
    question = None
    if own and attempt.is_open:
        served = services.attempt_next(student=request.user, attempt=attempt)
        if served is not None:
            services.question_audio_prepare(served=served)
            question = _question_context(served)
    review = services.attempt_review(attempt=attempt) if not attempt.is_open else []
    # Our own Verovio output: safe to inline.
    review = [dataclasses.replace(r, svg=mark_safe(r.svg)) for r in review]  # noqa: S308
    return render(request, "lessons/attempt_detail.html", {
        "attempt": attempt, "own": own, "question": question, "feedback": feedback, "review": review,
        "voice_fields": VOICE_FIELDS,
        "audio": services.audio_available(),
    })


def _question_context(served: ServedQuestion) -> dict[str, Any]:
    data = services.question_public(served=served)
    # Our own Verovio output: safe to inline so notes can be coloured.
    data["svg"] = mark_safe(data["svg"])  # noqa: S308
    data["choice_items"] = [
        {"text": text, "label": data["choice_labels"][i],
         "svg": mark_safe(data["choice_svgs"][i]) if i < len(data["choice_svgs"]) else ""}  # noqa: S308
        for i, text in enumerate(data["choices"])
    ]
    data["keys"] = keyboard_keys(data["keyboard"]) if data["keyboard"] else None
    data["audio_url"] = reverse("question-audio", args=[served.pk]) if data["has_audio"] else None
    # Only what the settings can ask for: a first-level note question offered double sharps.
    data["staff_accidentals"] = [(value, label) for value, label in STAFF_ACCIDENTALS
                                 if ACCIDENTAL_ALTERATIONS[value] in data["alterations"]]
    data["doubles"] = any(abs(a) == 2 for a in data["alterations"])
    if data.get("part_writing"):
        task = data["part_writing"]
        data["part_writing_staff"] = {"chords": len(task["figures"]), "key_fifths": key_from_name(task["key"]).fifths}
    return data


VOICE_FIELDS = [("soprano", _lazy("Soprano")), ("alto", _lazy("Alto")), ("tenor", _lazy("Tenor")), ("bass", _lazy("Bass"))]
STAFF_ACCIDENTALS = [("bb", _lazy("double ♭")), ("b", "♭"), ("", _lazy("none")), ("#", "♯"), ("x", _lazy("double ♯"))]
ACCIDENTAL_ALTERATIONS = {"bb": -2, "b": -1, "": 0, "#": 1, "x": 2}


@login_required
@require_POST
def attempt_answer(request: AuthedRequest, attempt_id: int) -> HttpResponse:
    attempt, served = _posted_question(request, attempt_id)
    answer = request.POST.get("answer", "")
    if "voice_soprano" in request.POST:
        answer = " | ".join(request.POST.get(f"voice_{voice}", "").strip() for voice, _ in VOICE_FIELDS)
    try:
        result = services.question_answer(student=request.user, served=served, answer=answer)
    except TutorError as exc:
        messages.error(request, exc.message)
        return redirect("attempt-detail", attempt_id=attempt.pk)
    return _back_to_attempt(attempt, served, result)


@login_required
@require_POST
def attempt_recording(request: AuthedRequest, attempt_id: int) -> HttpResponse:
    """A sung or clapped answer from the page: the recorded (or chosen) audio file."""
    attempt, served = _posted_question(request, attempt_id)
    audio = request.FILES.get("audio")
    if audio is None:
        messages.error(request, _("Record or choose a recording first."))
        return redirect("attempt-detail", attempt_id=attempt.pk)
    try:
        result = services.question_answer_recording(student=request.user, served=served, audio=audio)
    except TutorError as exc:
        messages.error(request, exc.message)
        return redirect("attempt-detail", attempt_id=attempt.pk)
    return _back_to_attempt(attempt, served, result)


def _posted_question(request: AuthedRequest, attempt_id: int) -> tuple[QuizAttempt, ServedQuestion]:
    """The student's own attempt and the served question named in the POST (404 otherwise)."""
    attempt = get_object_or_404(QuizAttempt.objects.filter(student=request.user), pk=attempt_id)
    served = get_object_or_404(attempt.questions.select_related("attempt"),
                               pk=whole_number(request.POST.get("question", "")) or 0)
    return attempt, served


def _back_to_attempt(attempt: QuizAttempt, served: ServedQuestion, result: services.AnswerResult) -> HttpResponse:
    """Back to the attempt, opened at the answered question when it was marked at once."""
    url = reverse("attempt-detail", args=[attempt.pk])
    return redirect(f"{url}?answered={served.pk}" if result.correct is not None else url)


@login_required
@require_POST
def attempt_submit(request: AuthedRequest, attempt_id: int) -> HttpResponse:
    attempt = get_object_or_404(QuizAttempt.objects.filter(student=request.user), pk=attempt_id)
    try:
        services.attempt_submit(student=request.user, attempt=attempt)
    except TutorError as exc:
        messages.error(request, exc.message)
    return redirect("attempt-detail", attempt_id=attempt.pk)


@login_required
def question_audio(request: AuthedRequest, question_id: int) -> HttpResponseBase:
    attempts = QuizAttempt.objects.visible_to(request.user)
    served = get_object_or_404(ServedQuestion.objects.filter(attempt__in=attempts), pk=question_id)
    try:
        path = services.question_audio(served=served)
    except TutorError:
        raise Http404 from None
    return audio_file_response(request, path, f"question-{served.pk}.wav")


# --- adaptive practice -------------------------------------------------------


@login_required
def practice(request: AuthedRequest) -> HttpResponse:
    form = PracticeForm(request.POST or request.GET or None)
    if request.method == "POST" and form.is_valid():
        unit, slug = form.cleaned_data["unit"], form.cleaned_data["lesson"]
        params: dict[str, dict[str, Any]] = {}
        if slug:
            try:
                lesson = services.lesson_get(slug=slug)[1]
            except TutorError:
                raise Http404 from None
            # The lesson's own types, narrowed to what it taught (the treble clef's notes in the treble clef).
            kinds, params = list(lesson.exercises), services.lesson_practice_params(lesson)
        else:
            kinds = services.unit_kinds(unit) if unit else []
        attempt = services.practice_start(student=request.user, kinds=kinds, params=params)
        return redirect("attempt-detail", attempt_id=attempt.pk)
    recent = QuizAttempt.objects.filter(student=request.user, mode=QuizAttempt.Mode.ADAPTIVE)[:5]
    return render(request, "lessons/practice.html", {
        "form": form, "weak": services.weak_spots(student=request.user), "recent": recent,
    })
