"""REST API for the practice studio: an exercise's notation and practice audio."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from grading.models import Exercise, Transcription
from studio import audio, notation
from tutor.http import api_user


class ExerciseNotationApi(APIView):
    """The exercise's notation (Verovio SVG) with the SVG id of each target note, bars, meter and tempo.

    A score too large to draw within the request's budget answers 202 ``{"status": "drawing"}`` with
    ``Retry-After`` while a worker draws it; asking again then gives the 200.
    """

    class NotationQuery(serializers.Serializer[dict[str, Any]]):
        transpose = serializers.IntegerField(
            required=False, default=0, min_value=-notation.MAX_TRANSPOSE_SEMITONES,
            max_value=notation.MAX_TRANSPOSE_SEMITONES, help_text="Semitones; the notation only.",
        )
        layout = serializers.ChoiceField(
            choices=list(notation.LAYOUT_PAGE_WIDTHS), required=False, default="wide",
            help_text="narrow: systems broken for a phone's width.",
        )

    @extend_schema(parameters=[NotationQuery], responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, exercise_id: int) -> Response:
        exercise = get_object_or_404(Exercise.objects.visible_to(api_user(request)), pk=exercise_id)
        query = self.NotationQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        try:
            data = notation.exercise_notation(
                exercise=exercise, transpose=query.validated_data["transpose"], layout=query.validated_data["layout"],
                user=api_user(request),
            )
        except notation.NotationDrawing as exc:
            # Too slow for a request: a worker draws it; ask again after Retry-After.
            return Response({"status": "drawing", "message": exc.message}, status=status.HTTP_202_ACCEPTED,
                            headers={"Retry-After": str(notation.NOTATION_POLL_SECONDS)})
        return Response(data)


class ExerciseAudioApi(APIView):
    """Whether the practice audio (target melody, accompaniment) is rendered; asking queues the render."""

    class AudioOutput(serializers.Serializer[dict[str, Any]]):
        status = serializers.ChoiceField(choices=["ready", "rendering", "failed"])
        parts = serializers.ListField(child=serializers.CharField(), required=False)
        error = serializers.CharField(required=False)

    @extend_schema(responses=AudioOutput)
    def get(self, request: Request, exercise_id: int) -> Response:
        exercise = get_object_or_404(Exercise.objects.visible_to(api_user(request)), pk=exercise_id)
        return Response(audio.exercise_audio(exercise=exercise))


class TranscriptionNotationApi(APIView):
    """A transcription drawn as a staff (Verovio SVG) and as numbered notation (简谱)."""

    class NotationQuery(serializers.Serializer[dict[str, Any]]):
        layout = serializers.ChoiceField(
            choices=list(notation.LAYOUT_PAGE_WIDTHS), required=False, default="wide",
            help_text="narrow: staff systems and 简谱 lines broken for a phone's width.",
        )

    @extend_schema(parameters=[NotationQuery], responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, transcription_id: int) -> Response:
        row = get_object_or_404(Transcription.objects.filter(owner=api_user(request)), pk=transcription_id)
        query = self.NotationQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(notation.transcription_notation(row=row, layout=query.validated_data["layout"]))
