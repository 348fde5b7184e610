"""Demo data for meetings: Gentofte's "Opgaveudvalget om Innovation" and a committee of today.

The innovation committee ran from February 2017 to March 2018 (DOMAIN.md): its six meetings
are held, their minutes approved, and the committee is historic. So that the demo also has
meetings to come, a fictional successor, "Opgaveudvalget om Velfærdsteknologi og Samskabelse",
takes up its projects in a period that includes the day the demo is loaded: its dates are
counted from that day, and its meetings are held, awaiting approval, published or a draft as
their dates say.

``load()`` is called by ``manage.py load_demo`` inside its transaction, after the demo users
exist. It is idempotent: every row is found by a natural key (committee slug, membership
(committee, user or name), meeting (committee, number), item (meeting, title), programme item
(meeting, order), workshop group (meeting, name), case reference, ...) and the meeting life
cycle only moves forward, through the same actions the application uses.

Items are written as plain agenda text and created through the importer's path
(``parse_agenda_item`` + ``create_item_from_parsed``), so that their numbers run on through the
year (``Meeting.next_item_number``). The 4th meeting's item is the public seed document itself.

Every person is fictional, except the two speakers named in the public seed document.
"""

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.utils import timezone

from meetings import actions, rules
from meetings.agenda_parser import parse_agenda_item
from meetings.models import (
    AgendaItem,
    Attachment,
    Attendance,
    Case,
    Committee,
    ConflictOfInterest,
    ItemSection,
    MandateTask,
    Meeting,
    Membership,
    ProgrammeItem,
    RecommendationPoint,
    Speaker,
    WorkshopGroup,
)

TZ = ZoneInfo("Europe/Copenhagen")
MEMBER_USERNAME = "medlem"
SECRETARIAT_USERNAME = "sekretariat"

SEED_NAME = "opgaveudvalget-om-innovation-moede-4.txt"
# The copy in the repository is always read: a fresh clone may not have ../shared.
SEED_PATH = Path(__file__).resolve().parent / "demo_data" / SEED_NAME
CONFERENCE_TITLE = (
    "Teknologilaboratorium – indsigt i morgendagens teknologibaserede velfærdsløsninger"
)

INNOVATION = "Opgaveudvalget om Innovation"
DIGITALISERING = "Opgaveudvalget for digitalisering og teknologi"
CURRENT = "Opgaveudvalget om Velfærdsteknologi og Samskabelse"
UNIT = "Tværgående Funktioner"

APPROVED = RecommendationPoint.Outcome.APPROVED
NOTED = RecommendationPoint.Outcome.NOTED
AMENDED = RecommendationPoint.Outcome.AMENDED
STATES = [Meeting.State.DRAFT, Meeting.State.PUBLISHED, Meeting.State.HELD, Meeting.State.APPROVED]


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


# --------------------------------------------------------------------------------------------
# Committees, mandate, members
# --------------------------------------------------------------------------------------------

INNOVATION_DESCRIPTION = (
    "Kommunalbestyrelsen har nedsat Opgaveudvalget om Innovation efter styrelseslovens § 17, "
    "stk. 4, med udgangspunkt i ønsket om at øge innovationskraften i kommunen. Udvalget skal "
    "fremsætte forslag til en model, der forankrer innovation i den politiske ledelse og proces, "
    "fremlægge forslag til 3–5 gennemgribende innovationsprojekter, udarbejde et idékatalog til "
    "samskabelse mellem politikere, borgere, virksomheder, foreninger, frivillige og medarbejdere "
    "og i etableringsfasen rådgive innovationschefen om eksterne netværk, finansiering og "
    "gevinstrealisering. Udvalget består af fem medlemmer af kommunalbestyrelsen og ti borgere."
)
DIGITALISERING_DESCRIPTION = (
    "Opgaveudvalget for digitalisering og teknologi undersøger, hvordan ny teknologi kan "
    "bidrage til kommunens velfærdsløsninger, og holdt i september 2017 konferencen "
    "”Teknologilaboratorium” sammen med Opgaveudvalget om Innovation."
)

CURRENT_DESCRIPTION = (
    "Kommunalbestyrelsen har nedsat Opgaveudvalget om Velfærdsteknologi og Samskabelse efter "
    "styrelseslovens § 17, stk. 4. Udvalget bygger videre på de innovationsprojekter, som "
    "Opgaveudvalget om Innovation anbefalede: det skal føre velfærdsteknologi i eget hjem fra "
    "forsøg til drift, indgå samarbejdsaftaler med foreninger og frivillige og følge op på "
    "gevinsterne af projekterne. Udvalget består af fem medlemmer af kommunalbestyrelsen og "
    "fem borgere."
)

# order, title, mandate wording (the seed's Resumé), deliverable, due text, due date, status
MANDATE = [
    (
        1,
        "Model for forankring af innovation i den politiske ledelse og proces",
        "Fremsætte forslag til model, der sikrer at innovation forankres og integreres i den "
        "politiske ledelse og proces. Forslag til model forventes klar efteråret 2017 med henblik "
        "på mulig integrering i den politiske ledelse og proces fra 2018.",
        "Forslag til model",
        "efteråret 2017",
        datetime.date(2017, 10, 31),
        MandateTask.Status.DELIVERED,
    ),
    (
        2,
        "3–5 gennemgribende innovationsprojekter",
        "Fremlægge forslag til 3-5 gennemgribende innovations projekter. 2017 benyttes til at "
        "afsøge og afklare mulighederne.",
        "Forslag til 3–5 gennemgribende innovationsprojekter",
        "2017 benyttes til at afsøge og afklare mulighederne",
        datetime.date(2017, 12, 31),
        MandateTask.Status.DELIVERED,
    ),
    (
        3,
        "Idékatalog til samskabelsesmuligheder mellem aktører",
        "Udarbejde idekatalog til samskabelsesmuligheder mellem aktører – politikere, borgere, "
        "virksomheder, foreninger, frivillige, medarbejdere/ledere etc. Udkast til katalog "
        "forventes klar medio 2017.",
        "Udkast til idékatalog",
        "medio 2017",
        datetime.date(2017, 6, 30),
        MandateTask.Status.DELIVERED,
    ),
    (
        4,
        "Rådgivning af innovationschefen om netværk, finansiering og gevinstrealisering",
        "Opgaveudvalget skal i etableringsfasen rådgive innovationschefen om skabelse af eksterne "
        "netværk, finansiering samt gevinstrealisering.",
        "Rådgivning af innovationschefen",
        "i etableringsfasen",
        None,
        MandateTask.Status.DELIVERED,
    ),
]

# The successor's mandate: order, title, wording, deliverable, due text, days from the day the
# demo is loaded (None: no date), status
CURRENT_MANDATE = [
    (
        1,
        "Velfærdsteknologi i eget hjem fra forsøg til drift",
        "Udarbejde en plan for, hvordan velfærdsteknologi i eget hjem udbredes til alle "
        "borgere, der kan have gavn af den, med afsæt i erfaringerne fra forsøgene.",
        "Plan for udbredelse",
        "inden sommerferien",
        200,
        MandateTask.Status.IN_PROGRESS,
    ),
    (
        2,
        "Samarbejdsaftaler med foreninger og frivillige",
        "Indgå samarbejdsaftaler med foreninger og frivillige om samskabelse på de "
        "velfærdsområder, hvor idékataloget peger på de største muligheder.",
        "Forslag til samarbejdsaftaler",
        "inden udvalgets periode udløber",
        240,
        MandateTask.Status.IN_PROGRESS,
    ),
    (
        3,
        "Opfølgning på gevinstrealisering",
        "Følge op på gevinsterne af de tre innovationsprojekter efter statens model for "
        "gevinstrealisering.",
        "Gevinstopfølgning for de tre innovationsprojekter",
        "halvårligt",
        None,
        MandateTask.Status.IN_PROGRESS,
    ),
]

