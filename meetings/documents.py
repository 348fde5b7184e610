"""The meeting documents: meeting pack (mødemappe), recommendation (indstilling) and minutes
(referat), built on the one PDF pipeline in ``innovation/pdf.py``.

Each builder reads only through ``MeetingDocument.reader(meeting, audience)`` and the ``visible_to``
QuerySets, so the public edition cannot contain closed content. Every agenda item is its own
``HtmlPart`` (a complete HTML document), so re-exporting after a change renders one item again.

The export machinery uses the builders through ``BUILDERS[name]``: ``get_object(pk)``,
``audience_for(user, obj)``, ``fingerprint(obj, audience, variant)``, ``filename(obj, audience)``,
``title(obj, audience)`` and ``build(obj, audience=…, variant=…, progress=…, stats=…)``.
"""

from __future__ import annotations

import functools
import os
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import F, Prefetch
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innovation import pdf, permissions
from meetings import querysets
from meetings.models import (
    AgendaItem,
    Attachment,
    Attendance,
    Committee,
    ConflictOfInterest,
    ItemSection,
    Meeting,
    Membership,
    ProgrammeItem,
    RecommendationPoint,
    WorkshopGroup,
)

APP_DIR = Path(__file__).resolve().parent
PRINT_CSS = Path(settings.BASE_DIR) / "static" / "css" / "print.css"
# What the documents are made of besides the data: a change here changes every fingerprint.
TEMPLATE_FILES = (
    APP_DIR / "templates" / "meetings" / "item_detail.html",
    APP_DIR / "templates" / "meetings" / "minutes.html",
    APP_DIR / "templates" / "meetings" / "includes" / "meeting.html",
    Path(settings.BASE_DIR) / "templates" / "pdf" / "stamps.html",
    PRINT_CSS,
)
ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


@functools.cache
def _assets_digest() -> str:
    """Templates, stylesheet, translations and pipeline version, hashed once per process."""
    files = [*TEMPLATE_FILES, *sorted((APP_DIR / "templates" / "meetings" / "pdf").rglob("*"))]
    for locale in settings.LOCALE_PATHS:
        files.extend(sorted(Path(locale).rglob("*.mo")))
    pieces = [pdf.PIPELINE_VERSION]
    for path in files:
        if path.is_file():
            pieces += [str(path), path.read_bytes()]
    return pdf.digest(*pieces)


def _ascii_slug(text: str) -> str:
    return slugify(str(text).translate(ASCII))


def _rows(queryset, *fields) -> str:
    return repr(list(queryset.values_list(*fields)))


def _file_facts(name: str) -> tuple:
    """Name, size and modification time of a stored file (None when it is missing)."""
    if not name:
        return (name, None, None)
    try:
        stat = os.stat(Path(settings.MEDIA_ROOT) / name)
    except OSError:
        return (name, None, None)
    return (name, stat.st_size, stat.st_mtime_ns)


