"""Uploads on a folder by default, in an S3 bucket (django-storages) when configured: the
setting the scale-out needs (README, "Scale-out")."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHOW = (
    "import json, django; django.setup(); from django.conf import settings; "
    "from django.core.files.storage import storages; s = storages['default']; "
    "print(json.dumps([settings.STORAGES['default'], type(s).__name__, "
    "getattr(s, 'bucket_name', None)]))"
)


def storage(**variables):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "innovation.settings", "DJANGO_DEBUG": "true"}
    env.pop("SAMSKAB_MEDIA_S3_BUCKET", None)
    env.update(variables)
    result = subprocess.run(
        [sys.executable, "-c", SHOW], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_a_folder_by_default():
    setting, kind, _ = storage()
    assert setting == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert kind == "FileSystemStorage"


def test_an_s3_bucket_when_configured_and_files_stay_private():
    setting, kind, bucket = storage(
        SAMSKAB_MEDIA_S3_BUCKET="samskab-media", SAMSKAB_MEDIA_S3_ENDPOINT_URL="https://s3.example"
    )
    assert kind == "S3Storage" and bucket == "samskab-media"
    assert setting["OPTIONS"]["default_acl"] == "private"
    assert setting["OPTIONS"]["querystring_auth"] is True
    assert setting["OPTIONS"]["endpoint_url"] == "https://s3.example"
