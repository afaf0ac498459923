"""Forms for requesting and refining drills."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

STYLE_CHOICES = [
    ("block", _("Block chords")), ("alberti", _("Alberti bass")), ("arpeggio", _("Arpeggios")), ("waltz", _("Waltz")),
    ("march", _("March")), ("ballad", _("Pop ballad")), ("rock", _("Rock (bass and drums)")), ("swing", _("Swing")),
    ("bossa", _("Bossa nova")), ("jig", _("6/8 jig")), ("hymn", _("Four-part hymn")), ("drone", _("Drone and metronome")),
]


#: The pentatonic modes (五声调式) a drill can be asked for beside its words, named by the note they end on.
PENTATONIC_CHOICES = [
    ("", _("No: the scale the request names")),
    ("gong", _("宫 gong: do re mi sol la, ends on do (major pentatonic)")),
    ("shang", _("商 shang: ends on re")),
    ("jue", _("角 jue: ends on mi")),
    ("zhi", _("徵 zhi: ends on sol")),
    ("yu", _("羽 yu: ends on la (minor pentatonic)")),
]


class DrillRequestForm(forms.Form):
    request = forms.CharField(
        max_length=500,
        required=False,
        label=_("Describe the drill"),
        widget=forms.TextInput(attrs={"placeholder": _("eight slow bars in D minor, leaps up to a sixth, lots of C sharps")}),
        help_text=_("In English or Chinese. Empty: a level-3 melody in C major."),
    )
    pentatonic = forms.ChoiceField(
        choices=PENTATONIC_CHOICES, required=False, label=_("Pentatonic mode"),
        help_text=_('Only the five notes do re mi sol la, on the key\'s tonic; or say it: "G宫调式", "A minor pentatonic".'),
    )
    style = forms.ChoiceField(choices=STYLE_CHOICES, initial="block", label=_("Accompaniment"))


class DrillRefineForm(forms.Form):
    request = forms.CharField(max_length=500, label=_("Change it"), help_text=_('"harder", "more leaps", "shorter", "for alto voice"'))
