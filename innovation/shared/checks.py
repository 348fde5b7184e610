"""System checks of the project's own settings."""

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

MISSING_KEY = "Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=true for development)."


@register(deploy=True)
def secret_key_is_set(app_configs, **kwargs):
    if settings.HAS_SECRET_KEY:  # reading an empty SECRET_KEY itself raises
        return []
    return [Error(MISSING_KEY, id="samskab.E001")]


def require_secret_key():
    """For the entry points that serve requests: refuse to start without a key."""
    if not settings.HAS_SECRET_KEY:
        raise ImproperlyConfigured(MISSING_KEY)
