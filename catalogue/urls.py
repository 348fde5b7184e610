from django.urls import path

from catalogue import edition_urls, staff_urls, views

app_name = "catalogue"
urlpatterns = [
    path("", views.index, name="index"),
    path("matrix/", views.matrix, name="matrix"),
    path("eksport.csv", views.export_csv, name="export_csv"),
    path("eksport.json", views.export_json, name="export_json"),
    path("<int:pk>/", views.idea_detail, name="idea"),
    path("<int:pk>/stoet/", views.endorse, name="endorse"),
    path("<int:pk>/kommentar/", views.comment, name="comment"),
    *staff_urls.urlpatterns,
    *edition_urls.urlpatterns,
]
