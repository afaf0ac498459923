"""REST API for people, classes, assignments and data exports.

One class per operation; each validates input, calls a service, serializes.
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from tutor import services
from tutor.errors import NotAllowed, NotFound
from tutor.http import api_user
from tutor.models import Assignment, Classroom, DataExport, User, assignable_models, students_visible_to


class IsTeacher(BasePermission):
    message = "Only teachers can do that."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user and request.user.is_authenticated and getattr(request.user, "is_teacher", False))


class UserSerializer(serializers.ModelSerializer[User]):
    class Meta:
        model = User
        fields = ["id", "username", "email", "role"]
        read_only_fields = fields


class TokenApi(ObtainAuthToken):
    """Exchange a username and password for an API token."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"


class MeApi(APIView):
    @extend_schema(responses=UserSerializer)
    def get(self, request: Request) -> Response:
        return Response(UserSerializer(api_user(request)).data)


class ClassroomOutput(serializers.ModelSerializer[Classroom]):
    teacher = serializers.CharField(source="teacher.username")
    join_code = serializers.SerializerMethodField()
    students = serializers.SerializerMethodField()

    class Meta:
        model = Classroom
        fields = ["id", "name", "teacher", "join_code", "students", "created_at"]

    def _is_teacher(self, classroom: Classroom) -> bool:
        return classroom.teacher_id == self.context["request"].user.pk

    def get_join_code(self, classroom: Classroom) -> str | None:
        return classroom.join_code if self._is_teacher(classroom) else None

    def get_students(self, classroom: Classroom) -> list[dict[str, Any]] | None:
        # Students do not see each other; the roster is the teacher's.
        if not self._is_teacher(classroom):
            return None
        return [{"id": e.student_id, "username": e.student.username} for e in classroom.enrollments.all()]


class ClassroomListApi(APIView):
    class ClassroomCreateInput(serializers.Serializer[dict[str, Any]]):
        name = serializers.CharField(max_length=120)

    @extend_schema(responses=ClassroomOutput(many=True))
    def get(self, request: Request) -> Response:
        rows = Classroom.objects.visible_to(api_user(request)).select_related("teacher").prefetch_related(
            "enrollments__student"
        )
        return Response(ClassroomOutput(rows, many=True, context={"request": request}).data)

    @extend_schema(request=ClassroomCreateInput, responses={201: ClassroomOutput})
    def post(self, request: Request) -> Response:
        data = self.ClassroomCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        classroom = services.classroom_create(teacher=api_user(request), name=data.validated_data["name"])
        return Response(ClassroomOutput(classroom, context={"request": request}).data, status=201)


class ClassroomDetailApi(APIView):
    @extend_schema(responses=ClassroomOutput)
    def get(self, request: Request, classroom_id: int) -> Response:
        classroom = get_object_or_404(Classroom.objects.visible_to(api_user(request)), pk=classroom_id)
        return Response(ClassroomOutput(classroom, context={"request": request}).data)


class ClassroomJoinApi(APIView):
    class ClassroomJoinInput(serializers.Serializer[dict[str, Any]]):
        code = serializers.CharField(max_length=32)

    @extend_schema(request=ClassroomJoinInput, responses={200: ClassroomOutput})
    def post(self, request: Request) -> Response:
        data = self.ClassroomJoinInput(data=request.data)
        data.is_valid(raise_exception=True)
        classroom = services.classroom_join(student=api_user(request), code=data.validated_data["code"])
        return Response(ClassroomOutput(classroom, context={"request": request}).data)


