"""The catalogue document (idékatalog), built with the real pipeline (WeasyPrint) and read back
with pypdf; the editions, their page and the export flow."""

import io
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext
from pypdf import PdfReader

from catalogue import actions
from catalogue.documents import BUILDERS, DRAFT
from catalogue.models import ActorType, Edition, Idea, Principle, WelfareArea
from innovation.models import Export
from innovation.shared import exports, pdf, permissions
from tests.catalogue.factories import EndorsementFactory, IdeaFactory, InternalNoteFactory
from tests.long_words import A4_LINE, LONG_URL, LONG_WORD, longest_piece_per_line

CATALOGUE = BUILDERS["catalogue.pdf"]
S = Idea.Status
SECRET_TITLES = ("HEMMELIG-KLADDE-9911", "AFVIST-IDE-5533", "UNDER-BEHANDLING-7720")


def draft_word():
    return pgettext("catalogue edition", "Draft").upper()


def read(data):
    return PdfReader(io.BytesIO(data))


def text_of(reader):
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text):
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def ideas(db, submitter):
    elderly = IdeaFactory(
        title="Rullende æblehaver på plejehjemmet",
        summary="Beboere og frivillige passer frugttræer i kasser på hjul.",
        status=S.PUBLISHED,
        welfare_area=WelfareArea.objects.get(slug="aeldre"),
        actors=["borgere", "frivillige"],
        dis_dimensions=["co_creation", "innovation"],
        submitted_by=submitter,
    )
    elderly.principles.set(Principle.objects.filter(slug="lytter-foerst"))
    elderly.tags.add("grønt", "fællesskab")
    EndorsementFactory(idea=elderly)
    EndorsementFactory(idea=elderly)
    children = IdeaFactory(
        title="Lektiecafé i idrætshallen",
        summary="Foreninger og skolen hjælper børn med lektier efter træning.",
        status=S.SELECTED,
        welfare_area=WelfareArea.objects.get(slug="boern-og-unge"),
        actors=["foreninger"],
        submitted_by=submitter,
    )
    parked = IdeaFactory(
        title="Fælles bybi-projekt",
        summary="Bistader på kommunens tage.",
        status=S.PARKED,
        welfare_area=WelfareArea.objects.get(slug="klima-og-by"),
        actors=["borgere", "virksomheder"],
        submitted_by=submitter,
    )
    IdeaFactory(title=SECRET_TITLES[0], status=S.DRAFT, submitted_by=submitter)
    IdeaFactory(title=SECRET_TITLES[1], status=S.REJECTED, submitted_by=submitter)
    IdeaFactory(title=SECRET_TITLES[2], status=S.UNDER_REVIEW, submitted_by=submitter)
    InternalNoteFactory(idea=elderly)
    return {"elderly": elderly, "children": children, "parked": parked}


@pytest.fixture
def built(ideas, secretariat):
    """The draft and edition 1, each built once."""
    edition = actions.publish_edition(by=secretariat, note="Første udgave til udvalget.")
    draft = read(CATALOGUE.build(DRAFT, audience=permissions.PUBLIC))
    first = read(CATALOGUE.build(edition, audience=permissions.PUBLIC))
    return {"draft": draft, "edition": first, "edition_obj": edition}


# --- The document -------------------------------------------------------------------------


def test_the_draft_is_marked_on_the_cover_and_every_part(built):
    reader = built["draft"]
    assert draft_word() in reader.pages[0].extract_text()
    for page in reader.pages:
        assert draft_word() in page.extract_text()


def test_an_edition_is_not_marked_as_a_draft(built):
    reader = built["edition"]
    cover = reader.pages[0].extract_text()
    assert draft_word() not in text_of(reader)
    assert "1" in cover
    assert "Første udgave til udvalget." in flat(cover)


