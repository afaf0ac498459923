"""REST API for generated drills: request one in words or parameters, refine it, fetch its files."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from generation import services
from generation.models import Drill
from tutor.errors import NotAllowed
from tutor.http import api_user, stored_file_response


class DrillOutput(serializers.ModelSerializer[Drill]):
    files = serializers.SerializerMethodField()

    class Meta:
        model = Drill
        fields = [
            "id", "exercise", "status", "error", "request_text", "understood", "params", "style", "notes", "tags",
            "files", "parent", "purpose", "student", "targets", "created_at",
        ]

    def get_files(self, drill: Drill) -> dict[str, str]:
        from django.urls import reverse

        return {fmt: reverse("api-drill-file", args=[drill.pk, fmt]) for fmt in drill.files}


class DrillListApi(APIView):
    class DrillCreateInput(serializers.Serializer[dict[str, Any]]):
        request = serializers.CharField(
            required=False, allow_blank=True, max_length=500,
            help_text='In words, English or Chinese: "eight slow bars in D minor, leaps up to a sixth".',
        )
        params = serializers.DictField(required=False, help_text="Drill parameters (see generate_drill).")
        # DRF collects declared fields, so this name is free; only the stubs see Field.style.
        style = serializers.CharField(  # type: ignore[assignment]
            required=False, default="block", help_text="Accompaniment style."
        )

    @extend_schema(responses=DrillOutput(many=True))
    def get(self, request: Request) -> Response:
        rows = Drill.objects.visible_to(api_user(request))[:100]
        return Response(DrillOutput(rows, many=True).data)

    @extend_schema(request=DrillCreateInput, responses={201: DrillOutput})
    def post(self, request: Request) -> Response:
        data = self.DrillCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        drill = services.drill_create(
            owner=api_user(request),
            request_text=values.get("request", ""),
            params=values.get("params"),
            style=values["style"],
        )
        return Response(DrillOutput(drill).data, status=status.HTTP_201_CREATED)


class WeakSpotDrillApi(APIView):
    """"Practise my weak spots": a drill aimed at the signed-in student's top weak spots."""

    class WeakSpotDrillInput(serializers.Serializer[dict[str, Any]]):
        style = serializers.CharField(  # type: ignore[assignment]
            required=False, default="block", help_text="Accompaniment style."
        )

    @extend_schema(request=WeakSpotDrillInput, responses={201: DrillOutput})
    def post(self, request: Request) -> Response:
        user = api_user(request)
        if not user.is_student:
            raise NotAllowed("Weak-spot drills are made from a student's own profile.")
        data = self.WeakSpotDrillInput(data=request.data)
        data.is_valid(raise_exception=True)
        drill = services.drill_for_student(student=user, style=data.validated_data["style"])
        return Response(DrillOutput(drill).data, status=status.HTTP_201_CREATED)


class DrillDetailApi(APIView):
    @extend_schema(responses=DrillOutput)
    def get(self, request: Request, drill_id: int) -> Response:
        drill = get_object_or_404(Drill.objects.visible_to(api_user(request)), pk=drill_id)
        return Response(DrillOutput(drill).data)


class DrillRefineApi(APIView):
    class DrillRefineInput(serializers.Serializer[dict[str, Any]]):
        request = serializers.CharField(max_length=500, help_text='"harder", "more leaps", "for alto voice"…')

    @extend_schema(request=DrillRefineInput, responses={201: DrillOutput})
    def post(self, request: Request, drill_id: int) -> Response:
        parent = get_object_or_404(Drill.objects.visible_to(api_user(request)), pk=drill_id)
        data = self.DrillRefineInput(data=request.data)
        data.is_valid(raise_exception=True)
        drill = services.drill_create(
            owner=api_user(request), request_text=data.validated_data["request"], parent=parent, style=parent.style
        )
        return Response(DrillOutput(drill).data, status=status.HTTP_201_CREATED)


class DrillFileApi(APIView):
    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    def get(self, request: Request, drill_id: int, fmt: str) -> FileResponse:
        drill = get_object_or_404(Drill.objects.visible_to(api_user(request)), pk=drill_id)
        return drill_file_response(drill, fmt)


def drill_file_response(drill: Drill, fmt: str) -> FileResponse:
    name = drill.files.get(fmt)
    if fmt not in services.DOWNLOAD_TYPES or not name:
        raise Http404
    extension = name.rsplit(".", 1)[-1]
    return stored_file_response(
        name,
        content_type=services.DOWNLOAD_TYPES[fmt],
        filename=f"drill-{drill.pk}{'-' + fmt if fmt.startswith('wav_') else ''}.{extension}",
    )
