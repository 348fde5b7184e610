from django.urls import path

from catalogue import edition_views

urlpatterns = [
    path("udgaver/", edition_views.editions, name="editions"),
]
