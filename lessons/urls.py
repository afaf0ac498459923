"""URLs for lessons and quizzes: ``page_patterns`` go at the site root, ``api_patterns`` under /api/."""

from django.urls import path

from lessons import api, views

page_patterns = [
    path("lessons/", views.lesson_list, name="lesson-list"),
    path("lessons/<slug:slug>/", views.lesson_detail, name="lesson-detail"),
    path("lessons/<slug:slug>/examples/<int:index>/audio/", views.lesson_audio, name="lesson-audio"),
    path("quizzes/", views.quiz_list, name="quiz-list"),
    path("quizzes/new/", views.quiz_create, name="quiz-create"),
    path("quizzes/<int:quiz_id>/", views.quiz_detail, name="quiz-detail"),
    path("quizzes/<int:quiz_id>/start/", views.quiz_start, name="quiz-start"),
    path("attempts/<int:attempt_id>/", views.attempt_detail, name="attempt-detail"),
    path("attempts/<int:attempt_id>/answer/", views.attempt_answer, name="attempt-answer"),
    path("attempts/<int:attempt_id>/recording/", views.attempt_recording, name="attempt-recording"),
    path("attempts/<int:attempt_id>/submit/", views.attempt_submit, name="attempt-submit"),
    path("questions/<int:question_id>/audio/", views.question_audio, name="question-audio"),
    path("practice/", views.practice, name="practice"),
]

api_patterns = [
    path("lessons/", api.LessonListApi.as_view(), name="api-lessons"),
    path("lessons/<slug:slug>/", api.LessonDetailApi.as_view(), name="api-lesson"),
    path("lessons/<slug:slug>/examples/<int:index>/audio/", api.LessonAudioApi.as_view(), name="api-lesson-audio"),
    path("question-types/", api.QuestionTypeListApi.as_view(), name="api-question-types"),
    path("quizzes/", api.QuizListApi.as_view(), name="api-quizzes"),
    path("quizzes/<int:quiz_id>/", api.QuizDetailApi.as_view(), name="api-quiz"),
    path("attempts/", api.AttemptListApi.as_view(), name="api-attempts"),
    path("attempts/<int:attempt_id>/", api.AttemptDetailApi.as_view(), name="api-attempt"),
    path("attempts/<int:attempt_id>/next/", api.AttemptNextApi.as_view(), name="api-attempt-next"),
    path("attempts/<int:attempt_id>/submit/", api.AttemptSubmitApi.as_view(), name="api-attempt-submit"),
    path("questions/<int:question_id>/answer/", api.QuestionAnswerApi.as_view(), name="api-question-answer"),
    path("questions/<int:question_id>/audio/", api.QuestionAudioApi.as_view(), name="api-question-audio"),
    path("questions/<int:question_id>/recording/", api.QuestionRecordingApi.as_view(), name="api-question-recording"),
]