# Fictional people. name, organisation or party, role
INNOVATION_MEMBERS = [
    ("Henrik Søgaard Lund", "Det Konservative Folkeparti", Membership.Role.CHAIR),
    ("Lene Bach Rasmussen", "Socialdemokratiet", Membership.Role.VICE_CHAIR),
    (MEMBER_USERNAME, "Venstre", Membership.Role.COUNCIL_MEMBER),  # the demo user
    ("Ole Kjærsgaard Berg", "Radikale Venstre", Membership.Role.COUNCIL_MEMBER),
    ("Pia Thorsen Vind", "SF – Socialistisk Folkeparti", Membership.Role.COUNCIL_MEMBER),
    ("Anne-Sofie Dalgaard", "Iværksætter, sundhedsteknologi", Membership.Role.CITIZEN_MEMBER),
    ("Jens Peter Krogh", "Formand for Seniornetværket Øst", Membership.Role.CITIZEN_MEMBER),
    ("Camilla Brandt Eskildsen", "Leder af en daginstitution", Membership.Role.CITIZEN_MEMBER),
    ("Rasmus Vestergaard Holm", "Lektor i designinnovation", Membership.Role.CITIZEN_MEMBER),
    ("Nadia Haddad", "Studerende, designuddannelse", Membership.Role.CITIZEN_MEMBER),
    ("Torben Lykke", "Frivillig træner i en idrætsforening", Membership.Role.CITIZEN_MEMBER),
    ("Signe Mølgaard", "Konsulent i civilsamfundsorganisation", Membership.Role.CITIZEN_MEMBER),
    ("Morten Skov Iversen", "Selvstændig erhvervsdrivende", Membership.Role.CITIZEN_MEMBER),
    ("Hanne Bjerregaard", "Pensioneret skoleleder", Membership.Role.CITIZEN_MEMBER),
    ("Kasper Nørgaard Friis", "Digital strateg", Membership.Role.CITIZEN_MEMBER),
    (SECRETARIAT_USERNAME, "Tværgående Funktioner", Membership.Role.SECRETARIAT),
]
DIGITALISERING_MEMBERS = [
    ("Peter Wulff Hansen", "Venstre", Membership.Role.CHAIR),
    ("Susanne Egholm", "Det Konservative Folkeparti", Membership.Role.VICE_CHAIR),
    ("Thomas Riber", "Softwareudvikler", Membership.Role.CITIZEN_MEMBER),
    ("Line Kaas Petersen", "Sygeplejerske", Membership.Role.CITIZEN_MEMBER),
    (SECRETARIAT_USERNAME, "Tværgående Funktioner", Membership.Role.SECRETARIAT),
]
CURRENT_MEMBERS = [
    ("Ole Kjærsgaard Berg", "Radikale Venstre", Membership.Role.CHAIR),
    ("Maja Lindholm", "Det Konservative Folkeparti", Membership.Role.VICE_CHAIR),
    (MEMBER_USERNAME, "Venstre", Membership.Role.COUNCIL_MEMBER),  # the demo user
    ("Erik Dahl Sørensen", "Socialdemokratiet", Membership.Role.COUNCIL_MEMBER),
    ("Pia Thorsen Vind", "SF – Socialistisk Folkeparti", Membership.Role.COUNCIL_MEMBER),
    ("Anne-Sofie Dalgaard", "Iværksætter, sundhedsteknologi", Membership.Role.CITIZEN_MEMBER),
    ("Bente Kragh", "Pårørenderepræsentant, Ældrerådet", Membership.Role.CITIZEN_MEMBER),
    ("Yusuf Demir", "Frivilligkoordinator", Membership.Role.CITIZEN_MEMBER),
    ("Lærke Winther Holm", "Fysioterapeut", Membership.Role.CITIZEN_MEMBER),
    ("Søren Aagaard", "Formand for en idrætsforening", Membership.Role.CITIZEN_MEMBER),
    (SECRETARIAT_USERNAME, "Tværgående Funktioner", Membership.Role.SECRETARIAT),
]
COUNCIL_ROLES = (
    Membership.Role.CHAIR,
    Membership.Role.VICE_CHAIR,
    Membership.Role.COUNCIL_MEMBER,
)


def _committees():
    innovation, _created = Committee.objects.update_or_create(
        slug="innovation",
        defaults={
            "name": INNOVATION,
            "short_name": "Innovation",
            "kind": Committee.Kind.TASK,
            "period_start": datetime.date(2017, 2, 1),
            "period_end": None,  # the period ends when the demo is built (``_end_periods``)
            "public_access": Committee.PublicAccess.AGENDA,
            "show_closed_titles": False,
            "description": INNOVATION_DESCRIPTION,
        },
    )
    digitalisering, _created = Committee.objects.update_or_create(
        slug="digitalisering",
        defaults={
            "name": DIGITALISERING,
            "short_name": "Digitalisering",
            "kind": Committee.Kind.TASK,
            "period_start": datetime.date(2017, 2, 1),
            "period_end": None,
            "public_access": Committee.PublicAccess.AGENDA,
            "description": DIGITALISERING_DESCRIPTION,
        },
    )
    today = timezone.localdate()
    start = (today - datetime.timedelta(days=270)).replace(day=1)
    current, _created = Committee.objects.update_or_create(
        slug="velfaerdsteknologi",
        defaults={
            "name": CURRENT,
            "short_name": "Velfærdsteknologi",
            "kind": Committee.Kind.TASK,
            "period_start": start,
            # Eighteen months, to the last day of a month.
            "period_end": (start + datetime.timedelta(days=18 * 31)).replace(day=1)
            - datetime.timedelta(days=1),
            "public_access": Committee.PublicAccess.AGENDA,
            "description": CURRENT_DESCRIPTION,
        },
    )
    _mandate(innovation, MANDATE)
    _mandate(
        current,
        [
            (*task, today + datetime.timedelta(days=days) if days is not None else None, status)
            for *task, days, status in CURRENT_MANDATE
        ],
    )
    return innovation, digitalisering, current


def _mandate(committee, tasks):
    for order, title, description, deliverable, due_text, due_date, status in tasks:
        MandateTask.objects.update_or_create(
            committee=committee,
            order=order,
            defaults={
                "title": title,
                "description": description,
                "deliverable": deliverable,
                "due_text": due_text,
                "due_date": due_date,
                "status": status,
            },
        )


