"""Every app's ``page_patterns`` at the site root and ``api_patterns`` under /api/, plus the schema, admin and healthz."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from config.health import healthz
from generation import urls as generation_urls
from grading import urls as grading_urls
from lessons import urls as lessons_urls
from students import urls as students_urls
from studio import urls as studio_urls
from tutor import urls as tutor_urls

APPS = (tutor_urls, grading_urls, studio_urls, generation_urls, lessons_urls, students_urls)

api_patterns = [
    *(pattern for app in APPS for pattern in app.api_patterns),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # gettext() for the studio's scripts, in the page's language.
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    *(pattern for app in APPS for pattern in app.page_patterns),
    path("api/", include(api_patterns)),
    path("admin/", admin.site.urls),
]

handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
