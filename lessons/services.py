"""Workflows for lessons, quizzes, attempts and adaptive practice. Views and API classes call these.

The rule that matters most: a question's answer never leaves the server before the
question is answered. A served question is stored as kind, parameters and a random
seed; to check an answer (or to show the page) the question is generated again.
"""

from __future__ import annotations

import dataclasses
import random
import re
import secrets
import shutil
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import markdown  # type: ignore[import-untyped,unused-ignore]
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from grading.analysis import AnalysisError, decode_audio
from grading.failure_text import failure_text
from grading.services import checked_take
from lessons import curriculum, tasks
from lessons.models import Lesson, Quiz, QuizAttempt, ServedQuestion
from lessons.question_text import (
    answer_problem_text,
    choice_text,
    explanation_text,
    prompt_text,
    typed_answer_text,
)
from lessons.questions import (
    GENERATORS,
    AudioUnavailable,
    InvalidParams,
    MalformedAnswer,
    Question,
    cached_audio,
    check_answer,
    generate,
)
from lessons.questions.check import is_key_number, parse_interval, parse_notes, typed_notes
from lessons.questions.generators.partwriting import (
    VoicesMalformed,
    grade_voices,
    marked_notation,
    parse_voices,
)
from lessons.questions.performance import grade_recording
from lessons.questions.render import SOUNDFONT, answered_svg, render_svg, sized_for_display, svg_of
from tutor import hant
from tutor.errors import Conflict, NotAllowed, NotFound, TutorError
from tutor.jobs import queue_job
from tutor.mastery import weakest
from tutor.models import Assignment, User
from tutor.names import plain_name
from tutor.services import evidence_record, skill_profile

#: Most questions of one type in a quiz, and in a whole quiz.
MAX_ITEM_COUNT = 50
MAX_QUIZ_QUESTIONS = 100
#: Longest time limit a test may have: four hours.
MAX_TIME_LIMIT_SECONDS = 4 * 3600
#: An answer sent just before the deadline may arrive a moment after it (network latency).
DEADLINE_GRACE_SECONDS = 2
#: Adaptive practice looks at this many of the student's latest answers per question type.
ADAPTIVE_HISTORY = 20
SEED_BITS = 63
#: Seeds drawn for one question before a repeat within the sitting is allowed: a type whose settings allow fewer
#: different questions than the quiz asks for has to repeat one at some point.
DISTINCT_TRIES = 30
#: Adaptive practice serves no question again among this many of the sitting's latest of its type.
ADAPTIVE_DISTINCT_WINDOW = 10
EAR_KINDS = frozenset(kind for kind in GENERATORS if kind.startswith("ear_"))
_EXAMPLE_RE = re.compile(r"<p>NOTATION-EXAMPLE-(\d+)</p>")

# A line break inside a Chinese paragraph is no space, but browsers draw one ("有四个间。 每一条线"):
# a break between two Chinese characters (or their punctuation, emphasis marks between) is dropped.
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_CJK_LINE_BREAK_RE = re.compile(rf"([{_CJK}][*_`]{{0,2}})\n[ \t]*(?=[*_`]{{0,2}}[{_CJK}])")


def audio_available() -> bool:
    """True when FluidSynth and the General MIDI soundfont are installed (audio can be rendered)."""
    return shutil.which("fluidsynth") is not None and SOUNDFONT.exists()


