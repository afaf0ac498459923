from django.urls import path

from studio import api, views

page_patterns = [
    path("takes/<int:recording_id>/", views.recording_detail, name="recording-detail"),
    path("takes/<int:recording_id>/mark/", views.recording_mark_page, name="recording-mark"),
    path("exercises/<int:exercise_id>/studio/", views.exercise_studio, name="exercise-studio"),
    path("exercises/<int:exercise_id>/studio/audio/<str:part>/", views.exercise_audio_file, name="exercise-audio"),
    path("assignments/<int:assignment_id>/studio/", views.assignment_studio, name="assignment-studio"),
    path("transcribe/", views.transcribe_page, name="transcribe"),
    path("transcribe/<int:transcription_id>/retry/", views.transcription_retry_page, name="transcription-retry"),
]

api_patterns = [
    path("exercises/<int:exercise_id>/notation/", api.ExerciseNotationApi.as_view(), name="api-exercise-notation"),
    path("exercises/<int:exercise_id>/audio/", api.ExerciseAudioApi.as_view(), name="api-exercise-audio"),
    path("transcriptions/<int:transcription_id>/notation/", api.TranscriptionNotationApi.as_view(),
         name="api-transcription-notation"),
]
