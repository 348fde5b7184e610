"""The idea catalogue as a document (idékatalog), built on the one PDF pipeline in
``innovation/pdf.py``.

The document is public: it is read through ``Idea.objects.visible_to(AnonymousUser())
.published()`` only, so drafts, ideas being curated, rejected ideas and internal notes can never
be in it, whoever asks. Its object is an ``Edition`` (numbered, published by the secretariat) or,
for ``pk == 0``, the current draft (``DRAFT``), which is marked “Udkast” on the cover and on every
page.

Parts: the actor matrix (actor types × welfare areas), then one part per welfare area with its
ideas, so re-exporting after a change to one area renders that part again.
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from catalogue.models import ActorType, Edition, Idea, Principle, WelfareArea
from innovation import pdf, permissions

APP_DIR = Path(__file__).resolve().parent
PDF_TEMPLATES = APP_DIR / "templates" / "catalogue" / "pdf"
# What the document is made of besides the data: a change here changes every fingerprint.
TEMPLATE_FILES = (
    Path(settings.BASE_DIR) / "templates" / "pdf" / "stamps.html",
    Path(settings.BASE_DIR) / "static" / "css" / "print.css",
)
# “Udkast”: the draft of the document, not an idea's draft status (“Kladde”).
DRAFT_WORD = pgettext_lazy("catalogue edition", "Draft")
IDEA_FIELDS = (
    "pk",
    "title",
    "summary",
    "status",
    "welfare_area_id",
    "dis_dimensions",
    "endorsement_count",
)


@dataclass(frozen=True)
class DraftEdition:
    """The catalogue as it stands, not yet published as an edition (object id 0)."""

    pk: int = 0
    number: None = None
    published_at: datetime | None = None
    note: str = ""
    is_draft: bool = True

    def __str__(self):
        return str(DRAFT_WORD)


DRAFT = DraftEdition()


@functools.cache
def _assets_digest() -> str:
    """Templates, stylesheet, translations and pipeline version, hashed once per process."""
    files = [*TEMPLATE_FILES, *sorted(PDF_TEMPLATES.rglob("*"))]
    for locale in settings.LOCALE_PATHS:
        files.extend(sorted(Path(locale).rglob("*.mo")))
    pieces = [pdf.PIPELINE_VERSION]
    for path in files:
        if path.is_file():
            pieces += [str(path), path.read_bytes()]
    return pdf.digest(*pieces)


def catalogue_ideas():
    """The ideas in the catalogue, as the public reads them: nothing else is ever printed."""
    return Idea.objects.visible_to(AnonymousUser()).published()


def _rows(queryset, *fields) -> str:
    return repr(list(queryset.values_list(*fields)))


def matrix(ideas=None) -> dict:
    """Actor types × welfare areas: how many catalogue ideas involve each pair, with totals
    (an idea with several actor types counts once in each row; totals count each idea once)."""
    ideas = catalogue_ideas() if ideas is None else ideas
    rows = (
        Idea.actor_types.through.objects.filter(idea__in=ideas.values("pk"))
        .order_by()
        .values_list("actortype", "idea__welfare_area")
        .annotate(n=Count("idea"))
    )
    cells = {(actor, area): n for actor, area, n in rows}
    area_totals = dict(ideas.order_by().values_list("welfare_area").annotate(n=Count("pk")))
    actor_totals = dict(
        Idea.actor_types.through.objects.filter(idea__in=ideas.values("pk"))
        .order_by()
        .values_list("actortype")
        .annotate(n=Count("idea", distinct=True))
    )
    areas = list(WelfareArea.objects.all())
    table = [
        {
            "actor": actor,
            "cells": [cells.get((actor.pk, area.pk), 0) for area in areas],
            "total": actor_totals.get(actor.pk, 0),
        }
        for actor in ActorType.objects.all()
    ]
    return {
        "areas": [{"area": area, "total": area_totals.get(area.pk, 0)} for area in areas],
        "table": table,
        "total": sum(area_totals.values()),
    }


def snapshot() -> dict:
    """The catalogue as the public reads it now, as plain data: what an edition keeps."""
    ideas = (
        catalogue_ideas()
        .with_counts()
        .select_related("welfare_area")
        .prefetch_related("actor_types", "principles", "tags")
        .order_by("welfare_area__order", "welfare_area__pk", "title", "pk")
    )
    table = matrix()
    return {
        "ideas": [
            {
                "title": idea.title,
                "summary": idea.summary,
                "status": idea.status,
                "area": idea.welfare_area.names() if idea.welfare_area else None,
                "actors": [actor.names() for actor in idea.actor_types.all()],
                "dimensions": list(idea.dis_dimensions),
                "principles": [principle.names() for principle in idea.principles.all()],
                "tags": sorted(tag.name for tag in idea.tags.all()),
                "endorsements": idea.endorsement_count,
            }
            for idea in ideas
        ],
        "matrix": {
            "areas": [
                {"name": column["area"].names(), "total": column["total"]}
                for column in table["areas"]
            ],
            "table": [
                {"actor": row["actor"].names(), "cells": row["cells"], "total": row["total"]}
                for row in table["table"]
            ],
            "total": table["total"],
        },
    }


def _in_language(name):
    """A list entry's name as an edition keeps it, in the active language: a snapshot keeps
    every language's name (``Term.names``); editions published before kept one, as a string."""
    if isinstance(name, dict):
        return name.get(translation.get_language()) or name.get(settings.LANGUAGE_CODE)
    return name


