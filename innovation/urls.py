from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from innovation import opendata, project_views, views  # noqa: F401 - opendata mounts its router
from innovation.api import api, no_such_address
from innovation.shared import export_views
from meetings.views.pages import attachment_file

handler400 = views.bad_request
handler500 = views.server_error

urlpatterns = [
    path("favicon.ico", views.favicon, name="favicon"),
    # For load balancers: outside the language prefixes, no session, never cached.
    path("healthz", views.healthz, name="healthz"),
    # The public API and its open data: JSON in no language, so outside the language prefixes.
    path("api/", api.urls),
    re_path(r"^api/", no_such_address, name="api_not_found"),
]
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("projekter/", project_views.portfolio, name="projects"),
    path("projekter/", include("innovation.project_urls")),
    path("moeder/", include("meetings.urls")),
    path("idekatalog/", include("catalogue.urls")),
    path("soeg/", include("search.urls")),
    path("dokumenter/ny/", export_views.export_start, name="export_start"),
    path("dokumenter/<int:pk>/", export_views.export_status, name="export_status"),
    path("dokumenter/<int:pk>/hent/", export_views.export_download, name="export_download"),
    path("api-dokumentation/", views.api_docs, name="api_docs"),
    path("konto/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

# Uploaded files are only ever served through the access check, in development too.
urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", attachment_file)]
