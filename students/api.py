"""REST API where the apps meet around students: a student's profile, drills aimed at their weak spots,
personalised drill assignments for a class, and exports and deletion of a student's data."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from generation.api import DrillOutput
from grading.api import FailureText
from students import privacy, services
from students.progress import practice_setting_for, streak_days, weak_spots_for
from tutor.api import AssignmentOutput, DueDateField
from tutor.errors import NotAllowed, NotFound
from tutor.http import api_user
from tutor.models import Classroom, DataExport, students_visible_to
from tutor.services import skill_profile
from tutor.throttles import GenerateThrottle


class DataExportOutput(serializers.ModelSerializer[DataExport]):
    error = FailureText()
    download = serializers.SerializerMethodField()

    class Meta:
        model = DataExport
        fields = ["id", "status", "error", "queued_at", "finished_at", "download"]

    def get_download(self, export: DataExport) -> str | None:
        return reverse("export-download", args=[export.pk]) if export.status == "done" else None


class DataExportListApi(APIView):
    throttle_classes = [GenerateThrottle]
    class DataExportCreateInput(serializers.Serializer[dict[str, Any]]):
        student = serializers.IntegerField(required=False, help_text="A teacher: export this student's data.")

    @extend_schema(request=DataExportCreateInput, responses={202: DataExportOutput})
    def post(self, request: Request) -> Response:
        data = self.DataExportCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = api_user(request)
        owner = user
        if data.validated_data.get("student") not in (None, user.pk):
            owner = get_object_or_404(students_visible_to(user), pk=data.validated_data["student"])
        export = services.data_export_request(owner=owner, requested_by=user)
        return Response(DataExportOutput(export).data, status=status.HTTP_202_ACCEPTED)


class StudentDataDeleteApi(APIView):
    """Delete a student's data: the student themselves, or a teacher of one of their classes."""

    class StudentDataDeleteInput(serializers.Serializer[dict[str, Any]]):
        confirm = serializers.BooleanField(
            help_text="Must be true. Deleted for good: the student's own request (or an administrator's) deletes every "
                      "recording (takes, range tests, transcriptions) with its audio, grades, quiz work, drills, "
                      "exports, a student's saved melodies and the skill profile; a teacher's deletes their part."
        )
        delete_account = serializers.BooleanField(default=False)

        def validate_confirm(self, value: bool) -> bool:
            if not value:
                raise serializers.ValidationError(_("Send confirm: true; nothing was deleted."))
            return value

    @extend_schema(request=StudentDataDeleteInput, responses={200: OpenApiTypes.OBJECT})
    def post(self, request: Request, student_id: int) -> Response:
        user = api_user(request)
        student = user if student_id == user.pk else get_object_or_404(students_visible_to(user), pk=student_id)
        data = self.StudentDataDeleteInput(data=request.data)
        data.is_valid(raise_exception=True)
        counts = privacy.student_data_delete(actor=user, student=student, delete_account=data.validated_data["delete_account"])
        return Response({"deleted": counts})


class DataExportDetailApi(APIView):
    @extend_schema(responses=DataExportOutput)
    def get(self, request: Request, export_id: int) -> Response:
        export = get_object_or_404(DataExport.objects.filter(requested_by=api_user(request)), pk=export_id)
        return Response(DataExportOutput(export).data)


class DrillAssignmentApi(APIView):
    throttle_classes = [GenerateThrottle]
    """Generate and assign drills: one for the class, or a personalised one per student."""

    class DrillAssignmentInput(serializers.Serializer[dict[str, Any]]):
        personalised = serializers.BooleanField(
            default=True, help_text="True: one drill per student from their own weak spots; False: one for the class."
        )
        params = serializers.DictField(required=False, help_text="Class drill: drill parameters (see generate_drill).")
        title = serializers.CharField(max_length=200, required=False, allow_blank=True)
        due_at = DueDateField()
        attempts_allowed = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=100)
        tolerance_cents = serializers.IntegerField(required=False, min_value=1, max_value=100, default=25)
        wrong_cents = serializers.IntegerField(required=False, min_value=2, max_value=200, default=50)
        tolerance_ms = serializers.IntegerField(required=False, min_value=10, max_value=2000, default=100)
        free_tempo = serializers.BooleanField(required=False, default=False)
        any_key = serializers.BooleanField(required=False, default=False)

    @extend_schema(request=DrillAssignmentInput, responses={201: AssignmentOutput(many=True)})
    def post(self, request: Request, classroom_id: int) -> Response:
        user = api_user(request)
        if not user.is_teacher:
            raise NotFound(_("No such class."))
        classroom = get_object_or_404(Classroom.objects.visible_to(user), pk=classroom_id)
        data = self.DrillAssignmentInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        made = services.assignments_create_drills(
            teacher=user, classroom=classroom, personalised=values.pop("personalised"),
            params=values.pop("params", None), **values,
        )
        return Response(AssignmentOutput(made, many=True).data, status=status.HTTP_201_CREATED)


