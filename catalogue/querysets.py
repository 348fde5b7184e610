"""Reads that already apply who may see what in the idea catalogue. Every view, fragment,
feed and document reads ideas and their parts through ``visible_to(user)``; nothing else
filters for access.

The rules (DOMAIN.md, "The idea catalogue"), by status:

=======================  =============================================================
status                   who sees the idea
=======================  =============================================================
draft                    its submitter only (the secretariat too only for its own drafts:
                         a draft has not been handed in)
submitted, under review, its submitter and the secretariat
needs clarification
published, selected,     everyone, anonymous visitors included (``PUBLIC_STATUSES``,
parked                   the catalogue)
rejected                 its submitter and the secretariat (the submitter reads the reason)
=======================  =============================================================

"The secretariat" is ``innovation.shared.permissions.is_secretariat`` (the Sekretariat group and
superusers). Committee members and staff read like the public, plus the ideas they submitted.

The parts of an idea:

* Status history with answers (``IdeaStatusChange``): the idea's submitter and the secretariat
  (of the ideas they may see). Others see only the current status.
* Internal notes (``InternalNote``): the secretariat only, never the submitter.
* Support (``Endorsement``), comments (``Comment``) and links (``IdeaLink``): whoever may see the
  idea (a link only when both ideas are visible).
* The recorded history of changes (``innovation.shared.history``, ``idea_events``): the secretariat
  only (``can_read_history``), of the ideas it may see, and only from when the idea was handed
  in: what it was while a draft is its submitter's.

Predicates that the catalogue adds to ``innovation/permissions.py``'s roles live here, next to
the rules: ``can_curate``, ``can_submit``, ``can_edit``, ``can_take_part``.
"""

from collections import Counter

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Sum

from innovation.shared import permissions

DRAFT = "draft"
SUBMITTED = "submitted"
UNDER_REVIEW = "under_review"
NEEDS_CLARIFICATION = "needs_clarification"
PUBLISHED = "published"
SELECTED = "selected"
PARKED = "parked"
REJECTED = "rejected"

STATUSES = (
    DRAFT,
    SUBMITTED,
    UNDER_REVIEW,
    NEEDS_CLARIFICATION,
    PUBLISHED,
    SELECTED,
    PARKED,
    REJECTED,
)
PUBLIC_STATUSES = (PUBLISHED, SELECTED, PARKED)
"""The catalogue: statuses everyone sees, where support and comments are taken."""
AWAITING_CURATION = (SUBMITTED, UNDER_REVIEW)
"""Handed in and waiting on the secretariat (an idea that needs clarification waits on its
submitter)."""
EDITABLE_BY_SUBMITTER = (DRAFT, NEEDS_CLARIFICATION)


def can_curate(user) -> bool:
    """Change statuses, write internal notes, link ideas, record workshop results."""
    return permissions.is_secretariat(user)


def can_read_history(user) -> bool:
    """Read who changed what of an idea, and when (``idea_events``)."""
    return permissions.is_secretariat(user)


def idea_events(user, idea):
    """The recorded changes of ``idea`` that ``user`` may read, as ``innovation.shared.history``
    events: none but for the secretariat, and none made while the idea was a draft (see
    ``redact_draft`` for the step that handed it in)."""
    from innovation.shared import history

    events = history.events().across(history.event_model(type(idea))).tracks(idea)
    if not can_read_history(user):
        return events.none()
    return events.exclude(pgh_data__status=DRAFT)


def redact_draft(model, diff):
    """Of the change that handed a draft in, only the status: the values before it are the
    draft's."""
    before = diff.get("status", [None])[0]
    return {"status": diff["status"]} if before == DRAFT else diff


def can_submit(user) -> bool:
    """Staff, committee members and the secretariat submit ideas (a role, not the public)."""
    return bool(user.is_authenticated and user.is_active and permissions.roles_of(user))


