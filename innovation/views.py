from django.shortcuts import redirect, render
from django.templatetags.static import static

from innovation.shared import permissions


def home(request):
    """Leads each role to its work. What a user may do there and what waits on them come from
    the apps' context processors (``meetings_for_user``, ``ideas_for_user``), which the header
    reads too, so that the page asks each question once."""
    return render(request, "home.html", {"roles": permissions.roles_of(request.user)})


def projects(request):
    """Innovation projects: the section's landing page until projects are built."""
    return render(request, "innovation/projects.html")


def favicon(request):
    """Browsers ask for /favicon.ico on their own; the icon is a static file (linked from the
    base layout as well)."""
    return redirect(static("img/favicon.ico"))


def bad_request(request, exception):
    """The 400 page, with the layout (Django's own renders the template without a request)."""
    return render(request, "400.html", status=400)
