from django.conf import settings
from django.urls import translate_url


def site(request):
    """Municipality name, current section and links to this page in each language."""
    path = request.get_full_path()
    match = request.resolver_match
    return {
        "municipality_name": settings.MUNICIPALITY_NAME,
        # The main-navigation entry to mark as current: an app namespace or a URL name.
        "nav_section": (match.namespace or match.url_name) if match else "",
        "language_links": [
            {"code": code, "name": name, "url": translate_url(path, code)}
            for code, name in (("da", "Dansk"), ("en", "English"))
        ],
    }