class StudentProfileApi(APIView):
    """A student's weak spots and mastery per skill tag: for the student and their teachers only."""

    class ProfileWeakSpotOutput(serializers.Serializer[dict[str, Any]]):
        tag = serializers.CharField()
        label = serializers.CharField()  # type: ignore[assignment]
        summary = serializers.CharField(help_text='e.g. "F#4 in G major: flat in 7 of the last 9".')
        accuracy = serializers.FloatField(help_text="Posterior mean mastery, 0..1.")
        uncertainty = serializers.FloatField(help_text="Posterior standard deviation.")
        examples = serializers.ListField(child=serializers.CharField())
        related = serializers.ListField(child=serializers.CharField())

    class ProfileSkillOutput(serializers.Serializer[dict[str, Any]]):
        tag = serializers.CharField()
        mean = serializers.FloatField()
        sd = serializers.FloatField()
        weight = serializers.FloatField()
        recent_wrong = serializers.IntegerField()
        recent_total = serializers.IntegerField()

    class ProfileSettingOutput(serializers.Serializer[dict[str, Any]]):
        level = serializers.IntegerField()
        tempo = serializers.IntegerField()
        change = serializers.CharField()
        reason = serializers.CharField()

    class ProfileOutput(serializers.Serializer[dict[str, Any]]):
        student = serializers.IntegerField()
        username = serializers.CharField()
        voice_range = serializers.ListField(child=serializers.IntegerField(), allow_null=True)
        streak = serializers.IntegerField()
        next_drill = serializers.DictField(help_text="Level and tempo of the next weak-spot drill, and why.")
        weak_spots = serializers.ListField(child=serializers.DictField())
        skills = serializers.ListField(child=serializers.DictField())

    @extend_schema(responses=ProfileOutput)
    def get(self, request: Request, student_id: int) -> Response:
        student = get_object_or_404(students_visible_to(api_user(request)), pk=student_id)
        spots = weak_spots_for(student=student)
        setting = practice_setting_for(student=student)
        skills = sorted(skill_profile(student=student).values(), key=lambda m: m.mean)
        payload = {
            "student": student.pk,
            "username": student.username,
            "voice_range": list(student.voice_range) if student.voice_range else None,
            "streak": streak_days(student=student),
            "next_drill": self.ProfileSettingOutput(setting.__dict__).data,
            "weak_spots": [self.ProfileWeakSpotOutput({
                "tag": s.tag, "label": s.label, "summary": s.summary, "accuracy": s.mastery.mean,
                "uncertainty": s.mastery.sd, "examples": s.examples, "related": s.related,
            }).data for s in spots],
            "skills": [self.ProfileSkillOutput(m.__dict__).data for m in skills],
        }
        return Response(self.ProfileOutput(payload).data)


class WeakSpotDrillApi(APIView):
    throttle_classes = [GenerateThrottle]
    """"Practise my weak spots": a drill aimed at the signed-in student's top weak spots."""

    class WeakSpotDrillInput(serializers.Serializer[dict[str, Any]]):
        style = serializers.CharField(  # type: ignore[assignment]
            required=False, default="block", help_text="Accompaniment style."
        )

    @extend_schema(request=WeakSpotDrillInput, responses={201: DrillOutput})
    def post(self, request: Request) -> Response:
        user = api_user(request)
        if not user.is_student:
            raise NotAllowed(_("Weak-spot drills are made from a student's own profile."))
        data = self.WeakSpotDrillInput(data=request.data)
        data.is_valid(raise_exception=True)
        drill = services.drill_for_student(student=user, style=data.validated_data["style"])
        return Response(DrillOutput(drill).data, status=status.HTTP_201_CREATED)
