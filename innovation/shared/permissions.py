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

# The model permissions of each role's group: what the admin lets the role do. Decided here,
# granted by data migrations that call ``grant_model_permissions``. Every model of the apps in
# ``DECIDED_APPS`` is either granted here or listed in ``SUPERUSER_ONLY`` (a test checks it).
EDIT = ("view", "add", "change", "delete")
READ = ("view",)
MODEL_PERMISSIONS = {
    SECRETARIAT: {
        # Meetings: the secretariat prepares, runs and closes them.
        "meetings.committee": EDIT,
        "meetings.membership": EDIT,
        "meetings.mandatetask": EDIT,
        "meetings.meeting": EDIT,
        "meetings.programmeitem": EDIT,
        "meetings.speaker": EDIT,
        "meetings.workshopgroup": EDIT,
        "meetings.case": EDIT,
        "meetings.agendaitem": EDIT,
        "meetings.itemsection": EDIT,
        "meetings.recommendationpoint": EDIT,
        "meetings.attachment": EDIT,
        "meetings.attendance": EDIT,
        "meetings.conflictofinterest": EDIT,
        # Published versions of an agenda are kept as they were: made by publishing only.
        "meetings.agendaversion": READ,
        # The catalogue: curated, never deleted (an idea is rejected or parked; support and
        # the status history are kept); comments are moderated.
        "catalogue.actortype": EDIT,
        "catalogue.welfarearea": EDIT,
        "catalogue.principle": EDIT,
        "catalogue.idea": ("view", "add", "change"),
        "catalogue.ideastatuschange": READ,
        "catalogue.internalnote": EDIT,
        "catalogue.idealink": EDIT,
        "catalogue.comment": ("view", "change", "delete"),
        "catalogue.endorsement": READ,
        "catalogue.edition": READ,
        "taggit.tag": EDIT,
        "taggit.taggeditem": EDIT,
        "innovation.export": READ,
        # Innovation projects: the secretariat keeps them and their registers.
        "innovation.project": EDIT,
        "innovation.projectnote": EDIT,
        "innovation.gatedecision": READ,
        "innovation.learningentry": EDIT,
        "innovation.funding": EDIT,
        "innovation.partner": EDIT,
        "innovation.partnership": EDIT,
        "innovation.benefit": EDIT,
        "innovation.benefittargets": READ,
        "innovation.measurement": EDIT,
    },
}
DECIDED_APPS = ("meetings", "catalogue", "innovation", "taggit")
HISTORY = (
    "the recorded history (innovation.shared.history): written by database triggers and never "
    "edited; the secretariat reads it in the workspace and on the curation page, not in the admin"
)
SUPERUSER_ONLY = {
    "meetings.privatenote": "a member's own note: nobody else reads it, the admin included",
    "meetings.readmark": "what a member has read: nobody else's business",
    "innovation.worker": "the task workers' signs of life: machinery, not content",
    "innovation.submission": "the keys of forms already sent: machinery, not content",
    "innovation.contentversion": "the version cached pages are keyed by: machinery, not content",
    "catalogue.matrixcount": "counts the database's triggers keep: derived, not content",
    **{
        f"{app}.{model}event": HISTORY
        for app, models in {
            "meetings": [
                "meeting",
                "agendaitem",
                "itemsection",
                "recommendationpoint",
                "attachment",
            ],
            "catalogue": ["idea"],
            "innovation": [
                "project",
                "projectnote",
                "gatedecision",
                "learningentry",
                "funding",
                "partner",
                "partnership",
                "benefit",
                "benefittargets",
                "measurement",
            ],
        }.items()
        for model in models
    },
}


def grant_model_permissions(apps, schema_editor=None):
    """Give each role's group exactly the permissions of ``MODEL_PERMISSIONS`` (for data
    migrations; creates the permission rows first, which Django otherwise only does after
    ``migrate``)."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for role, models in MODEL_PERMISSIONS.items():
        group, _created = group_model.objects.get_or_create(name=role)
        wanted = []
        for label, actions in models.items():
            app_label, model = label.split(".")
            wanted += permission_model.objects.filter(
                content_type__app_label=app_label,
                content_type__model=model,
                codename__in=[f"{action}_{model}" for action in actions],
            )
        group.permissions.set(wanted)


def group_names(user) -> frozenset[str]:
    """The user's role names, read once per user object."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_samskab_groups", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._samskab_groups = cached
    return cached


def member_committee_ids(user) -> frozenset[int]:
    """The committees ``user`` is a member of, read once per user object (a request's user is
    read anew for each request); a ``CommitteeReader``'s own list."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_samskab_committees", None)
    if cached is None:
        if isinstance(user, CommitteeReader):
            return user.committee_ids
        cached = frozenset(
            user.committee_memberships.order_by().values_list("committee_id", flat=True)
        )
        user._samskab_committees = cached
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


class PublicReader(AnonymousUser):
    """Reads as the public. ``previews``: meetings read as if their agenda were published (the
    secretariat sees a draft as the public will)."""

    def __init__(self, previews=()):
        super().__init__()
        self.previews = frozenset(previews)


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
