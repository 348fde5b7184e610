"""The scale dataset of ``make bench`` (``manage.py bench_data``).

100,000 ideas with Danish text, ~300k tag links, actors, endorsements and comments; 5,000
meetings of 40 committees with 50,000 agenda items, their sections, recommendation points and
decisions; 500 innovation projects with funding, partners and benefits. Rows are written with
PostgreSQL's COPY (psycopg's ``cursor.copy``) from model instances, so that every column a later
migration adds with a default gets that default, and every database constraint is checked.

The whole build is one transaction: it either completes, and the database is marked with the
scale it holds (``COMMENT ON DATABASE``), or leaves nothing. The history triggers
(django-pghistory) are switched off for the load inside that transaction and on again before it
commits: the history of a generated dataset is not what is measured.
"""

import datetime
import logging
import random
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from catalogue.models import (
    MATRIX_RECOUNT,
    ActorType,
    Comment,
    Endorsement,
    Idea,
    Principle,
    WelfareArea,
)
from innovation.bench.words import Vocabulary
from innovation.models import Benefit, Funding, Partner, Partnership, Project
from innovation.shared import permissions
from meetings.models import (
    AgendaItem,
    Committee,
    ItemSection,
    Meeting,
    Membership,
    RecommendationPoint,
)

logger = logging.getLogger(__name__)

PASSWORD = "samskab-bench"  # noqa: S105 (the bench's own users, in the bench database only)
MEMBER, STAFF, SECRETARIAT = "bench-medlem", "bench-medarbejder", "bench-sekretariat"
MARK = "samskab bench dataset"
APPS = ("catalogue", "meetings", "innovation", "taggit")


@dataclass(frozen=True)
class Scale:
    ideas: int = 100_000
    meetings: int = 5_000
    items_per_meeting: int = 10
    committees: int = 40
    projects: int = 500
    users: int = 2_000
    seed: int = 12

    @property
    def mark(self) -> str:
        return f"{MARK} {sorted(asdict(self).items())}"


def database_mark() -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname = current_database()"
        )
        return cursor.fetchone()[0] or ""


def is_built(scale: Scale) -> bool:
    return database_mark().split(" built_in=")[0] == scale.mark


def _set_mark(text: str):
    with connection.cursor() as cursor:
        name = connection.ops.quote_name(connection.settings_dict["NAME"])
        cursor.execute(f"COMMENT ON DATABASE {name} IS %s", [text])


def _value(field, obj):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        value = getattr(obj, field.attname)
        if value is None:
            value = field.pre_save(obj, add=True)
    else:
        value = field.pre_save(obj, add=True)
    return field.get_db_prep_save(value, connection)


def copy_objects(model, objects):
    """COPY ``objects`` (instances with their primary keys set) into ``model``'s table."""
    fields = [field for field in model._meta.concrete_fields if not field.generated]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    sql = f"COPY {model._meta.db_table} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for obj in objects:
            copy.write_row([_value(field, obj) for field in fields])


def copy_rows(model, columns, rows):
    """COPY plain tuples into ``model``'s table (join tables)."""
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    sql = f"COPY {model._meta.db_table} ({names}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def _tables():
    return [
        model._meta.db_table
        for label in APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]


def _reset_sequences(models_):
    with connection.cursor() as cursor:
        for model in models_:
            table = model._meta.db_table  # a model's own table name, not input
            highest = f"SELECT MAX(id) FROM {table}"  # noqa: S608
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE(({highest}), 0) + 1, "
                "false)",
                [table],
            )


def _triggers(enabled: bool):
    action = "ENABLE" if enabled else "DISABLE"
    with connection.cursor() as cursor:
        # The deferred foreign-key checks of the rows written so far run now: a table with
        # pending checks cannot be altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table in _tables():
            cursor.execute(f"ALTER TABLE {table} {action} TRIGGER USER")


