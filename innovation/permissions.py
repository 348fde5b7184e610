"""Who may do what: the one place views ask.

Roles are Django groups created by the ``innovation`` data migration. Anonymous visitors are
the public; superusers may do everything the secretariat may. Object-level rules (closed items,
private notes, drafts) live in the apps' ``visible_to(user)`` QuerySets, which call the
predicates here, so that a rule is written once.
"""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _

COMMITTEE_MEMBER = "Udvalgsmedlem"
STAFF = "Medarbejder"
SECRETARIAT = "Sekretariat"

ROLES = {
    COMMITTEE_MEMBER: _("Committee member"),
    STAFF: _("Staff"),
    SECRETARIAT: _("Secretariat"),
}


def group_names(user) -> frozenset[str]:
    """The user's role names, read once per user object."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_samskab_groups", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._samskab_groups = cached
    return cached


def is_secretariat(user) -> bool:
    if isinstance(user, MembersAudience):
        return True
    return bool(user and user.is_authenticated and user.is_active) and (
        user.is_superuser or SECRETARIAT in group_names(user)
    )


def is_committee_member(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active) and (
        COMMITTEE_MEMBER in group_names(user)
    )


def is_staff_member(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active) and STAFF in group_names(user)


class MembersAudience:
    """Reads like the committee's members and the secretariat: a document rendered for that
    audience (the members' meeting pack), not for one person. It has no notes of its own."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_superuser = False
    pk = id = None

    def __str__(self):
        return "members"


MEMBERS = "members"
PUBLIC = "public"
AUDIENCES = {MEMBERS: _("Members' edition"), PUBLIC: _("Public edition")}


def reader_for(audience: str):
    """The reader whose view a document for ``audience`` shows."""
    return MembersAudience() if audience == MEMBERS else AnonymousUser()


def roles_of(user) -> list[str]:
    """Role keys for the home page and the header, most privileged first."""
    user = user or AnonymousUser()
    roles = []
    if is_secretariat(user):
        roles.append("secretariat")
    if is_committee_member(user):
        roles.append("member")
    if is_staff_member(user):
        roles.append("staff")
    if not user.is_authenticated:
        roles.append("public")
    return roles
