"""Forms for exercises and recordings; the checks themselves live in grading.services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ExerciseForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Title"))
    score = forms.FileField(label=_("Score file"), help_text=_("MusicXML (.musicxml, .xml, .mxl) or MIDI (.mid)"))
    tempo = forms.FloatField(required=False, min_value=20, max_value=400, label=_("Tempo"), help_text=_("Empty: the score's tempo."))


class TakeForm(forms.Form):
    audio = forms.FileField(
        label=_("Your recording"),
        help_text=_("WAV, FLAC, Ogg/Opus, WebM, MP3 or M4A (a phone memo works), up to 10 minutes."),
        widget=forms.ClearableFileInput(attrs={"accept": "audio/*,.webm,.m4a,.opus,.3gp,.amr"}),
    )


class RangeTestForm(forms.Form):
    audio = forms.FileField(
        label=_("Your range test"),
        help_text=_("Sing from your lowest comfortable note to your highest, holding each for about a second."),
        widget=forms.ClearableFileInput(attrs={"accept": "audio/*,.webm,.m4a,.opus,.3gp,.amr"}),
    )
