"""The public, read-only JSON API (``/api/``), on django-ninja, with its OpenAPI schema at
``/api/openapi.json``; the page that explains it is ``views.api_docs`` (``/api-dokumentation/``).

**Only what the public may see.** Every read goes through the apps' ``visible_to`` QuerySets
with an anonymous reader (``PUBLIC``), whoever calls: a signed-in member or the secretariat
gets the public view too. The API is the open data of the site, the same for every client,
which may cache and pass it on; what a member or the secretariat may read beyond it stays on
the pages, which check the session for it. So the API never reads the session and never shows
a closed item, a closed attachment, a draft meeting, a committee's unpublished meetings, an
idea not in the catalogue, a draft project, an internal or a private note.

**OParl 1.1** (https://dev.oparl.org/spezifikation/) where it fits, so that OParl clients read
the meetings: every object's ``id`` is its URL, ``type`` the OParl type URL, lists are
``{"data": [...], "pagination": {...}, "links": {"next": ...}}`` (follow ``links.next`` until
it is missing), times ISO 8601 with the zone.

=================  ==========================================================================
OParl              here
=================  ==========================================================================
System             ``/api/`` (the entry point)
Body               ``/api/body`` (one body: the municipality, ``SAMSKAB_MUNICIPALITY``), also
                   listed at ``/api/bodies``
Organization       a committee (``organizationType`` "Gremium"): ``/api/organizations``
Meeting            a meeting the public may see, with its open agenda items embedded:
                   ``/api/meetings`` (``?organization=<id>``), ``/api/meetings/<id>``
AgendaItem         an open item with its decisions: embedded in its meeting and at
                   ``/api/agenda-items/<id>``
File               a public attachment of an open item: embedded in its item and at
                   ``/api/files/<id>``
Person, Paper      empty lists (``/api/persons``, ``/api/papers``), as the Body must link them
Membership,        not served (see below)
Consultation,
Location,
LegislativeTerm
=================  ==========================================================================

Where it deviates:

* **Ideas** (``/api/ideas``) and **projects** (``/api/projects``) are Samskab extensions; their
  ``type`` is the URL of their section on the API page, not an OParl type.
* **No Person or Membership**: the members of the task committees include citizens, whose
  names the site shows only on its pages (the Body's ``person`` list is empty, as is its
  ``paper`` list). **No Paper or Consultation**: an item's
  recommendation, sections and the decision on each recommendation point are embedded in the
  ``AgendaItem`` (extension fields ``sections``, ``recommendationPoints``), as the municipality
  writes them into the agenda rather than as separate papers. **No Location**: the meeting's
  place is the extension field ``place`` (text).
* **Closed items are left out**, not listed with ``public: false``; an item's ``public`` is
  always true. The **list of meetings** embeds each item without its ``sections`` (they are
  most of the text: half a megabyte a page without them); the meeting's and the item's own
  URLs and the download have them.
* **Pagination is by cursor**: ``?limit=`` (1–100, 50 by default) and the ``next`` link
  (``?after=<id>``, objects in ``id`` order); ``pagination`` gives ``elementsPerPage`` only (no
  totals, no page numbers). Of OParl's filters the lists of meetings, ideas and projects take
  ``modified_since`` (an aware time), none takes ``created_since`` or the ``_until`` ones.
* ``created`` and ``modified`` of meetings, items and files are the first and latest change the
  history recorded (``innovation.shared.history``; a change of an item's sections or points
  does not count for the item); Body, Organization and System have none.
* ``sha256Checksum`` instead of OParl's ``sha512Checksum``; ``accessUrl`` and ``downloadUrl`` are
  the attachment's page, which checks access again.
* Every answer carries ``Access-Control-Allow-Origin: *`` (OParl's CORS), the schema too.
* Texts are in Danish, as written; ``meetingState``, an idea's ``status`` and a project's
  ``stage`` are Samskab's codes.

Everything is served under ``CC BY 4.0`` (``LICENSE``), named on every object (``license``).
Bad parameters answer 422 (or 404 for an object that is not public) with a JSON ``detail``.
The bulk downloads (JSON Lines) and the DCAT-AP catalogue entry are ``innovation.opendata``.
"""

import datetime
import functools
from typing import Annotated

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query, Schema, renderers
from ninja.errors import ValidationError
from pydantic import AfterValidator, AwareDatetime, BeforeValidator

