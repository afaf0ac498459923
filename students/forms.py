"""Forms for the class, assignment and data pages (they work without JavaScript)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from grading.models import Exercise
from tutor.models import Classroom, User


class AssignmentSettingsForm(forms.Form):
    """What every assignment sets: when it is due, how many takes, and how strictly they are graded.

    Declared once for the exercise and drill forms; each subclass puts these fields after its own
    (Django lists a base class's fields first).
    """

    due_at = forms.DateTimeField(
        required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), label=_("Due")
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


class AssignmentForm(AssignmentSettingsForm):
    title = forms.CharField(max_length=200, required=False, label=_("Title"), help_text=_("Empty: the exercise's title."))
    target: forms.ModelChoiceField[Any] = forms.ModelChoiceField(queryset=None, label=_("Exercise"))
    student: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, required=False, empty_label=_("The whole class"), label=_("Student")
    )
    instructions = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Instructions"))
    field_order = ("title", "target", "student", "instructions", *AssignmentSettingsForm.SETTINGS_FIELDS)

    def __init__(self, *args: Any, classroom: Classroom, teacher: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = Exercise.objects.visible_to(teacher).filter(  # type: ignore[attr-defined]
            parent__isnull=True)  # a part is practised from its piece, not assigned alone
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
