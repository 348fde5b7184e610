"""The public pages of the idea catalogue: browse and search, an idea, the actor matrix and
the exports, plus support and comments.

Every read goes through ``visible_to(user)`` (``catalogue/querysets.py``) and every write
through ``catalogue/actions.py``; the views add no access rules of their own. Each view serves
its full page and, for HTMX, the partial named after the DOM id it renders.
"""

import csv
import itertools
import json
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.expressions import ArraySubquery
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import OuterRef, Q
from django.http import HttpResponseForbidden, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers
from modeltranslation.utils import build_localized_fieldname
from taggit.models import TaggedItem

from catalogue import actions, querysets
from catalogue.forms import CommentForm, EndorseForm, IdeaFilterForm
from catalogue.models import (
    ActorType,
    Comment,
    Idea,
    IdeaLink,
    IdeaStatusChange,
    MatrixCount,
    Principle,
)
from innovation.shared import htmx, pagecache, submissions
from innovation.shared.forms import PageForm

IDEAS_PER_PAGE = 20
EXPORT_COLUMNS = [
    "id",
    "title",
    "summary",
    "status",
    "welfare_area",
    "actor_types",
    "tags",
    "dis_dimensions",
    "mandate_task",
    "expected_value",
    "effort",
    "principles",
    "endorsements",
    "comments",
    "origin_meeting",
    "origin_group",
    "url",
    "updated_at",
]
# A spreadsheet takes a cell that starts with one of these for a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _ideas(user):
    return Idea.objects.visible_to(user)


def _listed(ideas):
    """What a list row or an export line shows, without a query per idea."""
    return ideas.select_related("welfare_area", "mandate_task").prefetch_related(
        "actor_types", "tags"
    )


FACET_SHOWN = 8


def _facet(field, counts=None):
    """The checkboxes of ``field`` with the number of results for each value (``counts`` by
    primary key for list entries, by value for choices): the first ``FACET_SHOWN`` in ``shown``,
    the rest in ``more`` (behind “show more”, open when one of them is ticked)."""
    choices = []
    for choice in field:
        value = choice.data["value"]
        key = value.instance.pk if hasattr(value, "instance") else value
        choices.append((choice, None if counts is None else counts.get(key, 0)))
    # One or two values more are shown, not hidden behind a link of their own.
    more = choices[FACET_SHOWN:] if len(choices) > FACET_SHOWN + 2 else []
    return {
        "field": field,
        "name": field.name,
        "choices": choices,
        "shown": choices[: len(choices) - len(more)],
        "more": more,
        "open": any(choice.data["selected"] for choice, _count in more),
    }


def _with_dis_labels(ideas):
    """Each idea with ``dis_labels``: its DIS dimensions in the reader's language."""
    ideas = list(ideas)
    for idea in ideas:
        idea.dis_labels = [Idea.Dimension(value).label for value in idea.dis_dimensions]
    return ideas


@vary_on_headers("HX-Request")
@pagecache.for_visitors("ideas", domains=("catalogue", "meetings"))
def index(request):
    """Browse and search the catalogue (and, for the secretariat, ideas in other statuses)."""
    user = request.user
    form = IdeaFilterForm(request.GET or None, user=user)
    listing = form.listing(Idea.objects.visible_to(user))
    page_form = PageForm(request.GET)
    number = page_form.cleaned_data["page"] if page_form.is_valid() else None
    page = listing.page(number, IDEAS_PER_PAGE, _listed)
    page.object_list = _with_dis_labels(page.object_list)
    facets = listing.facets
    context = {
        "form": form,
        "page": page,
        "count": listing.count,
        "estimated": listing.estimated,
        "searched": listing.search is not None,
        "facets": [
            _facet(form["area"], facets["area"]),
            _facet(form["actor"], facets["actor"]),
            _facet(form["dis"], facets["dis"]),
            *([_facet(form["status"], facets["status"])] if "status" in form.fields else []),
        ],
        "tags": _facet(form["tag"]),
    }
    return render(
        request, htmx.template(request, "catalogue/idea_list.html", "idea-results"), context
    )


