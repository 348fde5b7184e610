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
the network register       a partner and its role in a project: whoever sees the project
                           (so the public sees the partners of published projects, and a
                           partner that works only on draft projects, or on none yet, only
                           the secretariat)
=========================  ===============================================================

How the pages keep to it (``innovation/project_views.py``), and the rules decided with them:

* A draft project does not exist for anyone else: its page answers 404, the portfolio leaves
  it out, and an idea's page names only the projects the reader may see.
* Funding: the public's totals, the portfolio's chart and the project's funding tab count
  granted funding only; what is applied for (its amounts, sources and the "applied" bars) is
  the secretariat's. An agenda item made from a proposal (``actions.propose_to_meeting``) names
  granted funding only, because an agenda is published.
* The "what is still missing" checklist of the next gates and the gate form are the
  secretariat's: a met requirement can tell that funding is applied for.
* The learning log's tab is shown to those who may read the log (``rules.may_read_learning``);
  for anyone else it answers 404.
* Gate decisions of a published project are public. The agenda item a gate is anchored in is
  linked only where the reader may see it (``AgendaItem.objects.visible_to``), and a political
  gate can only be anchored in a decision its readers may read: the decision on an open item,
  or an open decision (“Åben beslutning”) on a closed one (``actions.pass_gate`` refuses the
  rest). The project's agenda items and ideas are read through the meetings' and the
  catalogue's own ``visible_to``.
The trace of a project (``innovation.trace``) reads ideas, agenda items and decisions through
the catalogue's and the meetings' own ``visible_to``: a closed item stays "Lukket punkt" for
whoever may not read it, an idea still being curated is left out, and an item on a draft
agenda is never part of the trace (it is not yet on any agenda), for the secretariat neither.
"""

from django.db import models
from django.db.models import Q

from innovation.shared import permissions


def _member_of_committee_q(user, path):
    """True where the project found at ``path`` is of a committee ``user`` is on (the members'
    edition of a document reads as a member of its ``CommitteeReader``'s committees)."""
    committees = sorted(permissions.member_committee_ids(user))
    if not committees:
        return Q(pk__isnull=True)
    return Q(**{f"{path}committee__in": committees})


def project_visible_q(user, path=""):
    """True where ``user`` may see the project found at ``path``: the secretariat every
    project, anyone else the published ones."""
    if permissions.is_secretariat(user):
        return Q()
    return Q(**{f"{path}is_published": True})


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(project_visible_q(user))

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


class PartnerQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Partners of the projects ``user`` sees (the secretariat: every partner)."""
        if permissions.is_secretariat(user):
            return self
        from innovation.models import Partnership

        return self.filter(pk__in=Partnership.objects.visible_to(user).values("partner_id"))


class PartnershipQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A partner's role in a project: whoever sees the project."""
        if permissions.is_secretariat(user):
            return self
        from innovation.models import Project

        return self.filter(project__in=Project.objects.visible_to(user).values("pk"))
