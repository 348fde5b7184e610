"""Arbitrary text in every query parameter and every form field of the catalogue and meeting
pages (and the export start): never a 5xx, for anonymous visitors, staff, a committee member and
the secretariat.

Which parameters a URL reads is not kept by hand: a first, ordinary request to each URL records
the forms the view binds to the request's GET or POST data and takes their fields (with their
prefixes, so formsets and their management forms count). A new field, or a new form in a view,
is fuzzed without touching this module; a new URL must be added to ``ENDPOINTS`` (a test checks
that none is missing). The few values written here are a valid start (``baseline``), so that a
bad value reaches past the first check; they are fuzzed too.

Each URL gets two rounds: every parameter it reads at once with each of the ``SPECIAL`` values
(deterministic: the classes of input that broke views before), then Hypothesis's arbitrary text
in any of them, for every role.
"""

from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from catalogue.models import Idea, WelfareArea
from innovation.shared import permissions
from meetings.models import Attachment, Meeting, Membership
from tests.catalogue.factories import CommentFactory, IdeaFactory, StatusChangeFactory
from tests.factories import UserFactory
from tests.forms_made import forms_made
from tests.innovation.factories import ProjectFactory
from tests.meetings.factories import (
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
    WorkshopGroupFactory,
    full_item,
)

S = Idea.Status
# The broadest rights first: the first role for which a view binds a form is the one whose
# request is read for its parameters and used for the round of SPECIAL values.
ROLES = ("secretariat", "staff", "member", "anonymous")
FUZZED_NAMESPACES = ("catalogue", "meetings")
FUZZED_NAMES = ("export_start",)
EXAMPLES = 6
# A page that reads no parameter gets this many requests with unknown ones, not EXAMPLES.
EXAMPLES_WITHOUT_FORMS = 2

# Input that broke views before, one of each kind: a NUL byte, a digit that ``str.isdigit``
# takes and ``int`` refuses, a digit of another script that ``int`` takes, a number past any
# column, a very long text.
SPECIAL = ["\x00", "²", "٣", "9" * 40, "x" * 10_000]
TEXT = st.one_of(
    st.sampled_from(SPECIAL),
    st.tuples(st.text(max_size=6), st.sampled_from(SPECIAL), st.text(max_size=6)).map("".join),
    st.text(),
    st.from_regex(r"[0-9²³¹٠-٩۰-۹०-९߀-߉]{1,12}", fullmatch=True),
    st.text(min_size=1, max_size=3).map(lambda unit: unit * 4000),
)
VALUE = st.lists(TEXT, min_size=1, max_size=2).map(
    lambda values: values[0] if len(values) == 1 else values
)


@dataclass
class Endpoint:
    name: str
    method: str = "get"
    args: object = None  # world -> the URL's arguments
    baseline: object = None  # world -> (GET, POST) that the view accepts
    label: str = ""

    def url(self, world):
        return reverse(self.name, args=self.args(world) if self.args else None)

    def start(self, world):
        return self.baseline(world) if self.baseline else ({}, {})

    def __str__(self):
        return " ".join(filter(None, [self.method, self.name, self.label]))


@dataclass
class World:
    users: dict
    published: Idea
    submitted: Idea
    clarify: Idea
    draft: Idea
    group: object
    meeting: Meeting
    item: object
    attachment: Attachment
    committee: object
    project: object


def _idea(world):
    return {
        "title": "Cykelværksted for unge",
        "summary": "Unge reparerer cykler sammen med frivillige fra foreningen.",
        "welfare_area": WelfareArea.objects.get(slug="aeldre").pk,
        "submit": "1",
    }


def _capture(world):
    return {
        "ideas-TOTAL_FORMS": "2",
        "ideas-INITIAL_FORMS": "0",
        "ideas-0-title": "Fælles spisning",
        "ideas-0-summary": "Ældre og unge spiser sammen.",
        "ideas-0-welfare_area": WelfareArea.objects.get(slug="aeldre").pk,
    }


def _meeting_form(world):
    return {
        "committee": world.committee.pk,
        "kind": "ordinary",
        "title": "Budgetmøde",
        "starts_at": "2030-05-02T17:00",
    }


def _programme(world):
    return {
        "rows-TOTAL_FORMS": "1",
        "rows-INITIAL_FORMS": "0",
        "rows-0-kind": "talk",
        "rows-0-title": "Oplæg",
        "rows-0-speakers": "Gry Ravn, Innovationschef, Gentofte Kommune",
        "save": "1",
    }


def _groups(world):
    return {
        "rows-TOTAL_FORMS": "1",
        "rows-INITIAL_FORMS": "0",
        "rows-0-name": "Gruppe A",
        "save": "1",
    }


