from django.urls import path

from grading import api, views

page_patterns = [
    path("exercises/", views.exercise_list, name="exercise-list"),
    path("exercises/uploads/<int:upload_id>/", views.score_upload_detail, name="score-upload"),
    path("exercises/<int:exercise_id>/takes/", views.exercise_recording_create, name="exercise-take-create"),
    path("assignments/<int:assignment_id>/takes/", views.recording_create, name="recording-create"),
    path("takes/<int:recording_id>/audio/", views.recording_audio, name="recording-audio"),
    path("takes/<int:recording_id>/retry/", views.recording_retry, name="recording-retry"),
    path("classes/<int:classroom_id>/review/", views.review_queue, name="review-queue"),
    path("notes/<int:note_id>/audio/", views.note_audio, name="note-audio"),
    path("notes/<int:note_id>/override/", views.note_override, name="note-override"),
    path("range-test/", views.range_test, name="range-test"),
    path("range-test/<int:test_id>/retry/", views.range_test_retry, name="range-test-retry"),
]

api_patterns = [
    # GET/POST /api/exercises/ may make a generated drill: generation.api.ExerciseListApi.
    path("exercises/<int:exercise_id>/", api.ExerciseDetailApi.as_view(), name="api-exercise"),
    path("score-uploads/", api.ScoreUploadListApi.as_view(), name="api-score-uploads"),
    path("score-uploads/<int:upload_id>/", api.ScoreUploadDetailApi.as_view(), name="api-score-upload"),
    path("recordings/", api.RecordingListApi.as_view(), name="api-recordings"),
    path("recordings/<int:recording_id>/", api.RecordingDetailApi.as_view(), name="api-recording"),
    path("recordings/<int:recording_id>/mark/", api.RecordingMarkApi.as_view(), name="api-recording-mark"),
    path("recordings/<int:recording_id>/retry/", api.RecordingRetryApi.as_view(), name="api-recording-retry"),
    path("exercises/<int:exercise_id>/takes/", api.ExerciseTakesApi.as_view(), name="api-exercise-takes"),
    path("classrooms/<int:classroom_id>/review/", api.ReviewQueueApi.as_view(), name="api-review-queue"),
    path("notes/<int:note_id>/override/", api.NoteOverrideApi.as_view(), name="api-note-override"),
    path("range-tests/", api.RangeTestListApi.as_view(), name="api-range-tests"),
    path("range-tests/<int:test_id>/", api.RangeTestDetailApi.as_view(), name="api-range-test"),
    path("range-tests/<int:test_id>/retry/", api.RangeTestRetryApi.as_view(), name="api-range-test-retry"),
    path("transcriptions/", api.TranscriptionListApi.as_view(), name="api-transcriptions"),
    path("transcriptions/<int:transcription_id>/", api.TranscriptionDetailApi.as_view(), name="api-transcription"),
    path("transcriptions/<int:transcription_id>/retry/", api.TranscriptionRetryApi.as_view(),
         name="api-transcription-retry"),
]
