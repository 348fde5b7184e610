"""E-mail: settings read from the environment, and the password reset mail really sent."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

EMAIL_VARIABLES = [
    "DJANGO_EMAIL_BACKEND",
    "DJANGO_EMAIL_HOST",
    "DJANGO_EMAIL_PORT",
    "DJANGO_EMAIL_HOST_USER",
    "DJANGO_EMAIL_HOST_PASSWORD",
    "DJANGO_EMAIL_USE_TLS",
    "DJANGO_EMAIL_USE_SSL",
    "DJANGO_EMAIL_TIMEOUT",
    "DJANGO_DEFAULT_FROM_EMAIL",
    "DJANGO_SERVER_EMAIL",
]


@pytest.fixture
def read_settings(read_settings):
    """The settings as they read the given environment, the other e-mail variables unset."""

    def read(**environ):
        return read_settings(**{**dict.fromkeys(EMAIL_VARIABLES), **environ})

    return read


def test_development_prints_mail_on_the_console(read_settings):
    """`make run` sets DJANGO_DEBUG=true: mail goes to the terminal, not to a server."""
    values = read_settings(DJANGO_DEBUG="true")
    assert values["MAILERS"] == {
        "default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    }


def test_production_sends_through_the_smtp_server_from_the_environment(read_settings):
    values = read_settings(
        DJANGO_DEBUG="false",
        DJANGO_EMAIL_HOST="smtp.gentofte.dk",
        DJANGO_EMAIL_PORT="587",
        DJANGO_EMAIL_HOST_USER="samskab",
        DJANGO_EMAIL_HOST_PASSWORD="hemmelig",
        DJANGO_EMAIL_USE_TLS="true",
        DJANGO_EMAIL_TIMEOUT="5",
        DJANGO_DEFAULT_FROM_EMAIL="Samskab <samskab@gentofte.dk>",
        DJANGO_SERVER_EMAIL="drift@gentofte.dk",
    )
    assert values["MAILERS"] == {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": "smtp.gentofte.dk",
                "port": 587,
                "username": "samskab",
                "password": "hemmelig",
                "use_tls": True,
                "use_ssl": False,
                "timeout": 5,
            },
        }
    }
    assert values["DEFAULT_FROM_EMAIL"] == "Samskab <samskab@gentofte.dk>"
    assert values["SERVER_EMAIL"] == "drift@gentofte.dk"


def test_production_defaults(read_settings):
    values = read_settings(DJANGO_DEBUG="false")
    assert values["MAILERS"]["default"]["OPTIONS"] == {
        "host": "localhost",
        "port": None,  # the backend's: 25, 465 with SSL, 587 with TLS
        "username": "",
        "password": "",
        "use_tls": False,
        "use_ssl": False,
        "timeout": 10,
    }
    assert values["SERVER_EMAIL"] == values["DEFAULT_FROM_EMAIL"]


def test_any_backend_by_its_path(read_settings):
    values = read_settings(
        DJANGO_DEBUG="true", DJANGO_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend"
    )
    assert values["MAILERS"]["default"]["OPTIONS"]["host"] == "localhost"
    values = read_settings(
        DJANGO_DEBUG="false", DJANGO_EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"
    )
    assert values["MAILERS"] == {
        "default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}
    }


def test_password_reset_mail_is_sent_from_the_configured_sender(client, member):
    """tests/settings.py sets DJANGO_DEFAULT_FROM_EMAIL; the test runner swaps the configured
    mailer for locmem, so the outbox holds what the SMTP server would have been given."""
    response = client.post(reverse("password_reset"), {"email": member.email})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    [message] = mail.outbox
    assert message.to == [member.email]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL == "Samskab <samskab@test.example>"
    link = re.search(r"https?://testserver(/konto/reset/\S+/)", message.body)[1]
    confirm = client.get(link, follow=True)
    assert confirm.status_code == 200
    assert "new_password1" in confirm.content.decode()


def test_a_reset_mail_that_cannot_be_sent_is_logged(client, member, settings, caplog):
    """The page says "sent" either way (it must not tell which addresses have accounts); the
    failure reaches the log."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},  # nothing listens
        }
    }
    response = client.post(reverse("password_reset"), {"email": member.email})
    assert response.status_code == 302
    [record] = [r for r in caplog.records if r.name == "django.contrib.auth"]
    assert record.levelname == "ERROR"
    assert "Failed to send password reset email" in record.getMessage()