def _comment_threads(comments):
    """Top-level comments, each with ``thread``: its replies (and replies to them) in order."""
    comments = list(comments)
    by_pk = {comment.pk: comment for comment in comments}
    roots = []
    for comment in comments:
        comment.thread = []
    for comment in comments:
        root = comment
        while root.parent_id and root.parent_id in by_pk:
            root = by_pk[root.parent_id]
        if root is comment:
            # Each reply form has a key of its own (``submissions``: a reply sent twice is
            # made once).
            comment.reply_key = uuid.uuid4()
            roots.append(comment)
        else:
            root.thread.append(comment)
    return roots


# The support form's ids, apart from the comment form's on the same page.
SUPPORT_ID = "id_support_%s"


def _detail_context(request, idea, *, comment_form=None):
    user = request.user
    links = (
        IdeaLink.objects.visible_to(user)
        .filter(Q(from_idea=idea) | Q(to_idea=idea))
        .select_related("from_idea", "to_idea")
    )
    comments = (
        Comment.objects.visible_to(user)
        .filter(idea=idea)
        .select_related("author")
        .order_by("created_at", "pk")
    )
    return {
        "idea": idea,
        "links": [
            {
                "kind": link.get_kind_display(),
                "outgoing": link.from_idea_id == idea.pk,
                "other": link.to_idea if link.from_idea_id == idea.pk else link.from_idea,
            }
            for link in links
        ],
        "threads": _comment_threads(comments),
        "history": IdeaStatusChange.objects.visible_to(user).filter(idea=idea).select_related("by"),
        # The idea's lineage: the innovation projects it grew into (through the relation, so
        # that the catalogue never imports the projects' app).
        "projects": idea.projects.visible_to(user),
        "can_take_part": querysets.can_take_part(user, idea),
        "comment_form": comment_form or CommentForm(idea=idea, user=user),
        "endorse_form": EndorseForm(auto_id=SUPPORT_ID),
    }


def _readable_idea(request, pk):
    user = request.user
    ideas = (
        _ideas(user)
        .with_endorsed_by(user)
        .with_origin(user)
        .select_related("welfare_area", "mandate_task", "submitted_by")
        .prefetch_related("actor_types", "tags", "principles")
    )
    return _with_dis_labels([get_object_or_404(ideas, pk=pk)])[0]


@vary_on_headers("HX-Request")
@pagecache.for_visitors("idea", domains=pagecache.EVERYTHING)
def idea_detail(request, pk):
    idea = _readable_idea(request, pk)
    context = _detail_context(request, idea)
    return render(
        request, htmx.template(request, "catalogue/idea_detail.html", "idea-detail"), context
    )


def _refuse_anonymous(request, idea_pk):
    if request.htmx:
        return HttpResponseForbidden()
    return redirect_to_login(reverse("catalogue:idea", args=[idea_pk]))


@require_POST
def endorse(request, pk):
    """Support an idea, or withdraw one's support (``action=withdraw``). Sent twice (the same
    key), the second answer is the first one's page (``submissions``)."""
    if not request.user.is_authenticated:
        return _refuse_anonymous(request, pk)
    idea = _readable_idea(request, pk)
    form = EndorseForm(request.POST)
    done = {}

    def make():
        try:
            if form.withdraw:
                actions.withdraw_endorsement(idea=idea, user=request.user)
                done["message"] = _("You no longer support this idea.")
            else:
                actions.endorse(idea=idea, user=request.user)
                done["message"] = _("Thank you for your support.")
        except actions.ActionError as error:
            done["error"] = str(error)
            return None
        return reverse("catalogue:idea", args=[idea.pk]) + "#idea-support"

    if form.is_valid():
        url, made = submissions.once(key=submissions.key_of(form), user=request.user, make=make)
        if url and not made:
            done["message"] = str(submissions.ALREADY_SENT)
    else:
        url, done["error"] = None, _("Choose to support the idea or to withdraw your support.")
    if url:
        message, level, status = done["message"], messages.SUCCESS, 200
    else:
        message, level, status = done["error"], messages.ERROR, htmx.INVALID
    if not request.htmx:
        messages.add_message(request, level, message)
        return redirect(reverse("catalogue:idea", args=[idea.pk]) + "#idea-support")
    idea = _readable_idea(request, pk)
    context = {
        "idea": idea,
        "can_take_part": querysets.can_take_part(request.user, idea),
        "support_message": message,
        "support_error": level == messages.ERROR,
        "endorse_form": EndorseForm(auto_id=SUPPORT_ID),  # a new key for the next press
    }
    return render(request, "catalogue/idea_detail.html#idea-support", context, status=status)


