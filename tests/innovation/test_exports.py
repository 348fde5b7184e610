"""Document exports through their URLs: start, progress, download, failure and access.

Tasks run with the ImmediateBackend (tests/settings.py), on commit of the request that
enqueues them. A small fake builder stands in for the documents where the PDF itself does not
matter; the real meeting pack is exported end to end as well.
"""

import datetime
import io
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader, PdfWriter

from innovation.models import Export, Worker
from innovation.shared import exports, pdf, permissions, tasks
from meetings.models import Membership
from tests.factories import UserFactory
from tests.meetings.factories import CommitteeFactory, MeetingFactory, MembershipFactory, full_item

FAILURE = "The document could not be made. Try again, or contact the secretariat."
LOST = (
    "The document service stopped while it was making the document. Try again; if it happens "
    "again, contact the secretariat."
)
HTMX = {"HX-Request": "true"}


def tiny_pdf(text="Samskab") -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Title": text})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


class Thing:
    def __init__(self, pk):
        self.pk = pk


class FakeBuilder:
    """Objects 1–9 exist; 7 is for nobody; committee members and the secretariat get the
    members' edition, everyone else the public one."""

    name = "tests.fake"
    label = "Fake document"

    def __init__(self):
        self.builds = 0
        self.version = "1"
        self.error = None
        self.output = None
        self.seen_progress = []

    def get_object(self, pk):
        if not 1 <= int(pk) <= 9:
            raise ObjectDoesNotExist(pk)
        return Thing(int(pk))

    def audience_for(self, user, obj):
        if obj.pk == 7:
            return None
        if permissions.is_secretariat(user) or permissions.is_committee_member(user):
            return permissions.MEMBERS
        return permissions.PUBLIC

    def fingerprint(self, obj, audience, variant):
        return pdf.digest("fake", str(obj.pk), audience, variant, self.version)

    def filename(self, obj, audience):
        return f"fake-{obj.pk}-{audience}.pdf"

    def title(self, obj, audience):
        return f"Fake {obj.pk} ({audience})"

    def build(self, obj, *, audience, variant, progress=None, notes=None):
        self.builds += 1
        for done in range(1, 4):
            if progress:
                progress(done, 4)
                self.seen_progress.append(
                    Export.objects.filter(object_id=obj.pk).latest("pk").progress
                )
        if self.error is not None:
            raise self.error
        return self.output if self.output is not None else tiny_pdf(f"{obj.pk} {audience}")


@pytest.fixture(autouse=True)
def pdf_cache(settings, tmp_path):
    settings.SAMSKAB_PDF_CACHE = tmp_path / "pdf-cache"
    return settings.SAMSKAB_PDF_CACHE


@pytest.fixture
def fake(db, monkeypatch):
    builder = FakeBuilder()
    monkeypatch.setitem(exports.DOCUMENTS.builders(), builder.name, builder)
    return builder


@pytest.fixture
def start(client, django_capture_on_commit_callbacks):
    """POST to export_start and run what the request enqueued (the ImmediateBackend)."""

    def post(document="tests.fake", object_id=1, variant="pdf/ua-1", *, htmx=False, url=None):
        data = {"document": document, "object_id": object_id, "variant": variant}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url or reverse("export_start"), data, headers=HTMX if htmx else {})

    return post


def latest():
    return Export.objects.order_by("-pk").first()


def long_ago():
    """Longer ago than an export may go without a sign of life."""
    return timezone.now() - datetime.timedelta(seconds=settings.SAMSKAB_EXPORT_LOST_AFTER + 60)


def cache_files(pdf_cache):
    return sorted(p.name for p in Path(pdf_cache).iterdir()) if Path(pdf_cache).exists() else []


# --- The flow -----------------------------------------------------------------------------