def test_ideas_are_grouped_by_welfare_area(built):
    text = flat(text_of(built["edition"]))
    for area, title in (
        ("Ældre", "Rullende æblehaver på plejehjemmet"),
        ("Børn og unge", "Lektiecafé i idrætshallen"),
        ("Klima og by", "Fælles bybi-projekt"),
    ):
        # The area's own part: its heading comes before its ideas (after the contents).
        heading = text.rindex(area, 0, text.index(title))
        assert heading < text.index(title)
    assert text.index("Lektiecafé i idrætshallen") < text.index("Fælles bybi-projekt")
    # Welfare areas without ideas get no part.
    assert "Handicap" in text  # the matrix column
    outline = [item.title for item in built["edition"].outline]
    assert "Handicap" not in outline
    assert outline[:1] == ["Aktører og velfærdsområder"] or len(outline) == 4


def test_the_idea_facts_are_printed(built):
    text = flat(text_of(built["edition"]))
    assert "Beboere og frivillige passer frugttræer i kasser på hjul." in text
    assert "Frivillige" in text and "Foreninger" in text
    assert "Lytter først" in text
    assert "grønt" in text and "fællesskab" in text
    assert str(Idea.Dimension.CO_CREATION.label) in text


def test_the_matrix_counts_are_present(built, ideas):
    page = flat(built["edition"].pages[2].extract_text())
    assert "Aktører og velfærdsområder" in page or "Actors and welfare areas" in page
    # Borgere: one idea in Ældre, one in Klima og by, two in all.
    row = re.search(r"Borgere ((?:\d+ ){8}\d+)", page)
    assert row, page
    counts = [int(n) for n in row.group(1).split()]
    areas = [area.slug for area in WelfareArea.objects.all()]
    assert counts[areas.index("aeldre")] == 1
    assert counts[areas.index("klima-og-by")] == 1
    assert counts[-1] == 2
    totals = re.search(r"(?:Alle aktører|All actors) ((?:\d+ ){8}\d+)", page)
    assert totals, page
    assert [int(n) for n in totals.group(1).split()][-1] == 3


def test_nothing_outside_the_catalogue_is_printed(built):
    for reader in (built["draft"], built["edition"]):
        text = text_of(reader)
        for secret in SECRET_TITLES:
            assert secret not in text
        assert "HEMMELIG-NOTE-4471" not in text
        assert "Lene Holm" not in text  # contact details are not in the catalogue


def test_danish_letters_survive(built):
    text = text_of(built["edition"])
    for word in ("æblehaver", "Børn", "Fælles", "idrætshallen"):
        assert word in text


def test_metadata_filename_and_title(built, ideas):
    edition = built["edition_obj"]
    assert CATALOGUE.filename(DRAFT, permissions.PUBLIC) == "idekatalog-udkast.pdf"
    assert CATALOGUE.filename(edition, permissions.PUBLIC) == "idekatalog-udgave-1.pdf"
    assert built["edition"].metadata.title == CATALOGUE.title(edition, permissions.PUBLIC)


def test_fingerprint_follows_the_catalogue(ideas, secretariat):
    before = CATALOGUE.fingerprint(DRAFT, permissions.PUBLIC, pdf.ACCESSIBLE)
    assert before == CATALOGUE.fingerprint(DRAFT, permissions.PUBLIC, pdf.ACCESSIBLE)
    assert before != CATALOGUE.fingerprint(DRAFT, permissions.PUBLIC, pdf.ARCHIVE)
    # A change to an idea outside the catalogue does not change the document.
    Idea.objects.filter(title=SECRET_TITLES[1]).update(summary="Noget andet")
    assert before == CATALOGUE.fingerprint(DRAFT, permissions.PUBLIC, pdf.ACCESSIBLE)
    ideas["children"].actor_types.add(ActorType.objects.get(slug="borgere"))
    after = CATALOGUE.fingerprint(DRAFT, permissions.PUBLIC, pdf.ACCESSIBLE)
    assert after != before
    EndorsementFactory(idea=ideas["children"])
    assert CATALOGUE.fingerprint(DRAFT, permissions.PUBLIC, pdf.ACCESSIBLE) != after
    edition = actions.publish_edition(by=secretariat)
    assert CATALOGUE.fingerprint(edition, permissions.PUBLIC, pdf.ACCESSIBLE) != after


