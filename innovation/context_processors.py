from django.conf import settings
from django.urls import translate_url


def site(request):
    """Municipality name and links to this page in each language."""
    path = request.get_full_path()
    return {
        "municipality_name": settings.MUNICIPALITY_NAME,
        "language_links": [
            {"code": code, "name": name, "url": translate_url(path, code)}
            for code, name in (("da", "Dansk"), ("en", "English"))
        ],
    }
