from django.shortcuts import render

from innovation import permissions


def home(request):
    """Tells each kind of user where to go."""
    return render(request, "home.html", {"roles": permissions.roles_of(request.user)})


def projects(request):
    """Innovation projects: the section's landing page until projects are built."""
    return render(request, "innovation/projects.html")