from catalogue.models import Idea
from innovation.models import Project
from meetings import querysets as meeting_rules
from meetings.models import AgendaItem, Attachment, Committee, Meeting

PUBLIC = AnonymousUser()
"""The one reader of the API: the public."""

LICENSE = "https://creativecommons.org/licenses/by/4.0/"
OPARL = "https://schema.oparl.org/1.1/"
PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
MAX_ID = 2**63 - 1
READABLE = (meeting_rules.FULL, meeting_rules.DECISION)
"""The items the API shows: open items, in full or their decisions only (a committee that
publishes decisions only), never a closed item."""


def open_to_every_origin(view):
    """Every answer may be read by a page on any site (OParl asks for CORS): the API serves only
    public data and never reads a session or a cookie."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped


class JSONRenderer(renderers.JSONRenderer):
    """UTF-8 as it is (æ, ø and å unescaped): a third smaller for Danish text."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=JSONRenderer(),
    title="Samskab API",
    version="1.0",
    description=(
        "The public, read-only data of Samskab: committees, meetings with their open agenda "
        "items and decisions, public attachments, the idea catalogue and the innovation "
        "projects. Meetings follow OParl 1.1 where it fits. Licence: CC BY 4.0."
    ),
    urls_namespace="api",
    docs_url=None,  # The API page of the site explains it (no CDN-served Swagger UI).
    docs_decorator=open_to_every_origin,  # the schema, for tools in the browser
)

api.add_decorator(open_to_every_origin, mode="view")


@api.exception_handler(ValidationError)
def bad_parameters(request, exc):
    return api.create_response(
        request,
        {"detail": _("Invalid parameters."), "errors": exc.errors},
        status=422,
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@open_to_every_origin
def no_such_address(request):
    """Any other address under ``/api/`` (after the API's own in the URLconf): the API's JSON
    404, not the site's HTML page."""
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


# The records: plain dicts, the same in the API and in the bulk downloads. -------------------


PLACEHOLDER = "7130925486"
"""Stands for an argument while a URL is reversed once (a number and a slug alike)."""


@functools.cache
def _path_pattern(name, arity, prefix):
    """The path of ``name`` with ``{}`` for each argument: reversed once per process (and
    script prefix), as a list of a thousand objects names several thousand URLs."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse(name, args=[PLACEHOLDER] * arity)
    return path.replace("{", "{{").replace("}", "}}").replace(PLACEHOLDER, "{}")


def absolute(request, name, *args, query=None):
    """The absolute URL of ``name``: a page in the site's default language (the API has no
    language prefix), or an API URL."""
    path = _path_pattern(name, len(args), get_script_prefix()).format(*args)
    if query:
        path += "?" + urlencode(query)
    return _origin(request) + path


def _origin(request):
    """``https://host`` of ``request``, worked out once per request: a page of meetings names
    some 1,500 URLs (reversed and encoded already, so they need no more quoting)."""
    origin = getattr(request, "api_origin", None)
    if origin is None:
        origin = request.api_origin = request.build_absolute_uri("/").removesuffix("/")
    return origin


def extension_type(request, name):
    return absolute(request, "api_docs") + f"#{name}"


def with_history_times(queryset, *fallbacks):
    """``created`` and ``modified``: the first and the latest change recorded in the model's
    history (one index scan each per row, in the same query), else the first of
    ``fallbacks``."""
    events = queryset.model.pgh_event_model.objects.filter(pgh_obj=OuterRef("pk"))
    first = Subquery(events.order_by("pgh_created_at").values("pgh_created_at")[:1])
    last = Subquery(events.order_by("-pgh_created_at").values("pgh_created_at")[:1])
    if fallbacks:
        first, last = Coalesce(first, *fallbacks), Coalesce(last, *fallbacks)
    return queryset.annotate(created=first, modified=last)


def committees():
    return Committee.objects.visible_to(PUBLIC).order_by("pk")


def organization_record(request, committee):
    return {
        "id": absolute(request, "api:organization", committee.pk),
        "type": OPARL + "Organization",
        "body": absolute(request, "api:body"),
        "name": committee.name,
        "shortName": committee.short_name or None,
        "organizationType": "Gremium",
        "classification": committee.get_kind_display(),
        "startDate": committee.period_start,
        "endDate": committee.period_end,
        "meeting": absolute(request, "api:meetings", query={"organization": committee.pk}),
        "web": absolute(request, "meetings:committee", committee.slug),
        "publicAccess": committee.public_access,
        "license": LICENSE,
    }


def files():
    return with_history_times(Attachment.objects.visible_to(PUBLIC)).order_by("pk")


def file_record(request, attachment):
    page = absolute(request, "meetings:attachment", attachment.pk)
    name = attachment.file.name.rsplit("/", 1)[-1] if attachment.file else None
    return {
        "id": absolute(request, "api:file", attachment.pk),
        "type": OPARL + "File",
        "name": attachment.title,
        "fileName": name,
        "sha256Checksum": attachment.sha256 or None,
        "accessUrl": page,
        "downloadUrl": page,
        "agendaItem": [absolute(request, "api:agenda_item", attachment.item_id)],
        "created": attachment.created,
        "modified": attachment.modified,
        "license": LICENSE,
    }


def agenda_items(*, sections=True):
    """The open items the public may read, with the parts it may read of them; without their
    sections (the bulk of the text) when ``sections`` is false."""
    section_rows, points, _attachments = meeting_rules.content_prefetches(PUBLIC)
    parts = [
        Prefetch(
            "points",
            queryset=points.queryset.order_by("item_id", "order", "pk"),
            to_attr="public_points",
        ),
        Prefetch("attachments", queryset=files(), to_attr="public_files"),
    ]
    if sections:
        parts.append(
            Prefetch(
                "sections",
                queryset=section_rows.queryset.order_by("item_id", "order", "pk"),
                to_attr="public_sections",
            )
        )
    return (
        with_history_times(AgendaItem.objects.readable_by(PUBLIC, levels=READABLE))
        .prefetch_related(*parts)
        .order_by("meeting", "number")
    )


def _sections(item):
    """The item's sections, or None (left out) where they were not read."""
    if not hasattr(item, "public_sections"):
        return None
    return [
        {
            "heading": section.heading or section.get_key_display(),
            "kind": section.key,
            "text": section.text,
        }
        for section in item.public_sections
    ]


