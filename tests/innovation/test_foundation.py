import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse

from innovation.shared import permissions
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def test_database_is_postgresql():
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_the_planner_prices_random_reads_for_ssd_unless_told_otherwise(db):
    """``SAMSKAB_DB_RANDOM_PAGE_COST`` (1.1 by default) reaches every connection; empty leaves
    the server's setting, and other connection options given in ``DATABASE_URL`` stay."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == os.environ.get("SAMSKAB_DB_RANDOM_PAGE_COST", "1.1")
        # And a sequential scan starts at the first page, so that a search that reads the
        # first matches of one reads the same ones each time.
        cursor.execute("SHOW synchronize_seqscans")
        assert cursor.fetchone()[0] == "off"
    script = (
        "from django.conf import settings; "
        "print(repr(settings.DATABASES['default']['OPTIONS'].get('options')))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "innovation.settings", "DJANGO_DEBUG": "true"}
    for value, url, expected in [
        ("", "postgres://u@h/d", "'-c synchronize_seqscans=off'"),
        ("2", "postgres://u@h/d", "'-c synchronize_seqscans=off -c random_page_cost=2.0'"),
        (
            "1.1",
            "postgres://u@h/d?options=-c%20work_mem%3D8MB",
            "'-c work_mem=8MB -c synchronize_seqscans=off -c random_page_cost=1.1'",
        ),
    ]:
        out = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {script}"],
            env={**env, "SAMSKAB_DB_RANDOM_PAGE_COST": value, "DATABASE_URL": url},
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        assert out.stdout.strip() == expected, (value, url, out.stderr[-500:])


def test_home_is_danish_by_default(client, db):
    response = client.get("/", headers={"accept-language": "en-US,en;q=0.9"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="da">' in html
    assert "Gå til sidens indhold" in html
    assert 'href="#main-content"' in html
    for label in ("Møder", "Idékatalog", "Projekter", "Log ind"):
        assert label in html


def test_home_in_english(client, db):
    response = client.get("/en/")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Go to content" in html
    assert "See published meetings" in html
    # The language switch links back to the same page in Danish.
    assert 'href="/" hreflang="da"' in html


@pytest.mark.parametrize("name", ["meetings:index", "catalogue:index", "projects", "login"])
def test_section_pages_answer(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert 'aria-label="Hovedmenu"' in response.content.decode()


def test_scripts_need_the_nonce(client, db):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert "'nonce-" in script_src
    assert "unsafe-inline" not in policy
    nonce = script_src.split("'nonce-")[1].split("'")[0]
    html = response.content.decode()
    assert f'nonce="{nonce}"' in html
    # htmx comes from django-htmx's bundled copy, served by the app itself.
    assert "/static/django_htmx/htmx-2.min.js" in html
    assert "//unpkg" not in html and "cdn" not in html.lower()


def test_roles_exist_as_groups(db):
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Udvalgsmedlem", "Medarbejder", "Sekretariat"} <= names


def test_role_predicates(member, staff, secretariat, superuser, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert permissions.roles_of(anonymous) == ["public"]
    assert permissions.roles_of(member) == ["member"]
    assert permissions.roles_of(staff) == ["staff"]
    assert permissions.roles_of(secretariat) == ["secretariat"]
    assert permissions.is_secretariat(superuser)
    assert not permissions.is_secretariat(member)
    assert not permissions.is_committee_member(staff)
    member.is_active = False
    assert not permissions.is_committee_member(member)


def test_home_points_each_role_to_its_place(client, member, staff, secretariat):
    """Each role's own work comes first (tests/innovation/test_navigation.py has the details)."""
    for user, sections in [
        (member, ["home-meetings", "home-ideas"]),
        (staff, ["home-ideas"]),
        (secretariat, ["home-workspace", "home-curation", "home-ideas"]),
    ]:
        client.force_login(user)
        html = client.get("/").content.decode()
        mine = re.findall(r'class="[^"]*home-role-mine" id="([\w-]+)"', html)
        assert mine == sections


def test_login_and_logout_through_urls(client, member):
    response = client.post(
        reverse("login"), {"username": "member", "password": PASSWORD}, follow=True
    )
    assert response.context["user"] == member
    assert "Log ud" in response.content.decode()
    response = client.post(reverse("logout"), follow=True)
    assert not response.context["user"].is_authenticated


def test_wrong_password_is_a_clear_message_not_an_error(client, member):
    response = client.post(reverse("login"), {"username": "member", "password": "nope"})
    assert response.status_code == 200
    assert "korrekt brugernavn og adgangskode" in response.content.decode()


def test_load_demo_refuses_without_debug(db):
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo")


def test_load_demo_is_idempotent(db, django_user_model):
    call_command("load_demo", force=True)
    first = set(django_user_model.objects.values_list("username", "password"))
    with override_settings(DEBUG=True):
        call_command("load_demo")
    assert set(django_user_model.objects.values_list("username", "password")) == first
    roles = {
        user.username: set(user.groups.values_list("name", flat=True))
        for user in django_user_model.objects.prefetch_related("groups")
    }
    assert roles["medlem"] == {"Udvalgsmedlem"}
    assert roles["medarbejder"] == {"Medarbejder"}
    assert roles["sekretariat"] == {"Sekretariat"}
    assert django_user_model.objects.get(username="admin").is_superuser
    assert django_user_model.objects.get(username="medlem").check_password("samskab-demo")


def test_check_deploy_is_clean_with_production_variables():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "innovation.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "x" * 20 + "production-grade-secret-key-with-enough-entropy-0a9f",
        "DJANGO_ALLOWED_HOSTS": "samskab.gentofte.dk",
        "DJANGO_SECURE_HSTS_PRELOAD": "true",
    }
    for name in ("SAMSKAB_TESTING", "DJANGO_SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_refuses_a_production_without_a_secret_key():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "innovation.settings", "DJANGO_DEBUG": ""}
    env.pop("DJANGO_SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_unknown_page_is_a_friendly_404(client, db):
    response = client.get("/findes-ikke/")
    assert response.status_code == 404
    assert "Siden blev ikke fundet" in response.content.decode()


def test_serving_refuses_to_start_without_a_secret_key(settings):
    from django.core.exceptions import ImproperlyConfigured

    from innovation.shared.checks import require_secret_key, secret_key_is_set

    require_secret_key()  # the tests have a key
    settings.HAS_SECRET_KEY = False
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        require_secret_key()
    assert [error.id for error in secret_key_is_set(None)] == ["samskab.E001"]


def test_favicon_is_linked_from_every_page_and_answered_at_the_root(client, db):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/img/favicon.ico" sizes="32x32">' in html
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/img/favicon.ico"
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"".join(icon.streaming_content).startswith(b"\x00\x00\x01\x00")  # an ICO file
    svg = client.get("/static/img/favicon.svg")
    assert svg.status_code == 200
    assert b"<svg" in b"".join(svg.streaming_content)


def test_font_subsetting_writes_no_log_lines(caplog):
    """WeasyPrint subsets the PDF fonts with fontTools where HarfBuzz cannot, and fontTools
    logs every step at INFO: hundreds of lines per document under `make run` and load_demo."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(settings.DKFDS_DIST / "fonts/IBMPlexSans/complete/otf/IBMPlexSans-Regular.otf")
    subsetter = subset.Subsetter(subset.Options())
    subsetter.populate(text="Æbler, øl og ål.")
    subsetter.subset(font)
    assert [record for record in caplog.records if record.name.startswith("fontTools")] == []