def _members(committee, people) -> dict[str, Membership]:
    """Memberships by person name (the demo users by username)."""
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=[p[0] for p in people])
    }
    found = {}
    for order, (name, organisation, role) in enumerate(people, start=1):
        defaults = {"organisation": organisation, "role": role, "order": order}
        if name in (MEMBER_USERNAME, SECRETARIAT_USERNAME):
            if name not in users:
                continue  # load_demo creates the users first; without them, no membership
            membership, _created = Membership.objects.update_or_create(
                committee=committee, user=users[name], defaults={**defaults, "name": ""}
            )
        else:
            membership, _created = Membership.objects.update_or_create(
                committee=committee, user=None, name=name, defaults=defaults
            )
        found[name] = membership
    return found


# --------------------------------------------------------------------------------------------
# Agenda items, written as agenda text
# --------------------------------------------------------------------------------------------


@dataclass
class ItemSpec:
    title: str
    summary: str
    background: str
    points: list[str]
    # one (outcome, text) per point; the item's decision text
    outcomes: list[tuple[str, str]] = field(default_factory=list)
    decision: str = "Godkendt."
    previous: str = ""  # Tidligere beslutninger; may use {number[<title>]} placeholders
    attachments: list[str] = field(default_factory=list)
    closed_attachments: list[str] = field(default_factory=list)
    closed: bool = False
    case: str = ""
    tasks: list[int] = field(default_factory=list)
    by: str = UNIT

    def text(self, numbers: dict[str, int], to: str) -> str:
        lines = []
        if self.closed:
            lines += ["Lukket punkt", ""]
        lines += ["Resumé", self.summary, "", "Baggrund", self.background, ""]
        if len(self.points) == 1:
            lines += [
                "Indstilling",
                f"{self.by} indstiller til {to}, {self.points[0][0].lower()}",
            ]
            lines[-1] += self.points[0][1:]
        else:
            lines += ["Indstilling", f"{self.by} indstiller", "", f"Til {to}:", ""]
            lines += [f"{n}. {point}" for n, point in enumerate(self.points, start=1)]
        lines += ["", "Tidligere beslutninger:", self.previous.format(**numbers) or "."]
        files = self.attachments + self.closed_attachments
        if files:
            lines += ["", "Bilag", *(f"{n}. {name}" for n, name in enumerate(files, start=1))]
        return "\n".join(lines) + "\n"


