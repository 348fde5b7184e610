"""With the database down, pages answer 503 with the app's own page (never 500), and
``/healthz`` tells a load balancer whether the app and its database answer.

The outage is real: the connection is pointed at a port where nothing listens, so psycopg
itself fails to connect (OperationalError), as it does when the server is down."""

import socket

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.catalogue.factories import IdeaFactory


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def database_down(django_db_blocker):
    """Every new connection of this test goes to a port with nothing listening."""
    settings = connection.settings_dict
    saved = settings["HOST"], settings["PORT"]
    with django_db_blocker.unblock():
        connection.close()
        settings["HOST"], settings["PORT"] = "127.0.0.1", closed_port()
        try:
            yield
        finally:
            connection.close()
            settings["HOST"], settings["PORT"] = saved


@pytest.fixture
def browser():
    """A client that gets the response a browser would, not the exception."""
    return Client(raise_request_exception=False)


def test_healthz_says_ok_in_one_query_without_session_or_cache(
    client, db, django_assert_num_queries
):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert client.post("/healthz").status_code == 405


def test_healthz_is_503_when_the_database_is_down(browser, database_down):
    response = browser.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "url",
    ["/idekatalog/", "/idekatalog/1/", "/moeder/", "/projekter/", "/projekter/netvaerk/"],
)
def test_pages_answer_503_with_the_apps_page_when_the_database_is_down(browser, database_down, url):
    response = browser.get(url)
    assert response.status_code == 503, url
    html = response.content.decode()
    assert "Midlertidigt utilgængelig" in html
    assert "Samskab kan ikke få forbindelse til sin database" in html
    assert 'class="header"' in html  # the app's layout, not a bare error page
    assert response["Retry-After"] == "30"


@pytest.mark.parametrize("url", ["/moeder/", "/idekatalog/matrix/", "/projekter/"])
def test_pages_answer_503_when_a_configured_redis_cache_is_down(browser, db, settings, url):
    """With Redis for the cache and sessions (``SAMSKAB_CACHE_URL``) and Redis unreachable."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    response = browser.get(url)
    assert response.status_code == 503, url
    assert "Midlertidigt utilgængelig" in response.content.decode()
    assert response["Retry-After"] == "30"


def test_pages_that_need_no_database_still_answer(browser, database_down):
    assert browser.get("/").status_code == 200
    assert browser.get("/konto/login/").status_code == 200


def test_a_form_submitted_while_the_database_is_down_gets_503(browser, database_down):
    response = browser.post("/konto/login/", {"username": "x", "password": "y"})
    assert response.status_code == 503


def test_the_503_page_in_english(browser, database_down):
    response = browser.get("/en/idekatalog/")
    assert response.status_code == 503
    assert "Temporarily unavailable" in response.content.decode()


def test_the_pages_answer_again_when_the_database_is_back(browser, db):
    idea = IdeaFactory(status="published")
    response = browser.get(reverse("catalogue:idea", args=[idea.pk]))
    assert response.status_code == 200


def test_healthz_is_not_redirected_to_https(client, db, settings):
    """A load balancer checks over plain HTTP; every page else goes to HTTPS."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/idekatalog/").status_code == 301
