from django.urls import path

from meetings import feeds
from meetings.views import pages, publishing, running, workspace

app_name = "meetings"
urlpatterns = [
    path("", pages.meeting_list, name="index"),
    path("kalender.ics", feeds.calendar, name="ical"),
    path("udvalg/", pages.committee_list, name="committees"),
    path("udvalg/<slug:slug>/", pages.committee_detail, name="committee"),
    path("udvalg/<slug:slug>/kalender.ics", feeds.committee_calendar, name="committee_ical"),
    path("<int:pk>/", pages.meeting_detail, name="meeting"),
    path("<int:pk>/referat/", pages.minutes, name="minutes"),
    path("punkt/<int:pk>/", pages.item_detail, name="item"),
    path("punkt/<int:pk>/note/", pages.item_note, name="item_note"),
    path("bilag/<int:pk>/", pages.attachment_download, name="attachment"),
    # The secretariat's workspace.
    path("arbejdsrum/", workspace.index, name="workspace"),
    path("arbejdsrum/nyt/", workspace.meeting_new, name="workspace_new"),
    path("arbejdsrum/<int:pk>/", workspace.meeting, name="workspace_meeting"),
    path("arbejdsrum/<int:pk>/rediger/", workspace.meeting_edit, name="workspace_edit"),
    path("arbejdsrum/<int:pk>/program/", workspace.programme, name="workspace_programme"),
    path("arbejdsrum/<int:pk>/grupper/", workspace.groups, name="workspace_groups"),
    path("arbejdsrum/<int:pk>/udsend/", publishing.publish, name="workspace_publish"),
    path("arbejdsrum/<int:pk>/genudsend/", publishing.republish, name="workspace_republish"),
    path("arbejdsrum/<int:pk>/versioner/", publishing.version_list, name="workspace_versions"),
    path("arbejdsrum/<int:pk>/punkt/", workspace.item_new, name="workspace_item_new"),
    path("arbejdsrum/<int:pk>/punkt/indsaet/", workspace.item_paste, name="workspace_item_paste"),
    path(
        "arbejdsrum/<int:pk>/punkt/opfoelgning/",
        workspace.item_followup,
        name="workspace_item_followup",
    ),
    path("arbejdsrum/punkt/<int:pk>/", workspace.item_edit, name="workspace_item"),
    path("arbejdsrum/punkt/<int:pk>/flyt/", workspace.item_move, name="workspace_item_move"),
    path(
        "arbejdsrum/punkt/<int:pk>/forhaandsvisning/",
        workspace.item_preview,
        name="workspace_item_preview",
    ),
    # At and after the meeting.
    path("arbejdsrum/<int:pk>/fremmoede/", running.attendance, name="workspace_attendance"),
    path("arbejdsrum/<int:pk>/afholdt/", running.mark_held, name="workspace_mark_held"),
    path("arbejdsrum/<int:pk>/godkend-referat/", running.approve, name="workspace_approve"),
    path("arbejdsrum/punkt/<int:pk>/beslutning/", running.decision, name="workspace_decision"),
]
