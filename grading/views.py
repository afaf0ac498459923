"""Pages for exercises and recordings."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from grading import services
from grading.forms import ExerciseForm
from grading.models import Exercise
from tutor.http import AuthedRequest
from tutor.views import teacher_required


@teacher_required
def exercise_list(request: AuthedRequest) -> HttpResponse:
    form = ExerciseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.exercise_create(owner=request.user, **form.cleaned_data)
        messages.success(request, "Exercise added. Assign it from a class page.")
        return redirect("exercise-list")
    exercises = Exercise.objects.visible_to(request.user)
    return render(request, "grading/exercise_list.html", {"exercises": exercises, "form": form})