def _meeting_digest(meeting_id: int, reader, items) -> list[str]:
    """What the meeting documents show of a meeting and the given items, as hashable text.

    ``items`` is a ``visible_to(reader)`` QuerySet; the parts of the items are read through
    their own ``visible_to(reader)``, so each edition hashes what it shows."""
    person = (
        "membership__name",
        "membership__organisation",
        "membership__user__first_name",
        "membership__user__last_name",
        "membership__user__username",
    )
    item_rows = list(
        items.order_by("number", "pk").values_list(
            "pk",
            "number",
            "title",
            "is_closed",
            "recommendation_by",
            "recommendation_to",
            "decision",
            "decision_is_open",
            "decided_on",
            "case_id",
            "case__reference",
            "case__title",
            "access",
            "show_closed_title",
        )
    )
    item_ids = [row[0] for row in item_rows]
    case_ids = sorted({row[9] for row in item_rows if row[9]})
    attachment_rows = (
        Attachment.objects.visible_to(reader)
        .filter(item_id__in=item_ids)
        .order_by("item_id", "order", "pk")
        .values_list("item_id", "pk", "title", "is_closed", "file")
    )
    earlier = []
    if case_ids:
        earlier = (
            AgendaItem.objects.visible_to(reader)
            .filter(
                case_id__in=case_ids,
                meeting__starts_at__lt=Meeting.objects.filter(pk=meeting_id).values("starts_at"),
            )
            .order_by("pk")
            .values_list(
                "pk",
                "case_id",
                "number",
                "title",
                "decision",
                "decision_is_open",
                "access",
                "show_closed_title",
                "meeting__starts_at",
                "meeting__committee__short_name",
                "meeting__committee__name",
            )
        )
    full_ids = [row[0] for row in item_rows if row[12] == querysets.FULL]
    return [
        _rows(
            Meeting.objects.filter(pk=meeting_id),
            "number",
            "title",
            "kind",
            "starts_at",
            "ends_at",
            "place",
            "purposes",
            "state",
            "approved_at",
            "committee__name",
            "committee__short_name",
            "committee__slug",
            "committee__public_access",
            "committee__show_closed_titles",
        ),
        _rows(
            Committee.objects.filter(co_hosted_meetings=meeting_id).order_by("pk"), "name", "slug"
        ),
        repr(item_rows),
        _rows(
            ItemSection.objects.visible_to(reader)
            .filter(item_id__in=item_ids)
            .order_by("item_id", "order", "pk"),
            "item_id",
            "pk",
            "key",
            "heading",
            "text",
        ),
        _rows(
            RecommendationPoint.objects.visible_to(reader)
            .filter(item_id__in=item_ids)
            .order_by("item_id", "order", "pk"),
            "item_id",
            "pk",
            "text",
            "outcome",
            "decision_text",
        ),
        repr([(*row[:-1], *_file_facts(row[-1])) for row in attachment_rows]),
        repr(list(earlier)),
        # Conflicts are shown with the items the reader may read in full.
        _rows(
            ConflictOfInterest.objects.filter(item_id__in=full_ids).order_by("item_id", "pk"),
            "item_id",
            "note",
            *person,
        ),
    ]


