"""URLs where the apps meet around students: ``page_patterns`` at the site root, ``api_patterns`` under /api/."""

from django.urls import path

from students import api, views

page_patterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("account/", views.account, name="account"),
    path("account/exports/<int:export_id>/download/", views.export_download, name="export-download"),
    path("classes/<int:classroom_id>/", views.classroom_detail, name="classroom-detail"),
    path("classes/<int:classroom_id>/gradebook/", views.classroom_gradebook, name="classroom-gradebook"),
    path("classes/<int:classroom_id>/drills/", views.classroom_assign_drills, name="classroom-assign-drills"),
    path("students/<int:student_id>/progress/", views.student_progress, name="student-progress"),
    path("students/<int:student_id>/export/", views.student_data_export, name="student-data-export"),
    path("students/<int:student_id>/delete-data/", views.student_data_delete, name="student-data-delete"),
    path("assignments/<int:assignment_id>/", views.assignment_detail, name="assignment-detail"),
    path("drills/weak-spots/", views.drill_weak_spots, name="drill-weak-spots"),
]

api_patterns = [
    path(
        "classrooms/<int:classroom_id>/drill-assignments/",
        api.DrillAssignmentApi.as_view(),
        name="api-classroom-drill-assignments",
    ),
    path("students/<int:student_id>/profile/", api.StudentProfileApi.as_view(), name="api-student-profile"),
    path("exports/", api.DataExportListApi.as_view(), name="api-exports"),
    path("exports/<int:export_id>/", api.DataExportDetailApi.as_view(), name="api-export"),
    path("students/<int:student_id>/delete-data/", api.StudentDataDeleteApi.as_view(), name="api-student-data-delete"),
    path("drills/weak-spots/", api.WeakSpotDrillApi.as_view(), name="api-drill-weak-spots"),
]
