"""URLs for people, classes and assignments: ``page_patterns`` at the site root, ``api_patterns`` under /api/."""

from django.contrib.auth import views as auth_views
from django.urls import path

from tutor import api, views
from tutor.auth_views import ThrottledLoginView, TokenEndingPasswordResetConfirmView

page_patterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("signup/", views.signup, name="signup"),
    path("language/", views.language_switch, name="language-switch"),
    path("account/preferences/", views.preferences, name="account-preferences"),
    path("account/notation/", views.notation_choose, name="notation-choose"),
    path("accounts/login/", ThrottledLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password-reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        TokenEndingPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("classes/", views.classroom_list, name="classroom-list"),
    path("classes/join/", views.classroom_join, name="classroom-join"),
    path(
        "classes/<int:classroom_id>/students/<int:student_id>/remove/",
        views.classroom_remove_student,
        name="classroom-remove-student",
    ),
]

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
]
