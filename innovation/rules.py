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
