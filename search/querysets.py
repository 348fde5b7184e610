"""Who finds which search document: exactly who may see the object on its page. Each kind is
read through its own app's rule — ``Meeting.objects.visible_to``, ``item_readable_q`` (an item
in full: a closed item only for the members of its meeting's committees and the secretariat),
``Attachment.objects.visible_to`` (a closed attachment likewise), ``Idea.objects.visible_to``
(a draft only for its submitter), ``Project.objects.visible_to`` (a draft only for the
secretariat) — as a correlated ``EXISTS`` on the object's primary key: an index lookup per
candidate document, never a second copy of a rule and never a read of every visible object."""

from django.db import models
from django.db.models import Exists, OuterRef, Q


def _visible_objects(user):
    """``{kind: (column, queryset of the objects of that kind user may see)}``."""
    from catalogue.models import Idea
    from innovation.models import Project
    from meetings.models import AgendaItem, Attachment, Meeting
    from meetings.querysets import item_readable_q
    from search.models import Document

    Kind = Document.Kind
    return {
        Kind.MEETING: ("meeting_id", Meeting.objects.visible_to(user)),
        Kind.ITEM: ("item_id", AgendaItem.objects.filter(item_readable_q(user))),
        Kind.ATTACHMENT: ("attachment_id", Attachment.objects.visible_to(user)),
        Kind.IDEA: ("idea_id", Idea.objects.visible_to(user)),
        Kind.PROJECT: ("project_id", Project.objects.visible_to(user)),
    }


def document_visible_q(user):
    condition = Q(pk__in=[])
    for kind, (column, objects) in _visible_objects(user).items():
        visible = objects.order_by().filter(pk=OuterRef(column))
        condition |= Q(kind=kind) & Q(Exists(visible))
    return condition


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(document_visible_q(user))