ITEMS = {
    1: [
        ItemSpec(
            title="Opgaveudvalgets kommissorium og mødeplan for 2017",
            summary=(
                "Kommunalbestyrelsen har nedsat Opgaveudvalget om Innovation som opgaveudvalg "
                "efter styrelseslovens § 17, stk. 4. På udvalgets første møde gennemgås "
                "kommissoriet, og mødeplanen for 2017 fastlægges."
            ),
            background=(
                "Kommissoriet beskriver fire opgaver: en model for forankring af innovation i "
                "den politiske ledelse og proces, forslag til 3-5 gennemgribende "
                "innovationsprojekter, et idékatalog til samskabelse og rådgivning af "
                "innovationschefen i etableringsfasen. Udvalget mødes fem gange i 2017 og holder "
                "sit afsluttende møde i begyndelsen af 2018. Det fjerde møde holdes som en "
                "konference sammen med Opgaveudvalget for digitalisering og teknologi."
            ),
            points=[
                "At kommissoriet tages til efterretning.",
                "At mødeplanen for 2017 godkendes.",
            ],
            outcomes=[(NOTED, ""), (APPROVED, "")],
            decision="Kommissoriet blev taget til efterretning. Mødeplanen blev godkendt.",
            attachments=["Kommissorium for Opgaveudvalget om Innovation.pdf"],
        ),
        ItemSpec(
            title="Arbejdsform og arbejdsgrupper",
            summary=(
                "Udvalget drøfter, hvordan arbejdet organiseres, herunder om der skal nedsættes "
                "arbejdsgrupper med både politikere og borgermedlemmer."
            ),
            background=(
                "Erfaringerne fra de første opgaveudvalg viser, at mindre arbejdsgrupper giver "
                "borgermedlemmerne bedre mulighed for at bidrage med deres viden. "
                "Arbejdsgrupperne forbereder udvalgets møder og refererer til udvalget."
            ),
            points=[
                "At udvalget nedsætter to arbejdsgrupper: én for idékataloget og én for "
                "innovationsprojekterne.",
                "At arbejdsgrupperne refererer til udvalget på hvert møde.",
            ],
            outcomes=[
                (
                    AMENDED,
                    "Godkendt med tre arbejdsgrupper: idékatalog, innovationsprojekter og model "
                    "for politisk forankring.",
                ),
                (APPROVED, ""),
            ],
            decision="Godkendt med den ændring, at der nedsættes tre arbejdsgrupper.",
        ),
        ItemSpec(
            title="Innovationschefens plan for netværk, finansiering og gevinstrealisering",
            summary=(
                "Innovationschefen fremlægger sin plan for etableringsfasen. Udvalget skal "
                "ifølge kommissoriet rådgive innovationschefen om eksterne netværk, "
                "finansiering og gevinstrealisering."
            ),
            background=(
                "Planen beskriver samarbejde med virksomheder, foreninger, "
                "uddannelsesinstitutioner og andre kommuner, mulige fonde og puljer samt en "
                "enkel metode til at følge op på gevinster, når et projekt er sat i drift."
            ),
            points=["At udvalget drøfter planen og rådgiver innovationschefen."],
            outcomes=[
                (
                    NOTED,
                    "Drøftet. Udvalget anbefalede at prioritere lokale virksomheder og fonde.",
                )
            ],
            decision="Drøftet.",
            tasks=[4],
        ),
    ],
    2: [
        ItemSpec(
            title="Principper for samskabelse",
            summary=(
                "Sekretariatet har på baggrund af drøftelserne i arbejdsgrupperne udarbejdet et "
                "udkast til principper for samskabelse mellem kommunen og andre aktører."
            ),
            background=(
                "Udkastet har seks principper: Lytter først, Bygger bro, Skaber fremdrift, Gør "
                "det nemt, Fastholder virkelyst og Tydelig ramme. Principperne kan bruges som "
                "tjekliste, når en idé vurderes."
            ),
            points=[
                "At udvalget drøfter udkastet til principper for samskabelse.",
                "At principperne anvendes som tjekliste i idékataloget.",
            ],
            outcomes=[(NOTED, ""), (APPROVED, "")],
        ),
        ItemSpec(
            title="Idékatalog for samskabelse – struktur og proces",
            summary=(
                "Ifølge kommissoriet skal udvalget udarbejde et idékatalog til "
                "samskabelsesmuligheder mellem aktører. Udkast til katalog forventes klar "
                "medio 2017. Udvalget skal tage stilling til katalogets struktur og til, "
                "hvordan ideerne indsamles."
            ),
            background=(
                "Sekretariatet foreslår, at ideerne ordnes efter velfærdsområde og efter, "
                "hvilke aktører der kan samarbejde om dem. Ideer indsamles fra medarbejdere og "
                "ledere, fra udvalgets arbejdsgrupper og fra workshops."
            ),
            points=[
                "At strukturen for idékataloget godkendes.",
                "At sekretariatet indsamler ideer fra medarbejdere frem til 1. juni 2017.",
            ],
            outcomes=[(APPROVED, ""), (APPROVED, "")],
            attachments=["Skitse til idékatalogets struktur.pdf"],
            case="idea",
            tasks=[3],
        ),
        ItemSpec(
            title="Afsøgning af gennemgribende innovationsprojekter",
            summary=(
                "Udvalget skal fremlægge forslag til 3-5 gennemgribende innovationsprojekter. "
                "2017 benyttes til at afsøge og afklare mulighederne."
            ),
            background=(
                "Arbejdsgruppen for innovationsprojekter foreslår tre temaer til afsøgning, "
                "hvor behovet er stort, og hvor ny teknologi og samskabelse kan gøre en forskel."
            ),
            points=[
                "At udvalget udpeger tre temaer til videre afsøgning: ældre og sundhed, børn og "
                "unge samt beskæftigelse.",
                "At afsøgningen afrapporteres på udvalgets møde i november 2017.",
            ],
            outcomes=[(APPROVED, ""), (APPROVED, "")],
            case="projects",
            tasks=[2],
        ),
    ],
    3: [
        ItemSpec(
            title="Udkast til idékatalog for samskabelse",
            summary=(
                "Udkastet til idékatalog for samskabelse foreligger. Det indeholder 34 ideer "
                "fordelt på syv velfærdsområder."
            ),
            background=(
                "Ideerne er indsamlet fra medarbejdere og ledere og fra arbejdsgruppernes "
                "møder. Hver idé beskriver, hvilke aktører der kan samarbejde om den, og "
                "vurderes efter principperne for samskabelse."
            ),
            points=[
                "At udkastet til idékatalog godkendes som grundlag for dialog med borgere, "
                "foreninger og virksomheder.",
                "At kataloget færdiggøres efter konferencen i september 2017.",
            ],
            outcomes=[(APPROVED, ""), (APPROVED, "")],
            previous=(
                "Beslutning fra Opgaveudvalget om Innovation, 02.05.2017, pkt. {idea_1}: Godkendt."
            ),
            attachments=["Udkast til idékatalog for samskabelse.pdf"],
            case="idea",
            tasks=[3],
        ),
        ItemSpec(
            title="Planlægning af konferencen Teknologilaboratorium",
            summary=(
                "Udvalgets fjerde møde foreslås holdt som en konference om morgendagens "
                "teknologibaserede velfærdsløsninger i samarbejde med Opgaveudvalget for "
                "digitalisering og teknologi."
            ),
            background=(
                "Konferencen skal give begge udvalg en fælles viden om de største teknologiske "
                "udviklingstendenser og om innovative og digitale udviklingsmetoder. "
                "Deltagerne arbejder i workshopgrupper på konkrete velfærdsområder."
            ),
            points=[
                "At udvalget holder sit fjerde møde som konference sammen med Opgaveudvalget "
                "for digitalisering og teknologi.",
                "At politikerne drøfter deres rolle i en gruppe for sig.",
            ],
            outcomes=[(APPROVED, ""), (APPROVED, "")],
            case="lab",
        ),
    ],
    5: [
        ItemSpec(
            title="Forslag til model for forankring af innovation i den politiske ledelse og "
            "proces",
            summary=(
                "Udvalget fremlægger sit forslag til en model, der sikrer, at innovation "
                "forankres og integreres i den politiske ledelse og proces fra 2018."
            ),
            background=(
                "Modellen samler digitalisering, innovation og samskabelse. Et projekt bevæger "
                "sig gennem faste faser fra afsøgning over forslag og godkendelse til drift og "
                "gevinstrealisering, og hver politisk beslutning træffes i et fagudvalg på et "
                "dagsordenpunkt, så sporet fra idé til gevinst altid kan følges."
            ),
            points=[
                "At udvalget anbefaler modellen over for Økonomiudvalget og Kommunalbestyrelsen.",
                "At modellen afprøves i udvalgets innovationsprojekter fra 2018.",
            ],
            outcomes=[
                (APPROVED, ""),
                (AMENDED, "Godkendt, idet modellen evalueres efter et år."),
            ],
            decision="Anbefales, idet modellen evalueres efter et år.",
            attachments=["Forslag til model.pdf"],
            tasks=[1],
        ),
        ItemSpec(
            title="Status på afsøgning af gennemgribende innovationsprojekter",
            summary=(
                "Afsøgningen af de tre temaer er afsluttet. Arbejdsgruppen foreslår tre "
                "projekter til videre udvikling i 2018."
            ),
            background=(
                "Forslagene er: Velfærdsteknologi i eget hjem, Unge i job gennem samskabelse "
                "og Digitalt fællesskab for seniorer. Forslagene bygger blandt andet på "
                "resultaterne fra workshopgrupperne på konferencen Teknologilaboratorium."
            ),
            points=[
                "At statusrapporten tages til efterretning.",
                "At udvalget anbefaler de tre projekter til videre udvikling i 2018.",
            ],
            outcomes=[(NOTED, ""), (APPROVED, "")],
            previous=(
                "Beslutning fra Opgaveudvalget om Innovation, 02.05.2017, pkt. {projects_1}: "
                "Godkendt."
            ),
            attachments=["Statusrapport for afsøgningen.pdf"],
            case="projects",
            tasks=[2],
        ),
        ItemSpec(
            title="Idékatalog for samskabelse – endelig version",
            summary=(
                "Idékataloget er færdiggjort med ideer fra konferencen Teknologilaboratorium "
                "og fra dialogen med borgere, foreninger og virksomheder."
            ),
            background=(
                "Kataloget indeholder nu 41 ideer. Syv ideer stammer fra konferencens "
                "workshopgrupper. Kataloget udgives digitalt og som PDF."
            ),
            points=[
                "At idékataloget godkendes og offentliggøres.",
                "At sekretariatet fortsat modtager og vurderer nye ideer.",
            ],
            outcomes=[(APPROVED, ""), (APPROVED, "")],
            previous=(
                "Beslutning fra Opgaveudvalget om Innovation, 02.05.2017, pkt. {idea_1}: "
                "Godkendt.\n\n"
                "Beslutning fra Opgaveudvalget om Innovation, 20.06.2017, pkt. {idea_2}: "
                "Godkendt."
            ),
            attachments=["Idékatalog for samskabelse 2017.pdf"],
            case="idea",
            tasks=[3],
        ),
        ItemSpec(
            title="Samarbejde med foreninger om digital hjælp til seniorer",
            summary=(
                "Sekretariatet foreslår et forsøg, hvor frivillige fra lokale seniorforeninger "
                "hjælper ældre borgere med digital post, video-opkald og selvbetjening."
            ),
            background=(
                "Ideen kommer fra idékataloget. Kommunen stiller lokaler og udstyr til rådighed, "
                "og foreningerne organiserer de frivillige. Forsøget løber i 2018."
            ),
            points=[
                "At udvalget anbefaler et forsøg med frivillige digitale hjælpere i samarbejde "
                "med lokale seniorforeninger."
            ],
            outcomes=[(APPROVED, "")],
            decision=(
                "Godkendt. Jens Peter Krogh deltog ikke i behandlingen af punktet på grund af "
                "inhabilitet."
            ),
        ),
        ItemSpec(
            title="Personalesag",
            summary=(
                "Sagen vedrører vilkårene for en projektansættelse i innovationsenheden, der "
                "finansieres af eksterne fondsmidler. Sagen behandles for lukkede døre, da den "
                "indeholder oplysninger om en enkeltpersons forhold."
            ),
            background=(
                "Fonden har forlænget bevillingen. Tværgående Funktioner foreslår derfor, at "
                "projektansættelsen forlænges, så den følger bevillingens løbetid."
            ),
            points=["At forlængelsen af projektansættelsen til 31. december 2018 godkendes."],
            outcomes=[(APPROVED, "")],
            closed=True,
            closed_attachments=["Notat om projektansættelsen (fortroligt).pdf"],
        ),
    ],
    6: [
        ItemSpec(
            title="Opgaveudvalgets afrapportering til Kommunalbestyrelsen",
            summary=(
                "Opgaveudvalgets periode udløber den 31. marts 2018. Udvalget afrapporterer sit "
                "arbejde med de fire opgaver i kommissoriet til Kommunalbestyrelsen."
            ),
            background=(
                "Afrapporteringen samler modellen for forankring af innovation i den politiske "
                "ledelse og proces, de tre forslag til innovationsprojekter, idékataloget for "
                "samskabelse og udvalgets rådgivning af innovationschefen. Modellen er anbefalet "
                "over for Økonomiudvalget og Kommunalbestyrelsen, og de tre projekter er sat i "
                "gang."
            ),
            points=[
                "At afrapporteringen godkendes og sendes til Kommunalbestyrelsen.",
                "At sekretariatet fortsat vedligeholder idékataloget for samskabelse.",
            ],
            outcomes=[(APPROVED, ""), (APPROVED, "")],
            previous=(
                "Beslutning fra Opgaveudvalget om Innovation, 14.11.2017, pkt. {projects_2}: "
                "Godkendt."
            ),
            attachments=["Afrapportering fra Opgaveudvalget om Innovation.pdf"],
            case="projects",
            tasks=[1, 2, 3, 4],
        ),
        ItemSpec(
            title="Evaluering af opgaveudvalgets arbejdsform",
            summary=(
                "Udvalget evaluerer arbejdsformen med arbejdsgrupper, konference og "
                "borgermedlemmer."
            ),
            background=(
                "Sekretariatet har interviewet udvalgets medlemmer. Borgermedlemmerne fremhæver "
                "arbejdsgrupperne og konferencen Teknologilaboratorium; flere ønsker kortere "
                "sagsfremstillinger og mere tid til drøftelse på møderne."
            ),
            points=[
                "At evalueringen tages til efterretning og indgår i Kommunalbestyrelsens "
                "evaluering af opgaveudvalgene."
            ],
            outcomes=[(NOTED, "")],
            decision="Taget til efterretning.",
        ),
    ],
}

