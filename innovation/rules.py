"""Who may do what with innovation projects, beside who may see what
(``innovation/querysets.py``); the gates' own rules are the model's (``innovation/stages.py``)."""

from innovation.shared import permissions


def may_manage_projects(user) -> bool:
    """Create projects, pass gates, keep the registers: the innovation chief and the
    secretariat."""
    return permissions.is_secretariat(user)


def may_see_contacts(user) -> bool:
    """Partners' contact persons are personal data: the secretariat."""
    return permissions.is_secretariat(user)


def may_see_negotiations(user) -> bool:
    """Funding applied for (under negotiation) or rejected: the secretariat
    (``FundingQuerySet.visible_to`` says the same for the rows)."""
    return permissions.is_secretariat(user)


def may_read_learning(user, project) -> bool:
    """A project's learning log: the secretariat and the members of the project's committee
    (``LearningQuerySet.visible_to`` says the same for the entries); the log's tab is shown to
    them only. One query for a member."""
    if permissions.is_secretariat(user):
        return True
    if user is None or not user.is_authenticated or not project.is_published:
        return False
    return project.committee_id in permissions.member_committee_ids(user)


def document_audience(user, project) -> str | None:
    """The edition of ``project``'s documents that ``user`` gets: the members' edition for the
    members of the project's committee and the secretariat, the public edition for anyone else
    who may see the project, and none (``None``) for those who may not. A draft project has no
    document: its documents are written for the committee and the public, who do not see
    drafts. Two queries at most."""
    from innovation.models import Project

    if (
        not project.is_published
        or not Project.objects.visible_to(user).filter(pk=project.pk).exists()
    ):
        return None
    if permissions.is_secretariat(user):
        return permissions.MEMBERS
    if project.committee_id in permissions.member_committee_ids(user):
        return permissions.MEMBERS
    return permissions.PUBLIC


def document_reader(project, audience):
    """Whose view an edition shows: the members' edition reads as a member of the project's
    committee (never as the secretariat), the public edition as an anonymous visitor."""
    if audience == permissions.MEMBERS:
        return permissions.CommitteeReader([project.committee_id])
    return permissions.PublicReader()
