import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innovation.settings")

application = get_wsgi_application()

from innovation.shared.checks import require_secret_key  # noqa: E402

require_secret_key()


def ready_to_fork():
    """What a process holds before gunicorn forks its workers from it (``gunicorn.conf.py``,
    ``when_ready``; the bench measures pages in the same state): every view module imported
    (through the URLconf), so that the workers share them instead of each importing them on its
    first request; then what is loaded frozen (``gc.freeze``, as Python's documentation advises
    before a fork): the workers' full garbage collections no longer walk the app's modules,
    templates and translations (120–160 ms each, measured, and one every few hundred
    requests), and the pages the workers share stay shared."""
    import gc

    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports the modules
    gc.freeze()