def _count_support_and_comments():
    """The ideas' stored counts (``Idea.endorsement_count``, ``comment_count``): the triggers
    that keep them were off while the rows were copied."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE catalogue_idea AS idea SET "
            "endorsement_count = (SELECT count(*) FROM catalogue_endorsement "
            "WHERE idea_id = idea.id), "
            "comment_count = (SELECT count(*) FROM catalogue_comment WHERE idea_id = idea.id)"
        )


class Builder:
    def __init__(self, scale: Scale, log=logger.info):
        self.scale = scale
        self.rng = random.Random(scale.seed)
        self.words = Vocabulary(seed=scale.seed)
        self.log = log
        self.now = timezone.now()
        self.today = timezone.localdate()

    def build(self):
        with transaction.atomic():
            _set_mark("")
            self.clear()
            _triggers(enabled=False)
            self.users()
            self.committees()
            self.meetings()
            self.ideas()
            self.projects()
            _triggers(enabled=True)
            _count_support_and_comments()
            with connection.cursor() as cursor:
                cursor.execute(MATRIX_RECOUNT)  # the actor matrix's stored counts
            _reset_sequences(
                [
                    get_user_model(),
                    Committee,
                    Membership,
                    Meeting,
                    AgendaItem,
                    ItemSection,
                    RecommendationPoint,
                    Idea,
                    Tag,
                    TaggedItem,
                    Endorsement,
                    Comment,
                    Project,
                    Partner,
                    Partnership,
                    Funding,
                    Benefit,
                    Idea.actor_types.through,
                    Idea.principles.through,
                    Meeting.co_hosts.through,
                    Project.ideas.through,
                    Project.welfare_areas.through,
                    get_user_model().groups.through,
                ]
            )
            _set_mark(self.scale.mark)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def clear(self):
        """Empty the app's tables (the migrations' reference rows kept) and the users."""
        keep = {
            model._meta.db_table
            for model in (ActorType, WelfareArea, Principle, ContentType, Group)
        }
        tables = [table for table in _tables() if table not in keep]
        tables += ["auth_user", "django_session", "django_tasks_database_dbtaskresult"]
        with connection.cursor() as cursor:
            existing = set(connection.introspection.table_names(cursor))
            tables = [table for table in tables if table in existing]
            cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")

    # Users -----------------------------------------------------------------------------------

    def users(self):
        User = get_user_model()
        password = make_password(PASSWORD)
        groups = {group.name: group.pk for group in Group.objects.all()}
        rows = [
            User(
                pk=1,
                username=MEMBER,
                first_name="Bente",
                last_name="Medlem",
                password=password,
                email="medlem@bench.example",
            ),
            User(
                pk=2, username=STAFF, first_name="Søren", last_name="Medarbejder", password=password
            ),
            User(
                pk=3,
                username=SECRETARIAT,
                first_name="Sara",
                last_name="Sekretariat",
                password=password,
                is_staff=True,
            ),
        ]
        roles = [
            (1, permissions.COMMITTEE_MEMBER),
            (2, permissions.STAFF),
            (3, permissions.SECRETARIAT),
        ]
        for n in range(4, self.scale.users + 4):
            member = n % 10 == 0
            rows.append(
                User(
                    pk=n,
                    username=f"bruger{n:05d}",
                    first_name=self.rng.choice(FIRST_NAMES),
                    last_name=self.rng.choice(LAST_NAMES),
                    password=password,
                )
            )
            roles.append((n, permissions.COMMITTEE_MEMBER if member else permissions.STAFF))
        copy_objects(User, rows)
        copy_rows(
            User.groups.through,
            ["user_id", "group_id"],
            ((user, groups[role]) for user, role in roles),
        )
        self.user_ids = list(range(4, self.scale.users + 4))
        self.log(f"users: {len(rows)}")

    # Meetings --------------------------------------------------------------------------------

    def committees(self):
        scale, rng = self.scale, self.rng
        committees, memberships = [], []
        membership_pk = 0
        topics = rng.sample(sorted(set(self.words.compounds)), scale.committees)
        for n in range(1, scale.committees + 1):
            historic = n % 8 == 4
            access = (
                Committee.PublicAccess.NOTHING
                if n % 10 == 6
                else Committee.PublicAccess.DECISIONS
                if n % 10 == 3
                else Committee.PublicAccess.AGENDA
            )
            start = self.today - datetime.timedelta(days=365 * 11)
            committees.append(
                Committee(
                    pk=n,
                    name=f"Opgaveudvalget om {topics[n - 1]} ({n})",
                    short_name=f"Udvalg {n}",
                    slug=f"udvalg-{n}",
                    kind=Committee.Kind.TASK if n % 5 else Committee.Kind.STANDING,
                    period_start=start,
                    period_end=(
                        self.today - datetime.timedelta(days=30)
                        if historic
                        else self.today + datetime.timedelta(days=700)
                    ),
                    description=self.words.paragraph(30, 60),
                    public_access=access,
                    show_closed_titles=n % 3 == 0,
                )
            )
            people = [(1, Membership.Role.COUNCIL_MEMBER)] if n <= 6 else []
            people.append((3, Membership.Role.SECRETARIAT))
            people += [(None, role) for role in MEMBER_ROLES]
            people += [(rng.choice(self.user_ids[::10]), Membership.Role.CITIZEN_MEMBER)]
            seen = set()
            for order, (user, role) in enumerate(people):
                if user is not None and user in seen:
                    continue
                seen.add(user)
                membership_pk += 1
                memberships.append(
                    Membership(
                        pk=membership_pk,
                        committee_id=n,
                        user_id=user,
                        name="" if user else f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                        organisation=rng.choice(PARTIES),
                        role=role,
                        order=order,
                    )
                )
        copy_objects(Committee, committees)
        copy_objects(Membership, memberships)
        self.committee_ids = [c.pk for c in committees]
        self.historic = {c.pk for c in committees if c.period_end < self.today}
        self.log(f"committees: {len(committees)}, memberships: {len(memberships)}")

    def meetings(self):
        scale, rng, words = self.scale, self.rng, self.words
        per_committee = scale.meetings // scale.committees
        meetings, co_hosts = [], []
        items, sections, points = [], [], []
        meeting_pk = item_pk = section_pk = point_pk = 0
        # Monthly meetings; the last ten of an active committee lie ahead.
        for committee in self.committee_ids:
            ahead = 0 if committee in self.historic else min(10, max(2, per_committee // 4))
            numbers: dict[int, int] = {}
            for k in range(per_committee):
                meeting_pk += 1
                months = k - (per_committee - ahead)
                starts = (self.now + datetime.timedelta(days=30.4 * months)).replace(
                    hour=16, minute=0, second=0, microsecond=0
                )
                if months >= 0:
                    state = (
                        Meeting.State.DRAFT if k == per_committee - 1 else Meeting.State.PUBLISHED
                    )
                elif months == -1:
                    state = Meeting.State.HELD
                else:
                    state = Meeting.State.APPROVED
                meeting = Meeting(
                    pk=meeting_pk,
                    committee_id=committee,
                    number=k + 1,
                    title=words.title(2, 5) if k % 4 == 0 else "",
                    kind=Meeting.Kind.ORDINARY,
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(hours=2),
                    place=rng.choice(PLACES),
                    purposes="\n".join(words.sentence(5, 10) for _ in range(2)),
                    state=state,
                    published_at=(
                        starts - datetime.timedelta(days=7)
                        if state != Meeting.State.DRAFT
                        else None
                    ),
                    held_at=(
                        starts + datetime.timedelta(hours=2)
                        if state in (Meeting.State.HELD, Meeting.State.APPROVED)
                        else None
                    ),
                    approved_at=(
                        starts + datetime.timedelta(days=14)
                        if state == Meeting.State.APPROVED
                        else None
                    ),
                )
                meetings.append(meeting)
                if meeting_pk % 25 == 0:
                    other = rng.choice([c for c in self.committee_ids if c != committee])
                    co_hosts.append((meeting_pk, other))
                decided = state in (Meeting.State.HELD, Meeting.State.APPROVED)
                approved = state == Meeting.State.APPROVED
                for _ in range(scale.items_per_meeting):
                    item_pk += 1
                    year = starts.year
                    numbers[year] = numbers.get(year, 0) + 1
                    closed = rng.random() < 0.06
                    decision = words.sentence(8, 16) if decided and rng.random() < 0.9 else ""
                    item = AgendaItem(
                        pk=item_pk,
                        meeting_id=meeting_pk,
                        number=numbers[year],
                        title=words.title(),
                        is_closed=closed,
                        recommendation_by=rng.choice(UNITS),
                        recommendation_to=rng.choice(("Opgaveudvalget", "Økonomiudvalget", "")),
                        decision=decision,
                        decision_is_open=closed and rng.random() < 0.3,
                        decided_on=starts.date() if decision else None,
                    )
                    items.append(item)
                    for order, (key, heading, low, high) in enumerate(SECTIONS):
                        section_pk += 1
                        sections.append(
                            ItemSection(
                                pk=section_pk,
                                item_id=item_pk,
                                order=order,
                                key=key,
                                heading=heading,
                                text=words.paragraph(low, high),
                            )
                        )
                    for order in range(rng.randint(1, 3)):
                        point_pk += 1
                        outcome = (
                            rng.choice(OUTCOMES)
                            if approved or (decided and rng.random() < 0.5)
                            else ""
                        )
                        points.append(
                            RecommendationPoint(
                                pk=point_pk,
                                item_id=item_pk,
                                order=order,
                                text="at " + words.sentence(6, 14).lower(),
                                outcome=outcome,
                                decision_text=(
                                    words.sentence(6, 12)
                                    if outcome == RecommendationPoint.Outcome.AMENDED
                                    else ""
                                ),
                            )
                        )
            if len(items) > 20_000:
                self._flush_meetings(meetings, co_hosts, items, sections, points)
        self._flush_meetings(meetings, co_hosts, items, sections, points)
        self.log(
            f"meetings: {meeting_pk}, items: {item_pk}, sections: {section_pk}, points: {point_pk}"
        )
        self.item_ids = item_pk

    def _flush_meetings(self, meetings, co_hosts, items, sections, points):
        copy_objects(Meeting, meetings)
        copy_rows(Meeting.co_hosts.through, ["meeting_id", "committee_id"], co_hosts)
        copy_objects(AgendaItem, items)
        copy_objects(ItemSection, sections)
        copy_objects(RecommendationPoint, points)
        for rows in (meetings, co_hosts, items, sections, points):
            rows.clear()

    # Ideas -----------------------------------------------------------------------------------

    def ideas(self):
        scale, rng, words = self.scale, self.rng, self.words
        areas = list(WelfareArea.objects.values_list("pk", flat=True))
        actors = list(ActorType.objects.values_list("pk", flat=True))
        principles = list(Principle.objects.values_list("pk", flat=True))
        tag_names = words.tag_names(min(3_000, len(set(words.compounds))))
        copy_objects(
            Tag, [Tag(pk=n, name=name, slug=name) for n, name in enumerate(tag_names, start=1)]
        )
        tag_weights = [1 / (rank**0.8) for rank in range(1, len(tag_names) + 1)]
        content_type = ContentType.objects.get_for_model(Idea).pk
        statuses, weights = zip(*IDEA_STATUSES, strict=True)
        dimensions = [choice.value for choice in Idea.Dimension]
        batch = 10_000
        counts = {"tags": 0, "actors": 0, "endorsements": 0, "comments": 0}
        endorsement_pk = comment_pk = 0
        self.public_ideas = []
        for start in range(1, scale.ideas + 1, batch):
            ideas, tags, actor_rows, principle_rows, endorsements, comments = [], [], [], [], [], []
            for pk in range(start, min(start + batch, scale.ideas + 1)):
                status = rng.choices(statuses, weights)[0]
                changed = self.now - datetime.timedelta(minutes=rng.randint(0, 60 * 24 * 365 * 8))
                idea = Idea(
                    pk=pk,
                    title=words.title()[:200],
                    summary=words.paragraph(20, 45)[:600],
                    description=words.paragraph(40, 140),
                    welfare_area_id=rng.choice(areas) if rng.random() < 0.9 else None,
                    dis_dimensions=rng.sample(dimensions, rng.randint(0, 2)),
                    expected_value=rng.choice(("", "small", "medium", "large")),
                    effort=rng.choice(("", "small", "medium", "large")),
                    submitted_by_id=rng.choice(self.user_ids) if pk % 50 else 2,
                    contact=rng.choice(UNITS),
                    status=status,
                    status_changed_at=changed,
                    revisit_on=(
                        self.today + datetime.timedelta(days=rng.randint(30, 400))
                        if status == Idea.Status.PARKED
                        else None
                    ),
                    created_at=changed - datetime.timedelta(days=rng.randint(0, 60)),
                    updated_at=changed,
                )
                ideas.append(idea)
                for tag in set(
                    rng.choices(range(1, len(tag_names) + 1), tag_weights, k=rng.randint(1, 5))
                ):
                    tags.append((content_type, pk, tag))
                for actor in rng.sample(actors, rng.randint(0, 3)):
                    actor_rows.append((pk, actor))
                for principle in rng.sample(principles, rng.randint(0, 2)):
                    principle_rows.append((pk, principle))
                if status in ("published", "selected", "parked"):
                    self.public_ideas.append(pk)
                    for user in rng.sample(
                        self.user_ids, min(len(self.user_ids), int(rng.paretovariate(1.2)) - 1)
                    ):
                        endorsement_pk += 1
                        endorsements.append(
                            Endorsement(
                                pk=endorsement_pk, idea_id=pk, user_id=user, created_at=changed
                            )
                        )
                    for _ in range(min(20, int(rng.paretovariate(1.5)) - 1)):
                        comment_pk += 1
                        comments.append(
                            Comment(
                                pk=comment_pk,
                                idea_id=pk,
                                author_id=rng.choice(self.user_ids),
                                text=words.paragraph(10, 40),
                                created_at=changed,
                            )
                        )
            copy_objects(Idea, ideas)
            copy_rows(TaggedItem, ["content_type_id", "object_id", "tag_id"], tags)
            copy_rows(Idea.actor_types.through, ["idea_id", "actortype_id"], actor_rows)
            copy_rows(Idea.principles.through, ["idea_id", "principle_id"], principle_rows)
            copy_objects(Endorsement, endorsements)
            copy_objects(Comment, comments)
            counts["tags"] += len(tags)
            counts["actors"] += len(actor_rows)
            counts["endorsements"] += len(endorsements)
            counts["comments"] += len(comments)
            self.log(f"ideas: {ideas[-1].pk}")
        self.log(f"ideas: {scale.ideas}, {counts}")

    # Projects --------------------------------------------------------------------------------

    def projects(self):
        scale, rng, words = self.scale, self.rng, self.words
        phases = [value for value, _ in Project._meta.get_field("phase").choices]
        partners = [
            Partner(
                pk=n,
                name=f"{rng.choice(PARTNER_NAMES)} {words.title(1, 2)} ({n})"[:200],
                kind=rng.choice([value for value, _ in Partner._meta.get_field("kind").choices]),
                contact_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            )
            for n in range(1, 201)
        ]
        copy_objects(Partner, partners)
        projects, funding, benefits, partnerships, idea_links, area_links = [], [], [], [], [], []
        areas = list(WelfareArea.objects.values_list("pk", flat=True))
        funding_kinds = [value for value, _ in Funding._meta.get_field("kind").choices]
        funding_statuses = [value for value, _ in Funding._meta.get_field("status").choices]
        benefit_kinds = [value for value, _ in Benefit._meta.get_field("kind").choices]
        dimensions = [choice.value for choice in Idea.Dimension]
        for pk in range(1, scale.projects + 1):
            phase = rng.choice(phases)
            projects.append(
                Project(
                    pk=pk,
                    title=words.title()[:200],
                    summary=words.paragraph(20, 40)[:600],
                    problem=words.paragraph(40, 90),
                    hypotheses=words.paragraph(20, 50),
                    owner=rng.choice(UNITS),
                    committee_id=rng.choice(self.committee_ids),
                    dis_dimensions=rng.sample(dimensions, rng.randint(1, 3)),
                    phase=phase,
                    phase_since=self.today - datetime.timedelta(days=rng.randint(0, 700)),
                    revisit_on=(
                        self.today + datetime.timedelta(days=rng.randint(30, 300))
                        if phase == "parked"
                        else None
                    ),
                    is_transformative=pk % 4 == 0,
                    is_published=pk % 10 != 3,
                    created_at=self.now,
                    updated_at=self.now,
                )
            )
            for n in range(rng.randint(1, 3)):
                funding.append(
                    Funding(
                        pk=len(funding) + 1,
                        project_id=pk,
                        kind=rng.choice(funding_kinds),
                        name=f"Pulje {n + 1}",
                        amount=Decimal(rng.randint(50, 5_000) * 1000),
                        status=rng.choice(funding_statuses),
                    )
                )
            benefits.append(
                Benefit(
                    pk=len(benefits) + 1,
                    project_id=pk,
                    title=words.title(2, 5)[:200],
                    kind=rng.choice(benefit_kinds),
                    indicator=words.sentence(4, 8)[:300],
                    unit="timer",
                )
            )
            for partner in rng.sample(range(1, 201), rng.randint(0, 3)):
                partnerships.append((pk, partner))
            for idea in rng.sample(self.public_ideas, min(len(self.public_ideas), 2)):
                idea_links.append((pk, idea))
            area_links.append((pk, rng.choice(areas)))
        copy_objects(Project, projects)
        copy_objects(Funding, funding)
        copy_objects(Benefit, benefits)
        copy_objects(
            Partnership,
            [
                Partnership(pk=n, project_id=project, partner_id=partner, role="Partner")
                for n, (project, partner) in enumerate(partnerships, start=1)
            ],
        )
        copy_rows(Project.ideas.through, ["project_id", "idea_id"], set(idea_links))
        copy_rows(Project.welfare_areas.through, ["project_id", "welfarearea_id"], area_links)
        self.log(f"projects: {len(projects)}")


# Reference lists ---------------------------------------------------------------------------------

IDEA_STATUSES = [
    ("published", 70),
    ("selected", 3),
    ("parked", 4),
    ("rejected", 5),
    ("submitted", 7),
    ("under_review", 3),
    ("needs_clarification", 2),
    ("draft", 6),
]
SECTIONS = [
    (ItemSection.Key.SUMMARY, "Resumé", 20, 50),
    (ItemSection.Key.BACKGROUND, "Sagsfremstilling", 60, 160),
    (ItemSection.Key.RECOMMENDATION, "Indstilling", 10, 30),
]
OUTCOMES = ["approved", "approved", "approved", "noted", "rejected"]
MEMBER_ROLES = [
    Membership.Role.CHAIR,
    Membership.Role.VICE_CHAIR,
    Membership.Role.COUNCIL_MEMBER,
    Membership.Role.COUNCIL_MEMBER,
    Membership.Role.CITIZEN_MEMBER,
    Membership.Role.CITIZEN_MEMBER,
    Membership.Role.OBSERVER,
]
FIRST_NAMES = [
    "Anne",
    "Mette",
    "Hanne",
    "Susanne",
    "Lene",
    "Kirsten",
    "Marianne",
    "Camilla",
    "Louise",
    "Maria",
    "Jens",
    "Peter",
    "Lars",
    "Michael",
    "Henrik",
    "Søren",
    "Thomas",
    "Martin",
    "Jan",
    "Niels",
    "Rasmus",
    "Mads",
    "Emil",
    "Freja",
    "Ida",
    "Sofie",
    "Karim",
    "Amira",
    "Ali",
    "Birgitte",
]
LAST_NAMES = [
    "Nielsen",
    "Jensen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Christiansen",
    "Poulsen",
    "Johansen",
    "Møller",
    "Mortensen",
    "Holm",
    "Skov",
    "Winther",
    "Aziz",
    "Dahl",
    "Lund",
    "Bach",
]
PARTIES = (
    "",
    "Socialdemokratiet",
    "Venstre",
    "Det Konservative Folkeparti",
    "SF",
    "Borgerrepræsentant",
)
PLACES = ("Rådhuset, mødelokale 1", "Rådhuset, byrådssalen", "Hovedbiblioteket", "Medborgerhuset")
UNITS = (
    "Tværgående Funktioner",
    "Social og Sundhed",
    "Børn og Skole",
    "Kultur, Unge og Fritid",
    "Byudvikling",
    "Jobcentret",
    "Digitalisering",
)
PARTNER_NAMES = ("Fonden for", "Foreningen", "Virksomheden", "Netværket", "Universitetet om")


def record_build_time(seconds: float):
    """Keep how long the build took beside the mark (read by the results)."""
    _set_mark(f"{database_mark()} built_in={seconds:.0f}s")


def build_seconds() -> int | None:
    mark = database_mark()
    if " built_in=" not in mark:
        return None
    return int(mark.rsplit(" built_in=", 1)[1].rstrip("s"))
