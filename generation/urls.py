from django.urls import path

from generation import api, views

page_patterns = [
    path("drills/", views.drill_list, name="drill-list"),
    path("drills/weak-spots/", views.drill_weak_spots, name="drill-weak-spots"),
    path("drills/<int:drill_id>/", views.drill_detail, name="drill-detail"),
    path("drills/<int:drill_id>/refine/", views.drill_refine, name="drill-refine"),
    path("drills/<int:drill_id>/files/<str:fmt>/", views.drill_file, name="drill-file"),
]

api_patterns = [
    path("drills/", api.DrillListApi.as_view(), name="api-drills"),
    path("drills/weak-spots/", api.WeakSpotDrillApi.as_view(), name="api-drill-weak-spots"),
    path("drills/<int:drill_id>/", api.DrillDetailApi.as_view(), name="api-drill"),
    path("drills/<int:drill_id>/refine/", api.DrillRefineApi.as_view(), name="api-drill-refine"),
    path("drills/<int:drill_id>/files/<str:fmt>/", api.DrillFileApi.as_view(), name="api-drill-file"),
]