def test_an_edition_keeps_the_catalogue_as_it_was_published(ideas, secretariat):
    edition = actions.publish_edition(by=secretariat)
    fingerprint = CATALOGUE.fingerprint(edition, permissions.PUBLIC, pdf.ACCESSIBLE)
    Idea.objects.filter(pk=ideas["elderly"].pk).update(title="Omdøbt efter udgivelsen")
    IdeaFactory(title="Ny idé efter udgaven", status=S.PUBLISHED)
    edition.refresh_from_db()
    assert CATALOGUE.fingerprint(edition, permissions.PUBLIC, pdf.ACCESSIBLE) == fingerprint
    kept = flat(text_of(read(CATALOGUE.build(edition, audience=permissions.PUBLIC))))
    assert "Rullende æblehaver på plejehjemmet" in kept
    assert "Omdøbt efter udgivelsen" not in kept and "Ny idé efter udgaven" not in kept
    now = flat(text_of(read(CATALOGUE.build(DRAFT, audience=permissions.PUBLIC))))
    assert "Omdøbt efter udgivelsen" in now and "Ny idé efter udgaven" in now


def test_list_names_in_the_documents_language(ideas, secretariat):
    """An edition keeps every language's names and prints those of the export's language."""
    edition = actions.publish_edition(by=secretariat)
    danish = flat(text_of(read(CATALOGUE.build(edition, audience=permissions.PUBLIC))))
    with translation.override("en"):
        english = flat(text_of(read(CATALOGUE.build(edition, audience=permissions.PUBLIC))))
        draft = flat(text_of(read(CATALOGUE.build(DRAFT, audience=permissions.PUBLIC))))
    for text in (english, draft):
        for name in ("Older people", "Children and young people", "Volunteers", "Listens first"):
            assert name in text, name
        assert re.search(r"Citizens (\d+ ){8}2", text)  # the matrix row
        assert "Ældre" not in text and "Frivillige" not in text and "Lytter først" not in text
    assert "Ældre" in danish and "Frivillige" in danish and "Lytter først" in danish
    assert "Older people" not in danish


def test_an_edition_that_kept_one_name_still_prints(ideas, secretariat):
    """Editions published before the names were translated kept the Danish names as text."""
    edition = actions.publish_edition(by=secretariat)
    snapshot = edition.snapshot
    for idea in snapshot["ideas"]:
        idea["area"] = idea["area"]["da"]
        idea["actors"] = [names["da"] for names in idea["actors"]]
        idea["principles"] = [names["da"] for names in idea["principles"]]
    for area in snapshot["matrix"]["areas"]:
        area["name"] = area["name"]["da"]
    for row in snapshot["matrix"]["table"]:
        row["actor"] = row["actor"]["da"]
    Edition.objects.filter(pk=edition.pk).update(snapshot=snapshot)
    edition.refresh_from_db()
    with translation.override("en"):
        text = flat(text_of(read(CATALOGUE.build(edition, audience=permissions.PUBLIC))))
    assert "Ældre" in text and "Frivillige" in text and "Lytter først" in text


def test_the_drafts_fingerprint_follows_the_names_in_its_language(ideas):
    with translation.override("en"):
        before = CATALOGUE.fingerprint(DRAFT, permissions.PUBLIC, pdf.ACCESSIBLE)
    danish = CATALOGUE.fingerprint(DRAFT, permissions.PUBLIC, pdf.ACCESSIBLE)
    WelfareArea.objects.filter(slug="aeldre").update(name_en="Elderly people")
    with translation.override("en"):
        assert CATALOGUE.fingerprint(DRAFT, permissions.PUBLIC, pdf.ACCESSIBLE) != before
    assert CATALOGUE.fingerprint(DRAFT, permissions.PUBLIC, pdf.ACCESSIBLE) == danish


def test_everyone_gets_the_public_edition(db, readers):
    for user in readers.values():
        assert CATALOGUE.audience_for(user, DRAFT) == permissions.PUBLIC


def test_get_object(db, secretariat):
    assert CATALOGUE.get_object(0) is DRAFT
    edition = actions.publish_edition(by=secretariat)
    assert CATALOGUE.get_object(edition.pk) == edition
    with pytest.raises(Edition.DoesNotExist):
        CATALOGUE.get_object(edition.pk + 1)


# --- Publishing editions ------------------------------------------------------------------


