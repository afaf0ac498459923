"""Simulate a class of students with known weak spots and check that the loop finds and targets them.

    .venv/bin/python benchmarks/simulate_students.py [--students 24] [--takes 2] [--seed 7] [--wrong-notes]

A teacher makes a class and assigns three generated drills with rests (in G,
F and D major) and an interval quiz. Each simulated student has one to three
injected weak spots from a catalogue (sings F# flat in G, B flat sharp in F,
C# flat in D, comes in late after rests, confuses minor and major sixths;
with ``--wrong-notes`` also: sings every other B in G as an A, every other E in
D as a D, a whole step down; the wrong note makes the intervals on both sides
of it 200 cents off, and its tag must still outrank theirs).
Their takes are synthesised from each exercise's own score (harmonic tones
with vibrato and noise, small random pitch and timing scatter on every note,
the injected errors on top) and uploaded through ``grading.services.recording_submit``;
the real analysis task grades them (``analyze_recording.apply``: decode,
pitch tracking, alignment, verdicts, NoteResult rows, skill evidence). Quiz
answers go through ``lessons.services`` (start, next question, answer).

Reported:

- precision of each profile's top three weak spots against the injected tags
  (target at least 0.9), and their recall (found / min(3, injected));
- how often a personalised drill ("Practise my weak spots", made from the
  profile) contains each injected item, against generic drills of the same
  level in a random common key (target at least three times as often).

Everything runs in a fresh SQLite database in a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET_PRECISION = 0.9
TARGET_RATIO = 3.0
LEAD_IN_SECONDS = 0.8
PIECES = (("G", 3), ("F", 5), ("D", 11))  # key and seed of the class drills
QUIZ_QUESTIONS = 30
QUIZ_SITTINGS = 3
GENERIC_KEYS = ("C", "G", "D", "A", "F", "Bb", "Eb")
GENERIC_PER_STUDENT = 3


@dataclass(frozen=True)
class Weakness:
    """An injected habit: the tags it should show as, and how it changes a take or an answer."""

    name: str
    tags: frozenset[str]
    key: str = ""  # pitch habits: only in this key
    pitch_class: int = -1  # ... on this pitch class (MIDI % 12)
    cents: float = 0.0  # ... this far off
    every: int = 1  # ... on every n-th such note of a take (1: all of them)
    late_after_rest_seconds: float = 0.0
    confuses_sixths: bool = False


CATALOGUE = (
    Weakness("sings F# flat in G", frozenset({"pc:F#@G"}), key="G", pitch_class=6, cents=-40),
    Weakness("sings Bb sharp in F", frozenset({"pc:Bb@F"}), key="F", pitch_class=10, cents=38),
    Weakness("sings C# flat in D", frozenset({"pc:C#@D"}), key="D", pitch_class=1, cents=-42),
    Weakness("comes in late after rests", frozenset({"rhy:after-rest"}), late_after_rest_seconds=0.24),
    Weakness("confuses minor and major sixths", frozenset({"int:+m6", "int:+M6"}), confuses_sixths=True),
)
#: Wrong notes now and then (--wrong-notes): the habit a student walking the site showed (an E sung as D4).
WRONG_NOTES = (
    Weakness("sings every other B as A in G", frozenset({"pc:B@G"}), key="G", pitch_class=11, cents=-200, every=2),
    Weakness("sings every other E as D in D", frozenset({"pc:E@D"}), key="D", pitch_class=4, cents=-200, every=2),
)


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=24)
    parser.add_argument("--takes", type=int, default=2, help="takes of each class drill per student")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--wrong-notes", action="store_true",
                        help="add habits of singing a note a whole step low now and then to the catalogue")
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="students-sim-")
    catalogue = CATALOGUE + WRONG_NOTES if args.wrong_notes else CATALOGUE
    try:
        return run(workdir, students=args.students, takes=args.takes, seed=args.seed, catalogue=catalogue)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _setup(workdir: str) -> None:
    os.environ["TUTOR_VAR_DIR"] = workdir
    os.environ["TUTOR_MEDIA_ROOT"] = str(Path(workdir) / "media")
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("CELERY_BROKER_URL", None)  # the filesystem broker in the temporary folder: nothing runs
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import logging

    import django

    django.setup()
    from django.core.management import call_command

    logging.getLogger("celery").setLevel(logging.WARNING)
    logging.getLogger("kombu").setLevel(logging.ERROR)

    call_command("migrate", verbosity=0)


def synthesise_take(score_path: str, key: str, habits: list[Weakness], rng: random.Random) -> bytes:
    """A WAV take of the score's top line with the student's habits and a little human scatter."""
    from grading.analysis import load_target
    from tests.grading.analysis.synth import Played, render, write_wav

    target = load_target(score_path)
    played = []
    seen: dict[str, int] = {}
    for note in target.notes:
        cents = rng.gauss(0.0, 5.0)
        late = rng.gauss(0.0, 0.015)
        for habit in habits:
            if habit.key == key and note.midi % 12 == habit.pitch_class:
                seen[habit.name] = seen.get(habit.name, 0) + 1
                if seen[habit.name] % habit.every == 0:
                    cents += habit.cents
            if note.follows_rest:
                late += habit.late_after_rest_seconds
        played.append(Played(note.midi + cents / 100.0, LEAD_IN_SECONDS + note.onset_seconds + late,
                             note.duration_seconds * 0.9))
    samples = render(played, total=LEAD_IN_SECONDS + target.duration_seconds + 0.8, vibrato_cents=8,
                     seed=rng.randrange(2**31))
    with tempfile.TemporaryDirectory() as tmp:
        return write_wav(Path(tmp) / "take.wav", samples).read_bytes()


def quiz_answer(question, habits: list[Weakness], rng: random.Random) -> str:  # type: ignore[no-untyped-def]
    """The right answer, except where a habit says otherwise (and one slip in fifty)."""
    confused = {"minor 6th": "major 6th", "major 6th": "minor 6th"}
    if any(h.confuses_sixths for h in habits) and question.answer in confused:
        wrong = confused[question.answer]
        return wrong if wrong in question.choices else next(c for c in question.choices if c != question.answer)
    if rng.random() < 0.02:
        return rng.choice([c for c in question.choices if c != question.answer] or [question.answer])
    return str(question.answer)


def run(workdir: str, *, students: int, takes: int, seed: int, catalogue: tuple[Weakness, ...] = CATALOGUE) -> int:
    _setup(workdir)
    from django.core.files.uploadedfile import SimpleUploadedFile

    from generation.melody import DrillParams, generate_drill
    from grading.models import Recording
    from grading.services import recording_submit
    from grading.tasks import analyze_recording
    from lessons import services as lessons
    from students.progress import weak_spots_for
    from students.services import assignments_create_drills, drill_for_student
    from tutor.models import Classroom, Enrollment, User
    from tutor.services import assignment_create

    started = time.perf_counter()
    rng = random.Random(seed)
    teacher = User.objects.create_user(username="sim-teacher", password="x" * 20, role="teacher")
    classroom = Classroom.objects.create(teacher=teacher, name="Simulated class")
    cohort: list[tuple[User, list[Weakness]]] = []
    for k in range(students):
        student = User.objects.create_user(username=f"sim-{k:02d}", password="x" * 20, role="student")
        Enrollment.objects.create(classroom=classroom, student=student)
        habits = rng.sample(catalogue, rng.choice((1, 2, 2, 3)))
        cohort.append((student, habits))

    pieces = []
    for key, piece_seed in PIECES:
        (assignment,) = assignments_create_drills(
            teacher=teacher, classroom=classroom, personalised=False, title=f"Sight-singing in {key}",
            params={"key": key, "level": 2, "bars": 12, "tempo": 84, "rests": 1, "seed": piece_seed},
        )
        pieces.append((assignment, key))
    quiz = lessons.quiz_create(owner=teacher, title="Intervals", mode="practice", items=[{
        "kind": "interval_identify", "count": QUIZ_QUESTIONS,
        "params": {"qualities": ["P", "M", "m"], "directions": ["ascending"], "clefs": ["treble"],
                   "max_number": 8, "accidentals": False},
    }])
    quiz_assignment = assignment_create(teacher=teacher, classroom=classroom, target=quiz)

    graded = notes = 0
    grading_seconds = 0.0
    for student, habits in cohort:
        for assignment, key in pieces:
            for _ in range(takes):
                audio = synthesise_take(assignment.target.score.path, key, habits, rng)
                upload = SimpleUploadedFile("take.wav", audio, content_type="audio/wav")
                recording = recording_submit(student=student, audio=upload, assignment=assignment)
                t0 = time.perf_counter()
                analyze_recording.apply(args=[recording.pk])
                grading_seconds += time.perf_counter() - t0
                recording.refresh_from_db()
                if recording.status != Recording.Status.DONE:
                    sys.stderr.write(f"take {recording.pk} failed: {recording.error}\n")
                    continue
                graded += 1
                notes += recording.notes.count()
        for _ in range(QUIZ_SITTINGS):
            attempt, _ = lessons.attempt_start(student=student, quiz=quiz, assignment=quiz_assignment)
            while (served := lessons.attempt_next(student=student, attempt=attempt)) is not None:
                question = lessons.served_question(served)
                lessons.question_answer(student=student, served=served, answer=quiz_answer(question, habits, rng))

    hits = predicted = found = possible = 0
    per_student_precision = []
    contains_personal: list[bool] = []
    contains_generic: list[bool] = []
    lines = []
    for student, habits in cohort:
        injected = set().union(*(h.tags for h in habits))
        spots = weak_spots_for(student=student, limit=3)
        top = [s.tag for s in spots]
        good = [t for t in top if t in injected]
        hits += len(good)
        predicted += len(top)
        found += len(good)
        possible += min(3, len(injected))
        if top:
            per_student_precision.append(len(good) / len(top))
        drill = drill_for_student(student=student, seed=rng.randrange(2**31))
        level = int(drill.params["level"])
        for tag in sorted(injected):
            contains_personal.append(tag in drill.tags)
            for _ in range(GENERIC_PER_STUDENT):
                generic = generate_drill(DrillParams.preset(level, key=rng.choice(GENERIC_KEYS),
                                                            seed=rng.randrange(2**31)))
                contains_generic.append(tag in generic.tags)
        lines.append(f"  {student.username}: injected {', '.join(h.name for h in habits)}\n"
                     f"      top three {top}  drill targets {drill.targets}")
        lines += [f"      not injected: {s.summary} (e.g. {'; '.join(s.examples)})" for s in spots if s.tag not in injected]

    precision = hits / max(predicted, 1)
    recall = found / max(possible, 1)
    personal_rate = float(np.mean(contains_personal))
    generic_rate = float(np.mean(contains_generic))
    ratio = personal_rate / generic_rate if generic_rate else float("inf")
    say("\n".join(lines))
    say()
    say(f"students {students}, takes graded {graded} ({notes} notes, {grading_seconds:.1f} s in the analysis task), "
          f"quiz answers {students * QUIZ_QUESTIONS * QUIZ_SITTINGS}")
    say(f"top-three precision  {precision:.3f}  (micro; per-student mean {np.mean(per_student_precision):.3f}; "
          f"target >= {TARGET_PRECISION})")
    say(f"top-three recall     {recall:.3f}  (found / min(3, injected))")
    say(f"personalised drills contain the injected item {personal_rate:.3f} of the time, generic drills of the "
          f"same level {generic_rate:.3f}: {ratio:.1f}x (target >= {TARGET_RATIO}x)")
    say(f"wall time {time.perf_counter() - started:.0f} s")
    ok = precision >= TARGET_PRECISION and ratio >= TARGET_RATIO
    say("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