def _item(world):
    return {
        "item-title": "Cykelværksted",
        "sections-TOTAL_FORMS": "1",
        "sections-INITIAL_FORMS": "0",
        "sections-0-key": "summary",
        "sections-0-heading": "Resumé",
        "sections-0-text": "Unge reparerer cykler.",
        "points-TOTAL_FORMS": "1",
        "points-INITIAL_FORMS": "0",
        "points-0-text": "At værkstedet afprøves.",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "save": "1",
    }


def _attendance(world):
    membership = Membership.objects.get(user=world.users["member"])
    return {f"status-{membership.pk}": "substitute", f"substitute-{membership.pk}": "Sune"}


def _decision(world):
    membership = Membership.objects.get(user=world.users["member"])
    data = {
        "decision": "Godkendt.",
        "decision_is_open": "on",
        "conflicts-TOTAL_FORMS": "1",
        "conflicts-INITIAL_FORMS": "0",
        "conflicts-0-membership": membership.pk,
        "conflicts-0-note": "Inhabil.",
        "next": "1",
    }
    for point in world.item.points.all():
        data[f"point-{point.pk}-outcome"] = "amended"
        data[f"point-{point.pk}-decision_text"] = "Med en ændring."
    return data


def post(name, args=None, data=None, query=None, label=""):
    return Endpoint(
        name, "post", args, lambda w: (query(w) if query else {}, data(w) if data else {}), label
    )


def get(name, args=None, query=None):
    return Endpoint(name, "get", args, (lambda w: (query(w), {})) if query else None)


ENDPOINTS = [
    # The catalogue
    get("catalogue:index", query=lambda w: {"q": "cykel", "area": "aeldre", "page": "1"}),
    get("catalogue:matrix"),
    get("catalogue:export_csv", query=lambda w: {"q": "cykel", "sort": "title"}),
    get("catalogue:export_json", query=lambda w: {"actor": "borgere"}),
    get("catalogue:idea", lambda w: [w.published.pk]),
    post("catalogue:endorse", lambda w: [w.published.pk]),
    post("catalogue:comment", lambda w: [w.published.pk], lambda w: {"text": "Godt forslag"}),
    get("catalogue:submit"),
    post("catalogue:submit", data=_idea),
    post("catalogue:validate", data=lambda w: {**_idea(w), "validate": "title"}),
    get(
        "catalogue:similar",
        query=lambda w: {"title": "Cykelværksted", "summary": "unge", "exclude": w.draft.pk},
    ),
    get("catalogue:my_ideas"),
    get("catalogue:edit", lambda w: [w.clarify.pk]),
    post(
        "catalogue:edit",
        lambda w: [w.clarify.pk],
        lambda w: {**_idea(w), "answer": "Plejecentrene i nord."},
    ),
    post("catalogue:resubmit", lambda w: [w.clarify.pk], lambda w: {"answer": "Se beskrivelsen."}),
    get("catalogue:curation", query=lambda w: {"status": S.SUBMITTED}),
    post(
        "catalogue:curation",
        data=lambda w: {"ideas": [w.submitted.pk], "to_status": S.UNDER_REVIEW},
    ),
    get("catalogue:curate", lambda w: [w.submitted.pk]),
    post(
        "catalogue:curate_status",
        lambda w: [w.submitted.pk],
        lambda w: {"to_status": S.NEEDS_CLARIFICATION, "answer": "Hvem er med?"},
    ),
    post("catalogue:curate_note", lambda w: [w.submitted.pk], lambda w: {"text": "Intern"}),
    get("catalogue:curate_history", lambda w: [w.submitted.pk], lambda w: {"older": ""}),
    post(
        "catalogue:curate_link",
        lambda w: [w.submitted.pk],
        lambda w: {"kind": "related", "target": w.published.pk},
    ),
    get("catalogue:capture", lambda w: [w.group.pk]),
    post("catalogue:capture", lambda w: [w.group.pk], _capture),
    post(
        "catalogue:capture",
        lambda w: [w.group.pk],
        lambda w: {**_capture(w), "add_row": "1"},
        label="add a row",
    ),
    get("catalogue:workshop_ideas", lambda w: [w.group.pk]),
    get("catalogue:editions"),
    post("catalogue:editions", data=lambda w: {"note": "Forårsudgaven"}),
    # Meetings
    get("meetings:index", query=lambda w: {"committee": w.committee.slug, "page": "1"}),
    get("meetings:ical"),
    get("meetings:committees"),
    get("meetings:committee", lambda w: [w.committee.slug]),
    get("meetings:committee_ical", lambda w: [w.committee.slug]),
    get("meetings:meeting", lambda w: [w.meeting.pk]),
    get("meetings:minutes", lambda w: [w.meeting.pk]),
    get("meetings:item", lambda w: [w.item.pk], lambda w: {"show": "summary"}),
    post(
        "meetings:item_note",
        lambda w: [w.item.pk],
        lambda w: {"text": "Min note"},
        lambda w: {"level": "4"},
    ),
    get("meetings:attachment", lambda w: [w.attachment.pk]),
    # The secretariat's workspace
    get("meetings:workspace", query=lambda w: {"upcoming_page": "1"}),
    get("meetings:workspace_new"),
    post("meetings:workspace_new", data=lambda w: _meeting_form(w)),
    get("meetings:workspace_meeting", lambda w: [w.meeting.pk]),
    post("meetings:workspace_edit", lambda w: [w.meeting.pk], lambda w: _meeting_form(w)),
    post("meetings:workspace_programme", lambda w: [w.meeting.pk], _programme),
    post("meetings:workspace_groups", lambda w: [w.meeting.pk], _groups),
    post("meetings:workspace_item_new", lambda w: [w.meeting.pk], _item),
    post(
        "meetings:workspace_item_paste",
        lambda w: [w.meeting.pk],
        lambda w: {"text": "Punkt 1: Cykler\n\nResumé\nUnge cykler.\n\nIndstilling\nAt ja."},
    ),
    post("meetings:workspace_item_paste", lambda w: [w.meeting.pk], _item, label="save"),
    post(
        "meetings:workspace_item_followup",
        lambda w: [w.meeting.pk],
        lambda w: {"earlier": w.item.pk},
    ),
    post("meetings:workspace_item", lambda w: [w.item.pk], _item),
    post("meetings:workspace_item_move", lambda w: [w.item.pk], lambda w: {"direction": "up"}),
    get("meetings:workspace_item_preview", lambda w: [w.item.pk], lambda w: {"reader": "public"}),
    post("meetings:workspace_publish", lambda w: [w.meeting.pk]),
    post("meetings:workspace_republish", lambda w: [w.meeting.pk]),
    get("meetings:workspace_versions", lambda w: [w.meeting.pk]),
    post("meetings:workspace_attendance", lambda w: [w.meeting.pk], _attendance),
    post("meetings:workspace_decision", lambda w: [w.item.pk], _decision),
    post("meetings:workspace_mark_held", lambda w: [w.meeting.pk]),
    post("meetings:workspace_approve", lambda w: [w.meeting.pk]),
    # Innovation projects: the model, a project's trace, the network register
    get("innovation:model"),
    get("innovation:trace", lambda w: [w.project.pk]),
    get("innovation:network", query=lambda w: {"kind": "company", "page": "1"}),
    get("meetings:workspace_history", lambda w: [w.meeting.pk], lambda w: {"older": ""}),
    get("meetings:workspace_item_history", lambda w: [w.item.pk], lambda w: {"older": ""}),
    # Documents
    post(
        "export_start",
        data=lambda w: {
            "document": "catalogue.pdf",
            "object_id": "0",
            "variant": "pdf/ua-1",
            "audience": "public",
        },
    ),
]


