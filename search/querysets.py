"""Who finds which search document: exactly who may see the object on its page. Each kind is
read through its own app's rule, as a condition on the joined object —
``meeting_visible_q``, ``item_readable_q`` (an item in full: a closed item only for the members
of its meeting's committees and the secretariat; an item's decision document for exactly those
who see the item but may not read it in full — its levels ``decision`` and ``closed`` — so that
nobody finds an item twice), ``attachment_visible_q`` (a closed attachment
likewise), ``idea_visible_q`` (a draft only for its submitter) and ``project_visible_q`` (a
draft only for the secretariat) — the same functions the objects' own ``visible_to`` filter
by. Joins, not subqueries over every visible object: PostgreSQL reaches each candidate's
object by its primary key."""

from django.db import models
from django.db.models import Q


def decisions_q(user, levels):
    """True for the decision documents of the items ``user`` may see at one of ``levels``
    (``meetings.querysets.access_levels``)."""
    from meetings.querysets import item_readable_q
    from search.models import Document

    return Q(kind=Document.Kind.DECISION, decision_item__isnull=False) & item_readable_q(
        user, "decision_item__", levels=levels
    )


def document_visible_q(user, decision_levels=None):
    """True where ``user`` finds the document; ``decision_levels``: the access levels at which
    an item's decision document is found (by default those who may not read the item in
    full)."""
    from catalogue.querysets import idea_visible_q
    from innovation.querysets import project_visible_q
    from meetings.querysets import (
        CLOSED,
        DECISION,
        attachment_visible_q,
        item_readable_q,
        meeting_visible_q,
    )
    from search.models import Document

    Kind = Document.Kind
    return (
        Q(kind=Kind.MEETING, meeting__isnull=False) & meeting_visible_q(user, "meeting__")
        | Q(kind=Kind.ITEM, item__isnull=False) & item_readable_q(user, "item__")
        | decisions_q(user, decision_levels or (DECISION, CLOSED))
        | Q(kind=Kind.ATTACHMENT, attachment__isnull=False)
        & attachment_visible_q(user, "attachment__")
        | Q(kind=Kind.IDEA, idea__isnull=False) & idea_visible_q(user, "idea__")
        | Q(kind=Kind.PROJECT, project__isnull=False) & project_visible_q(user, "project__")
    )


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(document_visible_q(user))

    def known_to(self, user):
        """The documents ``user`` may see, and the duplicates of what they see (the decision
        documents of the items they read in full: the item's own document holds the same
        words): what is left out holds something hidden from ``user``."""
        from meetings.querysets import CLOSED, DECISION, FULL

        return self.filter(document_visible_q(user, decision_levels=(FULL, DECISION, CLOSED)))

    def duplicates_for(self, user):
        """The duplicates of what ``user`` sees (``known_to``), not shown to them."""
        from meetings.querysets import FULL

        return self.filter(decisions_q(user, (FULL,)))
