"""A teacher sees generated drills before assigning them, makes any of them again, and a personalised set
reads as one gradebook column."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from generation.models import Drill
from grading.models import Exercise
from students.gradebook import gradebook_for
from tests.conftest import logged_in, make_exercise
from tutor.models import Assignment, Classroom, Enrollment, User

pytestmark = pytest.mark.django_db

SETTINGS = {"title": "Weak spots", "attempts_allowed": "3", "tolerance_cents": "25", "wrong_cents": "50",
            "tolerance_ms": "100", "key": "G", "drill_mode": "major", "level": "2"}



def previewed(page: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'name="drills" value="(\d+)"', page)]


@pytest.fixture
def two_students(classroom: Classroom, other_student: User) -> Classroom:
    Enrollment.objects.create(classroom=classroom, student=other_student)
    return classroom


def test_it_previews_one_drill_per_student_and_assigns_nothing_yet(
    teacher: User, student: User, other_student: User, two_students: Classroom
) -> None:
    page = logged_in(teacher).post(f"/classes/{two_students.pk}/drills/", {**SETTINGS, "mode": "personalised"})
    assert page.status_code == 200
    html = page.content.decode()
    ids = previewed(html)
    assert len(ids) == 2
    assert {d.student_id for d in Drill.objects.filter(pk__in=ids)} == {student.pk, other_student.pk}
    assert html.count("data-notation-url") == 2 and "Make this one again" in html
    assert not Assignment.objects.exists()
    # Each drill's title, then what it aims at on its own line ("…at the right level.; Melody in C" ran on).
    assert ".;" not in html and html.count('<br><span class="help">No weak spots yet: a drill at the right level.') == 2


def test_it_makes_one_drill_again_and_drops_the_one_it_replaces(teacher: User, two_students: Classroom) -> None:
    client = logged_in(teacher)
    first = previewed(client.post(f"/classes/{two_students.pk}/drills/", {**SETTINGS, "mode": "personalised"})
                      .content.decode())
    again = client.post(f"/classes/{two_students.pk}/drills/",
                        {**SETTINGS, "mode": "personalised", "drills": first, "action": f"regenerate:{first[0]}"})
    second = previewed(again.content.decode())
    assert second[1] == first[1] and second[0] not in first
    assert not Drill.objects.filter(pk=first[0]).exists()
    students = [Drill.objects.get(pk=pk).student_id for pk in second]
    assert len(set(students)) == 2  # the new drill is for the same student the old one was


def test_a_personalised_set_is_one_gradebook_column(teacher: User, two_students: Classroom) -> None:
    client = logged_in(teacher)
    ids = previewed(client.post(f"/classes/{two_students.pk}/drills/", {**SETTINGS, "mode": "personalised"})
                    .content.decode())
    done = client.post(f"/classes/{two_students.pk}/drills/",
                       {**SETTINGS, "mode": "personalised", "drills": ids, "action": "assign"})
    assert done.status_code == 302
    made = list(Assignment.objects.filter(classroom=two_students))
    assert len(made) == 2 and len({a.group for a in made}) == 1 and made[0].group is not None
    assert {a.student_id for a in made} == {d.student_id for d in Drill.objects.filter(pk__in=ids)}
    assert all(a.title == "Weak spots" and a.attempts_allowed == 3 for a in made)
    book = gradebook_for(two_students)
    assert len(book.columns) == 1
    assert all(cell.assigned for _, cells in book.rows() for cell in cells)
    page = client.get(f"/classes/{two_students.pk}/gradebook/").content.decode()
    assert page.count('data-column="Weak spots"') == 1


def test_a_class_drill_is_previewed_then_assigned_to_everyone(teacher: User, two_students: Classroom) -> None:
    client = logged_in(teacher)
    ids = previewed(client.post(f"/classes/{two_students.pk}/drills/", {**SETTINGS, "mode": "class"}).content.decode())
    assert len(ids) == 1 and Drill.objects.get(pk=ids[0]).params["key"] == "G"
    client.post(f"/classes/{two_students.pk}/drills/", {**SETTINGS, "mode": "class", "drills": ids, "action": "assign"})
    (assignment,) = Assignment.objects.all()
    assert assignment.student is None and assignment.group is None


def test_another_teacher_cannot_assign_or_remake_someone_elses_drills(
    teacher: User, other_teacher: User, two_students: Classroom, other_classroom: Classroom
) -> None:
    ids = previewed(logged_in(teacher).post(f"/classes/{two_students.pk}/drills/",
                                            {**SETTINGS, "mode": "personalised"}).content.decode())
    other = logged_in(other_teacher)
    for action in ("assign", f"regenerate:{ids[0]}"):
        response = other.post(f"/classes/{other_classroom.pk}/drills/",
                              {**SETTINGS, "mode": "personalised", "drills": ids, "action": action})
        assert response.status_code == 302
    assert not Assignment.objects.exists() and Drill.objects.filter(pk__in=ids).count() == 2
    assert Exercise.objects.filter(owner=other_teacher).count() == 0
    bad = other.post(f"/classes/{other_classroom.pk}/drills/",
                     {**SETTINGS, "mode": "personalised", "drills": ["x"], "action": "assign"})
    assert bad.status_code == 302


def test_the_class_page_and_the_dashboard_list_a_personalised_set_once(
    teacher: User, student: User, two_students: Classroom, exercise: Exercise
) -> None:
    from tests.conftest import make_assignment

    client = logged_in(teacher)
    ids = previewed(client.post(f"/classes/{two_students.pk}/drills/", {**SETTINGS, "mode": "personalised"})
                    .content.decode())
    client.post(f"/classes/{two_students.pk}/drills/",
                {**SETTINGS, "mode": "personalised", "drills": ids, "action": "assign"})
    make_assignment(two_students, exercise)
    assert Assignment.objects.filter(classroom=two_students).count() == 3
    for url in (f"/classes/{two_students.pk}/", "/dashboard/"):
        html = client.get(url).content.decode()
        assert html.count("<tr data-assignment=") == 2, url  # the set, and the exercise for the whole class
        assert html.count(">Weak spots</a>") == 1 and "for each of 2 students" in html
    # The student still sees the one drill made for them, linked to its own page.
    mine = Assignment.objects.get(classroom=two_students, student=student)
    html = logged_in(student).get("/dashboard/").content.decode()
    assert f'href="/assignments/{mine.pk}/">Weak spots</a>' in html and html.count("<tr data-assignment=") == 2


def test_the_class_page_gives_each_form_its_own_ids_and_every_label_a_control(
    teacher: User, two_students: Classroom
) -> None:
    html = logged_in(teacher).get(f"/classes/{two_students.pk}/").content.decode()
    ids = re.findall(r'\sid="([^"]+)"', html)
    # The assignment form and the drill form both have a title, tolerances and "Free tempo": with one id
    # between them, tapping a label in the drill form worked the other form's field.
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert 'id="id_drill_free_tempo"' in html and 'id="id_free_tempo"' in html
    assert set(re.findall(r'<label for="([^"]*)"', html)) <= set(ids)
    # The choice between a drill per student and one for the class is a named group.
    assert re.search(r'<fieldset class="field choice-group">\s*<legend>Drills</legend>', html)


def test_a_class_drill_made_on_a_chinese_page_has_a_chinese_title(teacher: User, two_students: Classroom) -> None:
    page = logged_in(teacher).post(f"/classes/{two_students.pk}/drills/", {**SETTINGS, "mode": "class"},
                                   HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    drill = Drill.objects.get(pk__in=previewed(page))
    # It was "Melody in G major, 8 bars (level 2)" on the Chinese page, the gradebook and each student's list.
    assert drill.exercise is not None and drill.exercise.title.startswith("G大调旋律")
    assert drill.exercise.title in page


def test_a_drill_assigned_without_a_title_reads_in_each_readers_language(
    teacher: User, student: User, two_students: Classroom
) -> None:
    client = logged_in(teacher)
    untitled = {**SETTINGS, "title": "", "mode": "class"}
    ids = previewed(client.post(f"/classes/{two_students.pk}/drills/", untitled).content.decode())
    client.post(f"/classes/{two_students.pk}/drills/", {**untitled, "drills": ids, "action": "assign"})
    (assignment,) = Assignment.objects.all()
    # Made on the teacher's English page, and kept so: the tutor made it, so each reader gets it in their language.
    assert (assignment.title, assignment.title_made) == ("Melody in G major, 8 bars (level 2)", True)
    html = logged_in(student).get("/dashboard/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "G大调旋律，8小节（等级 2）" in html and "Melody in G major" not in html
    detail = logged_in(student).get(f"/assignments/{assignment.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "<h1>G大调旋律，8小节（等级 2）</h1>" in detail
    studio = logged_in(student).get(f"/assignments/{assignment.pk}/studio/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "<h1>G大调旋律，8小节（等级 2）</h1>" in studio.content.decode()
    assert "Melody in G major, 8 bars (level 2)" in client.get("/dashboard/").content.decode()


def test_a_title_the_teacher_typed_is_never_rewritten(teacher: User, student: User, two_students: Classroom) -> None:
    client = logged_in(teacher)
    typed = {**SETTINGS, "title": "Melody in G major, 8 bars (level 2)", "mode": "class"}
    ids = previewed(client.post(f"/classes/{two_students.pk}/drills/", typed).content.decode())
    client.post(f"/classes/{two_students.pk}/drills/", {**typed, "drills": ids, "action": "assign"})
    (assignment,) = Assignment.objects.all()
    assert not assignment.title_made
    html = logged_in(student).get("/dashboard/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "Melody in G major, 8 bars (level 2)" in html


def test_an_untitled_personalised_set_is_your_weak_spots_in_each_readers_language(
    teacher: User, student: User, two_students: Classroom
) -> None:
    client = logged_in(teacher)
    untitled = {**SETTINGS, "title": "", "mode": "personalised"}
    ids = previewed(client.post(f"/classes/{two_students.pk}/drills/", untitled).content.decode())
    client.post(f"/classes/{two_students.pk}/drills/", {**untitled, "drills": ids, "action": "assign"})
    mine = Assignment.objects.get(classroom=two_students, student=student)
    assert (mine.title, mine.title_made) == ("Your weak spots", True)
    html = logged_in(student).get("/dashboard/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert f'href="/assignments/{mine.pk}/">你的薄弱点</a>' in html


def _menu(client: Client, classroom: Classroom) -> list[tuple[int, str]]:
    html = client.get(f"/classes/{classroom.pk}/").content.decode()
    select = html[html.index('name="target"'):]
    select = select[:select.index("</select>")]
    return [(int(pk), label) for pk, label in re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', select)]


def test_the_exercise_menu_leaves_out_previews_never_assigned_and_names_each_entry(
    teacher: User, two_students: Classroom
) -> None:
    """Three previews of a G major class drill were three menu entries of one title: a preview shows once it is
    assigned; every entry says what it is, when it was made and whether it was ever assigned, newest first."""
    own_score = make_exercise(teacher, "Scales")  # never assigned
    client = logged_in(teacher)
    class_drill = {**SETTINGS, "mode": "class"}
    for _ in range(2):  # looked at, then left
        client.post(f"/classes/{two_students.pk}/drills/", class_drill)
    kept = previewed(client.post(f"/classes/{two_students.pk}/drills/", class_drill).content.decode())
    client.post(f"/classes/{two_students.pk}/drills/", {**class_drill, "drills": kept, "action": "assign"})
    client.post(f"/classes/{two_students.pk}/drills/", {**SETTINGS, "mode": "personalised"})  # one per student
    menu = _menu(client, two_students)
    assigned_drill = Drill.objects.get(pk=kept[0]).exercise
    assert [pk for pk, _ in menu] == [assigned_drill.pk, own_score.pk]  # newest first
    assert Drill.objects.filter(previewed=True).count() == 3 and Drill.objects.filter(student__isnull=False).count() == 2
    drill_label, score_label = (label for _, label in menu)
    assert drill_label.startswith("Melody in G major") and "drill made" in drill_label
    assert "not assigned yet" not in drill_label
    assert "added" in score_label and score_label.endswith("not assigned yet")


def test_a_preview_left_out_of_the_menu_cannot_be_assigned_from_it(teacher: User, two_students: Classroom) -> None:
    client = logged_in(teacher)
    left = previewed(client.post(f"/classes/{two_students.pk}/drills/", {**SETTINGS, "mode": "class"}).content.decode())
    exercise = Drill.objects.get(pk=left[0]).exercise
    response = client.post(f"/classes/{two_students.pk}/", {"target": exercise.pk, "tolerance_cents": 25,
                                                            "wrong_cents": 50, "tolerance_ms": 100})
    assert response.status_code == 200 and not Assignment.objects.exists()
    assert "Select a valid choice" in response.content.decode()


def test_a_drill_asked_for_on_the_drills_page_is_offered_before_it_is_assigned(teacher: User, classroom: Classroom) -> None:
    from generation.services import drill_create

    drill = drill_create(owner=teacher, request_text="eight bars in D major")
    assert drill.exercise is not None
    menu = dict(_menu(logged_in(teacher), classroom))
    assert drill.exercise.pk in menu and menu[drill.exercise.pk].endswith("not assigned yet")
