"""Demo data for innovation projects: the three projects Opgaveudvalget om Innovation
recommended on 14 November 2017, and two that grew later from the catalogue.

The projects grew from the demo ideas (``catalogue/demo.py``), several of them from the
workshop groups of the innovation committee's 4th meeting, the conference Teknologilaboratorium
(``meetings/demo.py``). They stand at different stages of the model (``innovation.stages``):

* *Velfærdsteknologi i eget hjem* — taken up by the successor committee, approved at its 2nd
  meeting, now in benefit realisation with measurements (and a targets version changed with a
  reason). Its own case holds the successor's items on it.
* *Unge i job gennem samskabelse* — approved by the innovation committee in November 2017,
  running, with a measurement that is overdue.
* *Digitalt fællesskab for seniorer* — parked after the successor's 4th meeting, to be looked
  at again in the spring.
* *Teknologilaboratorium på biblioteket* — exploring, funding applied for.
* *Fælles digital booking af kommunens lokaler* — a proposal still in draft: only the
  secretariat sees it (and its internal note).

Every political gate is anchored in a decision the demo meetings recorded, on an agenda item of
a held meeting of the project's committee. Each project has funding, partners and benefits;
some partners work on several projects (the network register).

``load()`` is called by ``manage.py load_demo`` inside its transaction, after the meetings and
the catalogue; ``before_meetings()`` before the meetings demo, which may rebuild meetings whose
dates move with the day the demo is loaded (a gate decision protects the item it is anchored
in). Idempotent: every row is found by a natural key (project title, gate (project, from, to),
partner name, benefit (project, title), measurement (benefit, planned date), …); rows that
exist are changed only where they differ (``updated_at`` stays as it was). Dates in the
successor's time are counted from the day the demo is loaded, like its meetings.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from catalogue.models import Idea, WelfareArea
from innovation.models import (
    Benefit,
    BenefitTargets,
    Funding,
    GateDecision,
    LearningEntry,
    Measurement,
    Partner,
    Partnership,
    Project,
    ProjectNote,
)
from innovation.stages import Phase
from meetings import demo as meetings_demo
from meetings.models import AgendaItem, Case, Committee, MandateTask

SECRETARIAT_USERNAME = "sekretariat"
TZ = meetings_demo.TZ
P = Phase
F = Funding
K = Partner.Kind
B = Benefit.Kind
L = LearningEntry.Decision

# A day: a date, or a number of days from the day the demo is loaded.
type Day = datetime.date | int


def day(value: Day) -> datetime.date:
    if isinstance(value, int):
        return timezone.localdate() + datetime.timedelta(days=value)
    return value


@dataclass
class GateSpec:
    """A passage; ``anchor``: (committee slug, meeting number, item title) of the decision it is
    anchored in. A gate anchored in an item is dated by the item's decision."""

    from_phase: str
    to_phase: str
    text: str
    on: Day | None = None
    anchor: tuple[str, int, str] | None = None


@dataclass
class MeasurementSpec:
    planned: Day
    value: str | None = None  # measured on the planned day, when given
    note: str = ""


@dataclass
class BenefitSpec:
    title: str
    kind: str
    indicator: str
    unit: str
    baseline: str | None
    baseline_on: Day | None
    targets: tuple[str, str, str] | None  # low, likely, high
    owner: str = ""
    beneficiary: str = ""
    method: str = ""
    negative: bool = False
    due: Day | None = None
    preconditions: str = ""
    actions: str = ""
    budget_effect_taken: bool = False
    measurements: list[MeasurementSpec] = field(default_factory=list)
    # A later change of the targets: (low, likely, high), reason, day.
    changed: tuple[tuple[str, str, str], str, Day] | None = None


@dataclass
class ProjectSpec:
    title: str
    summary: str
    problem: str
    hypotheses: str
    owner: str
    committee: str  # slug
    task: int | None  # order of a task of the committee's mandate
    areas: list[str]
    dis: list[str]
    ideas: list[str]
    phase: str
    gates: list[GateSpec]
    learning: list[tuple[Day, str, str, str]]  # day, hypothesis, learned, decision
    funding: list[tuple[str, str, str, str, Day | None, Day | None]]
    # kind, name, amount, status, applied on, decided on
    partners: list[tuple[str, str]]  # partner name, role
    benefits: list[BenefitSpec]
    case: str = ""  # a key of meetings.demo.CASES
    revisit: Day | None = None
    published: bool = True
    notes: list[str] = field(default_factory=list)


