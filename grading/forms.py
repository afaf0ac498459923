"""Forms for exercises and recordings."""

from __future__ import annotations

from django import forms

SCORE_SUFFIXES = (".musicxml", ".xml", ".mxl", ".mid", ".midi")
MAX_SCORE_BYTES = 5 * 1024 * 1024


class ExerciseForm(forms.Form):
    title = forms.CharField(max_length=200)
    score = forms.FileField(help_text="MusicXML (.musicxml, .xml, .mxl) or MIDI (.mid)")
    tempo = forms.FloatField(required=False, min_value=20, max_value=400, help_text="Empty: the score's tempo.")

    def clean_score(self) -> object:
        upload = self.cleaned_data["score"]
        if not upload.name.lower().endswith(SCORE_SUFFIXES):
            raise forms.ValidationError("Upload MusicXML (.musicxml, .xml, .mxl) or MIDI (.mid, .midi).")
        if upload.size > MAX_SCORE_BYTES:
            raise forms.ValidationError("That score is larger than 5 MB.")
        if upload.size == 0:
            raise forms.ValidationError("That file is empty.")
        return upload
