"""Forms for the quiz builder and for assigning lessons and quizzes (they work without JavaScript)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from lessons.curriculum import UNITS
from lessons.models import Quiz
from lessons.questions import catalogue
from tutor.models import Classroom, User, validate_due_date

#: Options whose code is no English word ("note_name", "hdim7"), as an English-reading teacher reads them; the
#: catalogue says every option in Chinese (context "quiz option"). The builder offered "choice" and "note_name".
OPTION_WORDS = {
    "choice": "multiple choice", "note_name": "type the note name", "staff_click": "click on the staff",
    "keyboard_click": "click on the keyboard", "voices": "type the four voices", "beat_unit": "beat unit",
    "quality_inversion": "quality and inversion", "maj": "major triad", "min": "minor triad",
    "aug": "augmented triad", "dim": "diminished triad", "maj7": "major seventh", "min7": "minor seventh",
    "dom7": "dominant seventh", "hdim7": "half-diminished seventh", "dim7": "diminished seventh",
    "single": "single sharps and flats", "double": "double sharps and flats too",
    "auto": "by the student's language", "western": "Western (simple, compound)",
    "chinese": "Chinese textbooks (基本乐理)",
}


def _option_label(option: object) -> str:
    """An option as the teacher reads it: words in the reader's language; notes, keys and numbers as written."""
    said = pgettext("quiz option", str(option))
    if said != str(option):
        return said
    if isinstance(option, str) and option in OPTION_WORDS:
        return OPTION_WORDS[option]
    # "harmonic-minor", "perfect-authentic": words joined for the code; notes, keys and meters have no hyphen.
    return str(option).replace("-", " ") if isinstance(option, str) and option[:1].islower() else str(option)


def _param_label(name: str) -> str:
    return gettext(name.replace("_", " ").capitalize())


def params_words(params: dict[str, Any]) -> list[str]:
    """A quiz item's parameters as the builder labelled them ("Clefs: alto, tenor"; the quiz page printed
    "clefs: ['alto', 'tenor']")."""
    out = []
    for name, value in params.items():
        if isinstance(value, bool):
            said = gettext("yes") if value else gettext("no")
        elif isinstance(value, list | tuple):
            said = gettext(", ").join(_option_label(v) for v in value)
        else:
            said = _option_label(value)
        out.append(f"{_param_label(name)}{pgettext('between a label and its value', ': ')}{said}")
    return out


def _field_for(param: dict[str, Any]) -> forms.Field:
    """A form field for one generator parameter of ``catalogue()``, in the reader's language (the
    catalogue writes English; values stay as the generators take them)."""
    label = _param_label(param["name"])
    help_text = gettext(param["help"])
    if param["type"] == "choice":
        return forms.TypedChoiceField(
            choices=[(str(o), _option_label(o)) for o in param["options"]], initial=str(param["default"]), label=label,
            help_text=help_text, coerce=_coerce_to(param["options"]), required=False, empty_value=None,
        )
    if param["type"] == "multi":
        return forms.TypedMultipleChoiceField(
            choices=[(str(o), _option_label(o)) for o in param["options"]], initial=[str(o) for o in param["default"]],
            widget=forms.CheckboxSelectMultiple, required=False, label=label, help_text=help_text,
            coerce=_coerce_to(param["options"]),
        )
    if param["type"] == "int":
        return forms.IntegerField(min_value=param["minimum"], max_value=param["maximum"], initial=param["default"],
                                  required=False, label=label, help_text=help_text)
    return forms.BooleanField(required=False, initial=param["default"], label=label, help_text=help_text)


def _coerce_to(options: list[Any]) -> Any:
    by_text = {str(o): o for o in options}
    return lambda text: by_text.get(text, text)


