import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import context_processors
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from innovation import api
from innovation.shared import context_processors as shared_context_processors
from innovation.shared import permissions

# Raised when the database, or the Redis cache and sessions where configured, cannot be reached
# (refused, timed out, connection lost): the page answers 503 ("try again"), not 500.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError)
RETRY_AFTER_SECONDS = 30


def home(request):
    """Leads each role to its work. What a user may do there and what waits on them come from
    the apps' context processors (``meetings_for_user``, ``ideas_for_user``), which the header
    reads too, so that the page asks each question once."""
    return render(request, "home.html", {"roles": permissions.roles_of(request.user)})


def favicon(request):
    """Browsers ask for /favicon.ico on their own; the icon is a static file (linked from the
    base layout as well)."""
    return redirect(static("img/favicon.ico"))


def bad_request(request, exception):
    """The 400 page, with the layout (Django's own renders the template without a request)."""
    return render(request, "400.html", status=400)


def server_error(request):
    """The 500 page (``handler500``), or the 503 page when what failed was reaching the
    database. Django calls it while handling the exception, so ``sys.exc_info()`` names it."""
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return database_unavailable(request)
    return defaults.server_error(request)


def database_unavailable(request):
    """503 with the app's own layout, rendered without touching the database: no context
    processor runs (they read the user and the menu counts), only the site's and CSP's."""
    context = {
        **shared_context_processors.site(request),
        **context_processors.csp(request),
        "request": request,
    }
    response = HttpResponse(render_to_string("503.html", context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@never_cache
@require_safe
def healthz(request):
    """For a load balancer: 200 ``{"status": "ok"}`` when the app answers and the database
    runs a query, 503 otherwise. One ``SELECT 1``; no session, no user, never cached."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
def api_docs(request):
    """The API page: what the public API (``innovation.api``) and the open data
    (``innovation.opendata``) serve, how to page through them, where they deviate from OParl,
    and the licence."""

    def url(name, *args):
        return api.absolute(request, name, *args)

    context = {
        "openapi_url": url("api:openapi-json"),
        "catalog_url": url("api:data_catalog"),
        "meetings_jsonl_url": url("api:data_meetings"),
        "ideas_jsonl_url": url("api:data_ideas"),
        "endpoints": [
            ("OParl System", url("api:system")),
            ("OParl Body", url("api:body")),
            ("OParl Organization", url("api:organizations")),
            ("OParl Meeting", url("api:meetings")),
            ("OParl AgendaItem", url("api:system") + "agenda-items/{id}"),
            ("OParl File", url("api:system") + "files/{id}"),
            ("Samskab Idea", url("api:ideas")),
            ("Samskab Project", url("api:projects")),
        ],
        "page_size": api.PAGE_SIZE,
        "max_page_size": api.MAX_PAGE_SIZE,
        "license_url": api.LICENSE,
    }
    return render(request, "innovation/api_docs.html", context)
