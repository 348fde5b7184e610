"""URLs of the staff and secretariat pages (submission, my ideas, curation, workshop capture).

Included in ``catalogue/urls.py`` under the ``catalogue`` namespace.
"""

from django.urls import path

from catalogue import staff_views

urlpatterns = [
    path("ny/", staff_views.submit, name="submit"),
    path("ny/tjek/", staff_views.validate, name="validate"),
    path("lignende/", staff_views.similar, name="similar"),
    path("mine/", staff_views.my_ideas, name="my_ideas"),
    path("<int:pk>/rediger/", staff_views.edit, name="edit"),
    path("<int:pk>/indsend/", staff_views.resubmit, name="resubmit"),
    path("kuratering/", staff_views.curation, name="curation"),
    path("<int:pk>/kuratering/", staff_views.curate, name="curate"),
    path("<int:pk>/kuratering/historik/", staff_views.curate_history, name="curate_history"),
    path("<int:pk>/kuratering/status/", staff_views.curate_status, name="curate_status"),
    path("<int:pk>/kuratering/note/", staff_views.curate_note, name="curate_note"),
    path("<int:pk>/kuratering/link/", staff_views.curate_link, name="curate_link"),
    path("workshop/<int:group_pk>/", staff_views.capture, name="capture"),
    path("workshop/<int:group_pk>/ideer/", staff_views.workshop_ideas, name="workshop_ideas"),
]
