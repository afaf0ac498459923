"""Every object-bearing URL, probed by the people nearest to the owner.

``test_enumeration`` covers an outsider who belongs to no class. Here the world is a class with
two students and its teacher, a second class with its own teacher and student, and a student
who was removed from the first class; each of them, and an anonymous visitor, asks every URL
(pages and API; GET, POST, PUT, PATCH, DELETE) with the ids of things that are not theirs to
see: the victim's takes, their audio and notes, transcriptions, range tests, drills and their
files, exports, quiz attempts and questions, personal assignments, and the teacher's private
exercises, quizzes, score uploads, gradebook, review queue and roster. Nothing may answer with
the thing, nothing may change, and no page or list that the prober may read may carry a
private title. The URL list is read from the resolver, so a new endpoint is covered the day it
is added: a route with a parameter the walk cannot fill, or a page open to anonymous visitors that
is not on the public list, fails ``test_every_route_is_walked`` until it is audited here."""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import product

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.test import APIClient

from generation.models import Drill
from generation.services import DOWNLOAD_TYPES
from grading.models import Exercise, NoteResult, RangeTest, Recording, ScoreUpload, Transcription
from lessons.models import Quiz, QuizAttempt, ServedQuestion
from studio.audio import AUDIO_PARTS
from tests.conftest import api_client_for
from tests.security.conftest import SECRET, World
from tutor.models import Assignment, Classroom, DataExport, Enrollment, SkillEvidence, User

pytestmark = pytest.mark.django_db


