from django.urls import path

from catalogue import staff_urls, views

app_name = "catalogue"
urlpatterns = [
    path("", views.index, name="index"),
    *staff_urls.urlpatterns,
]
