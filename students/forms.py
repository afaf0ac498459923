"""Forms for the class, assignment and data pages (they work without JavaScript)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from generation.models import Drill
from grading.models import Exercise
from tutor.models import Assignment, Classroom, User, validate_due_date


class AssignmentSettingsForm(forms.Form):
    """What every assignment sets: when it is due, how many takes, and how strictly they are graded.

    Declared once for the exercise and drill forms; each subclass puts these fields after its own
    (Django lists a base class's fields first).
    """

    due_at = forms.DateTimeField(
        required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), label=_("Due"),
        validators=[validate_due_date],
    )
    attempts_allowed = forms.IntegerField(required=False, min_value=1, max_value=100, label=_("Attempts allowed"),
                                          help_text=_("Empty: unlimited."))
    tolerance_cents = forms.IntegerField(initial=25, min_value=1, max_value=100, label=_("In tune within (cents)"))
    wrong_cents = forms.IntegerField(initial=50, min_value=2, max_value=200, label=_("Wrong note from (cents)"))
    tolerance_ms = forms.IntegerField(initial=100, min_value=10, max_value=2000, label=_("On time within (ms)"))
    free_tempo = forms.BooleanField(required=False, label=_("Free tempo"), help_text=_("Grade pitch and order only."))
    any_key = forms.BooleanField(required=False, label=_("Any key"), help_text=_("Accept any starting pitch; grade relative pitch."))

    SETTINGS_FIELDS = ("due_at", "attempts_allowed", "tolerance_cents", "wrong_cents", "tolerance_ms", "free_tempo",
                       "any_key")


def assignable_exercises(teacher: User) -> QuerySet[Exercise]:
    """What a teacher's exercise menu offers, newest first: their scores, melodies and drills, each marked
    ``is_drill`` and ``assigned`` (to any of their classes).

    Left out: a part (practised from its piece), a drill made from one student's weak spots (the
    personalised-drill form makes a fresh one from the profile as it is now), and a class drill previewed on
    a class page but never assigned (the teacher looked at it and moved on; three of them were three entries
    of the same title).
    """
    exercise_type = ContentType.objects.get_for_model(Exercise)
    assigned = Assignment.objects.filter(target_type=exercise_type, target_id=OuterRef("pk"))
    return (Exercise.objects.visible_to(teacher).filter(parent__isnull=True, drill__student__isnull=True)
            .annotate(assigned=Exists(assigned), is_drill=Exists(Drill.objects.filter(exercise=OuterRef("pk"))))
            .exclude(drill__previewed=True, assigned=False)
            .order_by("-created_at"))


class ExerciseChoiceField(forms.ModelChoiceField):
    """Each exercise named so that two of one title differ: what it is, when it was made, whether assigned."""

    def label_from_instance(self, obj: Exercise) -> str:
        made = date_format(timezone.localtime(obj.created_at), gettext("D j M, H:i"))
        values = {"title": obj.title_shown, "made": made}
        if getattr(obj, "is_drill", False):
            text = gettext("%(title)s — drill made %(made)s") % values
        else:
            text = gettext("%(title)s — added %(made)s") % values
        if not getattr(obj, "assigned", False):
            text = gettext("%(exercise)s · not assigned yet") % {"exercise": text}
        return text


class AssignmentForm(AssignmentSettingsForm):
    title = forms.CharField(max_length=200, required=False, label=_("Title"), help_text=_("Empty: the exercise's title."))
    target: forms.ModelChoiceField[Any] = ExerciseChoiceField(
        queryset=None, label=_("Exercise"), help_text=_("Newest first. A drill previewed here but not assigned is not "
                                                        "listed; personalised drills are made fresh below."))
    student: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, required=False, empty_label=_("The whole class"), label=_("Student")
    )
    instructions = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Instructions"))
    field_order = ("title", "target", "student", "instructions", *AssignmentSettingsForm.SETTINGS_FIELDS)

    def __init__(self, *args: Any, classroom: Classroom, teacher: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = assignable_exercises(teacher)  # type: ignore[attr-defined]
        self.fields["student"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            enrollments__classroom=classroom
        )


class DrillAssignmentForm(AssignmentSettingsForm):
    """Assign generated drills: one for the class, or one per student from their profile."""

    MODES = (("personalised", _("A personalised drill per student (from each one's weak spots)")),
             ("class", _("One drill for the whole class")))

    mode = forms.ChoiceField(choices=MODES, widget=forms.RadioSelect, initial="personalised", label=_("Drills"))
    title = forms.CharField(max_length=200, required=False, label=_("Title"))
    key = forms.CharField(max_length=4, initial="C", label=_("Key"), help_text=_("Class drill: the key (G, Eb, F#)."))
    drill_mode = forms.ChoiceField(choices=[("major", _("major")), ("minor", _("minor"))], initial="major", label=_("Mode"))
    level = forms.IntegerField(min_value=1, max_value=6, initial=2, label=_("Level"), help_text=_("Class drill: level 1 to 6."))
    field_order = ("mode", "title", "key", "drill_mode", "level", *AssignmentSettingsForm.SETTINGS_FIELDS)

    #: What makes the drills; the preview carries these unchanged and lets the teacher edit the rest.
    GENERATION_FIELDS = ("mode", "key", "drill_mode", "level")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The class page holds the plain assignment form too, with fields of the same names: ids of its
        # own, or tapping "Free tempo" here ticked the other form's box and "Title" focused its field.
        kwargs.setdefault("auto_id", "id_drill_%s")
        super().__init__(*args, **kwargs)

    def generation_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.GENERATION_FIELDS]

    def setting_fields(self) -> list[forms.BoundField]:
        return [field for field in self if field.name not in self.GENERATION_FIELDS]


class DeleteDataForm(forms.Form):
    confirm = forms.BooleanField(
        required=True, label=_("I understand: what is listed above is deleted for good.")
    )
    delete_account = forms.BooleanField(required=False, label=_("Delete the account too"))

    def __init__(self, *args: Any, own_account: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not own_account:
            # Only the student (or an administrator) may delete the account: a teacher is not offered it (a
            # teacher's request that asks for it anyway is refused whole, by the service).
            del self.fields["delete_account"]
