import datetime

import factory
from django.utils import timezone

from meetings.models import (
    AgendaItem,
    Attachment,
    Case,
    Committee,
    ItemSection,
    MandateTask,
    Meeting,
    Membership,
    ProgrammeItem,
    RecommendationPoint,
    Speaker,
    WorkshopGroup,
)

HOSTILE = '<script>alert("x")</script>'


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Opgaveudvalget nr. {n}")
    short_name = factory.Sequence(lambda n: f"OU{n}")
    slug = factory.Sequence(lambda n: f"udvalg-{n}")
    period_start = datetime.date(2017, 2, 1)
    public_access = Committee.PublicAccess.AGENDA


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    committee = factory.SubFactory(CommitteeFactory)
    role = Membership.Role.CITIZEN_MEMBER


class MandateTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MandateTask

    committee = factory.SubFactory(CommitteeFactory)
    title = factory.Sequence(lambda n: f"Opgave {n}")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    committee = factory.SubFactory(CommitteeFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Møde om velfærdsteknologi {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    place = "Gentofte Rådhus, mødesal 1"
    state = Meeting.State.PUBLISHED


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    reference = factory.Sequence(lambda n: f"00.01.00-A00-{n}-17")
    title = "Teknologilaboratorium"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Punkt om borgerinddragelse {n}")
    recommendation_by = "Tværgående Funktioner"
    recommendation_to = "Opgaveudvalget om Innovation"


class ItemSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ItemSection

    item = factory.SubFactory(AgendaItemFactory)
    key = ItemSection.Key.SUMMARY
    heading = "Resumé"
    text = "Udvalget drøfter æbler, øl og ål."


class RecommendationPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecommendationPoint

    item = factory.SubFactory(AgendaItemFactory)
    order = factory.Sequence(lambda n: n)
    text = "At opgaveudvalget godkender forslaget."


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    item = factory.SubFactory(AgendaItemFactory)
    title = factory.Sequence(lambda n: f"Bilag {n}")


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name = factory.Sequence(lambda n: f"Oplægsholder {n}")
    title = "Innovationschef"
    organisation = "Gentofte Kommune"


class ProgrammeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Programpunkt {n}")


class WorkshopGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkshopGroup

    meeting = factory.SubFactory(MeetingFactory)
    name = factory.Sequence(lambda n: f"Gruppe {n}")
    question = "Hvordan kan teknologi hjælpe borgerne?"
    result = "Gruppen foreslog et teknologilaboratorium."


def full_item(meeting, *, closed=False, secret="", **kwargs):
    """An item with a section, two points and an open and a closed attachment."""
    item = AgendaItemFactory(meeting=meeting, is_closed=closed, **kwargs)
    ItemSectionFactory(item=item, text=f"Resumé af sagen. {secret}".strip())
    ItemSectionFactory(
        item=item, key=ItemSection.Key.BACKGROUND, heading="Baggrund", text="Baggrundstekst."
    )
    RecommendationPointFactory(item=item, order=1, text=f"At udvalget godkender. {secret}")
    RecommendationPointFactory(item=item, order=2, text="At udvalget tager sagen til efterretning.")
    AttachmentFactory(item=item, title=f"Åbent bilag {item.number}")
    AttachmentFactory(item=item, title=f"Lukket bilag {item.number} {secret}", is_closed=True)
    return item


def mark_held(meeting):
    """``meeting`` marked as held through the action, which wants it begun: a meeting still to
    come is moved to two hours ago first."""
    from meetings import actions

    if meeting.starts_at > timezone.now():
        meeting.starts_at = timezone.now() - datetime.timedelta(hours=2)
        meeting.ends_at = None
        meeting.save(update_fields=["starts_at", "ends_at"])
    return actions.mark_held(meeting=meeting)
