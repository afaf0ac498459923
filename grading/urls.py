from django.urls import path

from grading import api, views

page_patterns = [
    path("exercises/", views.exercise_list, name="exercise-list"),
    path("exercises/<int:exercise_id>/takes/", views.exercise_recording_create, name="exercise-take-create"),
    path("assignments/<int:assignment_id>/takes/", views.recording_create, name="recording-create"),
    path("takes/<int:recording_id>/", views.recording_detail, name="recording-detail"),
    path("takes/<int:recording_id>/audio/", views.recording_audio, name="recording-audio"),
]

api_patterns = [
    path("exercises/", api.ExerciseListApi.as_view(), name="api-exercises"),
    path("exercises/<int:exercise_id>/", api.ExerciseDetailApi.as_view(), name="api-exercise"),
    path("recordings/", api.RecordingListApi.as_view(), name="api-recordings"),
    path("recordings/<int:recording_id>/", api.RecordingDetailApi.as_view(), name="api-recording"),
]