# name, kind, contact name, e-mail, phone (all fictional)
PARTNERS = [
    (
        "Seniornetværket Øst",
        K.ASSOCIATION,
        "Jens Peter Krogh",
        "kontakt@seniornetvaerket.example",
        "",
    ),
    ("SensaCare ApS", K.COMPANY, "Maria Lund", "maria.lund@sensacare.example", "+45 70 20 30 40"),
    (
        "Professionshøjskolen Nord, Center for Velfærdsteknologi",
        K.UNIVERSITY,
        "Lektor Anders Kjær",
        "ak@phnord.example",
        "",
    ),
    ("Erhvervsforeningen Nord", K.ASSOCIATION, "Bo Hedegaard", "bo@erhverv-nord.example", ""),
    ("Jobmatch Nord ApS", K.COMPANY, "Sara Iqbal", "sara@jobmatch.example", "+45 31 22 33 44"),
    ("Ungeforum Nord", K.CITIZEN_GROUP, "Emil Vang", "", ""),
    ("Lyngby-Taarbæk Kommune, Jobcenter", K.MUNICIPALITY, "Henriette Dal", "", ""),
    ("Foreningen Digitale Seniorer", K.ASSOCIATION, "Grethe Sund", "grethe@digisenior.example", ""),
    ("Fonden for Borgernær Teknologi", K.FOUNDATION, "", "ansoegning@fbt.example", ""),
    ("Makerspace Gentofte", K.CITIZEN_GROUP, "Ida Friis", "ida@makerspace.example", ""),
    ("Foreningsrådet", K.ASSOCIATION, "Søren Aagaard", "", ""),
    ("BookIt Danmark ApS", K.COMPANY, "Kim Holt", "kim@bookit.example", ""),
]

HOME_ANCHOR = ("velfaerdsteknologi", 2, "Velfærdsteknologi i eget hjem – fra forsøg til drift")
STATUS_ANCHOR = ("velfaerdsteknologi", 4, "Status på innovationsprojekterne")
PROPOSALS_2017 = ("innovation", 5, "Status på afsøgning af gennemgribende innovationsprojekter")
HOME_CARE = "Leder af Hjemmeplejen Nord"
JOB_CENTRE = "Leder af Jobcentret"

