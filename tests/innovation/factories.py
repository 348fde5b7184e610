"""Innovation projects and their registers, created directly (use ``innovation.actions`` to test
a rule). ``hostile=True`` puts ``<script>`` in the text fields."""

import datetime
from decimal import Decimal

import factory

from innovation.models import (
    Benefit,
    Funding,
    GateDecision,
    LearningEntry,
    Measurement,
    Partner,
    Partnership,
    Project,
    ProjectNote,
)
from tests.meetings.factories import HOSTILE, CaseFactory, CommitteeFactory


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Velfærdsteknologisk laboratorium {n}")
    summary = "Borgere og medarbejdere afprøver velfærdsteknologi sammen."
    problem = "Borgerne kender ikke teknologien, og medarbejderne mangler tid."
    hypotheses = "Afprøvning i trygge rammer øger brugen."
    owner = "Lene Holm, centerchef"
    committee = factory.SubFactory(CommitteeFactory)
    case = factory.SubFactory(CaseFactory)
    is_published = True

    class Params:
        hostile = factory.Trait(
            title=f"Projekt {HOSTILE}",
            summary=f"Resumé {HOSTILE}",
            problem=HOSTILE,
            hypotheses=HOSTILE,
            owner=HOSTILE,
        )


class FundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Funding

    project = factory.SubFactory(ProjectFactory)
    kind = Funding.Kind.FOUNDATION
    name = factory.Sequence(lambda n: f"Fondens pulje {n}")
    amount = Decimal("1250000")
    status = Funding.Status.GRANTED
    applied_on = datetime.date(2025, 1, 10)
    decided_on = factory.LazyAttribute(
        lambda o: None if o.status == Funding.Status.APPLIED else datetime.date(2025, 3, 1)
    )


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"DTU Sundhedsteknologi {n}")
    kind = Partner.Kind.UNIVERSITY
    contact_name = "Karen Mogensen"
    contact_email = "karen.kontakt@example.org"
    contact_phone = "+45 12 34 56 78"


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    project = factory.SubFactory(ProjectFactory)
    partner = factory.SubFactory(PartnerFactory)
    role = "Faglig sparring og evaluering"


class BenefitFactory(factory.django.DjangoModelFactory):
    """A benefit ready for approval: owner, indicator, baseline with date, three targets."""

    class Meta:
        model = Benefit

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Færre hjemmeplejebesøg {n}")
    owner = "Centerchef i hjemmeplejen"
    kind = Benefit.Kind.EFFICIENCY
    beneficiary = "Borgere i eget hjem"
    indicator = "Besøg pr. uge"
    method = "Udtræk fra omsorgssystemet"
    unit = "besøg"
    baseline_value = Decimal("120")
    baseline_on = datetime.date(2025, 1, 1)
    target_low = Decimal("110")
    target_likely = Decimal("100")
    target_high = Decimal("90")
    due_on = datetime.date(2027, 1, 1)


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    benefit = factory.SubFactory(BenefitFactory)
    planned_on = datetime.date(2025, 7, 1)


class LearningEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningEntry

    project = factory.SubFactory(ProjectFactory)
    hypothesis = "Borgerne vil afprøve teknologien: HEMMELIG-LÆRING-5512"
    learned = "De vil gerne, når en medarbejder er med."
    decision = LearningEntry.Decision.CONTINUE


class ProjectNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectNote

    project = factory.SubFactory(ProjectFactory)
    text = "Intern note: HEMMELIG-PROJEKTNOTE-3391"


class GateDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GateDecision

    project = factory.SubFactory(ProjectFactory)
    from_phase = "exploration"
    to_phase = "proposal"
    decided_on = datetime.date(2025, 6, 1)
    text = "Projektet går videre som forslag."
