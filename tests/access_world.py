"""The world of the generated access matrix (``tests/test_access_matrix.py``): open and closed
objects of two committees, each secret carrying a unique marker string in every text field a
page might render, and the roles that read them.

``MARKERS`` says who may read each marker anywhere outside the admin: a marker found in any
response for a role not listed is a leak.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.utils import timezone

from catalogue.models import Idea, InternalNote
from innovation.models import Funding
from innovation.shared import permissions
from meetings.models import Attachment, Committee, Meeting, Membership, PrivateNote
from tests.attachment_files import plain_pdf
from tests.catalogue.factories import CommentFactory, IdeaFactory
from tests.factories import UserFactory
from tests.innovation.factories import (
    BenefitFactory,
    FundingFactory,
    LearningEntryFactory,
    MeasurementFactory,
    PartnerFactory,
    PartnershipFactory,
    ProjectFactory,
    ProjectNoteFactory,
)
from tests.meetings.factories import (
    AgendaItemFactory,
    AttachmentFactory,
    CommitteeFactory,
    ItemSectionFactory,
    MeetingFactory,
    MembershipFactory,
    RecommendationPointFactory,
    SpeakerFactory,
    WorkshopGroupFactory,
)

ROLES = ("anonymous", "staff", "member", "other_member", "secretariat", "superuser")
SECRETARIAT = {"secretariat", "superuser"}

OPEN = "MARKER-OPEN-ITEM-2c41"
"""On the open item: everyone may read it (a check that the pages render the world at all)."""

MARKERS = {
    # A's closed item (title, sections, points, decision): A's members and the secretariat.
    "MARKER-CLOSED-ITEM-7f3a": {"member", *SECRETARIAT},
    # A closed attachment on A's open item: its title and the text in its file.
    "MARKER-CLOSED-ATTACHMENT-91bd": {"member", *SECRETARIAT},
    # B's closed item, and its open one (B publishes nothing): B's members and the secretariat.
    "MARKER-B-NOT-PUBLIC-3d6a": {"other_member", *SECRETARIAT},
    "MARKER-B-CLOSED-ITEM-5e07": {"other_member", *SECRETARIAT},
    # The sections of C's open item (C publishes only decisions: outsiders read the item's
    # title, points and decision, not its sections): the secretariat (nobody else is on C).
    "MARKER-C-DECISIONS-ONLY-SECTION-9c4e": SECRETARIAT,
    # A member's private note on A's open item: that member only.
    "MARKER-PRIVATE-NOTE-d2c8": {"member"},
    # The secretariat's internal note on a published idea.
    "MARKER-IDEA-NOTE-4a19": SECRETARIAT,
    # A draft idea: its submitter (the staff user) only, not the secretariat.
    "MARKER-DRAFT-IDEA-0b6e": {"staff"},
    # A draft meeting of A with an item: the secretariat only.
    "MARKER-DRAFT-MEETING-83f0": SECRETARIAT,
    # A draft project of A: the secretariat only.
    "MARKER-DRAFT-PROJECT-6c2d": SECRETARIAT,
    # The internal note of A's published project: the secretariat only.
    "MARKER-PROJECT-NOTE-e5a7": SECRETARIAT,
    # Funding applied for (not granted) and a partner's contact person: the secretariat only.
    "MARKER-APPLIED-FUNDING-1f98": SECRETARIAT,
    "MARKER-PARTNER-CONTACT-b3d5": SECRETARIAT,
    # The learning log of A's project: A's members and the secretariat.
    "MARKER-LEARNING-a70c": {"member", *SECRETARIAT},
}


def allowed(role):
    return {marker for marker, readers in MARKERS.items() if role in readers}


@dataclass
class World:
    users: dict
    objects: dict = field(default_factory=dict)

    def user(self, role):
        return AnonymousUser() if role == "anonymous" else self.users[role]

    def __getitem__(self, key):
        return self.objects[key]


def _item(meeting, number, marker, *, closed, decision=True):
    item = AgendaItemFactory(
        meeting=meeting,
        number=number,
        is_closed=closed,
        title=f"Punkt {marker}",
        recommendation_by=f"Forvaltningen {marker}",
        decision=f"Vedtaget. {marker}" if decision else "",
    )
    ItemSectionFactory(item=item, heading=f"Resumé {marker}", text=f"Sagen: {marker}")
    RecommendationPointFactory(item=item, order=1, text=f"At udvalget godkender {marker}")
    return item


def build_world():
    past = timezone.now() - datetime.timedelta(days=3)
    a = CommitteeFactory(slug="udvalg-a", name="Opgaveudvalget A")
    # B publishes nothing: even its open items are its members' and the secretariat's.
    b = CommitteeFactory(
        slug="udvalg-b", name="Opgaveudvalget B", public_access=Committee.PublicAccess.NOTHING
    )
    users = {
        "staff": UserFactory(username="m-staff", role=permissions.STAFF),
        "member": UserFactory(username="m-member", role=permissions.COMMITTEE_MEMBER),
        "other_member": UserFactory(username="m-other", role=permissions.COMMITTEE_MEMBER),
        "secretariat": UserFactory(
            username="m-secretariat", role=permissions.SECRETARIAT, is_staff=True
        ),
        "superuser": UserFactory(username="m-root", is_superuser=True, is_staff=True),
    }
    MembershipFactory(committee=a, user=users["member"], role=Membership.Role.COUNCIL_MEMBER)
    MembershipFactory(committee=b, user=users["other_member"], role=Membership.Role.COUNCIL_MEMBER)

    held = MeetingFactory(committee=a, state=Meeting.State.HELD, starts_at=past, title="Møde A")
    open_item = _item(held, 1, OPEN, closed=False)
    open_attachment = AttachmentFactory(item=open_item, title=f"Åbent bilag {OPEN}")
    closed_attachment = AttachmentFactory(
        item=open_item,
        title="Lukket bilag MARKER-CLOSED-ATTACHMENT-91bd",
        is_closed=True,
        file=ContentFile(plain_pdf("Fortroligt MARKER-CLOSED-ATTACHMENT-91bd"), name="lukket.pdf"),
    )
    closed_item = _item(held, 2, "MARKER-CLOSED-ITEM-7f3a", closed=True)
    PrivateNote.objects.create(
        user=users["member"], item=open_item, text="Min note MARKER-PRIVATE-NOTE-d2c8"
    )
    group = WorkshopGroupFactory(meeting=held)

    draft_meeting = MeetingFactory(
        committee=a, state=Meeting.State.DRAFT, title="Udkast MARKER-DRAFT-MEETING-83f0"
    )
    draft_item = _item(draft_meeting, 1, "MARKER-DRAFT-MEETING-83f0", closed=False, decision=False)

    held_b = MeetingFactory(committee=b, state=Meeting.State.HELD, starts_at=past, title="Møde B")
    _item(held_b, 1, "MARKER-B-NOT-PUBLIC-3d6a", closed=False)
    closed_b = _item(held_b, 2, "MARKER-B-CLOSED-ITEM-5e07", closed=True)

    # C publishes only its decisions: its open item's title, points and decision are public.
    c = CommitteeFactory(
        slug="udvalg-c", name="Opgaveudvalget C", public_access=Committee.PublicAccess.DECISIONS
    )
    held_c = MeetingFactory(committee=c, state=Meeting.State.HELD, starts_at=past, title="Møde C")
    decisions_only_item = AgendaItemFactory(
        meeting=held_c,
        number=1,
        title="Punkt om besluttet cykelsti",
        decision="Vedtaget: cykelstien anlægges.",
    )
    ItemSectionFactory(
        item=decisions_only_item,
        heading="Resumé",
        text="Sagen: MARKER-C-DECISIONS-ONLY-SECTION-9c4e",
    )
    RecommendationPointFactory(item=decisions_only_item, order=1, text="At cykelstien anlægges.")

    published_idea = IdeaFactory(status=Idea.Status.PUBLISHED, title="Cykelværksted for unge")
    InternalNote.objects.create(
        idea=published_idea, author=users["secretariat"], text="Intern MARKER-IDEA-NOTE-4a19"
    )
    draft_idea = IdeaFactory(
        status=Idea.Status.DRAFT,
        submitted_by=users["staff"],
        title="Udkast MARKER-DRAFT-IDEA-0b6e",
        summary="Resumé MARKER-DRAFT-IDEA-0b6e",
        description="Beskrivelse MARKER-DRAFT-IDEA-0b6e",
    )

    project = ProjectFactory(committee=a, title="Laboratoriet for velfærdsteknologi")
    ProjectNoteFactory(project=project, text="Intern MARKER-PROJECT-NOTE-e5a7")
    FundingFactory(project=project, name="Puljen", status=Funding.Status.GRANTED)
    applied = FundingFactory(
        project=project,
        name="Ansøgt MARKER-APPLIED-FUNDING-1f98",
        status=Funding.Status.APPLIED,
        decided_on=None,
    )
    partnership = PartnershipFactory(
        project=project,
        partner=PartnerFactory(contact_name="Kontakt MARKER-PARTNER-CONTACT-b3d5"),
    )
    LearningEntryFactory(project=project, hypothesis="Hypotese MARKER-LEARNING-a70c")
    benefit = BenefitFactory(project=project)
    measurement = MeasurementFactory(benefit=benefit)
    draft_project = ProjectFactory(
        committee=a,
        is_published=False,
        title="Udkast MARKER-DRAFT-PROJECT-6c2d",
        summary="Resumé MARKER-DRAFT-PROJECT-6c2d",
    )

    CommentFactory(idea=published_idea, text=f"Godt forslag {OPEN}")
    SpeakerFactory()
    _machinery_rows()

    world = World(users=users)
    world.objects.update(
        committee_a=a,
        committee_b=b,
        held_meeting=held,
        draft_meeting=draft_meeting,
        held_meeting_b=held_b,
        open_item=open_item,
        closed_item=closed_item,
        closed_item_b=closed_b,
        committee_c=c,
        held_meeting_c=held_c,
        decisions_only_item=decisions_only_item,
        draft_item=draft_item,
        closed_attachment=closed_attachment,
        open_attachment=open_attachment,
        group=group,
        published_idea=published_idea,
        draft_idea=draft_idea,
        project=project,
        draft_project=draft_project,
        applied_funding=applied,
        partnership=partnership,
        benefit=benefit,
        measurement=measurement,
    )
    assert Attachment.objects.filter(pk=closed_attachment.pk, is_closed=True).exists()
    return world


def _machinery_rows():
    """A row of each model the admin lists that the world has none of otherwise (sign-in
    attempts, task results, tags), so that its admin pages are fetched with an object too."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_tasks_db.models import DBTaskResult, get_date_max
    from taggit.models import Tag

    request = {"user_agent": "matrix", "http_accept": "*/*", "path_info": "/konto/login/"}
    AccessAttempt.objects.create(**request, get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**request)
    AccessFailureLog.objects.create(**request)
    Tag.objects.create(name="velfærd", slug="velfaerd")
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="innovation.shared.tasks.run_export",
        backend_name="default",
        run_after=get_date_max(),  # how the backend stores a task to run at once
        exception_class_path="",
        traceback="",
    )
