"""Forms for the people and classes pages (they work without JavaScript)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from tutor.models import User


class SignupForm(UserCreationForm):
    role = forms.ChoiceField(choices=User.Role.choices, widget=forms.RadioSelect, initial=User.Role.STUDENT,
                             label=_("Role"))
    email = forms.EmailField(required=False, label=_("Email"), help_text=_("Needed only to reset a forgotten password."))

    class Meta(UserCreationForm.Meta):  # type: ignore[name-defined]
        model = User
        fields = ("username", "email", "role")


class ClassroomForm(forms.Form):
    name = forms.CharField(max_length=120, label=_("Class name"))


class JoinForm(forms.Form):
    code = forms.CharField(max_length=32, label=_("Join code"), help_text=_("Your teacher gives you this code."))




class PreferencesForm(forms.ModelForm):
    """How the site speaks to a person and how it writes music for them."""

    class Meta:
        model = User
        fields = ("language", "notation", "note_names")
        labels = {"language": _("Language"), "notation": _("Notation"), "note_names": _("Notes in feedback")}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["language"].choices = [("", _("Follow the browser")), *settings.LANGUAGES]  # type: ignore[attr-defined]


class LanguageSwitchForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField(required=False)