# The decision on the seed's item at the conference (meeting 4), one outcome per point.
SEED_DECISION = (
    "Godkendt. Konferencen blev holdt sammen med Opgaveudvalget for digitalisering og "
    "teknologi, og resultaterne fra workshopgrupperne indgår i idékataloget.",
    [(APPROVED, ""), (APPROVED, "")],
)

# The successor committee's meetings, by number.
CURRENT_ITEMS = {
    1: [
        ItemSpec(
            title="Opgaveudvalgets kommissorium og mødeplan",
            summary=(
                "Kommunalbestyrelsen har nedsat Opgaveudvalget om Velfærdsteknologi og "
                "Samskabelse efter styrelseslovens § 17, stk. 4. På udvalgets første møde "
                "gennemgås kommissoriet, og mødeplanen fastlægges."
            ),
            background=(
                "Kommissoriet har tre opgaver: velfærdsteknologi i eget hjem fra forsøg til "
                "drift, samarbejdsaftaler med foreninger og frivillige og opfølgning på "
                "gevinsterne af de tre innovationsprojekter, som Opgaveudvalget om Innovation "
                "anbefalede. Udvalget mødes seks gange i sin periode."
            ),
            points=[
                "At kommissoriet tages til efterretning.",
                "At mødeplanen godkendes.",
            ],
            outcomes=[(NOTED, ""), (APPROVED, "")],
            decision="Kommissoriet blev taget til efterretning. Mødeplanen blev godkendt.",
            attachments=[f"Kommissorium for {CURRENT}.pdf"],
        ),
    ],
    2: [
        ItemSpec(
            title="Velfærdsteknologi i eget hjem – fra forsøg til drift",
            summary=(
                "Forsøget med velfærdsteknologi i eget hjem er afsluttet. Udvalget skal tage "
                "stilling til, hvordan løsningerne udbredes."
            ),
            background=(
                "Sensorer og skærmbesøg har i forsøget forebygget fald og givet færre akutte "
                "besøg. Borgere og pårørende er tilfredse, men flere ønsker hjælp til at komme i "
                "gang. Sekretariatet foreslår en udbredelse i tre trin med frivillige digitale "
                "hjælpere."
            ),
            points=[
                "At udvalget godkender en udbredelse i tre trin.",
                "At frivillige digitale hjælpere indgår i udbredelsen.",
            ],
            outcomes=[(APPROVED, ""), (APPROVED, "")],
            previous=(
                "Beslutning fra Opgaveudvalget om Innovation, 14.11.2017, pkt. {projects_2}: "
                "Godkendt."
            ),
            attachments=["Evaluering af forsøget med velfærdsteknologi i eget hjem.pdf"],
            case="home",
            tasks=[1],
        ),
    ],
    3: [
        ItemSpec(
            title="Samarbejdsaftaler med foreninger og frivillige",
            summary=(
                "Sekretariatet har sammen med foreningerne udarbejdet et udkast til en fælles "
                "samarbejdsaftale om samskabelse."
            ),
            background=(
                "Aftalen beskriver, hvad kommunen og foreningerne hver især bidrager med, og "
                "bygger på principperne for samskabelse. Tolv foreninger har meldt sig."
            ),
            points=[
                "At udkastet til samarbejdsaftale godkendes.",
                "At aftalen evalueres efter et år.",
            ],
            outcomes=[
                (APPROVED, ""),
                (AMENDED, "Godkendt, idet foreningerne inddrages i evalueringen."),
            ],
            decision="Godkendt, idet foreningerne inddrages i evalueringen.",
            attachments=["Udkast til samarbejdsaftale.pdf"],
            tasks=[2],
        ),
    ],
    4: [
        ItemSpec(
            title="Status på innovationsprojekterne",
            summary=(
                "Sekretariatet giver en status på de tre innovationsprojekter og på "
                "gevinstrealiseringen."
            ),
            background=(
                "Velfærdsteknologi i eget hjem er i drift, og den første måling af gevinsterne "
                "foreligger. Unge i job gennem samskabelse er i afprøvning. Digitalt fællesskab "
                "for seniorer er parkeret."
            ),
            points=[
                "At status tages til efterretning.",
                "At udvalget drøfter, om Digitalt fællesskab for seniorer skal genoptages.",
            ],
            outcomes=[(NOTED, ""), (NOTED, "Drøftet. Projektet genoptages til foråret.")],
            decision=(
                "Taget til efterretning. Digitalt fællesskab for seniorer genoptages til foråret."
            ),
            case="projects",
            tasks=[3],
        ),
    ],
    5: [
        ItemSpec(
            title="Nye ideer i idékataloget",
            summary="Siden sidste møde er der kommet ni nye ideer fra borgere og medarbejdere.",
            background=(
                "Sekretariatet har vurderet ideerne efter principperne for samskabelse og "
                "foreslår, at tre af dem udvikles videre sammen med foreningerne."
            ),
            points=["At udvalget udvælger ideer til videre udvikling."],
            previous=(
                "Beslutning fra Opgaveudvalget om Innovation, 14.11.2017, pkt. {idea_3}: Godkendt."
            ),
            case="idea",
            tasks=[2],
        ),
        ItemSpec(
            title="Gevinstrealisering for velfærdsteknologi i eget hjem",
            summary=(
                "Den første måling af gevinsterne ved velfærdsteknologi i eget hjem foreligger."
            ),
            background=(
                "Målingen sammenlignes med nulpunktsmålingen fra forsøgets start. Antallet af "
                "fald er faldet, mens tidsforbruget i hjemmeplejen endnu ikke er ændret."
            ),
            points=["At målingen tages til efterretning."],
            case="home",
            tasks=[3],
        ),
    ],
    6: [
        ItemSpec(
            title="Årsplan for samskabelse",
            summary="Sekretariatet fremlægger et udkast til årsplan for samskabelse.",
            background="Udkastet er under udarbejdelse.",
            points=["At udkastet til årsplan godkendes."],
        ),
    ],
}