def request(client, world, endpoint, role, query, data):
    client.logout()
    if role != "anonymous":
        client.force_login(world.users[role])
    url = endpoint.url(world)
    if endpoint.method == "get":
        response = client.get(url, query)
    else:
        response = client.post(url, data, query_params=query)
    if response.streaming:
        # A streamed export reads its rows as it is sent: send it, so that a failure shows.
        response.getvalue()
    return response


def parameters_read(client, world, endpoint):
    """The first role (``ROLES``) whose request with the start values the view accepts, and
    ``(where, name)`` of every field of the forms the view binds to that request's GET or POST
    data, together with the start values' own names (which a view might read without a form).
    When no role is accepted: the first role."""
    query, data = endpoint.start(world)
    names = {("get", name) for name in query} | {("post", name) for name in data}
    for role in ROLES:
        with forms_made() as made:
            response = request(client, world, endpoint, role, query, data)
            sent = response.wsgi_request
            names.update(
                (where, form.add_prefix(name))
                for form in made
                for where, values in (("get", sent.GET), ("post", sent.POST))
                if form.data is values
                for name in form.fields
            )
        if response.status_code < 400:
            return role, sorted(names)
    return ROLES[0], sorted(names)


def with_value(start, name, value):
    """``value`` appended to the start value of ``name``, or alone."""
    before = start.get(name)
    if isinstance(before, list):
        return [f"{item}{value}" for item in before]
    return f"{before}{value}" if before is not None else value