def routes(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    """Every route of the site but the admin's (``test_the_admin_is_for_staff_only`` walks those)."""
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            found += routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if not route.startswith("admin"):
                found.append(route)
    return found


PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")

#: Parameters that hold the victim's (or their teacher's) ids: ``World.ids`` fills them.
ID_PARAMS = frozenset({"recording_id", "note_id", "transcription_id", "test_id", "drill_id", "export_id",
                       "attempt_id", "question_id", "upload_id", "quiz_id", "exercise_id", "assignment_id",
                       "classroom_id", "student_id"})
#: Parameters that hold no id: every value the view serves (a file format, a stem, a lesson), or the victim's
#: in a password reset link. A parameter in neither list fails ``test_every_route_is_walked``.
VALUES: dict[str, Callable[[World], list[str]]] = {
    "fmt": lambda world: sorted(DOWNLOAD_TYPES),
    "part": lambda world: [*AUDIO_PARTS, "1"],
    "slug": lambda world: ["reading-01-the-staff"],
    "index": lambda world: ["0"],
    "uidb64": lambda world: [urlsafe_base64_encode(force_bytes(world.people["victim"].pk))],
    "token": lambda world: ["set-password", "cz5k8e-0123456789abcdef0123456789abcdef"],
}
#: Routes an anonymous visitor may open: the front page, signing up and in, a password reset, the language
#: switch, the API's schema and token. Every other route needs a signed-in person.
PUBLIC = frozenset({
    "", "healthz", "favicon.ico", "jsi18n/", "signup/", "language/", "accounts/login/", "accounts/logout/",
    "accounts/password-reset/", "accounts/password-reset/sent/", "accounts/reset/<uidb64>/<token>/",
    "accounts/reset/done/", "api/auth/token/", "api/schema/", "api/docs/",
})


# What each prober may rightly open among the victim's and the teacher's things (by parameter name).
ALLOWED: dict[str, dict[str, set[str]]] = {
    # The class, its whole-class assignments and what they set are the classmate's too.
    "classmate": {"classroom_id": {"classroom"}, "assignment_id": {"class", "quiz"},
                  "exercise_id": {"assigned"}, "quiz_id": {"assigned"}},
    "removed": {},
    "other_teacher": {},
    "other_student": {},
    "anonymous": {},
}
# Pages and API calls on the class that only its teacher may use, even with the class in the URL.
TEACHER_ONLY = ("gradebook", "review", "drills/", "drill-assignments", "students/<int:student_id>")


def _labels(world: World) -> dict[str, dict[int, str]]:
    """A name for each victim id, to match ``ALLOWED``."""
    ids = world.ids
    return {
        "classroom_id": {ids["classroom_id"][0]: "classroom"},
        "assignment_id": dict(zip(ids["assignment_id"], ("class", "personal", "quiz"), strict=True)),
        "exercise_id": dict(zip(ids["exercise_id"], ("assigned", "private", "drill"), strict=False)),
        "quiz_id": dict(zip(ids["quiz_id"], ("assigned", "private"), strict=True)),
    }


def probes(world: World, prober: str) -> list[str]:
    """Every URL with at least one id the prober may not open."""
    labels = _labels(world)
    allowed = ALLOWED[prober]
    urls: list[str] = []
    for route in routes():
        params = PARAM.findall(route)
        id_params = [name for kind, name in params if name in ID_PARAMS]
        if not id_params:
            continue
        # One URL per victim id of the route's first id parameter; the others take the victim's first.
        lead = id_params[0]
        for object_id in world.ids[lead]:
            chosen = {name: world.ids[name][0] for name in id_params}
            chosen[lead] = object_id
            forbidden = any(
                labels.get(name, {}).get(value, "") not in allowed.get(name, set()) for name, value in chosen.items()
            ) or any(marker in route for marker in TEACHER_ONLY)
            if not forbidden:
                continue
            urls += fill(route, world, chosen)
    return sorted(set(urls))


def fill(route: str, world: World, ids: dict[str, int] | None = None) -> list[str]:
    """``route`` with ``ids`` in its id parameters and every value of ``VALUES`` in the others (one URL each);
    a parameter the walk does not know is an error. The gradebook comes as a page and as a CSV file."""
    params = PARAM.findall(route)
    unknown = [name for _kind, name in params if name not in VALUES and name not in (ids or {})]
    if unknown:
        raise LookupError(f"{route}: the access audit cannot fill {unknown}")
    others = [name for _kind, name in params if name in VALUES]
    urls = []
    for values in product(*(VALUES[name](world) for name in others)):
        chosen = {**{name: str(value) for name, value in (ids or {}).items()}, **dict(zip(others, values, strict=True))}
        url = "/" + PARAM.sub(lambda m, chosen=chosen: chosen[m.group(2)], route)  # type: ignore[misc]
        urls.append(url)
        if route.endswith("/gradebook/"):
            urls.append(url + "?format=csv")
    return urls


def client_for(prober: str, world: World, api: bool) -> Client | APIClient:
    if prober == "anonymous":
        return APIClient() if api else Client()
    user = world.people[prober]
    if api:
        return api_client_for(user)
    client = Client()
    client.force_login(user)
    return client


def snapshot() -> dict[str, object]:
    """What a successful forbidden write would change."""
    return {
        "rows": {model.__name__: model.objects.count() for model in (
            Recording, NoteResult, Transcription, RangeTest, Drill, DataExport, QuizAttempt, ServedQuestion, Quiz,
            Exercise, Assignment, Classroom, Enrollment, ScoreUpload, User, SkillEvidence)},
        "verdicts": sorted(NoteResult.objects.values_list("pk", "pitch", "timing", "reviewed_by")),
        "marks": sorted(Recording.objects.values_list("pk", "teacher_score_percent", "teacher_comment",
                                                      "teacher_marked_by", "teacher_marked_at")),
        # "Your teacher has seen this take" is the class's teacher's to set, by opening it, and nobody else's.
        "seen": sorted(Recording.objects.values_list("pk", "teacher_seen_at", "teacher_mark_seen_at")),
        "answers": sorted(ServedQuestion.objects.values_list("pk", "answer_given", "correct")),
        "attempts": sorted(QuizAttempt.objects.values_list("pk", "submitted_at")),
        "transcriptions": sorted((pk, str(result)) for pk, result in Transcription.objects.values_list("pk", "result")),
        "assignments": sorted(Assignment.objects.values_list("pk", "title", "classroom", "student", "due_at")),
        "classes": sorted(Classroom.objects.values_list("pk", "name", "teacher", "join_code")),
    }


PROBERS = ["classmate", "removed", "other_teacher", "other_student", "anonymous"]


@pytest.mark.parametrize("prober", PROBERS)
def test_nobody_opens_or_changes_what_is_not_theirs(world: World, prober: str) -> None:
    before = snapshot()
    urls = probes(world, prober)
    assert len(urls) > 60, urls
    leaks = []
    for url in urls:
        client = client_for(prober, world, api=url.startswith("/api/"))
        for method in ("get", "post", "put", "patch", "delete"):
            if method not in ("get", "post") and not url.startswith("/api/"):
                continue
            cache.clear()  # a throttle's 429 would hide what the lookup does
            response = getattr(client, method)(url, {}, format="json") if url.startswith("/api/") \
                else getattr(client, method)(url)
            status = response.status_code
            login = status == 302 and "/accounts/login/" in response.get("Location", "")
            refused = status in (401, 403, 404, 405) or login
            if not refused:
                leaks.append(f"{method.upper()} {url} -> {status} {response.get('Location', '')}")
            elif SECRET.encode() in response.content:
                leaks.append(f"{method.upper()} {url} -> {status} names a private thing")
    assert not leaks, "\n".join(leaks)
    assert snapshot() == before


def open_urls(world: World) -> list[tuple[str, str]]:
    """(route, URL) of every URL with no id in it (lists, forms, the curriculum, the public pages), filled from
    ``VALUES``."""
    return sorted({(route, url) for route in routes() if not ID_PARAMS & {name for _k, name in PARAM.findall(route)}
                   for url in fill(route, world)})


def test_every_route_is_walked(world: World) -> None:
    """A view added tomorrow is audited the day it is added: each parameter of each route is one the walk
    fills (the victim's ids, or ``VALUES``), and the public list names only routes that exist."""
    assert set(world.ids) == ID_PARAMS
    unaudited = []
    for route in routes():
        try:
            fill(route, world, {name: 1 for name in ID_PARAMS})
        except LookupError as exc:
            unaudited.append(str(exc))
    assert not unaudited, "add these parameters to the access audit (ID_PARAMS and World.ids, or VALUES):\n" + \
        "\n".join(unaudited)
    assert set(routes()) >= PUBLIC, PUBLIC - set(routes())
    with pytest.raises(LookupError):
        fill("api/metronomes/<int:metronome_id>/", world, {})  # a new kind of id: audited before it passes
    assert len(open_urls(world)) > 40 and len(probes(world, "other_teacher")) > 100


def _refused(response: object, *, allow_405: bool = True) -> bool:
    status = response.status_code  # type: ignore[attr-defined]
    login = status == 302 and "/accounts/login/" in response.get("Location", "")  # type: ignore[attr-defined]
    return login or status in (401, 403, 404) or (allow_405 and status == 405)


def test_an_anonymous_visitor_opens_only_the_public_pages(world: World) -> None:
    """Every route without an id: a visitor who is not signed in is sent to sign in (401/403 on the API) unless
    the route is on the public list, whatever the method; a public one answers without a 500."""
    found = []
    for route, url in open_urls(world):
        api = url.startswith("/api/")
        client = client_for("anonymous", world, api=api)
        for method in ("get", "post", "put", "patch", "delete"):
            if method not in ("get", "post") and not api:
                continue
            cache.clear()
            response = getattr(client, method)(url, {}, format="json") if api else getattr(client, method)(url)
            if response.status_code >= 500:
                found.append(f"{method.upper()} {url} -> {response.status_code}")
            elif route not in PUBLIC and not _refused(response):
                found.append(f"{method.upper()} {url} -> {response.status_code} for an anonymous visitor")
            elif SECRET.encode() in response.content:
                found.append(f"{method.upper()} {url} names a private thing")
    assert not found, "\n".join(found)


# Filters a list might wrongly honour: none may widen what the prober sees.
FILTERS = ["owner", "student", "user", "classroom", "assignment", "exercise", "quiz", "teacher", "all", "include"]


@pytest.mark.parametrize("prober", PROBERS)
def test_lists_and_their_filters_show_a_prober_nothing_private(world: World, prober: str) -> None:
    """Every page and API list with no id in its address (read from the resolver), with filters naming the
    victim or their teacher: nothing private in it, and no 500."""
    victim, teacher = world.people["victim"], world.people["teacher"]
    found = []
    for _route, url in open_urls(world):
        if "/reset/" in url or url.startswith(("/api/schema/", "/api/docs/", "/jsi18n/")):
            continue  # no list, and slow to build: the anonymous walk opens them once
        client = client_for(prober, world, api=url.startswith("/api/"))
        # Each filter alone, and all of them at once naming the victim, their teacher, or everyone.
        queries = [""] + [f"?{name}={victim.pk}" for name in FILTERS] + [
            "?" + "&".join(f"{name}={value}" for name in FILTERS) for value in (victim.pk, teacher.pk, "all")]
        for query in queries:
            response = client.get(url + query)
            if response.status_code >= 500:
                found.append(f"{url}{query} -> {response.status_code}")
            if SECRET.encode() in response.content:
                found.append(f"{url}{query} ({response.status_code})")
    assert not found, "\n".join(found)


def test_the_walk_finds_things_for_their_owner(world: World) -> None:
    """The probes can fail: the victim and the teacher do open the same URLs."""
    opened = []
    for person in ("victim", "teacher"):
        for url in probes(world, "other_student"):
            client = client_for(person, world, api=url.startswith("/api/"))
            if client.get(url).status_code == 200:
                opened.append(url)
    ids = world.ids
    for expected in (f"/takes/{ids['recording_id'][0]}/", f"/takes/{ids['recording_id'][0]}/audio/",
                     f"/drills/{ids['drill_id'][0]}/files/musicxml/", f"/api/drills/{ids['drill_id'][0]}/files/pdf/",
                     f"/exercises/{ids['exercise_id'][1]}/studio/audio/melody/",
                     f"/api/transcriptions/{ids['transcription_id'][0]}/", f"/api/range-tests/{ids['test_id'][0]}/",
                     f"/api/attempts/{ids['attempt_id'][0]}/", f"/classes/{ids['classroom_id'][0]}/gradebook/",
                     f"/api/score-uploads/{ids['upload_id'][0]}/", f"/api/exports/{ids['export_id'][0]}/"):
        assert expected in opened, expected


@pytest.mark.parametrize("prober", PROBERS)
def test_after_the_teacher_leaves_their_things_are_nobodys_to_open(world: World, prober: str) -> None:
    """The teacher deletes their account: the class goes, the exercise and quiz the victim worked on stay,
    ownerless, for the victim alone (and for the removed student, who has a take of the exercise)."""
    teacher = world.people["teacher"]
    token = api_client_for(teacher)
    response = token.post(f"/api/students/{teacher.pk}/delete-data/", {"confirm": True, "delete_account": True},
                          format="json")
    assert response.status_code == 200, response.content
    assert token.get("/api/me/").status_code in (401, 403)  # the token went with the account
    assert not User.objects.filter(pk=teacher.pk).exists()
    shared = Exercise.objects.get(title="Shared exercise")
    assert shared.owner is None and Quiz.objects.get(title="Shared quiz").owner is None
    victim = client_for("victim", world, api=False)
    assert victim.get(f"/takes/{world.ids['recording_id'][0]}/audio/").status_code == 200
    assert victim.get(f"/exercises/{shared.pk}/studio/").status_code == 200
    ALLOWED_AFTER = {"removed": {"exercise_id": {"assigned"}}}
    leaks = []
    for url in probes(world, prober):
        if prober in ALLOWED_AFTER and f"/{shared.pk}/" in url and "exercise" in url:
            continue
        client = client_for(prober, world, api=url.startswith("/api/"))
        for method in ("get", "post"):
            cache.clear()
            response = getattr(client, method)(url)
            login = response.status_code == 302 and "/accounts/login/" in response.get("Location", "")
            if response.status_code not in (401, 403, 404, 405) and not login:
                leaks.append(f"{method.upper()} {url} -> {response.status_code}")
    assert not leaks, "\n".join(leaks)


def test_a_quiz_assignment_page_shows_a_student_only_their_own_results(world: World) -> None:
    """Filtered in the template, the classmates' rows still made the table: no 'no attempts yet' line."""
    from django.utils import timezone

    QuizAttempt.objects.filter(student=world.people["victim"]).update(submitted_at=timezone.now(), score_percent=80)
    quiz_assignment = Assignment.objects.get(title="Quiz")
    page = client_for("classmate", world, api=False).get(f"/assignments/{quiz_assignment.pk}/")
    assert page.status_code == 200
    assert b"No attempts handed in yet." in page.content and b"80" not in page.content.split(b"quiz-results")[-1]
    teacher_page = client_for("teacher", world, api=False).get(f"/assignments/{quiz_assignment.pk}/")
    assert b"sam" in teacher_page.content.split(b"quiz-results")[-1]


def test_stored_files_have_no_address_of_their_own(world: World) -> None:
    """Takes and transcriptions are served only by the views that check who asks (names are random too)."""
    client = client_for("victim", world, api=False)
    for row in [*Recording.objects.all(), *Transcription.objects.all()]:
        for prefix in ("/", "/media/", "/static/"):
            assert client.get(prefix + row.audio.name).status_code == 404, prefix + row.audio.name
        assert re.fullmatch(r"\w+/\d+/[0-9a-f]{24}\.\w+", row.audio.name), row.audio.name


def _victims_own(world: World) -> dict[str, set[int]]:
    """What is the victim's alone, even to their teacher: a take on no assignment (and its notes), their
    transcriptions, range tests, drills (and the drill's exercise) and the exports they asked for."""
    practice_take = Recording.objects.get(owner=world.people["victim"], assignment__isnull=True)
    drill = Drill.objects.get(pk=world.ids["drill_id"][0])
    return {"recording_id": {practice_take.pk},
            "note_id": set(practice_take.notes.values_list("pk", flat=True)),
            "transcription_id": set(world.ids["transcription_id"]), "test_id": set(world.ids["test_id"]),
            "drill_id": {drill.pk}, "export_id": set(world.ids["export_id"]),
            "exercise_id": {drill.exercise_id} if drill.exercise_id else set()}


def test_the_class_teacher_opens_their_students_work_and_not_their_private_things(world: World) -> None:
    """The design gives a class's teacher the work done for the class (takes on its assignments and their
    notes and audio, quiz attempts, the gradebook, the review queue, the student's progress and profile);
    what the student did on their own (practice takes, transcriptions, range tests, drills, exports) stays
    theirs: every URL naming one of those is refused to the teacher, whatever the method."""
    ids = world.ids
    assigned_take = Recording.objects.get(owner=world.people["victim"], assignment__student__isnull=True,
                                          assignment__isnull=False)
    page = client_for("teacher", world, api=False)
    api = client_for("teacher", world, api=True)
    for url in (f"/takes/{assigned_take.pk}/", f"/takes/{assigned_take.pk}/audio/",
                f"/students/{ids['student_id'][0]}/progress/", f"/classes/{ids['classroom_id'][0]}/gradebook/",
                f"/classes/{ids['classroom_id'][0]}/review/", f"/attempts/{ids['attempt_id'][0]}/",
                f"/assignments/{ids['assignment_id'][1]}/", f"/classes/{ids['classroom_id'][0]}/"):
        assert page.get(url).status_code == 200, url
    for url in (f"/api/recordings/{assigned_take.pk}/", f"/api/students/{ids['student_id'][0]}/profile/",
                f"/api/attempts/{ids['attempt_id'][0]}/", f"/api/classrooms/{ids['classroom_id'][0]}/review/",
                f"/api/assignments/{ids['assignment_id'][1]}/"):
        assert api.get(url).status_code == 200, url
    # The class's teacher alone may comment on and score a take made for the class (the probers above are refused).
    assert page.post(f"/takes/{assigned_take.pk}/mark/", {"comment": "Good", "score": "90"}).status_code == 302
    assert api.post(f"/api/recordings/{assigned_take.pk}/mark/", {"score": 91}, format="json").status_code == 200
    victim = client_for("victim", world, api=False)
    assert victim.post(f"/takes/{assigned_take.pk}/mark/", {"score": "100"}).status_code == 403
    assigned_take.refresh_from_db()
    assert (assigned_take.teacher_score_percent, assigned_take.teacher_comment) == (91.0, "Good")
    own = _victims_own(world)
    leaks = []
    for route in routes():
        names = [name for _k, name in PARAM.findall(route) if name in ID_PARAMS]
        for name in names:
            for object_id in own.get(name, ()):
                chosen = {other: ids[other][0] for other in names}
                chosen[name] = object_id
                for url in fill(route, world, chosen):
                    is_api = url.startswith("/api/")
                    for method in ("get", "post", "put", "patch", "delete"):
                        if method not in ("get", "post") and not is_api:
                            continue
                        cache.clear()
                        client = api if is_api else page
                        response = getattr(client, method)(url, {}, format="json") if is_api \
                            else getattr(client, method)(url)
                        if not _refused(response):
                            leaks.append(f"{method.upper()} {url} -> {response.status_code}")
    assert not leaks, "\n".join(leaks)


def test_the_gradebook_and_its_csv_hold_the_class_and_nobody_else(world: World) -> None:
    """Rows for the class's students only, not a student of another class; one removed from this class keeps the
    row of what they handed in here, marked as left (their takes are this teacher's to see, as the assignment's
    page shows them), and is not waited for."""
    from django.utils import timezone

    QuizAttempt.objects.filter(pk=world.ids["attempt_id"][0]).update(submitted_at=timezone.now(), score_percent=64)
    classroom = world.ids["classroom_id"][0]
    page = client_for("teacher", world, api=False)
    csv_text = page.get(f"/classes/{classroom}/gradebook/?format=csv").content.decode("utf-8-sig")
    names = {line.split(",", 1)[0] for line in csv_text.splitlines()[1:]}
    assert {"sam", "clara", "rémi (left the class)"} <= names and not names & {"olga", "rémi", "oscar", "tina"}, csv_text
    assert "71" in csv_text and "64" in csv_text  # the victim's take and quiz score are in the teacher's book
    html = page.get(f"/classes/{classroom}/gradebook/").content.decode()
    assert "olga" not in html and 'rémi <span class="badge left-class">' in html
    for prober in PROBERS:
        response = client_for(prober, world, api=False).get(f"/classes/{classroom}/gradebook/?format=csv")
        assert _refused(response) and b"sam" not in response.content, prober


def test_the_admin_is_for_staff_only(world: World) -> None:
    """Every model's admin pages, with the victim's rows in them, send everyone who is not staff to sign in."""
    from django.contrib import admin

    victim = world.people["victim"]
    for person in ("victim", "teacher", "other_teacher", "other_student", "anonymous"):
        client = client_for(person, world, api=False)
        for model in admin.site._registry:
            opts = model._meta
            row = model._default_manager.filter(pk__in=[victim.pk, *world.ids["recording_id"]]).first()
            urls = [reverse("admin:index"), reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
                    reverse(f"admin:{opts.app_label}_{opts.model_name}_add")]
            if row is not None:
                urls += [reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[row.pk])
                         for view in ("change", "delete", "history")]
            for url in urls:
                for method in ("get", "post"):
                    response = getattr(client, method)(url)
                    assert response.status_code == 302 and "/admin/login/" in response["Location"], (person, url)