class ClassroomStudentApi(APIView):
    permission_classes = [IsTeacher]

    @extend_schema(responses={204: None})
    def delete(self, request: Request, classroom_id: int, student_id: int) -> Response:
        classroom = get_object_or_404(Classroom.objects.visible_to(api_user(request)), pk=classroom_id)
        services.classroom_remove_student(teacher=api_user(request), classroom=classroom, student_id=student_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AssignmentOutput(serializers.ModelSerializer[Assignment]):
    kind = serializers.CharField(read_only=True)
    classroom = serializers.IntegerField(source="classroom_id")
    student = serializers.IntegerField(source="student_id", allow_null=True)
    target = serializers.IntegerField(source="target_id")

    class Meta:
        model = Assignment
        fields = [
            "id", "title", "instructions", "classroom", "student", "kind", "target", "due_at",
            "attempts_allowed", "tolerance_cents", "wrong_cents", "tolerance_ms", "free_tempo", "any_key",
            "created_at",
        ]


class AssignmentListApi(APIView):
    class AssignmentCreateInput(serializers.Serializer[dict[str, Any]]):
        classroom = serializers.IntegerField()
        student = serializers.IntegerField(required=False, allow_null=True)
        kind = serializers.CharField(help_text="What is assigned, e.g. 'exercise'.")
        target = serializers.IntegerField()
        title = serializers.CharField(max_length=200, required=False, allow_blank=True)
        instructions = serializers.CharField(required=False, allow_blank=True)
        due_at = serializers.DateTimeField(required=False, allow_null=True)
        attempts_allowed = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=100)
        tolerance_cents = serializers.IntegerField(required=False, min_value=1, max_value=100, default=25)
        wrong_cents = serializers.IntegerField(required=False, min_value=2, max_value=200, default=50)
        tolerance_ms = serializers.IntegerField(required=False, min_value=10, max_value=2000, default=100)
        free_tempo = serializers.BooleanField(required=False, default=False)
        any_key = serializers.BooleanField(required=False, default=False)

    @extend_schema(responses=AssignmentOutput(many=True))
    def get(self, request: Request) -> Response:
        rows = Assignment.objects.visible_to(api_user(request)).select_related("target_type")
        return Response(AssignmentOutput(rows, many=True).data)

    @extend_schema(request=AssignmentCreateInput, responses={201: AssignmentOutput})
    def post(self, request: Request) -> Response:
        if not api_user(request).is_teacher:
            raise NotAllowed("Only teachers set assignments.")
        data = self.AssignmentCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        classroom = get_object_or_404(Classroom.objects.visible_to(api_user(request)), pk=values.pop("classroom"))
        target = _assignable_target(values.pop("kind"), values.pop("target"), api_user(request))
        student_id = values.pop("student", None)
        student = User.objects.filter(pk=student_id).first() if student_id else None
        if student_id and student is None:
            raise NotFound("No such student.", field="student")
        assignment = services.assignment_create(
            teacher=api_user(request), classroom=classroom, target=target, student=student, **values
        )
        return Response(AssignmentOutput(assignment).data, status=201)


def _assignable_target(kind: str, target_id: int, user: User) -> Any:
    models_by_kind = {str(model._meta.model_name): model for model in assignable_models()}
    model = models_by_kind.get(kind)
    if model is None:
        raise NotFound(f"Cannot assign '{kind}'; choose one of: {', '.join(sorted(models_by_kind))}.", field="kind")
    manager = model._default_manager
    rows = manager.visible_to(user) if hasattr(manager, "visible_to") else manager.none()
    target = rows.filter(pk=target_id).first()
    if target is None:
        raise NotFound(f"No such {kind}.", field="target")
    return target


class AssignmentDetailApi(APIView):
    @extend_schema(responses=AssignmentOutput)
    def get(self, request: Request, assignment_id: int) -> Response:
        assignment = get_object_or_404(Assignment.objects.visible_to(api_user(request)), pk=assignment_id)
        return Response(AssignmentOutput(assignment).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, assignment_id: int) -> Response:
        assignment = get_object_or_404(Assignment.objects.visible_to(api_user(request)), pk=assignment_id)
        services.assignment_delete(teacher=api_user(request), assignment=assignment)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DataExportOutput(serializers.ModelSerializer[DataExport]):
    download = serializers.SerializerMethodField()

    class Meta:
        model = DataExport
        fields = ["id", "status", "error", "queued_at", "finished_at", "download"]

    def get_download(self, export: DataExport) -> str | None:
        from django.urls import reverse

        return reverse("export-download", args=[export.pk]) if export.status == "done" else None


class DataExportListApi(APIView):
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
        delete_account = serializers.BooleanField(default=False)

    @extend_schema(request=StudentDataDeleteInput, responses={200: OpenApiTypes.OBJECT})
    def post(self, request: Request, student_id: int) -> Response:
        from tutor.privacy import student_data_delete

        user = api_user(request)
        student = user if student_id == user.pk else get_object_or_404(students_visible_to(user), pk=student_id)
        data = self.StudentDataDeleteInput(data=request.data)
        data.is_valid(raise_exception=True)
        counts = student_data_delete(actor=user, student=student, delete_account=data.validated_data["delete_account"])
        return Response({"deleted": counts})


class DataExportDetailApi(APIView):
    @extend_schema(responses=DataExportOutput)
    def get(self, request: Request, export_id: int) -> Response:
        export = get_object_or_404(DataExport.objects.filter(requested_by=api_user(request)), pk=export_id)
        return Response(DataExportOutput(export).data)



class DrillAssignmentApi(APIView):
    """Generate and assign drills: one for the class, or a personalised one per student."""

    class DrillAssignmentInput(serializers.Serializer[dict[str, Any]]):
        personalised = serializers.BooleanField(
            default=True, help_text="True: one drill per student from their own weak spots; False: one for the class."
        )
        params = serializers.DictField(required=False, help_text="Class drill: drill parameters (see generate_drill).")
        title = serializers.CharField(max_length=200, required=False, allow_blank=True)
        due_at = serializers.DateTimeField(required=False, allow_null=True)
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
            raise NotFound("No such class.")
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
        from tutor.progress import practice_setting_for, streak_days, weak_spots_for

        student = get_object_or_404(students_visible_to(api_user(request)), pk=student_id)
        spots = weak_spots_for(student=student)
        setting = practice_setting_for(student=student)
        skills = sorted(services.skill_profile(student=student).values(), key=lambda m: m.mean)
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
