"""The idea catalogue as a document (idékatalog), one HTML page rendered by
``innovation.shared.pdf``.

The document is public: it is read through ``Idea.objects.visible_to(AnonymousUser())
.published()`` only, so drafts, ideas being curated, rejected ideas and internal notes can never
be in it, whoever asks. Its object is an ``Edition`` (numbered, published by the secretariat,
printed from the snapshot it keeps) or, for ``pk == 0``, the current draft (``DRAFT``), marked
“Udkast” on the cover and on every page. The actor matrix is the page's partial.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from catalogue.models import Edition, Idea
from innovation.shared import pdf, permissions

# “Udkast”: the draft of the document, not an idea's draft status (“Kladde”).
DRAFT_WORD = pgettext_lazy("catalogue edition", "Draft")


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


def catalogue_ideas():
    """The ideas in the catalogue, as the public reads them: nothing else is ever printed."""
    return Idea.objects.visible_to(AnonymousUser()).published()


def snapshot() -> dict:
    """The catalogue as the public reads it now, as plain data: what an edition keeps (list
    names in every language, so that the edition prints in any)."""
    ideas = (
        catalogue_ideas()
        .select_related("welfare_area")
        .prefetch_related("actor_types", "principles", "tags")
        .order_by("welfare_area__order", "welfare_area__pk", "title", "pk")
    )
    table = catalogue_ideas().matrix()
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
                {
                    "actor": row["actor"].names(),
                    "cells": [cell["count"] for cell in row["cells"]],
                    "total": row["total"],
                }
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


def _matrix(content) -> dict:
    """An edition's matrix in the shape of ``IdeaQuerySet.matrix()``, for the page's partial."""
    matrix = content.get("matrix", {})
    return {
        "areas": [
            {"area": {"name": _in_language(column["name"])}, "total": column["total"]}
            for column in matrix.get("areas", [])
        ],
        "table": [
            {
                "actor": {"name": _in_language(row["actor"])},
                "cells": [{"count": count} for count in row["cells"]],
                "total": row["total"],
            }
            for row in matrix.get("table", [])
        ],
        "total": matrix.get("total", 0),
    }


def _areas(content) -> list[dict]:
    """The ideas by welfare area, in the order kept, with their labels in the active language."""
    by_area = defaultdict(list)
    for idea in content.get("ideas", []):
        by_area[_in_language(idea["area"]) or _("No welfare area")].append(
            {
                **idea,
                "actors": [_in_language(name) for name in idea["actors"]],
                "principles": [_in_language(name) for name in idea["principles"]],
                "status_label": Idea.Status(idea["status"]).label,
                "dimension_labels": [Idea.Dimension(value).label for value in idea["dimensions"]],
            }
        )
    return [
        {"name": name, "ideas": ideas, "anchor": f"area-{number}"}
        for number, (name, ideas) in enumerate(by_area.items(), start=1)
    ]


class CatalogueDocument:
    """The idea catalogue: cover and contents, the actor matrix, the ideas by welfare area."""

    name = "catalogue.pdf"
    label = gettext_lazy("Idea catalogue")

    def get_object(self, pk):
        if int(pk) == 0:
            return DRAFT
        return Edition.objects.get(pk=pk)

    def audience_for(self, user, obj) -> str:
        # The content is public (catalogue_ideas); everyone gets the one public edition.
        return permissions.PUBLIC

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

    def html(self, obj) -> str:
        content = snapshot() if obj.number is None else obj.snapshot
        header = f"{_('Idea catalogue')} – {self._edition_label(obj)}"
        if obj.number is None:
            header = f"{str(DRAFT_WORD).upper()} · {header}"
        head = pdf.Head(
            title=self.title(obj, permissions.PUBLIC),
            author=settings.MUNICIPALITY_NAME,
            subject=str(self.label),
            keywords=", ".join([str(self.label), self._edition_label(obj)]),
            language=translation.get_language() or settings.LANGUAGE_CODE,
            header=header,
        )
        return render_to_string(
            "catalogue/pdf/catalogue.html",
            {
                "head": head,
                "print": True,
                "draft": obj.number is None,
                "edition": obj,
                "edition_label": self._edition_label(obj),
                "draft_word": str(DRAFT_WORD).upper(),
                "municipality": pdf.municipality(),
                "idea_count": len(content.get("ideas", [])),
                "areas": _areas(content),
                "matrix": _matrix(content),
            },
        )

    def fingerprint(self, obj, audience, variant) -> str:
        return pdf.digest(variant, self.html(obj))

    def build(self, obj, *, audience, variant=pdf.ACCESSIBLE, progress=None, notes=None):
        return pdf.render(self.html(obj), variant=variant)


BUILDERS = {builder.name: builder for builder in (CatalogueDocument(),)}
