"""Reads of innovation projects that already apply who may see what. Every view, fragment,
document and the API read projects and their parts through these, nothing else filters.

The rules (issue 11; DOMAIN.md "Innovation projects and the model"):

=========================  ===============================================================
what                       who sees it
=========================  ===============================================================
a published project        everyone (the public included): its description, stage, gate
                           decisions, partners (organisation and role), benefits and
                           measurements, and its granted funding
a draft project            the secretariat only (``Project.is_published`` is False)
funding applied for or     the secretariat only (“under negotiation”)
rejected
the learning log           the secretariat and the members of the project's committee
partners' contact persons  the secretariat only
internal notes             the secretariat only
=========================  ===============================================================
"""

from django.db import models
from django.db.models import Q

from innovation.shared import permissions


def _member_of_committee_q(user, path):
    if not user.is_authenticated or user.pk is None:
        return Q(pk__isnull=True)
    from meetings.models import Membership

    committees = Membership.objects.filter(user=user).values("committee_id")
    return Q(**{f"{path}committee__in": committees})


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        if permissions.is_secretariat(user):
            return self
        return self.filter(is_published=True)

    def active(self):
        from innovation import stages

        return self.filter(phase__in=stages.ACTIVE)


class FundingQuerySet(models.QuerySet):
    def visible_to(self, user):
        if permissions.is_secretariat(user):
            return self
        return self.filter(status=self.model.Status.GRANTED, project__is_published=True)


class LearningQuerySet(models.QuerySet):
    def visible_to(self, user):
        if permissions.is_secretariat(user):
            return self
        return self.filter(_member_of_committee_q(user, "project__"), project__is_published=True)


class NoteQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if permissions.is_secretariat(user) else self.none()
