"""Pages to request, preview, play, refine and download generated drills."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from generation import services
from generation.api import drill_file_response
from generation.forms import STYLE_CHOICES, DrillRefineForm, DrillRequestForm
from generation.models import Drill
from grading.models import Recording
from tutor.errors import AnsweredInstead, TutorError
from tutor.http import AuthedRequest
from tutor.models import Classroom
from tutor.throttles import GenerateThrottle, throttled

# One-click refinements: each is sent as the request, so its translation must be words the reader
# understands in that language ("难一点"), and the refined drill answers in the page's language.
REFINEMENTS = [
    pgettext_lazy("drill refinement", "easier"), pgettext_lazy("drill refinement", "harder"),
    pgettext_lazy("drill refinement", "more leaps"), pgettext_lazy("drill refinement", "more syncopation"),
    pgettext_lazy("drill refinement", "shorter"), pgettext_lazy("drill refinement", "longer"),
    pgettext_lazy("drill refinement", "slower"), pgettext_lazy("drill refinement", "faster"),
]


@login_required
@throttled(GenerateThrottle)
def drill_list(request: AuthedRequest) -> HttpResponse:
    form = DrillRequestForm(request.POST or None)
    answered: AnsweredInstead | None = None
    if request.method == "POST" and form.is_valid():
        try:
            drill = services.drill_create(
                owner=request.user, request_text=form.cleaned_data["request"], style=form.cleaned_data["style"],
                pentatonic=form.cleaned_data["pentatonic"], score_in_background=True,
            )
        except AnsweredInstead as exc:
            # Only wishes that are no drill ("quiz me on key signatures"): the answer, and where it is done, no drill.
            answered = exc
        except TutorError as exc:
            form.add_error("request", exc.message)
        else:
            return redirect("drill-detail", drill_id=drill.pk)
    drills = Drill.objects.visible_to(request.user).select_related("exercise")[:30]
    return render(request, "generation/drill_list.html", {"form": form, "drills": drills, "answered": answered})


#: A drill's files as a student knows them, in the order offered (the API keeps the format names).
DOWNLOAD_NAMES = {
    "pdf": gettext_lazy("Printable score (PDF)"), "musicxml": gettext_lazy("Score (MusicXML)"), "midi": gettext_lazy("MIDI"),
    "wav": gettext_lazy("Audio with accompaniment (WAV)"), "ogg": gettext_lazy("Audio with accompaniment (OGG)"),
    "wav_melody": gettext_lazy("Melody alone (WAV)"), "wav_backing": gettext_lazy("Accompaniment alone (WAV)"),
    "svg": gettext_lazy("Score picture (SVG)"), "json": gettext_lazy("The notes as data (JSON)"),
}
#: Files the page draws but does not offer: the score laid out for a phone is the SVG download again.
SHOWN_NOT_OFFERED = {"svg_narrow"}
STYLE_NAMES = dict(STYLE_CHOICES)


def drill_downloads(drill: Drill) -> list[tuple[str, str]]:
    """``(format, name)`` for each of the drill's files: the known ones in DOWNLOAD_NAMES's order, then any other."""
    known = [(fmt, str(name)) for fmt, name in DOWNLOAD_NAMES.items() if fmt in drill.files]
    return known + [(fmt, fmt) for fmt in drill.files if fmt not in DOWNLOAD_NAMES and fmt not in SHOWN_NOT_OFFERED]


def _drill_svg(drill: Drill, fmt: str) -> str:
    """The drill's stored drawing ``fmt`` to inline, or "" when it has none (yet)."""
    name = drill.files.get(fmt)
    if not name or not default_storage.exists(name):
        return ""
    with default_storage.open(name, "rb") as handle:
        # Our own Verovio output, not user input: safe to inline so notes can be coloured.
        return mark_safe(handle.read().decode("utf-8"))  # noqa: S308


@login_required
def drill_detail(request: AuthedRequest, drill_id: int) -> HttpResponse:
    drill = get_object_or_404(Drill.objects.visible_to(request.user).select_related("exercise"), pk=drill_id)
    svg, svg_narrow = (_drill_svg(drill, fmt) for fmt in ("svg", "svg_narrow"))
    return render(
        request,
        "generation/drill_detail.html",
        {
            "drill": drill,
            # Wishes the drill could not meet are answered apart from what was understood, so they are not missed.
            "understood": drill.understood_shown,
            "answers": drill.answers,
            "svg": svg,
            # A phone shows this one from the first paint (a drill written before it was drawn has none).
            "svg_narrow": svg_narrow,
            "downloads": drill_downloads(drill),
            "style_name": STYLE_NAMES.get(drill.style, drill.style),
            "refine_form": DrillRefineForm(),
            "refinements": REFINEMENTS,
            # Said after a colon in the page's language (the row keeps the worker's English).
            "failure": services.drill_failure_text(drill.error, clause=True) if drill.error else "",
            "takes": drill.exercise.recordings.filter(owner=request.user)[:20] if drill.exercise else [],
            # A teacher's own drill (not one made from a student's weak spots) can be set to a class from here:
            # the page was a dead end, the class page's menu the only way, and nothing said so.
            "classrooms": Classroom.objects.filter(teacher=request.user).order_by("name")
            if request.user.is_teacher and drill.student_id is None and drill.owner_id == request.user.pk else None,
        },
    )


@login_required
@require_POST
@throttled(GenerateThrottle)
def drill_refine(request: AuthedRequest, drill_id: int) -> HttpResponse:
    parent = get_object_or_404(Drill.objects.visible_to(request.user), pk=drill_id)
    form = DrillRefineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say how to change the drill."))
        return redirect("drill-detail", drill_id=parent.pk)
    try:
        drill = services.drill_create(
            owner=request.user, request_text=form.cleaned_data["request"], parent=parent, style=parent.style,
            score_in_background=True,
        )
    except AnsweredInstead as exc:
        # Answered, with links to the pages that do what was asked; the drill stays as it was.
        links = format_html_join(" ", '<a href="{}">{}</a>', ((link["url"], link["title"]) for link in exc.links))
        messages.info(request, format_html("{} {}", exc.message, links))
        return redirect("drill-detail", drill_id=parent.pk)
    except TutorError as exc:
        messages.error(request, exc.message)
        return redirect("drill-detail", drill_id=parent.pk)
    return redirect("drill-detail", drill_id=drill.pk)


@login_required
def drill_file(request: AuthedRequest, drill_id: int, fmt: str) -> HttpResponseBase:
    drill = get_object_or_404(Drill.objects.visible_to(request.user), pk=drill_id)
    return drill_file_response(request, drill, fmt)


@login_required
@require_POST
@throttled(GenerateThrottle)
def recording_drill(request: AuthedRequest, recording_id: int) -> HttpResponse:
    """"Drill my mistakes" without JavaScript: make the drill, then open it in the studio."""
    recording = get_object_or_404(Recording.objects.filter(owner=request.user), pk=recording_id)
    try:
        drill = services.drill_from_mistakes(recording=recording, owner=request.user)
    except TutorError as exc:
        messages.error(request, exc.message)
        return redirect("recording-detail", recording_id=recording.pk)
    messages.success(request, _("Here is a drill aimed at the notes that went wrong."))
    return redirect("exercise-studio", exercise_id=drill.exercise_id)
