"""Why a take could not be graded, or a score cannot be graded against, in the reader's language.

The signal core (``grading.analysis``, Django-free) and the job runner word their refusals in
English from a closed set of sentences ("the recording is silent; check the microphone and record
again"), and a failed take keeps its reason as written. A page or an API reply reads the reason back
against those sentences and says it again through gettext, as ``feedback_text`` does for feedback
lines. A reason that matches none is shown as written, as a sentence; ``tests/grading/test_failure_text.py`` makes
every refusal the decoder can write and checks that it reads in Chinese.

Score refusals (``grading.analysis.target``, ``midi_scan``, ``sandbox`` and ``studio.engrave``) are
kept the same way on a ``ScoreUpload`` and said again by ``score_failure_text``;
``tests/grading/test_score_failure_text.py`` makes them from real files.

A reason that follows a colon ("We could not grade this take: ...") is asked for with ``clause=True``:
in English it then starts in lower case (``after_colon``); ``tests/grading/test_failure_shown.py`` renders
every page and API reply that shows a stored reason, in Chinese and in English.
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
    (r"the recording has (?P<channels>\d+) channels; upload a take with at most (?P<most>\d+)",
     N_("The recording has %(channels)s channels; upload a take with at most %(most)s.")),
    (r"the recording is incomplete \(its index is missing: the recording or the upload was cut off\); "
     r"upload the whole file again",
     N_("The recording is incomplete (its index is missing: the recording or the upload was cut off); "
        "upload the whole file again.")),
    (r"the recording is damaged \(its packets cannot be read\)", N_("The recording is damaged (its packets cannot be read).")),
    (r"the recording is damaged and cannot be decoded", N_("The recording is damaged and cannot be decoded.")),
    (r"the recording contains invalid samples \(NaN or infinity\)",
     N_("The recording contains invalid samples (NaN or infinity).")),
    (r"checking the recording took longer than (?P<seconds>\d+) s",
     N_("Checking the recording took longer than %(seconds)s s.")),
    (r"the recording could not be decoded safely \(the decoder stopped\)",
     N_("The recording could not be decoded safely (the decoder stopped).")),
    # grading.analysis.vocal_range: a range test with too little steady singing
    (r"no steady singing was heard; sing each note for about a second",
     N_("No steady singing was heard; sing each note for about a second.")),
    (r"fewer than two notes were held long enough; sing from your lowest to your highest note",
     N_("Fewer than two notes were held long enough; sing from your lowest to your highest note.")),
    # generation.render.audio: a machine without FluidSynth (a drill's audio, the studio's practice audio)
    (r"audio: fluidsynth and the GM soundfont \(fluid-soundfont-gm\) are required",
     N_("Audio cannot be made on this server: FluidSynth and its General MIDI soundfont are not installed.")),
    # tutor.jobs: how a job that is not the input's fault ends
    (r"This took longer than (?P<seconds>\d+) s and was stopped\.", N_("This took longer than %(seconds)s s and was stopped.")),
    (r"Something went wrong on our side \((?P<kind>\w+)\); please try again\.",
     N_("Something went wrong on our side (%(kind)s); please try again.")),
    # tutor.models.Job / tutor.tasks: the sweeper ends a job whose workers kept dying
    (r"Gave up after (?P<attempts>\d+) attempts\.", N_("Gave up after %(attempts)s attempts.")),
)

#: Score refusals: the reader's checks (MusicXML, .mxl, MIDI), music21's reading, the sandbox and the engraver.
_SCORE_REASONS: tuple[tuple[str, str], ...] = (
    # grading.analysis.target: the file and its XML
    (r"the score file is (?P<size>[\d.]+) MB; the limit is (?P<limit>\d+) MB",
     N_("The score file is %(size)s MB; the limit is %(limit)s MB.")),
    (r"cannot read the score: (?P<detail>.+)", N_("Cannot read the score: %(detail)s.")),
    (r"the score is an empty file", N_("The score is an empty file.")),
    (r"unsupported score format '(?P<suffix>[^']*)'; use MusicXML \(\.musicxml, \.xml, \.mxl\) or MIDI",
     N_("Unsupported score format '%(suffix)s'; use MusicXML (.musicxml, .xml, .mxl) or MIDI.")),
    (r"the score declares XML entities or an inline DTD, which is not allowed",
     N_("The score declares XML entities or an inline DTD, which is not allowed.")),
    (r"the score declares XML entities or external references, which is not allowed",
     N_("The score declares XML entities or external references, which is not allowed.")),
    # A reason stored before the parser's English was kept out of it ("(mismatched tag: line 2, column 5)") reads
    # as the new one does, its detail dropped.
    (r"the score is not well-formed XML \((?:.*: )?line (?P<line>\d+), column (?P<column>\d+)\)",
     N_("The score is not well-formed XML (line %(line)s, column %(column)s).")),
    (r"the score is not well-formed XML(?: \(.+\))?", N_("The score is not well-formed XML.")),
    (r"the file is XML but not a MusicXML score", N_("The file is XML but not a MusicXML score.")),
    (r"the score is far too long to grade \(thousands of notes\)",
     N_("The score is far too long to grade (thousands of notes).")),
    (r"the score is far too long to grade", N_("The score is far too long to grade.")),
    (r"the score has (?P<measures>\d+) measures; at most (?P<limit>\d+) can be graded",
     N_("The score has %(measures)s measures; at most %(limit)s can be graded.")),
    (r"the score has a note with a negative duration", N_("The score has a note with a negative duration.")),
    (r"the score has a <duration> that is not a number", N_("The score has a <duration> that is not a number.")),
    (r"the score's <divisions> is not a number", N_("The score's <divisions> is not a number.")),
    (r"the score's <divisions> is zero or negative", N_("The score's <divisions> is zero or negative.")),
    (r"the score has (?P<parts>\d+) parts; at most (?P<limit>\d+) are read",
     N_("The score has %(parts)s parts; at most %(limit)s are read.")),
    (r"the score has an <octave> that is not a number", N_("The score has an <octave> that is not a number.")),
    (r"the score has a note in octave (?P<octave>.+); octaves run (?P<low>-?\d+)-(?P<high>\d+)",
     N_("The score has a note in octave %(octave)s; octaves run %(low)s-%(high)s.")),
    (r"the score has a tempo that is not a number", N_("The score has a tempo that is not a number.")),
    (r"the score's tempo of (?P<bpm>\S+) BPM is outside 10-400",
     N_("The score's tempo of %(bpm)s BPM is outside 10-400.")),
    (r"the score has a metronome mark that is not a number", N_("The score has a metronome mark that is not a number.")),
    (r"the score runs (?P<quarters>\d+) quarter notes; at most (?P<limit>\d+) can be graded",
     N_("The score runs %(quarters)s quarter notes; at most %(limit)s can be graded.")),
    (r"the \.mxl file is not a valid zip archive", N_("The .mxl file is not a valid zip archive.")),
    (r"the \.mxl archive holds a member with an unsafe path \((?P<name>.+)\)",
     N_("The .mxl archive holds a member with an unsafe path (%(name)s).")),
    (r"the \.mxl archive expands suspiciously \(a zip bomb\?\)",
     N_("The .mxl archive expands suspiciously (a zip bomb?).")),
    (r"the \.mxl archive expands to more than (?P<limit>\d+) MB", N_("The .mxl archive expands to more than %(limit)s MB.")),
    (r"the \.mxl archive holds no MusicXML document", N_("The .mxl archive holds no MusicXML document.")),
    (r"the \.mxl archive names a score it does not contain", N_("The .mxl archive names a score it does not contain.")),
    (r"the \.mxl container declares a DTD or entities, which is not allowed",
     N_("The .mxl container declares a DTD or entities, which is not allowed.")),
    # grading.analysis.target: the music in it
    (r"the score cannot be read \((?P<kind>\w+)\)", N_("The score cannot be read (%(kind)s).")),
    (r"the score has only one part", N_("The score has only one part.")),
    (r"the score has no part '(?P<part>.*)'; its parts are: (?P<parts>.*)",
     N_("The score has no part '%(part)s'; its parts are: %(parts)s.")),
    (r"the score has a note outside the MIDI range 0-127 \(MIDI (?P<midi>-?\d+)\)",
     N_("The score has a note outside the MIDI range 0-127 (MIDI %(midi)s).")),
    (r"the first part is unpitched \(percussion\); grading needs a part with pitched notes",
     N_("The first part is unpitched (percussion); grading needs a part with pitched notes.")),
    (r"the score has no notes in the part to grade", N_("The score has no notes in the part to grade.")),
    (r"the score has (?P<notes>\d+) notes; at most (?P<limit>\d+) can be graded",
     N_("The score has %(notes)s notes; at most %(limit)s can be graded.")),
    (r"the score lasts more than (?P<minutes>\d+) minutes at its tempo",
     N_("The score lasts more than %(minutes)s minutes at its tempo.")),
    (r"a tempo of (?P<bpm>\S+) BPM is not usable \(10-400\)", N_("A tempo of %(bpm)s BPM is not usable (10-400).")),
    (r"the score's tempo marking is outside 10-400 BPM", N_("The score's tempo marking is outside 10-400 BPM.")),
    # grading.analysis.midi_scan: a MIDI file is checked byte by byte before music21 reads it
    (r"the MIDI file ends inside a delta time", N_("The MIDI file ends inside a delta time.")),
    (r"the MIDI file has a delta time longer than four bytes", N_("The MIDI file has a delta time longer than four bytes.")),
    (r"the file is not a Standard MIDI File \(no MThd header\)",
     N_("The file is not a Standard MIDI File (no MThd header).")),
    (r"the MIDI header is truncated", N_("The MIDI header is truncated.")),
    (r"the MIDI file counts time in SMPTE frames; use quarter-note time",
     N_("The MIDI file counts time in SMPTE frames; use quarter-note time.")),
    (r"the MIDI file has zero ticks per quarter note", N_("The MIDI file has zero ticks per quarter note.")),
    (r"the MIDI file declares no tracks", N_("The MIDI file declares no tracks.")),
    (r"the MIDI file has (?P<tracks>\d+) tracks; at most (?P<limit>\d+) are read",
     N_("The MIDI file has %(tracks)s tracks; at most %(limit)s are read.")),
    (r"a MIDI track is truncated", N_("A MIDI track is truncated.")),
    (r"the MIDI file runs past (?P<limit>\d+) quarter notes; a practice piece is shorter",
     N_("The MIDI file runs past %(limit)s quarter notes; a practice piece is shorter.")),
    (r"the MIDI file has far too many events to be a practice piece",
     N_("The MIDI file has far too many events to be a practice piece.")),
    (r"a MIDI track ends inside an event", N_("A MIDI track ends inside an event.")),
    (r"a MIDI meta event is truncated", N_("A MIDI meta event is truncated.")),
    (r"a MIDI meta event runs past its track", N_("A MIDI meta event runs past its track.")),
    (r"a MIDI tempo event has the wrong length", N_("A MIDI tempo event has the wrong length.")),
    (r"a MIDI tempo event sets zero microseconds per quarter", N_("A MIDI tempo event sets zero microseconds per quarter.")),
    (r"the MIDI file sets a tempo of (?P<bpm>\d+) BPM; (?P<low>\d+)-(?P<high>\d+) is usable",
     N_("The MIDI file sets a tempo of %(bpm)s BPM; %(low)s-%(high)s is usable.")),
    (r"a MIDI SysEx event runs past its track", N_("A MIDI SysEx event runs past its track.")),
    (r"the MIDI file has a system event \((?P<byte>0x[0-9A-F]{2})\) inside a track",
     N_("The MIDI file has a system event (%(byte)s) inside a track.")),
    (r"a MIDI track starts with running status and no status byte",
     N_("A MIDI track starts with running status and no status byte.")),
    (r"a MIDI event is truncated", N_("A MIDI event is truncated.")),
    (r"a MIDI event has a data byte above 127", N_("A MIDI event has a data byte above 127.")),
    (r"the MIDI file has more than (?P<limit>\d+) notes", N_("The MIDI file has more than %(limit)s notes.")),
    (r"the MIDI file holds no track", N_("The MIDI file holds no track.")),
    (r"the MIDI file has no notes", N_("The MIDI file has no notes.")),
    (r"the MIDI file lasts (?P<minutes>\d+) minutes; at most (?P<limit>\d+) can be graded",
     N_("The MIDI file lasts %(minutes)s minutes; at most %(limit)s can be graded.")),
    # grading.analysis.sandbox: the child that reads or draws a score
    (r"reading the score took longer than (?P<seconds>[\d.]+) s", N_("Reading the score took longer than %(seconds)s s.")),
    (r"the score could not be read safely \(the reader ran out of memory or time\)",
     N_("The score could not be read safely (the reader ran out of memory or time).")),
    (r"drawing the score took longer than (?P<seconds>[\d.]+) s", N_("Drawing the score took longer than %(seconds)s s.")),
    (r"the score could not be drawn safely \(it ran out of memory or time\)",
     N_("The score could not be drawn safely (it ran out of memory or time).")),
    (r"the sandbox did not start", N_("The sandbox did not start.")),
    # studio.engrave: drawing the staff and the numbered notation
    (r"the score cannot be converted for display \((?P<kind>\w+)\)",
     N_("The score cannot be converted for display (%(kind)s).")),
    (r"Verovio could not read the score", N_("Verovio could not read the score.")),
    (r"the score cannot be shown in numbered notation \((?P<kind>\w+)\)",
     N_("The score cannot be shown in numbered notation (%(kind)s).")),
    # grading.services: an upload whose file went missing before a worker read it
    (r"the uploaded score is gone", N_("The uploaded score is gone.")),
)


def _compiled(reasons: tuple[tuple[str, str], ...]) -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(pattern), sentence) for pattern, sentence in reasons)


_COMPILED = _compiled(_REASONS)
_SCORE_COMPILED = _compiled(_SCORE_REASONS)


def _known(reason: str, table: tuple[tuple[re.Pattern[str], str], ...]) -> str | None:
    """``reason`` matched against ``table`` and said through gettext; None when it has no sentence there."""
    text = reason.strip()
    for pattern, sentence in table:
        found = pattern.fullmatch(text) or pattern.fullmatch(text.rstrip("."))
        if found:
            return _(sentence) % found.groupdict()
    return None


def as_sentence(text: str) -> str:
    """``text`` (one line as written, in English) as a sentence: a capital first, a full stop last."""
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "!", "?", ")")) or not text else ".")


#: Words that keep their capital after a colon: names and abbreviations, not a sentence's first word.
_NAMES = frozenset({"Verovio", "FluidSynth", "MusicXML", "MIDI", "LilyPond", "SMPTE", "GM"})


def after_colon(sentence: str) -> str:
    """``sentence`` written to follow a colon ("We could not grade this take: the recording is silent; ...").

    In English its first word loses its capital unless it is a name or an abbreviation ("Verovio could not
    read the score", "MIDI ..."); text in another script (Chinese) is left as it is.
    """
    word = re.match(r"[A-Za-z]+", sentence)
    if word is None or word.group() in _NAMES or (len(word.group()) > 1 and not word.group()[1:].islower()):
        return sentence
    return sentence[:1].lower() + sentence[1:]


def failure_text(reason: str, *, clause: bool = False) -> str:
    """``reason`` (a decoder refusal or a job's failure, as stored) as a sentence in the active language;
    with ``clause``, written to follow a colon (see ``after_colon``)."""
    sentence = _known(reason, _COMPILED) or as_sentence(reason)
    return after_colon(sentence) if clause else sentence


def known_failure_text(reason: str) -> str | None:
    """``reason`` as ``failure_text`` says it when it is one of the known reasons (a decoder's refusal, a job's
    own failure); None for any other, which the caller words itself (a drill's generator refusal)."""
    return _known(reason, _COMPILED)


def score_failure_text(reason: str, *, clause: bool = False) -> str:
    """``reason`` (a score refusal, as stored on a ``ScoreUpload`` or raised by the score sandbox) as a sentence
    in the active language; with ``clause``, written to follow a colon. A job's own failures (a timeout, a
    crash) read as ``failure_text`` reads them."""
    sentence = _known(reason, _SCORE_COMPILED + _COMPILED) or as_sentence(reason)
    return after_colon(sentence) if clause else sentence