def test_editions_are_numbered(db, secretariat, superuser):
    numbers = [
        actions.publish_edition(by=secretariat).number,
        actions.publish_edition(by=superuser, note="  Anden  ").number,
        actions.publish_edition(by=secretariat).number,
    ]
    assert numbers == [1, 2, 3]
    assert [e.number for e in Edition.objects.all()] == [3, 2, 1]
    assert Edition.objects.get(number=2).note == "Anden"
    assert str(Edition.objects.get(number=3)) in ("Udgave 3", "Edition 3")


@pytest.mark.parametrize("reader", ["anonymous", "submitter", "member", "other_staff"])
def test_only_the_secretariat_publishes(readers, reader):
    with pytest.raises(actions.ActionError):
        actions.publish_edition(by=readers[reader])
    assert not Edition.objects.exists()


def test_a_long_note_is_refused(secretariat):
    with pytest.raises(actions.ActionError):
        actions.publish_edition(by=secretariat, note="x" * (actions.EDITION_NOTE_MAX + 1))
    assert not Edition.objects.exists()


# --- The editions page --------------------------------------------------------------------


def test_the_editions_page(client, readers, secretariat):
    edition = actions.publish_edition(by=secretariat, note="Til borgermødet")
    url = reverse("catalogue:editions")
    for name, user in readers.items():
        client.logout()
        if user.is_authenticated:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert html.count("<h1") == 1
        assert "<main" in html
        assert 'lang="' in html
        assert "Til borgermødet" in html
        assert f'name="object_id" value="{edition.pk}"' in html
        assert 'name="object_id" value="0"' in html
        assert 'name="document" value="catalogue.pdf"' in html
        # Every form control has a label.
        for control in re.findall(r'<textarea[^>]*id="([^"]+)"', html):
            assert f'for="{control}"' in html
        has_form = 'name="note"' in html
        assert has_form == (name == "secretariat"), name


def test_publishing_from_the_page(client, secretariat):
    client.force_login(secretariat)
    response = client.post(reverse("catalogue:editions"), {"note": "Forårsudgaven"}, follow=True)
    assert response.status_code == 200
    assert Edition.objects.get().note == "Forårsudgaven"
    assert "Forårsudgaven" in response.content.decode()
    assert len(list(response.context["messages"])) == 1


def test_only_the_secretariat_publishes_from_the_page(client, member):
    url = reverse("catalogue:editions")
    response = client.post(url, {"note": "x"})
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    client.force_login(member)
    assert client.post(url, {"note": "x"}).status_code == 403
    assert not Edition.objects.exists()


def test_the_pages_link_to_the_editions(client, db):
    url = reverse("catalogue:editions")
    assert url in client.get(reverse("catalogue:index")).content.decode()
    assert url in client.get(reverse("catalogue:matrix")).content.decode()


# --- The export flow ----------------------------------------------------------------------


def test_the_draft_exports_through_the_pipeline(
    ideas, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.SAMSKAB_PDF_CACHE = tmp_path / "pdf-cache"
    with django_capture_on_commit_callbacks(execute=True):
        export = exports.request_export(
            user=AnonymousUser(),
            document="catalogue.pdf",
            object_id=0,
            variant=pdf.ACCESSIBLE,
            language="da",
        )
    export.refresh_from_db()
    assert export.status == Export.Status.DONE, export.error if hasattr(export, "error") else ""
    assert export.audience == permissions.PUBLIC
    assert export.filename == "idekatalog-udkast.pdf"
    path = export.file()
    reader = PdfReader(str(path))
    assert draft_word() in reader.pages[0].extract_text()
    assert "Rullende æblehaver på plejehjemmet" in flat(text_of(reader))


def test_long_words_wrap_within_the_page(db):
    """A 200-letter title or a long URL breaks over lines instead of running off the paper:
    no line holds more of it than fits across an A4 page."""
    IdeaFactory(title=LONG_WORD[:200], summary=f"Se {LONG_URL}", status=S.PUBLISHED)
    text = text_of(read(CATALOGUE.build(DRAFT, audience=permissions.PUBLIC)))
    assert longest_piece_per_line(text, LONG_WORD[:200]) < A4_LINE
    assert longest_piece_per_line(text, LONG_URL) < A4_LINE