def agenda_item_record(request, item):
    return {
        "id": absolute(request, "api:agenda_item", item.pk),
        "type": OPARL + "AgendaItem",
        "meeting": absolute(request, "api:meeting", item.meeting_id),
        "number": str(item.number),
        "order": item.number,
        "name": item.title,
        "public": True,
        "result": item.decision or None,
        "resolutionText": item.decision or None,
        "decidedOn": item.decided_on,
        "recommendationBy": item.recommendation_by or None,
        "sections": _sections(item),
        "recommendationPoints": [
            {
                "text": point.text,
                "outcome": point.outcome or None,
                "decisionText": point.decision_text or None,
            }
            for point in item.public_points
        ],
        "auxiliaryFile": [file_record(request, attachment) for attachment in item.public_files],
        "web": absolute(request, "meetings:item", item.pk),
        "created": item.created,
        "modified": item.modified,
        "license": LICENSE,
    }


def meetings(*, sections=True):
    """The meetings the public may see, each with its open items (``agenda_items``)."""
    items = agenda_items(sections=sections)
    return (
        with_history_times(Meeting.objects.visible_to(PUBLIC), "published_at")
        .select_related("committee")
        .prefetch_related(
            Prefetch("co_hosts", to_attr="co_host_list"),
            Prefetch("items", queryset=items, to_attr="public_items"),
        )
        .order_by("pk")
    )


def meeting_record(request, meeting):
    organizations = [meeting.committee, *meeting.co_host_list]
    return {
        "id": absolute(request, "api:meeting", meeting.pk),
        "type": OPARL + "Meeting",
        "name": str(meeting),
        "meetingState": meeting.state,
        "cancelled": False,
        "start": meeting.starts_at,
        "end": meeting.ends_at,
        "place": meeting.place or None,
        "organization": [absolute(request, "api:organization", c.pk) for c in organizations],
        "agendaItem": [agenda_item_record(request, item) for item in meeting.public_items],
        "web": absolute(request, "meetings:meeting", meeting.pk),
        "created": meeting.created,
        "modified": meeting.modified,
        "license": LICENSE,
    }


def ideas():
    """The idea catalogue (published, selected and parked ideas)."""
    return (
        Idea.objects.visible_to(PUBLIC)
        .published()
        .select_related("welfare_area")
        .prefetch_related(
            Prefetch("actor_types", to_attr="actor_list"), Prefetch("tags", to_attr="tag_list")
        )
        .order_by("pk")
    )