TRAVERSALS = ["..", "..%2F..%2Fconfig%2Fsettings.py", "%2e%2e", "..%5c..%5cconfig%5csettings.py",
              "....%2F%2F", "%252e%252e%252fconfig"]


@pytest.mark.parametrize("person", ["victim", "teacher"])
def test_file_addresses_cannot_be_walked_out_of_their_folder(world: World, person: str) -> None:
    """A format, a stem, a lesson or a stored name with ``..`` in it is a 404, for the owner too: files are
    looked up by name in a fixed list, never by the path asked for."""
    drill, exercise = world.ids["drill_id"][0], world.ids["exercise_id"][0]
    take, export = world.ids["recording_id"][0], world.ids["export_id"][0]
    urls = []
    for bad in TRAVERSALS:
        urls += [f"/drills/{drill}/files/{bad}/", f"/api/drills/{drill}/files/{bad}/",
                 f"/exercises/{exercise}/studio/audio/{bad}/", f"/lessons/{bad}/", f"/api/lessons/{bad}/",
                 f"/lessons/{bad}/examples/0/audio/", f"/api/lessons/{bad}/examples/0/audio/",
                 f"/takes/{take}/audio/{bad}/", f"/account/exports/{export}/download/{bad}/",
                 f"/media/{bad}/config/settings.py", f"/static/{bad}/config/settings.py",
                 f"/static/{bad}/{bad}/config/settings.py"]
    for url in urls:
        client = client_for(person, world, api=url.startswith("/api/"))
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
        assert response.status_code in (400, 404), (url, response.status_code)
        assert b"SECRET_KEY" not in body and b"DJANGO_SETTINGS_MODULE" not in body, url


