"""Settings for Samskab, read from the environment.

Production is the same code with other variables: see ``.env.example`` and the README.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)
# The development key only works with DEBUG on; production must set DJANGO_SECRET_KEY (the
# system check samskab.E001 and the WSGI/ASGI entry points refuse to run without it, while
# commands that need no key, such as makemigrations, still work).
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or (
    "django-insecure-development-only-key-never-use-in-production" if DEBUG else ""
)
HAS_SECRET_KEY = bool(SECRET_KEY)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
TESTING = env_bool("SAMSKAB_TESTING")

INSTALLED_APPS = [
    "innovation",
    "meetings",
    "catalogue",
    "search",
    # Before the admin: translated reference data (catalogue/translation.py).
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.forms",
    "django_htmx",
    "taggit",
    "django_tasks_db",
    "axes",
    # History: every change to meetings, items, ideas and projects (innovation/shared/history.py).
    "pgtrigger",
    "pghistory",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Who made a change, for the history that django-pghistory's triggers record.
    "pghistory.middleware.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last: turns a locked-out login into the lockout page (innovation.shared.lockout).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "innovation.urls"
FORM_RENDERER = "innovation.shared.forms.DKFDSFormRenderer"
WSGI_APPLICATION = "innovation.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "innovation.shared.context_processors.site",
                "meetings.context_processors.meetings",
                "catalogue.context_processors.ideas",
                # Last: a page kept for anonymous visitors holds marks, not a token or a nonce.
                "innovation.shared.pagecache.marks",
            ],
        },
    },
]

# PostgreSQL only. The default matches this machine kind: local server, user postgres, trust.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default="postgres://postgres@127.0.0.1:5432/samskab",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Samskab runs on PostgreSQL only: set DATABASE_URL=postgres://…")
# Seconds to wait for the server to accept a connection: an unreachable database answers 503
# (innovation.views.server_error) within this, rather than holding a worker until its timeout.
DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
    "connect_timeout", int(os.environ.get("DJANGO_DB_CONNECT_TIMEOUT", "5"))
)
# The planner's price of reading a page at random (PostgreSQL's default, 4, is a spinning
# disk's). On SSD, or a database held in memory, 1.1 lets it take index lookups where they are
# the cheaper way: the API's page of meetings reads its 1,000 recommendation points' items by
# index instead of hashing all 50,000. Empty: the server's own setting.
DB_RANDOM_PAGE_COST = os.environ.get("SAMSKAB_DB_RANDOM_PAGE_COST", "1.1")
_server_settings = [
    # A sequential scan starts at the table's first page, not where the last one of a large
    # table stopped: a search reads the first few hundred matches of such a scan, and the same
    # search must find the same ones each time (and know the same of what it did not read).
    "-c synchronize_seqscans=off",
    *([f"-c random_page_cost={float(DB_RANDOM_PAGE_COST)}"] if DB_RANDOM_PAGE_COST else []),
]
_options = DATABASES["default"]["OPTIONS"]
_options["options"] = " ".join(filter(None, [_options.get("options"), *_server_settings]))
DATABASES["default"].setdefault("TEST", {})["NAME"] = os.environ.get(
    "SAMSKAB_TEST_DATABASE", "test_samskab"
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache, shared by every app server (never process memory): Redis when
# SAMSKAB_CACHE_URL or REDIS_URL is set (redis://host:6379/0), else a table in PostgreSQL
# (created by the migration innovation 0012). Rendered page fragments live here
# (innovation/shared/pagecache.py), and so do sessions when the cache is Redis.
CACHE_URL = os.environ.get("SAMSKAB_CACHE_URL") or os.environ.get("REDIS_URL")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("SAMSKAB_CACHE_PREFIX", "samskab"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "samskab_cache",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Seconds a rendered fragment is kept; a write makes it obsolete at once (its key changes).
SAMSKAB_PAGE_CACHE_SECONDS = int(os.environ.get("SAMSKAB_PAGE_CACHE_SECONDS", "86400"))
# Whole pages kept for anonymous visitors (``pagecache.for_visitors``); off: only fragments.
SAMSKAB_VISITOR_PAGES = os.environ.get("SAMSKAB_VISITOR_PAGES", "true").lower() == "true"

# Background tasks (Django's django.tasks): queued in the database, run by
# `manage.py run_worker` (django-tasks-db's worker, kept alive through database outages).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Seconds. A running worker says so this often, and so does an export while it is rendered.
SAMSKAB_WORKER_HEARTBEAT = float(os.environ.get("SAMSKAB_WORKER_HEARTBEAT", "5"))
# No worker heard from for this long: the export pages say they wait for the document service.
SAMSKAB_WORKER_LOST_AFTER = float(os.environ.get("SAMSKAB_WORKER_LOST_AFTER", "30"))
# An export not heard from for this long was lost (its worker died): it is queued again, up to
# SAMSKAB_EXPORT_ATTEMPTS times in all, and then marked failed.
SAMSKAB_EXPORT_LOST_AFTER = float(os.environ.get("SAMSKAB_EXPORT_LOST_AFTER", "45"))
SAMSKAB_EXPORT_ATTEMPTS = int(os.environ.get("SAMSKAB_EXPORT_ATTEMPTS", "2"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes checks every authentication (the app's login and the admin's) before the model
# backend does; see "Login lockout" below.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Danish first, English second.
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
# Reference data the secretariat maintains (catalogue/translation.py) has a name per language;
# Danish is required and is the fallback, slugs are made from the Danish name.
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_PREPOPULATE_LANGUAGE = LANGUAGE_CODE
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
DKFDS_DIST = BASE_DIR / "node_modules" / "dkfds" / "dist"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    *((f"dkfds/{part}", DKFDS_DIST / part) for part in ("css", "fonts", "img", "js")),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("SAMSKAB_MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded files: a folder by default (SAMSKAB_MEDIA_ROOT; with several app servers, a folder
# they all mount), or an S3 bucket through django-storages when SAMSKAB_MEDIA_S3_BUCKET is set
# (credentials from the usual AWS_* variables). See the README, "Scale-out".
MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if os.environ.get("SAMSKAB_MEDIA_S3_BUCKET"):
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["SAMSKAB_MEDIA_S3_BUCKET"],
            "endpoint_url": os.environ.get("SAMSKAB_MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("SAMSKAB_MEDIA_S3_REGION") or None,
            "location": os.environ.get("SAMSKAB_MEDIA_S3_PREFIX", ""),
            # Files are private: served only through the attachment's access check.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Content Security Policy: nothing inline without the request's nonce, nothing from elsewhere.
# Enforced in production; report-only under DEBUG (`make run`), so that developer tools such as
# axe-core may inject their script into the pages while the same policy is still reported.
CSP_POLICY = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
if env_bool("DJANGO_CSP_REPORT_ONLY", default=DEBUG):
    SECURE_CSP_REPORT_ONLY = CSP_POLICY
else:
    SECURE_CSP = CSP_POLICY

# The history's triggers (innovation/shared/history.py) are installed by every `migrate`.
PGTRIGGER_MIGRATIONS = False
PGTRIGGER_INSTALL_ON_MIGRATE = True

# Production hardening; all on unless DEBUG. Behind TLS-terminating proxies set
# DJANGO_SECURE_PROXY_SSL_HEADER=true.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# A load balancer asks for /healthz over plain HTTP, on the instance's own address.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Login lockout (django-axes): after SAMSKAB_LOGIN_FAILURE_LIMIT failed logins for one username
# from one address, that username is refused from that address for SAMSKAB_LOGIN_LOCKOUT_MINUTES
# (counted from the last failure before the lockout; trying again meanwhile does not prolong it).
# A success resets the count. Username and address together, so that an attacker cannot lock a
# colleague out from elsewhere, nor one person everyone behind the municipality's address.
AXES_FAILURE_LIMIT = int(os.environ.get("SAMSKAB_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("SAMSKAB_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "innovation.shared.lockout.locked_out"
AXES_CLIENT_IP_CALLABLE = "innovation.shared.lockout.client_ip_address"
AXES_VERBOSE = False
# Reverse proxies in front of the app that append the client's address to X-Forwarded-For
# (0: none, the address is the connection's). Behind one nginx or load balancer: 1.
SAMSKAB_PROXY_COUNT = int(os.environ.get("SAMSKAB_PROXY_COUNT", "0"))

# E-mail (password reset), Django's MAILERS: the console under DEBUG (`make run` prints the mail
# in its terminal), otherwise the SMTP server named by the DJANGO_EMAIL_* variables.
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
MAILERS = {
    "default": {
        "BACKEND": os.environ.get("DJANGO_EMAIL_BACKEND")
        or ("django.core.mail.backends.console.EmailBackend" if DEBUG else SMTP_BACKEND)
    }
}
if MAILERS["default"]["BACKEND"] == SMTP_BACKEND:
    email_port = os.environ.get("DJANGO_EMAIL_PORT")
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
        "port": int(email_port) if email_port else None,  # None: 25, 465 (SSL) or 587 (TLS)
        "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
        "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("DJANGO_EMAIL_USE_TLS"),
        "use_ssl": env_bool("DJANGO_EMAIL_USE_SSL"),
        # Seconds; without a limit a server that does not answer holds the request forever.
        "timeout": int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "10")),
    }
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "samskab@localhost")
SERVER_EMAIL = os.environ.get("DJANGO_SERVER_EMAIL", DEFAULT_FROM_EMAIL)

MUNICIPALITY_NAME = os.environ.get("SAMSKAB_MUNICIPALITY", "Gentofte Kommune")
# The municipality's mark on the documents' covers: a static file (SVG or PNG).
MUNICIPALITY_LOGO = os.environ.get("SAMSKAB_MUNICIPALITY_LOGO", "img/municipality-mark.svg")
# The site's address, for links in mails sent without a request to take it from (a page that
# sends out an agenda links to the address it was asked on).
SITE_URL = os.environ.get("SAMSKAB_SITE_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # WeasyPrint reports every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},
        # fontTools (WeasyPrint's font subsetting where HarfBuzz cannot) logs every glyph step
        # at INFO, hundreds of lines per document, and warns of font tables it drops ("meta NOT
        # subset") for every font of every document: nothing anyone here can act on.
        "fontTools": {"level": "ERROR"},
        # django-axes tells every step of every login at INFO; failures and lockouts are WARNING.
        "axes": {"level": "WARNING"},
    },
}