def idea_record(request, idea):
    return {
        "id": absolute(request, "api:idea", idea.pk),
        "type": extension_type(request, "idea"),
        "name": idea.title,
        "summary": idea.summary,
        "description": idea.description,
        "status": idea.status,
        "welfareArea": idea.welfare_area.name if idea.welfare_area else None,
        "actorTypes": [actor.name for actor in idea.actor_list],
        "keyword": sorted(tag.name for tag in idea.tag_list),
        "disDimensions": list(idea.dis_dimensions),
        "endorsements": idea.endorsement_count,
        "comments": idea.comment_count,
        "web": absolute(request, "catalogue:idea", idea.pk),
        "created": idea.created_at,
        "modified": idea.updated_at,
        "license": LICENSE,
    }


def projects():
    public_ideas = Idea.objects.visible_to(PUBLIC).published().only("pk")
    return (
        Project.objects.visible_to(PUBLIC)
        .prefetch_related(Prefetch("ideas", queryset=public_ideas, to_attr="public_ideas"))
        .order_by("pk")
    )


def project_record(request, project):
    return {
        "id": absolute(request, "api:project", project.pk),
        "type": extension_type(request, "project"),
        "name": project.title,
        "summary": project.summary,
        "problem": project.problem,
        "stage": project.phase,
        "stageSince": project.phase_since,
        "transformative": project.is_transformative,
        "organization": absolute(request, "api:organization", project.committee_id),
        "idea": [absolute(request, "api:idea", idea.pk) for idea in project.public_ideas],
        "web": absolute(request, "innovation:project", project.pk),
        "created": project.created_at,
        "modified": project.updated_at,
        "license": LICENSE,
    }


# The schemas (OpenAPI, and checked on every response). ----------------------------------------


class Record(Schema):
    id: str
    type: str
    license: str = LICENSE


class Stamped(Record):
    created: datetime.datetime | None = None
    modified: datetime.datetime | None = None


class Pagination(Schema):
    """OParl's names (camelCase) for the fields, here and below."""

    elementsPerPage: int


class Links(Schema):
    next: str | None = Field(None, description="The next page; missing on the last page.")


class ListOf(Schema):
    pagination: Pagination
    links: Links


class SystemOut(Record):
    oparlVersion: str
    name: str
    body: str
    website: str
    product: str
    vendor: str | None = None


class BodyOut(Record):
    system: str
    name: str
    website: str
    organization: str
    meeting: str
    person: str
    paper: str
    legislativeTerm: list[str]
    ideas: str
    projects: str


class OrganizationOut(Record):
    body: str
    name: str
    shortName: str | None = None
    organizationType: str
    classification: str
    startDate: datetime.date | None = None
    endDate: datetime.date | None = None
    meeting: str
    web: str
    publicAccess: str = Field(
        description="What the committee publishes: agenda, decisions, nothing."
    )


class FileOut(Stamped):
    name: str
    fileName: str | None = None
    sha256Checksum: str | None = None
    accessUrl: str
    downloadUrl: str
    agendaItem: list[str]


class SectionOut(Schema):
    heading: str
    kind: str
    text: str


class PointOut(Schema):
    text: str
    outcome: str | None = None
    decisionText: str | None = None


class AgendaItemOut(Stamped):
    meeting: str
    number: str
    order: int
    name: str
    public: bool
    result: str | None = None
    resolutionText: str | None = None
    decidedOn: datetime.date | None = None
    recommendationBy: str | None = None
    sections: list[SectionOut] | None = Field(
        None, description="Left out in the lists of meetings: read the item, or the download."
    )
    recommendationPoints: list[PointOut]
    auxiliaryFile: list[FileOut]
    web: str


class MeetingOut(Stamped):
    name: str
    meetingState: str
    cancelled: bool
    start: datetime.datetime
    end: datetime.datetime | None = None
    place: str | None = None
    organization: list[str]
    agendaItem: list[AgendaItemOut]
    web: str


class IdeaOut(Stamped):
    name: str
    summary: str
    description: str
    status: str
    welfareArea: str | None = None
    actorTypes: list[str]
    keyword: list[str]
    disDimensions: list[str]
    endorsements: int
    comments: int
    web: str


class ProjectOut(Stamped):
    name: str
    summary: str
    problem: str
    stage: str
    stageSince: datetime.date
    transformative: bool
    organization: str
    idea: list[str]
    web: str