def can_edit(user, idea) -> bool:
    """The submitter edits a draft or an idea sent back for clarification; the secretariat
    edits every idea it may see (not someone else's draft)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    own = idea.submitted_by_id == user.pk
    if idea.status == DRAFT:
        return own
    return (own and idea.status in EDITABLE_BY_SUBMITTER) or can_curate(user)


def can_take_part(user, idea) -> bool:
    """Support and comment: a logged-in, active user on an idea in the catalogue."""
    return bool(user and user.is_authenticated and user.is_active) and (
        idea.status in PUBLIC_STATUSES
    )


def idea_visible_q(user, path=""):
    """The ideas ``user`` may see, as a Q on the idea found at ``path`` (``""`` from an idea,
    ``"idea__"`` from its parts)."""
    public = Q(**{f"{path}status__in": PUBLIC_STATUSES})
    # A reader that is not a person (a document's audience) has no ideas of its own.
    if user is None or user.pk is None or not user.is_authenticated or not user.is_active:
        return public
    own = Q(**{f"{path}submitted_by": user})
    if can_curate(user):
        return ~Q(**{f"{path}status": DRAFT}) | own
    return public | own


class IdeaQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(idea_visible_q(user))

    def published(self):
        """The catalogue: published, selected for a project or parked."""
        return self.filter(status__in=PUBLIC_STATUSES)

    def submitted_by(self, user):
        """“My ideas”."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(submitted_by=user)

    def status_counts(self) -> dict[str, int]:
        """How many of these ideas have each status (statuses without ideas left out), in one
        query."""
        return dict(self.order_by().values_list("status").annotate(n=Count("*")))

    def with_origin(self, user):
        """``origin``: the workshop group the idea came from, with its meeting, where ``user``
        may see that meeting; ``None`` where not (a draft meeting, a committee that publishes
        nothing), so that neither the meeting nor the group's name is shown."""
        from meetings.models import WorkshopGroup

        groups = WorkshopGroup.objects.visible_to(user).select_related("meeting__committee")
        return self.prefetch_related(models.Prefetch("origin", queryset=groups))

    def matrix(self):
        """Actor types × welfare areas: how many of these ideas involve each pair, with totals
        (an idea with several actor types counts once in each row; totals count each idea
        once). Two grouped queries, whatever the number of ideas: the pairs, and the ideas per
        welfare area (an idea has one welfare area at most, so an actor type's total is the sum
        of its row, the ideas without a welfare area included). The catalogue's own matrix
        reads the stored counts instead (``MatrixCountQuerySet.matrix``)."""
        # One join from these ideas (read off ``catalogue_idea_status_area``) to their actors.
        pairs = self.order_by().filter(actor_types__isnull=False)
        cells = pairs.values_list("actor_types", "welfare_area").annotate(n=Count("pk"))
        area_totals = self.order_by().values_list("welfare_area").annotate(n=Count("pk"))
        return _matrix(cells, area_totals)

    def with_endorsed_by(self, user):
        """``endorsed``: whether ``user`` supports each idea."""
        from catalogue.models import Endorsement

        if user is None or not user.is_authenticated:
            return self.annotate(endorsed=models.Value(False))
        return self.annotate(
            endorsed=Exists(Endorsement.objects.filter(idea=OuterRef("pk"), user=user))
        )


def _matrix(cells, area_totals):
    """The matrix's table from ``(actor, area, n)`` and ``(area, n)`` rows."""
    from catalogue.models import ActorType, WelfareArea

    counts = {}
    actor_totals = Counter()
    for actor, area, n in cells:
        counts[actor, area] = n
        actor_totals[actor] += n
    area_totals = dict(area_totals)
    areas = list(WelfareArea.objects.all())
    return {
        "areas": [{"area": area, "total": area_totals.get(area.pk, 0)} for area in areas],
        "table": [
            {
                "actor": actor,
                "cells": [
                    {"area": area, "count": counts.get((actor.pk, area.pk), 0)} for area in areas
                ],
                "total": actor_totals[actor.pk],
            }
            for actor in ActorType.objects.all()
        ],
        "total": sum(area_totals.values()),
    }


class MatrixCountQuerySet(models.QuerySet):
    def matrix(self, statuses=PUBLIC_STATUSES):
        """``IdeaQuerySet.matrix`` of the ideas in ``statuses``, from the stored counts: two
        small grouped queries (and the actor types and areas), however many ideas there are."""
        counts = self.filter(status__in=statuses).order_by()
        cells = (
            counts.filter(actor_type__isnull=False)
            .values_list("actor_type", "welfare_area")
            .annotate(total=Sum("n"))
        )
        area_totals = (
            counts.filter(actor_type__isnull=True)
            .values_list("welfare_area")
            .annotate(total=Sum("n"))
        )
        return _matrix(cells, area_totals)


class IdeaStatusChangeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The history with answers: the idea's submitter and the secretariat."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        visible = idea_visible_q(user, "idea__")
        if can_curate(user):
            return self.filter(visible)
        return self.filter(visible, idea__submitted_by=user)


class InternalNoteQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The secretariat only."""
        if not can_curate(user):
            return self.none()
        return self.filter(idea_visible_q(user, "idea__"))


class EndorsementQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(idea_visible_q(user, "idea__"))


class CommentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(idea_visible_q(user, "idea__"))


class IdeaLinkQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(idea_visible_q(user, "from_idea__"), idea_visible_q(user, "to_idea__"))