class QuizBuilderForm(forms.Form):
    """A quiz from the question types: how many of each, with their parameters.

    Only parameters changed from their defaults are stored, so a difficulty setting still
    moves the others (the generators widen their defaults with difficulty).
    """

    title = forms.CharField(max_length=200, label=_("Title"))
    mode = forms.ChoiceField(choices=Quiz.Mode.choices, initial=Quiz.Mode.PRACTICE, widget=forms.RadioSelect,
                             label=_("Quiz mode"))
    time_limit_minutes = forms.IntegerField(required=False, min_value=1, max_value=240, label=_("Time limit (minutes)"),
                                            help_text=_("Tests only. Empty: untimed."))
    attempts_allowed = forms.IntegerField(required=False, min_value=1, max_value=100, label=_("Attempts allowed"),
                                          help_text=_("Tests only. Empty: unlimited."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Titles and descriptions in the reader's language (the catalogue writes them in English).
        self.types = [{**schema, "title": gettext(schema["title"]), "description": gettext(schema["description"])}
                      for schema in catalogue()]
        for schema in self.types:
            kind = schema["kind"]
            self.fields[f"{kind}__count"] = forms.IntegerField(
                min_value=0, max_value=50, initial=0, required=False, label=_("Questions")
            )
            for param in schema["params"]:
                self.fields[f"{kind}__{param['name']}"] = _field_for(param)

    def groups(self) -> list[dict[str, Any]]:
        """Per question type: its schema, its count field and its parameter fields, for the template."""
        return [
            {"schema": schema, "count": self[f"{schema['kind']}__count"],
             "params": [self[f"{schema['kind']}__{p['name']}"] for p in schema["params"]]}
            for schema in self.types
        ]

    def general_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("title", "mode", "time_limit_minutes", "attempts_allowed")]

    def items(self) -> list[dict[str, Any]]:
        """The chosen types as quiz items (``{"kind", "params", "count"}``), after ``is_valid()``."""
        out = []
        for schema in self.types:
            kind = schema["kind"]
            count = self.cleaned_data.get(f"{kind}__count") or 0
            if not count:
                continue
            params = {}
            for p in schema["params"]:
                value = self.cleaned_data.get(f"{kind}__{p['name']}")
                default = p["default"]
                if p["type"] == "multi":
                    value = list(value or [])
                    if not value or sorted(map(str, value)) == sorted(map(str, default)):
                        continue
                elif value == default or value is None:
                    continue
                params[p["name"]] = value
            out.append({"kind": kind, "params": params, "count": count})
        return out

    def time_limit_seconds(self) -> int | None:
        minutes = self.cleaned_data.get("time_limit_minutes")
        return minutes * 60 if minutes else None


class AssignForm(forms.Form):
    """Assign a lesson or a quiz to one of the teacher's classes."""

    classroom: forms.ModelChoiceField[Any] = forms.ModelChoiceField(queryset=None, label=_("Class"))
    title = forms.CharField(max_length=200, required=False, label=_("Title"),
                            help_text=_("Empty: the lesson's or quiz's title."))
    instructions = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Instructions"))
    due_at = forms.DateTimeField(
        required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), label=_("Due"),
        validators=[validate_due_date],
    )
    attempts_allowed = forms.IntegerField(required=False, min_value=1, max_value=100, label=_("Attempts allowed"),
                                          help_text=_("Empty: the quiz's own limit."))

    def __init__(self, *args: Any, teacher: User, with_attempts: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["classroom"].queryset = Classroom.objects.visible_to(teacher)  # type: ignore[attr-defined]
        if not with_attempts:
            del self.fields["attempts_allowed"]


#: The curriculum's units (``curriculum.UNITS``, Django-free) in the reader's language.
UNIT_TITLES = {
    "reading": _("Reading music"), "rhythm": _("Rhythm and meter"), "scales": _("Scales"),
    "keys": _("Key signatures"), "intervals": _("Intervals"), "triads": _("Triads"),
    "sevenths": _("Seventh chords"), "harmony": _("Harmony"), "ear": _("Ear training"),
}


class PracticeForm(forms.Form):
    """Start adaptive practice, on everything, on one unit's question types or on one lesson's."""

    unit = forms.ChoiceField(required=False, label=_("Focus"))
    # From a lesson's page: its own question types (the unit's reached lessons not read yet: a key signature
    # question after "The staff").
    lesson = forms.SlugField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [  # type: ignore[attr-defined]
            ("", gettext("Everything, weakest first")),
            *((slug, UNIT_TITLES.get(slug, title)) for slug, title in UNITS.items()),
        ]
