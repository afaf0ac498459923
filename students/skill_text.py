"""Weak spots and drill settings in the reader's language.

``students/skills.py`` is Django-free and writes English lines ("F♯4 in G major: flat in 7 of the
last 9", "faster: 92 % over the last 3 takes"). As ``grading/feedback_text.py`` does for feedback,
this module reads them back against their few forms and says them again through gettext; the
skill names go through ``tutor.music_text``. English comes back exactly as written.
"""

from __future__ import annotations

import dataclasses
import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from grading.feedback_text import evidence_detail_text
from lessons.question_text import choice_text
from lessons.questions import GENERATORS
from students.skills import PracticeSetting, WeakSpot
from tutor.music_text import skill_label, source_language, term

#: How a weak spot's summary names each kind of slip.
SLIP_WORDS = {"flat": N_("flat"), "sharp": N_("sharp"), "late": N_("late"), "early": N_("early"),
              "narrow": N_("narrow"), "wide": N_("wide"), "wrong": N_("wrong"), "a wrong note": N_("a wrong note")}
_SUMMARY = re.compile(r"^(?P<subject>.+): (?P<word>a wrong note|flat|sharp|late|early|narrow|wide|wrong) in "
                      r"(?P<wrong>\d+) of the last (?P<recent>\d+)$")
_NOTE_IN_KEY = re.compile(r"^(?P<note>\S+) in (?P<key>\S+ (?:major|minor))$")
_TAKES = r"(?P<percent>\d+) % over the last (?P<count>\d+) takes"
_REASONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"first weak-spot drill"), N_("first weak-spot drill")),
    (re.compile(rf"faster: {_TAKES}"), N_("faster: %(percent)s %% over the last %(count)s takes")),
    (re.compile(rf"next level: {_TAKES}"), N_("next level: %(percent)s %% over the last %(count)s takes")),
    (re.compile(rf"easier level: {_TAKES}"), N_("easier level: %(percent)s %% over the last %(count)s takes")),
    (re.compile(rf"slower: {_TAKES}"), N_("slower: %(percent)s %% over the last %(count)s takes")),
    (re.compile(r"(?P<count>\d+) take\(s\) at this level and tempo so far"),
     N_("%(count)s take(s) at this level and tempo so far")),
]


def summary_text(spot: WeakSpot) -> str:
    match = _SUMMARY.match(spot.summary)
    if not match:
        return spot.summary
    subject = match["subject"]
    note_in_key = _NOTE_IN_KEY.match(subject)
    said_subject = (_("%(note)s in %(key)s") % {"note": note_in_key["note"], "key": term(note_in_key["key"])}
                    if note_in_key else skill_label(spot.tag))
    return _("%(subject)s: %(word)s in %(wrong)s of the last %(recent)s") % {
        "subject": said_subject, "word": _(SLIP_WORDS[match["word"]]), "wrong": match["wrong"],
        "recent": match["recent"]}


#: A quiz answer as the evidence keeps it: the question type, then the answer given ("interval_identify: major 6th").
_QUIZ_DETAIL = re.compile(r"(?P<kind>[a-z_]+): (?P<answer>.+)", re.S)


def example_text(detail: str) -> str:
    """One example under a weak spot in the reader's language: a quiz answer as the question type's title and the
    answer given (the page showed "key_signature_construct: 1 sharp: F♯"), a graded note as grading says it."""
    quiz = _QUIZ_DETAIL.fullmatch(detail)
    if quiz and quiz["kind"] in GENERATORS:
        return _("%(question)s: answered “%(answer)s”") % {"question": _(GENERATORS[quiz["kind"]].title),
                                                          "answer": choice_text(quiz["answer"])}
    return detail if source_language() else evidence_detail_text(detail)


def weak_spot_text(spot: WeakSpot) -> WeakSpot:
    """``spot`` with its label, summary and examples in the reader's language."""
    examples = [example_text(e) for e in spot.examples]
    if source_language():
        return dataclasses.replace(spot, examples=examples)
    return dataclasses.replace(spot, label=skill_label(spot.tag), summary=summary_text(spot), examples=examples)


def practice_setting_text(setting: PracticeSetting) -> PracticeSetting:
    """``setting`` with its reason in the reader's language."""
    if source_language():
        return setting
    for pattern, msgid in _REASONS:
        match = pattern.fullmatch(setting.reason)
        if match:
            return dataclasses.replace(setting, reason=_(msgid) % match.groupdict())
    return setting