PROJECTS = [
    ProjectSpec(
        title="Velfærdsteknologi i eget hjem",
        summary=(
            "Sensorer, skærmbesøg og videokonsultationer hjælper ældre borgere til at klare sig "
            "selv længere i eget hjem, med frivillige digitale hjælpere ved siden af."
        ),
        problem=(
            "Mange ældre borgere falder i eget hjem, og et fald fører ofte til et akut besøg, en "
            "indlæggelse og mere hjælp bagefter. Samtidig føler mange sig ensomme."
        ),
        hypotheses=(
            "Sensorer opdager fald tidligt, så hjemmeplejen kan nå frem, før det bliver "
            "alvorligt.\n"
            "Faste skærmbesøg mindsker ensomheden og giver færre akutte besøg."
        ),
        owner=HOME_CARE,
        committee="velfaerdsteknologi",
        task=1,
        areas=["aeldre", "sundhed"],
        dis=["digitalisation", "co_creation"],
        ideas=[
            "Sensorer mod fald i eget hjem",
            "Skærmbesøg mod ensomhed",
            "Videokonsultation med sygeplejersken",
        ],
        phase=P.REALISATION,
        case="home",
        gates=[
            GateSpec(
                P.EXPLORATION,
                P.PROPOSAL,
                "Forsøget i to distrikter er evalueret: færre fald og tilfredse borgere. "
                "Projektet beskrives som forslag til udvalget.",
                on=-170,
            ),
            GateSpec(
                P.PROPOSAL,
                P.APPROVED,
                "Udvalget godkendte en udbredelse i tre trin med frivillige digitale hjælpere. "
                "Gevinsternes mål er låst.",
                anchor=HOME_ANCHOR,
            ),
            GateSpec(
                P.APPROVED,
                P.RUNNING,
                "Bevillingen fra puljen for velfærdsteknologi er givet; første trin er gået i "
                "gang.",
                on=-130,
            ),
            GateSpec(
                P.RUNNING,
                P.REALISATION,
                "Alle tre trin er i drift. Gevinsterne måles som planlagt.",
                on=-75,
            ),
        ],
        learning=[
            (
                -300,
                "Borgerne vil have sensorerne i hjemmet.",
                "Otte ud af ti sagde ja, når hjemmeplejen forklarede, hvad sensorerne ser og "
                "ikke ser. De pårørende var de største fortalere.",
                L.CONTINUE,
            ),
            (
                -200,
                "Skærmbesøg kan erstatte nogle af de fysiske besøg.",
                "Skærmbesøgene supplerer, men erstatter ikke: borgerne vil stadig have besøg. "
                "Vi bruger skærmen til korte, faste opkald i stedet.",
                L.PIVOT,
            ),
        ],
        funding=[
            (F.Kind.MUNICIPAL, "Ældreområdets budget", "1250000", F.Status.GRANTED, -220, -180),
            (
                F.Kind.NATIONAL,
                "Pulje for velfærdsteknologi",
                "850000",
                F.Status.GRANTED,
                -200,
                -140,
            ),
            (
                F.Kind.FOUNDATION,
                "Fonden for Borgernær Teknologi",
                "300000",
                F.Status.REJECTED,
                -210,
                -160,
            ),
        ],
        partners=[
            ("SensaCare ApS", "Leverer sensorer og skærmløsningen og uddanner hjemmeplejen."),
            ("Seniornetværket Øst", "Rekrutterer og uddanner frivillige digitale hjælpere."),
            (
                "Professionshøjskolen Nord, Center for Velfærdsteknologi",
                "Følgeforskning og evaluering af gevinsterne.",
            ),
        ],
        benefits=[
            BenefitSpec(
                "Færre faldulykker i eget hjem",
                B.QUALITY_ECONOMIC,
                "Antal fald med akut besøg pr. måned",
                "fald",
                "48",
                -200,
                ("40", "34", "28"),
                owner=HOME_CARE,
                beneficiary="Ældre borgere med hjemmehjælp",
                method="Optælling i omsorgssystemet, gennemsnit over tre måneder",
                due=290,
                preconditions="Sensorerne er installeret hos alle borgere i målgruppen.",
                actions="Hjemmeplejen reagerer på alarmer inden for 20 minutter.",
                measurements=[
                    MeasurementSpec(-60, "41", "Første måling efter udbredelsen."),
                    MeasurementSpec(120),
                ],
            ),
            BenefitSpec(
                "Mindre tid til kørsel i hjemmeplejen",
                B.EFFICIENCY,
                "Timer til kørsel pr. måned",
                "timer",
                "1200",
                -200,
                ("1150", "1100", "1050"),
                owner=HOME_CARE,
                beneficiary="Hjemmeplejen",
                method="Kørselsregistrering i planlægningssystemet",
                due=290,
                measurements=[
                    MeasurementSpec(
                        -60,
                        "1195",
                        "Tidsforbruget er endnu ikke ændret; skærmbesøg erstatter "
                        "først kørsel fra andet trin.",
                    ),
                    MeasurementSpec(120),
                ],
                changed=(
                    ("1170", "1120", "1070"),
                    "Andet trin blev udskudt tre måneder, så besparelsen kommer senere end "
                    "forudsat.",
                    -100,
                ),
            ),
            BenefitSpec(
                "Tid til at lære borgere og pårørende teknologien",
                B.QUALITY,
                "Timer til oplæring pr. ny borger",
                "timer",
                "0",
                -200,
                ("3", "2", "1"),
                owner=HOME_CARE,
                negative=True,
                beneficiary="Hjemmeplejen",
                method="Tidsregistrering ved opstart",
                due=290,
                measurements=[MeasurementSpec(-60, "2.5")],
            ),
        ],
    ),
    ProjectSpec(
        title="Unge i job gennem samskabelse",
        summary=(
            "Lokale virksomheder, foreninger og unge selv skaber vejen til job: korte opgaver "
            "formidlet i en app og mentorer fra erhvervslivet."
        ),
        problem=(
            "For mange unge under 30 er hverken i job eller uddannelse, og jobcentrets tilbud "
            "når dem ikke."
        ),
        hypotheses=(
            "Korte, betalte opgaver hos lokale virksomheder er en lettere vej ind end praktik.\n"
            "En mentor fra erhvervslivet holder fast, hvor sagsbehandleren slipper."
        ),
        owner=JOB_CENTRE,
        committee="innovation",
        task=2,
        areas=["beskaeftigelse"],
        dis=["digitalisation", "innovation", "co_creation"],
        ideas=[
            "Korte opgaver – app der matcher ledige med virksomheder",
            "Unge-mentorer fra erhvervslivet",
        ],
        phase=P.RUNNING,
        gates=[
            GateSpec(
                P.EXPLORATION,
                P.PROPOSAL,
                "Afsøgningen er afsluttet; projektet beskrives som et af tre forslag til udvalget.",
                on=datetime.date(2017, 10, 31),
            ),
            GateSpec(
                P.PROPOSAL,
                P.APPROVED,
                "Udvalget anbefalede projektet til videre udvikling i 2018.",
                anchor=PROPOSALS_2017,
            ),
            GateSpec(
                P.APPROVED,
                P.RUNNING,
                "Socialfondsmidlerne er bevilget, og de første 20 unge er i gang.",
                on=datetime.date(2018, 2, 1),
            ),
        ],
        learning=[
            (
                datetime.date(2017, 10, 10),
                "Virksomhederne vil tage unge ind på korte opgaver.",
                "Tolv virksomheder sagde ja på to uger; de vil have én kontaktperson, ikke en app "
                "fra dag ét.",
                L.CONTINUE,
            ),
        ],
        funding=[
            (
                F.Kind.EU,
                "Den Europæiske Socialfond",
                "2400000",
                F.Status.GRANTED,
                datetime.date(2017, 12, 1),
                datetime.date(2018, 1, 20),
            ),
            (
                F.Kind.MUNICIPAL,
                "Beskæftigelsesområdets budget",
                "600000",
                F.Status.GRANTED,
                datetime.date(2017, 11, 20),
                datetime.date(2017, 12, 15),
            ),
            (
                F.Kind.FOUNDATION,
                "Fonden for Borgernær Teknologi",
                "450000",
                F.Status.APPLIED,
                -30,
                None,
            ),
        ],
        partners=[
            ("Erhvervsforeningen Nord", "Finder virksomheder og mentorer."),
            ("Jobmatch Nord ApS", "Udvikler og driver appen til korte opgaver."),
            ("Ungeforum Nord", "De unge tester appen og er med i styregruppen."),
            ("Lyngby-Taarbæk Kommune, Jobcenter", "Deler erfaringer fra et lignende forsøg."),
        ],
        benefits=[
            BenefitSpec(
                "Flere unge i job eller uddannelse",
                B.QUALITY_ECONOMIC,
                "Andel af de unge i projektet, der er i job eller uddannelse efter et år",
                "%",
                "22",
                datetime.date(2018, 1, 15),
                ("30", "40", "50"),
                owner=JOB_CENTRE,
                beneficiary="Unge under 30 uden job eller uddannelse",
                method="Opslag i jobcentrets registre for hver ung",
                due=60,
                measurements=[MeasurementSpec(-40)],
            ),
            BenefitSpec(
                "Lavere udgifter til forsørgelse",
                B.EFFICIENCY,
                "Udgifter til uddannelseshjælp for de unge i projektet pr. år",
                "mio. kr.",
                "6.2",
                datetime.date(2018, 1, 15),
                ("5.9", "5.5", "5.0"),
                owner=JOB_CENTRE,
                beneficiary="Kommunens budget",
                method="Udtræk fra ydelsessystemet",
                due=60,
                budget_effect_taken=True,
                measurements=[MeasurementSpec(45)],
            ),
        ],
    ),
    ProjectSpec(
        title="Digitalt fællesskab for seniorer",
        summary=(
            "Frivillige seniorer fra foreningerne hjælper andre ældre med digital post, "
            "videoopkald og selvbetjening på bibliotekerne."
        ),
        problem=(
            "Mange ældre kan ikke bruge digital post og selvbetjening og står uden for de "
            "digitale fællesskaber."
        ),
        hypotheses=(
            "Ældre lærer bedst af andre ældre, i et fællesskab, de selv er med til at skabe."
        ),
        owner="Leder af Borgerservice",
        committee="velfaerdsteknologi",
        task=2,
        areas=["aeldre", "kultur-og-fritid"],
        dis=["digitalisation", "co_creation"],
        ideas=["Digital post – hjælp fra frivillige seniorer"],
        phase=P.PARKED,
        revisit=135,
        gates=[
            GateSpec(
                P.EXPLORATION,
                P.PARKED,
                "Udvalget drøftede projektet. Foreningerne har ikke frivillige nok før til "
                "foråret; projektet parkeres og genoptages da.",
                anchor=STATUS_ANCHOR,
            ),
        ],
        learning=[
            (
                -40,
                "Foreningerne kan stille frivillige hjælpere til rådighed hver uge.",
                "Kun to af fem foreninger kan det i år; de øvrige først, når deres nye "
                "frivillige er uddannet.",
                L.PARK,
            ),
        ],
        funding=[
            (
                F.Kind.FOUNDATION,
                "Fonden for Borgernær Teknologi",
                "250000",
                F.Status.APPLIED,
                -50,
                None,
            ),
        ],
        partners=[
            ("Foreningen Digitale Seniorer", "Uddanner de frivillige hjælpere."),
            ("Seniornetværket Øst", "Stiller frivillige til rådighed på bibliotekerne."),
        ],
        benefits=[
            BenefitSpec(
                "Færre henvendelser om digital post i Borgerservice",
                B.EFFICIENCY,
                "Henvendelser om digital post pr. måned",
                "henvendelser",
                "320",
                -90,
                ("290", "260", "220"),
                owner="Leder af Borgerservice",
                beneficiary="Borgerservice",
                method="Optælling i køsystemet",
            ),
        ],
    ),
    ProjectSpec(
        title="Teknologilaboratorium på biblioteket",
        summary=(
            "Et åbent laboratorium på hovedbiblioteket, hvor borgere afprøver velfærdsteknologi "
            "og hjælpemidler sammen med frivillige teknologiguider, før de søger eller køber."
        ),
        problem=(
            "Borgerne ser først hjælpemidler og velfærdsteknologi, når de har søgt om dem, og "
            "mange hjælpemidler bliver ikke brugt."
        ),
        hypotheses="Borgere, der har prøvet et hjælpemiddel først, bruger det bagefter.",
        owner="Leder af Hjælpemiddelcentret",
        committee="velfaerdsteknologi",
        task=None,
        areas=["handicap", "kultur-og-fritid"],
        dis=["digitalisation", "innovation", "co_creation"],
        ideas=["Teknologilaboratorium på biblioteket", "Hjælpemidler til udlån via biblioteket"],
        phase=P.EXPLORATION,
        gates=[],
        learning=[
            (
                -25,
                "Borgerne kommer, hvis laboratoriet har faste åbningstider.",
                "Tre temaeftermiddage gav 140 besøgende; drop-in uden tema gav næsten ingen.",
                L.CONTINUE,
            ),
        ],
        funding=[
            (
                F.Kind.FOUNDATION,
                "Fonden for Borgernær Teknologi",
                "400000",
                F.Status.APPLIED,
                -20,
                None,
            ),
            (F.Kind.PARTNER, "SensaCare ApS (udstyr)", "50000", F.Status.GRANTED, -30, -15),
        ],
        partners=[
            ("SensaCare ApS", "Låner udstyr ud og viser det frem på temaeftermiddagene."),
            ("Makerspace Gentofte", "Frivillige teknologiguider og 3D-print af små hjælpemidler."),
        ],
        benefits=[
            BenefitSpec(
                "Flere hjælpemidler bliver brugt",
                B.QUALITY,
                "Andel af udlånte hjælpemidler, der er i brug efter tre måneder",
                "%",
                None,
                None,
                None,
                beneficiary="Borgere, der søger hjælpemidler",
            ),
        ],
    ),
    ProjectSpec(
        title="Fælles digital booking af kommunens lokaler",
        summary=(
            "Én digital booking af kommunens lokaler for foreninger og borgere, med en oversigt "
            "over frivillige opgaver, som foreningerne selv vedligeholder."
        ),
        problem=(
            "Foreningerne bruger meget tid på at finde og booke lokaler, og mange lokaler står "
            "tomme, fordi ingen ved, at de er ledige."
        ),
        hypotheses="Foreningerne booker selv, når de kan se, hvad der er ledigt.",
        owner="Leder af Kultur og Fritid",
        committee="velfaerdsteknologi",
        task=2,
        areas=["kultur-og-fritid"],
        dis=["digitalisation", "co_creation"],
        ideas=[
            "Fælles digital booking af kommunens lokaler",
            "Frivilligbørs for foreningernes opgaver",
        ],
        phase=P.PROPOSAL,
        published=False,
        gates=[
            GateSpec(
                P.EXPLORATION,
                P.PROPOSAL,
                "Behovet er afdækket med foreningerne; forslaget skrives til udvalgets møde.",
                on=-20,
            ),
        ],
        learning=[
            (
                -45,
                "Foreningerne vil booke selv.",
                "Ja – men kun hvis de kan se nøgleordningen og rengøringen i samme booking.",
                L.CONTINUE,
            ),
        ],
        funding=[
            (F.Kind.MUNICIPAL, "Kultur og Fritids budget", "350000", F.Status.APPLIED, -15, None),
        ],
        partners=[
            ("Foreningsrådet", "Repræsenterer foreningerne i styregruppen."),
            ("BookIt Danmark ApS", "Leverer bookingløsningen (tilbud indhentet)."),
        ],
        benefits=[
            BenefitSpec(
                "Færre timer til manuel lokalebooking",
                B.EFFICIENCY,
                "Timer brugt på lokalebooking i forvaltningen pr. måned",
                "timer",
                "160",
                -40,
                ("120", "90", "60"),
                owner="Leder af Kultur og Fritid",
                beneficiary="Kultur og Fritid",
                method="Tidsregistrering",
            ),
        ],
        notes=[
            "Afventer Foreningsrådets svar, før forslaget offentliggøres. Tilbuddet er fortroligt."
        ],
    ),
]
TITLES = [spec.title for spec in PROJECTS]


