"""REST API for people, classes, assignments and data exports.

One class per operation; each validates input, calls a service, serializes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from tutor import services
from tutor.auth_views import client_address
from tutor.errors import NotAllowed, NotFound, TutorError
from tutor.http import api_user
from tutor.login_guard import login_failed, login_refusal, login_succeeded
from tutor.models import Assignment, Classroom, User, assignable_models, validate_due_date
from tutor.parsers import JSONParser


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
    """Exchange a username and password for an API token; guessing is slowed as on the login page."""

    throttle_classes: list[type[BaseThrottle]] = []  # tutor.login_guard instead: per (username, address)
    parser_classes = [FormParser, MultiPartParser, JSONParser]  # ours, not ObtainAuthToken's: depth is bounded

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        username = str(request.data.get("username", "")).strip()[:150] if hasattr(request.data, "get") else ""
        address = client_address(request._request)
        refusal = login_refusal(username=username, address=address)
        if refusal is not None:
            raise exceptions.Throttled(wait=refusal.wait_seconds)
        try:
            response = super().post(request, *args, **kwargs)
        except exceptions.ValidationError:
            login_failed(username=username, address=address)
            raise
        login_succeeded(username=username, address=address)
        return response


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


class DueDateField(serializers.DateTimeField):
    """An assignment's due date in an API input: optional, read in the reader's zone, within ``DUE_YEARS``.

    Checked before DRF places it in a zone: year 1 named in Beijing overflowed there with a 500.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, allow_null=True, validators=[validate_due_date], **kwargs)

    def enforce_timezone(self, value: datetime) -> datetime:
        validate_due_date(value)
        return super().enforce_timezone(value)


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
        due_at = DueDateField()
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
            raise NotAllowed(_("Only teachers set assignments."))
        data = self.AssignmentCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        classroom = get_object_or_404(Classroom.objects.visible_to(api_user(request)), pk=values.pop("classroom"))
        target = _assignable_target(values.pop("kind"), values.pop("target"), api_user(request))
        student_id = values.pop("student", None)
        student = User.objects.filter(pk=student_id).first() if student_id else None
        if student_id and (student is None or not classroom.has_student(student)):
            # One answer for "no such user" and "not in this class": two would tell which ids exist.
            raise TutorError(_("That student is not in this class."), field="student")
        assignment = services.assignment_create(
            teacher=api_user(request), classroom=classroom, target=target, student=student, **values
        )
        return Response(AssignmentOutput(assignment).data, status=201)


def _assignable_target(kind: str, target_id: int, user: User) -> Any:
    models_by_kind = {str(model._meta.model_name): model for model in assignable_models()}
    model = models_by_kind.get(kind)
    if model is None:
        raise NotFound(_("Cannot assign '%(kind)s'; choose one of: %(kinds)s.") % {"kind": kind, "kinds": ", ".join(sorted(models_by_kind))},
                       field="kind")
    manager = model._default_manager
    rows = manager.visible_to(user) if hasattr(manager, "visible_to") else manager.none()
    target = rows.filter(pk=target_id).first()
    if target is None:
        raise NotFound(_("No such %(kind)s.") % {"kind": kind}, field="target")
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