def _media_dir(name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / name


# --- lessons ---------------------------------------------------------------


def lesson_sync(*, check_notation: bool = False) -> int:
    """Make the Lesson rows match the files: create, update, and deactivate those whose file went away.

    Returns the number of active lessons. Safe to run any number of times. ``check_notation`` also reads
    every example's music (seconds: ``curriculum.load_lesson``), as the command does; a page does not.
    """
    lessons = curriculum.load_lessons(check_notation=check_notation)
    with transaction.atomic():
        existing = {row.slug: row for row in Lesson.objects.all()}
        for position, lesson in enumerate(lessons):
            values = {"title": lesson.title, "unit": lesson.unit, "order": lesson.order, "position": position,
                      "tags": list(lesson.tags), "exercises": list(lesson.exercises), "active": True}
            row = existing.pop(lesson.slug, None)
            if row is None:
                Lesson.objects.create(slug=lesson.slug, **values)
            elif any(getattr(row, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(row, name, value)
                row.save(update_fields=list(values))
        Lesson.objects.filter(slug__in=list(existing)).update(active=False)
    return len(lessons)


def lessons_ensure_synced() -> None:
    """Sync on first use, so a fresh database shows the curriculum without a command."""
    if Lesson.objects.filter(active=True).count() != len(curriculum.load_lessons()):
        lesson_sync()


def lesson_get(*, slug: str) -> tuple[Lesson, curriculum.Lesson]:
    lessons_ensure_synced()
    row = Lesson.objects.filter(slug=slug, active=True).first()
    source = next((lesson for lesson in curriculum.load_lessons() if lesson.slug == slug), None)
    if row is None or source is None:
        raise NotFound(_("No such lesson."))
    return row, source


@dataclass(frozen=True)
class LessonPart:
    """A stretch of the lesson's HTML, or one notation example (``svg``) with its ``index``."""

    html: str = ""
    svg: str = ""
    index: int = -1

    @property
    def is_example(self) -> bool:
        return self.index >= 0


def lesson_translated(lesson: curriculum.Lesson, language: str) -> curriculum.LessonTranslation | None:
    """The lesson in ``language`` when a translation exists (English is the source: None).

    zh-hant has no lesson files of its own: it is the zh-hans file in Traditional forms (``tutor.hant``).
    """
    if language.startswith("en"):
        return None
    translation = curriculum.load_translation(lesson, hant.catalogue_language(language))
    if translation is None or not hant.is_traditional_language(language):
        return translation
    return dataclasses.replace(translation, language=language, title=hant.to_traditional(translation.title),
                               body=hant.to_traditional(translation.body))


def lesson_parts(lesson: curriculum.Lesson, language: str = "en") -> tuple[LessonPart, ...]:
    """The lesson's Markdown as HTML (in ``language`` when translated), split around its notation
    examples (rendered to SVG).

    Rendering takes a moment (music21 and Verovio per example), so the result is cached
    per file version.
    """
    translation = lesson_translated(lesson, language)
    source = translation.path if translation else lesson.path
    return _lesson_parts(lesson.slug, translation.language if translation else "en", source.stat().st_mtime_ns)


@lru_cache(maxsize=128)
def _lesson_parts(slug: str, language: str, mtime_ns: int) -> tuple[LessonPart, ...]:
    lesson = next(lesson for lesson in curriculum.load_lessons() if lesson.slug == slug)
    translation = lesson_translated(lesson, language)
    body = translation.body if translation else lesson.body
    counter = iter(range(len(lesson.blocks)))
    # Placeholders keep Markdown away from the SVG; the examples go back in after conversion.
    text = re.sub(r"```notation\n(.*?)```", lambda _: f"\n\nNOTATION-EXAMPLE-{next(counter)}\n\n", body,
                  flags=re.S)
    html = markdown.markdown(_CJK_LINE_BREAK_RE.sub(r"\1", text), extensions=["extra", "sane_lists"])
    parts: list[LessonPart] = []
    pieces = _EXAMPLE_RE.split(html)
    for i, piece in enumerate(pieces):
        if i % 2 == 0:
            if piece.strip():
                parts.append(LessonPart(html=piece))
        else:
            index = int(piece)
            parts.append(LessonPart(svg=curriculum.block_svg(lesson.blocks[index]), index=index))
    return tuple(parts)


def lesson_audio(*, slug: str, index: int) -> Path:
    """The example's audio (WAV), rendered once into MEDIA_ROOT/lesson-audio. Raises ``NotFound``."""
    _row, lesson = lesson_get(slug=slug)
    if not 0 <= index < len(lesson.blocks):
        raise NotFound(_("No such example."))
    try:
        return cached_audio(curriculum.block_audio(lesson.blocks[index]), _media_dir("lesson-audio"))
    except AudioUnavailable as exc:
        raise NotFound(_("Audio is not available on this server (%(reason)s).") % {"reason": exc}) from None


# --- quizzes ---------------------------------------------------------------


def quiz_items_clean(items: Any) -> list[dict[str, Any]]:
    """``items`` checked: known types, counts in range, parameters that generate a question.

    Raises ``TutorError`` (field ``items``) naming the item at fault.
    """
    if not isinstance(items, list) or not items:
        raise TutorError(_("Choose at least one question type."), field="items")
    cleaned = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise TutorError(_("Item %(number)d is not an object with kind, params and count.") % {"number": number}, field="items")
        kind = item.get("kind")
        params = item.get("params") or {}
        count = item.get("count", 1)
        if kind not in GENERATORS:
            raise TutorError(_("Item %(number)d: %(kind)r is not a question type.") % {"number": number, "kind": kind}, field="items")
        if not isinstance(params, dict):
            raise TutorError(_("Item %(number)d (%(kind)s): params must be an object.") % {"number": number, "kind": kind},
                             field="items")
        if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_ITEM_COUNT:
            raise TutorError(_("Item %(number)d (%(kind)s): count must be 1 to %(most)d.")
                             % {"number": number, "kind": kind, "most": MAX_ITEM_COUNT}, field="items")
        try:
            # Names first: a parameter called "seed" or "kind" would collide with generate()'s own arguments.
            GENERATORS[kind].complete(params)
            # Generating once checks the parameters together, not only one by one.
            generate(kind, seed=0, **params)
        except InvalidParams as exc:
            raise TutorError(_("Item %(number)d (%(kind)s): %(reason)s") % {"number": number, "kind": kind, "reason": exc},
                             field="items") from None
        cleaned.append({"kind": kind, "params": params, "count": count})
    if sum(item["count"] for item in cleaned) > MAX_QUIZ_QUESTIONS:
        raise TutorError(_("A quiz has at most %(most)d questions.") % {"most": MAX_QUIZ_QUESTIONS}, field="items")
    return cleaned


def quiz_create(
    *,
    owner: User,
    title: str,
    items: Any,
    mode: str = Quiz.Mode.PRACTICE,
    time_limit_seconds: int | None = None,
    attempts_allowed: int | None = None,
) -> Quiz:
    if not owner.is_teacher:
        raise NotAllowed(_("Only teachers build quizzes."))
    title = plain_name(title)
    if not title:
        raise TutorError(_("A quiz needs a title."), field="title")
    if mode not in Quiz.Mode.values:
        raise TutorError(_("Mode must be one of: %(modes)s.") % {"modes": ", ".join(Quiz.Mode.values)}, field="mode")
    if time_limit_seconds is not None and not 10 <= time_limit_seconds <= MAX_TIME_LIMIT_SECONDS:
        raise TutorError(_("The time limit must be 10 to %(most)d seconds.") % {"most": MAX_TIME_LIMIT_SECONDS},
                         field="time_limit_seconds")
    if attempts_allowed is not None and attempts_allowed < 1:
        raise TutorError(_("Allow at least one attempt."), field="attempts_allowed")
    cleaned = quiz_items_clean(items)
    if mode == Quiz.Mode.PRACTICE:
        # Practice is for learning: untimed, as often as the student likes.
        time_limit_seconds = attempts_allowed = None
    return Quiz.objects.create(owner=owner, title=title, mode=mode, items=cleaned,
                               time_limit_seconds=time_limit_seconds, attempts_allowed=attempts_allowed)


# --- attempts --------------------------------------------------------------


def params_for_reader(kind: str, params: dict[str, Any]) -> dict[str, Any]:
    """``params`` with a ``convention`` left to the reader ("auto", or none given) set by the active language,
    so the stored question is asked and graded one way whichever language later shows it: a Chinese student
    learns meters from 基本乐理 (4/4 is a 复拍子, 6/8 has six beats), an English one the felt beats."""
    names = {p.name for p in GENERATORS[kind].params}
    if "convention" not in names or params.get("convention", "auto") != "auto":
        return params
    chinese = (get_language() or "en").lower().startswith("zh")
    return {**params, "convention": "chinese" if chinese else "western"}


def distinct_seed(*, kind: str, params: dict[str, Any], seen: set[str], tries: int = DISTINCT_TRIES) -> tuple[int, bool]:
    """A random seed for a question of ``kind`` that is none of the questions in ``seen`` (fingerprints), and
    whether one was found in ``tries`` draws (else the last draw's seed: the settings allow no other question).
    ``seen`` gains the question's fingerprint. Seeds alone repeated questions: a quiz of ten key signatures
    asked one twice in most sittings."""
    for _try in range(max(tries, 1)):
        seed = secrets.randbits(SEED_BITS)
        fingerprint = generate(kind, seed=seed, **params).fingerprint
        if fingerprint not in seen:
            seen.add(fingerprint)
            return seed, True
    return seed, False


def attempts_allowed_for(*, quiz: Quiz, assignment: Assignment | None) -> int | None:
    """The assignment's limit when it sets one, else the quiz's own (tests only); None: unlimited."""
    if assignment is not None and assignment.attempts_allowed:
        return assignment.attempts_allowed
    return quiz.attempts_allowed if quiz.is_test else None


def attempt_start(
    *, student: User, quiz: Quiz, assignment: Assignment | None = None
) -> tuple[QuizAttempt, bool]:
    """Start a sitting of ``quiz`` (``created`` True), or return the one still open (``created`` False).

    Students start through an assignment of the quiz; a teacher may try their own quiz.
    Raises ``Conflict`` when every allowed attempt is used.
    """
    if assignment is not None:
        if assignment.target_id != quiz.pk or assignment.kind != "quiz":
            raise NotFound(_("That assignment is not this quiz."), field="assignment")
        if not Assignment.objects.visible_to(student).filter(pk=assignment.pk).exists():
            raise NotFound(_("No such assignment."), field="assignment")
    if student.is_teacher:
        # A teacher tries their own quiz outside any assignment: it never shows in a class's results.
        if quiz.owner_id != student.pk:
            raise NotFound(_("No such quiz."), field="quiz")
        assignment = None
    elif assignment is None:
        raise NotFound(_("No such assignment."), field="assignment")
    now = timezone.now()
    with transaction.atomic():
        # One start at a time per student, so two clicks cannot make two attempts past the limit.
        User.objects.select_for_update().filter(pk=student.pk).first()
        sittings = QuizAttempt.objects.filter(student=student, quiz=quiz, assignment=assignment)
        for attempt in sittings.filter(submitted_at__isnull=True):
            if not attempt_close_if_expired(attempt=attempt, now=now):
                return attempt, False
        limit = attempts_allowed_for(quiz=quiz, assignment=assignment)
        if limit is not None and sittings.count() >= limit:
            raise Conflict(ngettext("You have used all %(count)d attempt at this quiz.",
                                     "You have used all %(count)d attempts at this quiz.", limit) % {"count": limit})
        deadline = now + timedelta(seconds=quiz.time_limit_seconds) if quiz.is_test and quiz.time_limit_seconds \
            else None
        attempt = QuizAttempt.objects.create(
            quiz=quiz, student=student, assignment=assignment, mode=quiz.mode, started_at=now, deadline=deadline,
            question_count=quiz.question_count,
        )
        rows: list[ServedQuestion] = []
        seen: set[str] = set()
        for item in quiz.items:
            tries = DISTINCT_TRIES
            params = params_for_reader(item["kind"], item["params"])
            for _copy in range(int(item["count"])):
                seed, fresh = distinct_seed(kind=item["kind"], params=params, seen=seen, tries=tries)
                tries = tries if fresh else 1  # every question these settings allow is asked: no more searching
                rows.append(ServedQuestion(attempt=attempt, position=len(rows), kind=item["kind"],
                                           params=params, seed=seed))
        ServedQuestion.objects.bulk_create(rows)
    if deadline is not None:
        countdown = (deadline - now).total_seconds() + DEADLINE_GRACE_SECONDS + 1
        queue_job(tasks.close_expired_attempt, attempt.pk, countdown=countdown)
    return attempt, True


#: A lesson's tag prefix -> the generator parameter it narrows ("clef:treble" -> clefs ["treble"]), and the
#: tag values renamed to the parameter's options where they differ.
_LESSON_TAG_PARAMS: dict[str, tuple[str, dict[str, str]]] = {
    "clef": ("clefs", {}),
    "scale": ("scales", {"minor": "natural-minor"}),
    "chord": ("qualities", {}),
    "meter": ("meters", {}),  # "meter:6/8"; "meter:compound" names no time signature and is dropped
    "harm": ("sources", {"figured-bass": "figured"}),  # part writing from Roman numerals or figured bass
}


def lesson_practice_params(lesson: curriculum.Lesson) -> dict[str, dict[str, Any]]:
    """Parameters per question type that keep a lesson's practice to what it taught.

    The lesson's tags narrow each of its exercise types that has the matching parameter: the treble-clef
    lesson's note questions are in the treble clef only, the modes lesson's scales are modes, the minor key
    signatures lesson asks minor keys. A type without such a parameter keeps its defaults.
    """
    out: dict[str, dict[str, Any]] = {}
    key_tags = [t.split(":", 1)[1] for t in lesson.tags if t.startswith("key:")]
    for kind in lesson.exercises:
        params = {p.name: p for p in GENERATORS[kind].params}
        chosen: dict[str, Any] = {}
        for prefix, (name, renames) in _LESSON_TAG_PARAMS.items():
            if name not in params:
                continue
            values = [renames.get(v, v) for t in lesson.tags if t.startswith(prefix + ":") for v in [t.split(":", 1)[1]]]
            values = [v for v in dict.fromkeys(values) if v in params[name].options]
            if values:
                chosen[name] = values
        interval_tags = [t.split(":", 1)[1].lstrip("+-") for t in lesson.tags if t.startswith("int:")]
        if "qualities" in params and interval_tags and kind.startswith("interval_"):
            # "int:+A4" -> quality A; a lesson on compound intervals reaches their numbers.
            chosen["qualities"] = [q for q in params["qualities"].options if any(t[0] == q for t in interval_tags)]
            widest = max(int(t[1:]) for t in interval_tags)
            if widest > params["max_number"].default:
                chosen["max_number"] = widest
        if "dots" in params and "ties" in params:  # note values: dots and ties once the lesson taught them
            chosen["dots"] = any("dotted" in t for t in lesson.tags)
            chosen["ties"] = "rhy:tie" in lesson.tags
        if "minor" in params and key_tags and all(k[:1].isupper() for k in key_tags):
            chosen["minor"] = False  # Roman numerals in major keys only
        if "mode" in params and key_tags and kind.startswith("key_signature"):
            minor = {k[:1].islower() for k in key_tags}
            chosen["mode"] = "both" if len(minor) > 1 else "minor" if minor == {True} else "major"
        if chosen:
            out[kind] = chosen
    return out


def practice_start(*, student: User, kinds: list[str] | None = None,
                   params: dict[str, dict[str, Any]] | None = None) -> QuizAttempt:
    """The student's open adaptive-practice sitting over ``kinds`` (all types when empty), started if need be.

    ``params``: parameters per type (``lesson_practice_params``) that every question of that type is served with.
    """
    chosen = sorted(set(kinds or ()))
    unknown = [k for k in chosen if k not in GENERATORS]
    if unknown:
        raise TutorError(_("%(kind)r is not a question type.") % {"kind": unknown[0]}, field="kinds")
    narrowed = {kind: dict(p) for kind, p in (params or {}).items() if kind in chosen}
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=student.pk).first()
        open_sittings = QuizAttempt.objects.filter(student=student, mode=QuizAttempt.Mode.ADAPTIVE,
                                                   submitted_at__isnull=True)
        for attempt in open_sittings:
            if attempt.kinds == chosen and (attempt.params or {}) == narrowed:
                return attempt
            _attempt_finalize(attempt, now=timezone.now(), timed_out=False)
        return QuizAttempt.objects.create(student=student, mode=QuizAttempt.Mode.ADAPTIVE, kinds=chosen,
                                          params=narrowed)


def attempt_close_if_expired(*, attempt: QuizAttempt, now: Any = None) -> bool:
    """Close an open attempt whose deadline (plus the grace) has passed; True when it is closed now."""
    now = now or timezone.now()
    if not attempt.is_open:
        return True
    if attempt.deadline is None or now <= attempt.deadline + timedelta(seconds=DEADLINE_GRACE_SECONDS):
        return False
    _attempt_finalize(attempt, now=attempt.deadline, timed_out=True)
    return True


def attempt_close_expired(*, attempt_id: int) -> None:
    """For the task: close the attempt if its time is up; nothing when it is already closed."""
    attempt = QuizAttempt.objects.filter(pk=attempt_id, submitted_at__isnull=True).first()
    if attempt is not None:
        attempt_close_if_expired(attempt=attempt)


def _attempt_finalize(attempt: QuizAttempt, *, now: Any, timed_out: bool) -> bool:
    """Score and close ``attempt`` once; a second call (another request, the task) changes nothing."""
    rows = attempt.questions.all()
    correct = rows.filter(correct=True).count()
    total = rows.count() if attempt.quiz_id else rows.filter(answered_at__isnull=False).count()
    score_percent = round(100.0 * correct / total, 1) if total else None
    is_late = attempt.assignment.is_late(now) if attempt.assignment_id and attempt.assignment else False
    updated = QuizAttempt.objects.filter(pk=attempt.pk, submitted_at__isnull=True).update(
        submitted_at=now, timed_out=timed_out, score_percent=score_percent, correct_count=correct, question_count=total,
        is_late=is_late,
    )
    attempt.refresh_from_db()
    return updated == 1


def attempt_submit(*, student: User, attempt: QuizAttempt) -> QuizAttempt:
    """Hand the attempt in and score it. Raises ``Conflict`` when it is already over."""
    if attempt.student_id != student.pk:
        raise NotFound(_("No such attempt."))
    if not attempt.is_open:
        raise Conflict(_("Time ran out for this test; it was scored then and cannot be submitted again.")
                       if attempt.timed_out else _("This attempt was already handed in; it cannot be submitted again."))
    if attempt_close_if_expired(attempt=attempt):
        raise Conflict(_("Time ran out: the answers given in time were scored, and the test is closed."))
    if not _attempt_finalize(attempt, now=timezone.now(), timed_out=False):
        raise Conflict(_("This attempt was already handed in; it cannot be submitted again."))
    return attempt


def served_question(served: ServedQuestion) -> Question:
    """The question again, from its kind, parameters and seed, drawn by the generator version it was served under
    (equal inputs give an equal question, whatever the generators have learnt since)."""
    return generate(served.kind, seed=served.seed, version=served.generator_version, **served.params)


def attempt_next(*, student: User, attempt: QuizAttempt) -> ServedQuestion | None:
    """The question to answer now (the first unanswered; adaptive practice picks a new one), or None."""
    if attempt.student_id != student.pk:
        raise NotFound(_("No such attempt."))
    attempt_close_if_expired(attempt=attempt)
    if not attempt.is_open:
        return None
    pending = attempt.questions.filter(answered_at__isnull=True).order_by("position").first()
    if pending is None and attempt.mode == QuizAttempt.Mode.ADAPTIVE:
        pending = _adaptive_serve(attempt)
    if pending is not None and pending.served_at is None:
        pending.served_at = timezone.now()
        pending.save(update_fields=["served_at"])
    return pending


def question_public(*, served: ServedQuestion) -> dict[str, Any]:
    """What a client may see of a served question: the core's public view and its SVG, never the answer.

    ``id`` is the served question's id (the core's question id and the seed stay here);
    ``total`` is None in adaptive practice, which does not end by itself.
    """
    question = served_question(served)
    public = question.to_public()
    public.pop("id")
    attempt = served.attempt
    return {
        **public,
        # Said in the reader's language; ``choices`` stay as written: they are what an answer posts.
        "prompt": prompt_text(question.prompt),
        "choice_labels": [choice_text(c) for c in question.choices],
        "id": served.pk,
        "attempt": served.attempt_id,
        "position": served.position + 1,
        "total": attempt.question_count if attempt.quiz_id else None,
        "svg": render_svg(question),
        "choice_svgs": [svg_of(n) for n in question.choice_notation],
        "seconds_left": attempt.seconds_left(),
    }


@dataclass(frozen=True)
class AnswerResult:
    """What an answer did. ``feedback``, ``explanation`` and ``answer`` are None in a test until it ends."""

    question: ServedQuestion
    attempt: QuizAttempt
    correct: bool | None
    feedback: str | None
    explanation: str | None
    answer: str | None
    #: A part-writing answer drawn on the staff with its faulty chords coloured ('' otherwise).
    marked_svg: str = ""


def answer_refusal(question: Question, answer: str) -> str | None:
    """Why ``answer`` cannot be read as an answer at all (then it does not count), else None.

    Only the form is checked, never the content, so a refusal tells nothing about the
    right answer: a choice must be one of the choices; note names must parse, come in
    the number the prompt asks for, and carry an octave where the question needs one.
    """
    text = answer.strip()
    if not text:
        return "Give an answer."
    if question.answer_mode == "choice":
        if text in question.choices:
            return None
        if question.match == "interval":
            # Any name of an interval may be typed (M10, major 10th, M3+P8), as the lessons promise.
            try:
                parse_interval(text)
            except MalformedAnswer as exc:
                return str(exc)
            return None
        return f"Choose one of: {', '.join(question.choices)}."
    if question.answer_mode == "keyboard_click" and is_key_number(text):
        return None
    if question.performance is not None:
        return "Answer this question with a recording (the page's record button, or POST the audio to the recording URL)."
    if question.part_writing is not None:
        try:
            parse_voices(question.part_writing, text)
        except VoicesMalformed as exc:
            return str(exc)
        return None
    try:
        given = typed_notes(question, text)
        expected = len(parse_notes(question.answer))
    except MalformedAnswer as exc:
        return str(exc)
    if len(given) != expected:
        return f"Give {expected} note name{'s' if expected != 1 else ''}, separated by spaces."
    if question.octave == "required" and any(note.octave is None for note in given):
        return "Give each note with its octave (middle C is C4), e.g. F#4."
    return None


def question_answer(*, student: User, served: ServedQuestion, answer: str) -> AnswerResult:
    """Check and record one answer, once, and turn it into skill evidence.

    Raises ``TutorError`` (field ``answer``) for an answer that cannot be read, and
    ``Conflict`` when the question was answered already or the attempt is over.
    """
    _answerable(student=student, served=served)
    question = served_question(served)
    refusal = answer_refusal(question, answer)
    if refusal:
        raise TutorError(answer_problem_text(refusal), field="answer")
    return _answer_record(student=student, served=served, question=question, answer=answer)


def _answerable(*, student: User, served: ServedQuestion) -> None:
    """Raise unless ``student`` may answer ``served`` now."""
    attempt = served.attempt
    if attempt.student_id != student.pk:
        raise NotFound(_("No such question."))
    if attempt_close_if_expired(attempt=attempt):
        raise Conflict(_("Time is up for this test: answers are no longer accepted.")
                       if attempt.timed_out else _("This attempt is over: answers are no longer accepted."))
    if served.is_answered:
        raise Conflict(_("This question was answered already."))
    if served.served_at is None:
        raise Conflict(_("Ask for this question first (next question)."))


def question_answer_recording(*, student: User, served: ServedQuestion, audio: UploadedFile) -> AnswerResult:
    """Grade a sung or clapped answer with the grading core, then record it like any answer.

    The recording is checked and decoded in the sandbox (``grading.services.checked_take``) and
    graded at once (a few seconds of audio); the stored answer is each note's verdict. Raises
    ``TutorError`` (field ``audio``) for a question answered in writing or an unusable recording.
    """
    _answerable(student=student, served=served)
    question = served_question(served)
    if question.performance is None:
        raise TutorError(_("This question is answered in writing, not with a recording."), field="audio")
    with checked_take(audio, prefix="quiz-answer-") as (path, _seconds):
        try:
            decoded = decode_audio(path)
            grade = grade_recording(question, decoded)
        except AnalysisError as exc:  # silence, nothing sung: say so, and the answer does not count
            raise TutorError(failure_text(str(exc)), field="audio") from None
    return _answer_record(student=student, served=served, question=question,
                          answer=grade.to_answer(onsets_only=question.performance.onsets_only))


def _answer_record(*, student: User, served: ServedQuestion, question: Question, answer: str) -> AnswerResult:
    """Check ``answer``, store it once and turn it into skill evidence."""
    attempt = served.attempt
    correct, feedback = check_answer(question, answer.strip())
    now = timezone.now()
    with transaction.atomic():
        claimed = ServedQuestion.objects.filter(pk=served.pk, answered_at__isnull=True).update(
            answer_given=answer.strip()[:500], correct=correct, answered_at=now, tags=list(question.tags)
        )
        if not claimed:
            raise Conflict(_("This question was answered already."))
        evidence_record(
            student=student, source="quiz", source_id=served.pk,
            items=[(tag, correct, f"{served.kind}: {answer.strip()}") for tag in question.tags],
        )
    served.refresh_from_db()
    if attempt.quiz_id and not attempt.questions.filter(answered_at__isnull=True).exists():
        _attempt_finalize(attempt, now=now, timed_out=False)
    return _result(served, attempt, question, correct, feedback)


def question_feedback(*, served: ServedQuestion) -> AnswerResult:
    """The feedback on an answered question again (for the page after answering); hidden during a test."""
    if not served.is_answered:
        raise Conflict(_("This question has not been answered yet."))
    question = served_question(served)
    correct, feedback = check_answer(question, served.answer_given)
    return _result(served, served.attempt, question, bool(served.correct), feedback)


def _result(served: ServedQuestion, attempt: QuizAttempt, question: Question, correct: bool,
            feedback: str) -> AnswerResult:
    if not attempt.gives_feedback_now:
        return AnswerResult(question=served, attempt=attempt, correct=None, feedback=None, explanation=None,
                            answer=None)
    if correct:
        feedback = f"{feedback} {question.explanation}"
    return AnswerResult(question=served, attempt=attempt, correct=correct, feedback=explanation_text(feedback),
                        explanation=explanation_text(question.explanation),
                        # As the sentences above write it (F♭2), not as stored (Fb2), as the review shows it.
                        answer=choice_text(question.answer) if question.choices else typed_answer_text(question.answer),
                        marked_svg=_marked_svg(question, served.answer_given))


def _marked_svg(question: Question, answer: str) -> str:
    """The student's four voices on a grand staff with the faulty chords coloured, for part writing."""
    if question.part_writing is None or not answer:
        return ""
    try:
        voicings, errors = grade_voices(question.part_writing, answer)
    except VoicesMalformed:
        return ""
    return sized_for_display(svg_of(marked_notation(question.part_writing, voicings, errors)))


@dataclass(frozen=True)
class Review:
    """One answered (or unanswered) question of a finished sitting, for the results."""

    position: int
    prompt: str
    answer_given: str
    correct: bool | None
    answer: str
    explanation: str
    #: The notation the question showed (SVG, our own Verovio output), so a student can look back at the note
    #: they missed; a staff-click question's staff with the right answer coloured in (``answer_on_staff``).
    svg: str = ""
    answer_on_staff: bool = False


def attempt_review(*, attempt: QuizAttempt) -> list[Review]:
    """Every question with the student's and the right answer: only once feedback may be shown."""
    if not attempt.gives_feedback_now:
        return []
    out = []
    for served in attempt.questions.all():
        if attempt.mode == QuizAttempt.Mode.ADAPTIVE and not served.is_answered:
            continue
        q = served_question(served)
        out.append(Review(position=served.position + 1, prompt=prompt_text(q.prompt),
                          answer_given=(choice_text(served.answer_given) if q.choices
                                        else typed_answer_text(served.answer_given or "")),
                          correct=served.correct, answer=choice_text(q.answer) if q.choices else typed_answer_text(q.answer),
                          explanation=explanation_text(q.explanation), svg=answered_svg(q),
                          answer_on_staff=q.answer_mode == "staff_click"))
    return out


def question_audio(*, served: ServedQuestion) -> Path:
    """The question's audio (WAV), rendered once into MEDIA_ROOT/question-audio. Raises ``NotFound``."""
    question = served_question(served)
    if question.audio is None:
        raise NotFound(_("This question has no audio."))
    try:
        return cached_audio(question.audio, _media_dir("question-audio"))
    except AudioUnavailable as exc:
        raise NotFound(_("Audio is not available on this server (%(reason)s).") % {"reason": exc}) from None


def question_audio_prepare(*, served: ServedQuestion) -> None:
    """Render the audio in the background so it is ready when the student presses play."""
    if served.kind in EAR_KINDS and audio_available():
        queue_job(tasks.render_question_audio, served.pk)


# --- adaptive practice -------------------------------------------------------


def kind_posteriors(*, student: User, kinds: list[str]) -> dict[str, tuple[float, float]]:
    """Beta(a, b) per question type: how likely the student is to answer one right.

    Built from the skill profile (``tutor.services.skill_profile``: Beta–Bernoulli per tag
    with a 14-day half-life), over the tags the student's latest questions of that type
    carried, divided by the tags per question so each answer counts about once. So evidence
    from anywhere (a sung F sharp in G as much as a quiz) moves the types that exercise it.
    A type the student has not met keeps the Beta(1, 1) prior.
    """
    profile = skill_profile(student=student)
    recent: dict[str, list[list[str]]] = {}
    rows = (ServedQuestion.objects.filter(attempt__student=student, answered_at__isnull=False, kind__in=kinds)
            .order_by("-answered_at").values_list("kind", "tags")[: ADAPTIVE_HISTORY * len(kinds)])
    for kind, tags in rows:
        if len(recent.setdefault(kind, [])) < ADAPTIVE_HISTORY:
            recent[kind].append(list(tags))
    out = {}
    for kind in kinds:
        tag_lists = [t for t in recent.get(kind, []) if t]
        right = wrong = 0.0
        for tag in {tag for tags in tag_lists for tag in tags}:
            m = profile.get(tag)
            if m is None:
                continue
            # Mastery keeps the posterior as mean and evidence weight: back to pseudo-counts.
            tag_right = m.mean * (m.weight + 2.0) - 1.0
            right += max(tag_right, 0.0)
            wrong += max(m.weight - tag_right, 0.0)
        per_question = sum(len(t) for t in tag_lists) / len(tag_lists) if tag_lists else 1.0
        out[kind] = (1.0 + right / per_question, 1.0 + wrong / per_question)
    return out


def adaptive_choose(
    posteriors: dict[str, tuple[float, float]], *, rng: random.Random
) -> tuple[str, int]:
    """The question type to serve next and its difficulty (1..3).

    Thompson sampling: draw a plausible mastery from each type's posterior and serve the
    type whose draw is lowest. A type known to be weak draws low most of the time, and a
    type with little evidence has a wide posterior that sometimes draws low, so weak skills
    get most of the practice while under-tested ones are still tried; unlike a fixed
    spaced-repetition schedule it needs no tuning and follows the profile as it changes.

    A type with no evidence (the flat prior, mean one half) starts at the easiest level: a newcomer's first
    treble-clef question was C♭6, two ledger lines up with a flat, at level 2.
    """
    draws = {kind: rng.betavariate(a, b) for kind, (a, b) in posteriors.items()}
    kind = min(draws, key=lambda k: draws[k])
    a, b = posteriors[kind]
    mean = a / (a + b)
    difficulty = 1 if mean <= 0.5 else 2 if mean < 0.8 else 3
    return kind, difficulty


def _adaptive_kinds(attempt: QuizAttempt) -> list[str]:
    kinds = list(attempt.kinds) or list(GENERATORS)
    if not audio_available():
        kinds = [k for k in kinds if k not in EAR_KINDS] or kinds
    return kinds


def _adaptive_serve(attempt: QuizAttempt) -> ServedQuestion:
    kind, difficulty = adaptive_choose(
        kind_posteriors(student=attempt.student, kinds=_adaptive_kinds(attempt)), rng=random.Random()
    )
    last = attempt.questions.aggregate(last=Max("position"))["last"]
    position = 0 if last is None else last + 1
    params = params_for_reader(kind, {"difficulty": difficulty, **(attempt.params or {}).get(kind, {})})
    recent = attempt.questions.filter(kind=kind).order_by("-position")[:ADAPTIVE_DISTINCT_WINDOW]
    seen = {served_question(row).fingerprint for row in recent}
    seed, _fresh = distinct_seed(kind=kind, params=params, seen=seen)
    return ServedQuestion.objects.create(attempt=attempt, position=position, kind=kind, params=params, seed=seed)


def unit_kinds(unit: str) -> list[str]:
    """The question types the lessons of ``unit`` practise, in lesson order."""
    kinds = [kind for lesson in curriculum.load_lessons() if lesson.unit == unit for kind in lesson.exercises]
    return list(dict.fromkeys(kinds))


def weak_spots(*, student: User, limit: int = 5) -> list[Any]:
    """The student's weakest skill tags (``tutor.mastery.weakest``), for the practice page."""
    return weakest(skill_profile(student=student), limit=limit)