def test_start_runs_the_task_and_offers_the_file(client, start, fake, secretariat, pdf_cache):
    client.force_login(secretariat)
    response = start()
    export = latest()
    assert response.status_code == 302
    assert response.url == reverse("export_status", args=[export.pk]) == f"/dokumenter/{export.pk}/"
    assert export.status == Export.Status.DONE
    assert export.progress == 100
    assert export.audience == permissions.MEMBERS
    assert export.language == "da"
    assert export.requested_by == secretariat
    assert export.finished_at is not None
    assert fake.builds == 1

    page = client.get(response.url).content.decode()
    assert '<html lang="da">' in page
    assert "<h1>Fake 1 (members)</h1>" in page
    download_url = reverse("export_download", args=[export.pk])
    assert f'href="{download_url}"' in page
    assert "fake-1-members.pdf" in page
    assert "hx-trigger" not in page  # finished: no more polling

    download = client.get(download_url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="fake-1-members.pdf"'
    data = b"".join(download.streaming_content)
    assert data.startswith(b"%PDF-")
    assert PdfReader(io.BytesIO(data)).metadata.title == "1 members"
    assert cache_files(pdf_cache) == [export.file_path]


def test_progress_is_stored_while_building(client, start, fake, secretariat, monkeypatch):
    monkeypatch.setattr(tasks, "PROGRESS_INTERVAL", 0)
    client.force_login(secretariat)
    start()
    assert fake.seen_progress == [25, 50, 75]
    assert latest().progress == 100


def test_progress_writes_are_throttled(db, monkeypatch):
    export = Export.objects.create(
        document="tests.fake",
        object_id=1,
        audience="public",
        language="da",
        fingerprint="x",
        status=Export.Status.RUNNING,
        filename="x.pdf",
        title="x",
    )
    progress = tasks._progress_writer(Export.objects.filter(pk=export.pk))
    with CaptureQueriesContext(connection) as queries:
        for done in range(1, 101):
            progress(done, 100)
    assert len(queries) == 1  # a hundred calls within 0.3 s: one write
    export.refresh_from_db()
    assert export.progress == 1


def test_unchanged_document_is_not_rendered_again(client, start, fake, secretariat):
    client.force_login(secretariat)
    start()
    first = latest()
    response = start()
    assert response.url == first.get_absolute_url()
    assert Export.objects.count() == 1
    assert fake.builds == 1

    fake.version = "2"  # the data changed
    start()
    assert Export.objects.count() == 2
    assert fake.builds == 2


def test_each_variant_and_language_is_its_own_export(client, start, fake, secretariat):
    client.force_login(secretariat)
    start()
    start(variant="pdf/a-2a")
    start(url="/en/dokumenter/ny/")
    assert fake.builds == 3
    assert sorted(Export.objects.values_list("variant", "language")) == [
        ("pdf/a-2a", "da"),
        ("pdf/ua-1", "da"),
        ("pdf/ua-1", "en"),
    ]
    assert latest().get_absolute_url() == f"/en/dokumenter/{latest().pk}/"


def test_a_pending_export_is_returned_not_queued_twice(client, fake, secretariat, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    client.force_login(secretariat)
    first = client.post(reverse("export_start"), {"document": "tests.fake", "object_id": 1})
    second = client.post(reverse("export_start"), {"document": "tests.fake", "object_id": 1})
    assert first.url == second.url
    export = latest()
    assert export.status == Export.Status.QUEUED

    # Still waiting for a worker after a long time: still not queued twice.
    Export.objects.filter(pk=export.pk).update(heartbeat_at=long_ago())
    again = client.post(reverse("export_start"), {"document": "tests.fake", "object_id": 1})
    assert again.url == first.url
    assert Export.objects.count() == 1


def test_a_removed_file_is_made_again(client, start, fake, secretariat, pdf_cache):
    client.force_login(secretariat)
    start()
    first = latest()
    (Path(pdf_cache) / first.file_path).unlink()
    page = client.get(first.get_absolute_url()).content.decode()
    assert "export-retry" in page
    assert client.get(reverse("export_download", args=[first.pk])).status_code == 404
    start()
    assert latest().pk != first.pk
    assert fake.builds == 2


def test_the_task_runs_once(client, start, fake, secretariat):
    client.force_login(secretariat)
    start()
    assert tasks.run_export.call(latest().pk) is None  # already done: nothing to do
    assert fake.builds == 1


# --- HTMX ---------------------------------------------------------------------------------


def test_htmx_start_swaps_the_status_in_for_the_button(client, fake, secretariat, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    client.force_login(secretariat)
    response = client.post(
        reverse("export_start"), {"document": "tests.fake", "object_id": 1}, headers=HTMX
    )
    html = response.content.decode()
    export = latest()
    assert response.status_code == 200
    assert "<html" not in html
    assert f'id="export-panel-{export.pk}"' in html
    assert 'role="status"' in html and 'aria-live="polite"' in html
    assert f'id="export-status-{export.pk}"' in html
    assert f'hx-get="{export.get_absolute_url()}"' in html
    assert 'hx-trigger="every 1s"' in html
    assert 'hx-swap="outerHTML"' in html
    assert '<progress id="export-progress-' in html and 'max="100" value="0"' in html


def test_status_page_and_fragment_while_running(client, fake, secretariat, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    client.force_login(secretariat)
    client.post(reverse("export_start"), {"document": "tests.fake", "object_id": 1})
    export = latest()
    Export.objects.filter(pk=export.pk).update(status=Export.Status.RUNNING, progress=42)

    page = client.get(export.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="da">' in html
    assert f'<label class="export-progress-label" for="export-progress-{export.pk}">' in html
    assert 'max="100" value="42"' in html and "42 %" in html
    assert 'hx-trigger="every 1s"' in html

    fragment = client.get(export.get_absolute_url(), headers=HTMX)
    html = fragment.content.decode()
    assert "<html" not in html
    assert html.strip().startswith(f'<div id="export-status-{export.pk}"')
    assert 'value="42"' in html
    assert fragment["Vary"] and "HX-Request" in fragment["Vary"]

    # The worker finishes: the next poll shows the file and stops polling.
    tasks.run_export.call(export.pk)  # running already: not run twice
    Export.objects.filter(pk=export.pk).update(status=Export.Status.QUEUED)
    tasks.run_export.call(export.pk)
    html = client.get(export.get_absolute_url(), headers=HTMX).content.decode()
    assert "hx-trigger" not in html
    assert reverse("export_download", args=[export.pk]) in html


@pytest.mark.parametrize("state", ["running", "done", "failed"])
def test_status_queries_do_not_grow(client, start, fake, secretariat, settings, state):
    client.force_login(secretariat)
    counts = []
    for pk in (1, 2):
        start(object_id=pk)
        for _ in range(4 if pk == 2 else 0):
            Export.objects.create(
                document="tests.fake",
                object_id=pk,
                audience="members",
                language="da",
                fingerprint="old",
                filename="x.pdf",
                title="x",
                requested_by=secretariat,
            )
        export = Export.objects.filter(object_id=pk).exclude(fingerprint="old").get()
        if state != "done":
            Export.objects.filter(pk=export.pk).update(status=state, file_path="")
        with CaptureQueriesContext(connection) as page:
            assert client.get(export.get_absolute_url()).status_code == 200
        with CaptureQueriesContext(connection) as fragment:
            assert client.get(export.get_absolute_url(), headers=HTMX).status_code == 200
        counts.append((len(page), len(fragment)))
    assert counts[0] == counts[1]
    assert counts[0][1] <= 5  # session, user, groups, export, (while pending) workers


# --- Lost exports and the worker's absence --------------------------------------------------


@pytest.fixture
def dummy_tasks(settings):
    """Tasks are queued, never run: the test plays the worker."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def service(db):
    """A task worker is running (and was heard from just now)."""
    return Worker.objects.create(worker_id="worker-1", hostname="samskab", pid=4242)


def lose(export, **fields):
    """The worker that was making ``export`` died: nothing was heard from it for too long."""
    Export.objects.filter(pk=export.pk).update(
        status=Export.Status.RUNNING, progress=37, heartbeat_at=long_ago(), **fields
    )


def start_queued(client, capture):
    with capture(execute=True):
        client.post(reverse("export_start"), {"document": "tests.fake", "object_id": 1})
    return latest()


def test_a_lost_export_is_queued_again_once_then_fails(
    client, fake, secretariat, dummy_tasks, service, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)
    export = start_queued(client, django_capture_on_commit_callbacks)
    first_task = export.task_id
    assert first_task and export.attempts == 1
    lose(export)

    with django_capture_on_commit_callbacks(execute=True):
        html = client.get(export.get_absolute_url(), headers=HTMX).content.decode()
    export.refresh_from_db()
    assert export.status == Export.Status.QUEUED
    assert (export.attempts, export.progress) == (2, 0)
    assert export.task_id not in ("", first_task)  # a new task
    assert 'hx-trigger="every 1s"' in html
    assert (
        translated("The document service was interrupted; the document is being made again.")
        in html
    )

    lose(export)  # and again: it fails, with a message the reader can act on
    html = client.get(export.get_absolute_url(), headers=HTMX).content.decode()
    export.refresh_from_db()
    assert export.status == Export.Status.FAILED
    assert export.error == translated(LOST)
    assert translated(LOST) in html
    assert "hx-trigger" not in html
    assert "export-retry" in html


def test_asking_again_never_returns_a_lost_export(
    client, fake, secretariat, dummy_tasks, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)
    export = start_queued(client, django_capture_on_commit_callbacks)
    lose(export)
    again = client.post(reverse("export_start"), {"document": "tests.fake", "object_id": 1})
    assert again.url == export.get_absolute_url()
    export.refresh_from_db()
    assert (export.status, export.attempts) == (Export.Status.QUEUED, 2)  # it was retried

    lose(export)  # lost again: its attempts are spent, so asking again makes a new export
    third = client.post(reverse("export_start"), {"document": "tests.fake", "object_id": 1})
    assert third.url != export.get_absolute_url()
    export.refresh_from_db()
    assert export.status == Export.Status.FAILED
    assert (latest().status, latest().attempts) == (Export.Status.QUEUED, 1)


def test_a_queued_export_is_lost_only_when_its_task_is(
    client, fake, secretariat, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(secretariat)
    export = start_queued(client, django_capture_on_commit_callbacks)
    assert DBTaskResult.objects.ready().filter(id=export.task_id).exists()

    # Long in the queue, its task still waiting for a worker: it waits on.
    Export.objects.filter(pk=export.pk).update(heartbeat_at=long_ago())
    client.get(export.get_absolute_url())
    export.refresh_from_db()
    assert (export.status, export.attempts) == (Export.Status.QUEUED, 1)

    # A worker took the task and died before it began the export.
    DBTaskResult.objects.filter(id=export.task_id).update(status="RUNNING")
    with django_capture_on_commit_callbacks(execute=True):
        client.get(export.get_absolute_url())
    export.refresh_from_db()
    assert (export.status, export.attempts) == (Export.Status.QUEUED, 2)
    assert DBTaskResult.objects.ready().filter(id=export.task_id).exists()

    # Its task was never enqueued (the database was away at that moment).
    Export.objects.filter(pk=export.pk).update(task_id="", heartbeat_at=long_ago())
    client.get(export.get_absolute_url())
    export.refresh_from_db()
    assert export.status == Export.Status.FAILED


def test_an_export_being_recovered_by_another_reader_is_skipped(
    transactional_db, fake, dummy_tasks
):
    export = exports.request_export(
        user=None, document="tests.fake", object_id=1, variant="pdf/ua-1", language="da"
    )
    lose(export)
    locked, release = threading.Event(), threading.Event()

    def other_reader():
        with transaction.atomic():
            Export.objects.select_for_update().get(pk=export.pk)
            locked.set()
            release.wait(30)
        connection.close()

    thread = threading.Thread(target=other_reader)
    thread.start()
    try:
        assert locked.wait(30)
        assert exports.recover_lost() == 0  # skipped, not waited for
        assert Export.objects.get(pk=export.pk).attempts == 1
    finally:
        release.set()
        thread.join()
    assert exports.recover_lost() == 1
    export.refresh_from_db()
    assert (export.status, export.attempts) == (Export.Status.QUEUED, 2)
    assert exports.recover_lost() == 0  # once


def test_the_status_says_when_no_worker_runs(
    client, fake, secretariat, dummy_tasks, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)
    export = start_queued(client, django_capture_on_commit_callbacks)
    waiting = translated("Waiting for the document service …")
    queued = translated("Waiting to start making the document")

    html = client.get(export.get_absolute_url()).content.decode()
    assert waiting in html
    assert queued not in html
    assert 'hx-trigger="every 1s"' in html  # the page keeps asking

    worker = Worker.objects.create(worker_id="worker-1", hostname="samskab", pid=4242)
    html = client.get(export.get_absolute_url(), headers=HTMX).content.decode()
    assert queued in html
    assert waiting not in html

    Worker.objects.filter(pk=worker.pk).update(seen_at=long_ago())  # not heard from
    html = client.get(export.get_absolute_url(), headers=HTMX).content.decode()
    assert waiting in html


# --- Failure ------------------------------------------------------------------------------


def translated(message, language="da"):
    with translation.override(language):
        return translation.gettext(message)


def expected_failure(language="da"):
    return translated(FAILURE, language)


def test_a_failing_builder_shows_a_clear_error_and_leaves_no_file(
    client, start, fake, secretariat, pdf_cache, caplog
):
    fake.error = RuntimeError("WeasyPrint fell over")
    client.force_login(secretariat)
    response = start()
    export = latest()
    assert export.status == Export.Status.FAILED
    assert export.error == expected_failure()
    assert export.file_path == ""
    assert cache_files(pdf_cache) == []
    assert "WeasyPrint fell over" in caplog.text  # the traceback is logged, not shown

    html = client.get(response.url).content.decode()
    assert "alert-error" in html
    assert expected_failure() in html
    assert "WeasyPrint fell over" not in html
    assert "hx-trigger" not in html
    assert 'name="variant" value="pdf/ua-1"' in html  # try again
    assert client.get(reverse("export_download", args=[export.pk])).status_code == 404

    # Try again: a new export, which now succeeds.
    fake.error = None
    start()
    assert latest().pk != export.pk
    assert latest().status == Export.Status.DONE


def test_a_pdf_error_message_is_shown(client, start, fake, secretariat):
    fake.error = pdf.PdfError("This edition of the document is not available.")
    client.force_login(secretariat)
    start()
    assert latest().error.startswith("This edition of the document is not available. ")
    assert latest().error.endswith(expected_failure())


def test_a_broken_document_is_not_stored(client, start, fake, secretariat, pdf_cache):
    fake.output = b"<html>not a pdf</html>"
    client.force_login(secretariat)
    start()
    assert latest().status == Export.Status.FAILED
    assert cache_files(pdf_cache) == []


def test_a_failed_write_leaves_no_file(client, start, fake, secretariat, pdf_cache, monkeypatch):
    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pdf.os, "replace", full_disk)
    client.force_login(secretariat)
    start()
    assert latest().status == Export.Status.FAILED
    assert cache_files(pdf_cache) == []


def test_the_error_is_in_the_language_of_the_request(client, start, fake, secretariat):
    fake.error = RuntimeError("boom")
    client.force_login(secretariat)
    start(url="/en/dokumenter/ny/")
    assert latest().error == FAILURE


# --- Access -------------------------------------------------------------------------------


def test_anonymous_gets_the_public_edition_in_their_session(client, start, fake):
    response = start()
    export = latest()
    assert export.audience == permissions.PUBLIC
    assert export.requested_by is None
    assert client.get(response.url).status_code == 200
    assert client.get(reverse("export_download", args=[export.pk])).status_code == 200


@pytest.mark.parametrize(
    ("role", "asked", "expected"),
    [
        ("secretariat", "public", permissions.PUBLIC),
        ("secretariat", "members", permissions.MEMBERS),
        ("secretariat", "", permissions.MEMBERS),
        ("staff", "public", permissions.PUBLIC),
        ("staff", "members", None),
        ("anonymous", "members", None),
    ],
)
def test_an_edition_may_be_asked_for_but_never_more_than_the_reader_gets(
    client, request, fake, role, asked, expected, django_capture_on_commit_callbacks
):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    data = {"document": "tests.fake", "object_id": 1, "variant": "pdf/ua-1", "audience": asked}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("export_start"), data)
    if expected is None:
        assert response.status_code == 403
        assert not Export.objects.exists()
        return
    export = latest()
    assert response.status_code == 302
    assert export.audience == expected
    assert client.get(reverse("export_download", args=[export.pk])).status_code == 200


def test_an_unknown_edition_is_not_found(client, fake, secretariat):
    client.force_login(secretariat)
    data = {"document": "tests.fake", "object_id": 1, "audience": "everyone"}
    assert client.post(reverse("export_start"), data).status_code == 404
    assert not Export.objects.exists()


def test_another_session_cannot_follow_an_anonymous_export(client, start, fake):
    start()
    export = latest()
    client.cookies.clear()
    assert client.get(export.get_absolute_url()).status_code == 404
    assert client.get(reverse("export_download", args=[export.pk])).status_code == 404


def test_anonymous_cannot_download_a_members_export(client, start, fake, secretariat):
    client.force_login(secretariat)
    start()
    export = latest()
    assert export.audience == permissions.MEMBERS
    client.logout()
    assert client.get(export.get_absolute_url()).status_code == 404
    assert client.get(reverse("export_download", args=[export.pk])).status_code == 404


def test_another_user_cannot_see_an_export(client, start, fake, member, staff, secretariat):
    client.force_login(member)
    start()
    export = latest()
    client.force_login(staff)
    assert client.get(export.get_absolute_url()).status_code == 404
    assert client.get(export.get_absolute_url(), headers=HTMX).status_code == 404
    assert client.get(reverse("export_download", args=[export.pk])).status_code == 404
    client.force_login(secretariat)
    assert client.get(export.get_absolute_url()).status_code == 200


def test_the_same_document_is_shared_but_followed_per_requester(client, start, fake, member):
    other = UserFactory(username="member2", role=permissions.COMMITTEE_MEMBER)
    client.force_login(member)
    start()
    export = latest()
    client.force_login(other)
    response = start()
    assert response.url == export.get_absolute_url()
    assert fake.builds == 1
    assert client.get(reverse("export_download", args=[export.pk])).status_code == 200


def test_a_reader_who_lost_access_cannot_download(client, start, fake, member, monkeypatch):
    client.force_login(member)
    start()
    export = latest()
    monkeypatch.setattr(fake, "audience_for", lambda user, obj: permissions.PUBLIC)
    assert client.get(reverse("export_download", args=[export.pk])).status_code == 404
    monkeypatch.setattr(fake, "audience_for", lambda user, obj: None)
    assert client.get(reverse("export_download", args=[export.pk])).status_code == 404


def test_not_allowed_is_403(client, start, fake):
    response = start(object_id=7)
    assert response.status_code == 403
    assert Export.objects.count() == 0


@pytest.mark.parametrize(
    "data",
    [
        {"document": "tests.nothing", "object_id": 1},
        {"document": "tests.fake", "object_id": 99},
        {"document": "tests.fake", "object_id": "x"},
        {"document": "tests.fake"},
    ],
)
def test_unknown_document_or_object_is_404(client, fake, data):
    assert client.post(reverse("export_start"), data).status_code == 404
    assert Export.objects.count() == 0


def test_bad_variant_is_400(client, fake, secretariat):
    client.force_login(secretariat)
    data = {"document": "tests.fake", "object_id": 1, "variant": "pdf/x"}
    response = client.post(reverse("export_start"), data)
    assert response.status_code == 422
    assert "PDF/A" in response.content.decode()
    fragment = client.post(reverse("export_start"), data, headers=HTMX)
    assert fragment.status_code == 422
    assert "<html" not in fragment.content.decode()
    assert 'id="export-invalid"' in fragment.content.decode()
    assert Export.objects.count() == 0


def test_start_needs_post_and_csrf(fake, secretariat):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(secretariat)
    assert client.get(reverse("export_start")).status_code == 405
    data = {"document": "tests.fake", "object_id": 1}
    assert client.post(reverse("export_start"), data).status_code == 403
    assert Export.objects.count() == 0


def test_unknown_export_is_404(client, secretariat):
    client.force_login(secretariat)
    assert client.get(reverse("export_status", args=[12345])).status_code == 404
    assert client.get(reverse("export_download", args=[12345])).status_code == 404


# --- The real meeting documents -----------------------------------------------------------


@pytest.fixture
def meeting(db):
    committee = CommitteeFactory(name="Opgaveudvalget om Innovation", slug="innovation")
    meeting = MeetingFactory(committee=committee, number=4, title="Teknologilaboratorium")
    full_item(meeting, title="Åbent punkt om velfærdsteknologi")
    full_item(meeting, closed=True, title="Lukket sag", secret="HEMMELIG-7731")
    return meeting


def test_the_buttons_are_on_the_meeting_pages(client, meeting, secretariat):
    client.force_login(secretariat)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert 'name="document" value="meetings.pack"' in html
    assert 'name="document" value="meetings.minutes"' not in html  # not held yet
    assert f'name="object_id" value="{meeting.pk}"' in html
    assert f'hx-post="{reverse("export_start")}"' in html
    item = meeting.items.order_by("number").first()
    html = client.get(item.get_absolute_url()).content.decode()
    assert 'name="document" value="meetings.recommendation"' in html


def test_the_meeting_pack_end_to_end(client, start, meeting, secretariat, monkeypatch):
    client.force_login(secretariat)
    response = start("meetings.pack", meeting.pk)
    export = latest()
    assert export.status == Export.Status.DONE, export.error
    assert export.audience == permissions.MEMBERS
    download = client.get(reverse("export_download", args=[export.pk]))
    assert download.status_code == 200
    reader = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "velfærdsteknologi" in text
    assert "HEMMELIG-7731" in text  # the members' edition

    # Unchanged: the second request renders nothing and answers at once.
    def no_rendering(*args, **kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setattr(pdf, "render", no_rendering)
    for _ in range(3):
        again = start("meetings.pack", meeting.pk)
        assert again.url == response.url
    assert Export.objects.count() == 1


def test_the_public_pack_has_no_closed_content(client, start, meeting):
    start("meetings.pack", meeting.pk)
    export = latest()
    assert export.status == Export.Status.DONE, export.error
    assert export.audience == permissions.PUBLIC
    download = client.get(reverse("export_download", args=[export.pk]))
    reader = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "HEMMELIG-7731" not in text


def test_minutes_of_a_held_meeting_and_the_recommendation(client, start, meeting, secretariat):
    client.force_login(secretariat)
    assert start("meetings.minutes", meeting.pk).status_code == 403  # not held yet
    meeting.state = "held"
    meeting.save()
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert 'name="document" value="meetings.minutes"' in html
    html = client.get(reverse("meetings:minutes", args=[meeting.pk])).content.decode()
    assert 'name="document" value="meetings.minutes"' in html
    start("meetings.minutes", meeting.pk)
    assert latest().status == Export.Status.DONE, latest().error
    item = meeting.items.order_by("number").first()
    start("meetings.recommendation", item.pk, "pdf/a-2a")
    assert latest().status == Export.Status.DONE, latest().error
    assert latest().variant == "pdf/a-2a"


def test_a_member_of_another_committee_gets_the_public_edition(client, start, meeting):
    other = UserFactory(username="trafik", role=permissions.COMMITTEE_MEMBER)
    MembershipFactory(
        committee=CommitteeFactory(slug="trafik"), user=other, role=Membership.Role.CITIZEN_MEMBER
    )
    client.force_login(other)
    start("meetings.pack", meeting.pk)
    assert latest().audience == permissions.PUBLIC


def test_the_variants_are_the_pipelines():
    assert tuple(Export.Variant.values) == pdf.VARIANTS == exports.VARIANTS
    assert Export.Variant.ACCESSIBLE == pdf.ACCESSIBLE
