"""Forms for exercises and recordings; the checks themselves live in grading.services."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from grading.models import TEACHER_COMMENT_MAX_CHARS
from grading.services import UPLOAD_KEY_PATTERN


class ExerciseForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Title"))
    score = forms.FileField(label=_("Score file"), help_text=_("MusicXML (.musicxml, .xml, .mxl) or MIDI (.mid)"))
    tempo = forms.FloatField(required=False, min_value=20, max_value=400, label=_("Tempo"), help_text=_("Empty: the score's tempo."))


#: What a take's file picker offers: audio, and the videos phones film (their sound is graded).
TAKE_ACCEPT = "audio/*,video/mp4,video/quicktime,video/webm,.webm,.m4a,.mp4,.mov,.opus,.3gp,.amr"


class TakeForm(forms.Form):
    audio = forms.FileField(
        label=_("Your recording"),
        help_text=_("WAV, FLAC, Ogg/Opus, WebM, MP3 or M4A (a phone memo works), up to 10 minutes."),
        widget=forms.ClearableFileInput(attrs={"accept": TAKE_ACCEPT}),
    )
    # One per rendered form: a double click, or the browser sending the form again, is one take.
    upload_key = forms.RegexField(UPLOAD_KEY_PATTERN, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("upload_key", uuid.uuid4().hex)


class RangeTestForm(forms.Form):
    audio = forms.FileField(
        label=_("Your range test"),
        help_text=_("Sing from your lowest comfortable note to your highest, holding each for about a second."),
        widget=forms.ClearableFileInput(attrs={"accept": "audio/*,.webm,.m4a,.opus,.3gp,.amr"}),
    )


class TakeMarkForm(forms.Form):
    """The class's teacher's comment and score on a take (``grading.review.recording_mark`` checks the rest)."""

    comment = forms.CharField(
        required=False, max_length=TEACHER_COMMENT_MAX_CHARS, label=_("Comment to the student"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    score = forms.FloatField(
        required=False, min_value=0, max_value=100, label=_("Your score for this take (0–100)"),
        help_text=_("Empty: the grader's score counts. Yours, when set, is the one the gradebook counts."),
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
    )
