from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from generation import urls as generation_urls
from grading import urls as grading_urls
from lessons import urls as lessons_urls
from tutor import api, views
from tutor.auth_views import ThrottledLoginView
from config.health import healthz

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
    path(
        "classrooms/<int:classroom_id>/drill-assignments/",
        api.DrillAssignmentApi.as_view(),
        name="api-classroom-drill-assignments",
    ),
    path("students/<int:student_id>/profile/", api.StudentProfileApi.as_view(), name="api-student-profile"),
    path("exports/", api.DataExportListApi.as_view(), name="api-exports"),
    path("exports/<int:export_id>/", api.DataExportDetailApi.as_view(), name="api-export"),
    path("students/<int:student_id>/delete-data/", api.StudentDataDeleteApi.as_view(), name="api-student-data-delete"),
    *grading_urls.api_patterns,
    *generation_urls.api_patterns,
    *lessons_urls.api_patterns,
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("signup/", views.signup, name="signup"),
    path("accounts/login/", ThrottledLoginView.as_view(), name="login"),
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
    path("classes/<int:classroom_id>/gradebook/", views.classroom_gradebook, name="classroom-gradebook"),
    path("classes/<int:classroom_id>/drills/", views.classroom_assign_drills, name="classroom-assign-drills"),
    path("students/<int:student_id>/progress/", views.student_progress, name="student-progress"),
    path("students/<int:student_id>/export/", views.student_data_export, name="student-data-export"),
    path("students/<int:student_id>/delete-data/", views.student_data_delete, name="student-data-delete"),
    path(
        "classes/<int:classroom_id>/students/<int:student_id>/remove/",
        views.classroom_remove_student,
        name="classroom-remove-student",
    ),
    path("assignments/<int:assignment_id>/", views.assignment_detail, name="assignment-detail"),
    *grading_urls.page_patterns,
    *generation_urls.page_patterns,
    *lessons_urls.page_patterns,
    path("api/", include(api_patterns)),
    path("admin/", admin.site.urls),
]
