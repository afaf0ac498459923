"""Generated drills: their parameters, the exercise they became, and their rendered files."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from generation.melody import DrillParams, InvalidParams
from generation.melody.request import drill_title, split_answers
from grading.models import Exercise
from tutor.errors import Conflict
from tutor.hant import in_page_script
from tutor.models import Job, User


class DrillQuerySet(models.QuerySet["Drill"]):
    def visible_to(self, user: User) -> DrillQuerySet:
        """People see the drills they generated; students also those assigned to them."""
        if user.is_teacher:
            return self.filter(owner=user)
        return self.filter(models.Q(owner=user) | models.Q(exercise__in=Exercise.objects.visible_to(user)))


class Drill(Job):
    """A generated melody (with its accompaniment) stored as an exercise to practise.

    The melody (its note list) is generated in the request (tens of ms). A drill
    asked for on the API or the drill pages gets its score, SVG, MIDI and
    exercise from a worker (``exercise`` is empty until then: a 64-bar score
    takes about a second of CPU, far more under load); drills made inside
    teachers' workflows get them in the request. Audio and the engraved PDF are
    always rendered by a worker. The job status tracks the worker's part.
    """

    TASK_NAME = "generation.tasks.render_drill_media"

    class Purpose(models.TextChoices):
        REQUEST = "request", "Asked for"
        WEAK_SPOTS = "weak-spots", "Aimed at a student's weak spots"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drills")
    # A drill made from a student's profile: whose weak spots, and which tags it aims at.
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="profile_drills"
    )
    purpose = models.CharField(max_length=16, choices=Purpose.choices, default=Purpose.REQUEST)
    # A class drill a teacher previews before assigning: kept out of the class page's exercise menu until it is
    # assigned (three unassigned previews showed there as three entries of the same title).
    previewed = models.BooleanField(
        default=False, help_text="Made in a class page's preview; offered to assign again only once assigned.")
    targets = models.JSONField(default=list, help_text="The weak-spot tags the drill aims at.")
    exercise = models.OneToOneField(
        "grading.Exercise", on_delete=models.CASCADE, related_name="drill", null=True, blank=True,
        help_text="Empty while a worker writes the score (drills asked for on the API or the drill pages).",
    )
    parent = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="refinements")
    request_text = models.CharField(max_length=500, blank=True)
    # The page's language when the drill was asked for: a worker that writes the exercise has no page.
    language = models.CharField(max_length=16, blank=True, help_text="The asking page's language code.")
    understood = models.JSONField(default=list, help_text="What the request was read as, one phrase each.")
    ignored = models.JSONField(default=list, help_text="The request's words that were not understood, quoted.")
    params = models.JSONField(help_text="DrillParams.to_dict(): enough to make the same drill again.")
    style = models.CharField(max_length=16, default="block", help_text="Accompaniment style.")
    notes = models.JSONField(default=list, help_text='The melody as [["G4", 1.0], ...] (quarter lengths).')
    tags = models.JSONField(default=list, help_text="Skill tags the drill exercises.")
    # Format name ("svg", "wav", "pdf", ...) -> path relative to MEDIA_ROOT.
    files = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DrillQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.exercise.title if self.exercise_id and self.exercise else f"drill {self.pk}"

    @property
    def written_exercise(self) -> Exercise:
        """The exercise the drill became; ``Conflict`` while a worker is still writing its score."""
        if self.exercise is None:
            raise Conflict(_("This drill's score is still being written; try again in a moment."), field="drills")
        return self.exercise

    @property
    def folder(self) -> str:
        return f"drills/{self.pk}"

    @property
    def understood_shown(self) -> list[str]:
        """What the words were read as, without the answers to wishes it could not meet (``answers``)."""
        return split_answers(self.understood or [])[0]

    @property
    def answers(self) -> list[str]:
        """Wishes the drill could not meet as asked, each said plainly with what was done instead, in the
        request's language (stored among ``understood`` behind the reader's ``note:`` / ``注意：``, shown without it)."""
        return split_answers(self.understood or [])[1]

    @property
    def title_shown(self) -> str:
        """The exercise's title in the page's language.

        A drill's title is made from its parameters in the language of the page that asked ("Melody in C
        major, 8 bars (level 2)"), so a teacher's English page put English on a Chinese student's dashboard;
        the same words are made again in the page's language. A title that is not the made one stays.
        """
        if self.exercise is None:
            return ""
        stored = self.exercise.title
        try:
            params = DrillParams.from_dict(self.params)
        except InvalidParams:
            return stored
        if stored not in (drill_title(params), drill_title(params, chinese=True)):
            return stored
        return in_page_script(drill_title(params, chinese=(get_language() or "").startswith("zh")))