@require_POST
def comment(request, pk):
    """Comment on an idea, or reply to a comment (``parent``). Sent twice (the same key), the
    comment is made once and the second answer is the first one's page (``submissions``)."""
    if not request.user.is_authenticated:
        return _refuse_anonymous(request, pk)
    idea = _readable_idea(request, pk)
    form = CommentForm(request.POST, idea=idea, user=request.user)
    url = made = None
    if form.is_valid():

        def make():
            try:
                actions.comment(
                    idea=idea,
                    author=request.user,
                    text=form.cleaned_data["text"],
                    parent=form.cleaned_data.get("parent"),
                )
            except actions.ActionError as error:
                form.add_error("text", str(error))
                return None
            return reverse("catalogue:idea", args=[idea.pk]) + "#idea-comments"

        url, made = submissions.once(key=submissions.key_of(form), user=request.user, make=make)
    if url:
        if not request.htmx:
            messages.success(
                request, _("Your comment is published.") if made else submissions.ALREADY_SENT
            )
            return redirect(url)
        idea = _readable_idea(request, pk)
        context = _detail_context(request, idea)
        context["comment_saved"] = True
        return render(request, "catalogue/idea_detail.html#idea-comments", context)
    context = _detail_context(request, idea, comment_form=form)
    template = (
        "catalogue/idea_detail.html#idea-comments" if request.htmx else "catalogue/idea_detail.html"
    )
    return render(request, template, context, status=htmx.INVALID)


@vary_on_headers("HX-Request")
def matrix(request):
    """Actor types × welfare areas: how many ideas in the catalogue involve each pair, from the
    stored counts (``MatrixCount``); the table is cached per audience too
    (``innovation/shared/pagecache.py``: every write raises the version, so never stale)."""

    def make():
        # The catalogue's ideas (published, selected, parked) are the same for every reader.
        context = MatrixCount.objects.matrix()
        return render_to_string("catalogue/includes/matrix.html#matrix-table", context, request)

    context = {
        "matrix_table": pagecache.fragment(
            "idea-matrix",
            pagecache.audience(request.user),
            render=make,
            domains=("catalogue",),
        )
    }
    return render(request, htmx.template(request, "catalogue/matrix.html", "idea-matrix"), context)


EXPORT_CHUNK_SIZE = 500
"""Ideas fetched per round trip while an export streams (one query, a server-side cursor):
memory stays bounded whatever the number of ideas."""


def _names(model, **lookups):
    """The Danish (default language) names of the list entries matching ``lookups`` for the
    idea in the outer query, in the list's order, as one array column."""
    name = build_localized_fieldname("name", settings.LANGUAGE_CODE)
    return ArraySubquery(model.objects.filter(**lookups).order_by("order", name).values(name))


def _export_rows(request):
    """The filtered ideas as export rows (``EXPORT_COLUMNS``), read a chunk at a time as the
    response is sent, in the site's default language whatever the page's language (names of
    list entries, links, meeting titles), so that an export is the same file from ``/en/``.
    The filter is read now, with the request; the rows when they are sent. The lists come as
    array columns of the one query (a prefetch costs about a millisecond per idea and list)."""
    form = IdeaFilterForm(request.GET or None, user=request.user)
    tags = TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Idea), object_id=OuterRef("pk")
    ).values("tag__name")
    ideas = (
        form.filter(_ideas(request.user))
        .select_related("welfare_area", "mandate_task")
        .with_origin(request.user)
        .annotate(
            actor_names=_names(ActorType, ideas=OuterRef("pk")),
            principle_names=_names(Principle, ideas=OuterRef("pk")),
            tag_names=ArraySubquery(tags),
        )
    )
    return _rows_of(request, ideas)


