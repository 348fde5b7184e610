"""Uploaded files are served only through the access check, under DEBUG too: a closed
attachment's predictable media path downloads for nobody outside the committee, and nothing
else under MEDIA_URL (such as the document cache) is served at all."""

import importlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import clear_url_caches

from tests.meetings.factories import AttachmentFactory

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(params=[False, True], ids=["production", "debug"])
def urls(request, settings):
    """The URLconf as loaded with DEBUG off and on (as under `make run`)."""
    import innovation.urls

    settings.DEBUG = request.param
    importlib.reload(innovation.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(innovation.urls)
    clear_url_caches()


@pytest.fixture
def files(open_item, settings):
    def attach(closed):
        upload = SimpleUploadedFile(f"bilag-{'lukket' if closed else 'aabent'}.pdf", PDF)
        return AttachmentFactory(item=open_item, file=upload, is_closed=closed)

    cached = settings.MEDIA_ROOT / "pdf-cache" / "export-1.pdf"
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(PDF)
    return {"open": attach(False), "closed": attach(True)}


def test_media_paths_obey_the_attachment_rules(client, urls, files, roles, settings):
    for name, user, sees_closed in roles:
        client.logout()
        if user is not None:
            client.force_login(user)
        for kind, attachment in files.items():
            url = attachment.file.url
            assert url.startswith(settings.MEDIA_URL)
            response = client.get(url)
            expected = 200 if (kind == "open" or sees_closed) else 404
            assert response.status_code == expected, (name, kind, url)
            if expected == 200:
                assert b"".join(response.streaming_content) == PDF
        assert client.get(f"{settings.MEDIA_URL}pdf-cache/export-1.pdf").status_code == 404
        assert client.get(f"{settings.MEDIA_URL}../manage.py").status_code == 404