def test_only_the_class_teacher_opening_a_graded_take_marks_it_seen(world: World) -> None:
    """``teacher_seen_at`` tells the student their teacher opened the take: the student opening it (page or
    token), a classmate, another class's teacher or a removed student never set it; the class's teacher does,
    by opening the take's page (the API reads it, to the take's owner and the class's teacher alone)."""
    take = Recording.objects.get(owner=world.people["victim"], assignment__student__isnull=True,
                                 assignment__isnull=False)
    for person in ("victim", "classmate", "removed", "other_teacher", "other_student"):
        client_for(person, world, api=False).get(f"/takes/{take.pk}/")
        client_for(person, world, api=True).get(f"/api/recordings/{take.pk}/")
    client_for("teacher", world, api=True).get(f"/api/recordings/{take.pk}/")
    take.refresh_from_db()
    assert take.teacher_seen_at is None
    assert client_for("victim", world, api=True).get(f"/api/recordings/{take.pk}/").json()["teacher_seen_at"] is None

    assert client_for("teacher", world, api=False).get(f"/takes/{take.pk}/").status_code == 200
    take.refresh_from_db()
    assert take.teacher_seen_at is not None
    assert client_for("victim", world, api=True).get(f"/api/recordings/{take.pk}/").json()["teacher_seen_at"]
    for person in ("classmate", "removed", "other_teacher", "other_student"):
        response = client_for(person, world, api=True).get(f"/api/recordings/{take.pk}/")
        assert response.status_code == 404 and b"teacher_seen_at" not in response.content, person