def _upsert(model, lookup: dict, values: dict):
    """The row found by ``lookup``, created with ``values``, or changed where it differs (by
    an update, so that ``auto_now`` fields keep their value when nothing changed)."""
    row = model.objects.filter(**lookup).first()
    if row is None:
        return model.objects.create(**lookup, **values)
    changed = {name: value for name, value in values.items() if getattr(row, name) != value}
    if changed:
        model.objects.filter(pk=row.pk).update(**changed)
        for name, value in changed.items():
            setattr(row, name, value)
    return row


def _at(value: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(value.year, value.month, value.day, hour, tzinfo=TZ)


def _decimal(value):
    return None if value is None else Decimal(value)


def before_meetings():
    """Loosen the demo's gate decisions from their items, so that the meetings demo may rebuild
    the meetings whose dates moved; ``load`` anchors them again."""
    GateDecision.objects.filter(project__title__in=TITLES, item__isnull=False).update(item=None)


def load() -> dict[str, int]:
    """Create or update the demo projects; returns the number of rows per model."""
    secretariat = get_user_model().objects.filter(username=SECRETARIAT_USERNAME).first()
    partners = {
        name: _upsert(
            Partner,
            {"name": name},
            {"kind": kind, "contact_name": person, "contact_email": email, "contact_phone": phone},
        )
        for name, kind, person, email, phone in PARTNERS
    }
    for spec in PROJECTS:
        _project(spec, partners, secretariat)
    return counts()


def _anchor(anchor) -> AgendaItem:
    slug, number, title = anchor
    return AgendaItem.objects.get(
        meeting__committee__slug=slug, meeting__number=number, title=title
    )


def _project(spec: ProjectSpec, partners, by) -> Project:
    committee = Committee.objects.get(slug=spec.committee)
    gates = [(gate, _anchor(gate.anchor) if gate.anchor else None) for gate in spec.gates]
    dates = [item.decided_on if item else day(gate.on) for gate, item in gates]
    case = None
    if spec.case:
        case = Case.objects.get(reference=meetings_demo.CASES[spec.case][0])
    project = _upsert(
        Project,
        {"title": spec.title},
        {
            "summary": spec.summary,
            "problem": spec.problem,
            "hypotheses": spec.hypotheses,
            "owner": spec.owner,
            "committee": committee,
            "mandate_task": MandateTask.objects.get(committee=committee, order=spec.task)
            if spec.task
            else None,
            "dis_dimensions": spec.dis,
            "case": case,
            "phase": spec.phase,
            "phase_since": dates[-1] if dates else day(spec.learning[0][0]),
            "revisit_on": day(spec.revisit) if spec.revisit is not None else None,
            "is_published": spec.published,
            "is_transformative": True,
        },
    )
    project.welfare_areas.set(WelfareArea.objects.filter(slug__in=spec.areas))
    project.ideas.set(Idea.objects.filter(title__in=spec.ideas))
    for (gate, item), on in zip(gates, dates, strict=True):
        _upsert(
            GateDecision,
            {"project": project, "from_phase": gate.from_phase, "to_phase": gate.to_phase},
            {"decided_on": on, "text": gate.text, "item": item, "by": by},
        )
    for on, hypothesis, learned, decision in spec.learning:
        _upsert(
            LearningEntry,
            {"project": project, "hypothesis": hypothesis},
            {"on": day(on), "learned": learned, "decision": decision, "by": by},
        )
    for kind, name, amount, status, applied, decided in spec.funding:
        _upsert(
            Funding,
            {"project": project, "name": name},
            {
                "kind": kind,
                "amount": Decimal(amount),
                "status": status,
                "applied_on": day(applied) if applied is not None else None,
                "decided_on": day(decided) if decided is not None else None,
            },
        )
    for name, role in spec.partners:
        _upsert(Partnership, {"project": project, "partner": partners[name]}, {"role": role})
    approved = next(
        (on for (gate, _item), on in zip(gates, dates, strict=True) if gate.to_phase == P.APPROVED),
        None,
    )
    for benefit_spec in spec.benefits:
        _benefit(project, benefit_spec, approved, by)
    for text in spec.notes:
        _upsert(ProjectNote, {"project": project, "text": text}, {"author": by})
    return project


def _benefit(project, spec: BenefitSpec, approved, by) -> Benefit:
    """The benefit; locked at the approval (version 1), changed later with a reason (v2)."""
    first = spec.targets or (None, None, None)
    current = spec.changed[0] if spec.changed else first
    low, likely, high = (_decimal(value) for value in current)
    benefit = _upsert(
        Benefit,
        {"project": project, "title": spec.title},
        {
            "owner": spec.owner,
            "kind": spec.kind,
            "is_negative": spec.negative,
            "beneficiary": spec.beneficiary,
            "indicator": spec.indicator,
            "method": spec.method,
            "unit": spec.unit,
            "baseline_value": _decimal(spec.baseline),
            "baseline_on": day(spec.baseline_on) if spec.baseline_on is not None else None,
            "target_low": low,
            "target_likely": likely,
            "target_high": high,
            "due_on": day(spec.due) if spec.due is not None else None,
            "preconditions": spec.preconditions,
            "actions": spec.actions,
            "budget_effect_taken": spec.budget_effect_taken,
            "targets_locked_at": _at(approved) if approved else None,
        },
    )
    if approved and spec.targets:
        versions = [(first, "", approved)]
        if spec.changed:
            versions.append((spec.changed[0], spec.changed[1], day(spec.changed[2])))
        for number, (targets, reason, on) in enumerate(versions, start=1):
            _upsert(
                BenefitTargets,
                {"benefit": benefit, "number": number},
                {
                    "target_low": Decimal(targets[0]),
                    "target_likely": Decimal(targets[1]),
                    "target_high": Decimal(targets[2]),
                    "reason": reason,
                    "by": by,
                    "created_at": _at(on, 12),
                },
            )
    planned = [day(m.planned) for m in spec.measurements]
    benefit.measurements.exclude(planned_on__in=planned).delete()
    for measurement, on in zip(spec.measurements, planned, strict=True):
        _upsert(
            Measurement,
            {"benefit": benefit, "planned_on": on},
            {
                "measured_on": on if measurement.value is not None else None,
                "value": _decimal(measurement.value),
                "note": measurement.note,
            },
        )
    return benefit


MODELS = [
    Project,
    Project.ideas.through,
    Project.welfare_areas.through,
    ProjectNote,
    GateDecision,
    LearningEntry,
    Funding,
    Partner,
    Partnership,
    Benefit,
    BenefitTargets,
    Measurement,
]


def counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in MODELS}