def _rows_of(request, ideas):
    with translation.override(settings.LANGUAGE_CODE):
        for idea in ideas.iterator(chunk_size=EXPORT_CHUNK_SIZE):
            yield _export_row(request, idea)


def _export_row(request, idea):
    origin = idea.origin
    return {
        "id": idea.pk,
        "title": idea.title,
        "summary": idea.summary,
        "status": idea.status,
        "welfare_area": idea.welfare_area.name if idea.welfare_area else "",
        "actor_types": idea.actor_names,
        "tags": sorted(idea.tag_names),
        "dis_dimensions": list(idea.dis_dimensions),
        "mandate_task": idea.mandate_task.title if idea.mandate_task else "",
        "expected_value": idea.expected_value,
        "effort": idea.effort,
        "principles": idea.principle_names,
        "endorsements": idea.endorsement_count,
        "comments": idea.comment_count,
        "origin_meeting": str(origin.meeting) if origin else "",
        "origin_group": origin.name if origin else "",
        "url": request.build_absolute_uri(reverse("catalogue:idea", args=[idea.pk])),
        "updated_at": idea.updated_at.isoformat(),
    }


def _in_chunks(parts):
    """``parts`` (strings) joined into one piece per ``EXPORT_CHUNK_SIZE``: a write to the
    client per chunk of ideas, not per line."""
    for chunk in itertools.batched(parts, EXPORT_CHUNK_SIZE):
        yield "".join(chunk)


def _streamed(parts, *, content_type, disposition):
    response = StreamingHttpResponse(_in_chunks(parts), content_type=content_type)
    response["Content-Disposition"] = disposition
    return response


def export_csv(request):
    """The filtered ideas as CSV: UTF-8 with a byte order mark and ``;`` between fields, so
    that Excel set up for Danish opens it with æ, ø and å intact. Lists (actor types, tags,
    DIS dimensions, principles) are joined with ``, ``; a cell a spreadsheet would take for a
    formula starts with ``'``. Columns: ``EXPORT_COLUMNS``. Streamed: the whole catalogue
    goes out a chunk at a time, in bounded memory."""
    return _streamed(
        _csv_lines(_export_rows(request)),
        content_type="text/csv; charset=utf-8",
        disposition='attachment; filename="idekatalog.csv"',
    )


class _Echo:
    """A file-like object whose ``write`` returns the line: Django's way of streaming CSV."""

    def write(self, value):
        return value


def _csv_lines(rows):
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        yield writer.writerow(_csv_cell(row[column]) for column in EXPORT_COLUMNS)


def _csv_cell(value):
    """One CSV cell: a list joined with ``, ``; text that a spreadsheet would run as a formula
    gets a leading single quote, as OWASP recommends, and is shown as the text it is."""
    if isinstance(value, list):
        value = ", ".join(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_json(request):
    """The filtered ideas as JSON: ``{"ideas": [{column: value}, …], "count": n}``, lists as
    arrays. Columns: ``EXPORT_COLUMNS``. Streamed like the CSV; ``count`` comes last, as the
    number of ideas sent."""
    return _streamed(
        _json_parts(_export_rows(request)),
        content_type="application/json; charset=utf-8",
        disposition='inline; filename="idekatalog.json"',
    )


def _json_parts(rows):
    count = 0
    yield '{"ideas": ['
    for row in rows:
        row = json.dumps(row, cls=DjangoJSONEncoder, ensure_ascii=False)
        yield ("," if count else "") + "\n  " + row
        count += 1
    yield f'\n], "count": {count}}}\n'
