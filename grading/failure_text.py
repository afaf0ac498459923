"""Why a take could not be graded, in the reader's language.

The signal core (``grading.analysis``, Django-free) and the job runner word their refusals in
English from a closed set of sentences ("the recording is silent; check the microphone and record
again"), and a failed take keeps its reason as written. A page or an API reply reads the reason back
against those sentences and says it again through gettext, as ``feedback_text`` does for feedback
lines. A reason that matches none is shown as written, as a sentence; ``tests/grading/test_failure_text.py`` makes
every refusal the decoder can write and checks that it reads in Chinese.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

#: (the English reason as a full-match pattern, its sentence for gettext with the pattern's groups).
_REASONS: tuple[tuple[str, str], ...] = (
    (r"the recording is silent; check the microphone and record again",
     N_("The recording is silent; check the microphone and record again.")),
    (r"no notes were heard in the recording; check the microphone and record again",
     N_("No notes were heard in the recording; check the microphone and record again.")),
    (r"none of the target's notes could be found in the recording",
     N_("None of the target's notes could be found in the recording.")),
    (r"the recording lasts (?P<seconds>[\d.]+) s; at least (?P<least>[\d.]+) s is needed",
     N_("The recording lasts %(seconds)s s; at least %(least)s s is needed.")),
    (r"the recording lasts (?P<seconds>[\d.]+) s; the limit is (?P<limit>[\d.]+) s",
     N_("The recording lasts %(seconds)s s; the limit is %(limit)s s.")),
    (r"the recording lasts more than (?P<limit>[\d.]+) s", N_("The recording lasts more than %(limit)s s.")),
    (r"the recording is (?P<size>[\d.]+) MB; the limit is (?P<limit>[\d.]+) MB",
     N_("The recording is %(size)s MB; the limit is %(limit)s MB.")),
    (r"the recording is badly distorted \((?P<share>\d+%) of it is clipped\); record further from the microphone",
     N_("The recording is badly distorted (%(share)s of it is clipped); record further from the microphone.")),
    (r"the recording is an empty file", N_("The recording is an empty file.")),
    (r"the file is not a recording in a format we accept \((?P<formats>.+)\)",
     N_("The file is not a recording in a format we accept (%(formats)s).")),
    (r"the file is not a recording we can read \(unknown or broken format\)",
     N_("The file is not a recording we can read (unknown or broken format).")),
    (r"the file holds no audio stream", N_("The file holds no audio stream.")),
    (r"the recording claims a sample rate of (?P<rate>\d+) Hz, which is not usable",
     N_("The recording claims a sample rate of %(rate)s Hz, which is not usable.")),
    (r"the recording has (?P<channels>\d+) channels; upload a mono or stereo take",
     N_("The recording has %(channels)s channels; upload a mono or stereo take.")),
    (r"the recording is damaged \(its packets cannot be read\)", N_("The recording is damaged (its packets cannot be read).")),
    (r"the recording is damaged and cannot be decoded", N_("The recording is damaged and cannot be decoded.")),
    (r"the recording contains invalid samples \(NaN or infinity\)",
     N_("The recording contains invalid samples (NaN or infinity).")),
    (r"checking the recording took longer than (?P<seconds>\d+) s",
     N_("Checking the recording took longer than %(seconds)s s.")),
    (r"the recording could not be decoded safely \(the decoder stopped\)",
     N_("The recording could not be decoded safely (the decoder stopped).")),
    # tutor.jobs: how a job that is not the input's fault ends
    (r"This took longer than (?P<seconds>\d+) s and was stopped\.", N_("This took longer than %(seconds)s s and was stopped.")),
    (r"Something went wrong on our side \((?P<kind>\w+)\); please try again\.",
     N_("Something went wrong on our side (%(kind)s); please try again.")),
)
_COMPILED = tuple((re.compile(pattern), sentence) for pattern, sentence in _REASONS)


def failure_text(reason: str) -> str:
    """``reason`` (a decoder refusal or a job's failure, as stored) as a sentence in the active language."""
    text = reason.strip()
    for pattern, sentence in _COMPILED:
        found = pattern.fullmatch(text) or pattern.fullmatch(text.rstrip("."))
        if found:
            return _(sentence) % found.groupdict()
    # Unknown shapes read as a sentence, as written.
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "!", "?", ")")) or not text else ".")