CASES = {
    "idea": ("00.01.00-A00-21-17", "Idékatalog for samskabelse"),
    "projects": ("00.01.00-A00-22-17", "Gennemgribende innovationsprojekter"),
    "lab": ("00.01.00-A00-23-17", "Teknologilaboratorium"),
    # The case of the innovation project of the same name (innovation/demo.py).
    "home": ("00.01.00-A00-31-18", "Velfærdsteknologi i eget hjem"),
}

# number, day, start, end, title, target state
MEETINGS = [
    (
        1,
        datetime.date(2017, 3, 14),
        (17, 0),
        (19, 0),
        "Konstituerende møde",
        Meeting.State.APPROVED,
    ),
    (
        2,
        datetime.date(2017, 5, 2),
        (17, 0),
        (19, 0),
        "Principper for samskabelse og idékatalogets struktur",
        Meeting.State.APPROVED,
    ),
    (
        3,
        datetime.date(2017, 6, 20),
        (17, 0),
        (19, 0),
        "Udkast til idékatalog og planlægning af konferencen",
        Meeting.State.APPROVED,
    ),
    (4, datetime.date(2017, 9, 26), (9, 0), (16, 0), CONFERENCE_TITLE, Meeting.State.APPROVED),
    (
        5,
        datetime.date(2017, 11, 14),
        (17, 0),
        (19, 30),
        "Model for politisk forankring og forslag til innovationsprojekter",
        Meeting.State.APPROVED,
    ),
    (6, datetime.date(2018, 2, 27), (17, 0), (19, 0), "Afsluttende møde", Meeting.State.APPROVED),
]

# The successor's meetings: number, days from the day the demo is loaded (moved on to a
# Tuesday), title, target state. The latest held meeting's minutes await approval.
CURRENT_MEETINGS = [
    (1, -245, "Konstituerende møde", Meeting.State.APPROVED),
    (2, -150, "Velfærdsteknologi i eget hjem", Meeting.State.APPROVED),
    (3, -60, "Samskabelse med foreninger og frivillige", Meeting.State.APPROVED),
    (4, -14, "Status på innovationsprojekterne", Meeting.State.HELD),
    (5, 16, "Nye ideer og gevinstrealisering", Meeting.State.PUBLISHED),
    (6, 72, "Årsplan for samskabelse", Meeting.State.DRAFT),
]
PLACE = "Gentofte Rådhus, mødesal 1"


def _meeting(committee, number, day, start, end, title, **extra) -> Meeting:
    meeting, _created = Meeting.objects.update_or_create(
        committee=committee,
        number=number,
        defaults={
            "title": title,
            "kind": Meeting.Kind.ORDINARY,
            "starts_at": at(day, *start),
            "ends_at": at(day, *end),
            "place": PLACE,
            **extra,
        },
    )
    return meeting


# item, decision text, one (outcome, text) per point, closed
type Decision = tuple[AgendaItem, str, list[tuple[str, str]], bool]


def _agenda(meeting, specs: list[ItemSpec], numbers, cases) -> list[Decision]:
    """The meeting's items, and the decisions to record once it is held."""
    decisions = []
    for spec in specs:
        item = _create_item(meeting, spec, numbers, cases)
        decisions.append((item, spec.decision, spec.outcomes, spec.closed))
        if spec.case:
            count = sum(1 for key in numbers if key.startswith(f"{spec.case}_"))
            numbers.setdefault(f"{spec.case}_{count + 1}", item.number)
    return decisions


def _create_item(meeting, spec: ItemSpec, numbers, cases) -> AgendaItem:
    """The item (found by title), created through the importer's path on the first run."""
    item = meeting.items.filter(title=spec.title).first()
    if item is None:
        parsed = parse_agenda_item(spec.text(numbers, meeting.committee.name), title=spec.title)
        item = actions.create_item_from_parsed(meeting=meeting, parsed=parsed, title=spec.title)
    if spec.case:
        AgendaItem.objects.filter(pk=item.pk).update(case=cases[spec.case])
    if spec.closed_attachments:
        item.attachments.filter(title__in=spec.closed_attachments).update(is_closed=True)
    for attachment in item.attachments.filter(sha256=""):
        if attachment.file:
            attachment.refresh_facts()  # stored before attachments had facts
        else:
            _attach_demo_file(attachment, item)
    for task in spec.tasks:
        meeting.committee.mandate_tasks.get(order=task).items.add(item)
    return item


def _attach_demo_file(attachment, item):
    """A small real PDF for a demo attachment, so that the meeting pack has one to merge."""
    from django.core.files.base import ContentFile
    from django.template.loader import render_to_string

    from innovation.shared import pdf

    html = render_to_string(
        "meetings/demo_attachment.html", {"attachment": attachment, "item": item}
    )
    attachment.file.save(attachment.title, ContentFile(pdf.render(html)))


def _advance(meeting: Meeting, target: str, decide) -> Meeting:
    """Move the meeting forward to ``target`` through the actions; never backwards. Minutes
    to approve get their attendance first (a held meeting whose minutes wait is left for the
    secretariat to record)."""
    goal = STATES.index(target)
    if meeting.state == Meeting.State.DRAFT and goal >= 1:
        # Published a week before the meeting (or now, if that is still to come); the demo's
        # members are not mailed.
        published_at = min(meeting.starts_at - datetime.timedelta(days=7), timezone.now())
        meeting = actions.publish_agenda(meeting=meeting, published_at=published_at, notify=False)
    if meeting.state == Meeting.State.PUBLISHED and goal >= 2:
        meeting = actions.mark_held(meeting=meeting)
    if meeting.state == Meeting.State.HELD:
        decide(meeting)
        if goal >= 3:
            _attend(meeting)
            meeting = actions.approve_minutes(meeting=meeting)
    # Back-date the life cycle to when it would have happened (never into the future).
    # Wall-clock arithmetic in local time, so that a second run gives the same values.
    now = timezone.now()
    starts = timezone.localtime(meeting.starts_at)
    ends = timezone.localtime(meeting.ends_at or meeting.starts_at)
    stamps = {
        "published_at": starts - datetime.timedelta(days=7),
        "held_at": ends,
        "approved_at": ends + datetime.timedelta(days=14),
    }
    reached = {"published_at": 1, "held_at": 2, "approved_at": 3}
    update = {
        name: stamp
        for name, stamp in stamps.items()
        if STATES.index(meeting.state) >= reached[name] and stamp <= now
    }
    if update:
        Meeting.objects.filter(pk=meeting.pk).update(**update)
    return meeting


