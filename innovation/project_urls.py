from django.urls import path

from innovation import project_views

app_name = "innovation"
urlpatterns = [
    path("modellen/", project_views.model, name="model"),
    path("netvaerk/", project_views.network, name="network"),
    path("<int:pk>/spor/", project_views.trace, name="trace"),
]
