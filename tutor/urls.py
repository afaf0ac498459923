from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from generation import api as generation_api
from generation import views as generation_views
from grading import api as grading_api
from grading import views as grading_views
from tutor import api, views
from tutor.health import healthz

api_patterns = [
    path("auth/token/", api.TokenApi.as_view(), name="api-token"),
    path("me/", api.MeApi.as_view(), name="api-me"),
    path("classrooms/", api.ClassroomListApi.as_view(), name="api-classrooms"),
    path("classrooms/join/", api.ClassroomJoinApi.as_view(), name="api-classroom-join"),
    path("classrooms/<int:classroom_id>/", api.ClassroomDetailApi.as_view(), name="api-classroom"),
    path(
        "classrooms/<int:classroom_id>/students/<int:student_id>/",
        api.ClassroomStudentApi.as_view(),
        name="api-classroom-student",
    ),
    path("assignments/", api.AssignmentListApi.as_view(), name="api-assignments"),
    path("assignments/<int:assignment_id>/", api.AssignmentDetailApi.as_view(), name="api-assignment"),
    path("exercises/", grading_api.ExerciseListApi.as_view(), name="api-exercises"),
    path("exercises/<int:exercise_id>/", grading_api.ExerciseDetailApi.as_view(), name="api-exercise"),
    path("recordings/", grading_api.RecordingListApi.as_view(), name="api-recordings"),
    path("recordings/<int:recording_id>/", grading_api.RecordingDetailApi.as_view(), name="api-recording"),
    path("drills/", generation_api.DrillListApi.as_view(), name="api-drills"),
    path("drills/<int:drill_id>/", generation_api.DrillDetailApi.as_view(), name="api-drill"),
    path("drills/<int:drill_id>/refine/", generation_api.DrillRefineApi.as_view(), name="api-drill-refine"),
    path("drills/<int:drill_id>/files/<str:fmt>/", generation_api.DrillFileApi.as_view(), name="api-drill-file"),
    path("exports/", api.DataExportListApi.as_view(), name="api-exports"),
    path("exports/<int:export_id>/", api.DataExportDetailApi.as_view(), name="api-export"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("signup/", views.signup, name="signup"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password-reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("account/", views.account, name="account"),
    path("account/exports/<int:export_id>/download/", views.export_download, name="export-download"),
    path("classes/", views.classroom_list, name="classroom-list"),
    path("classes/join/", views.classroom_join, name="classroom-join"),
    path("classes/<int:classroom_id>/", views.classroom_detail, name="classroom-detail"),
    path(
        "classes/<int:classroom_id>/students/<int:student_id>/remove/",
        views.classroom_remove_student,
        name="classroom-remove-student",
    ),
    path("assignments/<int:assignment_id>/", views.assignment_detail, name="assignment-detail"),
    path("exercises/", grading_views.exercise_list, name="exercise-list"),
    path("assignments/<int:assignment_id>/takes/", grading_views.recording_create, name="recording-create"),
    path("exercises/<int:exercise_id>/takes/", grading_views.exercise_recording_create, name="exercise-take-create"),
    path("drills/", generation_views.drill_list, name="drill-list"),
    path("drills/<int:drill_id>/", generation_views.drill_detail, name="drill-detail"),
    path("drills/<int:drill_id>/refine/", generation_views.drill_refine, name="drill-refine"),
    path("drills/<int:drill_id>/files/<str:fmt>/", generation_views.drill_file, name="drill-file"),
    path("takes/<int:recording_id>/", grading_views.recording_detail, name="recording-detail"),
    path("takes/<int:recording_id>/audio/", grading_views.recording_audio, name="recording-audio"),
    path("api/", include(api_patterns)),
    path("admin/", admin.site.urls),
]
