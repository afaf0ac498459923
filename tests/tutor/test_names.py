"""A name someone types (a class, an assignment, an exercise, a quiz) cannot turn the text around it backwards."""

from __future__ import annotations

import pytest

from tests.conftest import logged_in
from tutor.models import Classroom, User
from tutor.names import plain_name

RLO, PDF, RLI, PDI, RLM = "\u202e", "\u202c", "\u2067", "\u2069", "\u200f"


def test_plain_name_takes_out_every_bidi_control_and_keeps_right_to_left_letters() -> None:
    assert plain_name(f" Choir {RLO}A ssalc{PDF} ") == "Choir A ssalc"
    assert plain_name(f"{RLI}x{PDI}{RLM}\u200e\u061c\u202a\u202b\u202d\u2066\u2068") == "x"
    assert plain_name("מקהלה 3") == "מקהלה 3"  # Hebrew letters keep their own direction


@pytest.mark.django_db
def test_a_class_created_with_an_override_shows_no_control_characters(teacher: User, student: User) -> None:
    page = logged_in(teacher).post("/classes/", {"name": f"Demo{RLO}1 ssalc"})
    assert page.status_code in (200, 302)
    classroom = Classroom.objects.get(teacher=teacher)
    assert classroom.name == "Demo1 ssalc"
    html = logged_in(teacher).get(f"/classes/{classroom.pk}/").content.decode()
    assert RLO not in html
