import datetime

import factory
from django.utils import timezone

from catalogue.models import (
    ActorType,
    Comment,
    Endorsement,
    Idea,
    IdeaStatusChange,
    InternalNote,
    WelfareArea,
)
from tests.factories import UserFactory

HOSTILE = '<script>alert("x")</script>'


class IdeaFactory(factory.django.DjangoModelFactory):
    """An idea in any status (``status=...``), created directly: use ``catalogue.actions`` to
    test a transition. A parked idea gets a date to revisit."""

    class Meta:
        model = Idea
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Velfærdsteknologi i hjemmeplejen {n}")
    summary = "Borgerne afprøver ny teknologi sammen med medarbejderne og de pårørende."
    description = "En længere beskrivelse af ideen."
    welfare_area = factory.LazyFunction(lambda: WelfareArea.objects.get(slug="aeldre"))
    submitted_by = factory.SubFactory(UserFactory, staff=True)
    contact = "Lene Holm, Hjemmeplejen"
    status = Idea.Status.DRAFT
    revisit_on = factory.LazyAttribute(
        lambda o: datetime.date(2030, 1, 1) if o.status == Idea.Status.PARKED else None
    )

    @factory.post_generation
    def actors(self, create, extracted, **kwargs):
        if create:
            self.actor_types.set(ActorType.objects.filter(slug__in=extracted or ["borgere"]))

    class Params:
        hostile = factory.Trait(
            title=f"Idé {HOSTILE}",
            summary=f"Resumé {HOSTILE} & <b>fed</b>",
            description=f"{HOSTILE}\n<img src=x onerror=alert(1)>",
            contact=HOSTILE,
        )


class StatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IdeaStatusChange

    idea = factory.SubFactory(IdeaFactory, status=Idea.Status.SUBMITTED)
    from_status = Idea.Status.DRAFT
    to_status = Idea.Status.SUBMITTED
    at = factory.LazyFunction(timezone.now)


class InternalNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InternalNote

    idea = factory.SubFactory(IdeaFactory, status=Idea.Status.SUBMITTED)
    text = "Intern bemærkning: HEMMELIG-NOTE-4471"


class EndorsementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Endorsement

    idea = factory.SubFactory(IdeaFactory, status=Idea.Status.PUBLISHED)
    user = factory.SubFactory(UserFactory)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    idea = factory.SubFactory(IdeaFactory, status=Idea.Status.PUBLISHED)
    author = factory.SubFactory(UserFactory)
    text = "En god idé."
