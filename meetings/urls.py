from django.urls import path

from meetings import feeds, views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="index"),
    path("kalender.ics", feeds.calendar, name="ical"),
    path("udvalg/", views.committee_list, name="committees"),
    path("udvalg/<slug:slug>/", views.committee_detail, name="committee"),
    path("udvalg/<slug:slug>/kalender.ics", feeds.committee_calendar, name="committee_ical"),
    path("<int:pk>/", views.meeting_detail, name="meeting"),
    path("<int:pk>/referat/", views.minutes, name="minutes"),
    path("punkt/<int:pk>/", views.item_detail, name="item"),
    path("punkt/<int:pk>/note/", views.item_note, name="item_note"),
    path("bilag/<int:pk>/", views.attachment_download, name="attachment"),
]