class MeetingDocument:
    """What the three documents share: editions, naming, reading and assembly."""

    name = ""
    label = ""
    model = Meeting
    template_kind = ""

    def get_object(self, pk):
        return self.model.objects.get(pk=pk)

    def meeting_of(self, obj) -> Meeting:
        return obj

    def audience_for(self, user, obj) -> str | None:
        meeting = self.meeting_of(obj)
        if not Meeting.objects.visible_to(user).filter(pk=meeting.pk).exists():
            return None
        return querysets.audience_for(user, meeting)

    def reader(self, meeting, audience):
        """Whose view the edition shows: the members' edition reads as a member of the
        meeting's committees (lead and co-hosts), never as the secretariat; the public edition
        reads as an anonymous visitor."""
        if audience != permissions.MEMBERS:
            return AnonymousUser()
        committees = [meeting.committee_id, *meeting.co_hosts.values_list("pk", flat=True)]
        return permissions.CommitteeReader(committees, previews=[meeting.pk])

    def fingerprint(self, obj, audience, variant) -> str:
        meeting = self.meeting_of(obj)
        reader = self.reader(meeting, audience)
        return pdf.digest(
            _assets_digest(),
            self.name,
            translation.get_language() or "",
            audience,
            variant,
            settings.MUNICIPALITY_NAME,
            *_meeting_digest(meeting.pk, reader, self.items_for_digest(obj, reader)),
            *self.extra_digest(obj),
        )

    def items_for_digest(self, obj, reader):
        return AgendaItem.objects.visible_to(reader).filter(meeting=obj)

    def extra_digest(self, obj) -> list[str]:
        return []

    def title(self, obj, audience) -> str:
        meeting = self.meeting_of(obj)
        title = _("%(document)s: %(committee)s, meeting %(number)s") % {
            "document": self.label,
            "committee": meeting.committee.name,
            "number": meeting.number,
        }
        if meeting.title:
            title = f"{title}: {meeting.title}"
        return self._edition_suffix(title, audience)

    # --- helpers ------------------------------------------------------------------------

    @staticmethod
    def _edition_suffix(title, audience):
        if audience == permissions.PUBLIC:
            return f"{title} ({permissions.AUDIENCES[permissions.PUBLIC].lower()})"
        return title

    @staticmethod
    def _filename(stem, audience):
        if audience == permissions.PUBLIC:
            stem = f"{stem}-{_('public')}"
        return f"{_ascii_slug(stem)[:120].strip('-')}.pdf"

    @staticmethod
    def _read_meeting(meeting_pk, reader, *prefetch):
        meetings = (
            Meeting.objects.visible_to(reader)
            .select_related("committee")
            .prefetch_related("co_hosts", *prefetch)
        )
        try:
            return meetings.get(pk=meeting_pk)
        except Meeting.DoesNotExist:
            raise pdf.PdfError(_("This edition of the document is not available.")) from None

    @staticmethod
    def _items(meeting, reader):
        return (
            AgendaItem.objects.filter(meeting=meeting)
            .with_content(reader)
            .select_related("case")
            .prefetch_related(
                Prefetch(
                    "conflicts",
                    queryset=ConflictOfInterest.objects.select_related("membership__user"),
                )
            )
        )

    @staticmethod
    def _earlier_items(meeting, items, reader) -> dict[int, list[AgendaItem]]:
        """Earlier items on the cases of ``items`` that the reader may see, newest first."""
        case_ids = {item.case_id for item in items if item.case_id}
        earlier = defaultdict(list)
        if case_ids:
            for found in (
                AgendaItem.objects.visible_to(reader)
                .filter(case_id__in=case_ids, meeting__starts_at__lt=meeting.starts_at)
                # A closed item's case is scrubbed for readers outside its committee; it is
                # still listed (as “Lukket punkt”) under the case it was found on.
                .annotate(found_on_case=F("case_id"))
                .select_related("meeting__committee")
                .order_by("-meeting__starts_at", "-number")
            ):
                earlier[found.found_on_case].append(found)
        return earlier

    def _context(self, meeting, audience, **extra):
        return {
            "meeting": meeting,
            "municipality": settings.MUNICIPALITY_NAME,
            "edition": permissions.AUDIENCES[audience],
            **extra,
        }

    def _item_context(self, item, meeting, audience, earlier, included=frozenset()):
        full = item.access == querysets.FULL
        sections = list(item.sections.all())
        keys = {section.key for section in sections}
        return self._context(
            meeting,
            audience,
            document_title=self._item_label(item),
            item=item,
            level=2,
            sublevel=3,
            full=full,
            sections=sections,
            has_recommendation_section=ItemSection.Key.RECOMMENDATION in keys,
            has_previous_decisions_section=ItemSection.Key.PREVIOUS_DECISIONS in keys,
            earlier_items=earlier.get(item.case_id, []) if full else [],
            conflicts=list(item.conflicts.all()) if full else [],
            included=included,
        )

    @staticmethod
    def _item_label(item):
        return f"{item.number}. {item.display_title}"

    @staticmethod
    def _header(meeting, item=None):
        if item is None:
            return _("%(committee)s, meeting %(number)s") % {
                "committee": meeting.committee.display_name,
                "number": meeting.number,
            }
        return _("%(committee)s, meeting %(number)s – item %(item)s") % {
            "committee": meeting.committee.display_name,
            "number": meeting.number,
            "item": item.number,
        }

    def _meta(self, obj, meeting, audience):
        return pdf.Meta(
            title=self.title(obj, audience),
            author=f"{meeting.committee.name}, {settings.MUNICIPALITY_NAME}",
            subject=f"{self.label}, {permissions.AUDIENCES[audience].lower()}",
            lang=translation.get_language() or settings.LANGUAGE_CODE,
            keywords=(str(self.label), meeting.committee.name, str(meeting)),
        )

    @staticmethod
    def _toc(entries):
        """Nest the pipeline's flat entries: attachments under their item."""
        toc = []
        for entry in entries:
            row = {"title": entry.title, "page": entry.page, "children": []}
            if entry.level > 1 and toc:
                toc[-1]["children"].append(row)
            else:
                toc.append(row)
        return toc


def _state_label(meeting):
    return {
        Meeting.State.DRAFT: _("Agenda (draft)"),
        Meeting.State.PUBLISHED: _("Agenda"),
        Meeting.State.HELD: _("Minutes"),
        Meeting.State.APPROVED: _("Approved minutes"),
    }[meeting.state]


def _is_included(attachment) -> bool:
    if not attachment.file or not attachment.file.name.lower().endswith(".pdf"):
        return False
    return (Path(settings.MEDIA_ROOT) / attachment.file.name).is_file()