class BodyList(ListOf):
    data: list[BodyOut]


class OrganizationList(ListOf):
    data: list[OrganizationOut]


class MeetingList(ListOf):
    data: list[MeetingOut]


class IdeaList(ListOf):
    data: list[IdeaOut]


class ProjectList(ListOf):
    data: list[ProjectOut]


class Error(Schema):
    detail: str


class Page(Schema):
    limit: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Objects per page.")
    after: int = Field(0, ge=0, le=MAX_ID, description="The id after which the page starts.")


def _not_a_number(value):
    """A time is written as one (ISO 8601), not as a number of seconds."""
    if not isinstance(value, str) or "-" not in value.lstrip("+-"):
        raise ValueError("an ISO 8601 date and time, such as 2026-01-31T12:00:00+01:00")
    return value


def _in_utc(value):
    """The time in UTC (PostgreSQL takes offsets up to ±15:59 only)."""
    try:
        return value.astimezone(datetime.UTC)
    except OverflowError as error:  # before year 1 or after 9999 in UTC
        raise ValueError("a time between the years 1 and 9999") from error


class Changed(Page):
    """OParl's filter for a client that keeps a copy: what changed since it last read."""

    modified_since: (
        Annotated[AwareDatetime, BeforeValidator(_not_a_number), AfterValidator(_in_utc)] | None
    ) = Field(
        None,
        description="Only objects modified at or after this time (ISO 8601 with a time zone).",
    )

    def changed(self, rows, field):
        """``rows`` narrowed to those whose ``field`` is at or after ``modified_since``."""
        if self.modified_since is None:
            return rows
        return rows.filter(**{f"{field}__gte": self.modified_since})


class MeetingFilter(Changed):
    organization: int | None = Field(
        None, ge=1, le=MAX_ID, description="Only the meetings of this committee (its id)."
    )


ObjectId = Annotated[int, Field(ge=1, le=MAX_ID)]
ERRORS = {404: Error, 422: dict}


def page_of(request, queryset, record, page):
    """One page of ``queryset`` (ordered by ``pk``) after ``page.after``: ``limit`` rows read
    off the primary key's index, plus one to know whether a next page exists."""
    rows = list(queryset.filter(pk__gt=page.after)[: page.limit + 1])
    links = {}
    if len(rows) > page.limit:
        rows = rows[: page.limit]
        query = request.GET.copy()
        query["after"] = rows[-1].pk
        query["limit"] = page.limit
        links["next"] = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    # Answered as it is, not validated against the schema once more (that took a third of a
    # page of meetings); each object is the record its own URL answers validated, and the
    # tests and schemathesis hold the lists to the schema.
    answer = {
        "data": [record(request, row) for row in rows],
        "pagination": {"elementsPerPage": page.limit},
        "links": links,
    }
    return api.create_response(request, without_empty(answer), status=200)


