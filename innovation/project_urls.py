"""The innovation projects' URLs (namespace ``innovation``), under ``/projekter/``. The
portfolio itself is ``/projekter/`` (named ``projects`` in the root URLconf)."""

from django.urls import path

from innovation import project_views as views

app_name = "innovation"
urlpatterns = [
    path("modellen/", views.model, name="model"),
    path("netvaerk/", views.network, name="network"),
    path("<int:pk>/spor/", views.trace, name="trace"),
    path("ny/", views.project_new, name="project_new"),
    path("<int:pk>/", views.project_detail, name="project"),
    path("<int:pk>/rediger/", views.project_edit, name="project_edit"),
    path("<int:pk>/fase/", views.gate, name="gate"),
    path(
        "<int:pk>/fase/beslutning/<int:item_pk>/",
        views.gate_from_decision,
        name="gate_from_decision",
    ),
    path("<int:pk>/dagsorden/", views.propose, name="propose"),
    path("<int:pk>/noter/", views.note_add, name="note_add"),
    path("<int:pk>/finansiering/ny/", views.funding_new, name="funding_new"),
    path("finansiering/<int:pk>/", views.funding_edit, name="funding_edit"),
    path("<int:pk>/partnere/ny/", views.partnership_new, name="partnership_new"),
    path("partnere/<int:pk>/", views.partnership_edit, name="partnership_edit"),
    path("partnere/<int:pk>/fjern/", views.partnership_remove, name="partnership_remove"),
    path("<int:pk>/gevinster/ny/", views.benefit_new, name="benefit_new"),
    path("gevinster/<int:pk>/", views.benefit_edit, name="benefit_edit"),
    path("gevinster/<int:pk>/maal/", views.targets_change, name="targets_change"),
    path("gevinster/<int:pk>/maaling/ny/", views.measurement_new, name="measurement_new"),
    path("maaling/<int:pk>/", views.measurement_edit, name="measurement_edit"),
    path("<int:pk>/laering/ny/", views.learning_new, name="learning_new"),
]