class MeetingPack(MeetingDocument):
    """Cover, contents, purposes and programme, every item, and PDF attachments after their item."""

    name = "meetings.pack"
    label = gettext_lazy("Meeting pack")

    def extra_digest(self, obj):
        meeting_id = obj.pk
        return [
            _rows(
                ProgrammeItem.objects.filter(meeting_id=meeting_id).order_by(
                    "order", "pk", "speakers__name", "speakers__pk"
                ),
                "pk",
                "kind",
                "title",
                "description",
                "starts_at",
                "ends_at",
                "speakers__name",
                "speakers__title",
                "speakers__organisation",
            ),
            _rows(
                WorkshopGroup.objects.filter(meeting_id=meeting_id).order_by(
                    "order", "pk", "members__order", "members__pk"
                ),
                "pk",
                "name",
                "audience",
                "question",
                "result",
                "other_participants",
                "members__name",
                "members__user__first_name",
                "members__user__last_name",
                "members__user__username",
            ),
        ]

    def filename(self, obj, audience):
        stem = _("meeting-pack-%(committee)s-meeting-%(number)s") % {
            "committee": obj.committee.slug,
            "number": obj.number,
        }
        return self._filename(stem, audience)

    def build(self, obj, *, audience, variant=pdf.ACCESSIBLE, progress=None, stats=None):
        reader = self.reader(obj, audience)
        meeting = self._read_meeting(
            obj.pk,
            reader,
            Prefetch("programme", queryset=ProgrammeItem.objects.prefetch_related("speakers")),
            Prefetch(
                "workshop_groups",
                queryset=WorkshopGroup.objects.prefetch_related(
                    Prefetch("members", queryset=Membership.objects.select_related("user"))
                ),
            ),
        )
        items = list(self._items(meeting, reader))
        earlier = self._earlier_items(meeting, items, reader)
        parts = []
        programme_heading = self._programme_heading(meeting)
        if programme_heading:
            html = render_to_string(
                "meetings/pdf/programme.html",
                self._context(
                    meeting, audience, document_title=programme_heading, heading=programme_heading
                ),
            )
            parts.append(
                pdf.HtmlPart(html, bookmark=programme_heading, header=self._header(meeting))
            )
        for item in items:
            files = [a for a in item.attachments.all() if _is_included(a)]
            context = self._item_context(
                item, meeting, audience, earlier, included={a.pk for a in files}
            )
            parts.append(
                pdf.HtmlPart(
                    render_to_string("meetings/pdf/item.html", context),
                    bookmark=self._item_label(item),
                    header=self._header(meeting, item),
                )
            )
            for attachment in files:
                parts.append(
                    pdf.FilePart(
                        Path(settings.MEDIA_ROOT) / attachment.file.name,
                        bookmark=_("Attachment: %(title)s") % {"title": attachment.title},
                        header=_("Item %(number)s. %(title)s – Attachment: %(attachment)s")
                        % {
                            "number": item.number,
                            "title": item.display_title,
                            "attachment": attachment.title,
                        },
                    )
                )

        cover = self._context(
            meeting,
            audience,
            document_title=self.title(meeting, audience),
            kind=_state_label(meeting),
            heading=meeting.committee.name,
            subheading=meeting,
        )

        def front(entries):
            context = {**cover, "toc": self._toc(entries)}
            return render_to_string("meetings/pdf/pack_front.html", context)

        return pdf.build(
            parts=parts,
            front=front,
            meta=self._meta(meeting, meeting, audience),
            variant=variant,
            progress=progress,
            stats=stats,
        )

    @staticmethod
    def _programme_heading(meeting):
        has_programme = bool(meeting.programme.all() or meeting.workshop_groups.all())
        if meeting.purpose_list and has_programme:
            return _("Purposes and programme")
        if has_programme:
            return _("Programme")
        if meeting.purpose_list:
            return _("Purposes")
        return ""