def _matrix_in_language(content) -> dict:
    matrix = content.get("matrix", {})
    return {
        **matrix,
        "areas": [{**area, "name": _in_language(area["name"])} for area in matrix.get("areas", [])],
        "table": [{**row, "actor": _in_language(row["actor"])} for row in matrix.get("table", [])],
    }


class CatalogueDocument:
    """The idea catalogue: cover and contents, the actor matrix, one part per welfare area."""

    name = "catalogue.pdf"
    label = gettext_lazy("Idea catalogue")

    def get_object(self, pk):
        if int(pk) == 0:
            return DRAFT
        return Edition.objects.get(pk=pk)

    def audience_for(self, user, obj) -> str:
        # The content is public (catalogue_ideas); everyone gets the one public edition.
        return permissions.PUBLIC

    def fingerprint(self, obj, audience, variant) -> str:
        if obj.number is not None:
            return pdf.digest(
                _assets_digest(),
                self.name,
                translation.get_language() or "",
                audience,
                variant,
                settings.MUNICIPALITY_NAME,
                repr((obj.pk, obj.number, obj.published_at, obj.note)),
                json.dumps(obj.snapshot, sort_keys=True),
            )
        ideas = catalogue_ideas()
        ids = ideas.values("pk")
        through = Idea.actor_types.through
        return pdf.digest(
            _assets_digest(),
            self.name,
            translation.get_language() or "",
            audience,
            variant,
            settings.MUNICIPALITY_NAME,
            repr((obj.pk, obj.number, obj.published_at, obj.note)),
            _rows(ideas.with_counts().order_by("pk"), *IDEA_FIELDS),
            _rows(through.objects.filter(idea__in=ids).order_by("pk"), "idea_id", "actortype_id"),
            _rows(
                Idea.principles.through.objects.filter(idea__in=ids).order_by("pk"),
                "idea_id",
                "principle_id",
            ),
            _rows(
                Idea.tags.through.objects.filter(object_id__in=ids).order_by("pk"),
                "object_id",
                "tag__name",
            ),
            *(
                _rows(model.objects.order_by("pk"), "pk", "name", "order")
                for model in (ActorType, WelfareArea, Principle)
            ),
        )

    def title(self, obj, audience) -> str:
        return f"{_('Idea catalogue for co-creation')} – {self._edition_label(obj)}"

    def filename(self, obj, audience) -> str:
        if obj.number is None:
            return "idekatalog-udkast.pdf"
        return f"idekatalog-udgave-{obj.number}.pdf"

    @staticmethod
    def _edition_label(obj) -> str:
        if obj.number is None:
            return str(DRAFT_WORD)
        return _("Edition %(number)s") % {"number": obj.number}

    def _header(self, obj, section=""):
        header = f"{_('Idea catalogue')} – {self._edition_label(obj)}"
        if obj.number is None:
            header = f"{str(DRAFT_WORD).upper()} · {header}"
        return f"{header} – {section}" if section else header

    def build(self, obj, *, audience, variant=pdf.ACCESSIBLE, progress=None, stats=None):
        draft = obj.number is None
        content = snapshot() if draft else obj.snapshot
        ideas = content.get("ideas", [])
        by_area = defaultdict(list)
        for idea in ideas:
            idea = {
                **idea,
                "area": _in_language(idea["area"]),
                "actors": [_in_language(name) for name in idea["actors"]],
                "principles": [_in_language(name) for name in idea["principles"]],
                "status_label": Idea.Status(idea["status"]).label,
                "dimension_labels": [Idea.Dimension(value).label for value in idea["dimensions"]],
            }
            by_area[idea["area"]].append(idea)

        common = {
            "draft": draft,
            "edition": obj,
            "edition_label": self._edition_label(obj),
            "draft_word": str(DRAFT_WORD).upper(),
            "municipality": settings.MUNICIPALITY_NAME,
        }
        matrix_title = _("Actors and welfare areas")
        parts = [
            pdf.HtmlPart(
                render_to_string(
                    "catalogue/pdf/matrix.html",
                    {**common, "document_title": matrix_title, **_matrix_in_language(content)},
                ),
                bookmark=matrix_title,
                header=self._header(obj, matrix_title),
            )
        ]
        for area, area_ideas in by_area.items():
            heading = area or _("No welfare area")
            parts.append(
                pdf.HtmlPart(
                    render_to_string(
                        "catalogue/pdf/area.html",
                        {**common, "document_title": heading, "area": area, "ideas": area_ideas},
                    ),
                    bookmark=heading,
                    header=self._header(obj, heading),
                )
            )

        cover = {
            **common,
            "document_title": self.title(obj, audience),
            "idea_count": len(ideas),
        }

        def front(entries):
            toc = [{"title": entry.title, "page": entry.page} for entry in entries]
            return render_to_string("catalogue/pdf/front.html", {**cover, "toc": toc})

        return pdf.build(
            parts=parts,
            front=front,
            meta=pdf.Meta(
                title=self.title(obj, audience),
                author=settings.MUNICIPALITY_NAME,
                subject=str(self.label),
                lang=translation.get_language() or settings.LANGUAGE_CODE,
                keywords=(str(self.label), self._edition_label(obj)),
            ),
            variant=variant,
            progress=progress,
            stats=stats,
        )


BUILDERS = {builder.name: builder for builder in (CatalogueDocument(),)}