def _decide(decisions: list[Decision], then=None):
    def decide(meeting):
        if then is not None:
            then(meeting)
        for item, decision, outcomes, closed in decisions:
            points = list(item.points.order_by("order"))
            actions.record_decision(
                item=item,
                decision=decision,
                outcomes={point.pk: o for point, o in zip(points, outcomes, strict=False)},
                decision_is_open=True if closed else None,
            )

    return decide


# --------------------------------------------------------------------------------------------
# The conference (meeting 4)
# --------------------------------------------------------------------------------------------

GRY = ("Gry Ravn", "Innovationschef", "Gentofte Kommune")
TIM = (
    "Tim Frank Andersen",
    "Digitaliseringsdirektør samt ekspert, forfatter, strategisk rådgiver og foredragsholder "
    "indenfor ny teknologi",
    "Charlie Tango",
)

# order, kind, title, description (from the seed), start, end, speakers
PROGRAMME = [
    (
        1,
        ProgrammeItem.Kind.WELCOME,
        "Velkomst",
        "Formændene byder velkommen og præsenterer formålet med konferencen.",
        (9, 0),
        (9, 15),
        [],
    ),
    (
        2,
        ProgrammeItem.Kind.TALK,
        "Program og rammesætning",
        "Gry Ravn, Innovationschef i Gentofte Kommune, gennemgår programmet.",
        (9, 15),
        (9, 30),
        [GRY],
    ),
    (
        3,
        ProgrammeItem.Kind.TALK,
        "De største teknologiske udviklingstendenser",
        "Oplæg ved Tim Frank Andersen, Digitaliseringsdirektør Charlie Tango samt ekspert, "
        "forfatter, strategisk rådgiver og foredragsholder indenfor ny teknologi.",
        (9, 30),
        (10, 30),
        [TIM],
    ),
    (
        4,
        ProgrammeItem.Kind.WORKSHOP,
        "Digitalt blik på kommunal velfærd",
        "Med afsæt i viden om de største teknologiske udviklingstendenser, får deltagerne "
        "mulighed for i workshopgrupper at udforske teknologiens muligheder på en række konkrete "
        "velfærdsområder for at erfare hvilket potentiale, vi som kommune skal arbejde på at "
        "indfri.",
        (10, 45),
        (12, 15),
        [],
    ),
    (
        5,
        ProgrammeItem.Kind.INTERVIEW,
        "Innovative og digitale udviklingsmetoder",
        "Gry Ravn, Innovationschef i Gentofte Kommune, interviewer Tim Frank Andersen, "
        "Digitaliseringsdirektør Charlie Tango samt ekspert, forfatter, strategisk rådgiver og "
        "foredragsholder indenfor ny teknologi.",
        (13, 0),
        (13, 45),
        [GRY, TIM],
    ),
    (
        6,
        ProgrammeItem.Kind.WORKSHOP,
        "Digitalt og innovativt lederskab samt udviklingsmetoder i praksis",
        "Med afsæt i det korte indspark om metoder og modeller, der fremmer udvikling og "
        "implementering af innovative og digitale løsninger, vil politikerne i en gruppe for "
        "sig drøfte deres rolle i at drive innovation og digitalisering frem. De øvrige "
        "deltagere vil i workshopgrupper arbejde med, hvordan de præsenterede metoder kan "
        "anvendes i praksis på udvalgte udfordringer.",
        (13, 45),
        (15, 15),
        [],
    ),
    (
        7,
        ProgrammeItem.Kind.WRAP_UP,
        "Opsamling",
        "Grupperne præsenterer resultatet af drøftelserne, og formændene runder af.",
        (15, 15),
        (16, 0),
        [],
    ),
]

# order, programme item, name, audience, member names, other participants, question, result
WORKSHOP_GROUPS = [
    (
        1,
        4,
        "Ældre og sundhed",
        "",
        ["Anne-Sofie Dalgaard", "Jens Peter Krogh", "Line Kaas Petersen"],
        "Medarbejdere fra hjemmeplejen og sundhedscentret",
        "Hvordan kan ny teknologi hjælpe ældre borgere til at klare sig selv længere i eget hjem?",
        "Gruppen pegede på sensorer og skærmbesøg, der kan forebygge fald og ensomhed, og "
        "foreslog et forsøg med velfærdsteknologi i eget hjem sammen med pårørende og frivillige.",
    ),
    (
        2,
        4,
        "Børn og unge",
        "",
        ["Camilla Brandt Eskildsen", "Hanne Bjerregaard", "Nadia Haddad"],
        "Skoleledere og medarbejdere fra ungdomsskolen",
        "Hvordan kan teknologi styrke børn og unges læring og trivsel?",
        "Gruppen foreslog en digital platform, hvor unge selv kan booke en samtale med en "
        "voksen, og et samarbejde med lokale virksomheder om teknologiforståelse i skolen.",
    ),
    (
        3,
        4,
        "Beskæftigelse",
        "",
        ["Morten Skov Iversen", "Signe Mølgaard", "Thomas Riber"],
        "Medarbejdere fra jobcentret",
        "Hvordan kan data og digitale værktøjer hjælpe ledige hurtigere i job?",
        "Gruppen foreslog en app, der matcher ledige med virksomheders korte opgaver, og "
        "understregede, at borgeren selv skal eje sine data.",
    ),
    (
        4,
        4,
        "Kultur, fritid og foreninger",
        "",
        ["Torben Lykke", "Rasmus Vestergaard Holm", "Kasper Nørgaard Friis"],
        "Repræsentanter for idræts- og kulturforeninger",
        "Hvordan kan teknologi gøre det lettere at være frivillig og at finde et fællesskab?",
        "Gruppen foreslog en fælles digital booking af kommunens lokaler og en oversigt over "
        "frivillige opgaver, som foreningerne selv vedligeholder.",
    ),
    (
        5,
        6,
        "Politikergruppen",
        "politikere",
        [],  # every council member of both committees
        "",
        "Hvilken rolle har politikerne i at drive innovation og digitalisering frem, og hvad "
        "stiller det af krav til den politiske ledelse?",
        "Politikerne vil sætte retning og rammer frem for at detailstyre, have forslag til "
        "afprøvning tidligt i processen og acceptere, at nogle forsøg ikke lykkes. Gruppen bad "
        "om, at modellen for politisk forankring får faste beslutningspunkter.",
    ),
    (
        6,
        6,
        "Metoder i praksis",
        "borgermedlemmer og medarbejdere",
        ["Anne-Sofie Dalgaard", "Rasmus Vestergaard Holm", "Nadia Haddad", "Thomas Riber"],
        "Ledere og medarbejdere fra fagområderne",
        "Hvordan kan hurtige prototyper og test bruges på en udvalgt udfordring, fx ensomhed "
        "blandt ældre?",
        "Gruppen lavede en papirprototype af en besøgsven-app og aftalte at teste den med fem "
        "borgere inden udvalgets næste møde.",
    ),
]