class Recommendation(MeetingDocument):
    """One item's recommendation: a cover with who recommends what to whom, then the item."""

    name = "meetings.recommendation"
    label = gettext_lazy("Recommendation")
    model = AgendaItem

    def get_object(self, pk):
        return AgendaItem.objects.select_related("meeting__committee").get(pk=pk)

    def meeting_of(self, obj):
        return obj.meeting

    def audience_for(self, user, obj):
        if not AgendaItem.objects.visible_to(user).filter(pk=obj.pk).exists():
            return None
        audience = super().audience_for(user, obj)
        if audience == permissions.PUBLIC and obj.is_closed:
            return None
        return audience

    def items_for_digest(self, obj, reader):
        return AgendaItem.objects.visible_to(reader).filter(pk=obj.pk)

    def title(self, obj, audience):
        title = _("%(document)s: %(committee)s, meeting %(number)s, item %(item)s: %(title)s") % {
            "document": self.label,
            "committee": obj.meeting.committee.name,
            "number": obj.meeting.number,
            "item": obj.number,
            "title": self._public_title(obj, audience),
        }
        return self._edition_suffix(title, audience)

    def filename(self, obj, audience):
        stem = _("recommendation-item-%(number)s-%(title)s") % {
            "number": obj.number,
            "title": _ascii_slug(self._public_title(obj, audience))[:60],
        }
        return self._filename(stem, audience)

    @staticmethod
    def _public_title(item, audience):
        """Never name a closed item in a public edition, whoever asks."""
        if audience == permissions.PUBLIC and item.is_closed:
            return str(_("Closed item"))
        return item.title

    def build(self, obj, *, audience, variant=pdf.ACCESSIBLE, progress=None, stats=None):
        reader = self.reader(obj.meeting, audience)
        meeting = self._read_meeting(obj.meeting_id, reader)
        try:
            item = self._items(meeting, reader).get(pk=obj.pk)
        except AgendaItem.DoesNotExist:
            raise pdf.PdfError(_("This edition of the document is not available.")) from None
        if item.access == querysets.CLOSED:
            raise pdf.PdfError(_("This edition of the document is not available."))
        earlier = self._earlier_items(meeting, [item], reader)
        context = self._item_context(item, meeting, audience, earlier)
        part = pdf.HtmlPart(
            render_to_string("meetings/pdf/item.html", context),
            bookmark=self._item_label(item),
            header=self._header(meeting, item),
        )
        facts = [(_("Item"), item.number)]
        if item.recommendation_by:
            facts.append((_("Recommended by"), item.recommendation_by))
        if item.recommendation_to:
            facts.append((_("Recommended to"), item.recommendation_to))
        if item.case and item.access == querysets.FULL:
            facts.append((_("Case"), item.case))
        cover = self._context(
            meeting,
            audience,
            document_title=self.title(obj, audience),
            kind=self.label,
            heading=self._item_label(item),
            extra_facts=facts,
        )
        return pdf.build(
            parts=[part],
            front=lambda entries: render_to_string("meetings/pdf/recommendation_front.html", cover),
            meta=self._meta(obj, meeting, audience),
            variant=variant,
            progress=progress,
            stats=stats,
        )


class Minutes(MeetingDocument):
    """Meeting facts, approval and attendance, then each item's points beside their decisions."""

    name = "meetings.minutes"
    label = gettext_lazy("Minutes")

    def audience_for(self, user, obj):
        if not obj.has_minutes:
            return None
        return super().audience_for(user, obj)

    def extra_digest(self, obj):
        return [
            _rows(
                Attendance.objects.filter(meeting_id=obj.pk).order_by(
                    "membership__order", "membership__pk"
                ),
                "status",
                "substitute",
                "membership__name",
                "membership__organisation",
                "membership__user__first_name",
                "membership__user__last_name",
                "membership__user__username",
            )
        ]

    def filename(self, obj, audience):
        stem = _("minutes-%(committee)s-meeting-%(number)s") % {
            "committee": obj.committee.slug,
            "number": obj.number,
        }
        return self._filename(stem, audience)

    def build(self, obj, *, audience, variant=pdf.ACCESSIBLE, progress=None, stats=None):
        reader = self.reader(obj, audience)
        meeting = self._read_meeting(
            obj.pk,
            reader,
            Prefetch("attendance", queryset=Attendance.objects.select_related("membership__user")),
        )
        if not meeting.has_minutes:
            raise pdf.PdfError(_("This edition of the document is not available."))
        parts = []
        for item in self._items(meeting, reader):
            context = self._item_context(item, meeting, audience, earlier={})
            parts.append(
                pdf.HtmlPart(
                    render_to_string("meetings/pdf/minutes_item.html", context),
                    bookmark=self._item_label(item),
                    header=self._header(meeting, item),
                )
            )
        attendance = list(meeting.attendance.all())
        cover = self._context(
            meeting,
            audience,
            document_title=self.title(meeting, audience),
            kind=_state_label(meeting),
            heading=meeting.committee.name,
            subheading=meeting,
            present=[a for a in attendance if a.status == Attendance.Status.PRESENT],
            apologies=[a for a in attendance if a.status == Attendance.Status.APOLOGIES],
            absent=[a for a in attendance if a.status == Attendance.Status.ABSENT],
        )

        def front(entries):
            context = {**cover, "toc": self._toc(entries)}
            return render_to_string("meetings/pdf/minutes_front.html", context)

        return pdf.build(
            parts=parts,
            front=front,
            meta=self._meta(meeting, meeting, audience),
            variant=variant,
            progress=progress,
            stats=stats,
        )


BUILDERS = {builder.name: builder for builder in (MeetingPack(), Recommendation(), Minutes())}
