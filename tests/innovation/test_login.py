"""Logging in: failed attempts lock a username out from one address for a while (django-axes),
on the app's login page and the admin's alike."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from tests.factories import PASSWORD

LOGIN = "/konto/login/"
ADMIN_LOGIN = "/admin/login/"


def log_in(client, username, password, url=LOGIN, **extra):
    return client.post(url, {"username": username, "password": password}, **extra)


def logged_in_as(client):
    return client.session.get("_auth_user_id")


def fail(client, username, times, url=LOGIN, **extra):
    for _ in range(times):
        response = log_in(client, username, "wrong-password", url, **extra)
    return response


def test_the_settings():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_RESET_ON_SUCCESS is True
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


def test_the_settings_read_the_environment(read_settings):
    values = read_settings(
        SAMSKAB_LOGIN_FAILURE_LIMIT="10",
        SAMSKAB_LOGIN_LOCKOUT_MINUTES="60",
        SAMSKAB_PROXY_COUNT="2",
    )
    assert values["AXES_FAILURE_LIMIT"] == 10
    assert values["AXES_COOLOFF_TIME"].total_seconds() == 60 * 60
    assert values["SAMSKAB_PROXY_COUNT"] == 2


def test_forty_wrong_passwords_then_the_right_one_is_refused(client, member):
    fail(client, "member", 40)
    response = log_in(client, "member", PASSWORD)
    assert response.status_code == 429
    assert logged_in_as(client) is None
    assert AccessAttempt.objects.get(username="member").failures_since_start == 5


def test_the_fifth_failure_locks_and_says_so_in_danish_in_the_apps_layout(client, member):
    response = fail(client, "member", 4)
    assert response.status_code == 200
    assert "korrekt brugernavn og adgangskode" in response.content.decode()
    response = fail(client, "member", 1)
    assert response.status_code == 429
    html = response.content.decode()
    assert '<html lang="da">' in html
    assert 'aria-label="Hovedmenu"' in html  # the app's header, not axes' bare text
    assert "<h1>Log ind</h1>" in html
    assert "For mange mislykkede loginforsøg" in html
    assert "spærret i 15 minutter" in html
    assert "Account locked" not in html
    assert 'name="password"' not in html  # no form that could only fail


def test_the_lockout_message_in_english(client, member):
    response = fail(client, "member", 5, url="/en/konto/login/")
    assert response.status_code == 429
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Too many failed login attempts" in html
    assert "blocked for 15 minutes" in html


def test_the_admin_login_is_locked_out_too(client, superuser):
    fail(client, "root", 40, url=ADMIN_LOGIN)
    response = log_in(client, "root", PASSWORD, url=ADMIN_LOGIN)
    assert response.status_code == 429
    assert "For mange mislykkede loginforsøg" in response.content.decode()
    assert logged_in_as(client) is None
    assert client.get("/admin/").status_code == 302  # still to the login


def test_failures_on_one_login_page_count_on_the_other(client, superuser):
    fail(client, "root", 5)
    assert log_in(client, "root", PASSWORD, url=ADMIN_LOGIN).status_code == 429
    assert logged_in_as(client) is None


def test_a_successful_login_resets_the_count(client, member):
    for _ in range(3):
        fail(client, "member", 4)
        response = log_in(client, "member", PASSWORD)
        assert response.status_code == 302
        assert logged_in_as(client) == str(member.pk)
        client.post(reverse("logout"))
    assert not AccessAttempt.objects.exists()


def test_a_lockout_is_for_one_username_from_one_address(client, member, staff):
    fail(client, "member", 5, REMOTE_ADDR="10.0.0.1")
    assert log_in(client, "member", PASSWORD, REMOTE_ADDR="10.0.0.1").status_code == 429
    # A colleague behind the same address logs in.
    assert log_in(client, "staff", PASSWORD, REMOTE_ADDR="10.0.0.1").status_code == 302
    client.post(reverse("logout"))
    # The member, from another address, too.
    assert log_in(client, "member", PASSWORD, REMOTE_ADDR="10.0.0.2").status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, member):
    fail(client, "member", 5)
    assert log_in(client, "member", PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - datetime.timedelta(minutes=16)
    )
    assert log_in(client, "member", PASSWORD).status_code == 302
    assert logged_in_as(client) == str(member.pk)


def test_trying_again_while_locked_out_does_not_prolong_the_lockout(client, member):
    fail(client, "member", 5)
    first = AccessAttempt.objects.get()
    fail(client, "member", 10)
    assert AccessAttempt.objects.get().attempt_time == first.attempt_time


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (0, "198.51.100.7", "127.0.0.1"),  # not behind a proxy: the header is the client's
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "203.0.113.9, 198.51.100.7", "198.51.100.7"),  # the left part is the client's
        (2, "203.0.113.9, 198.51.100.7, 10.0.0.5", "198.51.100.7"),
        (1, "", "127.0.0.1"),
        (1, "not-an-address", "127.0.0.1"),
        (2, "198.51.100.7", "127.0.0.1"),  # fewer entries than proxies: misconfigured
    ],
)
def test_the_client_address_behind_proxies(rf, settings, proxies, forwarded_for, expected):
    from innovation.shared.lockout import client_ip_address

    settings.SAMSKAB_PROXY_COUNT = proxies
    request = rf.get("/", HTTP_X_FORWARDED_FOR=forwarded_for)
    assert client_ip_address(request) == expected


def test_behind_a_proxy_each_client_is_locked_out_on_its_own(client, member, settings):
    settings.SAMSKAB_PROXY_COUNT = 1
    fail(client, "member", 5, HTTP_X_FORWARDED_FOR="198.51.100.7")
    spoofed = "203.0.113.9, 198.51.100.7"
    assert log_in(client, "member", PASSWORD, HTTP_X_FORWARDED_FOR=spoofed).status_code == 429
    assert AccessAttempt.objects.get().ip_address == "198.51.100.7"
    response = log_in(client, "member", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert response.status_code == 302


def test_axes_tables_come_from_migrations_on_a_new_database(db):
    """The test database is made new for the run by running every migration."""
    loader = MigrationLoader(connection)
    axes = {key for key in loader.graph.nodes if key[0] == "axes"}
    assert ("axes", "0010_accessattemptexpiration") in axes
    assert axes <= set(loader.applied_migrations)
    assert "axes_accessattempt" in connection.introspection.table_names()
