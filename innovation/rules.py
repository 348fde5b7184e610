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
    from meetings.models import Membership

    return Membership.objects.filter(user=user, committee_id=project.committee_id).exists()
