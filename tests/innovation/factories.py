import datetime
from decimal import Decimal

import factory

from innovation import stages
from innovation.models import (
    Benefit,
    Funding,
    GateDecision,
    LearningEntry,
    Measurement,
    Partner,
    Partnership,
    Project,
)
from tests.meetings.factories import HOSTILE, CommitteeFactory


class ProjectFactory(factory.django.DjangoModelFactory):
    """A published project in exploration; ``is_published=False`` for a draft."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Velfærdsteknologi i eget hjem {n}")
    summary = "Sensorer og skærmbesøg forebygger fald og ensomhed."
    problem = "Mange ældre falder i eget hjem."
    hypotheses = "Sensorer opdager fald tidligt."
    owner = "Leder af Hjemmeplejen Nord"
    committee = factory.SubFactory(CommitteeFactory)
    phase = stages.Phase.EXPLORATION
    is_published = True

    class Params:
        hostile = factory.Trait(
            title=f"Projekt {HOSTILE}",
            summary=f"Resumé {HOSTILE}",
            problem=HOSTILE,
            hypotheses=HOSTILE,
            owner=HOSTILE,
        )


class GateDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GateDecision

    project = factory.SubFactory(ProjectFactory)
    from_phase = stages.Phase.EXPLORATION
    to_phase = stages.Phase.PROPOSAL
    decided_on = datetime.date(2018, 1, 15)
    text = "Afsøgningen er afsluttet; projektet beskrives som forslag."


class LearningEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningEntry

    project = factory.SubFactory(ProjectFactory)
    hypothesis = "Borgerne vil bruge sensorerne."
    learned = "Otte ud af ti brugte dem hver dag."
    decision = LearningEntry.Decision.CONTINUE


class FundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Funding

    project = factory.SubFactory(ProjectFactory)
    kind = Funding.Kind.MUNICIPAL
    name = factory.Sequence(lambda n: f"Innovationspuljen {n}")
    amount = Decimal("1250000")
    status = Funding.Status.GRANTED


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Seniornetværket {n}")
    kind = Partner.Kind.ASSOCIATION
    contact_name = "Jens Kontaktperson"
    contact_email = "jens@example.org"


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    project = factory.SubFactory(ProjectFactory)
    partner = factory.SubFactory(PartnerFactory)
    role = "Stiller frivillige til rådighed"


class BenefitFactory(factory.django.DjangoModelFactory):
    """A benefit ready for approval: owner, indicator, baseline and three targets."""

    class Meta:
        model = Benefit

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Færre faldulykker {n}")
    owner = "Leder af Hjemmeplejen Nord"
    kind = Benefit.Kind.QUALITY_ECONOMIC
    indicator = "Antal fald pr. måned"
    unit = "fald"
    baseline_value = Decimal("40")
    baseline_on = datetime.date(2018, 1, 1)
    target_low = Decimal("35")
    target_likely = Decimal("30")
    target_high = Decimal("25")


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    benefit = factory.SubFactory(BenefitFactory)
    planned_on = datetime.date(2019, 1, 1)
