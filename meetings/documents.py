"""The meeting documents: meeting pack (mødemappe), recommendation (indstilling) and minutes
(referat), each one HTML page rendered in one pass by ``innovation.shared.pdf``.

A document is written for an audience, not a person: ``rules.document_reader(meeting,
audience)`` is a member of the meeting's committees (the members' edition) or an anonymous
visitor (the public edition), and every read goes through ``visible_to(reader)``, with the same
contexts (``meetings.contexts``) and partials (``meetings/includes/``) as the pages.

The export machinery uses the builders through ``BUILDERS[name]``: ``get_object(pk)``,
``audience_for(user, obj)``, ``fingerprint(obj, audience, variant)`` (the hash of the HTML and
the attachments' files), ``filename(obj, audience)``, ``title(obj, audience)`` and
``build(obj, *, audience, variant, progress=None, notes=None) -> bytes``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innovation.shared import pdf, permissions
from meetings import contexts, querysets, rules
from meetings.models import AgendaItem, Meeting

ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})
FILENAME_LIMIT = 100
IMAGES = {".png", ".jpg", ".jpeg"}
A4 = (595.28, 841.89)


@dataclass
class Prepared:
    """A document ready to render: its HTML, the PDF files to lay in, the PDF files to render
    to images first, the hashes of every file it includes, and the PDF attachments it reads
    (pk -> (path, title)), which ``build`` checks before rendering."""

    html: str
    inserts: list[pdf.Insert] = field(default_factory=list)
    rasters: list[tuple[Path, str]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    sources: dict[int, tuple[Path, str]] = field(default_factory=dict)


def filename(*words) -> str:
    """An ASCII file name from ``words``, cut at a word boundary."""
    slug = slugify("-".join(str(word) for word in words).translate(ASCII))
    if len(slug) > FILENAME_LIMIT:
        slug = slug[:FILENAME_LIMIT].rsplit("-", 1)[0]
    return f"{slug}.pdf"


class MeetingDocument:
    """What the three documents share: editions, reading, naming and rendering."""

    name = ""
    label = ""
    template = ""

    def get_object(self, pk):
        return Meeting.objects.select_related("committee").get(pk=pk)

    def meeting_of(self, obj) -> Meeting:
        return obj

    def audience_for(self, user, obj) -> str | None:
        return rules.document_audience(user, self.meeting_of(obj))

    def title(self, obj, audience) -> str:
        meeting = self.meeting_of(obj)
        title = _("%(document)s: %(committee)s, meeting %(number)s, %(date)s") % {
            "document": self.label,
            "committee": meeting.committee.name,
            "number": meeting.number,
            "date": _date(meeting),
        }
        if meeting.title:
            title = f"{title} – {meeting.title}"
        return self._edition(title, audience)

    def filename(self, obj, audience) -> str:
        meeting = self.meeting_of(obj)
        return filename(
            self.label, meeting.committee.name, _("meeting"), meeting.number, _edition(audience)
        )

    def fingerprint(self, obj, audience, variant) -> str:
        prepared = self.prepare(obj, audience)
        return pdf.digest(variant, prepared.html, *prepared.files)

    def build(self, obj, *, audience, variant=pdf.ACCESSIBLE, progress=None, notes=None):
        """The PDF. An attachment that passed its upload check but no longer opens (damaged
        on disk) is named in the document as not included, and in ``notes``."""
        prepared = self.prepare(obj, audience)
        failed = {pk for pk, (path, _title) in prepared.sources.items() if not pdf.opens(path)}
        if failed:
            if notes is not None:
                notes.extend(
                    _("The attachment “%(title)s” could not be included.")
                    % {"title": prepared.sources[pk][1]}
                    for pk in sorted(failed)
                )
            prepared = self.prepare(obj, audience, failed=failed)
        if progress:
            progress(1, 10)
        for path, key in prepared.rasters:
            pdf.rasterize(path, key=key)
        if progress:
            progress(2, 10)
        return pdf.render(prepared.html, variant=variant, inserts=prepared.inserts)

    def prepare(self, obj, audience, *, failed=frozenset()) -> Prepared:
        """The document's HTML and what goes into it. ``failed``: attachments (pks) named as
        not included."""
        meeting = self.meeting_of(obj)
        reader = rules.document_reader(meeting, audience)
        meeting = self._read(meeting.pk, reader)
        prepared = Prepared(html="")
        context = self.context(obj, meeting, reader, prepared, failed)
        head = pdf.Head(
            title=self.title(obj, audience),
            author=f"{meeting.committee.name}, {settings.MUNICIPALITY_NAME}",
            subject=f"{self.label}, {permissions.AUDIENCES[audience].lower()}",
            keywords=", ".join([str(self.label), meeting.committee.name, str(meeting)]),
            language=translation.get_language() or settings.LANGUAGE_CODE,
            header=f"{meeting.committee.name} · {_date(meeting)}",
            inserts=tuple(prepared.inserts),
        )
        prepared.html = render_to_string(
            self.template,
            {
                "head": head,
                "print": True,
                "meeting": meeting,
                "municipality": pdf.municipality(),
                "kind": self.label,
                "heading": meeting.committee.name,
                "edition": permissions.AUDIENCES[audience],
                **context,
            },
        )
        return prepared

    def context(self, obj, meeting, reader, prepared, failed) -> dict:
        raise NotImplementedError

    def _read(self, pk, reader):
        try:
            return self.meetings(reader).get(pk=pk)
        except Meeting.DoesNotExist:
            raise pdf.PdfError(_("This edition of the document is not available.")) from None

    def meetings(self, reader):
        return contexts.meetings_with_programme(reader)

    @staticmethod
    def _edition(title, audience):
        if audience == permissions.PUBLIC:
            return f"{title} ({permissions.AUDIENCES[permissions.PUBLIC].lower()})"
        return title


def _date(meeting):
    return date_format(localtime(meeting.starts_at), "DATE_FORMAT")


def _edition(audience):
    return _("public") if audience == permissions.PUBLIC else ""


def _views(items, reader, meeting):
    earlier = contexts.earlier_items(items, reader, before=meeting.starts_at)
    return [contexts.item_view(item, earlier=earlier) for item in items]


class MeetingPack(MeetingDocument):
    """Cover, contents, purposes and programme, every item, and each attachment after its item:
    PDF pages laid in as they are, images (and PDFs that cannot go in as they are) as pages,
    other files named as separate attachments on the agenda."""

    name = "meetings.pack"
    label = gettext_lazy("Meeting pack")
    template = "meetings/pdf/pack.html"

    def context(self, obj, meeting, reader, prepared, failed):
        items = list(contexts.items_of(meeting, reader))
        for item in items:
            item.included_attachments = []
            for attachment in item.attachments.all():
                self._include(item, attachment, prepared, failed)
        return {
            "views": _views(items, reader, meeting),
            "toc_programme": _programme_heading(meeting),
        }

    @staticmethod
    def _include(item, attachment, prepared, failed):
        """Mark how ``attachment`` goes into the pack (``attachment.inclusion``) and give it
        the pages it fills."""
        attachment.inclusion = ""
        if not attachment.file:
            return
        path = Path(settings.MEDIA_ROOT) / attachment.file.name
        suffix = path.suffix.lower()
        attachment.running = _("Attachment to item %(number)s: %(title)s") % {
            "number": item.number,
            "title": attachment.title[:60],
        }
        anchor = f"attachment-{attachment.pk}"
        if suffix not in {".pdf", *IMAGES}:
            attachment.inclusion = "separate"
            return
        readable = suffix != ".pdf" or attachment.page_sizes
        if attachment.pk in failed or not path.is_file() or not readable:
            attachment.inclusion = "failed"
            return
        if suffix == ".pdf":
            prepared.sources[attachment.pk] = (path, attachment.title)
        attachment.inclusion = "included"
        item.included_attachments.append(attachment)
        prepared.files.append(attachment.sha256 or attachment.file.name)
        if suffix in IMAGES:
            attachment.pages = [_image_page(f"{anchor}-1", pdf.media_url(path), A4)]
        elif attachment.fonts_embedded:
            sizes = tuple(tuple(size) for size in attachment.page_sizes)
            insert = pdf.Insert(anchor, path, sizes, title=attachment.title)
            prepared.inserts.append(insert)
            attachment.pages = [
                {"id": anchor_id, "name": name} for anchor_id, name in insert.placeholders
            ]
        else:
            key = attachment.sha256 or str(attachment.pk)
            prepared.rasters.append((path, key))
            folder = pdf.cache_dir() / "raster"
            attachment.pages = [
                _image_page(
                    f"{anchor}-{number}",
                    pdf.media_url(folder / f"{key}-{number}.jpg"),
                    size,
                    named=True,
                )
                for number, size in enumerate(attachment.page_sizes, start=1)
            ]


def _image_page(anchor, url, size, *, named=False):
    margins = pdf.INSERT_TOP_MM + pdf.INSERT_BOTTOM_MM if named else 44
    return {
        "id": anchor,
        "name": pdf.page_name(size) if named else "auto",
        "image": url,
        "height_mm": round(size[1] / pdf.MM - margins),
    }


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
    template = "meetings/pdf/recommendation.html"

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

    def title(self, obj, audience):
        title = _("%(document)s: %(committee)s, meeting %(number)s, item %(item)s: %(title)s") % {
            "document": self.label,
            "committee": obj.meeting.committee.name,
            "number": obj.meeting.number,
            "item": obj.number,
            "title": self._public_title(obj, audience),
        }
        return self._edition(title, audience)

    def filename(self, obj, audience):
        return filename(
            self.label,
            _("item"),
            obj.number,
            self._public_title(obj, audience),
            _edition(audience),
        )

    @staticmethod
    def _public_title(item, audience):
        """Never name a closed item in a public edition, whoever asks."""
        if audience == permissions.PUBLIC and item.is_closed:
            return str(_("Closed item"))
        return item.title

    def context(self, obj, meeting, reader, prepared, failed):
        try:
            item = contexts.items_of(meeting, reader).get(pk=obj.pk)
        except AgendaItem.DoesNotExist:
            item = None
        if item is None or item.access == querysets.CLOSED:
            raise pdf.PdfError(_("This edition of the document is not available."))
        view = _views([item], reader, meeting)[0]
        facts = [(_("Item"), item.number)]
        if item.recommendation_by:
            facts.append((_("Recommended by"), item.recommendation_by))
        if item.recommendation_to:
            facts.append((_("Recommended to"), item.recommendation_to))
        if item.case and view.full:
            facts.append((_("Case no."), item.case))
        return {"view": view, "item": item, "facts": facts}


class Minutes(MeetingDocument):
    """Cover, approval and attendance, then each item's points beside their decisions."""

    name = "meetings.minutes"
    label = gettext_lazy("Minutes")
    template = "meetings/pdf/minutes.html"

    def audience_for(self, user, obj):
        if not obj.has_minutes:
            return None
        return super().audience_for(user, obj)

    def meetings(self, reader):
        return contexts.meetings_with_attendance(reader)

    def context(self, obj, meeting, reader, prepared, failed):
        if not meeting.has_minutes:
            raise pdf.PdfError(_("This edition of the document is not available."))
        return {
            "items": contexts.items_of(meeting, reader),
            **contexts.attendance_context(meeting),
        }


BUILDERS = {builder.name: builder for builder in (MeetingPack(), Recommendation(), Minutes())}