def send(client, world, endpoint, role, changes):
    """The endpoint's request with ``changes`` (``(where, name) -> value``) over its start."""
    query, form = (dict(values) for values in endpoint.start(world))
    for (where, name), value in changes.items():
        (query if where == "get" else form)[name] = value
    # A 5xx raises in the test client (the view's exception); the status says the rest.
    response = request(client, world, endpoint, role, query, form)
    assert response.status_code < 500, (role, query, form)


@pytest.fixture
def world(db):
    committee = CommitteeFactory(slug="innovation", name="Opgaveudvalget om Innovation")
    member = UserFactory(username="member", role=permissions.COMMITTEE_MEMBER)
    MembershipFactory(committee=committee, user=member, role=Membership.Role.COUNCIL_MEMBER)
    staff = UserFactory(username="staff", role=permissions.STAFF)
    secretariat = UserFactory(username="secretariat", role=permissions.SECRETARIAT, is_staff=True)
    meeting = MeetingFactory(committee=committee, state=Meeting.State.HELD)
    item = full_item(meeting)
    published = IdeaFactory(status=S.PUBLISHED, title="Cykelværksted i kælderen")
    CommentFactory(idea=published)
    clarify = IdeaFactory(status=S.NEEDS_CLARIFICATION, submitted_by=staff)
    StatusChangeFactory(
        idea=clarify,
        from_status=S.SUBMITTED,
        to_status=S.NEEDS_CLARIFICATION,
        by=secretariat,
        answer="Hvilke plejecentre?",
    )
    return World(
        users={"staff": staff, "member": member, "secretariat": secretariat},
        published=published,
        submitted=IdeaFactory(status=S.SUBMITTED, submitted_by=staff),
        clarify=clarify,
        draft=IdeaFactory(status=S.DRAFT, submitted_by=staff),
        group=WorkshopGroupFactory(meeting=meeting),
        meeting=meeting,
        item=item,
        attachment=item.attachments.filter(is_closed=False).get(),
        committee=committee,
        project=ProjectFactory(committee=committee),
    )


def _url_names(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace or ""]))
            yield from _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_catalogue_and_meeting_url_is_fuzzed():
    fuzzed = {endpoint.name for endpoint in ENDPOINTS}
    names = set(_url_names(get_resolver()))
    expected = {
        name for name in names if name.split(":")[0] in FUZZED_NAMESPACES or name in FUZZED_NAMES
    }
    assert expected, names
    assert expected <= fuzzed, sorted(expected - fuzzed)


def test_the_parameters_come_from_the_forms(client, world):
    """The recording finds the fields of the forms each view binds to its request, and the
    role that reads them."""
    by_name = {str(endpoint): endpoint for endpoint in ENDPOINTS}

    def read(key):
        return set(parameters_read(client, world, by_name[key])[1])

    assert {("get", "q"), ("get", "area"), ("get", "page"), ("get", "status")} <= read(
        "get catalogue:index"
    )
    assert {("get", "title"), ("get", "exclude")} <= read("get catalogue:similar")
    assert {("get", "committee"), ("get", "year"), ("get", "held_page")} <= read(
        "get meetings:index"
    )
    assert {("post", "note")} <= read("post catalogue:editions")
    assert {("post", "ideas-TOTAL_FORMS"), ("post", "ideas-0-title")} <= read(
        "post catalogue:capture"
    )
    assert {("get", "level"), ("post", "text")} <= read("post meetings:item_note")
    assert {("post", "document"), ("post", "object_id"), ("post", "variant")} <= read(
        "post export_start"
    )
    assert parameters_read(client, world, by_name["post catalogue:resubmit"])[0] == "staff"
    assert parameters_read(client, world, by_name["get catalogue:matrix"]) == ("secretariat", [])


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_no_input_gets_a_5xx(client, world, endpoint):
    role, read = parameters_read(client, world, endpoint)
    query, data = endpoint.start(world)
    start = {
        **{("get", k): v for k, v in query.items()},
        **{("post", k): v for k, v in data.items()},
    }
    for special in SPECIAL if read else []:
        send(client, world, endpoint, role, {key: with_value(start, key, special) for key in read})

    unknown = st.dictionaries(st.tuples(st.just("get"), st.text(max_size=8)), TEXT, max_size=1)

    @settings(
        max_examples=EXAMPLES if read else EXAMPLES_WITHOUT_FORMS,
        deadline=None,
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(
        role=st.sampled_from(ROLES),
        # Each parameter the view reads keeps its start value or gets arbitrary text; one that
        # nobody reads may come along.
        changes=st.fixed_dictionaries({}, optional=dict.fromkeys(read, VALUE)),
        extra=unknown,
    )
    def arbitrary_text(role, changes, extra):
        send(client, world, endpoint, role, {**changes, **extra})

    arbitrary_text()