def without_empty(value):
    """``value`` without the keys whose value is None, at every depth: OParl leaves empty
    fields out (as ``exclude_none`` does for the validated answers)."""
    if isinstance(value, dict):
        return {key: without_empty(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [without_empty(item) for item in value]
    return value


def single(payload):
    """A list of one object, on one page."""
    return {"data": [payload], "pagination": {"elementsPerPage": 1}, "links": {}}


# The endpoints. -------------------------------------------------------------------------------


@api.get(
    "/",
    response=SystemOut,
    exclude_none=True,
    url_name="system",
    summary="OParl System: the entry point",
)
def system(request):
    return {
        "id": absolute(request, "api:system"),
        "type": OPARL + "System",
        "oparlVersion": OPARL,
        "name": "Samskab",
        "body": absolute(request, "api:bodies"),
        "website": absolute(request, "home"),
        "product": "Samskab",
        "vendor": None,
        "license": LICENSE,
    }


def body_record(request):
    return {
        "id": absolute(request, "api:body"),
        "type": OPARL + "Body",
        "system": absolute(request, "api:system"),
        "name": settings.MUNICIPALITY_NAME,
        "website": absolute(request, "home"),
        "organization": absolute(request, "api:organizations"),
        "meeting": absolute(request, "api:meetings"),
        "legislativeTerm": [],
        "person": absolute(request, "api:persons"),
        "paper": absolute(request, "api:papers"),
        "ideas": absolute(request, "api:ideas"),
        "projects": absolute(request, "api:projects"),
        "license": LICENSE,
    }


@api.get(
    "/bodies",
    response=BodyList,
    exclude_none=True,
    url_name="bodies",
    summary="OParl Body list (one)",
)
def bodies(request):
    return single(body_record(request))


@api.get(
    "/body",
    response=BodyOut,
    exclude_none=True,
    url_name="body",
    summary="OParl Body: the municipality",
)
def body(request):
    return body_record(request)


class EmptyList(ListOf):
    data: list[dict] = Field(description="Always empty: these objects are not published here.")


def empty(request):
    return {"data": [], "pagination": {"elementsPerPage": PAGE_SIZE}, "links": {}}


@api.get(
    "/persons",
    response=EmptyList,
    exclude_none=True,
    url_name="persons",
    summary="OParl Person list: empty (the members' names are on the pages only)",
)
def persons(request):
    return empty(request)


@api.get(
    "/papers",
    response=EmptyList,
    exclude_none=True,
    url_name="papers",
    summary="OParl Paper list: empty (an item's texts are part of the agenda item)",
)
def papers(request):
    return empty(request)


@api.get(
    "/organizations",
    response={200: OrganizationList, 422: dict},
    exclude_none=True,
    url_name="organizations",
    summary="OParl Organization list: the committees",
)
def organization_list(request, page: Query[Page]):
    return page_of(request, committees(), organization_record, page)


@api.get(
    "/organizations/{pk}",
    response={200: OrganizationOut, **ERRORS},
    exclude_none=True,
    url_name="organization",
    summary="OParl Organization: a committee",
)
def organization(request, pk: ObjectId):
    return organization_record(request, get_object_or_404(committees(), pk=pk))


@api.get(
    "/meetings",
    response={200: MeetingList, 422: dict},
    exclude_none=True,
    url_name="meetings",
    summary="OParl Meeting list: the meetings the public may see, with their open items",
)
def meeting_list(request, page: Query[MeetingFilter]):
    rows = meetings(sections=False)
    if page.organization is not None:
        rows = rows.for_committee(Committee(pk=page.organization))
    return page_of(request, page.changed(rows, "modified"), meeting_record, page)


@api.get(
    "/meetings/{pk}",
    response={200: MeetingOut, **ERRORS},
    exclude_none=True,
    url_name="meeting",
    summary="OParl Meeting",
)
def meeting(request, pk: ObjectId):
    return meeting_record(request, get_object_or_404(meetings(), pk=pk))


@api.get(
    "/agenda-items/{pk}",
    response={200: AgendaItemOut, **ERRORS},
    exclude_none=True,
    url_name="agenda_item",
    summary="OParl AgendaItem: an open item with its decisions",
)
def agenda_item(request, pk: ObjectId):
    return agenda_item_record(request, get_object_or_404(agenda_items(), pk=pk))


@api.get(
    "/files/{pk}",
    response={200: FileOut, **ERRORS},
    exclude_none=True,
    url_name="file",
    summary="OParl File: a public attachment of an open item",
)
def file(request, pk: ObjectId):
    return file_record(request, get_object_or_404(files(), pk=pk))


@api.get(
    "/ideas",
    response={200: IdeaList, 422: dict},
    exclude_none=True,
    url_name="ideas",
    summary="The idea catalogue (Samskab extension)",
)
def idea_list(request, page: Query[Changed]):
    return page_of(request, page.changed(ideas(), "updated_at"), idea_record, page)


@api.get(
    "/ideas/{pk}",
    response={200: IdeaOut, **ERRORS},
    exclude_none=True,
    url_name="idea",
    summary="An idea of the catalogue (Samskab extension)",
)
def idea(request, pk: ObjectId):
    return idea_record(request, get_object_or_404(ideas(), pk=pk))


@api.get(
    "/projects",
    response={200: ProjectList, 422: dict},
    exclude_none=True,
    url_name="projects",
    summary="The published innovation projects (Samskab extension)",
)
def project_list(request, page: Query[Changed]):
    return page_of(request, page.changed(projects(), "updated_at"), project_record, page)


@api.get(
    "/projects/{pk}",
    response={200: ProjectOut, **ERRORS},
    exclude_none=True,
    url_name="project",
    summary="A published innovation project (Samskab extension)",
)
def project(request, pk: ObjectId):
    return project_record(request, get_object_or_404(projects(), pk=pk))
