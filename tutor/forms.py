"""Forms for the people and classes pages (they work without JavaScript)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import UserCreationForm

from tutor.models import User


class SignupForm(UserCreationForm):
    role = forms.ChoiceField(choices=User.Role.choices, widget=forms.RadioSelect, initial=User.Role.STUDENT)
    email = forms.EmailField(required=False, help_text="Needed only to reset a forgotten password.")

    class Meta(UserCreationForm.Meta):  # type: ignore[name-defined]
        model = User
        fields = ("username", "email", "role")


class ClassroomForm(forms.Form):
    name = forms.CharField(max_length=120, label="Class name")


class JoinForm(forms.Form):
    code = forms.CharField(max_length=32, label="Join code", help_text="Your teacher gives you this code.")


