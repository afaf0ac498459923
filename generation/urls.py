from django.urls import path

from generation import api, views

page_patterns = [
    path("drills/", views.drill_list, name="drill-list"),
    path("drills/<int:drill_id>/", views.drill_detail, name="drill-detail"),
    path("drills/<int:drill_id>/refine/", views.drill_refine, name="drill-refine"),
    path("drills/<int:drill_id>/files/<str:fmt>/", views.drill_file, name="drill-file"),
    path("takes/<int:recording_id>/drill/", views.recording_drill, name="recording-drill"),
]

api_patterns = [
    path("exercises/", api.ExerciseListApi.as_view(), name="api-exercises"),
    path("drills/", api.DrillListApi.as_view(), name="api-drills"),
    path("drills/<int:drill_id>/", api.DrillDetailApi.as_view(), name="api-drill"),
    path("drills/<int:drill_id>/refine/", api.DrillRefineApi.as_view(), name="api-drill-refine"),
    path("drills/<int:drill_id>/files/<str:fmt>/", api.DrillFileApi.as_view(), name="api-drill-file"),
    path("recordings/<int:recording_id>/drill/", api.RecordingDrillApi.as_view(), name="api-recording-drill"),
    path("transcriptions/<int:transcription_id>/chords/", api.TranscriptionChordsApi.as_view(),
         name="api-transcription-chords"),
    path("transcriptions/<int:transcription_id>/accompaniment/", api.TranscriptionAccompanimentApi.as_view(),
         name="api-transcription-accompaniment"),
    path("transcriptions/<int:transcription_id>/exercise/", api.TranscriptionExerciseApi.as_view(),
         name="api-transcription-exercise"),
]