def _conference(meeting: Meeting, members: dict[str, Membership], politicians) -> None:
    by_order = {}
    for order, kind, title, description, start, end, speakers in PROGRAMME:
        item, _created = ProgrammeItem.objects.update_or_create(
            meeting=meeting,
            order=order,
            defaults={
                "kind": kind,
                "title": title,
                "description": description,
                "starts_at": datetime.time(*start),
                "ends_at": datetime.time(*end),
            },
        )
        item.speakers.set(
            Speaker.objects.update_or_create(
                name=name, organisation=organisation, defaults={"title": job}
            )[0]
            for name, job, organisation in speakers
        )
        by_order[order] = item
    for order, programme, name, audience, people, others, question, result in WORKSHOP_GROUPS:
        group, _created = WorkshopGroup.objects.update_or_create(
            meeting=meeting,
            name=name,
            defaults={
                "order": order,
                "programme_item": by_order[programme],
                "audience": audience,
                "other_participants": others,
                "question": question,
                "result": result,
            },
        )
        group.members.set(politicians if audience == "politikere" else [members[p] for p in people])


# --------------------------------------------------------------------------------------------
# Meeting 5: attendance and a conflict of interest
# --------------------------------------------------------------------------------------------

ABSENT = {
    "Lene Bach Rasmussen": (Attendance.Status.SUBSTITUTE, "Frederik Holst"),
    "Torben Lykke": (Attendance.Status.ABSENT, ""),
    "Signe Mølgaard": (Attendance.Status.APOLOGIES, ""),
}
CONFLICT = (
    "Jens Peter Krogh",
    "Samarbejde med foreninger om digital hjælp til seniorer",
    "Formand for Seniornetværket Øst, der indgår i forsøget.",
)


def _attend(meeting: Meeting) -> None:
    """Record the attendance of everyone on the meeting's list (``actions.record_attendance``):
    meeting 5 of the 2017 committee as its minutes say, the others with one apology."""
    listed = rules.attendance_members(meeting)
    special = ABSENT if meeting.number == 5 and meeting.committee.slug == "innovation" else {}
    away = listed[(meeting.number * 3) % len(listed)].pk if listed and not special else None
    entries = {}
    for member in listed:
        status, substitute = special.get(member.person_name, (Attendance.Status.PRESENT, ""))
        if member.pk == away:
            status = Attendance.Status.APOLOGIES
        entries[member.pk] = (status, substitute)
    actions.record_attendance(meeting=meeting, entries=entries)


def _conflict(meeting: Meeting, members: dict[str, Membership]) -> None:
    name, title, note = CONFLICT
    actions.record_conflicts(
        item=meeting.items.get(title=title), conflicts={members[name].pk: note}
    )


# --------------------------------------------------------------------------------------------


def read_seed() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


def load() -> dict[str, int]:
    """Create or update the demo; returns the number of rows per model."""
    innovation, digitalisering, current = _committees()
    members = _members(innovation, INNOVATION_MEMBERS)
    digital_members = _members(digitalisering, DIGITALISERING_MEMBERS)
    _members(current, CURRENT_MEMBERS)
    cases = {
        key: Case.objects.update_or_create(reference=ref, defaults={"title": title})[0]
        for key, (ref, title) in CASES.items()
    }
    today = timezone.localdate()
    current_days = {number: _tuesday(today, days) for number, days, *_rest in CURRENT_MEETINGS}
    _clear_moved(innovation, {number: at(day, *start) for number, day, start, *_ in MEETINGS})
    _clear_moved(
        current, {number: at(day, 17) for number, day in current_days.items()}, all_of_them=True
    )
    numbers: dict[str, int] = {}  # "idea_1": number of the first item on the idea case, ...
    for number, day, start, end, title, target in MEETINGS:
        extra = {}
        if number == 4:
            extra = {
                "kind": Meeting.Kind.CONFERENCE,
                "place": "Gentofte Rådhus",
                "purposes": (
                    "Dels at udforske potentialet i den teknologiske udvikling\n"
                    "Dels at afprøve innovative og digitale udviklingsmetoder"
                ),
            }
        meeting = _meeting(innovation, number, day, start, end, title, **extra)
        decisions = _agenda(meeting, ITEMS.get(number, []), numbers, cases)
        if number == 4:
            meeting.co_hosts.set([digitalisering])
            decision, outcomes = SEED_DECISION
            decisions.append((_seed_item(meeting, cases["lab"]), decision, outcomes, False))
            politicians = [
                m for m in [*members.values(), *digital_members.values()] if m.role in COUNCIL_ROLES
            ]
            _conference(meeting, members | digital_members, politicians)
        decide = _decide(decisions)
        if number == 5:
            decide = _decide(decisions, then=lambda meeting: _conflict(meeting, members))
        _advance(meeting, target, decide)
    for number, _days, title, target in CURRENT_MEETINGS:
        meeting = _meeting(current, number, current_days[number], (17, 0), (19, 0), title)
        decisions = _agenda(meeting, CURRENT_ITEMS[number], numbers, cases)
        _advance(meeting, target, _decide(decisions))
    _end_periods(innovation, digitalisering)
    return counts()


def _end_periods(*committees):
    """The 2017 committees' period ended on 31 March 2018: from then on they are historic and
    their meetings read-only, so the demo builds them (through the actions, which refuse to
    change a historic committee's meetings) before it ends their period."""
    Committee.objects.filter(pk__in=[c.pk for c in committees]).update(
        period_end=datetime.date(2018, 3, 31)
    )


def _tuesday(today: datetime.date, days: int) -> datetime.date:
    """The first Tuesday on or after ``days`` from ``today``: the committee meets on Tuesdays."""
    day = today + datetime.timedelta(days=days)
    return day + datetime.timedelta(days=(1 - day.weekday()) % 7)


def _clear_moved(committee: Committee, starts: dict[int, datetime.datetime], *, all_of_them=False):
    """Delete the meetings an earlier load left on other days (an earlier version of the demo,
    or the successor's dates, which move with the day the demo is loaded), so that they are
    built again with states that fit their dates. ``all_of_them``: if one moved, rebuild all,
    so that the item numbers run on in order."""
    moved = [
        number
        for number, starts_at in committee.meetings.values_list("number", "starts_at")
        if starts.get(number) != starts_at
    ]
    if moved:
        meetings = committee.meetings.all()
        (meetings if all_of_them else meetings.filter(number__in=moved)).delete()


def _seed_item(meeting: Meeting, case: Case) -> AgendaItem:
    """The seed's agenda item, imported as ``import_agenda_item`` would; skipped if present."""
    item = meeting.items.filter(title=CONFERENCE_TITLE).first()
    if item is None:
        parsed = parse_agenda_item(read_seed(), title=CONFERENCE_TITLE)
        item = actions.create_item_from_parsed(
            meeting=meeting, parsed=parsed, title=CONFERENCE_TITLE
        )
    AgendaItem.objects.filter(pk=item.pk).update(case=case)
    return item


MODELS = [
    Committee,
    ItemSection,
    Membership,
    MandateTask,
    MandateTask.items.through,
    Meeting,
    Meeting.co_hosts.through,
    ProgrammeItem,
    ProgrammeItem.speakers.through,
    Speaker,
    WorkshopGroup,
    WorkshopGroup.members.through,
    Case,
    AgendaItem,
    Attachment,
    Attendance,
    ConflictOfInterest,
    RecommendationPoint,
]


def counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in MODELS}
