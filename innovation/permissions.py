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
    return bool(user and user.is_authenticated and user.is_active) and (
        user.is_superuser or SECRETARIAT in group_names(user)
    )


def is_committee_member(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active) and (
        COMMITTEE_MEMBER in group_names(user)
    )


def is_staff_member(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active) and STAFF in group_names(user)


class CommitteeReader:
    """Reads as a member of the committees ``committee_ids`` and as nothing more: no other
    role, no notes or ideas of its own. The members' edition of a meeting's documents is written
    for this reader (the meeting's lead and co-hosting committees), so that it shows exactly
    what those members see on the pages: another committee's closed item stays closed, a draft
    meeting does not exist. ``previews``: meetings read as if their agenda were published (the
    secretariat checks the documents of a draft before publishing it)."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_superuser = False
    is_staff = False
    pk = id = None
    _samskab_groups = frozenset({COMMITTEE_MEMBER})

    def __init__(self, committee_ids, previews=()):
        self.committee_ids = frozenset(committee_ids)
        self.previews = frozenset(previews)

    def __str__(self):
        return "members of " + ", ".join(str(pk) for pk in sorted(self.committee_ids))


MEMBERS = "members"
PUBLIC = "public"
AUDIENCES = {MEMBERS: _("Members' edition"), PUBLIC: _("Public edition")}


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
